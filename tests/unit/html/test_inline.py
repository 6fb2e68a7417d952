"""Placing inline elements on a translation by alignment: exact when it is exact, never lost when it is not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.engine.attention import Link
from translator.html.inline import Placed, place
from translator.html.parse import Inline, parse_html


def diagonal(text: str) -> list[Link]:
    return [(i, i + 1, i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


def words(text: str, placed: Placed) -> str:
    return text[placed.start : placed.end]


def test_exact_alignment_puts_a_link_around_its_words_in_the_middle_of_a_sentence() -> None:
    run = parse_html('<p>Read <a href="/r">the full report</a> here.</p>').runs[0]
    target = "Читайте полный доклад здесь."
    # полный доклад ← full report; "the" has no counterpart; Читайте ← Read; здесь. ← here.
    links = [(0, 4, 0, 7), (9, 13, 8, 14), (14, 20, 15, 21), (21, 26, 22, 28)]
    (link,) = place(run.inlines, run.text, target, links)
    assert words(target, link) == "полный доклад"


def test_words_the_model_moved_keep_the_elements_in_source_order() -> None:
    # <em>red</em> <b>car</b> → "coche rojo": the model swapped them; the tree cannot.
    run = parse_html("<p><em>red</em> <b>car</b></p>").runs[0]
    target = "coche rojo"
    links = [(0, 3, 6, 10), (4, 7, 0, 5)]
    em, b = place(run.inlines, run.text, target, links)
    assert em.start <= em.end <= b.start <= b.end  # in order, not crossing
    assert words(target, em) and words(target, b)  # and neither left empty


def test_an_element_with_no_alignment_goes_around_the_nearest_aligned_word() -> None:
    run = parse_html("<p>Talks <em>on</em> Gaza</p>").runs[0]
    target = "Переговоры по Газе"
    links = [(0, 5, 0, 10), (9, 13, 14, 18)]  # "on" attended by nothing
    (em,) = place(run.inlines, run.text, target, links)
    assert words(target, em) in ("Переговоры", "Газе")


def test_a_subword_link_is_widened_to_the_whole_target_word() -> None:
    run = parse_html("<p>The <b>minister</b> spoke</p>").runs[0]
    target = "Министр говорил"
    links = [(4, 8, 0, 3), (13, 18, 8, 15)]  # only "mini" → "Мин" attended
    (b,) = place(run.inlines, run.text, target, links)
    assert words(target, b) == "Министр"


def test_inside_word_markup_is_not_widened() -> None:
    run = parse_html("<p><b>foo</b><i>bar</i></p>").runs[0]
    b, i = place(run.inlines, run.text, "фообар", diagonal("foobar"))
    assert (words("фообар", b), words("фообар", i)) == ("фоо", "бар")


def test_a_line_break_follows_the_translation_of_the_word_before_it() -> None:
    run = parse_html("<p>One line<br>two lines</p>").runs[0]
    target = "Одна строка две строки"
    links = [(0, 3, 0, 4), (4, 8, 5, 11), (9, 12, 12, 15), (13, 18, 16, 22)]
    (br,) = place(run.inlines, run.text, target, links)
    assert br.start == br.end == len("Одна строка")


def test_children_stay_inside_their_parent() -> None:
    run = parse_html('<p>See <a href="/x">the <em>new</em> rules</a> now.</p>').runs[0]
    (a,) = place(run.inlines, run.text, run.text.upper(), diagonal(run.text))
    (em,) = a.children
    assert words(run.text.upper(), a) == "THE NEW RULES" and words(run.text.upper(), em) == "NEW"


def _check(placed: tuple[Placed, ...], inlines: tuple[Inline, ...], low: int, high: int) -> None:
    assert [p.source for p in placed] == list(inlines)  # every element, in order: none dropped
    floor = low
    for p in placed:
        assert low <= floor <= p.start <= p.end <= high
        floor = p.end
        _check(p.children, p.source.children, p.start, p.end)


NOISY = '<p>The <a href="/a">prime <em>minister</em></a> said, <b>on</b> Tuesday,<br> that <code>x=1</code> stays.</p>'


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_alignment_keeps_every_element_nested_and_in_order(data: st.DataObject) -> None:
    """Shuffled, partial or empty attention: the tree survives whatever the model attended to."""
    run = parse_html(NOISY).runs[0]
    target = data.draw(st.text(alphabet="абвгд ,.", min_size=0, max_size=60))
    n, m = len(run.text), len(target)
    link = st.tuples(st.integers(0, n - 1), st.integers(0, m)).map(lambda t: (t[0], t[0] + 1, min(t[1], m),
                                                                              min(t[1] + 2, m)))
    links = data.draw(st.lists(link, max_size=40))
    placed = place(run.inlines, run.text, target, links)
    _check(placed, run.inlines, 0, m)


def test_shuffled_alignment_still_gives_each_element_words_when_there_are_enough() -> None:
    """A measured case: the fixture alignment reversed (the worst reordering) on a five-element sentence."""
    run = parse_html("<p><a href='/1'>one</a> <b>two</b> <i>three</i> <em>four</em> <span>five</span></p>").runs[0]
    target = run.text.upper()
    reversed_links = [(ss, se, m - te, m - ts) for (ss, se, ts, te), m in
                      ((link, len(target)) for link in diagonal(run.text))]
    placed = place(run.inlines, run.text, target, reversed_links)
    _check(placed, run.inlines, 0, len(target))
    assert all(words(target, p).strip() for p in placed)
