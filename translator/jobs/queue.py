"""The job queue: Huey carries the work, the job store keeps the truth.

Huey (SQLite under the instance directory by default, Redis when REDIS_URL is
set, so several hosts share the work) carries two kinds of message: "translate
job X" and "deliver job X's callback", the latter scheduled for later when a
delivery must be retried. Huey removes a message before running it, so a
worker killed mid-job would lose it: the job store is the truth instead, and a
sweeper in every consumer (at start, then every half lease) puts back on the
queue each job whose worker stopped renewing its lease, or whose message went
missing. Every step claims the job with compare-and-set first, so a message
that arrives twice does nothing the second time.

The queue and the store are opened on first use, after the fork, and a
failure there is kept to jobs: a damaged ``queue.db`` or ``jobs.db`` turns
jobs off in this process (503 ``jobs_unavailable``, the reason in
``/readyz``) and translation goes on.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Literal, TypeVar

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer

from translator.errors import (
    IdempotencyKeyReused,
    InternalError,
    JobNotFinished,
    JobNotFound,
    JobsUnavailable,
    TargumError,
    WebhookSecretsMissing,
    WorkerLost,
)
from translator.jobs.callback_urls import CallbackPolicy, Resolver, system_resolver
from translator.jobs.job import (
    TRANSLATION_DONE,
    CallbackAttempt,
    CallbackStatus,
    Job,
    callback_payload,
    fingerprint,
)
from translator.jobs.store import JobStore, open_store, storage_errors
from translator.jobs.webhooks import backoff_delay, deliver
from translator.settings import Settings

log = logging.getLogger("targum.jobs")
Translate = Callable[[dict[str, Any]], dict[str, Any]]
# What a job's translation ("job": succeeded, failed) or one callback attempt ("callback": its outcome) came to.
JobEvent = Literal["job", "callback"]
T = TypeVar("T")


def build_huey(settings: Settings) -> Huey:
    """Huey on Redis when REDIS_URL is set, else on SQLite in the instance directory."""
    if settings.redis_url:
        return RedisHuey("targum", url=settings.redis_url, results=False)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("targum", filename=str(settings.instance_dir / "queue.db"), results=False)


def idempotency_key(header: str | None, request: dict[str, Any], metadata: dict[str, Any] | None) -> str | None:
    """The job's idempotency key: the client's header, else the article's id, revision and content."""
    if header:
        return f"key:{header}"
    if metadata and metadata.get("article_id") is not None and metadata.get("revision") is not None:
        return f"article:{metadata['article_id']}:{metadata['revision']}:{fingerprint(request)}"
    return None


class _EmbeddedConsumer(Consumer):
    """Huey's consumer, minus its signal handlers: inside a gunicorn worker, gunicorn owns the signals."""

    def _set_signal_handlers(self) -> None:
        pass


