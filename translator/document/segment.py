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
4. by its neighbours (:func:`_in_context`): the headline above the story's
   first paragraph, the site's lines around the story, captions, lists.

Every rule that sets a line's kind leaves its reason code (``shape:widget``,
``place:after_story``…) and its strength on the block's :class:`Evidence`, so
each block can say why it got its kind (``options.explain``; the codes are
listed in ``docs/articles.md``). A client's hints (:class:`KindHint`) win over
every rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from translator.document import lines
from translator.document.article import Article, Block, BlockKind, Evidence
from translator.document.bylines import is_byline, is_credit_line
from translator.document.chrome import is_chrome, opens_link_list
from translator.text.credits import find_credit
from translator.text.quotes import quoted_share

# A line's content: from its first to its last non-space character.
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_BULLET = re.compile(r"^([•●▪◦·*]|[-–](?=\s)|\d{1,2}[.)](?=\s))\s*")
# Russian direct speech: "— Мы не допустим этого, — заявил Нетаньяху."
_DIALOGUE = re.compile(r"^[—–]\s.*[,!?…]\s[—–]\s")
_CLOSERS = "\"'”’»“›)]״"
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


class _Notes:
    """Each line's reasons so far, and the strength of the last rule that set its kind."""

    def __init__(self, size: int) -> None:
        self.reasons: list[list[str]] = [[] for _ in range(size)]
        self.confidence = [0.5] * size

    def note(self, i: int, reason: str, confidence: float) -> None:
        self.reasons[i].append(reason)
        self.confidence[i] = confidence

    @contextmanager
    def changes(self, kinds: Sequence[BlockKind | None], reason: str, confidence: float) -> Iterator[None]:
        """Note ``reason`` on every line whose kind the block of code inside changes."""
        before = list(kinds)
        yield
        for i, (old, new) in enumerate(zip(before, kinds)):
            if old != new:
                self.note(i, reason, confidence)

    def evidence(self, i: int) -> Evidence:
        return Evidence(round(self.confidence[i], 2), tuple(self.reasons[i]))


def _words(text: str) -> int:
    return len(text.split())


def _title_like(text: str, max_words: int) -> bool:
    """Short and not ending like a sentence (headlines may end in ? or !)."""
    core = text.rstrip(_CLOSERS)
    return _words(text) <= max_words and len(text) <= 250 and not core.endswith((".", ",", ";", ":", "…"))


def _paragraph_like(text: str) -> bool:
    return not _title_like(text, 12)


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


def _mark_chrome(lines: list[_Line], kinds: list[BlockKind | None], notes: _Notes) -> None:
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
            line.indented
            or (not line.starts_chunk and _title_like(text, 6))
            or (in_link_list and (_BULLET.match(text) or _title_like(text, 16)))
        ):
            kinds[i] = BlockKind.BOILERPLATE
            notes.note(i, "place:under_chrome" if not in_link_list else "place:in_link_list", 0.75)
        else:
            in_chrome = in_link_list = False


def _mark_masthead(lines: list[_Line], kinds: list[BlockKind | None], title: str | None, notes: _Notes) -> None:
    """Pass 2: the site or section name above the headline, and repeated short lines."""
    open_lines = [i for i, k in enumerate(kinds) if k is None]
    if title is not None:
        for i in open_lines:
            if lines[i].text.casefold() == title.strip().casefold():
                kinds[i] = BlockKind.BOILERPLATE  # the headline again, as scraped
                notes.note(i, "repeat:title", 0.9)
    elif len(open_lines) >= 2:
        first, second = lines[open_lines[0]].text, lines[open_lines[1]].text
        if _title_like(first, 4) and len(first) <= 40 and _title_like(second, 30) and _words(second) > _words(first):
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


# A rule of pass 3: its reason code, its test, the kind it gives, its strength.
_Rule = tuple[str, Callable[[str], bool], BlockKind, float]
_B = BlockKind

