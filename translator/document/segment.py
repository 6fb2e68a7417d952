"""Cutting a text-format article into blocks and saying what each block is.

Every non-blank line is one block: scraped articles put one paragraph on a
line, and site chrome is often one link or prompt a line. The whitespace
between lines becomes the blocks' separators, so the article gives back its
input exactly (``Article.source()``).

Kinds are decided in four passes, because some depend on neighbours:
1. site chrome (``translator.document.chrome``), and the lines that follow a chrome
   line in the same chunk, are indented under it, or form the link list
   under a heading such as "Related articles";
2. the masthead: a short first line above a longer headline is the site or
   section name, and a short line repeated on the page is chrome too;
3. each remaining line on its own: by its labels, its words, its shape
   (:mod:`translator.document.lines`), then as list item, quote, headline,
   subheadline or paragraph;
4. by its neighbours (:mod:`translator.document.context`): the headline above
   the story's first paragraph, the site's lines around the story, captions,
   lists, embedded posts.

Every rule that sets a line's kind leaves its reason code (``shape:widget``,
``place:after_story``…) and its strength on the block's :class:`Evidence`, so
each block can say why it got its kind (``options.explain``; the codes are
listed in ``docs/articles.md``). A client's hints (:class:`KindHint`) win over
every rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from translator.document import lines, site
from translator.document.article import Article, Block, BlockKind
from translator.document.bylines import is_bare_credit_line, is_byline, is_credit_line
from translator.document.chrome import is_chrome, opens_link_list
from translator.document.context import BODY, Notes, in_context
from translator.document.lines import title_like as _title_like
from translator.document.lines import words as _words
from translator.text.credits import find_credit
from translator.text.quotes import quoted_share

# A line's content: from its first to its last non-space character.
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_BULLET = re.compile(r"^([•●▪◦·*]|[-–](?=\s)|\d{1,2}[.)](?=\s))\s*")
# Russian direct speech: "— Мы не допустим этого, — заявил Нетаньяху."
_DIALOGUE = re.compile(r"^[—–]\s.*[,!?…]\s[—–]\s")
# An interview's question or answer, or a line of dialogue: a dash, then a sentence ("— Не боитесь пустых залов?");
# a list's dash item starts in lower case or ends with ";" or ",". (An answer cut short by a paywall has no full stop.)
_DIALOGUE_LINE = re.compile(r"^[—–]\s+[«\"„(]?[A-ZА-ЯЁ](?:.*[.?!…»\")]$|(?:\S*\s+){7})")
# A tabloid's photo caption in the story: a kicker of a word or three, a colon, then a sentence of fifteen words
# or more (a teaser's title is shorter) with no full stop ("Loved-up: The pair, who were first linked in March, walked hand-in-hand …").
_KICKER_CAPTION = re.compile(r"^[A-Z][\w'’-]*(?:\s[\w'’-]+){0,2}:\s[A-Z\d](?:\S*\s+){14,}[^:|]*[^\s.!?…:\"'”’»]$")
QUOTE_SHARE = 0.5  # at least half the line inside quotation marks
OPENING_QUOTE_SHARE = 0.3  # or a third of it, when the line opens with the quotation


@dataclass(frozen=True)
class KindHint:
    """A kind the client already knows for one line of the body: by its 1-based line number, or by its text."""

    kind: BlockKind
    line: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class _Line:
    text: str
    separator: str
    starts_chunk: bool  # a blank line (or the start) comes before it
    indented: bool
    number: int  # 1-based, counting every line of the body


def _split_lines(body: str) -> tuple[str, list[_Line]]:
    matches = list(_LINE.finditer(body))
    leading = body[: matches[0].start()] if matches else body
    lines = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(body)
        before = body[: m.start()] if k == 0 else body[matches[k - 1].end() : m.start()]
        lines.append(
            _Line(
                text=m.group(),
                separator=body[m.end() : end],
                starts_chunk=k == 0 or before.count("\n") >= 2,
                indented=bool(before.rpartition("\n")[2]),
                number=body.count("\n", 0, m.start()) + 1,
            )
        )
    return leading, lines


def _hinted(lines: list[_Line], hints: Sequence[KindHint]) -> dict[int, BlockKind]:
    """The lines the client's hints name (by number or by text), with their kinds; the last hint wins."""
    by_number = {line.number: i for i, line in enumerate(lines)}
    by_text: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        by_text.setdefault(line.text, []).append(i)
    found: dict[int, BlockKind] = {}
    for hint in hints:
        named = [by_number[hint.line]] if hint.line in by_number else []
        named += by_text.get((hint.text or "").strip(), [])
        found.update({i: hint.kind for i in named})
    return found


