"""A request's term base: its glossaries from the store, in their current versions, and its inline entries.

Every request asks the store for the versions of the glossaries it names (one
small query), so a change made on any host is applied by every host at once;
the glossaries' entries, and the indexes built over them, are kept per
process by (id, version), so an unchanged 5,000-entry glossary is not read
or indexed again. The store stays the only copy: this is a cache of it.

A request that names glossaries gets an error when one is missing (404) or
the store is down (503). The configured default glossaries
(``TARGUM_DEFAULT_GLOSSARIES``, used when a request names none) are a
deployment's, not the client's: when one cannot be used, the translation goes
on without it and says so in its ``glossaries`` (``error``), and the log does too.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Sequence

from translator.errors import GlossaryNotFound, StoreUnavailable
from translator.glossary.termbase import TermBase
from translator.glossary.terms import Applied, Entry, Glossary
from translator.store.glossaries import GlossaryStore

log = logging.getLogger("targum.glossary")
CACHED = 32  # term bases (combinations of glossary versions) kept per process
INLINE = Applied("inline", "inline")  # the request's own glossary_entries


class TermBases:
    """Term bases for requests, from one store."""

    def __init__(self, store: GlossaryStore, defaults: Sequence[str] = ()) -> None:
        self.store = store
        self.defaults = tuple(defaults)
        self._glossaries: OrderedDict[tuple[str, int], Glossary] = OrderedDict()
        self._bases: OrderedDict[tuple[object, ...], TermBase] = OrderedDict()
        self._lock = threading.Lock()

    def resolve(
        self, refs: Sequence[str] | None, inline: Sequence[Entry] = (),
    ) -> tuple[TermBase | None, tuple[Applied, ...]]:
        """The term base for ``refs`` (None: the defaults) and the inline entries, and the glossaries it holds."""
        named = refs is not None
        wanted = tuple(refs) if refs is not None else self.defaults
        if not wanted and not inline:
            return None, ()
        versions, missing = self._versions(wanted, strict=named)
        named_glossaries = [(ref, self._glossary(*versions[ref])) for ref in wanted if ref in versions]
        glossaries = [g for _, g in named_glossaries]
        applied = tuple(Applied(ref, g.id, g.name, g.version) for ref, g in named_glossaries)
        applied += tuple(Applied(ref, error=code) for ref, code in missing)
        if inline:
            applied = (INLINE, *applied)
        key = (tuple(inline), *((g.id, g.version) for g in glossaries))
        with self._lock:
            base = self._bases.get(key)
            if base is not None:
                self._bases.move_to_end(key)
                return base, applied
        version = ",".join([*(f"{g.id}@{g.version}" for g in glossaries), *(["inline"] if inline else [])])
        base = TermBase.combine([tuple(inline), *(g.entries for g in glossaries)], version)
        with self._lock:
            self._bases[key] = base
            while len(self._bases) > CACHED:
                self._bases.popitem(last=False)
        return base, applied

    def _versions(self, refs: Sequence[str], strict: bool) -> tuple[dict[str, tuple[str, int]], list[tuple[str, str]]]:
        """(id, version) of each ref; with ``strict`` off, the refs that cannot be used and why, instead of raising."""
        if not refs:
            return {}, []
        try:
            return self.store.versions(refs), []
        except StoreUnavailable as exc:
            if strict:
                raise
            log.warning("default glossaries not applied: %s", exc.detail)
            return {}, [(ref, exc.code) for ref in refs]
        except GlossaryNotFound as exc:
            if strict:
                raise
            log.warning("default glossaries not applied: %s", exc.detail)
        found: dict[str, tuple[str, int]] = {}
        missing: list[tuple[str, str]] = []
        for ref in refs:
            try:
                found.update(self.store.versions([ref]))
            except GlossaryNotFound as one:
                missing.append((ref, one.code))
        return found, missing

    def _glossary(self, glossary_id: str, version: int) -> Glossary:
        key = (glossary_id, version)
        with self._lock:
            cached = self._glossaries.get(key)
            if cached is not None:
                self._glossaries.move_to_end(key)
                return cached
        glossary = self.store.get(glossary_id)
        with self._lock:
            self._glossaries[(glossary.id, glossary.version)] = glossary
            while len(self._glossaries) > CACHED:
                self._glossaries.popitem(last=False)
        return glossary
