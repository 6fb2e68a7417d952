"""HTML into blocks: block elements, kinds, inline spans, whitespace, and what is left alone."""

from __future__ import annotations

import pytest

from tests.conftest import HTML
from translator.document.article import BlockKind
from translator.errors import HtmlTooDeep, InvalidRequest
from translator.html.parse import MAX_DEPTH, parse_html
from translator.text.sentences import split_units


def test_block_elements_become_blocks_of_their_kind() -> None:
    doc = parse_html(
        "<h1>Talks resume</h1><h2>Background</h2><h3>Details</h3><p>The minister spoke.</p>"
        "<blockquote><p>“We will act. We will not stop.”</p><p>He said more.</p></blockquote>"
        "<figure><img src='a.jpg'><figcaption>Putin in 2018. (Photo: Kobi Gideon/GPO)</figcaption></figure>"
        "<ul><li>Gaza</li><li><p>Syria</p></li></ul>"
        "<p>“That is the deal,” he said to them.</p><p>Photo: Reuters</p>"
    )
    assert doc.article.kinds() == ["headline", "subheadline", "subheadline", "paragraph", "quote", "quote",
                                   "caption", "list_item", "list_item", "quote", "credit"]
    assert [b.id for b in doc.article.blocks] == [f"b{n}" for n in range(1, 12)]


def test_whitespace_in_the_markup_never_splits_a_sentence() -> None:
    doc = parse_html("<p>\n  The prime\n  minister <a href='/x'>spoke\n   by phone</a>\n  on Tuesday.\n</p>")
    (block,) = doc.article.blocks
    assert block.text == "The prime minister spoke by phone on Tuesday."
    assert len(split_units(block.text, "en")) == 1  # one sentence for the model, link and all
    (link,) = doc.runs[0].inlines
    assert block.text[link.start : link.end] == "spoke by phone"
    assert doc.runs[0].leading == "\n  " and doc.runs[0].trailing == "\n"


def test_inline_elements_nest_as_spans_and_points() -> None:
    doc = parse_html('<p>Read <a href="/r">the <em>new</em> report</a><br>now <img src="x.png"> here.</p>')
    text = doc.article.blocks[0].text
    link, br, img = doc.runs[0].inlines
    assert (link.kind, text[link.start : link.end]) == ("wrap", "the new report")
    (em,) = link.children
    assert text[em.start : em.end] == "new"
    assert (br.kind, br.start, img.kind) == ("point", len("Read the new report"), "point")
    assert text == "Read the new report now here."


def test_untouchable_content_is_left_out_or_protected() -> None:
    doc = parse_html(
        "<p>Run <code>pip  install</code> with <kbd>Ctrl</kbd>, <samp>ok</samp>, <var>n</var>"
        ' and <span class="notranslate">Haaretz</span> or <b translate="no">IDF</b>.<script>x()</script></p>'
        "<pre>keep this</pre><div translate='no'><p>Not this.</p></div><p class='a notranslate'>Nor this.</p>"
        "<style>p { color: red }</style><p>See https://example.org/a?b=1. Then www.x.com</p>"
    )
    assert [b.text for b in doc.article.blocks] == [
        "Run pip install with Ctrl, ok, n and Haaretz or IDF.", "See https://example.org/a?b=1. Then www.x.com"]
    first, second = doc.runs
    kinds = [(i.kind, first.text[i.start : i.end]) for i in first.inlines]
    assert kinds == [("protected", "pip install"), ("protected", "Ctrl"), ("protected", "ok"), ("protected", "n"),
                     ("protected", "Haaretz"), ("protected", "IDF"), ("point", "")]
    assert [(i.kind, i.text) for i in second.inlines] == [("url", "https://example.org/a?b=1"), ("url", "www.x.com")]


def test_a_run_of_code_or_numbers_alone_is_no_block() -> None:
    assert parse_html("<p><code>x = 1</code></p><p>12:45</p><p>Hello there.</p>").article.kinds() == ["paragraph"]


