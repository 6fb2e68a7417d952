"""Hostile input through the test client: never a 500, never a 200 that lost text.

Each family of issue 14's attacks has its documented answer here: HTML
nested past what the parser reads, text that is not Unicode (lone
surrogates, invalid UTF-8) in JSON and form bodies, JSON nested past any
sane depth, and a model damaged after the service started.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.package_builder import transliterate
from translator.errors import HtmlTooDeep
from translator.html.parse import MAX_DEPTH
from translator.jobs.worker import translate_request

PROBLEM = "application/problem+json"
SENTENCE = "The minister spoke."


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response's problem document, once its status, media type and code are the expected ones."""
    assert (response.status_code, response.mimetype) == (status, PROBLEM), response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code and body["type"] == f"urn:targum:problem:{code}"
    return body


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