# A broadcaster's labels, which say what the line is in so many words.
_LABELS: tuple[_Rule, ...] = (
    ("label:image_source", lambda t: lines.is_image_source(t) or lines.is_picture_credit(t), _B.CREDIT, 0.95),
    ("label:image_caption", lines.is_image_caption, _B.CAPTION, 0.95),
)
# What a line's own words decide wherever it stands (text or HTML).
_WORDS: tuple[_Rule, ...] = (
    ("words:credit", is_credit_line, _B.CREDIT, 0.9),
    ("words:byline", is_byline, _B.BYLINE, 0.9),
    ("words:caption_with_credit", lambda t: find_credit(t) is not None, _B.CAPTION, 0.9),
)
# What a line's shape gives away: widgets, counters, stamps.
_SHAPES: tuple[_Rule, ...] = (
    ("shape:source_in_parentheses", lines.is_source_line, _B.CREDIT, 0.85),
    ("shape:ticker", lines.is_ticker, _B.BOILERPLATE, 0.85),
    ("shape:time_stamp", lines.is_time_stamp, _B.BYLINE, 0.85),
    ("shape:byline_field", lines.is_byline_field, _B.BYLINE, 0.85),
    ("shape:post_signature", lines.is_post_signature, _B.BYLINE, 0.85),
    ("shape:reporting_credit", lines.is_reporting_credit, _B.BYLINE, 0.85),
    ("shape:dateline", lines.is_dateline, _B.BYLINE, 0.85),
    ("shape:desk_or_bio", lines.is_desk_or_bio, _B.BYLINE, 0.85),
    ("shape:menu_row", lines.is_menu_row, _B.BOILERPLATE, 0.85),
    ("shape:widget", lines.is_widget, _B.BOILERPLATE, 0.85),
    ("shape:counter", lines.is_counter, _B.BOILERPLATE, 0.85),
    ("shape:glued_words", lines.is_glued, _B.BOILERPLATE, 0.85),
    ("shape:metadata", lines.is_metadata, _B.BOILERPLATE, 0.85),
    ("shape:reading_meta", lines.is_reading_meta, _B.BOILERPLATE, 0.85),
    ("shape:notice", lines.is_notice, _B.BOILERPLATE, 0.85),
    ("shape:video_length", lines.is_video_length, _B.BOILERPLATE, 0.85),
    ("shape:navigation", lines.is_navigation, _B.BOILERPLATE, 0.85),
    ("shape:no_letters", lambda t: not lines.letters(t), _B.BOILERPLATE, 0.85),  # dingbats, bare numbers
)


def _first_rule(rules: tuple[_Rule, ...], text: str) -> _Rule | None:
    return next((rule for rule in rules if rule[1](text)), None)


def kind_by_words(text: str) -> BlockKind | None:
    """What a line's own words decide wherever it stands (text or HTML): credit, byline, caption.

    None when only its place on the page can tell (headline, list item, paragraph).
    """
    rule = _first_rule(_WORDS, text)
    return rule[2] if rule else None


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
    if headline_wanted and not story_started and _title_like(text, 30):
        return BlockKind.HEADLINE, "place:first_title", 0.6  # even one that quotes someone
    if _title_like(text, 8) and story_started:
        return BlockKind.SUBHEADLINE, "shape:short_in_story", 0.6  # even a quoted one: ‘I stopped singing it’
    if is_quotation(text) or _opens_with_quotation(text):
        return BlockKind.QUOTE, "shape:quotation", 0.85
    if _title_like(text, 20):
        return BlockKind.SUBHEADLINE, "shape:title", 0.6
    return BlockKind.PARAGRAPH, "shape:sentences", 0.8


def _kind_of_line(text: str, story_started: bool, headline_wanted: bool) -> tuple[BlockKind, str, float]:
    """Pass 3: labels first, then the line's words, its shape, and what is left by its place."""
    rule = _first_rule(_LABELS, text) or _first_rule(_WORDS, text) or _first_rule(_SHAPES, text)
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
    notes = _Notes(len(lines) + titled)
    offset = int(titled)
    kinds: list[BlockKind | None] = [hinted.get(i) for i in range(len(lines))]
    line_notes = _Notes(len(lines))
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
            story_started = story_started or kind in _BODY
        pieces.append((kind, line.text, line.separator))
    decided = [kind for kind, _, _ in pieces]
    _in_context([text for _, text, _ in pieces], decided, titled, notes)
    for i, kind in hinted.items():
        decided[i + offset] = kind
        notes.note(i + offset, "request:hint", 1.0)
    blocks = tuple(Block(f"b{n + 1}", kind, text, sep, notes.evidence(n))
                   for n, (kind, (_, text, sep)) in enumerate(zip(decided, pieces)))
    return Article(blocks=blocks, leading=leading)


# Kinds a story's own lines have, and the kinds of a short line (a title's shape).
_BODY = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM})
_SHORT = frozenset({BlockKind.SUBHEADLINE, BlockKind.HEADLINE})


