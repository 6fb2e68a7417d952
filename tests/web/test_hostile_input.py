"""Hostile input through the test client: never a 500, never a 200 that lost text.

Each family of issue 14's attacks has its documented answer here: HTML
nested past what the parser reads, text that is not Unicode (lone
surrogates, invalid UTF-8) in JSON and form bodies, JSON nested past any
sane depth, and a model damaged after the service started.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.support.package_builder import transliterate
from translator.errors import HtmlTooDeep
from translator.html.parse import MAX_DEPTH
from translator.jobs.worker import translate_request
from translator.settings import Settings
from translator.web.body import MAX_JSON_DEPTH
from translator.web.libre_http import is_libre_path

PROBLEM = "application/problem+json"
SENTENCE = "The minister spoke."


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response's problem document, once its status, media type and code are the expected ones."""
    # LibreTranslate's paths serve the same problem as application/json, as LibreTranslate serves its errors.
    media_type = "application/json" if is_libre_path(response.request.path) else PROBLEM
    assert (response.status_code, response.mimetype) == (status, media_type), response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code and body["type"] == f"urn:targum:problem:{code}"
    return body


@pytest.fixture
def jobs_client(settings: Settings) -> FlaskClient:
    flask_app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",)))
    flask_app.config.update(TESTING=True)
    return flask_app.test_client()


@pytest.fixture
def keys_client(settings: Settings) -> FlaskClient:
    return make_app(replace(settings, api_keys=("k",))).test_client()


# --- 1. HTML nested deeper than libxml2 reads by default --------------------------------------------------------


def nested(tag: str, depth: int, inner: str) -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


def html_request(body: str) -> dict[str, Any]:
    return {"article": {"body": body, "format": "html"}, "source": "en", "targets": ["he"]}


@pytest.mark.parametrize("body", [
    nested("div", 300, f"<p>{SENTENCE}</p>"),  # a page builder's divs, past libxml2's default 256
    nested("div", MAX_DEPTH - 1, f"<p>{SENTENCE}</p>"),
    "<p>" + nested("i", MAX_DEPTH - 1, SENTENCE) + "</p>",
])
def test_deep_html_comes_back_whole(client: FlaskClient, body: str) -> None:
    response = client.post("/v1/translate", json=html_request(body))
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert [b["text"] for b in data["blocks"]] == [SENTENCE]
    he = data["translations"]["he"]
    assert [b["text"] for b in he["blocks"]] == [transliterate(SENTENCE, "en", "he")]
    assert transliterate(SENTENCE, "en", "he") in he["html"]
    libre = client.post("/translate", json={"q": body, "source": "en", "target": "he", "format": "html"})
    assert libre.status_code == 200 and transliterate(SENTENCE, "en", "he") in libre.get_json()["translatedText"]


TOO_DEEP = [
    nested("div", MAX_DEPTH, f"<p>{SENTENCE}</p>"),
    "<p>" + nested("i", 12_000, SENTENCE) + "</p>",
    nested("div", 3_000, "Deep.") + f"<p>{SENTENCE}</p>",  # the parser would stop there: the rest lost too
]


@pytest.mark.parametrize("body", TOO_DEEP)
def test_html_too_deep_is_refused_not_emptied(client: FlaskClient, body: str) -> None:
    document = problem(client.post("/v1/translate", json=html_request(body)), 422, "html_too_deep")
    assert document["limit"] == MAX_DEPTH and str(MAX_DEPTH) in document["detail"]
    libre = client.post("/translate", json={"q": ["Hello there.", body], "source": "en", "target": "he",
                                            "format": "html"})
    assert problem(libre, 422, "html_too_deep")["error"] == document["detail"]
    form = client.post("/translate", data={"q": body, "source": "en", "target": "he", "format": "html"})
    problem(form, 422, "html_too_deep")


def test_a_job_with_html_too_deep_fails_with_the_same_problem(app: Flask) -> None:
    with pytest.raises(HtmlTooDeep):
        translate_request(app.extensions["targum"], html_request(TOO_DEEP[1]))


# --- 3a. text that is not Unicode: lone surrogates, invalid UTF-8 -----------------------------------------------

ESCAPED = b'{"article": {"body": "Hello \\ud800 world."}, "source": "en", "targets": ["he"]}'
RAW = b'{"article": {"body": "Hello \xed\xa0\x80 world."}, "source": "en", "targets": ["he"]}'
BAD_BYTES = b'{"article": {"title": "Talks \xff resume", "body": "Hello world."}, "source": "en", "targets": ["he"]}'


@pytest.mark.parametrize("raw, field", [(ESCAPED, "article.body"), (RAW, "article.body"),
                                        (BAD_BYTES, "article.title")])
def test_text_that_is_not_unicode_is_refused_naming_the_field(
    client: FlaskClient, jobs_client: FlaskClient, raw: bytes, field: str,
) -> None:
    document = problem(client.post("/v1/translate", data=raw, content_type="application/json"), 400, "invalid_text")
    assert document["field"] == field and f"`{field}`" in document["detail"]
    job = raw[:-1] + b', "callback_url": "http://127.0.0.1:9/hook"}'
    assert problem(jobs_client.post("/v1/jobs", data=job, content_type="application/json"), 400,
                   "invalid_text")["field"] == field


