"""Line patterns that are cheap to run on every line.

A pattern of many alternatives, some anchored at the line's start ("^…") and
some found anywhere, makes ``re.search`` try every alternative at every
character of a long paragraph. :class:`Alternatives` splits such a pattern
once: the anchored alternatives are tried at the start only; the others that
open with a literal word are searched for only in a line holding one of those
words (a substring test, much cheaper than a regular expression), the rest
anywhere; a line matches when any does (the same lines as before).
"""

from __future__ import annotations

import re


def _top_level(pattern: str) -> list[str]:
    """The pattern's alternatives at the top level (not inside brackets or groups)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


_SPECIAL = set("\\.^$*+?{}[]()|")
_QUANTIFIERS = set("*+?{")


def literal_prefix(alternative: str) -> str:
    """The literal text every match of ``alternative`` begins with ("donate " for "donate (to|now)")."""
    i = 0
    while i < len(alternative) and alternative[i] not in _SPECIAL:
        i += 1
    if i < len(alternative) and alternative[i] in _QUANTIFIERS:
        i -= 1  # the last letter is optional ("comments?")
    return alternative[:max(i, 0)]


class Alternatives:
    """A pattern's alternatives, the anchored ones matched at the start and the others searched for."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        parts = _top_level(pattern)
        anchored = [p[1:] for p in parts if p.startswith("^")]  # ("^a|^b" is matched as "a|b")
        anywhere = [p for p in parts if not p.startswith("^")]
        worded = [p for p in anywhere if len(literal_prefix(p)) >= 3]
        rest = [p for p in anywhere if p not in worded]
        self._folded = bool(flags & re.IGNORECASE)
        self._words = tuple({literal_prefix(p).lower() if self._folded else literal_prefix(p) for p in worded})
        self._start = _compiled(anchored, flags)
        self._worded = _compiled(worded, flags)
        self._rest = _compiled(rest, flags)

    def search(self, text: str) -> bool:
        """Whether any alternative matches: an anchored one at the start, another anywhere."""
        if self._start is not None and self._start.match(text):
            return True
        if self._worded is not None:
            folded = text.lower() if self._folded else text
            if any(word in folded for word in self._words) and self._worded.search(text):
                return True
        return self._rest is not None and self._rest.search(text) is not None


def _compiled(alternatives: list[str], flags: int) -> re.Pattern[str] | None:
    return re.compile("|".join(alternatives), flags) if alternatives else None
