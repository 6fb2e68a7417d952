"""Line patterns that are cheap to run on every line.

A pattern of many alternatives, some anchored at the line's start ("^…") and
some found anywhere, makes ``re.search`` try every alternative at every
character of a long paragraph. :class:`Alternatives` splits such a pattern
once: the anchored alternatives are tried at the start only, the others
anywhere, and a line matches when either does (the same lines as before).
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


class Alternatives:
    """A pattern's alternatives, the anchored ones matched at the start and the others searched for."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        parts = _top_level(pattern)
        anchored = [p[1:] for p in parts if p.startswith("^")]
        anywhere = [p for p in parts if not p.startswith("^")]
        self._start = re.compile("|".join(anchored), flags) if anchored else None
        self._anywhere = re.compile("|".join(anywhere), flags) if anywhere else None

    def search(self, text: str) -> bool:
        """Whether any alternative matches: an anchored one at the start, another anywhere."""
        return bool((self._start is not None and self._start.match(text))
                    or (self._anywhere is not None and self._anywhere.search(text)))
