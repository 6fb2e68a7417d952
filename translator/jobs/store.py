"""Where jobs are kept: SQLite under the instance directory, or Redis when REDIS_URL is set.

Both stores give the same guarantees. A job is inserted once per idempotency
key (a second insert with the key returns the first job). Every change is a
compare-and-set: :meth:`update` reads the job, asks a pure function for the
next one, and writes it only if nobody changed the job in between, else reads
again and retries, so two workers can never both claim a step.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, Protocol, cast

from translator.jobs.job import Job

Change = Callable[[Job], "Job | None"]
_CAS_TRIES = 50
# Redis keeps the ids of this many newest jobs for :meth:`RedisJobStore.recent` (a page asks for 100 at most).
RECENT_KEPT = 1000


def _text(value: bytes | str) -> str:
    """A Redis reply as text (the client is not asked to decode, so replies are bytes)."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


class JobStore(Protocol):
    """What the queue needs from a store."""

    def insert(self, job: Job) -> tuple[Job, bool]:
        """Store ``job``; or, when its idempotency key is taken, return that job and False."""

    def get(self, job_id: str) -> Job | None:
        """The job, or None."""

    def update(self, job_id: str, change: Change) -> Job | None:
        """Apply ``change`` atomically; the new job, or None when ``change`` declined."""

    def active(self) -> list[Job]:
        """Every job with something left to do."""

    def purge(self, now: float) -> int:
        """Forget settled jobs past their expiry; how many."""

    def recent(self, limit: int) -> list[Job]:
        """The ``limit`` newest jobs still kept, newest first."""


