"""The checks that read a block's source and translation as text: numbers, scripts, loops, marks, links.

Each takes the source block's text and its translation (and the languages)
and returns its flags, with the spans it can name. The checks that need the
decoder's own facts (scores, truncation) or the detector are in
:mod:`translator.review.reviewer`.
"""

from __future__ import annotations

import re

from translator.review.flags import Flag
from translator.review.numbers import numbers, unmatched
from translator.text.quotes import is_balanced, quotation_spans

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_CYRILLIC_OR_HEBREW_WORD = re.compile(r"[\u0400-\u04ff\u0590-\u05ff]+(?:['’\"״׳-][\u0400-\u04ff\u0590-\u05ff]+)*")
_MIXED_WORD = re.compile(r"[^\W\d_]+")
# A run of 3 to 40 characters written four times or more in a row: a decoder's loop ("the the the the").
_LOOP = re.compile(r"(.{3,40}?)\1{3,}", re.DOTALL)
_WORD_LOOP = re.compile(r"\b(\w+(?:\W+\w+){0,3}?)(?:\W+\1\b){3,}", re.IGNORECASE)
# What must come back exactly as sent: URLs, e-mail addresses, @handles, #hashtags.
_VERBATIM = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])@\w{2,}"
    r"|(?<![\w&#])#\w*[^\W\d_]\w*"
)


def number_mismatch(source: str, target: str) -> list[Flag]:
    """Every number of the source in the translation, and none it does not have."""
    missing, added = unmatched(numbers(source), numbers(target))
    flags = [Flag("number_mismatch", f"the number {n.text} of the source is not in the translation", (n.start, n.end))
             for n in missing]
    flags += [Flag("number_mismatch", f"the translation has the number {n.text}, which the source does not", None,
                   (n.start, n.end)) for n in added]
    return flags


def wrong_script(source: str, target: str, target_language: str) -> list[Flag]:
    """Latin words in a Russian or Hebrew translation that the source does not have, the reverse for English,
    and words that mix the two ("Мосcow" with a Latin c), wherever they come from."""
    pattern = _CYRILLIC_OR_HEBREW_WORD if target_language == "en" else _LATIN_WORD
    if target_language not in ("en", "ru", "he"):
        return []
    known = {m.group().casefold() for m in pattern.finditer(source)}
    flags = [(m.start(), m.end()) for m in _MIXED_WORD.finditer(target) if _mixed(m.group())]
    flags += [(m.start(), m.end()) for m in pattern.finditer(target)
              if m.group().casefold() not in known and len(m.group()) > 1
              and not any(a <= m.start() and m.end() <= b for a, b in flags)]
    return [Flag("wrong_script", f"{target[a:b]!r} is in another script than the translation, and not in the source",
                 None, (a, b)) for a, b in sorted(flags)]


def _mixed(word: str) -> bool:
    latin = any("a" <= ch.lower() <= "z" for ch in word)
    return latin and any("\u0400" <= ch <= "\u04ff" or "\u0590" <= ch <= "\u05ff" for ch in word)


def _loop(text: str) -> re.Match[str] | None:
    return _WORD_LOOP.search(text) or _LOOP.search(text)


def repetition(source: str, target: str) -> list[Flag]:
    """A run written four times or more in a row in the translation, where the source has no such loop."""
    found = _loop(target)
    if found is None or _loop(source) is not None:
        return []
    return [Flag("repetition", f"{found.group(1).strip()!r} repeats {len(found.group()) // len(found.group(1))} "
                 "times in a row", None, (found.start(), found.end()))]


def quotes_unbalanced(source: str, target: str) -> list[Flag]:
    """The translation's quotation marks do not pair, or it has fewer quotations than the source."""
    if not is_balanced(source):
        return []
    if not is_balanced(target):
        return [Flag("quotes_unbalanced", "the translation's quotation marks do not pair")]
    have, want = len(quotation_spans(target)), len(quotation_spans(source))
    if have < want:
        return [Flag("quotes_unbalanced", f"the source has {want} quotation(s), the translation {have}")]
    return []


def url_or_handle_changed(source: str, target: str) -> list[Flag]:
    """Every URL, e-mail address, @handle and #hashtag of the source, unchanged in the translation."""
    return [Flag("url_or_handle_changed", f"{m.group()!r} is not in the translation as written", (m.start(), m.end()))
            for m in _VERBATIM.finditer(source) if m.group() not in target]
