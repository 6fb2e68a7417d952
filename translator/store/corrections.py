"""Corrections kept in the store: added (one by one, or a TMX file's worth), searched, deleted, logged.

A correction is a row of ``corrections`` with its pairs (``correction_pairs``:
the whole block, then its sentences), written in one transaction with a
``created`` event; deleting it removes its pairs and writes a ``deleted``
event, so the log says who changed what and when, and other processes
follow it (:mod:`translator.store.approvals`).
"""

from __future__ import annotations

import builtins
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, Literal, Sequence

from sqlalchemy import Connection, Row, delete, func, insert, select

from translator.corrections.keys import key_hash, source_key
from translator.corrections.near import IndexedPair
from translator.corrections.pairs import Draft
from translator.corrections.tmx import ExportPair
from translator.errors import CorrectionNotFound
from translator.store.clock import aware, iso, now
from translator.store.database import Database
from translator.store.schema import correction_events, correction_pairs, corrections

ID_PREFIX = "co_"
MAX_LIMIT = 500
Origin = Literal["api", "suggest", "tmx"]


@dataclass(frozen=True)
class Correction:
    """A stored correction, as the API shows it."""

    id: str
    source: str
    source_language: str
    target_language: str
    text: str
    level: str
    origin: str
    article_id: str | None
    block_id: str | None
    editor: str | None
    created_at: str  # ISO 8601, UTC
    pairs: int


@dataclass(frozen=True)
class Event:
    """One change: a correction created or deleted, by whom (when known), when."""

    id: int
    correction_id: str
    action: str
    editor: str | None
    at: str


@dataclass(frozen=True)
class Found:
    """A stored pair found by its source's hash."""

    source: str
    text: str
    correction_id: str


@dataclass(frozen=True)
class IndexRow:
    """A stored pair for a near-match index: its row id and language pair."""

    id: int
    source_language: str
    target_language: str
    pair: IndexedPair


@dataclass(frozen=True)
class Search:
    """What to look for: text in the source or the correction, and the fields to match exactly."""

    q: str | None = None
    article_id: str | None = None
    editor: str | None = None
    source_language: str | None = None
    target_language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


def _correction(row: Row[Any], pairs: int) -> Correction:
    return Correction(row.id, row.source, row.source_language, row.target_language, row.text, row.level, row.origin,
                      row.article_id, row.block_id, row.editor, iso(row.created_at), pairs)


def _filters(search: Search) -> list[Any]:
    c = corrections.c
    where: list[Any] = []
    if search.q:
        pattern = "%" + search.q.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(c.folded.like(pattern, escape="\\"))
    for name in ("article_id", "editor", "source_language", "target_language"):
        if getattr(search, name) is not None:
            where.append(c[name] == getattr(search, name))
    if search.since is not None:
        where.append(c.created_at >= search.since)
    if search.until is not None:
        where.append(c.created_at < search.until)
    return where


