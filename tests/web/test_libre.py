"""The LibreTranslate-compatible API through the test client (the real clients run in tests/e2e/test_libre_clients.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app, make_settings
from tests.support.package_builder import transliterate
from translator.settings import Settings
from translator.web.libre_fields import MAX_ALTERNATIVES

EN_1 = "The two leaders spoke on Tuesday for the first time since December."
EN_2 = "The prime minister said that the talks would go on next week."
RU = "Президент России выразил обеспокоенность гуманитарной ситуацией в секторе."
HE = "ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות כדי להחזיר את החטופים."


def _count_model_calls(app: Flask) -> list[str]:
    """Record the pair of every model call the app's engine makes."""
    engine = app.extensions["targum"].engine
    calls: list[str] = []
    real = engine.translate_package_scored

    def counting(package, sentences, options=None):  # type: ignore[no-untyped-def]
        calls.append(f"{package.from_code}-{package.to_code}")
        return real(package, sentences, options)

    engine.translate_package_scored = counting
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
    assert len(data["alternatives"]) == 3 and data["alternatives"][2] == []  # a blank text has none

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


# (case, request, status, code, LibreTranslate's message where it has one)
ERROR_CASES: list[tuple[str, dict[str, Any], int, str, str | None]] = [
    ("missing q", {"json": {"target": "ru"}}, 400, "missing_field", "Invalid request: missing q parameter"),
    ("missing target", {"data": {"q": EN_1, "source": "en"}}, 400, "missing_field",
     "Invalid request: missing target parameter"),
    ("empty target from a form", {"data": {"q": EN_1, "target": ""}}, 400, "missing_field",
     "Invalid request: missing target parameter"),
    ("unknown target", {"json": {"q": EN_1, "target": "de"}}, 400, "unsupported_target_language",
     "de is not supported"),
    ("blank q", {"data": {"q": "  \n ", "target": "ru"}}, 400, "empty_article", None),
    ("empty q from a form", {"data": {"q": "", "target": "ru"}}, 400, "missing_field",
     "Invalid request: missing q parameter"),
    ("empty list", {"json": {"q": [], "target": "ru"}}, 400, "missing_field", "Invalid request: missing q parameter"),
    ("q not text", {"json": {"q": [EN_1, 5], "target": "ru"}}, 400, "invalid_field", None),
    ("bad format", {"json": {"q": EN_1, "target": "ru", "format": "xml"}}, 400, "invalid_field",
     "xml format is not supported"),
    ("alternatives not a number", {"data": {"q": EN_1, "target": "ru", "alternatives": "abc"}}, 400, "invalid_field",
     "Invalid request: alternatives parameter is not a number"),
    ("too many alternatives", {"json": {"q": EN_1, "target": "ru", "alternatives": MAX_ALTERNATIVES + 1}}, 400,
     "invalid_field", None),
    ("html with nothing in it", {"json": {"q": "<!doctype html>", "target": "ru", "format": "html"}}, 400,
     "empty_article", None),
    ("unsupported source", {"json": {"q": "Hallo Welt", "source": "de", "target": "ru"}}, 422,
     "unsupported_source_language", "de is not supported"),
    ("undetectable", {"json": {"q": "12:45 — 06.05.25", "target": "en"}}, 422, "undetectable_language", None),
    ("invalid JSON", {"data": "{nope", "content_type": "application/json"}, 400, "invalid_json", None),
    ("JSON not an object", {"json": ["not", "a", "dict"]}, 400, "invalid_json", "Invalid JSON format"),
]


