"""The store's corrections, as the pipeline asks for them (:class:`~translator.corrections.approved.ApprovedTranslations`).

Exact matches are one query per language pair, always current: a correction
saved on one host is used by every host's next request. Near matches are
looked up in this process's :class:`~translator.corrections.near.NearIndex`,
built from the store on first use and brought up to date before each lookup
from the change log (one small query when nothing changed).
"""

from __future__ import annotations

import threading
from typing import Callable, Collection, TypeVar

from translator.corrections.approved import Approval, Suggestion
from translator.corrections.keys import key_hash, source_key
from translator.corrections.near import NearIndex
from translator.errors import StoreUnavailable
from translator.store.corrections import CorrectionStore, IndexRow

T = TypeVar("T")


class RequestApprovals:
    """One request's view of the approvals: a store that is down means none, and the request is told so.

    A translation never waits on the store: with the database out of reach
    the article is translated by the models alone and ``unavailable`` says
    why, for the answer to carry (``corrections.available: false``).
    """

    def __init__(self, approvals: "Approvals") -> None:
        self._approvals = approvals
        self.unavailable: str | None = None

    def approved(self, source_language: str, target_language: str, texts: Collection[str]) -> dict[str, Approval]:
        """As :meth:`Approvals.approved`, or nothing while the store is down."""
        return self._guarded(lambda: self._approvals.approved(source_language, target_language, texts), {})

    def near(self, source_language: str, target_language: str,
             texts: Collection[str]) -> dict[str, tuple[Suggestion, ...]]:
        """As :meth:`Approvals.near`, or nothing while the store is down."""
        return self._guarded(lambda: self._approvals.near(source_language, target_language, texts), {})

    def _guarded(self, lookup: Callable[[], T], empty: T) -> T:
        if self.unavailable is not None:
            return empty
        try:
            return lookup()
        except StoreUnavailable as exc:
            self.unavailable = str(exc)
            return empty


class Approvals:
    """Approved translations and near matches from one :class:`CorrectionStore`; one per process."""

    def __init__(self, store: CorrectionStore) -> None:
        self.store = store
        self.index = NearIndex()
        self._seen: int | None = None  # the last change the index holds; None: not built yet
        self._lock = threading.Lock()

    def approved(self, source_language: str, target_language: str, texts: Collection[str]) -> dict[str, Approval]:
        """Each text's approved translation, where an editor approved one (the newest wins)."""
        keys = {text: source_key(text) for text in texts}
        hashes = {text: key_hash(key) for text, key in keys.items() if key}
        found = self.store.lookup(source_language, target_language, set(hashes.values()))
        return {text: Approval(found[h].text, found[h].correction_id) for text, h in hashes.items() if h in found}

    def near(self, source_language: str, target_language: str,
             texts: Collection[str]) -> dict[str, tuple[Suggestion, ...]]:
        """Each text's near matches (none for most): the index brought up to date first."""
        self.sync()
        out = {}
        for text in texts:
            suggestions = self.index.near(source_language, target_language, text)
            if suggestions:
                out[text] = suggestions
        return out

    def for_request(self) -> RequestApprovals:
        """A view for one request, which goes on without approvals when the store is down."""
        return RequestApprovals(self)

    def sync(self) -> None:
        """Bring the index up to date with the store's change log."""
        with self._lock:
            if self._seen is None:
                self._seen, rows = self.store.indexed()
                self._add(rows)
                return
            changes = self.store.changes(self._seen)
            if not changes:
                return
            created = {e.correction_id for e in changes if e.action == "created"}
            deleted = {e.correction_id for e in changes if e.action == "deleted"}
            _, rows = self.store.indexed(created - deleted)
            self._add(rows)
            self.index.remove(deleted)
            self._seen = changes[-1].id

    def _add(self, rows: list[IndexRow]) -> None:
        by_pair: dict[tuple[str, str], list[IndexRow]] = {}
        for row in rows:
            by_pair.setdefault((row.source_language, row.target_language), []).append(row)
        for (source, target), members in by_pair.items():
            self.index.add(source, target, ((row.id, row.pair) for row in members))
