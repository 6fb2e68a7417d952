"""The target language's typography: quotation marks, apostrophes, dashes, direction.

Quotation marks, by depth of nesting:
- English: “…” outside, ‘…’ inside.
- Russian: «…» outside, „…“ inside.
- Hebrew: "…" outside, '…' inside, by default. Israeli news sites print
  straight marks, and they are symmetric, so they read right in right-to-left
  text, where curly marks do not mirror and look reversed. The other style
  Hebrew typography allows, „…” and ‚…’, is the setting ``"low-high"``.
Any style can be asked for by name (``QUOTE_STYLES``); ``"default"`` means the
target's own.

Hebrew geresh and gershayim inside a word (צה״ל, צה"ל, ג׳ורג׳) are letters of
the word, not quotation marks, and are left alone.

Bidi: Hebrew text says ``rtl``. For HTML we wrap Latin runs in ``<bdi>``
rather than inserting U+2068/U+2069, so the text in JSON and plain renderings
stays clean.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from translator.text.quotes import find_marks

# (outer open, outer close, inner open, inner close)
QUOTE_STYLES: dict[str, tuple[str, str, str, str]] = {
    "curly": ("“", "”", "‘", "’"),
    "guillemets": ("«", "»", "„", "“"),
    "straight": ('"', '"', "'", "'"),
    "low-high": ("„", "”", "‚", "’"),
}
DEFAULT_QUOTE_STYLE = {"en": "curly", "ru": "guillemets", "he": "straight"}
# A dash between words, with its spaces, as each language prints it.
DASHES = {"en": " — ", "ru": " — ", "he": " – "}
RTL_LANGUAGES = frozenset({"he", "iw", "yi", "ar", "fa", "ur", "ps", "dv", "ckb", "sd", "ug"})

_SPACED_DASH = re.compile(r"(?<=\S)[ \u00a0]+(?:-{1,2}|–|—)[ \u00a0]+(?=\S)")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
Direction = Literal["ltr", "rtl"]
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f](?:[A-Za-z\u00c0-\u024f0-9'’.&/\- ]*[A-Za-z\u00c0-\u024f0-9])?")


def quote_marks(target: str, quote_style: str = "default") -> tuple[str, str, str, str]:
    """The (open, close, inner open, inner close) marks for ``target`` in ``quote_style``."""
    name = DEFAULT_QUOTE_STYLE.get(target, "curly") if quote_style == "default" else quote_style
    if name not in QUOTE_STYLES:
        raise ValueError(f"unknown quote style {quote_style!r}; use one of {sorted(QUOTE_STYLES)} or 'default'")
    return QUOTE_STYLES[name]


def interruption(target: str, close: str, asks: bool) -> tuple[str, str]:
    """The punctuation around an attribution that interrupts a quotation, as ``target`` prints it.

    Returns (the first part's closing mark with what follows it, what comes between the attribution and the
    second part's opening mark): English “Israel,” he said, “cannot…”; Russian «Израль», — сказал он, — «не…»;
    Hebrew "ישראל", אמר, "אינה…". ``asks``: the first part ends in ? or !, which takes the comma's place.
    """
    comma = "" if asks else ","
    if target == "en":
        return comma + close + " ", ", "
    if target == "ru":
        return close + comma + DASHES["ru"], "," + DASHES["ru"]
    return close + comma + " ", ", "


def direction(language: str) -> Direction:
    """The writing direction of ``language`` ("he" is right to left)."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def convert_quotes(text: str, target: str, quote_style: str = "default", depth: int = 0) -> str:
    """Swap every quotation mark for the target's, by role and depth of nesting.

    ``depth`` is how many quotations already enclose ``text`` (1 for a
    sentence inside a quotation whose marks are added around it).
    """
    marks = quote_marks(target, quote_style)
    chars = list(text)
    level = depth
    for mark in find_marks(text):
        if mark.role == "open":
            chars[mark.index] = marks[2 * (level % 2)]
            level += 1  # an unclosed opening still encloses the rest of the paragraph
        else:
            level = max(level - 1, 0)
            chars[mark.index] = marks[1 + 2 * (level % 2)]
    return "".join(chars)


def balance_quotes(text: str, open_left: int = 0) -> str:
    """Make every quotation mark in ``text`` paired, leaving ``open_left`` openings unclosed.

    A translation model may drop or add a mark. A closing mark with no
    opening gets an opening at the start; an opening with no closing gets a
    closing at the end (innermost first). ``open_left`` is for a paragraph of
    a quotation that runs on into the next one, which by convention is not
    closed. Added marks are plain ``"``/``'``; :func:`convert_quotes` then
    gives them the target's shape.
    """
    found = find_marks(text)
    stray_closes = [m for m in found if m.role == "close" and m.partner is None]
    stray_opens = [m for m in found if m.role == "open" and m.partner is None]
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    body = text.strip()
    prefix = "".join('"' if m.level == "double" else "'" for m in reversed(stray_closes))
    if len(stray_opens) < open_left:
        prefix = '"' * (open_left - len(stray_opens)) + prefix
    suffix = "".join('"' if m.level == "double" else "'" for m in reversed(stray_opens[open_left:]))
    return head + prefix + body + suffix + tail


def typeset(text: str, target: str, quote_style: str = "default", depth: int = 0, open_left: int = 0) -> str:
    """Apply the target's quotation marks, apostrophes and dashes to translated text.

    The result's marks are all paired but for ``open_left`` openings. If the
    model's marks cannot be repaired into that shape (crossed quotations), its
    marks are dropped and only the ones the source needs are put back: the
    words matter more than a wrong mark.
    """
    shaped = _shape_quotes(text, target, quote_style, depth, open_left)
    if not _paired_but(shaped, open_left):
        bare = "".join(c for i, c in enumerate(text) if i not in {m.index for m in find_marks(text)})
        shaped = _drop_unpaired(_shape_quotes(bare, target, quote_style, depth, open_left), open_left)
    if not _paired_but(shaped, open_left):  # a mark-like character inside a word read as a mark once moved
        plain = "".join(c for i, c in enumerate(bare) if c not in _QUOTE_LIKE or _inside_word(bare, i))
        shaped = _drop_unpaired(_shape_quotes(plain, target, quote_style, depth, open_left), open_left)
    if target in DASHES:
        shaped = _SPACED_DASH.sub(DASHES[target], shaped)
    if target in ("en", "ru"):
        shaped = _APOSTROPHE.sub("’", shaped)  # Hebrew keeps its geresh and apostrophes as typed
    return shaped


def _shape_quotes(text: str, target: str, quote_style: str, depth: int, open_left: int) -> str:
    return convert_quotes(balance_quotes(text, open_left), target, quote_style, depth)


_QUOTE_LIKE = frozenset("\"“”„«»‘’'‚")


def _inside_word(text: str, i: int) -> bool:
    """An apostrophe between Latin or Cyrillic letters (don't, д'Артаньян): part of the word."""
    def word_letter(ch: str) -> bool:
        return ch.isalpha() and not "\u0590" <= ch <= "\u05ff"

    return 0 < i < len(text) - 1 and text[i] in "'’" and word_letter(text[i - 1]) and word_letter(text[i + 1])


def _drop_unpaired(text: str, open_left: int) -> str:
    """``text`` without the marks left unpaired (but ``open_left`` openings), for the marks the fallback adds.

    An apostrophe that is no mark in the source ("א'א") may read as one once
    its neighbours change; taking a mark out can change how the others read,
    so this is repeated a few times.
    """
    for _ in range(3):
        unpaired = [m for m in find_marks(text) if m.partner is None]
        opens = [m for m in unpaired if m.role == "open"][:open_left]
        extra = {m.index for m in unpaired} - {m.index for m in opens}
        if not extra:
            break
        text = "".join(c for i, c in enumerate(text) if i not in extra)
    return text


def _paired_but(text: str, open_left: int) -> bool:
    unpaired = [m.role for m in find_marks(text) if m.partner is None]
    return unpaired == ["open"] * open_left


def isolate_latin(text: str) -> str:
    """Isolate Latin-script runs in Hebrew text so bidi reordering cannot scramble them.

    ``text`` is escaped and each run wrapped in ``<bdi>…</bdi>`` (the result
    is markup). Text with no Hebrew in it is only escaped: nothing there
    needs isolating.
    """
    if not _HEBREW.search(text):
        return html.escape(text, quote=False)
    out, last = [], 0
    for m in _LATIN_RUN.finditer(text):
        out += [html.escape(text[last : m.start()], quote=False), "<bdi>", html.escape(m.group(), quote=False), "</bdi>"]
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)