class JobQueue:
    """Submit jobs, run them, deliver their callbacks, and recover the ones a dead worker left."""

    def __init__(self, settings: Settings, translate: Translate, resolve: Resolver = system_resolver,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.translate = translate
        self.resolve = resolve
        self.clock = clock
        self.policy = CallbackPolicy.from_entries(settings.callback_allowed_hosts)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._lock = threading.Lock()
        self._huey: Huey | None = None
        self._store: JobStore | None = None
        self._sweeper_stop = threading.Event()
        self._errors = storage_errors(settings.redis_url)
        # At open, also an instance directory that cannot be made.
        self._open_errors: tuple[type[Exception], ...] = (*self._errors, OSError)
        self._unavailable: str | None = None
        # Told of each finished translation and each recorded callback attempt (the web layer's metrics).
        self.observe: Callable[[JobEvent, str], None] = lambda event, outcome: None

    # Built on first use, not in the constructor: the app factory runs at
    # import time (and in gunicorn's master), which must not open files.
    @property
    def huey(self) -> Huey:
        """The Huey instance, with this queue's two tasks registered."""
        with self._lock:
            if self._huey is None:
                where = "Redis" if self.settings.redis_url else str(self.settings.instance_dir / "queue.db")
                huey = self._open(f"the job queue ({where})", lambda: build_huey(self.settings))
                self._translate_task = huey.task(name="translate_job")(self.run_translation)
                self._deliver_task = huey.task(name="deliver_callback")(self.run_delivery)
                self._huey = huey
            return self._huey

    @property
    def store(self) -> JobStore:
        """The job store (SQLite or Redis, like the queue)."""
        with self._lock:
            if self._store is None:
                where = "Redis" if self.settings.redis_url else str(self.settings.instance_dir / "jobs.db")
                self._store = self._open(f"the job store ({where})",
                                         lambda: open_store(self.settings.redis_url, self.settings.instance_dir))
            return self._store

    def _open(self, what: str, opener: Callable[[], T]) -> T:
        """Open the queue or the store; if that fails, jobs are off in this process from then on."""
        if self._unavailable is not None:
            raise JobsUnavailable(f"jobs are off: {self._unavailable}")
        try:
            return opener()
        except self._open_errors as exc:
            # Kept, not retried: the embedded consumer did not start either,
            # so jobs stay off until the file is repaired and the worker restarts.
            self._unavailable = f"{what} cannot be opened: {exc}"
            log.error('{"event": "jobs_unavailable", "reason": "%s"}', self._unavailable.replace('"', "'"))
            raise JobsUnavailable(f"jobs are off: {self._unavailable}") from None

    def open(self) -> None:
        """Open the queue and the store now; :class:`JobsUnavailable` when either cannot be used."""
        self.huey  # noqa: B018 -- opens it
        self.store  # noqa: B018

    @property
    def unavailable(self) -> str | None:
        """None while jobs can run; else why they are off (opens the queue and the store on first use)."""
        try:
            self.open()
        except JobsUnavailable:
            pass
        return self._unavailable

    @contextmanager
    def _storage(self) -> Iterator[None]:
        """A store or queue error in a web call (a file damaged after opening, Redis out of reach) as a 503."""
        try:
            yield
        except self._errors as exc:
            log.exception("the job queue or store failed")
            raise JobsUnavailable(f"the job queue or store failed: {exc}") from None

    def depth(self) -> int | None:
        """Messages waiting on the queue (translations, callbacks due); None while jobs are off."""
        try:
            self.open()
        except JobsUnavailable:
            return None
        try:
            return int(self.huey.pending_count())
        except self._errors:
            return None

    @property
    def lease_s(self) -> float:
        return self.settings.job_lease_s

    # -- the web side ----------------------------------------------------
    def submit(self, request: dict[str, Any], callback_url: str, metadata: dict[str, Any] | None,
               idempotency_header: str | None = None) -> tuple[Job, bool]:
        """Create and enqueue a job, or return the one this idempotency key already made (and False)."""
        if not self.settings.webhook_secrets:
            raise WebhookSecretsMissing("jobs are refused: set TARGUM_WEBHOOK_SECRETS so callbacks can be signed")
        self.open()  # also registers the tasks before the first enqueue
        self.policy.check(callback_url, self.resolve)
        key = idempotency_key(idempotency_header, request, metadata)
        with self._storage():
            job, created = self.store.insert(Job.new(request, callback_url, metadata, key, self.clock()))
            if not created:
                if idempotency_header and job.fingerprint != Job.new(request, callback_url, metadata, key,
                                                                     0).fingerprint:
                    raise IdempotencyKeyReused("this Idempotency-Key was used for a different request",
                                               job_id=job.id)
                return job, False
            self._translate_task(job.id)
        return job, True

    def get(self, job_id: str) -> Job | None:
        """The job, or None (unknown, or expired)."""
        self.open()
        with self._storage():
            return self.store.get(job_id)

    def recent(self, limit: int) -> list[Job]:
        """The ``limit`` newest jobs still kept, newest first."""
        self.open()
        with self._storage():
            return self.store.recent(limit)

    def redeliver(self, job_id: str) -> Job:
        """Deliver a finished job's callback again (a fresh attempt, then the usual retries); the job, pending."""
        if not self.settings.webhook_secrets:
            raise WebhookSecretsMissing("callbacks are off: set TARGUM_WEBHOOK_SECRETS so they can be signed")
        job = self.get(job_id)
        if job is None:
            raise JobNotFound(f"no job {job_id!r}: it never existed, or its result expired", job_id=job_id)
        if job.status not in TRANSLATION_DONE:
            raise JobNotFinished(f"job {job_id!r} is {job.status}: its callback goes out when it finishes",
                                 job_id=job_id)
        with self._storage():
            again = self.store.update(job_id, lambda j: j.redeliver(self.clock()))
            if again is None:  # a delivery is queued or under way (or started since we looked)
                raise JobNotFinished(f"job {job_id!r}'s callback is {job.callback_status}: wait until it settles",
                                     code="callback_in_progress", job_id=job_id)
            self._deliver_task(job_id)
        log.info('{"event": "callback_redelivery", "job": "%s"}', job_id)
        return again

    # -- the worker side -------------------------------------------------
    def run_translation(self, job_id: str) -> None:
        """Translate one job if it is ours to run, then make its callback due."""
        job = self.store.update(job_id, lambda j: j.claim(self.owner, self.clock(), self.lease_s))
        if job is None:
            return  # done already, or another worker holds it
        stop = threading.Event()
        heartbeat = threading.Thread(target=self._heartbeat, args=(job_id, stop), daemon=True,
                                     name=f"lease-{job_id[:8]}")
        heartbeat.start()
        result, error = None, None
        try:
            result = self.translate(job.request)
        except TargumError as exc:
            error = exc.problem(typed=False)
        except Exception:  # noqa: BLE001 -- a job must end failed, never stay running
            log.exception("job %s failed unexpectedly", job_id)
            error = InternalError("an unexpected error occurred").problem(typed=False)
        finally:
            stop.set()
            heartbeat.join()
        if self.store.update(job_id, lambda j: j.finish(self.owner, self.clock(), result, error)) is not None:
            log.info('{"event": "job_translated", "job": "%s", "status": "%s"}', job_id,
                     "failed" if error else "succeeded")
            self.observe("job", "failed" if error else "succeeded")
            self._deliver_task(job_id)

    def _heartbeat(self, job_id: str, stop: threading.Event) -> None:
        while not stop.wait(self.lease_s / 3):
            if self.store.update(job_id, lambda j: j.renew(self.owner, self.clock(), self.lease_s)) is None:
                return  # lost the lease (a slow worker): the one who took over finishes

    def run_delivery(self, job_id: str) -> None:
        """Make one delivery attempt of a job's callback, and schedule the next when it must retry."""
        settings = self.settings
        lease = max(self.lease_s, settings.callback_timeout_s + 5)
        job = self.store.update(job_id, lambda j: j.claim_callback(self.owner, self.clock(), lease))
        if job is None:
            return
        started = self.clock()
        outcome = deliver(job.callback_url, callback_payload(job, started), job.id, settings.webhook_secrets,
                          self.policy, settings.callback_timeout_s, self.resolve)
        now = self.clock()
        attempt = CallbackAttempt(started, outcome.verdict, outcome.status_code, outcome.error,
                                  int((now - started) * 1000))
        status: CallbackStatus
        next_at: float | None = None
        if outcome.verdict != "retry":
            status = outcome.verdict
        else:
            tries = sum(1 for a in job.callback_attempts if a.outcome == "retry") + 1
            delay = max(backoff_delay(tries, settings.callback_backoff_base_s), outcome.retry_after_s or 0.0)
            since = max(job.finished_at or now, job.redelivered_at or 0.0)
            if now + delay > since + settings.callback_retry_horizon_s:
                status = "failed"
                attempt = CallbackAttempt(attempt.at, "failed", attempt.status_code,
                                          f"{attempt.error}; gave up: the retry horizon is over", attempt.duration_ms)
            else:
                status, next_at = "pending", now + delay
        recorded = self.store.update(job_id, lambda j: j.record_attempt(self.owner, attempt, now, next_at, status,
                                                                       settings.job_result_ttl_s))
        log.info('{"event": "callback_attempt", "job": "%s", "outcome": "%s", "status_code": %s}',
                 job_id, attempt.outcome, attempt.status_code or "null")
        if recorded is not None:
            self.observe("callback", attempt.outcome)
        if recorded is not None and next_at is not None:
            self._deliver_task.schedule((job_id,), delay=next_at - now)

    # -- recovery --------------------------------------------------------
    def recover(self) -> int:
        """Put back on the queue what a dead worker or a lost message left behind; how many jobs."""
        self.huey  # noqa: B018 -- the tasks must exist before anything is enqueued
        now, moved = self.clock(), 0
        for job in self.store.active():
            if job.translation_stalled(now, self.lease_s):
                moved += self._give_up(job, now) if job.out_of_attempts() else self._requeue(job, now)
            elif job.callback_stalled(now, self.lease_s):
                moved += self._redeliver(job, now)
        self.store.purge(now)
        return moved

    # Each step below changes the job only if it is still as recovery saw it
    # (compare-and-set), so two sweepers never both act on one job.
    def _step(self, job_id: str, change: Callable[[Job], Job | None], task: Any) -> int:
        """Apply ``change``; when it took, enqueue ``task`` for the job. 1 if it took, else 0."""
        if self.store.update(job_id, change) is None:
            return 0
        task(job_id)
        return 1

    def _give_up(self, seen: Job, now: float) -> int:
        """Fail a job that keeps losing its worker, and make its callback due."""
        error = WorkerLost(f"the job's worker stopped {seen.attempts} times; it is not run again").problem(typed=False)

        def fail(job: Job) -> Job | None:
            return job.finish(None, now, None, error) if job.lease_until == seen.lease_until else None

        moved = self._step(seen.id, fail, self._deliver_task)
        if moved:
            self.observe("job", "failed")
        return moved

    def _requeue(self, seen: Job, now: float) -> int:
        """Put a stalled job on the queue again."""
        def requeue(job: Job) -> Job | None:
            unchanged = job.enqueued_at == seen.enqueued_at and job.status == seen.status
            return job.requeued(now) if unchanged else None

        return self._step(seen.id, requeue, self._translate_task)

    def _redeliver(self, seen: Job, now: float) -> int:
        """Schedule again a callback whose attempt went missing or whose delivering worker was lost."""
        def reschedule(job: Job) -> Job | None:
            if job.callback_status == "pending":
                return job.reschedule_callback(now) if job.next_attempt_at == seen.next_attempt_at else None
            return job if job.callback_status == "delivering" else None

        return self._step(seen.id, reschedule, self._deliver_task)

    def _sweep(self) -> None:
        while True:
            try:
                moved = self.recover()
                if moved:
                    log.info('{"event": "jobs_recovered", "count": %d}', moved)
            except Exception:  # noqa: BLE001 -- a store hiccup must not end the sweeper
                log.exception("job recovery failed")
            if self._sweeper_stop.wait(self.lease_s / 2):
                return

    # -- consuming -------------------------------------------------------
    def consumer(self, workers: int, embedded: bool) -> Consumer:
        """A Huey consumer of ``workers`` threads (without signal handlers when ``embedded``)."""
        cls = _EmbeddedConsumer if embedded else Consumer
        # Redis blocks on the queue; SQLite is polled, at most every half second.
        return cls(self.huey, workers=workers, worker_type="thread", periodic=False, max_delay=0.5,
                   initial_delay=0.05, backoff=1.5)

    def start_sweeper(self) -> threading.Thread:
        """Recover now, and every half lease from now on, in a daemon thread."""
        self._sweeper_stop.clear()
        thread = threading.Thread(target=self._sweep, daemon=True, name="targum-job-sweeper")
        thread.start()
        return thread

    def start_embedded(self, workers: int) -> Consumer | None:
        """Consume inside this process (a gunicorn worker): consumer threads and the sweeper.

        None, and nothing started, when the queue or the store cannot be
        opened: the worker boots and serves translation without jobs.
        """
        try:
            self.open()
        except JobsUnavailable:
            return None  # logged by _open, reported by /readyz and the job endpoints
        consumer = self.consumer(workers, embedded=True)
        consumer.start()
        self.start_sweeper()
        return consumer

    def stop(self, consumer: Consumer | None = None) -> None:
        """Stop the sweeper and, when given, the consumer (running jobs are left to recovery)."""
        self._sweeper_stop.set()
        if consumer is not None:
            consumer.stop(graceful=False)
