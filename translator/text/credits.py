"""Photo and media credits: "(Photo: Kobi Gideon/GPO)", "Фото: Reuters", "צילום: רויטרס".

A credit's label is translated ("Photo:" → "Фото:" / "צילום:"); the names
and the agency after it are not. The labels below are the ones newsrooms in
our three languages actually print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One row per kind of credit: the label each language prints.
LABELS: dict[str, dict[str, str]] = {
    "photo": {"en": "Photo:", "ru": "Фото:", "he": "צילום:"},
    "photos": {"en": "Photos:", "ru": "Фото:", "he": "צילומים:"},
    "photo_credit": {"en": "Photo credit:", "ru": "Фото:", "he": "קרדיט צילום:"},
    "illustration": {"en": "Illustration:", "ru": "Иллюстрация:", "he": "איור:"},
    "infographic": {"en": "Infographic:", "ru": "Инфографика:", "he": "אינפוגרפיקה:"},
    "illustrative": {"en": "Illustrative photo:", "ru": "Иллюстративное фото:", "he": "צילום אילוסטרציה:"},
    "screenshot": {"en": "Screenshot:", "ru": "Скриншот:", "he": "צילום מסך:"},
    "video": {"en": "Video:", "ru": "Видео:", "he": "וידאו:"},
    "credit": {"en": "Credit:", "ru": "Источник:", "he": "קרדיט:"},
    "archive": {"en": "Photo from the archive of", "ru": "Фото из архива", "he": "צילום מתוך הארכיון של"},
}

# Every spelling we recognise, mapped to its row. Longest first so that
# "Photo credit:" wins over "Photo:".
_SPELLINGS: dict[str, str] = {
    label.casefold(): concept for concept, row in LABELS.items() for label in row.values()
}
_SPELLINGS.update({
    "фотография:": "photo", "фото —": "photo", "фото -": "photo", "источник фото:": "photo_credit",
    "кадр:": "screenshot", "photograph:": "photo", "image:": "photo", "courtesy:": "credit",
    "צילום אילוסטרציה:": "illustrative", "צילום -": "photo", "צילום –": "photo",
    "image credits:": "photo_credit", "image credit:": "photo_credit", "изображение:": "photo",
})
_LABEL_RE = "|".join(re.escape(s) for s in sorted(_SPELLINGS, key=len, reverse=True))

# "(Photo: Kobi Gideon/GPO)" anywhere at the end of a line.
_IN_PARENS = re.compile(rf"\((?P<label>{_LABEL_RE})\s*[^()]+\)$", re.IGNORECASE)
# "… 2018. Photo: Reuters" or "… | Фото: ТАСС" at the end, or a whole line.
_TRAILING = re.compile(rf"(?:(?<=^)|(?<=[.!?|/]\s)|(?<=\s[|/–—-]\s))(?P<label>{_LABEL_RE})\s*\S[^!?]{{0,80}}$",
                       re.IGNORECASE)

# A bare label glued to a caption's end after a slash or bar, with no name after it: "… הפוסט של ד"ר אלקיים / צילום מסך".
_BARE_LABELS: dict[str, str] = {"צילום מסך": "screenshot", "скриншот": "screenshot", "screenshot": "screenshot"}
_BARE_END = re.compile(r"(?<=\s)[|/]\s*(?P<label>" + "|".join(_BARE_LABELS) + r")$", re.IGNORECASE)


@dataclass(frozen=True)
class Credit:
    """Where a credit sits in a line, and the label as printed there."""

    start: int
    end: int
    label: str


# Every label's first word: a line holding none of them has no credit, and its patterns need not run.
_STEMS = frozenset(label.split()[0].rstrip(":").lower() for label in _SPELLINGS)
_ANY_STEM = re.compile("|".join(re.escape(stem) for stem in sorted(_STEMS, key=len, reverse=True)))


def find_credit(line: str) -> Credit | None:
    """The media credit that ends ``line`` (or is all of it), if there is one."""
    lowered = line.lower()
    if not _ANY_STEM.search(lowered):
        return None
    for pattern in (_IN_PARENS, _TRAILING, _BARE_END):
        match = pattern.search(line)
        if match:
            return Credit(match.start(), match.end(), match.group("label"))
    return None


def localise_label(label: str, target: str) -> str:
    """The target language's label for ``label``; unchanged if we do not know it."""
    concept = _SPELLINGS.get(label.casefold())
    if concept is None and label.casefold() in _BARE_LABELS:
        return LABELS[_BARE_LABELS[label.casefold()]].get(target, label).rstrip(":")
    if concept is None:
        return label
    return LABELS[concept].get(target, label)
