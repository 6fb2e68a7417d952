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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from translator.document import lines
from translator.document.article import Article, Block, BlockKind
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
class _Line:
    text: str
    separator: str
    starts_chunk: bool  # a blank line (or the start) comes before it
    indented: bool


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
            )
        )
    return leading, lines


def _mark_chrome(lines: list[_Line]) -> list[BlockKind | None]:
    """Pass 1: chrome lines and the lines that hang under them."""
    kinds: list[BlockKind | None] = [None] * len(lines)
    in_chrome = in_link_list = False
    for i, line in enumerate(lines):
        text = line.text
        above_credit = i + 1 < len(lines) and find_credit(lines[i + 1].text) is not None
        if is_chrome(text) and not _is_credit(text):
            kinds[i] = BlockKind.BOILERPLATE
            in_chrome, in_link_list = True, in_link_list or opens_link_list(text)
            continue
        if in_chrome and not above_credit and (
            line.indented
            or (not line.starts_chunk and _title_like(text, 6))
            or (in_link_list and (_BULLET.match(text) or _title_like(text, 16)))
        ):
            kinds[i] = BlockKind.BOILERPLATE
            continue
        in_chrome = in_link_list = False
    return kinds


def _mark_masthead(lines: list[_Line], kinds: list[BlockKind | None], title: str | None) -> None:
    """Pass 2: the site or section name above the headline, and repeated short lines."""
    open_lines = [i for i, k in enumerate(kinds) if k is None]
    if title is not None:
        for i in open_lines:
            if lines[i].text.casefold() == title.strip().casefold():
                kinds[i] = BlockKind.BOILERPLATE  # the headline again, as scraped
    elif len(open_lines) >= 2:
        first, second = lines[open_lines[0]].text, lines[open_lines[1]].text
        if _title_like(first, 4) and len(first) <= 40 and _title_like(second, 30) and _words(second) > _words(first):
            kinds[open_lines[0]] = BlockKind.BOILERPLATE
    short = Counter(line.text.casefold() for line in lines if _title_like(line.text, 5))
    for i, line in enumerate(lines):
        if kinds[i] is None and short[line.text.casefold()] >= 2 and not _is_credit(line.text):
            kinds[i] = BlockKind.BOILERPLATE  # a gallery's credit repeats too, and stays a credit


def _is_credit(text: str) -> bool:
    """A credit line of any spelling: "Photo: …", "Image source, …", "© …/…", an agency line."""
    return is_credit_line(text) or lines.is_image_source(text) or lines.is_picture_credit(text)


def _kind_by_label(text: str) -> BlockKind | None:
    """Pass 3, first: a broadcaster's labels, which say what the line is in so many words."""
    if lines.is_image_source(text) or lines.is_picture_credit(text):
        return BlockKind.CREDIT
    if lines.is_image_caption(text):
        return BlockKind.CAPTION
    return None


def _kind_by_shape(text: str) -> BlockKind | None:
    """Pass 3, after the labels and the words: what a line's shape gives away (widgets, counters, stamps)."""
    if lines.is_source_line(text):
        return BlockKind.CREDIT
    if lines.is_ticker(text):
        return BlockKind.BOILERPLATE
    if (lines.is_time_stamp(text) or lines.is_byline_field(text) or lines.is_post_signature(text)
            or lines.is_reporting_credit(text) or lines.is_dateline(text) or lines.is_desk_or_bio(text)):
        return BlockKind.BYLINE
    if lines.is_menu_row(text):
        return BlockKind.BOILERPLATE
    if lines.is_widget(text) or lines.is_counter(text) or lines.is_glued(text) or lines.is_metadata(text):
        return BlockKind.BOILERPLATE
    if lines.is_reading_meta(text) or lines.is_notice(text) or lines.is_video_length(text) or lines.is_navigation(text):
        return BlockKind.BOILERPLATE
    if not lines.letters(text):
        return BlockKind.BOILERPLATE  # dingbats, separators, bare numbers
    return None


def kind_by_words(text: str) -> BlockKind | None:
    """What a line's own words decide wherever it stands (text or HTML): credit, byline, caption, quote.

    None when only its place on the page can tell (headline, list item, paragraph).
    """
    if is_credit_line(text):
        return BlockKind.CREDIT
    if is_byline(text):
        return BlockKind.BYLINE
    if find_credit(text) is not None:
        return BlockKind.CAPTION
    return None


def _opens_with_quotation(text: str) -> bool:
    """A paragraph that opens with a quotation taking a good part of it, its attribution after it."""
    return text[:1] in "«“„\"'‘" and quoted_share(text) >= OPENING_QUOTE_SHARE


def is_quotation(text: str) -> bool:
    """A paragraph that is mostly quoted speech (or Russian dialogue)."""
    return bool(_DIALOGUE.match(text)) or quoted_share(text) >= QUOTE_SHARE