class SqliteJobStore:
    """Jobs in one SQLite file; safe across threads and processes of one host."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, idempotency_key TEXT UNIQUE,"
                       " done INTEGER NOT NULL, expires_at REAL, version INTEGER NOT NULL, data TEXT NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS jobs_done ON jobs (done, expires_at)")

    def _connect(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not cross threads.
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def insert(self, job: Job) -> tuple[Job, bool]:
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            if job.idempotency_key is not None:
                row = db.execute("SELECT data, version FROM jobs WHERE idempotency_key = ?",
                                 (job.idempotency_key,)).fetchone()
                if row is not None:
                    db.execute("COMMIT")
                    return Job.from_json(row[0], row[1]), False
            db.execute("INSERT INTO jobs VALUES (?, ?, 0, NULL, 0, ?)", (job.id, job.idempotency_key, job.to_json()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return job, True

    def get(self, job_id: str) -> Job | None:
        row = self._connect().execute("SELECT data, version FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else Job.from_json(row[0], row[1])

    def update(self, job_id: str, change: Change) -> Job | None:
        db = self._connect()
        for _ in range(_CAS_TRIES):
            job = self.get(job_id)
            if job is None:
                return None
            new = change(job)
            if new is None:
                return None
            written = db.execute(
                "UPDATE jobs SET data = ?, done = ?, expires_at = ?, version = version + 1"
                " WHERE id = ? AND version = ?",
                (new.to_json(), int(new.done), new.expires_at, job_id, job.version),
            ).rowcount
            if written:
                return Job.from_json(new.to_json(), job.version + 1)
        raise RuntimeError(f"job {job_id} kept changing under {_CAS_TRIES} updates")

    def active(self) -> list[Job]:
        rows = self._connect().execute("SELECT data, version FROM jobs WHERE done = 0").fetchall()
        return [Job.from_json(data, version) for data, version in rows]

    def purge(self, now: float) -> int:
        return self._connect().execute("DELETE FROM jobs WHERE done = 1 AND expires_at < ?", (now,)).rowcount

    def recent(self, limit: int) -> list[Job]:
        rows = self._connect().execute("SELECT data, version FROM jobs ORDER BY json_extract(data, '$.created_at')"
                                       " DESC LIMIT ?", (limit,)).fetchall()
        return [Job.from_json(data, version) for data, version in rows]


class RedisJobStore:
    """Jobs in Redis, shared by every host: WATCH/MULTI for compare-and-set, TTLs for expiry."""

    def __init__(self, url: str, prefix: str = "targum") -> None:
        import redis  # only needed in the distributed mode

        self.redis = redis.Redis.from_url(url)
        self._watch_error = redis.WatchError
        self.prefix = prefix

    def _key(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def _idem(self, key: str) -> str:
        return f"{self.prefix}:idempotency:{key}"

    @property
    def _active(self) -> str:
        return f"{self.prefix}:jobs:active"

    @property
    def _recent(self) -> str:
        return f"{self.prefix}:jobs:recent"  # a sorted set: job ids by creation time

    def insert(self, job: Job) -> tuple[Job, bool]:
        # The job is written before its key is claimed, so whoever finds the
        # key always finds the job; a loser removes its own copy.
        with self.redis.pipeline() as pipe:
            pipe.set(self._key(job.id), job.to_json())
            pipe.sadd(self._active, job.id)
            pipe.zadd(self._recent, {job.id: job.created_at})
            pipe.zremrangebyrank(self._recent, 0, -RECENT_KEPT - 1)
            pipe.execute()
        if job.idempotency_key is None or self.redis.set(self._idem(job.idempotency_key), job.id, nx=True):
            return job, True
        with self.redis.pipeline() as pipe:
            pipe.delete(self._key(job.id))
            pipe.srem(self._active, job.id)
            pipe.zrem(self._recent, job.id)
            pipe.execute()
        existing_id = self.redis.get(self._idem(job.idempotency_key))
        existing = self.get(_text(existing_id)) if existing_id else None
        if existing is None:  # expired in between: try once more as a new job
            self.redis.delete(self._idem(job.idempotency_key))
            return self.insert(job)
        return existing, False

    def get(self, job_id: str) -> Job | None:
        raw = self.redis.get(self._key(job_id))
        return None if raw is None else Job.from_json(raw)

    def update(self, job_id: str, change: Change) -> Job | None:
        key = self._key(job_id)
        for _ in range(_CAS_TRIES):
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    if raw is None:
                        return None
                    job = Job.from_json(raw)
                    new = change(job)
                    if new is None:
                        return None
                    new = Job.from_json(new.to_json(), job.version + 1)
                    pipe.multi()
                    pipe.set(key, new.to_json())
                    if new.done and new.expires_at is not None:
                        ttl_ms = max(1, int((new.expires_at - time.time()) * 1000))
                        pipe.pexpire(key, ttl_ms)
                        if new.idempotency_key is not None:
                            pipe.pexpire(self._idem(new.idempotency_key), ttl_ms)
                        pipe.srem(self._active, job_id)
                    elif job.done:  # a settled job made active again (its callback redelivered): no expiry now
                        pipe.persist(key)
                        pipe.sadd(self._active, job_id)
                    pipe.execute()
                    return new
                except self._watch_error:
                    continue
        raise RuntimeError(f"job {job_id} kept changing under {_CAS_TRIES} updates")

    def active(self) -> list[Job]:
        ids = [_text(i) for i in cast(set[bytes], self.redis.smembers(self._active))]
        jobs = [self.get(job_id) for job_id in ids]
        return [job for job in jobs if job is not None]

    def purge(self, now: float) -> int:
        return 0  # Redis expires settled jobs itself (their keys carry a TTL)

    def recent(self, limit: int) -> list[Job]:
        ids = [_text(i) for i in cast(list[bytes], self.redis.zrevrange(self._recent, 0, RECENT_KEPT - 1))]
        jobs: list[Job] = []
        for job_id in ids:
            job = self.get(job_id)
            if job is None:  # expired: its id goes too
                self.redis.zrem(self._recent, job_id)
                continue
            jobs.append(job)
            if len(jobs) == limit:
                break
        return jobs


def storage_errors(redis_url: str | None) -> tuple[type[Exception], ...]:
    """What the store and Huey's storage raise when their file or server cannot be used.

    SQLite's errors (a damaged file, a locked or read-only one), and Redis's
    when it is configured (a connection refused, a timeout).
    """
    if redis_url:
        import redis  # only needed in the distributed mode

        return (sqlite3.Error, redis.RedisError)
    return (sqlite3.Error,)


def open_store(redis_url: str | None, instance_dir: Path) -> JobStore:
    """Redis when a URL is configured, else SQLite in the instance directory."""
    if redis_url:
        return RedisJobStore(redis_url)
    return SqliteJobStore(instance_dir / "jobs.db")
