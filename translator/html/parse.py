"""An HTML article as blocks: which elements are blocks, which are inline, which are left alone.

A CMS body (WordPress, Drupal, a word processor's paste) is parsed with
lxml's HTML parser (libxml2's HTML5 tokenizer; it keeps comments such as
WordPress's ``<!-- wp:paragraph -->`` and unknown tags such as Word's
``<o:p>``). The tree is kept for :mod:`translator.html.fill` to fill back.

A **run** is the inline content of a block element between its block
children: ``<p>Read <a href="…">the report</a>.</p>`` is one run, and its
plain text, "Read the report.", is one :class:`~translator.document.article.Block`.
Whitespace inside a run (newlines and indentation in the markup) is one
space, so it never splits a sentence. The run's inline elements become
:class:`Inline` spans over that text, placed back after translation by
:mod:`translator.html.inline`.

Left alone: ``code``, ``pre``, ``script``, ``style``, ``kbd``, ``samp``,
``var`` (and the other embedded content in :data:`OPAQUE`), anything with
``translate="no"`` or class ``notranslate``, and URLs in the text. Inside a
sentence, ``code``-like elements and URLs are *protected*: the model sees
them as part of the sentence, and the source's text is put back where the
alignment says they went. Scripts and styles inside a run are *points*: not
text at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import lxml.html
from lxml import etree

from translator.document.article import Article, Block, BlockKind, Evidence
from translator.document.segment import is_quotation, words_rule
from translator.errors import HtmlTooDeep, InvalidRequest
from translator.html.sanitize import sanitize

# Elements that end a run of inline content (their own content, if any, is a block or more).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p section summary "
    "table tbody td tfoot th thead tr ul pre iframe video audio object canvas map".split()
)
# Never translated, wherever they are.
UNTOUCHABLE_TAGS = frozenset("code pre script style kbd samp var textarea".split())
# Not text: inside a run they are a point, kept as they are, never seen by the model.
OPAQUE = frozenset("script style template noscript svg math img br wbr input select button embed source".split())
# Kinds decided by the element itself, and passed on to the blocks inside it.
_TAG_KINDS = {
    "h1": BlockKind.HEADLINE, "h2": BlockKind.SUBHEADLINE, "h3": BlockKind.SUBHEADLINE,
    "h4": BlockKind.SUBHEADLINE, "h5": BlockKind.SUBHEADLINE, "h6": BlockKind.SUBHEADLINE,
    "blockquote": BlockKind.QUOTE, "figcaption": BlockKind.CAPTION, "li": BlockKind.LIST_ITEM,
}
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]»”’\"'"
_LETTER = re.compile(r"[^\W\d_]")
# How deep elements may nest under the body (its children are 1 deep). libxml2 stops reading at
# 256 levels, 2,048 with XML_PARSE_HUGE, and drops the rest of the page; the walk, the placing
# of inline markup and the filling recurse once a level. Deeper articles are refused.
MAX_DEPTH = 512
_DOCUMENT = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype|<html[\s>])", re.IGNORECASE | re.DOTALL)

InlineKind = Literal["wrap", "point", "protected", "url"]


@dataclass(frozen=True)
class Inline:
    """An inline node of a run, as a span of the run's plain text.

    ``wrap``: an element around words (``a``, ``em``, ``span``), filled with
    the words that translate its content. ``point``: an element with no text
    (``br``, ``img``, a comment), kept as it is at one position.
    ``protected``: an element whose text is not translated (``code``), kept
    as it is where its translation would have gone. ``url``: a URL in the
    text, put back as written. ``node`` is the element's index in document
    order (``None`` for a URL).
    """

    kind: InlineKind
    start: int
    end: int
    node: int | None
    text: str = ""  # a URL's source text
    children: tuple["Inline", ...] = ()


@dataclass(frozen=True)
class Run:
    """One block's inline content in the tree, and where it sits.

    The run starts in the ``container``'s own text (``after`` is None) or in
    the tail of its block child ``after``, and takes the following inline
    children, ``nodes``, with their tails. ``leading`` and ``trailing`` are
    the whitespace around its text in the markup, kept as it was.
    """

    block_id: str
    container: int
    after: int | None
    nodes: tuple[int, ...]
    text: str
    leading: str
    trailing: str
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class HtmlArticle:
    """A parsed HTML article: its blocks, their runs, and the tree to fill back.

    ``document`` is True for a whole page (``<html>``), False for a CMS body
    fragment, which the parser wraps in one ``<div>`` (the ``root``).
    """

    article: Article
    runs: tuple[Run, ...]
    document: bool
    doctype: str
    root: Any = field(compare=False, repr=False)  # the lxml element; never changed after parsing


def nodes(root: Any) -> list[Any]:
    """Every node under ``root`` (itself included, comments too) in document order: what indexes mean."""
    return list(root.iter())


def parse_html(source: str, title: str | None = None, sanitized: bool = False) -> HtmlArticle:
    """Parse an HTML article or page into blocks and runs.

    ``title``, sent beside the body, becomes the headline block ``b1``: it is
    translated and listed with the blocks, but is no part of the markup.

    The parser repairs what browsers repair (unclosed tags, stray end
    tags); a page with nothing in it (``<!doctype html>`` alone) is refused
    as an empty article, and one nested deeper than :data:`MAX_DEPTH` as
    :class:`~translator.errors.HtmlTooDeep`: every block is there, or none.
    ``sanitized`` strips active markup first (:mod:`translator.html.sanitize`).
    """
    document = bool(_DOCUMENT.match(source))
    # A parser of its own: its error log says whether it stopped early. huge_tree lifts
    # libxml2's depth limit from 256 to 2,048 levels (and its text-node limit).
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        if document:
            root = lxml.html.document_fromstring(source, parser=parser)
        else:
            root = lxml.html.fragment_fromstring(source, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError, AssertionError) as exc:
        raise InvalidRequest(f"the HTML has no content: {exc}", code="empty_article") from None
    _unnest_void(root)
    if sanitized:
        sanitize(root)
    doctype = root.getroottree().docinfo.doctype if document else ""
    titled = Evidence(1.0, ("request:title",))
    headline = [Block("b1", BlockKind.HEADLINE, title.strip(), "\n\n", titled)] if title and title.strip() else []
    walker = _Walker(root, first_id=len(headline) + 1)
    start = root.find("body") if document else root
    _check_depth(start, parser)
    if start is not None:
        walker.container(start, None)
    blocks = tuple(Block(run.block_id, kind, run.text, "\n\n", evidence)
                   for run, kind, evidence in zip(walker.runs, walker.kinds, walker.evidence))
    return HtmlArticle(Article((*headline, *blocks)), tuple(walker.runs), document, doctype or "", root)


# Void elements (never with content) that libxml2's HTML parser does not know as void: it nests what follows
# them inside them, where the walk, which takes them as points, would lose it.
_VOID_UNKNOWN = ("embed", "source", "wbr", "track", "keygen")


def _unnest_void(root: Any) -> None:
    """Move what the parser nested in a void element out after it, as a browser reads it."""
    for element in list(root.iter(*_VOID_UNKNOWN)):
        children, text, tail = list(element), element.text, element.tail
        if not children and not text:
            continue
        parent = element.getparent()
        if parent is None:
            continue
        element.text = None
        element.tail = text
        at = parent.index(element)
        for k, child in enumerate(children):
            parent.insert(at + 1 + k, child)
        last = children[-1] if children else element
        last.tail = (last.tail or "") + (tail or "") or None


def _check_depth(body: Any, parser: Any) -> None:
    """Refuse an article nested deeper than :data:`MAX_DEPTH`, or one the parser stopped reading."""
    cut_short = any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log)
    depth = deepest = 0
    if body is not None:
        for event, _ in etree.iterwalk(body, events=("start", "end")):
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth - 1)  # the body itself is 0 deep
    if cut_short or deepest > MAX_DEPTH:
        found = "past the parser's limit" if cut_short else f"{deepest} elements deep"
        raise HtmlTooDeep(f"the HTML nests elements {found}; at most {MAX_DEPTH} are translated",
                          limit=MAX_DEPTH)


def is_untouchable(element: Any) -> bool:
    """Whether an element's content is never translated (code and friends, ``translate="no"``, ``notranslate``)."""
    if not isinstance(element.tag, str):
        return True
    if element.tag.lower() in UNTOUCHABLE_TAGS or element.get("translate", "").strip().lower() == "no":
        return True
    return "notranslate" in element.get("class", "").split()


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _is_block(element: Any) -> bool:
    """A block element, or an inline one that holds a block (``<a><p>…</p></a>``): it ends a run."""
    if _tag(element) in BLOCK_TAGS:
        return True
    if _tag(element) in OPAQUE or not isinstance(element.tag, str):
        return False
    return any(_tag(d) in BLOCK_TAGS for d in element.iterdescendants())


