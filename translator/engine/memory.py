"""The translation memory: sentence translations kept so a re-sent article costs almost nothing.

Every CMS save re-sends the whole article; with the memory only the edited
paragraph's sentences reach a model. An entry is keyed by the package's
identity (name, version and a fingerprint of its files, so a replaced package
never serves the old model's output), the decoding options, and the source
sentence; it keeps the translation with the decoder's score and whether it
was cut at the length limit, so a remembered sentence is reviewed as a
decoded one is.

Stores: SQLite by default (one file under the instance directory, WAL mode,
shared safely by every gunicorn worker on the host), Redis when ``REDIS_URL``
is set (shared by every host). Both are bounded to ``max_entries`` and evict
the least recently used entries (reads count as use), down to 90% of the
bound, when an insert passes it.
A store that fails (locked, unreachable) is logged and skipped: the request
is translated by the models instead, never failed because of the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Mapping, Protocol, Sequence, cast

from translator.engine.attention import AlignedText
from translator.engine.packages import PackageInfo

log = logging.getLogger("targum.memory")
# Evict down to this share of the bound, so eviction runs now and then, not on every insert.
EVICT_TO = 0.9
_SQL_CHUNK = 500  # SQLite's default limit on host parameters is 999
# An entry that carries an alignment is keyed apart from the plain one of the same sentence
# (a plain entry has no alignment to give). Part of the stored keys: never change it.
_ALIGNED_MARK = "\x1daligned\x1d"
# The stored value's shape, part of every key: entries of an older shape are not read, only evicted in time.
# 2: a JSON object with the text, the decoder's score and whether it was truncated (and the links when aligned).
VALUE_FORMAT = 2


def memory_key(package: PackageInfo, beam_size: int, compute_type: str, sentence: str) -> str:
    """The key of one sentence's translation by one package with one set of decoding options."""
    identity = f"{package.name}\x1f{package.package_version}\x1f{package.fingerprint}"
    options = f"beam={beam_size}\x1fcompute={compute_type}\x1fformat={VALUE_FORMAT}"
    return hashlib.sha256(f"{identity}\x1e{options}\x1e{sentence}".encode("utf-8")).hexdigest()


class TranslationMemory(Protocol):
    """What the pipeline needs of a memory."""

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """The stored translations of those keys that are present."""
        ...

    def put_many(self, items: dict[str, str]) -> None:
        """Store translations by key."""
        ...


class SentenceMemory:
    """Typed access to a memory store for one engine: plain and aligned translations of sentences.

    The store holds strings by key (:class:`TranslationMemory`); this is the
    only place that knows how a translation with its alignment is keyed and
    written there.
    """

    def __init__(self, store: TranslationMemory, compute_type: str) -> None:
        self.store = store
        self.compute_type = compute_type

    def _key(self, package: PackageInfo, beam_size: int, sentence: str, aligned: bool) -> str:
        return memory_key(package, beam_size, self.compute_type, _ALIGNED_MARK + sentence if aligned else sentence)

    def recall(
        self, package: PackageInfo, beam_size: int, sentences: Sequence[str], aligned: frozenset[str] = frozenset()
    ) -> dict[str, AlignedText]:
        """The remembered translations of those ``sentences`` the memory has.

        A sentence in ``aligned`` is found only with its alignment; the others
        come back with no links.
        """
        keys = {self._key(package, beam_size, s, s in aligned): s for s in sentences}
        found = self.store.get_many(list(keys))
        return {keys[key]: _decode(value, keys[key] in aligned) for key, value in found.items()}

    def remember(
        self, package: PackageInfo, beam_size: int, translations: Mapping[str, AlignedText],
        aligned: frozenset[str] = frozenset(),
    ) -> None:
        """Keep translations by source sentence, with their alignment for the sentences in ``aligned``."""
        self.store.put_many({self._key(package, beam_size, s, s in aligned): _encode(t, s in aligned)
                             for s, t in translations.items()})


def _encode(translation: AlignedText, aligned: bool) -> str:
    value: dict[str, object] = {"text": translation.text, "score": translation.score,
                                "truncated": translation.truncated}
    if aligned:
        value["links"] = translation.links
    return json.dumps(value, ensure_ascii=False)


def _decode(value: str, aligned: bool) -> AlignedText:
    stored = json.loads(value)
    links = tuple((a, b, c, d) for a, b, c, d in stored["links"]) if aligned else ()
    return AlignedText(stored["text"], links, stored.get("score"), bool(stored.get("truncated")))


