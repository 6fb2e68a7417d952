"""Translation jobs: what the CMS asked for, where the job stands, and its callback.

A job has two lives. Its translation goes queued → running → succeeded or
failed; then its callback goes pending → delivering → delivered, failed or
gone (retries go back to pending with a time for the next attempt). Each step
is a method that returns the next :class:`Job`, or None when the job is not
in a state that allows it; the store applies it with compare-and-set, so of
two workers racing for one step exactly one wins.

A worker holds a running translation (and a callback being delivered) under a
lease that it renews; when a worker dies, its lease runs out and the job is
run again by another (translation is idempotent), up to
:data:`MAX_TRANSLATION_ATTEMPTS` times.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal

# A job that kills its worker this many times (out of memory on a pathological
# article, say) fails instead of taking every worker down in turn.
MAX_TRANSLATION_ATTEMPTS = 3

# Where a job's translation stands, and where its callback stands.
JobStatus = Literal["queued", "running", "succeeded", "failed"]
CallbackStatus = Literal["waiting", "pending", "delivering", "delivered", "failed", "gone"]
# What one delivery attempt came to ("interrupted": its worker was lost mid-delivery).
AttemptOutcome = Literal["delivered", "retry", "failed", "gone", "interrupted"]
TRANSLATION_DONE: tuple[JobStatus, ...] = ("succeeded", "failed")
CALLBACK_DONE: tuple[CallbackStatus, ...] = ("delivered", "failed", "gone")


def fingerprint(value: Any) -> str:
    """SHA-256 of a JSON value in a canonical form (sorted keys, no spaces)."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CallbackAttempt:
    """One try at delivering the callback: when, what the receiver said, and the verdict."""

    at: float
    outcome: AttemptOutcome
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0