def _story_line(text: str, kind: BlockKind) -> bool:
    """A line the story is made of: a paragraph or quote of sentence length."""
    return kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE) and (_words(text) >= 8 or kind == BlockKind.QUOTE)


def _in_context(texts: list[str], kinds: list[BlockKind], titled: bool, notes: _Notes) -> None:
    """Pass 4: kinds that only the neighbours decide.

    - Before the headline, what is not a byline or a credit is the site's (masthead, navigation).
    - After the story's last paragraph, short lines are the site's (tags, related stories, footers).
    - A line above a photo credit is its caption; a name alone by the byline is the byline.
    Story content is never made boilerplate here except a short line (a subhead's shape) where the
    story cannot be: before its headline, or after its last paragraph once the site's lines have begun.
    Changes ``kinds`` in place, noting each rule's reason on the lines it changed.
    """
    body = [i for i, (t, k) in enumerate(zip(texts, kinds)) if _story_line(t, k)]
    if not body:
        return
    with notes.changes(kinds, "place:under_comments_heading", 0.85):
        body = _close_at_comments(texts, kinds, body)
    first, last = body[0], max(i for i, k in enumerate(kinds) if k in _BODY)
    if len(body) > 1 and kinds[first] == BlockKind.PARAGRAPH and first > 0 and kinds[first - 1] in _SHORT and any(
            _front_matter(texts, kinds, i) for i in range(first + 1, body[1])):
        first = body[1]  # the first "paragraph" stands above the byline: a standfirst
    with notes.changes(kinds, "place:headline_above_story", 0.75):
        head = None if titled else _find_headline(texts, kinds, first)
    if head is not None:
        with notes.changes(kinds, "place:before_headline", 0.7):
            _mark_before_headline(texts, kinds, head)
    else:
        head = next((i for i, k in enumerate(kinds) if k == BlockKind.HEADLINE), None)
    with notes.changes(kinds, "place:list_in_story", 0.7):
        _mark_story_lists(kinds, first, _site_resumes(kinds, last))
    with notes.changes(kinds, "place:after_story", 0.7):
        _mark_after_story(texts, kinds, last)
    if head is not None:
        with notes.changes(kinds, "place:above_credit", 0.85):
            _mark_captions(texts, kinds, head)
        with notes.changes(kinds, "place:name_by_byline", 0.8):
            _mark_names(texts, kinds, head)


