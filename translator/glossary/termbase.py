"""The term base of one request: every entry of its glossaries, indexed to find terms in a text.

A request may combine several glossaries and inline entries; the first one to
give a form wins where two give the same form (a story's glossary before the
house one, inline entries first of all). The index maps a term's first word's
keys (:mod:`translator.glossary.words`) to the terms that start with it, so
finding terms costs a few dictionary look-ups per word of the text, however
many entries there are. Indexes are built per language on first use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from translator.glossary.terms import LANGUAGES, Entry
from translator.glossary.words import Key, Word, fold, keys, same_case, term_keys, words


@dataclass(frozen=True)
class Term:
    """An entry's form in one language, cut into words with their keys."""

    entry: Entry
    words: tuple[str, ...]
    keys: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Match:
    """A term found in a text: the term's own letters, the whole words, and what surrounds it."""

    entry: Entry
    start: int  # the term's letters, a Hebrew prefix and an English 's left out
    end: int
    word_start: int  # the whole words
    word_end: int
    prefix: str = ""
    suffix: str = ""
    before: str = ""  # the word before, folded ("" at the text's start)


def _term(entry: Entry, language: str) -> Term | None:
    form = entry.form(language)
    if form is None:
        return None
    parts = tuple(w.text for w in words(form))
    if not parts:
        return None
    return Term(entry, parts, tuple(term_keys(part, language) for part in parts))


def _suffix_key(word: Word, language: str, wanted: frozenset[str]) -> Key | None:
    return next((k for k in keys(word.text, language) if k.key in wanted), None)


def scan(text: str, language: str, lookup: Callable[[str], Sequence[Term]]) -> list[Match]:
    """The terms in ``text``, left to right, the longest where two start at one word, never overlapping."""
    found: list[Match] = []
    ws = words(text)
    i = 0
    while i < len(ws):
        best: Match | None = None
        best_length = 0
        for key in keys(ws[i].text, language):
            for term in lookup(key.key):
                length = len(term.words)
                if length <= best_length or i + length > len(ws):
                    continue
                match = _match(text, ws, i, key, term, language)
                if match is not None:
                    best, best_length = match, length
        if best is None:
            i += 1
            continue
        found.append(best)
        i += best_length
    return found


def _match(text: str, ws: list[Word], i: int, key: Key, term: Term, language: str) -> Match | None:
    """``term`` read at word ``i`` (whose key ``key`` met the term's first word), or None."""
    length = len(term.words)
    span = ws[i : i + length]
    for a, b in zip(span, span[1:]):
        if text[a.end : b.start].strip():  # words of a term are next to each other
            return None
    last_key = key
    for j in range(1, length):
        last_key = _suffix_key(span[j], language, term.keys[j])  # type: ignore[assignment]
        if last_key is None:
            return None
    first = span[0]
    start = first.start + len(key.prefix)
    end = span[-1].end - len(last_key.suffix)
    stems = text[start:end].split()
    if len(stems) != length or not all(same_case(stem, tw, term.entry.case_sensitive)
                                       for stem, tw in zip(stems, term.words)):
        return None
    before = fold(ws[i - 1].text) if i else ""
    return Match(term.entry, start, end, first.start, span[-1].end, key.prefix, last_key.suffix, before)


@dataclass
class TermBase:
    """The entries of one request, in the order their glossaries were named, and the versions they came in."""

    entries: tuple[Entry, ...]
    version: str = ""  # "gl_…@3,inline@…": what the translation was made with
    _index: dict[str, dict[str, list[Term]]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def combine(cls, groups: Iterable[Sequence[Entry]], version: str = "") -> "TermBase":
        """Entries of several glossaries: where two give one form in one language, the earlier one wins."""
        taken: set[tuple[str, str]] = set()
        kept: list[Entry] = []
        for group in groups:
            for entry in group:
                forms = {(lang, entry.key(lang) or "") for lang in LANGUAGES if entry.form(lang) is not None}
                if forms & taken:
                    continue
                taken |= forms
                kept.append(entry)
        return cls(tuple(kept), version)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def _language(self, language: str) -> dict[str, list[Term]]:
        index = self._index.get(language)
        if index is None:
            with self._lock:
                index = self._index.get(language)
                if index is None:
                    index = {}
                    for entry in self.entries:
                        term = _term(entry, language)
                        if term is not None:
                            for key in term.keys[0]:
                                index.setdefault(key, []).append(term)
                    self._index[language] = index
        return index

    def find(self, text: str, language: str) -> list[Match]:
        """The terms of every entry in a text in ``language``."""
        index = self._language(language)
        if not index:
            return []
        return scan(text, language, lambda key: index.get(key, ()))

    def occurrences(self, entry: Entry, language: str, text: str) -> list[Match]:
        """Where ``entry``'s form in ``language`` already stands in ``text``, in any inflection."""
        term = _term(entry, language)
        if term is None:
            return []
        return scan(text, language, lambda key: (term,) if key in term.keys[0] else ())