def _mark_chrome(lines: list[_Line], kinds: list[BlockKind | None], notes: Notes) -> None:
    """Pass 1: chrome lines and the lines that hang under them."""
    in_chrome = in_link_list = False
    for i, line in enumerate(lines):
        text = line.text
        above_credit = i + 1 < len(lines) and find_credit(lines[i + 1].text) is not None
        if kinds[i] is not None:  # hinted
            in_chrome = in_link_list = False
        elif is_chrome(text) and not _is_credit(text):
            kinds[i] = BlockKind.BOILERPLATE
            notes.note(i, "phrase:chrome" if not opens_link_list(text) else "phrase:list_heading", 0.9)
            in_chrome, in_link_list = True, in_link_list or opens_link_list(text)
        elif in_chrome and not above_credit and (
            (not in_link_list and not _front_matter_by_itself(text) and (
                line.indented or (not line.starts_chunk and _title_like(text, 6))))
            or (in_link_list and (line.indented or _BULLET.match(text) or _title_like(text, 16)))
        ):
            kinds[i] = BlockKind.BOILERPLATE
            notes.note(i, "place:under_chrome" if not in_link_list else "place:in_link_list", 0.75)
        else:
            in_chrome = in_link_list = False


def _front_matter_by_itself(text: str) -> bool:
    """A byline, credit or caption by its own words or shape, or a name alone: never hung under chrome
    (the author and the picture's credit often stand right under the share buttons)."""
    rule = _own_rule(text)
    return (rule is not None and rule[2] in (BlockKind.BYLINE, BlockKind.CREDIT, BlockKind.CAPTION)) or (
        lines.is_bare_name(text))


def _mark_masthead(lines: list[_Line], kinds: list[BlockKind | None], title: str | None, notes: Notes) -> None:
    """Pass 2: the site or section name above the headline, and repeated short lines."""
    open_lines = [i for i, k in enumerate(kinds) if k is None]
    if title is not None:
        for i in open_lines:
            if lines[i].text.casefold() == title.strip().casefold():
                kinds[i] = BlockKind.BOILERPLATE  # the headline again, as scraped
                notes.note(i, "repeat:title", 0.9)
    elif len(open_lines) >= 2:
        first, second = lines[open_lines[0]].text, lines[open_lines[1]].text
        masthead = _title_like(first, 4) and len(first) <= 40 and _title_like(second, 30)
        own = _own_rule(first)
        if masthead and _words(second) > _words(first) and (own is None or own[2] != BlockKind.BOILERPLATE):
            # a widget up there says what it is itself (shape:widget), in pass 3
            kinds[open_lines[0]] = BlockKind.BOILERPLATE
            notes.note(open_lines[0], "place:masthead", 0.7)
    short = Counter(line.text.casefold() for line in lines if _title_like(line.text, 5))
    for i, line in enumerate(lines):
        if kinds[i] is None and short[line.text.casefold()] >= 2 and not _is_credit(line.text):
            kinds[i] = BlockKind.BOILERPLATE  # a gallery's credit repeats too, and stays a credit
            notes.note(i, "repeat:short_line", 0.8)


def _is_credit(text: str) -> bool:
    """A credit line of any spelling: "Photo: …", "Image source, …", "© …/…", an agency line."""
    return is_credit_line(text) or lines.is_image_source(text) or lines.is_picture_credit(text)


class _Rule(NamedTuple):
    """A rule of pass 3: its reason code, its test, the kind it gives, its strength, and the most words a line
    it can hold has (0: any), so that a paragraph is not put through tests only a short line can pass."""

    code: str
    test: Callable[[str], bool]
    kind: BlockKind
    strength: float
    max_words: int = 0


_B = BlockKind

