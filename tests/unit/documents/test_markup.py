"""Paragraphs as inline markup and back: what the HTML path sees, and how its answer is read."""

from __future__ import annotations

from translator.document.article import BlockKind
from translator.documents.markup import Paragraph, Span, base_style, from_html, merged, to_html


def test_the_common_formatting_is_bare_the_rest_wrapped_links_and_points_kept() -> None:
    paragraph = Paragraph((Span("Led by "), Span("Moshe", 1), Span(" Cohen", 1), Span(", see "),
                           Span("the report", 2, link=0), Span(point=0), Span(".")), BlockKind.CAPTION)
    html = to_html([paragraph])
    assert html == ('<figcaption data-p="0" data-b="0">Led by <span data-s="1">Moshe Cohen</span>, see '
                    '<a data-l="0" data-b="2">the report</a><img data-x="0">.</figcaption>')
    assert from_html(html, 1) == [merged(paragraph.spans)]


def test_a_translation_is_read_back_in_its_own_order() -> None:
    filled = ('<div lang="he" dir="rtl"><p data-p="1" data-b="0">א <span data-s="3">ב</span> ג'
              '<img data-x="2"></p></div>')
    assert from_html(filled, 2) == [None, (Span("א "), Span("ב", 3), Span(" ג"), Span(point=2))]


def test_base_style_is_the_longest_text_s() -> None:
    assert base_style([Span("a", 1), Span("much longer text", 2), Span("bb", 1)]) == 2
    assert base_style([Span(point=0)]) == 0
