"""Russian morphology for glossary terms, from pymorphy3 and its OpenCorpora dictionary.

Three questions: what lemmas a word may be (to match "Путину" to Путин),
what case and number a word of a translation is in (the word a house form
replaces), and how a house form reads in that case ("Кнессет" → "Кнессете").
The analyzer loads once per process, on first use (about 0.1 s); answers are
cached.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Literal

GrammarCase = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]
Number = Literal["sing", "plur"]
CASES: tuple[GrammarCase, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_DECLINED = {"NOUN", "ADJF", "PRTF", "NUMR", "NPRO"}
_lock = threading.Lock()
_analyzers: list[Any] = []


def _analyzer() -> Any:
    if not _analyzers:
        with _lock:
            if not _analyzers:
                import pymorphy3  # the dictionary loads here, not at import time

                _analyzers.append(pymorphy3.MorphAnalyzer())
    return _analyzers[0]


def _cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" or ch == "ё" for ch in word.lower())


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """Every lemma the word may be a form of (case-folded, ё as е); none for a word with no Cyrillic."""
    if not _cyrillic(word):
        return ()
    return tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word)))


@lru_cache(maxsize=200_000)
def nominative_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas of the word's nominative readings: the lemmas a term's own form stands for."""
    if not _cyrillic(word):
        return ()
    return tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word)
                               if p.tag.case == "nomn"))


@lru_cache(maxsize=200_000)
def case_of(word: str) -> tuple[GrammarCase, Number] | None:
    """The case and number of a dictionary word that declines; None for a word the dictionary does not know."""
    if not _cyrillic(word) or not _analyzer().word_is_known(word):
        return None
    best = _analyzer().parse(word)[0]
    if best.tag.POS not in _DECLINED or best.tag.case not in CASES:
        return None
    return best.tag.case, "plur" if best.tag.number == "plur" else "sing"


def _cased(new: str, old: str) -> str:
    """``new`` written in the letter case of ``old``, hyphenated part by part (Кнессет, Тель-Авив, сектор)."""
    olds, news = old.split("-"), new.split("-")
    if len(olds) != len(news):
        olds = [old] * len(news)
    return "-".join(n[:1].upper() + n[1:] if o[:1].isupper() else n for n, o in zip(news, olds))


def _inflect_word(word: str, case: GrammarCase, number: Number) -> tuple[str, bool] | None:
    """One nominative word in ``case``, and whether it was a noun (the head, after which nothing declines).

    None when it has no nominative reading that declines; an acronym (ЦАХАЛ) is left to the editor's form.
    """
    if word.isupper() and len(word) > 1:
        return None
    for parse in _analyzer().parse(word):
        if parse.tag.case != "nomn" or parse.tag.POS not in _DECLINED:
            continue
        wanted = {case} if number == "sing" or "Sgtm" in parse.tag else {case, number}
        inflected = parse.inflect(wanted)
        if inflected is not None:
            given_name = "Name" in parse.tag or "Patr" in parse.tag  # Владимир Путин: both decline
            return _cased(inflected.word, word), parse.tag.POS in ("NOUN", "NPRO", "NUMR") and not given_name
    return None


def inflect(form: str, case: GrammarCase, number: Number = "sing") -> str:
    """A house form put in ``case``: its leading adjectives and its head noun declined, the words after kept.

    "Кнессет" → "Кнессете" (loct), "Армия обороны Израиля" → "Армии обороны Израиля" (gent),
    "Нетаньяху" stays (it does not decline); a form the dictionary cannot decline comes back as it is.
    """
    if case == "nomn" and number == "sing":
        return form
    parts = form.split(" ")
    out: list[str] = []
    declining = True
    for part in parts:
        new = _inflect_word(part, case, number) if declining and _cyrillic(part) else None
        if new is None:
            declining = False
            out.append(part)
            continue
        out.append(new[0])
        declining = not new[1]  # the head noun is the last word that declines
    return " ".join(out)
