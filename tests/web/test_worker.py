"""A job translates exactly as POST /v1/translate does, HTML included."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from translator.jobs.worker import translate_request


def test_a_job_translates_like_the_api(app: Flask, client: FlaskClient) -> None:
    targum = app.extensions["targum"]
    for body in (
        {"article": {"body": "The two leaders spoke on Tuesday."}, "source": "en", "targets": ["ru", "he"]},
        {"article": {"body": '<p>The <a href="/pmo">Prime Minister</a> spoke.</p>', "format": "html"},
         "source": "en", "targets": ["he"]},
    ):
        via_job = translate_request(targum, body)
        via_api = client.post("/v1/translate", json=body).get_json()
        assert via_job["translations"] == via_api["translations"]
        assert via_job["blocks"] == via_api["blocks"]
    assert '<a href="/pmo">' in via_job["translations"]["he"]["html"]
    assert 'dir="rtl"' in via_job["translations"]["he"]["html"]