def test_documents_and_fragments() -> None:
    page = parse_html("<!doctype html><html><head><title>T</title></head><body><p>Hello there.</p></body></html>")
    assert page.document and page.doctype == "<!DOCTYPE html>" and page.article.kinds() == ["paragraph"]
    body = parse_html("<p>Hello there.</p>", title="Talks resume")
    assert not body.document and body.root.tag == "div"
    assert [(b.id, b.kind, b.text) for b in body.article.blocks] == [
        ("b1", "headline", "Talks resume"), ("b2", "paragraph", "Hello there.")]
    with pytest.raises(InvalidRequest) as info:
        parse_html("<!doctype html>")
    assert info.value.code == "empty_article"


@pytest.mark.parametrize("name,kinds", [
    ("wordpress.html", ["headline", "paragraph", "caption", "quote", "list_item", "list_item", "paragraph"]),
    ("drupal.html", ["paragraph", "subheadline", "paragraph"]),
    ("word-paste.html", ["paragraph", "paragraph"]),
])
def test_cms_samples(name: str, kinds: list[str]) -> None:
    doc = parse_html((HTML / name).read_text(encoding="utf-8"))
    assert doc.article.kinds() == kinds
    assert all(b.text == " ".join(b.text.split()) for b in doc.article.blocks)


# --- depth: every block is there, or the article is refused; never a tree the parser cut short ---------------


def _nested(tag: str, depth: int, inner: str) -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


@pytest.mark.parametrize("depth", [254, 300, MAX_DEPTH - 1])
def test_content_deep_in_nested_divs_is_every_block(depth: int) -> None:
    # libxml2 stops at 256 levels unless told otherwise; a page builder's divs go past that.
    doc = parse_html(_nested("div", depth, "<p>The minister spoke.</p>") + "<p>He left.</p>")
    assert [b.text for b in doc.article.blocks] == ["The minister spoke.", "He left."]


def test_content_deep_in_nested_inline_elements_is_one_block() -> None:
    doc = parse_html("<p>" + _nested("i", MAX_DEPTH - 1, "The minister spoke.") + " He left.</p>")
    assert [b.text for b in doc.article.blocks] == ["The minister spoke. He left."]


@pytest.mark.parametrize("source", [
    _nested("div", MAX_DEPTH, "<p>The minister spoke.</p>"),
    "<p>" + _nested("i", 12_000, "The minister spoke.") + "</p>",
    # Past the parser's own limit it stops reading: what follows the deep part would be lost too.
    _nested("div", 3_000, "Deep.") + "<p>The minister spoke.</p>",
    "<!doctype html><html><body>" + _nested("section", MAX_DEPTH, "<p>The minister spoke.</p>"),
])
def test_html_nested_deeper_than_the_limit_is_refused(source: str) -> None:
    with pytest.raises(HtmlTooDeep) as info:
        parse_html(source)
    assert (info.value.code, info.value.status, info.value.extra["limit"]) == ("html_too_deep", 422, MAX_DEPTH)


@pytest.mark.parametrize("void", ["wbr", "embed", "source", "track", "keygen"])
def test_a_void_element_the_parser_does_not_know_swallows_nothing(void):
    # libxml2 nests what follows <wbr>, <embed>… inside them; read as points, the text after them was lost.
    doc = parse_html(f"<div><p>Some<{void}>thing is here.</p><p>Two</p><{void}><p>Three is here.</p>tail text</div>")
    assert [b.text for b in doc.article.blocks] == ["Something is here.", "Two", "Three is here.", "tail text"]


def test_a_paragraphs_kind_by_its_words_names_the_rule_that_decided():
    doc = parse_html("<p>The port closed on Monday after the storm.</p><p>Sophie Maltby/Eastmarsh Echo</p>"
                     "<p>Photo: Dana Levi</p>")
    assert [(b.kind, b.evidence.reasons, b.evidence.confidence) for b in doc.article.blocks] == [
        (BlockKind.PARAGRAPH, ("markup",), 0.95), (BlockKind.CREDIT, ("markup", "words:bare_credit"), 0.85),
        (BlockKind.CREDIT, ("markup", "words:credit"), 0.9)]