class NoMemory:
    """The memory switched off: remembers nothing."""

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """Nothing is ever found."""
        return {}

    def put_many(self, items: dict[str, str]) -> None:
        """Nothing is kept."""


def _text(value: bytes | str) -> str:
    """A Redis reply as text (the client is not asked to decode, so replies are bytes)."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _excess(count: int, max_entries: int) -> int:
    """How many least recently used entries to evict from ``count``: none within
    the bound; past it, enough to come down to ``EVICT_TO`` of it."""
    return count - int(max_entries * EVICT_TO) if count > max_entries else 0


class SqliteMemory:
    """A bounded LRU memory in one SQLite file, shared by the processes of a host."""

    def __init__(self, path: Path, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        # One connection per process, guarded by a lock: statements are short.
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        # Opened on first use (under the lock), so building the app touches no file.
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS memory "
                "(key TEXT PRIMARY KEY, translation TEXT NOT NULL, used REAL NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS memory_used ON memory (used)")
            self._connection = db
        return self._connection

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """Stored translations of the keys present; marks them used now."""
        found: dict[str, str] = {}
        try:
            with self._lock:
                for start in range(0, len(keys), _SQL_CHUNK):
                    chunk = keys[start : start + _SQL_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(f"SELECT key, translation FROM memory WHERE key IN ({marks})", chunk)
                    found.update(rows.fetchall())
                if found:
                    now = time.time()
                    self._db.executemany("UPDATE memory SET used = ? WHERE key = ?", [(now, k) for k in found])
        except (sqlite3.Error, OSError) as exc:
            log.warning("translation memory unavailable for reading: %s", exc)
            return {}
        return found

    def put_many(self, items: dict[str, str]) -> None:
        """Store translations, then evict the least recently used past the bound."""
        if not items:
            return
        now = time.time()
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO memory (key, translation, used) VALUES (?, ?, ?)",
                    [(key, value, now) for key, value in items.items()],
                )
                (count,) = self._db.execute("SELECT COUNT(*) FROM memory").fetchone()
                excess = _excess(count, self.max_entries)
                if excess:
                    self._db.execute(
                        "DELETE FROM memory WHERE key IN (SELECT key FROM memory ORDER BY used LIMIT ?)", (excess,)
                    )
                self._db.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            log.warning("translation memory unavailable for writing: %s", exc)
            if self._connection is not None and self._connection.in_transaction:
                self._connection.execute("ROLLBACK")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM memory").fetchone()[0])

    def clear(self) -> None:
        """Forget everything (benchmarks start each cold run with this)."""
        with self._lock:
            self._db.execute("DELETE FROM memory")


class RedisMemory:
    """A bounded LRU memory in Redis, shared by every host of a deployment.

    Each entry is a string key; a sorted set scores every key by its last use,
    and trimming it past ``max_entries`` deletes the least recently used.
    """

    PREFIX = "targum:memory:"
    USED = "targum:memory-used"

    def __init__(self, url: str, max_entries: int) -> None:
        import redis  # only deployments with REDIS_URL need the client

        self.max_entries = max_entries
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._errors = (redis.RedisError, OSError)

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """Stored translations of the keys present; marks them used now."""
        if not keys:
            return {}
        try:
            values = self._redis.mget([self.PREFIX + key for key in keys])
            found = {key: _text(value) for key, value in zip(keys, values) if value is not None}
            if found:
                self._redis.zadd(self.USED, {key: time.time() for key in found})
        except self._errors as exc:
            log.warning("translation memory unavailable for reading: %s", exc)
            return {}
        return found

    def put_many(self, items: dict[str, str]) -> None:
        """Store translations, then evict the least recently used past the bound."""
        if not items:
            return
        now = time.time()
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                pipe.mset({self.PREFIX + key: value for key, value in items.items()})
                pipe.zadd(self.USED, {key: now for key in items})
                pipe.zcard(self.USED)
                count = pipe.execute()[-1]
            excess = _excess(count, self.max_entries)
            if excess:
                oldest = [_text(key) for key in cast(list[bytes], self._redis.zrange(self.USED, 0, excess - 1))]
                if oldest:
                    with self._redis.pipeline(transaction=False) as pipe:
                        pipe.delete(*(self.PREFIX + key for key in oldest))
                        pipe.zrem(self.USED, *oldest)
                        pipe.execute()
        except self._errors as exc:
            log.warning("translation memory unavailable for writing: %s", exc)

    def __len__(self) -> int:
        return int(self._redis.zcard(self.USED))