@pytest.mark.parametrize("path, raw, field", [
    ("/translate", b'{"q": ["Hello.", "Bad \\udc80 text."], "source": "en", "target": "he"}', "q[1]"),
    ("/translate", b'{"q": "Hello.", "source": "en", "target": "he", "\\ud83d": 1}', "\\ud83d"),
    ("/detect", b'{"q": "Bad \xed\xb0\x80 text."}', "q"),
    ("/v1/detect", b'{"text": "Bad \\udfff text."}', "text"),
])
def test_every_json_endpoint_refuses_text_that_is_not_unicode(
    client: FlaskClient, path: str, raw: bytes, field: str,
) -> None:
    assert problem(client.post(path, data=raw, content_type="application/json"), 400,
                   "invalid_text")["field"] == field


@pytest.mark.parametrize("form", [b"q=Hello+%ED%A0%80+world.&source=en&target=he",
                                  b"q=Hello+\xed\xa0\x80+world.&source=en&target=he",
                                  b"q=Hello+%FF+world.&source=en&target=he"])
def test_form_bodies_with_invalid_utf8_are_refused(client: FlaskClient, form: bytes) -> None:
    response = client.post("/translate", data=form, content_type="application/x-www-form-urlencoded")
    assert problem(response, 400, "invalid_text")["field"] == "q"
    query = client.post("/translate", environ_overrides={"QUERY_STRING": form.decode("latin-1")})  # WSGI's bytes
    assert problem(query, 400, "invalid_text")["field"] == "q"


def test_valid_text_beside_the_refusals_still_translates(client: FlaskClient) -> None:
    # A surrogate pair written as escapes is one valid character, not a lone surrogate.
    raw = b'{"q": "Hello \\ud83d\\ude00 world.", "source": "en", "target": "he"}'
    response = client.post("/translate", data=raw, content_type="application/json")
    assert response.status_code == 200 and "\U0001f600" in response.get_json()["translatedText"]
    form = client.post("/translate", data="q=Hello+%F0%9F%98%80+world.&source=en&target=he",
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 200 and "\U0001f600" in form.get_json()["translatedText"]


def test_a_key_that_is_not_unicode_is_no_key(keys_client: FlaskClient) -> None:
    raw = b'{"q": "Hello.", "target": "he", "api_key": "\\ud800"}'
    problem(keys_client.post("/translate", data=raw, content_type="application/json"), 401, "api_key_required")


# --- 3b. JSON nested past any sane depth ------------------------------------------------------------------------

JSON_ENDPOINTS = ["/v1/translate", "/v1/detect", "/v1/jobs", "/translate", "/detect"]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"a": ' * 50_000 + b"1" + b"}" * 50_000],
                         ids=["arrays", "objects"])
def test_deeply_nested_json_is_refused_on_every_json_endpoint(
    jobs_client: FlaskClient, keys_client: FlaskClient, path: str, raw: bytes,
) -> None:
    document = problem(jobs_client.post(path, data=raw, content_type="application/json"), 400, "request_too_deep")
    assert document["limit"] == MAX_JSON_DEPTH
    # With API keys on, the key is looked for in the body first: that must not fail either.
    problem(keys_client.post(path, data=raw, content_type="application/json",
                             headers={"Authorization": "Bearer k"}), 400, "request_too_deep")


def test_json_nested_to_the_limit_is_read(jobs_client: FlaskClient) -> None:
    metadata: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH - 1):  # the body object is the first level
        metadata = [metadata]
    body = {"article": {"body": "Hello world."}, "targets": ["he"], "callback_url": "http://127.0.0.1:9/hook",
            "metadata": {"deep": metadata}}
    assert jobs_client.post("/v1/jobs", json=body).status_code == 400  # metadata is one level over
    body["metadata"] = {"deep": metadata[0]}
    assert jobs_client.post("/v1/jobs", json=body).status_code == 202


def test_brackets_inside_strings_are_text_not_nesting(client: FlaskClient) -> None:
    text = "Hello world [" + "[" * 5_000 + " \\\"{" * 100 + "."
    response = client.post("/v1/detect", data=json.dumps({"text": text}), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)


# --- 3c. a model damaged after the service started ---------------------------------------------------------------


def damage(packages_dir: Path, name: str, how: str) -> None:
    model = packages_dir / name / "model"
    if how == "zeroed":
        (model / "model.bin").write_bytes(bytes((model / "model.bin").stat().st_size))
    else:  # weights that no longer match the vocabulary: the model loads, then fails while translating
        vocabulary = json.loads((model / "shared_vocabulary.json").read_text(encoding="utf-8"))
        (model / "shared_vocabulary.json").write_text(json.dumps(vocabulary[:10]), encoding="utf-8")


@pytest.mark.parametrize("how", ["zeroed", "mismatched"])
def test_a_damaged_model_is_a_503_for_its_pair_and_pivots_only(
    app: Flask, client: FlaskClient, packages_dir: Path, how: str,
) -> None:
    damage(packages_dir, "translate-en_he-1_0", how)  # after start: the models load on first use
    for source, text in (("en", "Hello world."), ("ru", "Привет, мир.")):  # direct, and ru→en→he
        response = client.post("/v1/translate", json={"article": {"body": text}, "source": source,
                                                      "targets": ["he"]})
        assert problem(response, 503, "model_load_failed")["package"] == "translate-en_he-1_0"
    libre = client.post("/translate", json={"q": "Hello world.", "source": "en", "target": "he"})
    problem(libre, 503, "model_load_failed")
    fine = client.post("/v1/translate", json={"article": {"body": "Hello world."}, "source": "en",
                                              "targets": ["ru"]})
    assert fine.status_code == 200
    assert fine.get_json()["translations"]["ru"]["blocks"][0]["text"] == transliterate("Hello world.", "en", "ru")
