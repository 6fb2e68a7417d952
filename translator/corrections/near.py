"""Near matches: approved sources close to a sentence, found among many without comparing it to all.

A sentence is compared (rapidfuzz's ``ratio`` on the normalised texts) only
with the approved sources that share one of its rarer words and have a
length that could still reach the threshold; that keeps a lookup to a few
hundred comparisons with a hundred thousand corrections stored. The price:
a source that shares none of the sentence's four rarest words is not found,
and such a source is rarely 90% alike. The index lives in one process and is
kept current by whoever owns it (the store, from its change log).
"""

from __future__ import annotations

import re
import threading
from array import array
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from translator.corrections.approved import Suggestion
from translator.corrections.keys import source_key

THRESHOLD = 90.0  # a near match is at least this similar (0–100)
MAX_SUGGESTIONS = 3  # per sentence, best first
RARE_WORDS = 4  # the sentence's rarest words whose sources are compared
MAX_CANDIDATES = 20_000  # compared at most, for a sentence of only common words
_WORD = re.compile(r"\w{2,}")


@dataclass(frozen=True)
class IndexedPair:
    """An approved pair in the index."""

    correction_id: str
    source: str
    text: str
    key: str


def _words(key: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(key)}


class _Side:
    """One language pair's approved sources: the pairs by row id, and each word's rows."""

    def __init__(self) -> None:
        self.pairs: dict[int, IndexedPair] = {}
        self.postings: dict[str, array[int]] = {}

    def add(self, row: int, pair: IndexedPair) -> None:
        self.pairs[row] = pair
        for word in _words(pair.key):
            self.postings.setdefault(word, array("q")).append(row)

    def candidates(self, key: str) -> list[int]:
        """Rows sharing one of ``key``'s rarest words, whose length can still reach the threshold."""
        lists = sorted((self.postings[w] for w in _words(key) if w in self.postings), key=len)[:RARE_WORDS]
        rows = sorted({row for posting in lists for row in posting[-MAX_CANDIDATES:]}, reverse=True)  # newest first
        low, high = len(key) * THRESHOLD / (200 - THRESHOLD), len(key) * (200 - THRESHOLD) / THRESHOLD
        return [row for row in rows if row in self.pairs and low <= len(self.pairs[row].key) <= high]


class NearIndex:
    """Approved sources of every language pair, for near-match lookups; safe to share between threads."""

    def __init__(self) -> None:
        self._sides: dict[tuple[str, str], _Side] = {}
        self._lock = threading.Lock()

    def add(self, source_language: str, target_language: str, rows: Iterable[tuple[int, IndexedPair]]) -> None:
        """Index these pairs (by their store row ids)."""
        with self._lock:
            side = self._sides.setdefault((source_language, target_language), _Side())
            for row, pair in rows:
                side.add(row, pair)

    def remove(self, correction_ids: set[str]) -> None:
        """Forget every pair of these corrections (their rows stay in the postings, skipped from now on)."""
        with self._lock:
            for side in self._sides.values():
                for row in [r for r, p in side.pairs.items() if p.correction_id in correction_ids]:
                    del side.pairs[row]

    def __len__(self) -> int:
        return sum(len(side.pairs) for side in self._sides.values())

    def near(self, source_language: str, target_language: str, text: str) -> tuple[Suggestion, ...]:
        """The approved pairs at least :data:`THRESHOLD` alike to ``text`` (not the same), best first."""
        side = self._sides.get((source_language, target_language))
        key = source_key(text)
        if side is None or not key:
            return ()
        with self._lock:
            rows = side.candidates(key)
            pairs = [side.pairs[row] for row in rows]
        found = process.extract(key, [p.key for p in pairs], scorer=fuzz.ratio, score_cutoff=THRESHOLD,
                                limit=MAX_SUGGESTIONS * 4)
        out: dict[str, Suggestion] = {}
        for _, score, at in found:
            pair = pairs[at]
            if pair.key != key and pair.key not in out:
                out[pair.key] = Suggestion(pair.correction_id, pair.source, pair.text, round(score, 1))
        return tuple(sorted(out.values(), key=lambda s: -s.similarity))[:MAX_SUGGESTIONS]
