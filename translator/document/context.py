"""Pass 4 of segmentation: the kinds that only a line's neighbours decide.

:mod:`translator.document.segment` has already given every line a kind by
its own words and shape. Here the page is read as a whole: where the story
begins and ends, which title-shaped line is its headline, what stands above
it (the site's masthead) and below it (related lists, comments), which lines
are captions of the photos beside them, and which paragraphs are quotations
(an embedded post above its signature, a quotation running on from the line
before). Each rule notes its reason (``place:…``) on the lines it changes
(:meth:`Notes.changes`).

Story content is never made boilerplate here except a short line (a
subhead's shape) where the story cannot be, and the lines under a heading the
story cannot continue below (readers' comments, a list of other stories with
their teasers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from translator.document import lines
from translator.document.article import BlockKind, Evidence
from translator.document.below import (
    close_at_comments,
    close_at_teasers,
    mark_after_story,
    mark_contact_block,
    site_resumes,
)
from translator.document.bylines import is_bare_credit_line, is_credit_line
from translator.text.credits import find_credit

# Kinds a story's own lines have, and the kinds of a short line (a title's shape).
BODY = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM})
SHORT = frozenset({BlockKind.SUBHEADLINE, BlockKind.HEADLINE})
_K = BlockKind
_OPENERS = "«“„"
_TEXT_SOURCES = ("источник:",)  # where the story's words came from ("Источник: пресс-служба суда"), not a photo's
_CAPTION_WORDS = 40  # a caption longer than this is a paragraph above a photo's credit


class Notes:
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


def story_line(text: str, kind: BlockKind) -> bool:
    """A line the story is made of: a paragraph or quote of sentence length."""
    return kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE) and (lines.words(text) >= 8 or kind == BlockKind.QUOTE)


def in_context(texts: list[str], kinds: list[BlockKind], titled: bool, notes: Notes) -> None:
    """Pass 4: kinds that only the neighbours decide; changes ``kinds`` in place, noting each rule's reason.

    - Below the story: readers' comments, and a list of other stories with their teasers, are the site's.
    - Before the headline, what is not a byline or a credit is the site's (masthead, navigation).
    - After the story's last paragraph, short lines are the site's (tags, related stories, footers).
    - A line above a photo credit (or under a gallery's counter) is its caption; a name by the byline is the byline.
    - A paragraph above an embedded post's signature, or closing a quotation opened above it, is a quote.
    """
    body = [i for i, (t, k) in enumerate(zip(texts, kinds)) if story_line(t, k)]
    if not body:
        return
    with notes.changes(kinds, "place:under_comments_heading", 0.85):
        body = close_at_comments(texts, kinds, body)
    with notes.changes(kinds, "place:teasers_under_list_heading", 0.75):
        body = close_at_teasers(texts, kinds, body)
    if not body:
        return
    first, last = _story_start(texts, kinds, body), max(i for i, k in enumerate(kinds) if k in BODY)
    with notes.changes(kinds, "place:headline_above_story", 0.75):
        head = None if titled else _find_headline(texts, kinds, first)
    if head is not None:
        if notes.reasons[head][-1:] != ["place:headline_above_story"]:
            notes.note(head, "place:headline_above_story", 0.75)  # found here, even when its kind stays
        with notes.changes(kinds, "place:before_headline", 0.7):
            _mark_before_headline(texts, kinds, head)
    else:
        head = next((i for i, k in enumerate(kinds) if k == BlockKind.HEADLINE), None)
    with notes.changes(kinds, "place:list_in_story", 0.7):
        _mark_story_lists(kinds, first, site_resumes(kinds, last))
    with notes.changes(kinds, "place:under_contact_heading", 0.8):
        mark_contact_block(texts, kinds)
    with notes.changes(kinds, "place:after_story", 0.7):
        mark_after_story(texts, kinds, body[-1])
    _by_neighbours(texts, kinds, head, first, notes)


def _by_neighbours(texts: list[str], kinds: list[BlockKind], head: int | None, first: int, notes: Notes) -> None:
    """Captions, bylines and quotes that the line above or below gives away (captions from the story's
    first paragraph down when no headline was found)."""
    with notes.changes(kinds, "place:above_credit", 0.85):
        _mark_captions(texts, kinds, first - 2 if head is None else head, first)
    if head is not None:
        with notes.changes(kinds, "place:name_by_byline", 0.8):
            _mark_names(texts, kinds, head)
    with notes.changes(kinds, "place:under_gallery_counter", 0.8):
        _mark_gallery_captions(texts, kinds)
    with notes.changes(kinds, "place:above_post_signature", 0.8):
        _mark_embedded_posts(texts, kinds)
    with notes.changes(kinds, "place:quotation_continues", 0.75):
        _mark_quotation_runs(texts, kinds)


def _story_start(texts: list[str], kinds: list[BlockKind], body: list[int]) -> int:
    """The story's first paragraph; a "paragraph" or a quotation under the headline and above the byline is
    its standfirst."""
    first = body[0]
    if len(body) > 1 and kinds[first] in (BlockKind.PARAGRAPH, BlockKind.QUOTE) and first > 0 and kinds[first - 1] in SHORT and any(
            _front_matter(texts, kinds, i) and not lines.is_time_stamp(texts[i]) for i in range(first + 1, body[1])):
        return body[1]  # (a live blog's clock stamp between two entries is not a byline under a standfirst)
    return first


def _mark_before_headline(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """Above the headline, what is not front matter or a sentence is the site's (masthead, navigation).

    A sentence up there may still be the story's (a kicker, a dateline): it is translated;
    so is a caption above its credit (a lead photo or video before the headline). A date line
    amid the site's lines (the masthead's date) is the site's too.
    """
    for i in range(head):
        if _front_matter(texts, kinds, i) or (kinds[i] in SHORT and i > 0 and kinds[i - 1] == _K.CREDIT):
            if kinds[i] in SHORT:
                kinds[i] = BlockKind.CAPTION  # beside its credit, above or below it
            elif kinds[i] == _K.BYLINE and lines.is_dateline(texts[i]) and _K.BOILERPLATE == kinds[i + 1] == (
                    kinds[i - 1] if i else _K.BOILERPLATE):
                kinds[i] = BlockKind.BOILERPLATE
        elif (kinds[i] in SHORT or (kinds[i] in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                                    and not story_line(texts[i], kinds[i]))) and not lines.reads_as_content(texts[i], titles=False):
            kinds[i] = BlockKind.BOILERPLATE





def _front_matter(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """A byline, credit or caption, or a short line beside a photo credit (its caption, not yet marked)."""
    if kinds[i] in (BlockKind.BYLINE, BlockKind.CREDIT, BlockKind.CAPTION):
        return True
    if kinds[i] == BlockKind.PARAGRAPH and lines.words(texts[i]) <= _CAPTION_WORDS:
        return _credit_below(texts, i) and not lines.opens_with_dateline(texts[i])  # a lead photo's caption
    return kinds[i] in SHORT and (_credit_below(texts, i) or _caption_under_credit(texts, kinds, i))


def _credit_below(texts: list[str], i: int) -> bool:
    """Whether a photo credit stands right under line ``i``, past the buttons that hide or show its caption."""
    j = i + 1
    while j < len(texts) and lines.is_caption_toggle(texts[j]):
        j += 1
    return j < len(texts) and _media_credit(texts[j])


def _caption_under_credit(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """A caption printed under its credit: a short line of five words or more under a credit that no caption
    above has claimed, with the story right under it ("צילום: EPA" / "כלי רכב שנסחפו בזרם ברחוב ראשי")."""
    if not (0 < i < len(kinds) - 1 and kinds[i] in SHORT and kinds[i - 1] == _K.CREDIT):
        return False
    claimed = i >= 2 and (kinds[i - 2] in SHORT | {_K.CAPTION} or lines.is_image_source(texts[i - 1]))
    subhead = texts[i].endswith(("?", "!")) or ":" in texts[i]
    story_below = kinds[i + 1] in BODY or lines.is_time_stamp(texts[i + 1])  # or a live blog's next entry
    return not claimed and not subhead and lines.words(texts[i]) >= 5 and story_below


def _walk_up(texts: list[str], kinds: list[BlockKind], i: int, credited: bool = False) -> tuple[int, bool]:
    """From line ``i`` up over the site's lines, the front matter and buttons of a word or two:
    the first line above them, and whether a byline was among them. ``credited``: over short lines
    right under a credit too (captions printed under their credit)."""
    byline = False
    while i >= 0 and (kinds[i] == BlockKind.BOILERPLATE or _front_matter(texts, kinds, i)
                      or (kinds[i] in SHORT and lines.words(texts[i]) < 3)
                      or (credited and kinds[i] in SHORT and i > 0 and kinds[i - 1] == _K.CREDIT)):
        byline = byline or kinds[i] == BlockKind.BYLINE
        i -= 1
    return i, byline


def _headline_at(texts: list[str], kinds: list[BlockKind], i: int) -> tuple[int, int | None] | None:
    """The headline at line ``i`` (or right above it, ``i`` being its standfirst), if one can stand there."""
    if i < 0 or kinds[i] not in SHORT | {BlockKind.PARAGRAPH, BlockKind.QUOTE} or lines.words(texts[i]) < 3:
        return None
    if i > 0 and kinds[i - 1] in SHORT and lines.words(texts[i - 1]) >= 3 and lines.title_like(texts[i - 1], 30):
        return i - 1, i
    return i, None


def _find_headline(texts: list[str], kinds: list[BlockKind], first: int) -> int | None:
    """The headline: the title-shaped line nearest above the story's first paragraph.

    Walking up from the first paragraph over the front matter (bylines,
    credits, captions, the site's lines), the first line of a title's or a
    sentence's shape is the headline, or its standfirst when the line right
    above it has a title's shape too. A headline sits above its byline: when
    the line found has no byline between it and the story but one stands above
    it, with a title above that, the line found is a caption or the title of a
    live blog's first entry, and the headline is the title above the byline.
    The kinds are set here; None when no line above the story can be the headline.
    """
    i, byline_below = _walk_up(texts, kinds, first - 1)
    found = _headline_at(texts, kinds, i)
    if found is None:
        return None
    if not byline_below and kinds[found[0]] in SHORT and found[1] is None:
        above, byline_above = _walk_up(texts, kinds, found[0] - 1, credited=True)
        higher = _headline_at(texts, kinds, above) if byline_above else None
        if higher is not None and kinds[higher[0]] in SHORT:
            if found[0] + 1 < len(kinds) and _media_credit(texts[found[0] + 1]):
                kinds[found[0]] = BlockKind.CAPTION
            found = higher
    head, standfirst = found
    for j, kind in enumerate(kinds):
        if kind == BlockKind.HEADLINE and j != head:
            kinds[j] = BlockKind.SUBHEADLINE
    kinds[head] = BlockKind.HEADLINE
    if standfirst is not None:
        kinds[standfirst] = BlockKind.SUBHEADLINE
    return head


def _mark_captions(texts: list[str], kinds: list[BlockKind], head: int, first: int) -> None:
    """Below the headline and its standfirst: a line above a photo credit, under a broadcaster's
    "Image source", or under a credit no caption above has claimed, is a caption; so is a quotation
    above a credit before the story's first paragraph (the lead photo's). A wire story's lead with its
    dateline ("МОСКВА, 12 ноября —") stays a paragraph.

    A broadcaster prints "Image source, …" above the picture and labels the caption below it,
    so the line above its "Image source" is the story's.
    """
    opening = next((j for j in range(first, len(kinds)) if kinds[j] == BlockKind.PARAGRAPH), len(kinds))
    for i in range(head + 2, len(kinds)):
        lead = i < opening and kinds[i] == BlockKind.QUOTE  # a lead photo's caption may quote its subject
        if kinds[i] in SHORT or kinds[i] == BlockKind.PARAGRAPH or lead:
            following = texts[i + 1] if i + 1 < len(kinds) else ""
            above_credit = (_credit_below(texts, i) and not lines.is_image_source(following)
                            and not is_credit_line(texts[i]) and not _author_photo(texts, kinds, i, head)
                            and not lines.opens_with_dateline(texts[i]))
            if above_credit or lines.is_image_source(texts[i - 1]) or _caption_under_credit(texts, kinds, i):
                kinds[i] = BlockKind.CAPTION


def _author_photo(texts: list[str], kinds: list[BlockKind], i: int, head: int) -> bool:
    """A name alone above a photo credit in the byline's place: the author's picture, and the byline."""
    return lines.is_bare_name(texts[i]) and _near_byline(texts, kinds, i, head)


def _mark_gallery_captions(texts: list[str], kinds: list[BlockKind]) -> None:
    """The line under a gallery's counter ("Фото 3 из 12") is the picture's caption, even one that quotes."""
    for i in range(1, len(kinds)):
        if kinds[i] in SHORT | BODY and lines.is_gallery_counter(texts[i - 1]):
            kinds[i] = BlockKind.CAPTION


def _mark_embedded_posts(texts: list[str], kinds: list[BlockKind]) -> None:
    """The paragraph above an embedded post's signature ("— name (@handle) date") is the post: a quote."""
    for i in range(len(kinds) - 1):
        if kinds[i] == BlockKind.PARAGRAPH and lines.is_post_signature(texts[i + 1]):
            kinds[i] = BlockKind.QUOTE