# A broadcaster's labels, which say what the line is in so many words.
_LABELS: tuple[_Rule, ...] = (
    _Rule("label:video_title", lines.is_video_title, _B.CAPTION, 0.9),
    _Rule("label:image_source", lambda t: lines.is_image_source(t) or lines.is_picture_credit(t), _B.CREDIT, 0.95),
    _Rule("label:image_caption", lines.is_image_caption, _B.CAPTION, 0.95),
)
# What a line's own words decide wherever it stands (text or HTML).
_WORDS: tuple[_Rule, ...] = (
    _Rule("words:credit", is_credit_line, _B.CREDIT, 0.9),
    _Rule("words:byline", is_byline, _B.BYLINE, 0.9),
    _Rule("words:caption_with_credit", lambda t: find_credit(t) is not None and not lines.is_media_title(t), _B.CAPTION, 0.9),
    _Rule("words:caption_with_bare_credit", lines.ends_with_bare_credit, _B.CAPTION, 0.85),
    _Rule("words:bare_credit", is_bare_credit_line, _B.CREDIT, 0.85, 8),
)
# What a line's shape gives away: widgets, counters, stamps.
_SHAPES: tuple[_Rule, ...] = (
    _Rule("shape:source_in_parentheses", lines.is_source_line, _B.CREDIT, 0.85, 12),
    _Rule("shape:ticker", lines.is_ticker, _B.BOILERPLATE, 0.85, 16),
    _Rule("shape:time_stamp", lines.is_time_stamp, _B.BYLINE, 0.85, 6),
    # labelled figures before date lines: "זמן צפייה: 01:48", "Дата сохранения: 15.10.2025 09:02"
    _Rule("shape:video_length", lines.is_video_length, _B.BOILERPLATE, 0.85, 6),
    _Rule("shape:reading_meta", lines.is_reading_meta, _B.BOILERPLATE, 0.85, 12),
    _Rule("shape:metadata", lambda t: lines.is_metadata(t) or lines.is_print_edition(t), _B.BOILERPLATE, 0.85),
    _Rule("shape:byline_field", lines.is_byline_field, _B.BYLINE, 0.85),
    _Rule("shape:post_signature", lines.is_post_signature, _B.BYLINE, 0.85, 20),
    _Rule("shape:reporting_credit", lines.is_reporting_credit, _B.BYLINE, 0.85),
    _Rule("shape:dateline", lines.is_dateline, _B.BYLINE, 0.85, 26),  # two stamps: "Published: … | Updated: …"
    _Rule("shape:name_and_time", lines.is_name_and_time, _B.BYLINE, 0.85, 17),
    _Rule("shape:desk_or_bio", lines.is_desk_or_bio, _B.BYLINE, 0.85),
    _Rule("shape:share_buttons", lines.is_share_row, _B.BOILERPLATE, 0.85),
    _Rule("shape:menu_row", lines.is_menu_row, _B.BOILERPLATE, 0.85),
    _Rule("shape:widget", lines.is_widget, _B.BOILERPLATE, 0.85, 40),
    _Rule("shape:counter", lines.is_counter, _B.BOILERPLATE, 0.85, 20),
    _Rule("shape:glued_words", lines.is_glued, _B.BOILERPLATE, 0.85),
    _Rule("shape:copyright", lines.is_copyright, _B.BOILERPLATE, 0.85, 25),
    _Rule("shape:masthead", site.is_masthead, _B.BOILERPLATE, 0.85, 12),
    _Rule("shape:call_to_action", site.is_call_to_action, _B.BOILERPLATE, 0.85, 30),
    _Rule("shape:disclaimer", site.is_disclaimer, _B.BOILERPLATE, 0.85, 30),
    _Rule("shape:notice", lines.is_notice, _B.BOILERPLATE, 0.85),
    _Rule("shape:navigation", lines.is_navigation, _B.BOILERPLATE, 0.85, 10),
    _Rule("shape:no_letters", lambda t: not lines.has_letters(t), _B.BOILERPLATE, 0.85),  # dingbats, bare numbers
)


def _first_rule(rules: tuple[_Rule, ...], text: str, size: int) -> _Rule | None:
    return next((rule for rule in rules if (not rule.max_words or size <= rule.max_words) and rule.test(text)), None)


def words_rule(text: str) -> tuple[BlockKind, str, float] | None:
    """What a line's own words decide wherever it stands (text or HTML): credit, byline, caption, with the
    deciding rule's reason code and strength.

    None when only its place on the page can tell (headline, list item, paragraph).
    """
    rule = _first_rule(_WORDS, text, len(text.split()))
    return (rule.kind, rule.code, rule.strength) if rule else None


def _opens_with_quotation(text: str) -> bool:
    """A paragraph that opens with a quotation taking a good part of it, its attribution after it."""
    return text[:1] in "«“„\"'‘" and quoted_share(text) >= OPENING_QUOTE_SHARE


