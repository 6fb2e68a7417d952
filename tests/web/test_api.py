"""The v1 API through the test client: the contract, and every error case with its status and code."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import ARTICLES, make_app, make_settings
from tests.support.package_builder import transliterate

HEBREW = (ARTICLES / "he-ynet-netanyahu-putin.txt").read_text(encoding="utf-8")


def translate(client: FlaskClient, body: dict[str, Any], **kwargs: Any) -> Any:
    return client.post("/v1/translate", json=body, **kwargs)


def test_translate_follows_the_contract(client: FlaskClient, sample_article: str) -> None:
    response = translate(client, {"article": {"body": sample_article}, "targets": ["he", "ru", "en"]})
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["source"] == {"language": "en", "confidence": data["source"]["confidence"], "detected": True,
                              "alternatives": [], "warnings": []}
    assert 0.9 <= data["source"]["confidence"] <= 1
    ids = [b["id"] for b in data["blocks"]]
    assert ids == [f"b{i}" for i in range(1, len(ids) + 1)]
    assert data["blocks"][1] == {"id": "b2", "kind": "headline", "language": "en", "language_inherited": False,
                                 "text": "Netanyahu and Putin hold first call since 2023 amid intensifying "
                                         "fighting in Gaza, Iran threat"}
    assert set(data["translations"]) == {"he", "ru", "en"}
    he, ru, en = (data["translations"][t] for t in ("he", "ru", "en"))
    assert (he["dir"], ru["dir"], en["dir"]) == ("rtl", "ltr", "ltr")
    for target in (he, ru, en):
        assert [b["id"] for b in target["blocks"]] == ids
    assert ru["blocks"][1]["text"] == transliterate(data["blocks"][1]["text"], "en", "ru")
    assert ru["blocks"][1]["status"] == "translated"
    assert all(b["status"] == "source" for b in en["blocks"])
    assert he["html"].startswith('<article lang="he" dir="rtl">')
    assert ru["text"].startswith("All Israel\n\n" + ru["blocks"][1]["text"])
    kept = next(b for b in ru["blocks"] if b["text"] == "Latest Stories")
    assert kept["status"] == "kept_boilerplate" and "translate_boilerplate" in kept["reason"]
    assert data["stats"]["sentences"] > 15 and data["stats"]["cached_sentences"] == 0
    assert data["stats"]["model_calls"] == 2  # en→he and en→ru, once each


def test_title_and_options(client: FlaskClient) -> None:
    response = translate(client, {
        "article": {"title": "Putin calls Netanyahu", "body": "Latest Stories\n\nThe two leaders spoke on Tuesday."},
        "source": "en", "targets": ["ru"],
        "options": {"beam_size": 1, "translate_boilerplate": True, "quote_style": "curly"},
    })
    data = response.get_json()
    assert data["source"]["detected"] is False
    blocks = data["translations"]["ru"]["blocks"]
    assert blocks[0]["kind"] == "headline" and blocks[0]["text"] == transliterate("Putin calls Netanyahu", "en", "ru")
    assert [b["status"] for b in blocks] == ["translated"] * len(blocks)


def test_pivot_source_with_iw_and_declared_warning(client: FlaskClient) -> None:
    data = translate(client, {"article": {"body": HEBREW}, "source": "iw", "targets": ["ru", "en"]}).get_json()
    assert data["source"]["language"] == "he" and data["stats"]["model_calls"] == 2
    warned = translate(client, {"article": {"body": HEBREW}, "source": "ru", "targets": ["en"]})
    assert warned.status_code == 200
    assert "Hebrew" in warned.get_json()["source"]["warnings"][0]


def test_detect(client: FlaskClient) -> None:
    data = client.post("/v1/detect", json={"text": "Премьер-министр провёл телефонный разговор с президентом."}).get_json()
    assert data["language"] == "ru" and data["supported"] is True and 0 < data["confidence"] <= 1
    uk = client.post("/v1/detect", json={"text": "Міністр наголосив, що Україна підтримує зусилля щодо звільнення."})
    assert uk.get_json()["language"] == "uk" and uk.get_json()["supported"] is False


def test_languages(client: FlaskClient) -> None:
    data = {lang["code"]: lang for lang in client.get("/v1/languages").get_json()}
    assert set(data) == {"en", "he", "ru"}
    assert data["he"]["name"] == "Hebrew" and data["he"]["dir"] == "rtl"
    assert data["he"]["targets"] == [{"code": "en", "via": None}, {"code": "ru", "via": "en"}]


def test_request_id_is_echoed_or_made_and_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("targum")
    logger.propagate = True  # let caplog see the line (the app stops propagation to keep gunicorn's log clean)
    try:
        with caplog.at_level(logging.INFO, logger="targum.requests"):
            echoed = client.get("/healthz", headers={"X-Request-ID": "cms-123"})
            made = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    finally:
        logger.propagate = False
    assert echoed.headers["X-Request-ID"] == "cms-123"
    assert len(made.headers["X-Request-ID"]) == 32
    lines = [r.getMessage() for r in caplog.records if r.name == "targum.requests"]
    assert any('"request_id": "cms-123"' in line and '"elapsed_ms"' in line and '"status": 200' in line
               for line in lines)


def _app_client(packages_dir: Path, **settings: Any) -> FlaskClient:
    return make_app(make_settings(packages_dir, packages_dir.parent / "instance", **settings)).test_client()


ERROR_CASES: list[tuple[str, dict[str, Any], int, str]] = [
    ("invalid JSON", {"data": "{not json", "content_type": "application/json"}, 400, "invalid_json"),
    ("JSON that is not an object", {"json": ["a"]}, 400, "invalid_json"),
    ("wrong content type", {"data": "article=x", "content_type": "application/x-www-form-urlencoded"}, 415,
     "unsupported_media_type"),
    ("missing body", {"data": "", "content_type": "application/json"}, 400, "missing_body"),
    ("missing article", {"json": {"targets": ["ru"]}}, 400, "missing_field"),
    ("missing targets", {"json": {"article": {"body": "Hello there."}}}, 400, "missing_field"),
    ("wrong type", {"json": {"article": {"body": 5}, "targets": ["ru"]}}, 400, "invalid_field"),
    ("beam size out of range", {"json": {"article": {"body": "Hi."}, "targets": ["ru"], "options": {"beam_size": 9}}},
     400, "invalid_field"),
    ("unknown option", {"json": {"article": {"body": "Hi."}, "targets": ["ru"], "options": {"beam": 2}}}, 400,
     "invalid_field"),
    ("beam size not a whole number", {"json": {"article": {"body": "Hi."}, "targets": ["ru"],
                                                "options": {"beam_size": 4.5}}}, 400, "invalid_field"),
    ("beam size a boolean", {"json": {"article": {"body": "Hi."}, "targets": ["ru"], "options": {"beam_size": True}}},
     400, "invalid_field"),
    ("unknown target", {"json": {"article": {"body": "Hello there, friends."}, "targets": ["de"]}}, 400,
     "unsupported_target_language"),
    ("too many targets", {"json": {"article": {"body": "Hi."}, "targets": ["ru", "he", "en", "de", "fr", "es"]}}, 400,
     "too_many_targets"),
    ("empty article", {"json": {"article": {"body": "  \n "}, "targets": ["ru"]}}, 400, "empty_article"),
    ("unsupported source declared", {"json": {"article": {"body": "Hallo."}, "source": "de", "targets": ["ru"]}}, 422,
     "unsupported_source_language"),
    ("unsupported source detected", {"json": {"article": {"body": "Міністр наголосив, що Україна підтримує зусилля "
                                                          "щодо звільнення заручників."}, "targets": ["en"]}}, 422,
     "unsupported_source_language"),
    ("undetectable source", {"json": {"article": {"body": "12:45 — 06.05.25"}, "targets": ["en"]}}, 422,
     "undetectable_language"),
    ("HTML with no content", {"json": {"article": {"body": "<!doctype html>", "format": "html"}, "targets": ["ru"]}},
     400, "empty_article"),
    ("HTML with nothing to translate", {"json": {"article": {"body": "<p>12:45</p>", "format": "html"},
                                                 "targets": ["ru"]}}, 422, "undetectable_language"),
    ("HTML nested too deep", {"json": {"article": {"body": "<div>" * 600 + "Hello there.", "format": "html"},
                                       "targets": ["ru"]}}, 422, "html_too_deep"),
    ("JSON nested too deep", {"data": "[" * 100_000, "content_type": "application/json"}, 400, "request_too_deep"),
    ("text that is not Unicode", {"data": '{"article": {"body": "Hi \\ud800."}, "targets": ["ru"]}',
                                  "content_type": "application/json"}, 400, "invalid_text"),
]


def test_whole_numbers_may_be_written_as_floats(client: FlaskClient) -> None:
    # JSON Schema's "integer" is a whole number, 4 or 4.0 alike; clients with only floats send 4.0.
    body = {"article": {"body": "Hello there, friends.\n\nPhoto: Dana Levi", "hints": [{"line": 3.0, "kind": "credit"}]},
            "source": "en", "targets": ["ru"], "options": {"beam_size": 4.0}}
    response = translate(client, body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["blocks"][1]["kind"] == "credit"
    libre = client.post("/translate", json={"q": "Hello there.", "source": "en", "target": "ru", "alternatives": 2.0})
    assert libre.status_code == 200 and isinstance(libre.get_json()["alternatives"], list)
    for bad in (2.5, "²", True):  # "²" is a digit to str.isdigit, not a number to int()
        refused = client.post("/translate", json={"q": "Hello.", "source": "en", "target": "ru", "alternatives": bad})
        assert refused.status_code == 400 and refused.get_json()["field"] == "alternatives", bad


@pytest.mark.parametrize("case,kwargs,status,code", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_are_problem_json(client: FlaskClient, case: str, kwargs: dict[str, Any], status: int, code: str) -> None:
    response = client.post("/v1/translate", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == code and body["status"] == status and body["detail"] and body["title"]


def test_limits(packages_dir: Path) -> None:
    client = _app_client(packages_dir, max_article_chars=40, max_request_bytes=2048)
    big = translate(client, {"article": {"body": "A sentence of news. " * 5}, "targets": ["ru"]})
    assert big.status_code == 413 and big.get_json()["code"] == "article_too_large"
    huge = translate(client, {"article": {"body": "x" * 5000}, "targets": ["ru"]})
    assert huge.status_code == 413 and huge.get_json()["code"] == "request_too_large"
    assert huge.mimetype == "application/problem+json"


def test_time_budget(packages_dir: Path, sample_article: str) -> None:
    client = _app_client(packages_dir, request_time_budget_s=1e-6)
    response = translate(client, {"article": {"body": sample_article}, "targets": ["ru"]})
    assert response.status_code == 503 and response.get_json()["code"] == "time_budget_exceeded"


def test_api_keys(packages_dir: Path) -> None:
    client = _app_client(packages_dir, api_keys=("k1", "k2"))
    body = {"article": {"body": "The leaders spoke on Tuesday."}, "targets": ["ru"]}
    missing = translate(client, body)
    assert missing.status_code == 401 and missing.get_json()["code"] == "api_key_required"
    wrong = translate(client, body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.get_json()["code"] == "invalid_api_key"
    assert translate(client, body, headers={"Authorization": "Bearer k2"}).status_code == 200
    assert translate(client, {**body, "api_key": "k1"}).status_code == 200
    assert client.get("/v1/languages?api_key=k1").status_code == 200
    assert client.get("/healthz").status_code == 200  # probes never need a key


def test_routing_errors(client: FlaskClient) -> None:
    assert client.get("/v1/translate").status_code == 405
    assert client.get("/v1/translate").get_json()["code"] == "method_not_allowed"
    assert client.post("/v2/translate", json={}).get_json()["code"] == "not_found"


def test_explain_says_why_each_block_got_its_kind(client: FlaskClient, sample_article: str) -> None:
    plain = translate(client, {"article": {"body": sample_article}, "targets": ["ru"]}).get_json()
    assert "reasons" not in plain["blocks"][0] and "kind_confidence" not in plain["blocks"][0]
    data = translate(client, {"article": {"body": sample_article}, "targets": ["ru"],
                              "options": {"explain": True}}).get_json()
    blocks = data["blocks"]
    assert all(b["reasons"] and 0 < b["kind_confidence"] <= 1 for b in blocks)
    assert blocks[0]["text"] == "All Israel" and blocks[0]["reasons"] == ["place:masthead"]
    caption = next(b for b in blocks if b["kind"] == "caption")
    assert "words:caption_with_credit" in caption["reasons"]
    # Explaining changes nothing else.
    assert [b["kind"] for b in blocks] == [b["kind"] for b in plain["blocks"]]
    assert data["translations"]["ru"]["text"] == plain["translations"]["ru"]["text"]


def test_explain_in_html_says_the_markup_decided(client: FlaskClient) -> None:
    body = "<h1>Storm closes the port</h1><figure><img src=a.jpg><figcaption>The port at dawn</figcaption></figure>"
    data = translate(client, {"article": {"body": body, "format": "html"}, "targets": ["ru"], "source": "en",
                              "options": {"explain": True}}).get_json()
    assert [(b["kind"], b["reasons"]) for b in data["blocks"]][:2] == [("headline", ["markup"]), ("caption", ["markup"])]
    credited = translate(client, {"article": {"body": "<p>The port closed.</p><p>Photo: Dana Levi</p>", "format": "html",
                                              "title": "Storm"}, "targets": ["ru"], "source": "en",
                                  "options": {"explain": True}}).get_json()["blocks"]
    assert [(b["kind"], b["reasons"]) for b in credited] == [
        ("headline", ["request:title"]), ("paragraph", ["markup"]), ("credit", ["markup", "words:credit"])]


def test_hints_win_and_are_checked(client: FlaskClient) -> None:
    body = "Storm closes the port\n\nThe port closed on Monday as the winds rose, officials said.\n\nDana Levi / Reuters"
    data = translate(client, {"article": {"body": body, "hints": [{"line": 1, "kind": "caption"},
                                                                  {"text": "Dana Levi / Reuters", "kind": "credit"}]},
                              "targets": ["ru"], "options": {"explain": True}}).get_json()
    assert [b["kind"] for b in data["blocks"]][::2] == ["caption", "credit"]
    assert data["blocks"][0]["reasons"][-1] == "request:hint" and data["blocks"][0]["kind_confidence"] == 1.0
    bad_hints = [
        ([{"line": 2, "kind": "caption"}], "article.hints[0].line"),  # a blank line
        ([{"line": 9, "kind": "caption"}], "article.hints[0].line"),
        ([{"text": "no such line", "kind": "caption"}], "article.hints[0].text"),
        ([{"text": "  ", "kind": "caption"}], "article.hints[0].text"),
        ([{"line": 1, "kind": "sidebar"}], "article.hints[0].kind"),
        ([{"line": 1, "text": "Storm closes the port", "kind": "caption"}], "article.hints[0]"),
        ([{"kind": "caption"}], "article.hints[0]"),
        ("caption", "article.hints"),
    ]
    for hints, field in bad_hints:
        response = translate(client, {"article": {"body": body, "hints": hints}, "targets": ["ru"]})
        assert response.status_code == 400, hints
        assert response.get_json()["code"] == "invalid_field" and response.get_json()["field"] == field, hints
    html = translate(client, {"article": {"body": "<p>Hello there.</p>", "format": "html",
                                          "hints": [{"line": 1, "kind": "caption"}]}, "targets": ["ru"]})
    assert html.status_code == 400 and html.get_json()["field"] == "article.hints"
