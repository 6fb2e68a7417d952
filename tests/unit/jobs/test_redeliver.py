"""Delivering a finished job's callback again, and the newest jobs first: the job's step, the store, the queue."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.receiver import receiver
from tests.unit.jobs.test_queue import REQUEST, Clock, job, make_queue
from translator.errors import JobNotFinished, JobNotFound, WebhookSecretsMissing
from translator.jobs.job import CallbackAttempt, Job
from translator.jobs.queue import JobQueue
from translator.jobs.store import SqliteJobStore
from translator.settings import Settings


def delivered(now: float = 1000.0) -> Job:
    done = job(now=now).claim("w", now, 60).finish("w", now + 1, {"x": 1}).claim_callback("w", now + 1, 30)
    return done.record_attempt("w", CallbackAttempt(now + 1, "delivered", 200), now + 2, None, "delivered", 3600)


def test_a_settled_callback_is_due_again_with_its_log_kept() -> None:
    settled = delivered()
    again = settled.redeliver(5000.0)
    assert again is not None and not again.done
    assert (again.callback_status, again.next_attempt_at, again.expires_at, again.redelivered_at) == (
        "pending", 5000.0, None, 5000.0)
    assert again.callback_attempts == settled.callback_attempts  # the earlier attempts stay in the log
    assert again.claim_callback("w", 5000.0, 30) is not None
    assert Job.from_json(again.to_json()) == again


def test_only_a_finished_job_with_a_settled_callback_is_redelivered() -> None:
    queued = job()
    running = queued.claim("w", 1000, 60)
    pending = running.finish("w", 1001, {"x": 1})
    delivering = pending.claim_callback("w", 1001, 30)
    for unsettled in (queued, running, pending, delivering):
        assert unsettled.redeliver(2000.0) is None
    failed = replace(delivered(), status="failed", callback_status="gone")
    assert failed.redeliver(2000.0) is not None


def test_the_store_lists_the_newest_jobs_first(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.db")
    made = [store.insert(job(now=1000.0 + n))[0] for n in (3, 1, 4, 2)]
    assert [j.created_at for j in store.recent(10)] == [1004.0, 1003.0, 1002.0, 1001.0]
    assert [j.id for j in store.recent(2)] == [made[2].id, made[0].id]


def test_the_queue_redelivers_a_settled_callback_and_refuses_the_rest(settings: Settings) -> None:
    clock = Clock()
    queue = make_queue(settings, clock)
    queued, _ = queue.submit(REQUEST, "http://127.0.0.1:9/hook", None)
    with pytest.raises(JobNotFound):
        queue.redeliver("no-such-job")
    with pytest.raises(JobNotFinished) as early:
        queue.redeliver(queued.id)
    assert (early.value.status, early.value.code) == (409, "job_not_finished")
    queue.run_translation(queued.id)  # finished: its callback is pending
    with pytest.raises(JobNotFinished) as pending:
        queue.redeliver(queued.id)
    assert pending.value.code == "callback_in_progress"
    queue.store.update(queued.id, lambda j: replace(j, callback_status="failed", expires_at=clock.now + 60))
    before = [t for t in queue.huey.pending() if t.name == "deliver_callback"]
    again = queue.redeliver(queued.id)
    assert again.callback_status == "pending" and again.next_attempt_at == clock.now
    assert len([t for t in queue.huey.pending() if t.name == "deliver_callback"]) == len(before) + 1
    assert [j.id for j in queue.recent(5)] == [queued.id]


def test_redelivery_needs_the_signing_secrets(settings: Settings) -> None:
    queue = JobQueue(replace(settings, webhook_secrets=()), lambda body: {})
    with pytest.raises(WebhookSecretsMissing):
        queue.redeliver("any")


@pytest.mark.e2e
def test_the_retry_horizon_of_a_redelivery_counts_from_the_redelivery(settings: Settings, tmp_path: Path) -> None:
    clock = Clock()
    queue = make_queue(settings, clock)  # a 60 s retry horizon
    with receiver(tmp_path / "log.jsonl", "200,503") as hook:
        queued, _ = queue.submit(REQUEST, hook.url, None)
        queue.run_translation(queued.id)
        queue.run_delivery(queued.id)
        clock.now += 3600  # long past the first horizon
        queue.redeliver(queued.id)
        queue.run_delivery(queued.id)
        assert [r["status"] for r in hook.requests()] == [200, 503]
    again = queue.get(queued.id)
    assert [a.outcome for a in again.callback_attempts] == ["delivered", "retry"]
    assert again.callback_status == "pending"
