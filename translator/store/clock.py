"""The store's times: written in UTC, given back as ISO 8601 with a ``Z``."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    """This moment, in UTC."""
    return datetime.now(timezone.utc)


def aware(moment: datetime) -> datetime:
    """A stored time in UTC (SQLite gives it back without its zone: it was written in UTC)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def iso(moment: datetime) -> str:
    """A stored time as ISO 8601 UTC, to the millisecond."""
    return aware(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")
