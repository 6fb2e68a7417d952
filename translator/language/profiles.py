"""langdetect's language profiles, held compactly: the n-gram table detection reads.

langdetect's own ``DetectorFactory.add_profile`` keeps, for each of about
88,000 n-grams, a Python list of one float per language (55), and loads all
profiles at once: about 60 MB in a process. An n-gram occurs in about two of
the languages on average, so :class:`SparseProfiles` keeps only the non-zero
probabilities, in flat arrays, and unfolds a row into the dense array
langdetect indexes by language when it is asked for one; the whole detector
then costs about 15 MB (``bench.footprint`` measures both; a test bounds
ours). The numbers are the same single-precision ones, so the answers are too.

:func:`compact_factory` builds a langdetect factory on that table, with the
profiles loaded in a fixed (sorted) order, and says which languages are
written in each script. Seeding the factory and choosing among the languages
is :mod:`translator.language.detect`'s business; this module knows nothing of
it.
"""

from __future__ import annotations

import gc
import json
import os
from array import array
from functools import lru_cache
from typing import Iterator, Mapping, Sequence

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.utils.lang_profile import LangProfile

from translator.language.scripts import script_of

# A langdetect profile belongs to every script with this share of its letters.
PROFILE_SCRIPT_SHARE = 0.10


def _profile_paths() -> list[str]:
    # Sorted, because the factory's language order feeds its arithmetic and
    # os.listdir's order is the file system's whim.
    return [os.path.join(PROFILES_DIRECTORY, name) for name in sorted(os.listdir(PROFILES_DIRECTORY))]


def _read_profile(path: str) -> LangProfile:
    with open(path, "rb") as handle:
        return LangProfile(**json.loads(handle.read()))


class SparseProfiles(Mapping[str, array]):
    """langdetect's n-gram table (n-gram → one probability per language), stored sparse.

    An n-gram occurs in about two of the 55 languages on average, so only its
    non-zero entries are kept, in three flat arrays; a lookup unfolds the row
    into the dense ``array('f')`` langdetect indexes by language. The values
    are the same single-precision numbers as a dense table's, so the answers
    are too (the evaluation set agrees snippet for snippet).
    """

    def __init__(self, width: int, entries: Mapping[str, Sequence[tuple[int, float]]]) -> None:
        self._zeros = array("f", bytes(4 * width))
        self._starts = array("I", [0])
        self._langs = array("B")
        self._probs = array("f")
        for row in entries.values():
            for lang, prob in row:
                self._langs.append(lang)
                self._probs.append(prob)
            self._starts.append(len(self._langs))
        # The keys wait in one string until index(): see _load_profiles.
        self._keys: str | None = "\0".join(entries)
        self._rows: dict[str, int] = {}
        # langdetect asks for the same few hundred rows of a text thousands
        # of times; the rows are only read, so threads can share them.
        self._unfold = lru_cache(maxsize=4096)(self._unfold_row)

    def index(self) -> None:
        """Build the n-gram → row dict from the keys kept aside by ``__init__``."""
        if self._keys is not None:
            self._rows = {gram: row for row, gram in enumerate(self._keys.split("\0"))}
            self._keys = None

    def letters(self) -> Iterator[tuple[str, int, float]]:
        """Every (letter, language index, probability) of the one-letter n-grams."""
        for gram, row in self._rows.items():
            if len(gram) == 1:
                for at in range(self._starts[row], self._starts[row + 1]):
                    yield gram, self._langs[at], self._probs[at]

    def __contains__(self, gram: object) -> bool:
        return gram in self._rows

    def __getitem__(self, gram: str) -> array:
        return self._unfold(gram)

    def _unfold_row(self, gram: str) -> array:
        row = self._rows[gram]
        dense = array("f", self._zeros)
        for at in range(self._starts[row], self._starts[row + 1]):
            dense[self._langs[at]] = self._probs[at]
        return dense

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _load_profiles(paths: Sequence[str]) -> SparseProfiles:
    # Python returns a 1 MB arena of small objects to the system only when all
    # of it is free, and parsing the profiles fills about 30 of them: an object
    # made during the parsing and kept (a key, a name; text-mode file reading
    # leaves a few behind too) would pin its arena, and dozens would keep
    # 30 MB alive. So nothing made here is kept: the files are read as bytes,
    # the numbers go into arrays, the keys into one string, and the dict of
    # n-grams is built by index() once every temporary is gone.
    entries: dict[str, list[tuple[int, float]]] = {}
    for index, path in enumerate(paths):
        profile = _read_profile(path)
        for gram, count in profile.freq.items():
            if 1 <= len(gram) <= 3:
                entries.setdefault(gram, []).append((index, count / profile.n_words[len(gram) - 1]))
        del profile
    return SparseProfiles(len(paths), entries)


def _languages_by_script(table: SparseProfiles, languages: Sequence[str]) -> dict[str, list[str]]:
    # A language belongs to each script with PROFILE_SCRIPT_SHARE of its
    # letters; a letter's probability is its frequency over the language's
    # letter count, so the shares are the frequencies' own.
    weights: dict[int, dict[str, float]] = {}
    for letter, lang, prob in table.letters():
        script = script_of(letter)
        if script is not None:
            scripts = weights.setdefault(lang, {})
            scripts[script] = scripts.get(script, 0.0) + prob
    by_script: dict[str, list[str]] = {}
    for lang, name in enumerate(languages):
        scripts = weights.get(lang, {})
        total = sum(scripts.values()) or 1.0
        for script, weight in sorted(scripts.items()):
            if weight / total >= PROFILE_SCRIPT_SHARE:
                by_script.setdefault(script, []).append(name)
    return by_script


def compact_factory() -> tuple[DetectorFactory, dict[str, list[str]]]:
    """A langdetect factory holding its profiles in a :class:`SparseProfiles`; and the
    languages of each script.

    The factory is not seeded: its user seeds it. Loading this way keeps the
    detector at about 15 MB instead of langdetect's 60 (see the module's
    docstring).
    """
    paths = _profile_paths()
    # langdetect names each profile file for its language.
    languages = [os.path.basename(path) for path in paths]
    table = _load_profiles(paths)
    # A full collection also empties the interpreter's free lists, whose
    # thousands of spare tuples would otherwise pin the parsing's arenas.
    gc.collect()
    table.index()
    factory = DetectorFactory()
    factory.langlist = languages
    factory.word_lang_prob_map = table
    return factory, _languages_by_script(table, languages)