@dataclass(frozen=True)
class Job:
    """One translation job and its callback, as stored."""

    id: str
    request: dict[str, Any]  # the /v1/translate body, as the CMS sent it
    callback_url: str
    created_at: float
    metadata: dict[str, Any] | None = None
    idempotency_key: str | None = None
    fingerprint: str = ""
    status: JobStatus = "queued"
    updated_at: float = 0.0
    enqueued_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    attempts: int = 0
    owner: str | None = None
    lease_until: float | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    callback_status: CallbackStatus = "waiting"  # waiting for the translation, then pending → …
    callback_attempts: tuple[CallbackAttempt, ...] = ()
    next_attempt_at: float | None = None
    callback_owner: str | None = None
    callback_lease_until: float | None = None
    delivered_at: float | None = None
    expires_at: float | None = None
    redelivered_at: float | None = None  # when an editor last asked for the callback again
    version: int = field(default=0, compare=False)

    @classmethod
    def new(cls, request: dict[str, Any], callback_url: str, metadata: dict[str, Any] | None,
            idempotency_key: str | None, now: float) -> "Job":
        """A queued job with a fresh id."""
        return cls(id=uuid.uuid4().hex, request=request, callback_url=callback_url, created_at=now,
                   metadata=metadata, idempotency_key=idempotency_key,
                   fingerprint=fingerprint({"request": request, "callback_url": callback_url, "metadata": metadata}),
                   updated_at=now, enqueued_at=now)

    @property
    def done(self) -> bool:
        """Nothing left to do: translated (or failed) and the callback settled."""
        return self.status in TRANSLATION_DONE and self.callback_status in CALLBACK_DONE

    # -- translation -----------------------------------------------------
    def claim(self, owner: str, now: float, lease_s: float) -> "Job | None":
        """Start (or take over, after an expired lease) the translation."""
        taking_over = self.status == "running" and (self.lease_until or 0) < now
        if self.status != "queued" and not taking_over:
            return None
        return replace(self, status="running", owner=owner, lease_until=now + lease_s, attempts=self.attempts + 1,
                       started_at=now, updated_at=now)

    def renew(self, owner: str, now: float, lease_s: float) -> "Job | None":
        """Extend the lease of a translation this owner still holds."""
        if self.status != "running" or self.owner != owner:
            return None
        return replace(self, lease_until=now + lease_s, updated_at=now)

    def finish(self, owner: str | None, now: float, result: dict[str, Any] | None = None,
               error: dict[str, Any] | None = None) -> "Job | None":
        """Record the translation's result or error; the callback becomes due.

        ``owner`` None finishes whoever held it (the sweeper giving up on a
        job that keeps losing its worker).
        """
        if self.status != "running" or (owner is not None and self.owner != owner):
            return None
        return replace(self, status="failed" if error else "succeeded", result=result, error=error,
                       finished_at=now, owner=None, lease_until=None, updated_at=now,
                       callback_status="pending", next_attempt_at=now)

    def requeued(self, now: float) -> "Job":
        """The same job, marked as put on the queue again now."""
        return replace(self, enqueued_at=now, updated_at=now)

    # -- what recovery looks for -----------------------------------------
    def translation_stalled(self, now: float, lease_s: float) -> bool:
        """Queued or running for over a lease since it was last put on the queue, and nobody holds it.

        A queued job whose message went missing, or a running one whose
        worker stopped renewing its lease.
        """
        stale = self.enqueued_at + lease_s < now
        if self.status == "queued":
            return stale
        return self.status == "running" and (self.lease_until or 0) < now and stale

    def out_of_attempts(self) -> bool:
        """A running job that has lost its worker as often as it may: it is failed, not run again."""
        return self.status == "running" and self.attempts >= MAX_TRANSLATION_ATTEMPTS

    def callback_stalled(self, now: float, lease_s: float) -> bool:
        """A pending callback whose scheduled attempt is a lease overdue, or a delivery whose worker was lost."""
        if self.callback_status == "pending":
            return (self.next_attempt_at or 0) + lease_s < now
        return self.callback_status == "delivering" and (self.callback_lease_until or 0) < now

    # -- callback --------------------------------------------------------
    def claim_callback(self, owner: str, now: float, lease_s: float) -> "Job | None":
        """Start a delivery attempt when one is due (or a delivering worker was lost)."""
        due = self.callback_status == "pending" and (self.next_attempt_at or 0) <= now + 1.0
        lost = self.callback_status == "delivering" and (self.callback_lease_until or 0) < now
        if not (due or lost):
            return None
        attempts = self.callback_attempts
        if lost:
            attempts += (CallbackAttempt(at=now, outcome="interrupted", error="the delivering worker was lost"),)
        return replace(self, callback_status="delivering", callback_owner=owner, callback_lease_until=now + lease_s,
                       callback_attempts=attempts, updated_at=now)

    def record_attempt(self, owner: str, attempt: CallbackAttempt, now: float, next_attempt_at: float | None,
                       status: CallbackStatus, ttl_s: float) -> "Job | None":
        """Record an attempt; ``status`` is the callback's new one (pending with a time, or final)."""
        if self.callback_status != "delivering" or self.callback_owner != owner:
            return None
        settled = status in CALLBACK_DONE
        return replace(self, callback_status=status, callback_attempts=self.callback_attempts + (attempt,),
                       next_attempt_at=next_attempt_at, callback_owner=None, callback_lease_until=None,
                       delivered_at=now if status == "delivered" else self.delivered_at,
                       expires_at=now + ttl_s if settled else None, updated_at=now)

    def redeliver(self, now: float) -> "Job | None":
        """A finished job's settled callback, due again now (someone asked for it to be delivered again).

        Earlier attempts stay in the log; the retry horizon counts from now.
        """
        if self.status not in TRANSLATION_DONE or self.callback_status not in CALLBACK_DONE:
            return None
        return replace(self, callback_status="pending", next_attempt_at=now, expires_at=None, redelivered_at=now,
                       updated_at=now)

    def reschedule_callback(self, now: float) -> "Job":
        """A pending callback whose scheduled attempt went missing, due again now."""
        return replace(self, next_attempt_at=now, updated_at=now)

    # -- storage ---------------------------------------------------------
    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes, version: int | None = None) -> "Job":
        """Back from the stored form (``version`` from the store's own column, when it has one)."""
        data = json.loads(raw)
        data["callback_attempts"] = tuple(CallbackAttempt(**a) for a in data.get("callback_attempts", ()))
        if version is not None:
            data["version"] = version
        return cls(**data)


def iso(timestamp: float | None) -> str | None:
    """A Unix time as ISO 8601 in UTC, to the millisecond."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def job_document(job: Job) -> dict[str, Any]:
    """The job as clients see it: in ``GET /v1/jobs/<id>`` and in its callback."""
    document: dict[str, Any] = {
        "id": job.id, "status": job.status, "metadata": job.metadata,
        "created_at": iso(job.created_at), "started_at": iso(job.started_at), "finished_at": iso(job.finished_at),
        "attempts": job.attempts,
        "callback": {
            "url": job.callback_url, "status": job.callback_status,
            "attempts": [{"at": iso(a.at), "outcome": a.outcome, "status_code": a.status_code, "error": a.error,
                          "duration_ms": a.duration_ms} for a in job.callback_attempts],
            "next_attempt_at": iso(job.next_attempt_at) if job.callback_status == "pending" else None,
            "delivered_at": iso(job.delivered_at),
        },
        "expires_at": iso(job.expires_at),
    }
    if job.error is not None:
        document["error"] = job.error
    if job.result is not None:
        document["result"] = job.result
    return document


def callback_payload(job: Job, now: float) -> dict[str, Any]:
    """The callback's body, in the Standard Webhooks shape: type, timestamp, data."""
    data = job_document(job)
    del data["callback"]  # the receiver is the callback; its own delivery log is noise to it
    return {"type": f"translation.{job.status}", "timestamp": iso(now), "data": data}
