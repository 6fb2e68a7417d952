"""Jobs: state transitions, the SQLite store's compare-and-set, the queue's steps and recovery."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.claims import race_claims
from tests.support.receiver import receiver
from translator.jobs.job import MAX_TRANSLATION_ATTEMPTS, CallbackAttempt, Job, callback_payload
from translator.jobs.queue import JobQueue, idempotency_key
from translator.jobs.store import SqliteJobStore
from translator.settings import Settings

REQUEST = {"article": {"body": "Hello world."}, "targets": ["he"]}


def job(key: str | None = None, now: float = 1000.0) -> Job:
    return Job.new(REQUEST, "https://cms.example.com/hook", {"article_id": 7}, key, now)


# -- the job's states ------------------------------------------------------
def test_one_claim_wins_and_an_expired_lease_can_be_taken_over() -> None:
    queued = job()
    running = queued.claim("w1", 1000.0, 60)
    assert running.status == "running" and running.attempts == 1 and running.lease_until == 1060.0
    assert running.claim("w2", 1030.0, 60) is None  # still leased
    taken = running.claim("w2", 1061.0, 60)
    assert taken.owner == "w2" and taken.attempts == 2
    assert taken.finish("w1", 1062.0, {"x": 1}) is None  # the old owner cannot finish it any more
    done = taken.finish("w2", 1062.0, {"x": 1})
    assert done.status == "succeeded" and done.callback_status == "pending" and done.next_attempt_at == 1062.0


def test_the_callback_is_claimed_when_due_and_settles_with_an_expiry() -> None:
    done = job().claim("w", 1000, 60).finish("w", 1001, error={"code": "undetectable_language"})
    assert done.status == "failed"
    delivering = done.claim_callback("w", 1001, 30)
    assert delivering.claim_callback("x", 1002, 30) is None
    retry = delivering.record_attempt("w", CallbackAttempt(1001, "retry", 503), 1001, 1011, "pending", 3600)
    assert retry.claim_callback("w", 1005, 30) is None and retry.expires_at is None  # not due yet
    again = retry.claim_callback("w", 1011, 30)
    delivered = again.record_attempt("w", CallbackAttempt(1011, "delivered", 200), 1011, None, "delivered", 3600)
    assert delivered.done and delivered.delivered_at == 1011 and delivered.expires_at == 1011 + 3600
    assert [a.outcome for a in delivered.callback_attempts] == ["retry", "delivered"]
    assert callback_payload(delivered, 1012)["type"] == "translation.failed"


def test_a_lost_delivery_is_recorded_as_interrupted_when_taken_over() -> None:
    delivering = job().claim("w", 1000, 60).finish("w", 1001, {"x": 1}).claim_callback("w", 1001, 30)
    assert delivering.claim_callback("v", 1020, 30) is None
    taken = delivering.claim_callback("v", 1032, 30)
    assert taken.callback_owner == "v" and taken.callback_attempts[-1].outcome == "interrupted"


def test_the_idempotency_key_is_the_header_else_the_article_revision_and_content() -> None:
    assert idempotency_key("abc", REQUEST, None) == "key:abc"
    first = idempotency_key(None, REQUEST, {"article_id": 7, "revision": 3})
    assert first.startswith("article:7:3:") and first == idempotency_key(None, dict(REQUEST), {"article_id": 7,
                                                                                                "revision": 3})
    assert first != idempotency_key(None, {**REQUEST, "targets": ["ru"]}, {"article_id": 7, "revision": 3})
    assert idempotency_key(None, REQUEST, {"article_id": 7}) is None


# -- the SQLite store --------------------------------------------------------
def test_the_store_inserts_once_per_idempotency_key(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    first, created = store.insert(job("key:a"))
    again, created_again = store.insert(job("key:a"))
    assert created and not created_again and again.id == first.id
    assert store.insert(job(None))[1] and store.insert(job(None))[1]  # no key: always a new job
    assert len(store.active()) == 3


def test_of_many_threads_claiming_one_job_exactly_one_wins(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    queued, _ = store.insert(job())
    wins = race_claims(store, queued.id, 1000.0)
    assert len(wins) == 1 and store.get(queued.id).owner == wins[0]


def test_settled_jobs_are_purged_after_their_expiry(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    stored, _ = store.insert(job())
    store.update(stored.id, lambda j: replace(j, status="succeeded", callback_status="delivered", expires_at=2000.0))
    assert store.active() == [] and store.purge(1999.0) == 0 and store.get(stored.id) is not None
    assert store.purge(2001.0) == 1 and store.get(stored.id) is None


# -- the queue's steps, without a consumer ----------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make_queue(settings: Settings, clock: Clock, translate=lambda body: {"echo": body["article"]["body"]}) -> JobQueue:
    settings = replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",), job_lease_s=10.0,
                       callback_backoff_base_s=1.0, callback_retry_horizon_s=60.0)
    return JobQueue(settings, translate, clock=clock)


def test_recovery_requeues_a_job_whose_worker_died_and_gives_up_after_repeated_deaths(settings: Settings) -> None:
    clock = Clock()
    queue = make_queue(settings, clock)
    queued, _ = queue.submit(REQUEST, "http://127.0.0.1:9/hook", None)
    assert queue.recover() == 0  # freshly enqueued: its message is on the queue
    clock.now += 11
    assert queue.recover() == 1 and queue.recover() == 0  # requeued once, not at every sweep
    for attempt in range(1, MAX_TRANSLATION_ATTEMPTS + 1):
        claimed = queue.store.update(queued.id, lambda j, attempt=attempt: j.claim(f"dead-{attempt}", clock.now, 10.0))
        assert claimed.attempts == attempt  # each worker "dies" holding the job
        clock.now += 11
        assert queue.recover() == 1
    failed = queue.get(queued.id)
    assert failed.status == "failed" and failed.error["code"] == "worker_lost"
    assert failed.callback_status == "pending"


def test_a_job_runs_once_even_if_its_message_arrives_twice(settings: Settings) -> None:
    calls: list[str] = []
    queue = make_queue(settings, Clock(), lambda body: calls.append("x") or {"ok": True})
    queued, _ = queue.submit(REQUEST, "http://127.0.0.1:9/hook", None)
    queue.run_translation(queued.id)
    queue.run_translation(queued.id)
    assert calls == ["x"] and queue.get(queued.id).result == {"ok": True}


def test_translation_errors_fail_the_job_with_their_code(settings: Settings) -> None:
    from translator.errors import UndetectableLanguage

    def undetectable(body: dict) -> dict:
        raise UndetectableLanguage("the article's language could not be determined; send `source`")

    queue = make_queue(settings, Clock(), undetectable)
    queued, _ = queue.submit(REQUEST, "http://127.0.0.1:9/hook", None)
    queue.run_translation(queued.id)
    failed = queue.get(queued.id)
    assert failed.status == "failed" and failed.error["code"] == "undetectable_language" and failed.result is None


@pytest.mark.e2e
@pytest.mark.parametrize("script, status, outcome", [("410", "gone", "gone"), ("404", "failed", "failed"),
                                                      ("503", "failed", "failed")])
def test_deliveries_that_must_not_be_retried_settle_at_once(settings: Settings, tmp_path: Path, script: str,
                                                            status: str, outcome: str) -> None:
    clock = Clock()
    queue = make_queue(settings, clock)
    queue = JobQueue(replace(queue.settings, callback_retry_horizon_s=0.0), queue.translate, clock=clock)
    with receiver(tmp_path / "log.jsonl", script) as hook:
        queued, _ = queue.submit(REQUEST, hook.url, None)
        queue.run_translation(queued.id)
        queue.run_delivery(queued.id)
        assert len(hook.requests()) == 1
    settled = queue.get(queued.id)
    assert settled.callback_status == status and settled.done
    assert [a.outcome for a in settled.callback_attempts] == [outcome]
    if script == "503":  # retryable, but the horizon (0 s here) is over
        assert "retry horizon" in settled.callback_attempts[0].error


@pytest.mark.e2e
def test_a_retry_honours_retry_after(settings: Settings, tmp_path: Path) -> None:
    clock = Clock()
    queue = make_queue(settings, clock)
    with receiver(tmp_path / "log.jsonl", "429+30") as hook:
        queued, _ = queue.submit(REQUEST, hook.url, None)
        queue.run_translation(queued.id)
        queue.run_delivery(queued.id)
    pending = queue.get(queued.id)
    assert pending.callback_status == "pending" and pending.next_attempt_at >= clock.now + 30
    # The next attempt is a Huey message with an ETA (the consumer holds it in its schedule until then).
    deliveries = [t for t in queue.huey.pending() if t.name == "deliver_callback" and t.eta is not None]
    assert len(deliveries) == 1


def test_job_settings_come_from_the_environment() -> None:
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "TARGUM_WEBHOOK_SECRETS": "whsec_new, old ",
           "TARGUM_CALLBACK_ALLOWED_HOSTS": "127.0.0.1,10.0.0.0/8", "TARGUM_INBOUND_SECRET": "cms",
           "TARGUM_JOB_RESULT_TTL": "3600", "TARGUM_CALLBACK_RETRY_HORIZON": "600", "TARGUM_CALLBACK_TIMEOUT": "3",
           "TARGUM_CALLBACK_BACKOFF_BASE": "0.5", "TARGUM_JOB_WORKERS": "0", "TARGUM_JOB_LEASE": "30"}
    configured = Settings.from_env(env)
    assert configured.redis_url == "redis://127.0.0.1:6379/0" and configured.webhook_secrets == ("whsec_new", "old")
    assert configured.callback_allowed_hosts == ("127.0.0.1", "10.0.0.0/8") and configured.inbound_secret == "cms"
    assert (configured.job_result_ttl_s, configured.callback_retry_horizon_s, configured.callback_timeout_s,
            configured.callback_backoff_base_s, configured.job_workers, configured.job_lease_s) == (
        3600.0, 600.0, 3.0, 0.5, 0, 30.0)
    defaults = Settings.from_env({})
    assert defaults.redis_url is None and defaults.webhook_secrets == () and defaults.job_workers == 1
    assert defaults.job_result_ttl_s == 7 * 86400 and defaults.callback_retry_horizon_s == 86400


def test_a_job_survives_its_stored_form() -> None:
    settled = job("key:a").claim("w", 1000, 60).finish("w", 1001, {"x": "שלום"}).claim_callback("w", 1001, 30)
    settled = settled.record_attempt("w", CallbackAttempt(1001, "delivered", 200), 1002, None, "delivered", 60)
    assert Job.from_json(settled.to_json()) == settled


# -- a damaged queue or store ------------------------------------------------
def damage(path: Path) -> None:
    """Overwrite a SQLite file with bytes that are not a database (as a disk fault or a bad copy leaves it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a SQLite database\n" * 200)


@pytest.mark.parametrize("name", ["queue.db", "jobs.db"])
def test_a_damaged_queue_or_store_turns_jobs_off_without_raising_at_start(settings: Settings, name: str) -> None:
    from translator.errors import JobsUnavailable

    damage(settings.instance_dir / name)
    queue = make_queue(settings, Clock())
    assert queue.start_embedded(1) is None  # no consumer, no sweeper, and no exception for the worker's boot
    assert name in (queue.unavailable or "") and "file is not a database" in (queue.unavailable or "")
    for call in (lambda: queue.submit(REQUEST, "http://127.0.0.1:9/hook", None), lambda: queue.get("x")):
        with pytest.raises(JobsUnavailable) as caught:
            call()
        assert caught.value.status == 503 and caught.value.code == "jobs_unavailable"
        assert caught.value.detail == f"jobs are off: {queue.unavailable}"


def test_a_store_that_fails_after_opening_answers_jobs_unavailable(settings: Settings,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from translator.errors import JobsUnavailable

    queue = make_queue(settings, Clock())
    queued, _ = queue.submit(REQUEST, "http://127.0.0.1:9/hook", None)

    def malformed(*args: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(queue.store, "get", malformed)
    with pytest.raises(JobsUnavailable, match="database disk image is malformed"):
        queue.get(queued.id)
    monkeypatch.undo()
    assert queue.unavailable is None and queue.get(queued.id) is not None  # a failed call does not turn jobs off


def test_a_healthy_queue_is_available(settings: Settings) -> None:
    queue = make_queue(settings, Clock())
    assert queue.unavailable is None
    assert (settings.instance_dir / "queue.db").exists() and (settings.instance_dir / "jobs.db").exists()