def _mark_before_headline(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """Above the headline, what is not front matter or a sentence is the site's (masthead, navigation).

    A sentence up there may still be the story's (a kicker, a dateline): it is translated;
    so is a caption above its credit (a lead photo or video before the headline).
    """
    for i in range(head):
        if _front_matter(texts, kinds, i):
            kinds[i] = BlockKind.CAPTION if kinds[i] in _SHORT else kinds[i]
        elif kinds[i] in _SHORT or (kinds[i] in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                                    and not _story_line(texts[i], kinds[i])):
            kinds[i] = BlockKind.BOILERPLATE


def _signed_below(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """Whether a reader's signature (a name, a date) follows within four lines: comments, not a counter."""
    return any(kinds[j] == BlockKind.BYLINE or lines.is_bare_name(texts[j]) or lines.is_dateline(texts[j])
               for j in range(i + 1, min(i + 5, len(kinds))))


def _close_at_comments(texts: list[str], kinds: list[BlockKind], body: list[int]) -> list[int]:
    """The readers' comments close the page: nothing under their heading (after the story) is the story's.

    Returns the story lines above the heading.
    """
    comments = next((i for i in range(len(kinds)) if lines.opens_comments(texts[i])
                     and sum(1 for b in body if b < i) >= 3 and _signed_below(texts, kinds, i)), None)
    if comments is None:
        return body
    for i in range(comments, len(kinds)):
        kinds[i] = BlockKind.BOILERPLATE
    return [b for b in body if b < comments]


def _front_matter(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """A byline, credit or caption, or a line above a photo credit (its caption, not yet marked)."""
    if kinds[i] in (BlockKind.BYLINE, BlockKind.CREDIT, BlockKind.CAPTION):
        return True
    return kinds[i] in _SHORT and i + 1 < len(kinds) and _media_credit(texts[i + 1])


def _find_headline(texts: list[str], kinds: list[BlockKind], first: int) -> int | None:
    """The headline: the title-shaped line nearest above the story's first paragraph.

    Walking up from the first paragraph over the front matter (bylines,
    credits, captions, the site's lines), the first line of a title's or a
    sentence's shape is the headline, or its standfirst when the line right
    above it has a title's shape too. The kinds are set here; None when no
    line above the story can be the headline.
    """
    i = first - 1
    while i >= 0 and (kinds[i] == BlockKind.BOILERPLATE or _front_matter(texts, kinds, i)
                      or (kinds[i] in _SHORT and _words(texts[i]) < 3)):
        i -= 1  # the site's lines, the front matter, and buttons of a word or two
    if i < 0 or kinds[i] not in _SHORT | {BlockKind.PARAGRAPH, BlockKind.QUOTE} or _words(texts[i]) < 3:
        return None
    standfirst = None
    if i > 0 and kinds[i - 1] in _SHORT and _words(texts[i - 1]) >= 3 and _title_like(texts[i - 1], 30):
        standfirst, i = i, i - 1
    for j, kind in enumerate(kinds):
        if kind == BlockKind.HEADLINE and j != i:
            kinds[j] = BlockKind.SUBHEADLINE
    kinds[i] = BlockKind.HEADLINE
    if standfirst is not None:
        kinds[standfirst] = BlockKind.SUBHEADLINE
    return i


def _mark_captions(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """Below the headline and its standfirst: a line above a photo credit (or below a broadcaster's
    "Image source") is a caption."""
    for i in range(head + 2, len(kinds)):
        if kinds[i] in _SHORT or kinds[i] == BlockKind.PARAGRAPH:
            above_credit = i + 1 < len(kinds) and _media_credit(texts[i + 1]) and not is_credit_line(texts[i])
            if above_credit or lines.is_image_source(texts[i - 1]):
                kinds[i] = BlockKind.CAPTION


def _mark_names(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """A name alone beside the byline (or right under the headline) is part of the byline."""
    for i in range(head + 1, len(kinds)):
        if kinds[i] == BlockKind.SUBHEADLINE and lines.is_bare_name(texts[i]) and _near_byline(kinds, i, head):
            kinds[i] = BlockKind.BYLINE


def _media_credit(text: str) -> bool:
    """A photo or video credit on a line of its own ("Photo: Reuters", "Image source, Getty Images"),
    or a video's length: the line above it is a caption."""
    credit = find_credit(text)
    return (credit is not None and credit.start == 0) or lines.is_image_source(text) or lines.is_video_length(text)


def _near_byline(kinds: list[BlockKind], i: int, head: int) -> bool:
    """Whether line ``i`` sits in the byline's place: right after the headline, or beside a byline."""
    beside = {kinds[j] for j in (i - 1, i + 1) if 0 <= j < len(kinds)}
    return BlockKind.BYLINE in beside or 0 < i - head <= 2


def _site_resumes(kinds: list[BlockKind], last: int) -> int:
    """Where the site's lines begin again below the story's last paragraph (the end of the page if never)."""
    return next((i for i in range(last + 1, len(kinds)) if kinds[i] == BlockKind.BOILERPLATE), len(kinds))


def _mark_story_lists(kinds: list[BlockKind], first: int, end: int) -> None:
    """Three or more short lines in a row in the story are a list (results, a forecast, advice), not subheads.

    The first of them stays a subhead when a paragraph stands right above it: it is the list's heading.
    """
    run: list[int] = []
    for i in range(first, end + 1):
        if i < end and kinds[i] == BlockKind.SUBHEADLINE:
            run.append(i)
            continue
        if len(run) >= 3:
            heading = run[0] > 0 and kinds[run[0] - 1] in (BlockKind.PARAGRAPH, BlockKind.QUOTE)
            for j in run[1:] if heading else run:
                kinds[j] = BlockKind.LIST_ITEM
        run = []


def _mark_after_story(texts: list[str], kinds: list[BlockKind], last: int) -> None:
    """Below the story's last paragraph, once the site's lines have begun, short lines are the site's too.

    Short lines right under the story, before any of the site's, may still be
    the story's own (a list of advice, a table of results): they are kept.
    """
    chrome_seen = False
    for i in range(last + 1, len(kinds)):
        if kinds[i] == BlockKind.BOILERPLATE:
            chrome_seen = True
        elif chrome_seen and kinds[i] in _SHORT:
            kinds[i] = BlockKind.BOILERPLATE
