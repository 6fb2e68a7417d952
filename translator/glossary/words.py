"""How a word of each language is matched to a term: through Hebrew prefixes, Russian inflection, English endings.

A text is cut into words (letters and digits, with the hyphens, apostrophes
and gershayim inside them: "Тель-Авив", "O'Brien", "צה״ל"). Each word gets
its *keys*, the forms a term may have to match it:

- Hebrew attaches prefixes: ו, ה, ב, כ, ל, מ, ש and their combinations
  ("ולנתניהו", "שבכנסת"), and after ב, כ, ל the article ה drops
  ("בכנסת" is ב + הכנסת). A word's keys are the word and every remainder
  after a prefix of up to three such letters (at least two letters left).
- Russian inflects: a word's keys are the word and its lemmas
  (:mod:`translator.glossary.morphology`); a term's word is keyed by itself
  and by the lemmas of its nominative readings, so "Газа" does not match газ.
- English has possessives and plurals: "Netanyahu's", "settlers'",
  "Knessets", "parties" all reach their term.

Keys are case-folded, with ё as е and the typewriter forms of ״ ׳ ’. A term
whose form starts with a capital matches only a word that does ("Bush" is not
"bush"); a case-sensitive term matches only its own spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from translator.glossary import morphology

HEBREW_PREFIX_LETTERS = "והבכלמש"
MAX_PREFIX = 3
WORD = re.compile(r"[^\W_]+(?:[-'’״׳\"][^\W_]+)*")
_FOLD = str.maketrans({"״": '"', "׳": "'", "’": "'", "ё": "е", "Ё": "Е", "\u05be": "-"})
_POSSESSIVE = ("'s", "'")
_PLURALS = (("ies", "y"), ("es", ""), ("s", ""))


@dataclass(frozen=True)
class Word:
    """A word of a text: where it is, and what it says."""

    start: int
    end: int
    text: str


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, with their character spans."""
    return [Word(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def fold(text: str) -> str:
    """The form keys are compared in: case-folded, ё as е, typewriter marks for ״ ׳ ’."""
    return text.translate(_FOLD).casefold()


@dataclass(frozen=True)
class Key:
    """One way a word can meet a term: the key, and what was cut off around it (a Hebrew prefix, an 's)."""

    key: str
    prefix: str = ""  # Hebrew prefix letters before the term
    suffix: str = ""  # English possessive or plural ending after it
    article_dropped: bool = False  # ב/כ/ל swallowed the term's ה


def hebrew_keys(word: str) -> tuple[Key, ...]:
    """The word, and each remainder after up to three prefix letters (ה restored after ב, כ, ל)."""
    folded = fold(word)
    keys = [Key(folded)]
    for cut in range(1, MAX_PREFIX + 1):
        prefix, rest = word[:cut], folded[cut:]
        if len(rest) < 2 or any(ch not in HEBREW_PREFIX_LETTERS for ch in prefix):
            break
        keys.append(Key(rest, prefix))
        if prefix[-1] in "בכל":
            keys.append(Key("ה" + rest, prefix, article_dropped=True))
    return tuple(keys)


def english_keys(word: str) -> tuple[Key, ...]:
    """The word, without a possessive, and singular readings of a plural ("parties": party, partie, partis)."""
    folded = fold(word)
    found = [Key(folded)]
    stem = folded
    for ending in _POSSESSIVE:
        if folded.endswith(ending) and len(folded) > len(ending) + 1:
            stem = folded[: -len(ending)]
            found.append(Key(stem, suffix=word[len(stem):]))
            break
    for ending, replacement in _PLURALS:
        if stem.endswith(ending) and len(stem) > len(ending) + 1:
            found.append(Key(stem[: -len(ending)] + replacement, suffix=word[len(stem) - len(ending):]))
    return tuple(found)


def russian_keys(word: str) -> tuple[Key, ...]:
    """The word and its lemmas."""
    folded = fold(word)
    return (Key(folded), *(Key(lemma) for lemma in morphology.lemmas(word) if lemma != folded))


@lru_cache(maxsize=200_000)
def keys(word: str, language: str) -> tuple[Key, ...]:
    """Every key of a word of a text in ``language``."""
    if language == "he":
        return hebrew_keys(word)
    if language == "ru":
        return russian_keys(word)
    if language == "en":
        return english_keys(word)
    return (Key(fold(word)),)


@lru_cache(maxsize=200_000)
def term_keys(word: str, language: str) -> frozenset[str]:
    """The keys a term's word is known by: itself, and in Russian the lemmas of its nominative readings."""
    found = {fold(word)}
    if language == "ru":
        found.update(morphology.nominative_lemmas(word))
    return frozenset(found)


def same_case(word: str, term_word: str, case_sensitive: bool) -> bool:
    """Whether a word of the text may be the term's word as far as letter case goes.

    Case-sensitive: the letters they share from the start are spelled alike.
    Otherwise: a term word that starts with a capital needs a word that does.
    """
    if case_sensitive:
        shared = 0
        for a, b in zip(fold(word), fold(term_word)):
            if a != b:
                break
            shared += 1
        return word[:shared] == term_word[:shared] and shared > 0
    return not term_word[:1].isupper() or word[:1].isupper()
