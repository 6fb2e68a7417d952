"""Alignments: from CTranslate2's attention to character links, through a pivot and typography."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fixture_engine_settings, shared_detector
from tests.support.package_builder import transliterate
from tests.support.routes import package_for, translate
from tests.unit.engine.test_engine import CountingTranslator
from translator.document.article import Block
from translator.document.segment import segment_text
from translator.engine.attention import compose, links_from_attention, piece_spans
from translator.engine.engine import Engine
from translator.engine.memory import SqliteMemory
from translator.engine.model import DecodeOptions
from translator.pipeline import Pipeline
from translator.text.alignment import block_links, char_map
from translator.text.sentences import assemble, split_units


@pytest.fixture
def engine(packages_dir: Path) -> Engine:
    return Engine(fixture_engine_settings(packages_dir))


def test_piece_spans_find_sentencepiece_and_bpe_tokens_and_skip_normalised_ones() -> None:
    assert piece_spans(["▁The", "▁min", "ister", "."], "The minister.") == [(0, 3), (4, 7), (7, 12), (12, 13)]
    assert piece_spans(["min@@", "ister"], "minister") == [(0, 3), (3, 8)]
    # "…" normalised to "..." by the tokenizer: no span, and the next token is still found.
    assert piece_spans(["▁Wait", "...", "▁now"], "Wait… now") == [(0, 4), (4, 4), (6, 9)]


def test_links_follow_the_strongest_attention_and_ignore_the_end_of_sentence() -> None:
    source, target = [(0, 3), (4, 8)], [(0, 5), (6, 9)]
    attention = [[0.1, 0.3, 0.6], [0.7, 0.2, 0.1]]  # the third column is </s>
    assert links_from_attention(source, target, attention) == ((4, 8, 0, 5), (0, 3, 6, 9))


def test_compose_goes_through_the_pivot_and_char_map_follows_typography() -> None:
    assert compose([(0, 2, 0, 3)], [(1, 2, 5, 7), (4, 5, 8, 9)]) == ((0, 2, 5, 7),)
    assert char_map('say "hi"', "say «hi»") == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8)]
    assert char_map("a - b", "a — b")[2] == (2, 3)


def test_aligned_translation_is_the_plain_one_in_one_call_with_a_diagonal_alignment(engine: Engine) -> None:
    package = package_for(engine.catalog, "en", "ru")
    model = engine.model(package)
    counter = CountingTranslator(model.translator)
    model.translator = counter  # type: ignore[assignment]
    sentences = ["Putin spoke.", "", "The deal is done!"]
    aligned = engine.translate_package_aligned(package, sentences, DecodeOptions(beam_size=2))
    assert counter.calls == [2] and counter.kwargs["return_attention"] is True
    assert [a.text for a in aligned] == translate(engine, sentences, "en", "ru")
    assert aligned[1].links == ()
    for sentence, answer in zip(sentences, aligned):
        for ss, se, ts, te in answer.links:
            assert transliterate(sentence[ss:se], "en", "ru") == answer.text[ts:te]
    translate(engine, sentences, "en", "ru")
    assert "return_attention" not in counter.kwargs  # the plain path is argostranslate's, untouched


def test_block_links_cross_quotation_marks_taken_out_and_put_back(engine: Engine) -> None:
    block = Block("b1", "quote", "“One deal. Two hostages.” (Photo: Reuters)")
    units = split_units(block.text, "en")
    package = package_for(engine.catalog, "en", "ru")
    answers = engine.translate_package_aligned(package, [u.text for u in units if u.translate])
    text = assemble(block.text, units, [a.text for a in answers], "ru")
    assert text == "«Оне деал. Тво хостагес.» (Фото: Reuters)"
    links = block_links(units, answers, text)
    by_source = {ss: text[ts:te] for ss, se, ts, te in links}
    assert by_source[0] == "«" and by_source[block.text.index("”")] == "»"
    assert by_source[block.text.index("Two")] == "Т" and by_source[block.text.index("Reuters")] == "R"


def test_pipeline_pivots_alignments_and_remembers_them(packages_dir: Path, tmp_path: Path) -> None:
    memory = SqliteMemory(tmp_path / "memory.db", 1000)
    pipeline = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)
    article = segment_text("ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות.")
    first = pipeline.translate(article, "he", ["ru"], aligned=frozenset({"b1"}))
    block = first.translations["ru"].blocks[0]
    source = article.blocks[0].text
    expected = transliterate(transliterate(source, "he", "en"), "en", "ru")
    assert block.text == expected and block.alignment
    assert all(transliterate(transliterate(source[ss:se], "he", "en"), "en", "ru") == block.text[ts:te]
               for ss, se, ts, te in block.alignment)
    again = pipeline.translate(article, "he", ["ru"], aligned=frozenset({"b1"}))
    assert again.stats.model_calls == 0 and again.translations["ru"].blocks[0] == block
    plain = pipeline.translate(article, "he", ["ru"])  # plain entries are kept apart from aligned ones
    assert plain.translations["ru"].blocks[0].alignment is None and plain.stats.model_calls == 2