# Why an HTML block has its kind: its element's tag said so, or (in a paragraph) its words did.
_MARKUP = Evidence(0.95, ("markup",))
def paragraph_kind(text: str) -> tuple[BlockKind, Evidence]:
    """What a paragraph of HTML is by its words (credit, byline, caption, quote or paragraph), and why.

    The element already says it is a paragraph; only the rules of text
    segmentation that do not depend on layout apply, each with its own reason code.
    """
    found = words_rule(text)
    if found is not None:
        kind, code, strength = found
        return kind, Evidence(strength, ("markup", code))
    if is_quotation(text):
        return BlockKind.QUOTE, Evidence(0.85, ("markup", "shape:quotation"))
    return BlockKind.PARAGRAPH, _MARKUP


class _Text:
    """The plain text of a run as it is built: whitespace collapsed to single spaces."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = False  # whitespace seen since the last word

    def add(self, text: str | None) -> None:
        for chunk in re.findall(r"\s+|\S+", text or ""):
            if chunk[0].isspace():
                self.pending = True
                continue
            if self.pending and self.length:
                self.parts.append(" ")
                self.length += 1
            self.pending = False
            self.parts.append(chunk)
            self.length += len(chunk)

    def space(self) -> None:
        self.pending = True

    def here(self) -> int:
        """Where the next word will start."""
        return self.length + (1 if self.pending and self.length else 0)

    def value(self) -> str:
        return "".join(self.parts)


def _has_text(element: Any) -> bool:
    return bool("".join(element.itertext()).strip()) if isinstance(element.tag, str) else False


class _Walker:
    """Walks the tree once, collecting runs (and their kinds) in document order."""

    def __init__(self, root: Any, first_id: int) -> None:
        self.first_id = first_id
        # lxml hands out one proxy per node while a reference to it lives: keep them all alive,
        # so that id() names a node for the whole walk.
        self.all = nodes(root)
        self.index = {id(node): i for i, node in enumerate(self.all)}
        self.runs: list[Run] = []
        self.kinds: list[BlockKind] = []
        self.evidence: list[Evidence] = []

    def container(self, element: Any, inherited: BlockKind | None) -> None:
        """A block element: its runs between block children, and its block children in turn."""
        kind = _TAG_KINDS.get(_tag(element), inherited)
        after: Any = None
        pending: list[Any] = []
        for child in element:
            if _is_block(child):
                self._run(element, after, pending, kind)
                if not is_untouchable(child):
                    self.container(child, kind)
                after, pending = child, []
            else:
                pending.append(child)
        self._run(element, after, pending, kind)

    def _run(self, container: Any, after: Any, members: list[Any], kind: BlockKind | None) -> None:
        head = container.text if after is None else after.tail
        text = _Text()
        text.add(head)
        inlines = tuple(self._inline(node, text) for node in members)
        plain = text.value()
        protected = "".join(plain[i.start:i.end] for i in _flatten(inlines) if i.kind == "protected")
        if not _LETTER.search(plain) or len(_LETTER.findall(plain)) == len(_LETTER.findall(protected)):
            return  # nothing to translate: left exactly as it is
        last = members[-1].tail if members else head
        run = Run(
            block_id=f"b{len(self.runs) + self.first_id}",
            container=self.index[id(container)],
            after=None if after is None else self.index[id(after)],
            nodes=tuple(self.index[id(node)] for node in members),
            text=plain,
            leading=_leading_space(head or ""),
            trailing=_trailing_space(last or ""),
            inlines=_with_urls(inlines, plain),
        )
        self.runs.append(run)
        found, evidence = paragraph_kind(plain) if kind is None else (kind, _MARKUP)
        self.kinds.append(found)
        self.evidence.append(evidence)

    def _inline(self, element: Any, text: _Text) -> Inline:
        """One inline node and its content, added to ``text``; its tail is added too."""
        index = self.index[id(element)]
        tag = _tag(element)
        if tag in OPAQUE or not isinstance(element.tag, str) or not _has_text(element):
            node = Inline("point", text.length, text.length, index)
            if tag == "br":
                text.space()  # a line break in a sentence reads as a space
        elif is_untouchable(element):
            start = text.here()
            text.add("".join(element.itertext()))
            node = Inline("protected", start, text.length, index)
        else:
            start = text.here()
            text.add(element.text)
            children = []
            for child in element:  # a loop, not a generator: one frame a level (MAX_DEPTH)
                children.append(self._inline(child, text))
            node = Inline("wrap", start, text.length, index, children=tuple(children))
        text.add(element.tail)
        return node


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()) :]


def _flatten(inlines: tuple[Inline, ...]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        out.append(node)
        out.extend(_flatten(node.children))
    return out


def _with_urls(inlines: tuple[Inline, ...], text: str) -> tuple[Inline, ...]:
    """The inline tree with each URL in the text added as a ``url`` node where it fits whole."""
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        inlines = _insert(inlines, Inline("url", match.start(), match.start() + len(url), None, url))
    return inlines


def _insert(siblings: tuple[Inline, ...], new: Inline) -> tuple[Inline, ...]:
    """``new`` among ``siblings``: inside the wrap that holds it, beside the others; dropped if it straddles one."""
    out: list[Inline] = []
    placed = False
    for node in siblings:
        overlaps = node.start < new.end and new.start < node.end
        if not overlaps:
            out.append(node)
            continue
        if node.kind == "wrap" and node.start <= new.start and new.end <= node.end:
            out.append(Inline(node.kind, node.start, node.end, node.node, node.text, _insert(node.children, new)))
            placed = True
            continue
        return siblings  # crosses an element's edge or is inside protected text: nothing to do
    if not placed:
        # After everything that ends before it; document order of the others is never changed.
        out.insert(sum(1 for node in out if node.end <= new.start), new)
    return tuple(out)
