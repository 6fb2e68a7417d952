"""End to end: the real app under gunicorn, the real queue and store, a real receiver process, on loopback.

Fault tests included: a receiver that fails twice, a service killed with
SIGKILL mid-job, and the distributed mode with a real redis-server and two
separate worker processes.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests.support.claims import race_claims
from tests.support.package_builder import transliterate
from tests.support.receiver import Receiver, receiver
from tests.support.redis_server import redis_server
from tests.support.servers import VENV, free_port, get_json, post, running, wait_for
from translator.jobs.job import Job
from translator.jobs.store import RedisJobStore
from translator.settings import PROJECT_ROOT

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OLD_SECRET = "rotated-out-soon"
GUNICORN = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]

def readme_snippet() -> str:
    """The receiver's verification snippet, read from docs/api.md where it is documented."""
    readme = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = readme.split("#### Verifying a callback", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0]


def readme_verify() -> Callable[[str, dict, bytes], bool]:
    namespace: dict = {}
    exec(readme_snippet(), namespace)  # noqa: S102 -- the documented snippet, run as a receiver would
    return namespace["verify_webhook"]


def service_env(packages: Path, **extra: str) -> dict[str, str]:
    return {"ARGOS_PACKAGES_DIR": str(packages), "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "2",
            "ARGOS_INTER_THREADS": "1", "TARGUM_WEBHOOK_SECRETS": f"{SECRET},{OLD_SECRET}",
            "TARGUM_CALLBACK_ALLOWED_HOSTS": "127.0.0.1", "TARGUM_CALLBACK_BACKOFF_BASE": "0.2",
            "TARGUM_JOB_LEASE": "2", **extra}


def wait_job(url: str, job_id: str, condition: Callable[[dict], bool], seconds: float = 90.0) -> dict:
    """Poll GET /v1/jobs/<id> until ``condition`` holds; bounded."""
    deadline = time.monotonic() + seconds
    document: dict = {}
    while time.monotonic() < deadline:
        status, document = get_json(f"{url}/v1/jobs/{job_id}")
        if status == 200 and condition(document):
            return document
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not reach the condition within {seconds} s: {document}")


def settle(seconds: float = 2.5) -> None:
    """Let a sweep or two pass (the lease is 2 s, sweeps every 1 s), so a duplicate would show."""
    time.sleep(seconds)


def submit(url: str, hook: Receiver, body: str = "Hello world. The prime minister spoke.",
           headers: dict[str, str] | None = None, targets: tuple[str, ...] = ("he",)) -> tuple[int, dict]:
    status, _, accepted = post(f"{url}/v1/jobs", {"article": {"body": body}, "source": "en", "targets": list(targets),
                                                  "callback_url": hook.url,
                                                  "metadata": {"article_id": "a-1", "revision": 1}}, headers)
    return status, accepted


@pytest.fixture(scope="module")
def service(packages: Path) -> Iterator[str]:
    """One gunicorn service (one worker, consuming jobs itself) for the callback tests."""
    with running(GUNICORN, service_env(packages), free_port()) as (url, process):
        wait_for(f"{url}/readyz", process)
        yield url