def _kind_of(text: str, story_started: bool, headline_wanted: bool) -> BlockKind:
    """Pass 3, last: what a line its labels, words and shape left open is, by whether the story has begun."""
    if _BULLET.match(text) and not _DIALOGUE.match(text):
        return BlockKind.LIST_ITEM
    if headline_wanted and not story_started and _title_like(text, 30):
        return BlockKind.HEADLINE  # even one that quotes someone
    if _title_like(text, 8) and story_started:
        return BlockKind.SUBHEADLINE  # even a quoted one: ‘I stopped singing it at home’
    if is_quotation(text) or _opens_with_quotation(text):
        return BlockKind.QUOTE
    if _title_like(text, 20):
        return BlockKind.SUBHEADLINE
    return BlockKind.PARAGRAPH


def segment_text(body: str, title: str | None = None) -> Article:
    """Split a text-format article into ordered, kinded blocks.

    ``title``, when given, becomes the headline block ``b1`` and no other
    headline is looked for; otherwise the headline is the title-shaped line
    nearest above the story's first paragraph. Concatenating the blocks' text and separators
    (``Article.source()``) gives back ``body`` exactly (after the title
    block, if there is one).
    """
    leading, lines = _split_lines(body)
    kinds = _mark_chrome(lines)
    _mark_masthead(lines, kinds, title)

    pieces: list[tuple[BlockKind, str, str]] = []  # (kind, text, separator)
    if title is not None and title.strip():
        pieces.append((BlockKind.HEADLINE, title.strip(), "\n\n" + leading))
        leading = ""
    headline_wanted = not pieces
    story_started = False
    for line, kind in zip(lines, kinds):
        if kind is None:
            found = (_kind_by_label(line.text) or kind_by_words(line.text) or _kind_by_shape(line.text)
                     or _kind_of(line.text, story_started, headline_wanted))
            if found is BlockKind.HEADLINE:
                headline_wanted = False
            if found in (BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM):
                story_started = True
            kind = found
        pieces.append((kind, line.text, line.separator))
    decided = _in_context([text for _, text, _ in pieces], [kind for kind, _, _ in pieces], title is not None)
    blocks = tuple(Block(f"b{n}", kind, text, sep) for n, (kind, (_, text, sep)) in enumerate(zip(decided, pieces), 1))
    return Article(blocks=blocks, leading=leading)


# Kinds a story's own lines have, and the kinds of a short line (a title's shape).
_BODY = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM})
_SHORT = frozenset({BlockKind.SUBHEADLINE, BlockKind.HEADLINE})


def _story_line(text: str, kind: BlockKind) -> bool:
    """A line the story is made of: a paragraph or quote of sentence length."""
    return kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE) and (_words(text) >= 8 or kind == BlockKind.QUOTE)


def _in_context(texts: list[str], kinds: list[BlockKind], titled: bool) -> list[BlockKind]:
    """Pass 4: kinds that only the neighbours decide.

    - Before the headline, what is not a byline or a credit is the site's (masthead, navigation).
    - After the story's last paragraph, short lines are the site's (tags, related stories, footers).
    - A line above a photo credit is its caption; a name alone by the byline is the byline.
    Story content is never made boilerplate here except a short line (a subhead's shape) where the
    story cannot be: before its headline, or after its last paragraph once the site's lines have begun.
    """
    kinds = list(kinds)
    body = [i for i, (t, k) in enumerate(zip(texts, kinds)) if _story_line(t, k)]
    if not body:
        return kinds
    body = _close_at_comments(texts, kinds, body)
    first, last = body[0], max(i for i, k in enumerate(kinds) if k in _BODY)
    if len(body) > 1 and kinds[first] == BlockKind.PARAGRAPH and first > 0 and kinds[first - 1] in _SHORT and any(
            _front_matter(texts, kinds, i) for i in range(first + 1, body[1])):
        first = body[1]  # the first "paragraph" stands above the byline: a standfirst
    head = None if titled else _find_headline(texts, kinds, first)
    if head is not None:
        for i in range(head):
            # A sentence up there may still be the story's (a kicker, a dateline): it is translated;
            # so is a caption above its credit (a lead photo or video before the headline).
            if _front_matter(texts, kinds, i):
                kinds[i] = BlockKind.CAPTION if kinds[i] in _SHORT else kinds[i]
            elif kinds[i] in _SHORT or (kinds[i] in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                                        and not _story_line(texts[i], kinds[i])):
                kinds[i] = BlockKind.BOILERPLATE
    else:
        head = next((i for i, k in enumerate(kinds) if k == BlockKind.HEADLINE), None)
    _mark_story_lists(kinds, first, _site_resumes(kinds, last))
    _mark_after_story(texts, kinds, last)
    if head is not None:
        _mark_captions_and_names(texts, kinds, head)
    return kinds


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


def _mark_captions_and_names(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """Below the headline and its standfirst: a line above a photo credit (or below a broadcaster's
    "Image source") is a caption, and a name alone beside the byline is part of it."""
    for i in range(head + 2, len(kinds)):
        if kinds[i] in _SHORT or kinds[i] == BlockKind.PARAGRAPH:
            above_credit = i + 1 < len(kinds) and _media_credit(texts[i + 1]) and not is_credit_line(texts[i])
            if above_credit or lines.is_image_source(texts[i - 1]):
                kinds[i] = BlockKind.CAPTION
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
