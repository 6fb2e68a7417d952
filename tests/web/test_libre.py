"""The LibreTranslate-compatible API: through the test client, and with the real libretranslatepy client."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from libretranslatepy import LibreTranslateAPI

from tests.conftest import make_app, make_settings
from tests.support.package_builder import transliterate
from tests.support.servers import VENV, running, wait_for

EN_1 = "The two leaders spoke on Tuesday for the first time since December."
EN_2 = "The prime minister said that the talks would go on next week."
RU = "Президент России выразил обеспокоенность гуманитарной ситуацией в секторе."
HE = "ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות כדי להחזיר את החטופים."


def _count_model_calls(app: Flask) -> list[str]:
    """Record the pair of every model call the app's engine makes."""
    engine = app.extensions["targum"].engine
    calls: list[str] = []
    real = engine.translate_package

    def counting(package, sentences, options=None):  # type: ignore[no-untyped-def]
        calls.append(f"{package.from_code}-{package.to_code}")
        return real(package, sentences, options)

    engine.translate_package = counting
    return calls


def _client(packages_dir: Path, **settings: Any) -> FlaskClient:
    return make_app(make_settings(packages_dir, packages_dir.parent / "instance", **settings)).test_client()


def test_string_q_detected_source_keeps_its_line_structure(client: FlaskClient) -> None:
    q = f"\n{EN_1}\n\n{EN_2}\n"
    response = client.post("/translate", json={"q": q, "source": "auto", "target": "ru"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["translatedText"] == f"\n{transliterate(EN_1, 'en', 'ru')}\n\n{transliterate(EN_2, 'en', 'ru')}\n"
    assert data["detectedLanguage"]["language"] == "en"
    assert 50 < data["detectedLanguage"]["confidence"] <= 100


def test_form_body_explicit_source_and_iw(client: FlaskClient) -> None:
    response = client.post("/translate", data={"q": HE, "source": "iw", "target": "en", "format": "text"})
    assert response.status_code == 200
    data = response.get_json()
    assert data == {"translatedText": transliterate(HE, "he", "en")}  # a declared source is not reported back
    into_hebrew = client.post("/translate", data={"q": "Hello there", "source": "en", "target": "iw"}).get_json()
    assert into_hebrew["translatedText"] == transliterate("Hello there", "en", "he")


def test_title_like_and_byline_like_lines_are_translated_not_kept(client: FlaskClient) -> None:
    # In an article these would be chrome and a byline; LibreTranslate translates everything sent.
    q = "Latest Stories\nBy John Smith\nShare this article"
    data = client.post("/translate", json={"q": q, "source": "en", "target": "ru"}).get_json()
    assert data["translatedText"] == "\n".join(transliterate(line, "en", "ru") for line in q.split("\n"))


def test_list_q_is_one_model_call_per_model(app: Flask, client: FlaskClient) -> None:
    calls = _count_model_calls(app)
    q = [EN_1, f"{EN_2}\n\n{EN_1}", "  "]
    data = client.post("/translate", json={"q": q, "source": "auto", "target": "ru", "alternatives": 2}).get_json()
    assert calls == ["en-ru"]
    ru = {text: transliterate(text, "en", "ru") for text in (EN_1, EN_2)}
    assert data["translatedText"] == [ru[EN_1], f"{ru[EN_2]}\n\n{ru[EN_1]}", "  "]
    assert [d["language"] for d in data["detectedLanguage"]] == ["en", "en", "en"]
    assert data["detectedLanguage"][2]["confidence"] == 0.0  # a blank item is not judged
    assert data["alternatives"] == [[], [], []]

    calls.clear()
    pivot = client.post("/translate", json={"q": [RU, RU + "\n" + RU], "source": "ru", "target": "he"}).get_json()
    assert calls == ["ru-en", "en-he"]  # both items, each model once, the pivot shared
    expected = transliterate(transliterate(RU, "ru", "en"), "en", "he")
    assert pivot == {"translatedText": [expected, expected + "\n" + expected]}


def test_list_q_in_several_languages_reports_each_items_language(app: Flask, client: FlaskClient) -> None:
    calls = _count_model_calls(app)
    data = client.post("/translate", json={"q": [HE, EN_1, RU, EN_2], "target": "en"}).get_json()
    assert data["translatedText"] == [transliterate(HE, "he", "en"), EN_1, transliterate(RU, "ru", "en"), EN_2]
    assert [d["language"] for d in data["detectedLanguage"]] == ["he", "en", "ru", "en"]
    assert all(0 < d["confidence"] <= 100 for d in data["detectedLanguage"])
    assert sorted(calls) == ["he-en", "ru-en"]  # English items need no model


def test_form_with_several_q_fields_is_a_list(client: FlaskClient) -> None:
    data = client.post("/translate", data={"q": [EN_1, EN_2], "source": "en", "target": "he"}).get_json()
    assert data["translatedText"] == [transliterate(EN_1, "en", "he"), transliterate(EN_2, "en", "he")]


ERROR_CASES: list[tuple[str, dict[str, Any], int, str]] = [
    ("missing q", {"json": {"target": "ru"}}, 400, "missing_field"),
    ("missing target", {"data": {"q": EN_1, "source": "en"}}, 400, "missing_field"),
    ("empty target from a form", {"data": {"q": EN_1, "target": ""}}, 400, "missing_field"),
    ("unknown target", {"json": {"q": EN_1, "target": "de"}}, 400, "unsupported_target_language"),
    ("empty q", {"data": {"q": "  \n ", "target": "ru"}}, 400, "empty_article"),
    ("empty list", {"json": {"q": [], "target": "ru"}}, 400, "empty_article"),
    ("q not text", {"json": {"q": [EN_1, 5], "target": "ru"}}, 400, "invalid_field"),
    ("bad format", {"json": {"q": EN_1, "target": "ru", "format": "markdown"}}, 400, "invalid_field"),
    ("html with nothing in it", {"json": {"q": "<!doctype html>", "target": "ru", "format": "html"}}, 400,
     "empty_article"),
    ("unsupported source", {"json": {"q": "Hallo Welt", "source": "de", "target": "ru"}}, 422,
     "unsupported_source_language"),
    ("undetectable", {"json": {"q": "12:45 — 06.05.25", "target": "en"}}, 422, "undetectable_language"),
    ("invalid JSON", {"data": "{nope", "content_type": "application/json"}, 400, "invalid_json"),
]


@pytest.mark.parametrize("case,kwargs,status,code", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_are_problem_json_with_an_error_key(
    client: FlaskClient, case: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    response = client.post("/translate", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == code and body["status"] == status and body["title"]
    assert body["error"] == body["detail"] and body["error"]


def test_v1_errors_have_no_error_key(client: FlaskClient) -> None:
    body = client.post("/v1/translate", json={"targets": ["ru"]}).get_json()
    assert body["code"] == "missing_field" and "error" not in body


def test_the_sum_of_all_q_is_limited(packages_dir: Path) -> None:
    client = _client(packages_dir, max_article_chars=100)
    assert client.post("/translate", json={"q": [EN_1], "source": "en", "target": "ru"}).status_code == 200
    response = client.post("/translate", json={"q": [EN_1, EN_2], "source": "en", "target": "ru"})
    assert response.status_code == 413
    assert response.get_json()["code"] == "article_too_large" and "100" in response.get_json()["error"]


def test_detect(client: FlaskClient) -> None:
    english = client.post("/detect", data={"q": EN_1}).get_json()
    assert english[0]["language"] == "en" and 90 <= english[0]["confidence"] <= 100
    hebrew = client.post("/detect", json={"q": HE}).get_json()
    assert [d["language"] for d in hebrew][:2] == ["he", "yi"]  # best first, the alternative after
    assert hebrew[0]["confidence"] > hebrew[1]["confidence"] >= 0
    assert all(0 <= d["confidence"] <= 100 for d in hebrew)
    missing = client.post("/detect", data={})
    assert missing.status_code == 400 and missing.get_json()["error"] == "`q` is required"


def test_languages(client: FlaskClient) -> None:
    data = client.get("/languages").get_json()
    assert data == [
        {"code": "en", "name": "English", "targets": ["he", "ru"]},
        {"code": "he", "name": "Hebrew", "targets": ["en", "ru"]},  # ru by the English pivot
        {"code": "ru", "name": "Russian", "targets": ["en", "he"]},
    ]


def test_api_key_required_when_configured(packages_dir: Path) -> None:
    client = _client(packages_dir, api_keys=("k1",))
    missing = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru"})
    assert missing.status_code == 401 and missing.get_json()["code"] == "api_key_required"
    assert missing.get_json()["error"]
    wrong = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru", "api_key": "nope"})
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "the API key is not valid"
    form = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru", "api_key": "k1"})
    assert form.status_code == 200 and form.get_json()["translatedText"] == transliterate(EN_1, "en", "ru")
    assert client.post("/detect", json={"q": EN_1, "api_key": "k1"}).status_code == 200
    assert client.get("/languages?api_key=k1").status_code == 200
    assert client.get("/languages").status_code == 401


# --- end to end: gunicorn on loopback, the real libretranslatepy client ---------------------------

GUNICORN = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]


@pytest.mark.e2e
def test_libretranslatepy_against_the_running_server(packages_dir: Path, free_port: int) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "1"}
    with running(GUNICORN, env, free_port) as (url, process):
        wait_for(f"{url}/readyz", process)
        lt = LibreTranslateAPI(url + "/")
        assert lt.translate(EN_1, "en", "ru") == transliterate(EN_1, "en", "ru")
        assert lt.translate(f"{EN_1}\n\n{EN_2}", "auto", "iw") == (
            f"{transliterate(EN_1, 'en', 'he')}\n\n{transliterate(EN_2, 'en', 'he')}")
        assert lt.translate(HE, "iw", "ru") == transliterate(transliterate(HE, "he", "en"), "en", "ru")
        detected = lt.detect(RU)
        assert detected[0]["language"] == "ru" and 0 < detected[0]["confidence"] <= 100
        assert {lang["code"]: lang["targets"] for lang in lt.languages()} == {
            "en": ["he", "ru"], "he": ["en", "ru"], "ru": ["en", "he"]}
        with pytest.raises(urllib.error.HTTPError) as failed:
            lt.translate(EN_1, "en", "de")
        assert failed.value.code == 400
        assert "'de'" in json.load(failed.value)["error"]


@pytest.mark.e2e
def test_libretranslatepy_with_an_api_key(packages_dir: Path, free_port: int) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "1", "TARGUM_API_KEYS": "newsroom-key"}
    with running(GUNICORN, env, free_port) as (url, process):
        wait_for(f"{url}/readyz", process)
        keyed = LibreTranslateAPI(url, api_key="newsroom-key")
        assert keyed.translate(RU, "ru", "en") == transliterate(RU, "ru", "en")
        assert keyed.detect(EN_1)[0]["language"] == "en"
        assert [lang["code"] for lang in keyed.languages()] == ["en", "he", "ru"]  # key sent in a GET's form body
        anonymous = LibreTranslateAPI(url + "/")
        for call in (lambda: anonymous.translate(EN_1, "en", "ru"), anonymous.languages):
            with pytest.raises(urllib.error.HTTPError) as refused:
                call()
            assert refused.value.code == 401
            assert "API key" in json.load(refused.value)["error"]
