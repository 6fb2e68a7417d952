"""Below the story: where it ends, and what of the site follows it.

A story ends; the page does not. Under its last paragraph come the site's
lines: tags, share rows, "Send Flowers" and "Plant a Tree", app-store buttons,
a guest book or the readers' comments, lists of other stories with their
teasers and dates. These rules find where the story stops and mark what
follows as the site's, in the forms every site has: a heading the story
cannot continue below (comments, a list of teasers), and a run of short lines
that are not sentences. A list the story's last paragraph introduces (it ends
with ":") or bulleted right under it stays the story's.
"""

from __future__ import annotations

import re

from translator.document import lines
from translator.document.article import BlockKind
from translator.document.bylines import is_contact_heading
from translator.document.chrome import opens_link_list

_K = BlockKind
SHORT = frozenset({BlockKind.SUBHEADLINE, BlockKind.HEADLINE})
# The heading of the site's rail of videos under the story.
_VIDEO_HEADING = re.compile(r"^(?:videos?|more videos|watch|видео|ещё видео|еще видео|וידאו|סרטונים|עוד סרטונים)\s*:?$",
                            re.IGNORECASE)


def _signed_below(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """Whether a reader's signature (a name, a name and a town, a date) follows within four lines: comments."""
    return any(kinds[j] == BlockKind.BYLINE or lines.is_bare_name(texts[j].replace(",", " "))
               or lines.is_dateline(texts[j]) for j in range(i + 1, min(i + 5, len(kinds))))


def close_at_comments(texts: list[str], kinds: list[BlockKind], body: list[int]) -> list[int]:
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


def close_at_teasers(texts: list[str], kinds: list[BlockKind], body: list[int]) -> list[int]:
    """Other stories, each title with its teaser under it, to the page's end: the site's, not the story's.

    Under a list heading below the story ("You might also like"), when nothing down to the page's end is
    a quote, a caption or two paragraphs in a row, and at least two paragraphs stand alone between
    titles, every line there is a link or its teaser. Returns the story lines above the heading.
    """
    for h in (i for i in range(len(kinds)) if kinds[i] == _K.BOILERPLATE and opens_link_list(texts[i])):
        if sum(1 for b in body if b < h) < 3:
            continue
        below = range(h + 1, len(kinds))
        teasers = [j for j in below if kinds[j] == _K.PARAGRAPH]
        alone = all(kinds[j - 1] != _K.PARAGRAPH and (j + 1 == len(kinds) or kinds[j + 1] != _K.PARAGRAPH)
                    for j in teasers)
        if len(teasers) >= 2 and alone and all(kinds[j] not in (_K.QUOTE, _K.CAPTION) for j in below):
            for j in below:
                kinds[j] = BlockKind.BOILERPLATE
            return [b for b in body if b < h]
    return body


def site_resumes(kinds: list[BlockKind], last: int) -> int:
    """Where the site's lines begin again below the story's last paragraph (the end of the page if never)."""
    return next((i for i in range(last + 1, len(kinds)) if kinds[i] == BlockKind.BOILERPLATE), len(kinds))


def mark_after_story(texts: list[str], kinds: list[BlockKind], last: int) -> None:
    """Below the story's last paragraph, short lines that are not sentences are the site's.

    ``last`` is the story's last line of sentence length; a shorter sentence
    below it (a paragraph that opens a list, "Attendance: 1,284.") moves the
    end down to it. What follows it
    that is short and not a sentence ("Send Flowers", "App Store  Google Play",
    a traffic list under a widget's heading, a league table) is the site's,
    unless the last paragraph introduces it (ends with ":") or it is a list
    (bulleted, or three short lines and more, with its heading), before any of
    the site's lines: then it is the story's list (results, advice). A date under a line made the site's here is a teaser's
    date, the site's too.
    """
    last = max([last] + [i for i in range(last, len(kinds))
                         if kinds[i] in (BlockKind.PARAGRAPH, BlockKind.QUOTE) and not _short_line(texts[i], kinds[i])])
    introduced = texts[last].rstrip().endswith(":")
    chrome_seen = False
    for i in range(last + 1, len(kinds)):
        if kinds[i] == BlockKind.BOILERPLATE:
            chrome_seen = True
        elif (_short_line(texts[i], kinds[i]) and not lines.reads_as_content(texts[i])
              and (chrome_seen or not _story_list(kinds, i, introduced))):
            kinds[i] = BlockKind.BOILERPLATE
            chrome_seen = True
        elif chrome_seen and (_teaser_date(texts, kinds, i) or _video_teaser(texts, kinds, i)):
            kinds[i] = BlockKind.BOILERPLATE


def _short_line(text: str, kind: BlockKind) -> bool:
    """A subhead's shape, or a short paragraph or list item that is not a sentence."""
    if kind in SHORT:
        return True
    return kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and lines.title_like(text, 10) and not text.rstrip(
        lines.CLOSERS).endswith(("?", "!"))


def _story_list(kinds: list[BlockKind], i: int, introduced: bool) -> bool:
    """Whether line ``i`` is in a list the story keeps: one its last paragraph introduces, or a list already
    found (bulleted, or three short lines and more under their heading), heading and items."""
    return introduced or kinds[i] == BlockKind.LIST_ITEM or (i + 1 < len(kinds) and kinds[i + 1] == BlockKind.LIST_ITEM)


def _teaser_date(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """A date under another story's title, below the story."""
    return kinds[i] == BlockKind.BYLINE and lines.is_dateline(texts[i]) and _teaser_above(texts, kinds, i)


def _video_teaser(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """A video's title right under the site's "Video" heading below the story: a teaser of its video rail."""
    return (kinds[i] == BlockKind.CAPTION and lines.is_video_title(texts[i]) and kinds[i - 1] == BlockKind.BOILERPLATE
            and bool(_VIDEO_HEADING.match(texts[i - 1].strip())))


def _teaser_above(texts: list[str], kinds: list[BlockKind], i: int) -> bool:
    """Whether the line above a date is another story's title (a short line of the site's, not a chrome phrase)."""
    return i > 0 and kinds[i - 1] == BlockKind.BOILERPLATE and lines.words(texts[i - 1]) >= 3


def mark_contact_block(texts: list[str], kinds: list[BlockKind]) -> None:
    """The short lines under a press release's "Media Contact:" (a name, a role, an address) are its byline."""
    for i in range(len(kinds) - 1):
        if kinds[i] == BlockKind.BYLINE and is_contact_heading(texts[i]):
            j = i + 1
            while j < len(kinds) and (kinds[j] in SHORT or _short_line(texts[j], kinds[j])):
                kinds[j] = BlockKind.BYLINE
                j += 1
