"""GET /v1/jobs and POST /v1/jobs/<id>/redeliver through the test client, checked against openapi.json."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.web.test_openapi import check_response
from translator.jobs.webhooks import hub_signature
from translator.settings import Settings

BODY = {"article": {"body": "Hello world."}, "targets": ["he"], "callback_url": "http://127.0.0.1:9/hook"}


@pytest.fixture
def jobs_app(settings: Settings) -> Flask:
    flask_app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",),
                                 job_workers=0))
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return client.get("/openapi.json").get_json()


def test_the_list_is_newest_first_bounded_and_without_results(jobs_app: Flask, document: dict[str, Any]) -> None:
    client = jobs_app.test_client()
    ids = [client.post("/v1/jobs", json={**BODY, "metadata": {"n": n}}).get_json()["id"] for n in range(3)]
    queue = jobs_app.extensions["targum.jobs"]
    queue.run_translation(ids[0])  # one with a result
    listed = client.get("/v1/jobs")
    jobs = check_response(document, "GET", "/v1/jobs", listed)["jobs"]
    assert [j["id"] for j in jobs] == ids[::-1]
    assert all("result" not in j for j in jobs) and jobs[-1]["status"] == "succeeded"
    two = check_response(document, "GET", "/v1/jobs", client.get("/v1/jobs?limit=2"))["jobs"]
    assert [j["id"] for j in two] == ids[:0:-1]
    for bad in ("0", "101", "x", "2.5", "-1", "²"):
        refused = client.get(f"/v1/jobs?limit={bad}")
        assert refused.status_code == 400, bad
        assert check_response(document, "GET", "/v1/jobs", refused)["field"] == "limit"


def test_a_finished_jobs_callback_can_be_delivered_again(jobs_app: Flask, document: dict[str, Any]) -> None:
    client = jobs_app.test_client()
    job_id = client.post("/v1/jobs", json=BODY).get_json()["id"]
    path = f"/v1/jobs/{job_id}/redeliver"
    early = client.post(path)
    assert early.status_code == 409 and check_response(document, "POST", path, early)["code"] == "job_not_finished"
    queue = jobs_app.extensions["targum.jobs"]
    queue.run_translation(job_id)
    pending = client.post(path)
    assert check_response(document, "POST", path, pending)["code"] == "callback_in_progress"
    queue.store.update(job_id, lambda j: replace(j, callback_status="failed"))
    again = client.post(path)
    assert again.status_code == 202
    job = check_response(document, "POST", path, again)
    assert job["callback"]["status"] == "pending" and "result" not in job
    missing = client.post("/v1/jobs/no-such-job/redeliver")
    assert check_response(document, "POST", "/v1/jobs/no-such-job/redeliver", missing)["code"] == "job_not_found"


def test_without_signing_secrets_nothing_is_redelivered(client: FlaskClient, document: dict[str, Any]) -> None:
    response = client.post("/v1/jobs/any/redeliver")
    assert response.status_code == 503
    assert check_response(document, "POST", "/v1/jobs/any/redeliver", response)["code"] == "webhook_secrets_missing"


def test_listing_and_redelivery_need_the_key_but_not_the_cms_signature(settings: Settings) -> None:
    client = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",),
                              job_workers=0, api_keys=("k",), inbound_secret="cms")).test_client()
    assert client.get("/v1/jobs").status_code == 401
    key = {"Authorization": "Bearer k"}
    assert client.get("/v1/jobs", headers=key).status_code == 200
    assert client.post("/v1/jobs/nope/redeliver", headers=key).get_json()["code"] == "job_not_found"
    # Creating a job still needs the CMS's signature.
    import json

    raw = json.dumps(BODY).encode()
    unsigned = client.post("/v1/jobs", data=raw, content_type="application/json", headers=key)
    assert unsigned.status_code == 401 and unsigned.get_json()["code"] == "invalid_signature"
    signed = client.post("/v1/jobs", data=raw, content_type="application/json",
                         headers={**key, "X-Hub-Signature-256": hub_signature("cms", raw)})
    assert signed.status_code == 202
