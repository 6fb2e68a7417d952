"""Numbers in a text, read in every way a newsroom writes them, to see that a translation kept them all.

1,200 / 1 200 / 1.200 / 1'200 are twelve hundred; 3.5 and 3,5 are three and
a half; "1,200" may also be the English reading of 1.2 in a Russian text,
and "1.200" the German way of twelve hundred in an English one, so a number
carries the set of values it may mean, and two numbers agree when their sets
meet. A date in digits (12.05.2024, 5/12/2024) is its day, month and year,
so a date written the other way round still agrees. Percent signs, ranges
(10–20 is two numbers), years and the days of
dates with a month in words (May 9 / 9 мая / 9 במאי) are all just numbers
here: what must survive a translation is every number of the source, and no
number the source does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Thousands groups (a comma, a dot, an apostrophe, or a space of any width), then an optional decimal part;
# or plain digits with an optional decimal part. A group is exactly three digits, not followed by another.
_GROUPED = r"\d{1,3}(?:[,.'\u00a0\u202f\u2009 ]\d{3}(?!\d))+(?:[.,]\d+(?!\d))?"
_PLAIN = r"\d+(?:[.,]\d+(?!\d))?"
NUMBER = re.compile(rf"(?<![\d.,])(?:{_GROUPED}|{_PLAIN})")
# A date in digits (12.05.2024, 5/12/2024, 12-05-24): its day, month and year, each a number of its own.
DATE = re.compile(r"(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?![\d.,/-]\d)")


@dataclass(frozen=True)
class Number:
    """A number as written, where, and every value it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[Decimal]
    optional: bool = False  # a digit date's month: the other side may write it as a word (12.05.2024 / 12 мая 2024)


def _value(digits: str) -> Decimal | None:
    try:
        return Decimal(digits).normalize()
    except InvalidOperation:
        return None


def readings(text: str) -> frozenset[Decimal]:
    """Every value a written number may mean: its separators read as thousands, or the last one as a decimal point."""
    found: set[Decimal] = set()
    parts = re.split(r"[,.'\u00a0\u202f\u2009 ]", text)
    separators = re.findall(r"[,.'\u00a0\u202f\u2009 ]", text)
    whole = _value("".join(parts))
    if whole is not None and (not separators or all(len(p) == 3 for p in parts[1:])):
        found.add(whole)  # every separator a thousands one
    if separators and separators[-1] in ",." and len(set(separators[:-1])) <= 1 and \
            (not separators[:-1] or separators[-1] != separators[0]):
        decimal = _value("".join(parts[:-1]) + "." + parts[-1])  # the last separator a decimal point
        if decimal is not None:
            found.add(decimal)
    return frozenset(found)


def numbers(text: str) -> list[Number]:
    """The numbers of ``text``, in order; a date in digits is its day, month and year."""
    out: list[Number] = []
    dates = list(DATE.finditer(text))
    for match in dates:
        for group in (1, 3, 4):
            part = match.group(group)
            out.append(Number(match.start(group), match.end(group), part, frozenset({Decimal(part).normalize()}),
                              optional=group == 3))
    for match in NUMBER.finditer(text):
        if any(d.start() <= match.start() < d.end() for d in dates):
            continue
        values = readings(match.group())
        if values:
            out.append(Number(match.start(), match.end(), match.group(), values))
    return sorted(out, key=lambda n: n.start)


def unmatched(source: list[Number], target: list[Number]) -> tuple[list[Number], list[Number]]:
    """The source's numbers the target lacks, and the target's the source lacks (each number used once).

    A digit date's month is matched when it can be, and not missed when it cannot: the other side may have
    written the month as a word. (Where the month is in the middle, 5/12 and 12.05 still agree as numbers.)
    """
    left = list(target)
    missing: list[Number] = []
    for number in sorted(source, key=lambda n: n.optional):  # the sure numbers take their partners first
        match = next((i for i, other in enumerate(left) if number.values & other.values), None)
        if match is None:
            missing.append(number)
        else:
            left.pop(match)
    return sorted((n for n in missing if not n.optional), key=lambda n: n.start), [n for n in left if not n.optional]