@pytest.mark.parametrize("case,kwargs,status,code,message", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_are_json_with_libretranslates_error_key(
    client: FlaskClient, case: str, kwargs: dict[str, Any], status: int, code: str, message: str | None
) -> None:
    response = client.post("/translate", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"  # as LibreTranslate's; /v1 keeps problem+json
    body = response.get_json()
    assert body["code"] == code and body["status"] == status and body["title"] and body["detail"]
    assert body["error"] == (message or body["detail"])


def test_v1_errors_have_no_error_key(client: FlaskClient) -> None:
    body = client.post("/v1/translate", json={"targets": ["ru"]}).get_json()
    assert body["code"] == "missing_field" and "error" not in body


def test_the_character_limit_is_per_text(packages_dir: Path) -> None:
    client = _client(packages_dir, max_article_chars=100, max_request_bytes=64 * 1024)
    page = [EN_1, EN_2] * 75  # wagtail-localize's 150 strings: 9,000 characters together, each under 100
    response = client.post("/translate", json={"q": page, "source": "en", "target": "ru"})
    assert response.status_code == 200 and len(response.get_json()["translatedText"]) == 150
    too_long = client.post("/translate", json={"q": [EN_1, EN_1 + " " + EN_2], "source": "en", "target": "ru"})
    assert too_long.status_code == 413 and too_long.mimetype == "application/json"
    body = too_long.get_json()
    assert body["code"] == "article_too_large" and body["limit"] == 100
    assert body["error"] == f"Invalid request: request ({len(EN_1) + 1 + len(EN_2)}) exceeds text limit (100)"
    # The request-size limit still holds the whole body.
    huge = client.post("/translate", json={"q": [EN_1] * 2000, "source": "en", "target": "ru"})
    assert huge.status_code == 413 and huge.get_json()["code"] == "request_too_large" and huge.get_json()["error"]


def test_detect(client: FlaskClient) -> None:
    english = client.post("/detect", data={"q": EN_1}).get_json()
    assert english[0]["language"] == "en" and 90 <= english[0]["confidence"] <= 100
    hebrew = client.post("/detect", json={"q": HE}).get_json()
    assert [d["language"] for d in hebrew][:2] == ["he", "yi"]  # best first, the alternative after
    assert hebrew[0]["confidence"] > hebrew[1]["confidence"] >= 0
    assert all(0 <= d["confidence"] <= 100 for d in hebrew)
    missing = client.post("/detect", data={})
    assert missing.status_code == 400 and missing.get_json()["error"] == "Invalid request: missing q parameter"


@pytest.mark.parametrize("text", ["😀", "12:45", "😀😁 12:45 — 06.05.25", "!!!"])
def test_detect_answers_confidence_0_for_text_it_cannot_judge(client: FlaskClient, text: str) -> None:
    # LibreTranslate's answer; Discourse stores the language and goes on instead of failing the post.
    response = client.post("/detect", data={"q": text})
    assert response.status_code == 200
    assert response.get_json() == [{"language": "en", "confidence": 0.0}]


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
    assert missing.get_json()["error"] == "Please contact the server operator to get an API key"
    wrong = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru", "api_key": "nope"})
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "Invalid API key"
    form = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru", "api_key": "k1"})
    assert form.status_code == 200 and form.get_json()["translatedText"] == transliterate(EN_1, "en", "ru")
    assert client.post("/detect", json={"q": EN_1, "api_key": "k1"}).status_code == 200
    assert client.post("/translate_file", data={}).status_code == 401


def test_languages_are_open_with_keys_on_unless_configured_closed(packages_dir: Path) -> None:
    client = _client(packages_dir, api_keys=("k1",))
    assert client.get("/languages").status_code == 200  # as LibreTranslate: Mastodon and Discourse send no key
    assert client.get("/languages?api_key=k1").status_code == 200
    assert client.get("/languages?api_key=nope").status_code == 403  # a wrong key is still refused
    for path in ("/frontend/settings", "/health", "/spec"):
        assert client.get(path).status_code == 200, path
    closed = _client(packages_dir, api_keys=("k1",), open_languages=False)
    assert closed.get("/languages").status_code == 401
    assert closed.get("/languages", headers={"Authorization": "Bearer k1"}).status_code == 200
    assert Settings.from_env({"TARGUM_OPEN_LANGUAGES": "0"}).open_languages is False


def test_alternatives_come_from_the_models_n_best(client: FlaskClient) -> None:
    q = f"{EN_1} {EN_2}"
    data = client.post("/translate", json={"q": q, "source": "en", "target": "ru", "alternatives": 3}).get_json()
    assert data["translatedText"] == transliterate(q, "en", "ru")
    alternatives = data["alternatives"]
    assert 1 <= len(alternatives) <= 3 and all(isinstance(a, str) and a for a in alternatives)
    assert data["translatedText"] not in alternatives and len(set(alternatives)) == len(alternatives)
    # Through the pivot: ru→en's best, then en→he's n-best.
    pivot = client.post("/translate", data={"q": RU, "source": "ru", "target": "he", "alternatives": "2"}).get_json()
    assert 1 <= len(pivot["alternatives"]) <= 2 and pivot["translatedText"] not in pivot["alternatives"]
    # A batch: one list per text; HTML texts get none; a text already in the target has none.
    batch = client.post("/translate", json={"q": [EN_1, "  "], "target": "he", "alternatives": 1}).get_json()
    assert len(batch["alternatives"][0]) == 1 and batch["alternatives"][1] == []
    html = client.post("/translate", json={"q": f"<p>{EN_1}</p>", "source": "en", "target": "he", "format": "html",
                                           "alternatives": 2}).get_json()
    assert html["alternatives"] == []
    same = client.post("/translate", json={"q": EN_1, "source": "en", "target": "en", "alternatives": 2}).get_json()
    assert same == {"translatedText": EN_1, "alternatives": []}
    none = client.post("/translate", json={"q": EN_1, "source": "en", "target": "he"}).get_json()
    assert "alternatives" not in none


def test_frontend_settings_describe_this_server(packages_dir: Path) -> None:
    client = _client(packages_dir, max_article_chars=5000, api_keys=("k1",))
    assert client.get("/frontend/settings").get_json() == {
        "charLimit": 5000, "frontendTimeout": 500, "apiKeys": True, "keyRequired": True, "suggestions": True,
        "filesTranslation": False, "supportedFilesFormat": [],
        "language": {"source": {"code": "auto", "name": "Auto Detect"}, "target": {"code": "he", "name": "Hebrew"}},
    }


def test_health_and_spec(client: FlaskClient) -> None:
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.post("/health").status_code == 405
    assert client.get("/spec").get_data() == client.get("/openapi.json").get_data()


@pytest.mark.parametrize("method,path,why", [
    ("POST", "/translate_file", "documents"),
    ("GET", "/download_file/abc.txt", "no file to download"),
])
def test_endpoints_not_available_yet_say_why(client: FlaskClient, method: str, path: str, why: str) -> None:
    response = client.open(path, method=method, data={"q": EN_1, "s": "x", "source": "en", "target": "ru"})
    assert response.status_code == 501 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == "not_implemented" and why in body["error"]


def test_routing_errors_on_libretranslate_paths_have_the_error_key(client: FlaskClient) -> None:
    for method, path, status in (("GET", "/translate", 405), ("DELETE", "/languages", 405), ("GET", "/detect", 405),
                                 ("GET", "/download_file/", 404)):
        response = client.open(path, method=method)
        assert response.status_code == status and response.mimetype == "application/json", path
        assert response.get_json()["error"] and response.get_json()["status"] == status
    # Targum's own paths keep problem+json, without LibreTranslate's key.
    for path in ("/v1/translate", "/no/such/page"):
        response = client.get(path)
        assert response.mimetype == "application/problem+json" and "error" not in response.get_json()


def test_internal_errors_have_the_error_key(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["targum"], "translate_texts", broken)
    response = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru"})
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert response.get_json()["error"] and "boom" not in response.get_data(as_text=True)


def test_cors_on_libretranslate_paths_only(client: FlaskClient) -> None:
    origin = {"Origin": "https://addon.example"}
    response = client.post("/translate", data={"q": EN_1, "source": "en", "target": "ru"}, headers=origin)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    assert client.get("/detect", headers=origin).headers["Access-Control-Allow-Origin"] == "*"  # errors too
    v1 = client.post("/v1/translate", json={"article": {"body": EN_1}, "targets": ["ru"]}, headers=origin)
    assert v1.status_code == 200 and "Access-Control-Allow-Origin" not in v1.headers
    assert "Access-Control-Allow-Origin" not in client.options("/v1/translate", headers=origin).headers


def test_cors_preflight_needs_no_key_and_follows_the_configured_origins(packages_dir: Path) -> None:
    client = _client(packages_dir, api_keys=("k1",), cors_origins=("https://cms.example",))
    preflight = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    response = client.options("/translate", headers=preflight)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://cms.example"
    assert "Origin" in response.headers["Vary"]
    other = client.options("/translate", headers={**preflight, "Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert Settings.from_env({"TARGUM_CORS_ORIGINS": "https://a.example, https://b.example/"}).cors_origins == (
        "https://a.example", "https://b.example")
    assert Settings.from_env({"TARGUM_CORS_ORIGINS": "none"}).cors_origins == ()
    assert Settings.from_env({}).cors_origins == ("*",)
    with pytest.raises(Exception, match="TARGUM_CORS_ORIGINS"):
        Settings.from_env({"TARGUM_CORS_ORIGINS": "cms.example"})
