"""Glossaries kept in the store: created, read, listed, added to, replaced, deleted, each change a new version.

A glossary is named by its id (``gl_`` and 12 hex digits) or by its name, so a
name may not start with ``gl_``. Every change writes the entries, the version
(one more) and ``updated_at`` in one transaction, with the glossary's row
locked, so a reader sees either the old glossary or the new one, never half
of a change, and :meth:`GlossaryStore.versions` (one small query) tells a
process whether its cached copy is still current.
"""

from __future__ import annotations

import builtins
import secrets
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Connection, Row, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from translator.errors import GlossaryConflict, GlossaryInvalid, GlossaryNotFound, GlossaryTooLarge
from translator.glossary.terms import LANGUAGES, Entry, Glossary, check_unique
from translator.store.clock import iso, now
from translator.store.database import Database
from translator.store.schema import glossaries, glossary_entries

MAX_ENTRIES = 100_000
MAX_NAME_CHARS = 100
ID_PREFIX = "gl_"


@dataclass(frozen=True)
class GlossarySummary:
    """A glossary as listed: who it is, its version, how many entries, when it last changed."""

    id: str
    name: str
    version: int
    entries: int
    updated_at: str  # ISO 8601, UTC


def check_name(name: str) -> str:
    """A glossary's name, surrounding blanks dropped; refused when empty, too long, or shaped like a reference."""
    if not isinstance(name, str):
        raise GlossaryInvalid("`name` must be a string", field="name")
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise GlossaryInvalid(f"`name` must be 1 to {MAX_NAME_CHARS} characters", field="name")
    if name.lower().startswith(ID_PREFIX):
        raise GlossaryInvalid(f"`name` may not start with {ID_PREFIX!r}, which begins glossary ids", field="name")
    # TARGUM_DEFAULT_GLOSSARIES lists names with commas between them.
    if "," in name or not name.isprintable():
        raise GlossaryInvalid("`name` may not hold commas, tabs, line breaks or other control characters",
                              field="name")
    return name


def _check_size(count: int) -> None:
    if count > MAX_ENTRIES:
        raise GlossaryTooLarge(f"a glossary holds at most {MAX_ENTRIES} entries; this one would hold {count}",
                               limit=MAX_ENTRIES)


def _names(entries: Sequence[Entry]) -> list[str]:
    return [f"entries[{n}]" for n in range(len(entries))]


def _entry(row: Row[Any]) -> Entry:
    forms = tuple((lang, row._mapping[lang]) for lang in LANGUAGES if row._mapping[lang] is not None)
    return Entry(forms, bool(row.keep), bool(row.case_sensitive), row.note, f"{row.glossary_id}:{row.id}")


def _entry_rows(glossary_id: str, entries: Sequence[Entry], first: int) -> builtins.list[dict[str, Any]]:
    rows = []
    for position, entry in enumerate(entries, start=first):
        forms = dict(entry.forms)
        rows.append({"glossary_id": glossary_id, "position": position, "keep": entry.keep,
                     "case_sensitive": entry.case_sensitive, "note": entry.note,
                     **{lang: forms.get(lang) for lang in LANGUAGES}})
    return rows


def _by_ref(ref: str) -> Any:
    """The WHERE clause that finds a glossary by id or by name (names never look like ids)."""
    return glossaries.c.id == ref if ref.startswith(ID_PREFIX) else glossaries.c.name == ref


