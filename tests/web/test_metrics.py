"""GET /metrics through the test client: counts by URL rule and status, translation, jobs, the token."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import make_app
from translator.errors import ConfigurationError
from translator.review.length import REFERENCE
from translator.settings import PROJECT_ROOT, Settings

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: FlaskClient, **headers: str) -> Samples:
    """Every sample of one scrape, by name and labels."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def requests(samples: Samples, method: str, route: str, status: int) -> float:
    """How many requests the scrape counted for one method, URL rule and status."""
    key = frozenset({("method", method), ("route", route), ("status", str(status))})
    return samples.get(("targum_http_requests_total", key), 0.0)


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_by_url_rule_and_status(client: FlaskClient) -> None:
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.post("/v1/detect", json={"text": "Hello there, how are you today?"}).status_code == 200
    assert client.post("/v1/detect", json={}).status_code == 400
    assert client.get("/v1/jobs/no-such-job").status_code == 404
    assert client.get("/nowhere").status_code == 404
    after = scrape(client)
    moved = {(m, r, s): requests(after, m, r, s) - requests(before, m, r, s) for m, r, s in (
        ("GET", "/healthz", 200), ("POST", "/v1/detect", 200), ("POST", "/v1/detect", 400),
        ("GET", "/v1/jobs/<job_id>", 404), ("GET", "unmatched", 404), ("GET", "/metrics", 200))}
    assert moved == {("GET", "/healthz", 200): 3, ("POST", "/v1/detect", 200): 1, ("POST", "/v1/detect", 400): 1,
                     ("GET", "/v1/jobs/<job_id>", 404): 1, ("GET", "unmatched", 404): 1,
                     ("GET", "/metrics", 200): 1}  # the first scrape, counted once it was answered
    count = value(after, "targum_http_request_duration_seconds_count", method="GET", route="/healthz")
    assert count == 3 + value(before, "targum_http_request_duration_seconds_count", method="GET", route="/healthz")


def test_sentences_model_calls_and_memory_are_counted(client: FlaskClient) -> None:
    article = {"article": {"body": "Hello world. The minister spoke on Tuesday."}, "targets": ["he"]}
    assert client.post("/v1/translate", json=article).status_code == 200
    first = scrape(client)
    assert value(first, "targum_sentences_translated_total") == 2
    assert value(first, "targum_sentences_from_memory_total") == 0
    # The article's one call, and the review's once-a-process measure of the route's length band (6 sentences).
    assert value(first, "targum_model_calls_total", package="translate-en_he-1_0") == 2
    assert value(first, "targum_model_sentences_total", package="translate-en_he-1_0") == 2 + len(REFERENCE["en"])
    assert value(first, "targum_model_call_duration_seconds_count", package="translate-en_he-1_0") == 2
    assert value(first, "targum_models_loaded") == 1
    assert client.post("/v1/translate", json=article).status_code == 200  # now from the memory
    second = scrape(client)
    assert value(second, "targum_sentences_translated_total") == 4
    assert value(second, "targum_sentences_from_memory_total") == 2
    assert value(second, "targum_model_calls_total", package="translate-en_he-1_0") == 2


def test_jobs_callbacks_and_the_queue_depth(settings: Settings) -> None:
    app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",)))
    client = app.test_client()
    job = {"article": {"body": "Hello world."}, "targets": ["he"], "callback_url": "http://127.0.0.1:9/hook"}
    job_id = client.post("/v1/jobs", json=job).get_json()["id"]
    assert value(scrape(client), "targum_job_queue_depth") == 1
    queue = app.extensions["targum.jobs"]
    queue.run_translation(job_id)
    queue.run_delivery(job_id)  # nothing listens on port 9: the attempt is to be retried
    samples = scrape(client)
    assert value(samples, "targum_jobs_finished_total", outcome="succeeded") == 1
    assert value(samples, "targum_callback_attempts_total", outcome="retry") == 1


def test_apps_in_one_process_count_apart(settings: Settings, tmp_path: Path) -> None:
    one, other = make_app(settings).test_client(), make_app(replace(settings, instance_dir=tmp_path / "b"))
    one.get("/healthz")
    assert requests(scrape(other.test_client()), "GET", "/healthz", 200) == 0
    assert requests(scrape(one), "GET", "/healthz", 200) == 1


def test_the_token_guards_metrics_and_api_keys_do_not(settings: Settings) -> None:
    client = make_app(replace(settings, metrics_token="s3cret", api_keys=("k",))).test_client()
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing.get_json()["code"] == "metrics_token_required"
    wrong = client.get("/metrics", headers={"Authorization": "Bearer k"})
    assert wrong.status_code == 403 and wrong.get_json()["code"] == "invalid_metrics_token"
    assert requests(scrape(client, Authorization="Bearer s3cret"), "GET", "/metrics", 401) == 1
    # Without a token, /metrics is open even where every API call needs a key.
    assert make_app(replace(settings, api_keys=("k",))).test_client().get("/metrics").status_code == 200


def test_a_multiprocess_directory_set_too_late_is_refused(settings: Settings, tmp_path: Path) -> None:
    # prometheus_client was imported here without PROMETHEUS_MULTIPROC_DIR: its samples stay in memory.
    with pytest.raises(ConfigurationError, match="PROMETHEUS_MULTIPROC_DIR"):
        make_app(replace(settings, prometheus_multiproc_dir=tmp_path / "prometheus"))



def test_every_metric_is_in_the_api_reference(settings: Settings) -> None:
    app = make_app(replace(settings, webhook_secrets=("s",)))
    text = app.test_client().get("/metrics").get_data(as_text=True)
    names = {family.name for family in text_string_to_metric_families(text) if not family.name.endswith("_created")}
    assert "targum_job_queue_depth" in names and len(names) == 11
    reference = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = reference.split("## Metrics", 1)[1].split("\n## ", 1)[0]
    missing = {name for name in names if f"`{name}`" not in section and f"`{name}_total`" not in section}
    assert missing == set()
