"""Segmentation of text articles into kinded blocks (pure, no Flask)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLES
from translator.document.article import BlockKind
from translator.document.segment import segment_text
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