class GlossaryStore:
    """Glossaries in a :class:`Database`; safe to share between threads, and between processes on one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self, name: str, entries: Sequence[Entry]) -> Glossary:
        """A new glossary at version 1; :class:`GlossaryConflict` when the name is taken."""
        name = check_name(name)
        _check_size(len(entries))
        check_unique(entries, _names(entries))
        glossary_id = ID_PREFIX + secrets.token_hex(6)
        created = now()
        try:
            with self.database.write() as db:
                self._check_free(db, name)
                db.execute(insert(glossaries).values(id=glossary_id, name=name, version=1, created_at=created,
                                                     updated_at=created))
                self._insert(db, glossary_id, entries, 0)
                return self._load(db, glossary_id)
        except IntegrityError:  # the same name, created at the same moment elsewhere
            raise self._conflict(name) from None

    def get(self, ref: str) -> Glossary:
        """The glossary with this id or name, entries in order; :class:`GlossaryNotFound` if none."""
        with self.database.read() as db:
            return self._load(db, self._find(db, ref).id)

    def add_entries(self, ref: str, entries: Sequence[Entry]) -> Glossary:
        """The glossary with ``entries`` appended, as a new version; all of them or (on an error) none."""
        with self.database.write() as db:
            row = self._find(db, ref, lock=True)
            if not entries:
                return self._load(db, row.id)
            existing = self._load(db, row.id).entries
            _check_size(len(existing) + len(entries))
            check_unique(entries, _names(entries), existing=existing)
            self._insert(db, row.id, entries, len(existing))
            self._bump(db, row.id)
            return self._load(db, row.id)

    def replace(self, ref: str, entries: Sequence[Entry], name: str | None = None) -> Glossary:
        """The glossary's entries (and, given one, its name) replaced, as a new version."""
        name = None if name is None else check_name(name)
        _check_size(len(entries))
        check_unique(entries, _names(entries))
        try:
            with self.database.write() as db:
                row = self._find(db, ref, lock=True)
                if name is not None and name != row.name:
                    self._check_free(db, name)
                db.execute(delete(glossary_entries).where(glossary_entries.c.glossary_id == row.id))
                self._insert(db, row.id, entries, 0)
                self._bump(db, row.id, name=name)
                return self._load(db, row.id)
        except IntegrityError:
            raise self._conflict(name or "") from None

    def delete(self, ref: str) -> None:
        """Forget the glossary and (by the foreign key's cascade) its entries; :class:`GlossaryNotFound` if none."""
        with self.database.write() as db:
            row = self._find(db, ref, lock=True)
            db.execute(delete(glossaries).where(glossaries.c.id == row.id))

    def versions(self, refs: Sequence[str]) -> dict[str, tuple[str, int]]:
        """``ref → (id, version)`` for each ref, in one query; :class:`GlossaryNotFound` naming a missing one."""
        if not refs:
            return {}
        unprintable = next((ref for ref in refs if not ref.isprintable()), None)
        if unprintable is not None:
            raise self._not_found(unprintable)
        ids = [ref for ref in refs if ref.startswith(ID_PREFIX)]
        names = [ref for ref in refs if not ref.startswith(ID_PREFIX)]
        query = select(glossaries.c.id, glossaries.c.name, glossaries.c.version).where(
            or_(glossaries.c.id.in_(ids), glossaries.c.name.in_(names)))
        with self.database.read() as db:
            rows = db.execute(query).all()
        found = {**{row.id: (row.id, row.version) for row in rows}, **{row.name: (row.id, row.version) for row in rows}}
        out = {}
        for ref in refs:
            if ref not in found:
                raise self._not_found(ref)
            out[ref] = found[ref]
        return out

    def list(self) -> builtins.list[GlossarySummary]:
        """Every glossary, by name, with its entry count."""
        count = func.count(glossary_entries.c.id).label("entries")
        query = (select(glossaries.c.id, glossaries.c.name, glossaries.c.version, glossaries.c.updated_at, count)
                 .select_from(glossaries.outerjoin(glossary_entries))
                 .group_by(glossaries.c.id, glossaries.c.name, glossaries.c.version, glossaries.c.updated_at)
                 .order_by(glossaries.c.name))
        with self.database.read() as db:
            return [GlossarySummary(row.id, row.name, row.version, row.entries, iso(row.updated_at))
                    for row in db.execute(query)]

    # -- inside a transaction

    def _find(self, db: Connection, ref: str, lock: bool = False) -> Row[Any]:
        """The glossary's row; ``lock``: held until the transaction ends (PostgreSQL; SQLite's write lock is whole)."""
        if not ref.isprintable():  # names are printable and ids hex: no glossary (PostgreSQL cannot compare a NUL)
            raise self._not_found(ref)
        query = select(glossaries).where(_by_ref(ref))
        if lock and self.database.dialect == "postgresql":
            query = query.with_for_update()
        row = db.execute(query).first()
        if row is None:
            raise self._not_found(ref)
        return row

    def _check_free(self, db: Connection, name: str) -> None:
        if db.execute(select(glossaries.c.id).where(glossaries.c.name == name)).first() is not None:
            raise self._conflict(name)

    def _insert(self, db: Connection, glossary_id: str, entries: Sequence[Entry], first: int) -> None:
        if entries:  # one executemany for the lot
            db.execute(insert(glossary_entries), _entry_rows(glossary_id, entries, first))

    def _bump(self, db: Connection, glossary_id: str, name: str | None = None) -> None:
        values: dict[str, Any] = {"version": glossaries.c.version + 1, "updated_at": now()}
        if name is not None:
            values["name"] = name
        db.execute(update(glossaries).where(glossaries.c.id == glossary_id).values(**values))

    def _load(self, db: Connection, glossary_id: str) -> Glossary:
        row = db.execute(select(glossaries).where(glossaries.c.id == glossary_id)).one()
        entries = db.execute(select(glossary_entries).where(glossary_entries.c.glossary_id == glossary_id)
                             .order_by(glossary_entries.c.position))
        return Glossary(row.id, row.name, row.version, tuple(_entry(entry) for entry in entries), iso(row.updated_at))

    @staticmethod
    def _not_found(ref: str) -> GlossaryNotFound:
        return GlossaryNotFound(f"no glossary with the id or name {ref!r}", glossary=ref)

    @staticmethod
    def _conflict(name: str) -> GlossaryConflict:
        return GlossaryConflict(f"a glossary named {name!r} exists already", name=name)