def test_a_callback_arrives_once_and_verifies_with_the_documented_snippet(service: str, tmp_path: Path) -> None:
    with receiver(tmp_path / "hook.jsonl") as hook:
        status, accepted = submit(service, hook)
        assert status == 202 and accepted["status"] == "queued"
        assert accepted["status_url"].endswith(f"/v1/jobs/{accepted['id']}")
        hook.wait(lambda got: len(got) >= 1)
        document = wait_job(service, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
        settle()
        (callback,) = hook.requests()
    verify_webhook = readme_verify()
    raw = callback["body"].encode("utf-8")
    assert verify_webhook(SECRET, callback["headers"], raw) and verify_webhook(OLD_SECRET, callback["headers"], raw)
    assert not verify_webhook("someone-else", callback["headers"], raw)
    assert not verify_webhook(SECRET, callback["headers"], raw.replace(b"succeeded", b"failed"))
    payload = json.loads(raw)
    assert payload["type"] == "translation.succeeded" and callback["headers"]["webhook-id"] == accepted["id"]
    data = payload["data"]
    assert data["id"] == accepted["id"] and data["metadata"] == {"article_id": "a-1", "revision": 1}
    he = data["result"]["translations"]["he"]["blocks"][0]["text"]
    assert he == transliterate("Hello world. The prime minister spoke.", "en", "he")
    assert document["status"] == "succeeded" and document["attempts"] == 1 and document["result"] == data["result"]
    assert [a["outcome"] for a in document["callback"]["attempts"]] == ["delivered"]


def test_a_receiver_failing_twice_gets_the_callback_on_the_third_attempt(service: str, tmp_path: Path) -> None:
    with receiver(tmp_path / "hook.jsonl", "503,503,200") as hook:
        status, accepted = submit(service, hook, "A second article.")
        assert status == 202
        document = wait_job(service, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
        settle()
        got = hook.requests()
    assert [r["status"] for r in got] == [503, 503, 200]
    assert len({r["headers"]["webhook-id"] for r in got}) == 1  # one message, retried
    attempts = document["callback"]["attempts"]
    assert [(a["outcome"], a["status_code"]) for a in attempts] == [("retry", 503), ("retry", 503), ("delivered", 200)]
    assert all(a["at"] for a in attempts) and document["callback"]["delivered_at"]


def test_one_idempotency_key_sent_twice_gives_one_job_and_one_callback(service: str, tmp_path: Path) -> None:
    with receiver(tmp_path / "hook.jsonl") as hook:
        headers = {"Idempotency-Key": "cms-article-77-rev-2"}
        first_status, first = submit(service, hook, "A third article.", headers)
        second_status, second = submit(service, hook, "A third article.", headers)
        assert (first_status, second_status) == (202, 200) and first["id"] == second["id"]
        wait_job(service, first["id"], lambda d: d["callback"]["status"] == "delivered")
        _, third = submit(service, hook, "A third article.", headers)  # a retry after delivery: still the same job
        settle()
        got = hook.requests()
    assert third["id"] == first["id"] and third["status"] == "succeeded"
    assert len(got) == 1 and got[0]["headers"]["webhook-id"] == first["id"]


def test_a_service_killed_mid_job_finishes_the_job_after_a_restart(
    packages: Path, sample_article: str, tmp_path: Path
) -> None:
    # Long enough (distinct sentences, two targets) to be caught running: a few seconds of decoding.
    article = "\n\n".join(sample_article.replace("Netanyahu", f"Netanyahu{i}") for i in range(10))
    env = service_env(packages, TARGUM_INSTANCE_DIR=str(tmp_path / "instance"))
    with receiver(tmp_path / "hook.jsonl") as hook:
        with running(GUNICORN, env, free_port()) as (url, process):
            wait_for(f"{url}/readyz", process)
            status, accepted = submit(url, hook, article, targets=("he", "ru"))
            assert status == 202
            wait_job(url, accepted["id"], lambda d: d["status"] == "running", 60)
            os.killpg(process.pid, signal.SIGKILL)  # master and worker, mid-translation
            process.wait(timeout=10)
        assert hook.requests() == []
        with running(GUNICORN, env, free_port()) as (url, process):
            wait_for(f"{url}/readyz", process)
            hook.wait(lambda got: len(got) >= 1, 120)
            document = wait_job(url, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
            settle()
            got = hook.requests()
    assert len(got) == 1 and got[0]["status"] == 200
    assert document["status"] == "succeeded" and document["attempts"] == 2  # killed once, run again
    assert set(document["result"]["translations"]) == {"he", "ru"}
    assert readme_verify()(SECRET, got[0]["headers"], got[0]["body"].encode("utf-8"))


# -- the distributed mode: Redis, separate workers ---------------------------
@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on loopback (installed from Debian when missing)."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def test_the_redis_store_lets_exactly_one_of_many_claims_win(redis_url: str) -> None:
    store = RedisJobStore(redis_url, prefix=f"test-{time.time_ns()}")
    first, created = store.insert(Job.new({"a": 1}, "http://127.0.0.1/", None, "key:x", time.time()))
    again, created_again = store.insert(Job.new({"a": 1}, "http://127.0.0.1/", None, "key:x", time.time()))
    assert created and not created_again and again.id == first.id
    wins = race_claims(store, first.id, time.time())
    assert len(wins) == 1 and store.get(first.id).owner == wins[0]


def test_two_worker_processes_share_a_batch_and_deliver_each_job_once(
    packages: Path, redis_url: str, sample_article: str, tmp_path: Path
) -> None:
    env = service_env(packages, REDIS_URL=redis_url, TARGUM_JOB_WORKERS="0",
                      TARGUM_INSTANCE_DIR=str(tmp_path / "instance"))
    paragraphs = [p for p in sample_article.split("\n") if len(p) > 80]
    logs = [tmp_path / f"worker-{i}.log" for i in range(2)]
    workers: list[subprocess.Popen] = []
    with receiver(tmp_path / "hook.jsonl") as hook, running(GUNICORN, env, free_port()) as (url, process):
        try:
            for log in logs:
                workers.append(subprocess.Popen(
                    [str(VENV / "bin" / "python"), "-m", "translator.jobs.worker"], cwd=PROJECT_ROOT,
                    env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT,
                    start_new_session=True))
            wait_for(f"{url}/readyz", process)
            ids = []
            for i in range(8):
                body = f"Batch article {i}.\n\n" + "\n\n".join(paragraphs[i % len(paragraphs):][:6])
                status, accepted = submit(url, hook, body, targets=("he", "ru"))
                assert status == 202
                ids.append(accepted["id"])
            hook.wait(lambda got: {r["headers"]["webhook-id"] for r in got} >= set(ids), 120)
            for job_id in ids:
                wait_job(url, job_id, lambda d: d["callback"]["status"] == "delivered")
            settle()
            got = hook.requests()
        finally:
            for worker in workers:
                if worker.poll() is None:
                    os.killpg(worker.pid, signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(timeout=10)
    per_job = collections.Counter(r["headers"]["webhook-id"] for r in got)
    assert per_job == {job_id: 1 for job_id in ids}  # every job delivered, each exactly once
    translated = [log.read_text().count('"event": "job_translated"') for log in logs]
    assert sum(translated) == 8 and all(n >= 1 for n in translated), translated  # both workers took jobs