def is_quotation(text: str) -> bool:
    """A paragraph that is mostly quoted speech (or Russian dialogue)."""
    return bool(_DIALOGUE.match(text)) or quoted_share(text) >= QUOTE_SHARE


def _kind_of(text: str, story_started: bool, headline_wanted: bool) -> tuple[BlockKind, str, float]:
    """Pass 3, last: what a line its labels, words and shape left open is, by whether the story has begun."""
    if _BULLET.match(text) and not _DIALOGUE.match(text):
        return BlockKind.LIST_ITEM, "shape:bullet", 0.8
    if story_started and _DIALOGUE_LINE.match(text):
        return BlockKind.QUOTE, "shape:dialogue", 0.85
    if headline_wanted and not story_started and _title_like(text, 30):
        return BlockKind.HEADLINE, "place:first_title", 0.6  # even one that quotes someone
    if story_started and _KICKER_CAPTION.match(text):
        return BlockKind.CAPTION, "shape:caption_kicker", 0.75
    if _title_like(text, 8) and story_started:
        return BlockKind.SUBHEADLINE, "shape:short_in_story", 0.6  # even a quoted one: ‘I stopped singing it’
    if is_quotation(text) or _opens_with_quotation(text):
        return BlockKind.QUOTE, "shape:quotation", 0.85
    if _title_like(text, 20):
        return BlockKind.SUBHEADLINE, "shape:title", 0.6
    return BlockKind.PARAGRAPH, "shape:sentences", 0.8


def _own_rule(text: str) -> _Rule | None:
    """The first rule of pass 3 that a line's labels, words or shape satisfy, wherever it stands."""
    size = len(text.split())
    return _first_rule(_LABELS, text, size) or _first_rule(_WORDS, text, size) or _first_rule(_SHAPES, text, size)


def _kind_of_line(text: str, story_started: bool, headline_wanted: bool) -> tuple[BlockKind, str, float]:
    """Pass 3: labels first, then the line's words, its shape, and what is left by its place."""
    rule = _own_rule(text)
    if rule is not None:
        return rule[2], rule[0], rule[3]
    return _kind_of(text, story_started, headline_wanted)


def segment_text(body: str, title: str | None = None, hints: Sequence[KindHint] = ()) -> Article:
    """Split a text-format article into ordered, kinded blocks.

    ``title``, when given, becomes the headline block ``b1`` and no other
    headline is looked for; otherwise the headline is the title-shaped line
    nearest above the story's first paragraph. ``hints`` fix the kinds of the
    lines they name. Concatenating the blocks' text and separators
    (``Article.source()``) gives back ``body`` exactly (after the title
    block, if there is one). Each block carries its :class:`Evidence`.
    """
    leading, lines = _split_lines(body)
    hinted = _hinted(lines, hints)
    titled = title is not None and bool(title.strip())
    notes = Notes(len(lines) + titled)
    offset = int(titled)
    kinds: list[BlockKind | None] = [hinted.get(i) for i in range(len(lines))]
    line_notes = Notes(len(lines))
    _mark_chrome(lines, kinds, line_notes)
    _mark_masthead(lines, kinds, title, line_notes)
    notes.reasons[offset:], notes.confidence[offset:] = line_notes.reasons, line_notes.confidence

    pieces: list[tuple[BlockKind, str, str]] = []  # (kind, text, separator)
    if title is not None and titled:
        pieces.append((BlockKind.HEADLINE, title.strip(), "\n\n" + leading))
        notes.note(0, "request:title", 1.0)
        leading = ""
    headline_wanted = not pieces
    story_started = False
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        if kind is None:
            kind, reason, confidence = _kind_of_line(line.text, story_started, headline_wanted)
            notes.note(i + offset, reason, confidence)
            headline_wanted = headline_wanted and kind is not BlockKind.HEADLINE
            story_started = story_started or kind in BODY
        pieces.append((kind, line.text, line.separator))
    decided = [kind for kind, _, _ in pieces]
    in_context([text for _, text, _ in pieces], decided, titled, notes)
    for i, kind in hinted.items():
        decided[i + offset] = kind
        notes.note(i + offset, "request:hint", 1.0)
    blocks = tuple(Block(f"b{n + 1}", kind, text, sep, notes.evidence(n))
                   for n, (kind, (_, text, sep)) in enumerate(zip(decided, pieces)))
    return Article(blocks=blocks, leading=leading)