def _open_quotation(text: str) -> str | None:
    """The closing mark a quotation that the line opens and does not close waits for, if there is one."""
    if text.count("«") > text.count("»"):
        return "»"
    if text[:1] == "“" and text.count("“") > text.count("”"):
        return "”"
    return None


def _mark_quotation_runs(texts: list[str], kinds: list[BlockKind]) -> None:
    """A paragraph that closes the quotation the quote above it left open is the same quotation."""
    for i in range(1, len(kinds)):
        if kinds[i] == BlockKind.PARAGRAPH and kinds[i - 1] == BlockKind.QUOTE:
            closing = _open_quotation(texts[i - 1])
            if closing is not None and closing in texts[i] and texts[i][:1] not in _OPENERS:
                kinds[i] = BlockKind.QUOTE


def _mark_names(texts: list[str], kinds: list[BlockKind], head: int) -> None:
    """A name alone beside the byline (or right under the headline) is part of the byline."""
    for i in range(head + 1, len(kinds)):
        if kinds[i] == BlockKind.SUBHEADLINE and lines.is_bare_name(texts[i]) and _near_byline(texts, kinds, i, head):
            kinds[i] = BlockKind.BYLINE


def _media_credit(text: str) -> bool:
    """A photo or video credit on a line of its own ("Photo: Reuters", "Image source, Getty Images",
    "© Amr Hassan/IPV"), or a video's length: the line above it is a caption."""
    credit = find_credit(text)
    return ((credit is not None and credit.start == 0 and not lines.is_media_title(text)
             and credit.label.casefold() not in _TEXT_SOURCES)
            or lines.is_image_source(text) or lines.is_video_length(text) or is_bare_credit_line(text)
            or (lines.is_picture_credit(text) and text.lstrip().startswith("©")))  # not "Фото в анонсе: …"


def _near_byline(texts: list[str], kinds: list[BlockKind], i: int, head: int) -> bool:
    """Whether line ``i`` sits in the byline's place: right after the headline, or beside a byline."""
    beside = {kinds[j] for j in (i - 1, i + 1) if 0 <= j < len(kinds) and not lines.is_time_stamp(texts[j])}
    return BlockKind.BYLINE in beside or 0 < i - head <= 2  # a live blog's clock stamp has no name beside it



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
