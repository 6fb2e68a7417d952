"""Segmentation of text articles into kinded blocks (pure, no Flask)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLES
from translator.document.article import BlockKind
from translator.document.segment import KindHint, segment_text
from translator.text.quotes import find_marks

SAMPLE = ARTICLES / "en-allisrael-netanyahu-putin.txt"
KINDS_FILES = sorted(ARTICLES.glob("*.kinds"))


def _expected(kinds_file: Path) -> list[tuple[str, str]]:
    """The (kind, text prefix) pairs written beside a test article."""
    return [tuple(line.split("\t", 1)) for line in kinds_file.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def sample():
    return segment_text(SAMPLE.read_text(encoding="utf-8"))


def test_sample_headline_comes_first_after_the_site_name(sample):
    story = [b for b in sample.blocks if b.kind != BlockKind.BOILERPLATE]
    assert story[0].kind == "headline"
    assert story[0].text.startswith("Netanyahu and Putin hold first call")
    assert sample.blocks[0].text == "All Israel" and sample.blocks[0].kind == "boilerplate"


def test_sample_has_one_caption_holding_the_photo_credit(sample):
    captions = [b for b in sample.blocks if b.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text.endswith("(Photo: Kobi Gideon/GPO)")
    assert captions[0].text.startswith("Israeli Prime Minister Benjamin Netanyahu meets")


def test_sample_netanyahu_quotations_are_paired_quote_blocks(sample):
    quotes = [b for b in sample.blocks if b.kind == "quote"]
    assert [q.text[:12] for q in quotes] == ["“The only wa", "“Israel,” Ne"]
    for quote in quotes:
        assert all(m.partner is not None for m in find_marks(quote.text))


def test_sample_staff_line_is_a_byline(sample):
    staff = [b for b in sample.blocks if b.text.startswith("The All Israel News Staff")]
    assert len(staff) == 1 and staff[0].kind in ("byline", "credit")


def test_sample_site_chrome_is_boilerplate(sample):
    chrome = {b.text for b in sample.blocks if b.kind == "boilerplate"}
    for line in ("Popular Articles", "Receive latest news & updates", "Latest Stories", "Donate to ALL ISRAEL NEWS",
                 "A message from All Israel News"):
        assert line in chrome
    assert any(t.startswith("For as little as $10") for t in chrome)
    assert any(t.startswith("Help us educate Christians") for t in chrome)


def test_sample_every_other_line_is_a_paragraph(sample):
    special = {"headline", "caption", "quote", "byline", "credit", "boilerplate"}
    others = [b for b in sample.blocks if b.kind not in special]
    assert {b.kind for b in others} == {"paragraph"}
    assert len(others) == 11  # the body paragraphs between the caption and the quotes
    assert others[0].text.startswith("Israeli Prime Minister Benjamin Netanyahu and Russian President")


def test_sample_ids_are_in_order_and_source_is_exact(sample):
    assert [b.id for b in sample.blocks] == [f"b{n}" for n in range(1, len(sample.blocks) + 1)]
    assert sample.source() == SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("kinds_file", KINDS_FILES, ids=lambda p: p.stem)
def test_composed_articles_get_the_kinds_written_beside_them(kinds_file: Path):
    text = kinds_file.with_suffix(".txt").read_text(encoding="utf-8")
    article = segment_text(text)
    got = [(b.kind, b.text) for b in article.blocks]
    expected = _expected(kinds_file)
    assert len(got) == len(expected), [k for k, _ in got]
    for (kind, block_text), (want_kind, prefix) in zip(got, expected):
        assert block_text.startswith(prefix), (block_text, prefix)
        assert kind == want_kind, block_text


def test_there_are_composed_articles_in_every_language():
    assert {p.name[:2] for p in KINDS_FILES} >= {"en", "he", "ru"}


def test_a_given_title_is_the_headline_and_its_repeat_is_boilerplate():
    body = "Putin and Netanyahu talk\n\nThe two leaders spoke by phone on Tuesday, the Kremlin said.\n"
    article = segment_text(body, title="Putin and Netanyahu talk")
    assert article.kinds() == ["headline", "boilerplate", "paragraph"]
    assert article.blocks[0].id == "b1" and article.blocks[0].text == "Putin and Netanyahu talk"
    assert article.source() == "Putin and Netanyahu talk\n\n" + body


def test_a_given_title_means_no_other_headline_is_detected():
    article = segment_text("Markets rally on ceasefire hopes\n\nShares rose 3% on Monday.", title="A title")
    assert article.kinds().count("headline") == 1


def test_body_starting_with_a_paragraph_has_no_headline():
    body = "Israeli negotiators arrived in Cairo on Monday for talks on the hostages, officials said.\n\nMore text here."
    assert "headline" not in segment_text(body).kinds()


def test_by_the_way_is_not_a_byline():
    article = segment_text("Rain expected\n\nBy the way, forecasters expect rain on Friday across Israel.")
    assert article.kinds() == ["headline", "paragraph"]


def test_empty_and_blank_bodies_have_no_blocks():
    assert segment_text("").blocks == ()
    blank = segment_text(" \n\u00a0\n")
    assert blank.blocks == () and blank.source() == " \n\u00a0\n"


# --- losslessness, proved over generated and real text -------------------------------------

_real_lines = [
    line for path in sorted(ARTICLES.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()
]
_whitespace = st.text(alphabet=" \t\n\u00a0\r", max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_is_reproduced_exactly(text: str):
    article = segment_text(text)
    assert article.source() == text
    for n, block in enumerate(article.blocks, 1):
        assert block.id == f"b{n}"
        assert block.text and block.text == block.text.strip() and "\n" not in block.text
        assert block.separator.strip() == ""
        assert block.kind in {k.value for k in BlockKind}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_real_lines), _whitespace), max_size=25))
def test_real_lines_reshuffled_are_reproduced_exactly(parts: list[tuple[str, str]]):
    text = "".join(line + "\n" + space for line, space in parts)
    assert segment_text(text).source() == text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(ARTICLES.glob("*.txt"))), st.text(alphabet="abc אבג где", min_size=1, max_size=40))
def test_a_title_never_swallows_the_body(path: Path, title: str):
    body = path.read_text(encoding="utf-8")
    article = segment_text(body, title=title)
    source = article.source()
    if title.strip():
        assert source.startswith(title.strip()) and source.endswith(body)
        assert " ".join(source.split()) == " ".join((title + "\n\n" + body).split())
    else:
        assert source == body


# --- evidence and hints ---------------------------------------------------------------------------------------------

WIDGET_PAGE = ("Clear, +12°C\n\nCity council votes on the budget\n\n"
               "The city council voted on Tuesday to approve a budget that raises spending on schools.\n\n"
               "Photo: Dana Levi\n\nRelated stories\nMayor opens new park\nBus lines change in May\n")


def test_every_block_says_which_rules_gave_it_its_kind():
    article = segment_text(WIDGET_PAGE)
    by_text = {b.text: b for b in article.blocks}
    widget = by_text["Clear, +12°C"]
    assert widget.kind == BlockKind.BOILERPLATE and widget.evidence.reasons[0] == "shape:widget"
    assert by_text["Related stories"].evidence.reasons == ("phrase:list_heading",)
    assert by_text["Mayor opens new park"].evidence.reasons == ("place:in_link_list",)
    assert by_text["Photo: Dana Levi"].evidence.reasons == ("words:credit",)
    story = by_text["The city council voted on Tuesday to approve a budget that raises spending on schools."]
    assert story.kind == BlockKind.PARAGRAPH and story.evidence.reasons == ("shape:sentences",)
    head = by_text["City council votes on the budget"]
    assert head.kind == BlockKind.HEADLINE and head.evidence.reasons[-1] == "place:headline_above_story"
    # A line's place on the page is weaker evidence than its own words.
    assert head.evidence.confidence < by_text["Photo: Dana Levi"].evidence.confidence


def test_a_context_pass_that_changes_a_kind_leaves_its_reason():
    # A short line after the story, once the site's lines have begun, is the site's: its first reason was its shape.
    page = ("Storm closes the port\n\nThe port closed on Monday as winds reached ninety kilometres an hour, "
            "officials said.\n\nShare\n\nMore weather news today")
    last = segment_text(page).blocks[-1]
    assert last.kind == BlockKind.BOILERPLATE
    assert last.evidence.reasons[-1] == "place:after_story" and len(last.evidence.reasons) == 2


def test_hints_by_line_number_or_text_win_over_the_classifier():
    hints = (KindHint(BlockKind.CAPTION, line=1), KindHint(BlockKind.BYLINE, text="Mayor opens new park"))
    article = segment_text(WIDGET_PAGE, hints=hints)
    by_text = {b.text: b for b in article.blocks}
    assert by_text["Clear, +12°C"].kind == BlockKind.CAPTION
    assert by_text["Clear, +12°C"].evidence.reasons[-1] == "request:hint"
    assert by_text["Clear, +12°C"].evidence.confidence == 1.0
    assert by_text["Mayor opens new park"].kind == BlockKind.BYLINE
    # The other lines are decided as before, and the text still comes back exactly.
    plain = {b.text: b.kind for b in segment_text(WIDGET_PAGE).blocks}
    assert {t: b.kind for t, b in by_text.items() if t not in ("Clear, +12°C", "Mayor opens new park")} == {
        t: k for t, k in plain.items() if t not in ("Clear, +12°C", "Mayor opens new park")}
    assert article.source() == WIDGET_PAGE


def test_a_title_is_the_headline_by_request():
    article = segment_text("The council voted on Tuesday to approve the budget for next year.", title="Budget passes")
    assert article.blocks[0].evidence.reasons == ("request:title",)
    assert article.blocks[1].evidence.reasons == ("shape:sentences",)


def test_a_paragraph_a_paywall_cut_short_below_the_story_is_still_translated():
    page = ("Bank keeps its rate unchanged\n\nThe central bank left its rate unchanged on Monday and warned that "
            "prices could rise again before the summer, its governor said.\n\nShare\n\n"
            "The bank's shares fell 2.4 percent yesterday on the exchange, even though the results beat what "
            "analysts had expected in their forecasts last")
    last = segment_text(page).blocks[-1]
    assert last.kind != BlockKind.BOILERPLATE


def test_a_headline_and_a_standfirst_that_are_quotations_stay_headlines():
    page = ("Site News\n\n“We will not stop,” the prime minister vows\n\n"
            "“The war goes on until every hostage is home,” he told the cabinet\n\nBy Dana Levi\n\n"
            "The prime minister said on Sunday that the army would keep fighting until all the hostages had been "
            "released.\n\n“Israel,” he said, “will not give up.”")
    kinds = [b.kind for b in segment_text(page).blocks]
    assert kinds == [BlockKind.BOILERPLATE, BlockKind.HEADLINE, BlockKind.SUBHEADLINE, BlockKind.BYLINE,
                     BlockKind.PARAGRAPH, BlockKind.QUOTE]
