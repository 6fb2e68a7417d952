"""The job API through the test client: accept, read back, idempotency, refusals, keys and signatures."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from translator.jobs.webhooks import hub_signature
from translator.settings import Settings

REQUEST = {"article": {"body": "Hello world."}, "targets": ["he"]}


# -- the API -----------------------------------------------------------------
@pytest.fixture
def jobs_app(settings: Settings) -> Flask:
    flask_app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",)))
    flask_app.config.update(TESTING=True)
    return flask_app


def body(callback_url: str = "http://127.0.0.1:9/hook", **extra: object) -> dict:
    return {**REQUEST, "callback_url": callback_url, **extra}


def test_a_job_is_accepted_at_once_and_can_be_read_back(jobs_app: Flask) -> None:
    client = jobs_app.test_client()
    response = client.post("/v1/jobs", json=body(metadata={"article_id": "a-7", "revision": 3}))
    assert response.status_code == 202
    accepted = response.get_json()
    assert set(accepted) == {"id", "status", "status_url"} and accepted["status"] == "queued"
    assert response.headers["Location"] == accepted["status_url"]
    status = client.get(accepted["status_url"].removeprefix("http://localhost"))
    document = status.get_json()
    assert status.status_code == 200 and document["status"] == "queued" and document["attempts"] == 0
    assert document["metadata"] == {"article_id": "a-7", "revision": 3}
    assert document["callback"] == {"url": "http://127.0.0.1:9/hook", "status": "waiting", "attempts": [],
                                    "next_attempt_at": None, "delivered_at": None}
    stored = jobs_app.extensions["targum.jobs"].get(accepted["id"])
    assert stored.request == REQUEST  # the translate request alone, as sent


def test_one_idempotency_key_makes_one_job(jobs_app: Flask) -> None:
    client = jobs_app.test_client()
    first = client.post("/v1/jobs", json=body(), headers={"Idempotency-Key": "cms-42-r3"})
    second = client.post("/v1/jobs", json=body(), headers={"Idempotency-Key": "cms-42-r3"})
    assert (first.status_code, second.status_code) == (202, 200)
    assert first.get_json()["id"] == second.get_json()["id"] and second.headers["Idempotent-Replayed"] == "true"
    other = client.post("/v1/jobs", json={**body(), "targets": ["ru"]}, headers={"Idempotency-Key": "cms-42-r3"})
    assert other.status_code == 422 and other.get_json()["code"] == "idempotency_key_reused"
    # Without a header, the CMS's article id, revision and content identify the job.
    meta = {"article_id": "a-1", "revision": 9}
    a = client.post("/v1/jobs", json=body(metadata=meta)).get_json()["id"]
    assert client.post("/v1/jobs", json=body(metadata=meta)).get_json()["id"] == a


@pytest.mark.parametrize("url", ["http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data/",
                                 "http://[fd00:ec2::254]/", "http://192.168.0.10/hook", "http://localhost:9/hook",
                                 "gopher://127.0.0.1/hook"])
def test_callback_urls_to_private_addresses_are_refused_with_a_clear_error(settings: Settings, url: str) -> None:
    client = make_app(replace(settings, webhook_secrets=("s",))).test_client()  # no allowlist
    response = client.post("/v1/jobs", json=body(url))
    problem = response.get_json()
    assert response.status_code == 400 and problem["code"] == "callback_url_refused"
    assert response.mimetype == "application/problem+json"
    if "localhost" in url:  # a name: refused for what it resolves to
        assert "'localhost', which resolves to" in problem["detail"] and "loopback" in problem["detail"]


def test_jobs_are_refused_when_no_signing_secret_is_configured(client: FlaskClient) -> None:
    response = client.post("/v1/jobs", json=body())
    assert response.status_code == 503 and response.get_json()["code"] == "webhook_secrets_missing"


@pytest.mark.parametrize("payload, code", [({**REQUEST}, "missing_field"), (body(metadata=[1]), "invalid_field"),
                                           (body(targets=["xx"]), "unsupported_target_language"),
                                           ({"callback_url": "http://127.0.0.1:9/"}, "missing_field")])
def test_job_bodies_are_checked_like_translate_requests(jobs_app: Flask, payload: dict, code: str) -> None:
    response = jobs_app.test_client().post("/v1/jobs", json=payload)
    assert response.status_code == 400 and response.get_json()["code"] == code


def test_an_unknown_job_is_a_404(jobs_app: Flask) -> None:
    response = jobs_app.test_client().get("/v1/jobs/nope")
    assert response.status_code == 404 and response.get_json()["code"] == "job_not_found"


def test_job_creation_needs_the_api_key_and_the_cms_signature_when_configured(settings: Settings) -> None:
    configured = replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",),
                         api_keys=("k1",), inbound_secret="cms-secret")
    client = make_app(configured).test_client()
    raw = json.dumps(body()).encode()
    headers = {"Content-Type": "application/json"}
    assert client.post("/v1/jobs", data=raw, headers=headers).get_json()["code"] == "api_key_required"
    headers["Authorization"] = "Bearer k1"
    missing = client.post("/v1/jobs", data=raw, headers=headers)
    assert missing.status_code == 401 and missing.get_json()["code"] == "invalid_signature"
    wrong = client.post("/v1/jobs", data=raw, headers={**headers, "X-Hub-Signature-256": hub_signature("x", raw)})
    assert wrong.status_code == 401 and "does not match" in wrong.get_json()["detail"]
    signed = client.post("/v1/jobs", data=raw, headers={**headers, "X-Hub-Signature-256": hub_signature("cms-secret",
                                                                                                        raw)})
    assert signed.status_code == 202


# -- a damaged queue file ------------------------------------------------------
@pytest.mark.parametrize("name", ["queue.db", "jobs.db"])
def test_a_damaged_queue_file_turns_jobs_off_and_nothing_else(settings: Settings, name: str) -> None:
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    (settings.instance_dir / name).write_bytes(b"\x00garbage, not a database" * 300)
    client = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",))).test_client()
    for response in (client.post("/v1/jobs", json=body()), client.get("/v1/jobs/0123456789abcdef")):
        assert response.status_code == 503 and response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert problem["code"] == "jobs_unavailable" and name in problem["detail"]
        assert response.headers["X-Request-ID"]
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["ready"] is True
    assert ready.get_json()["jobs"]["available"] is False and name in ready.get_json()["jobs"]["reason"]
    translated = client.post("/v1/translate", json=REQUEST)
    assert translated.status_code == 200, translated.get_json()