class CorrectionStore:
    """Corrections in a :class:`Database`; safe to share between threads, and between processes on one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, draft: Draft, origin: Origin = "api") -> Correction:
        """Store one correction with its pairs; the newest correction of a source wins its lookups."""
        with self.database.write() as db:
            correction_id = self._insert(db, draft, origin, now())
            return self._get(db, correction_id)

    def add_many(self, drafts: Sequence[Draft], origin: Origin) -> int:
        """Store every draft in one transaction (all or, on an error, none); how many were stored."""
        with self.database.write() as db:
            moment = now()
            for draft in drafts:
                self._insert(db, draft, origin, moment)
        return len(drafts)

    def lookup(self, source_language: str, target_language: str, hashes: set[str]) -> dict[str, Found]:
        """Source hash → the newest pair with that source (its source, text and correction), in one query."""
        if not hashes:
            return {}
        p = correction_pairs.c
        query = (select(p.source_hash, p.source, p.text, p.correction_id)
                 .where(p.source_language == source_language, p.target_language == target_language,
                        p.source_hash.in_(sorted(hashes)))
                 .order_by(p.id))
        with self.database.read() as db:
            rows = db.execute(query).all()
        return {row.source_hash: Found(row.source, row.text, row.correction_id) for row in rows}  # newest wins

    def indexed(self, correction_ids: set[str] | None = None) -> tuple[int, builtins.list[IndexRow]]:
        """The last event's id, and every pair (or those of ``correction_ids``), for a near-match index."""
        p = correction_pairs.c
        query = select(p.id, p.correction_id, p.source_language, p.target_language, p.source, p.text).order_by(p.id)
        if correction_ids is not None:
            query = query.where(p.correction_id.in_(sorted(correction_ids)))
        with self.database.read() as db:
            last = db.execute(select(func.max(correction_events.c.id))).scalar_one() or 0
            rows = db.execute(query).all() if correction_ids is None or correction_ids else []
        return last, [IndexRow(row.id, row.source_language, row.target_language,
                               IndexedPair(row.correction_id, row.source, row.text, source_key(row.source)))
                      for row in rows]

    def changes(self, after: int) -> builtins.list[Event]:
        """The events after ``after``, oldest first (what a near-match index has not seen yet)."""
        e = correction_events.c
        with self.database.read() as db:
            rows = db.execute(select(correction_events).where(e.id > after).order_by(e.id)).all()
        return [Event(row.id, row.correction_id, row.action, row.editor, iso(row.at)) for row in rows]

    def get(self, correction_id: str) -> tuple[Correction, list[Event]]:
        """The correction and its log; :class:`CorrectionNotFound` when there is none (never made, or deleted)."""
        with self.database.read() as db:
            return self._get(db, correction_id), self._events(db, correction_id)

    def search(self, search: Search) -> tuple[builtins.list[Correction], int]:
        """The corrections that match, newest first (``limit`` of them from ``offset``), and how many match."""
        where = _filters(search)
        count_pairs = (select(func.count()).where(correction_pairs.c.correction_id == corrections.c.id)
                       .scalar_subquery().label("pair_count"))
        query = (select(corrections, count_pairs).where(*where)
                 .order_by(corrections.c.created_at.desc(), corrections.c.id.desc())
                 .limit(min(search.limit, MAX_LIMIT)).offset(search.offset))
        with self.database.read() as db:
            total = db.execute(select(func.count()).select_from(corrections).where(*where)).scalar_one()
            return [_correction(row, row.pair_count) for row in db.execute(query)], total

    def delete(self, correction_id: str, editor: str | None = None) -> None:
        """Forget a correction and its pairs; the log keeps who deleted it and when."""
        with self.database.write() as db:
            self._get(db, correction_id)
            db.execute(delete(correction_pairs).where(correction_pairs.c.correction_id == correction_id))
            db.execute(delete(corrections).where(corrections.c.id == correction_id))
            db.execute(insert(correction_events).values(correction_id=correction_id, action="deleted",
                                                        editor=editor, at=now()))

    def log(self, limit: int = 50, after: int = 0) -> builtins.list[Event]:
        """The changes, newest first (``after``: only those with a larger id)."""
        e = correction_events.c
        query = select(correction_events).where(e.id > after).order_by(e.id.desc()).limit(min(limit, MAX_LIMIT))
        with self.database.read() as db:
            return [Event(row.id, row.correction_id, row.action, row.editor, iso(row.at)) for row in db.execute(query)]

    def export(self) -> Iterator[ExportPair]:
        """Every approved pair, in the order they were stored (a correction's whole, then its sentences)."""
        p, c = correction_pairs.c, corrections.c
        query = (select(p.correction_id, p.number, p.source_language, p.target_language, p.source, p.text, p.level,
                        c.created_at, c.editor, c.article_id, c.block_id)
                 .select_from(correction_pairs.join(corrections)).order_by(p.id))  # the order they were stored in
        with self.database.read() as db:
            rows = db.execute(query).all()
        for row in rows:
            yield ExportPair(row.correction_id, row.number, row.source_language, row.target_language, row.source,
                             row.text, aware(row.created_at), row.editor, row.article_id, row.block_id, row.level)

    # -- inside a transaction

    def _insert(self, db: Connection, draft: Draft, origin: Origin, moment: datetime) -> str:
        correction_id = ID_PREFIX + secrets.token_hex(6)
        db.execute(insert(corrections).values(
            id=correction_id, source_language=draft.source_language, target_language=draft.target_language,
            source=draft.source, text=draft.text, level=draft.level, origin=origin, article_id=draft.article_id,
            block_id=draft.block_id, editor=draft.editor, created_at=moment,
            folded=f"{draft.source}\n{draft.text}".casefold()))
        db.execute(insert(correction_pairs), [
            {"correction_id": correction_id, "number": number, "source_language": draft.source_language,
             "target_language": draft.target_language, "source_hash": key_hash(source_key(pair.source)),
             "source": pair.source, "text": pair.text, "level": pair.level}
            for number, pair in enumerate(draft.pairs, start=1)])
        db.execute(insert(correction_events).values(correction_id=correction_id, action="created",
                                                    editor=draft.editor, at=moment))
        return correction_id

    def _get(self, db: Connection, correction_id: str) -> Correction:
        if not correction_id.isprintable():  # PostgreSQL cannot compare a NUL; no id holds one
            raise self._not_found(correction_id)
        row = db.execute(select(corrections).where(corrections.c.id == correction_id)).first()
        if row is None:
            raise self._not_found(correction_id)
        count = db.execute(select(func.count()).where(correction_pairs.c.correction_id == correction_id))
        return _correction(row, count.scalar_one())

    def _events(self, db: Connection, correction_id: str) -> builtins.list[Event]:
        e = correction_events.c
        rows = db.execute(select(correction_events).where(e.correction_id == correction_id).order_by(e.id))
        return [Event(row.id, row.correction_id, row.action, row.editor, iso(row.at)) for row in rows]

    @staticmethod
    def _not_found(correction_id: str) -> CorrectionNotFound:
        return CorrectionNotFound(f"no correction {correction_id!r}: it never existed, or it was deleted",
                                  correction=correction_id)
