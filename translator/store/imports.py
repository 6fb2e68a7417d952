"""A TMX file added to the corrections: every pair it holds, checked, duplicates skipped, in one transaction.

Each pair becomes a correction of its own, one pair as the other tool cut
it (a Targum export holds a block's sentence pairs as units of their own). A pair the store holds already (the same source, normalised,
with the same newest text) or that the file holds twice is skipped; a pair
that is not a valid correction (too long, NUL) is refused; a unit with no
two of our languages is skipped. The report counts each and says why for
the first :data:`MAX_DETAILS`. A file that is unsafe or not TMX stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from translator.corrections.keys import key_hash, source_key
from translator.corrections.pairs import Draft, make_draft
from translator.corrections.tmx import Skipped, TmxPair, read_tmx
from translator.errors import CorrectionInvalid
from translator.store.corrections import CorrectionStore

MAX_DETAILS = 100


@dataclass(frozen=True)
class Problem:
    """A unit of the file that added nothing, and why."""

    unit: int
    outcome: Literal["skipped", "refused"]
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What a TMX import did: pairs added, skipped and refused, by language pair, and the first problems."""

    added: int
    skipped: int
    refused: int
    by_pair: dict[str, int]
    problems: tuple[Problem, ...]


def _draft(pair: TmxPair) -> Draft:
    props = pair.properties
    return make_draft(pair.source, pair.source_language, pair.target_language, pair.text,
                      props.get("x-targum-article"), props.get("x-targum-block"), pair.editor, split=False)


def import_tmx(store: CorrectionStore, data: bytes, max_bytes: int) -> ImportReport:
    """Add every new pair of a TMX file; nothing at all when the file is refused (unsafe, too large, not TMX)."""
    read = list(read_tmx(data, max_bytes))
    problems = [Problem(item.unit, "skipped", item.reason) for item in read if isinstance(item, Skipped)]
    pairs = [item for item in read if isinstance(item, TmxPair)]
    stored = _stored(store, pairs)
    drafts: list[Draft] = []
    by_pair: dict[str, int] = {}
    for pair in pairs:
        key = (pair.source_language, pair.target_language, key_hash(source_key(pair.source)))
        if stored.get(key) == source_key(pair.text):
            problems.append(Problem(pair.unit, "skipped", "the store holds this pair already"))
            continue
        try:
            drafts.append(_draft(pair))
        except CorrectionInvalid as exc:
            problems.append(Problem(pair.unit, "refused", str(exc)))
            continue
        stored[key] = source_key(pair.text)
        name = f"{pair.source_language}-{pair.target_language}"
        by_pair[name] = by_pair.get(name, 0) + 1
    store.add_many(drafts, "tmx")
    problems.sort(key=lambda p: p.unit)
    return ImportReport(len(drafts), sum(p.outcome == "skipped" for p in problems),
                        sum(p.outcome == "refused" for p in problems), by_pair, tuple(problems[:MAX_DETAILS]))


def _stored(store: CorrectionStore, pairs: list[TmxPair]) -> dict[tuple[str, str, str], str]:
    """(source language, target language, source hash) → the stored newest text, normalised: one query a pair."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for pair in pairs:
        wanted.setdefault((pair.source_language, pair.target_language), set()).add(key_hash(source_key(pair.source)))
    out = {}
    for (source, target), hashes in wanted.items():
        for digest, found in store.lookup(source, target, hashes).items():
            out[(source, target, digest)] = source_key(found.text)
    return out
