"""Quotations survive a model that emits no quotation marks: the benchmark packages (real Argos size, random
weights, meaningless output), where every mark in the target is Targum's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import fixture_engine_settings, shared_detector
from tests.support.package_builder import build_benchmark_package
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.pipeline import Pipeline
from translator.text.quotes import find_marks, quotation_spans

SHAPES = {
    "ru": r"^«[^«»]+», — [^«»]+, — «[^«»]+»\.?$",  # «…», — продолжил …, — «…»
    "he": r'^"[^"]+", [^"]+, "[^"]+"\.?$',
    "en": r"^“[^“”]+,” [^“”]+, “[^“”]+”\.?$",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    packages: Path = tmp_path_factory.mktemp("benchmark-packages")
    for source, target in (("en", "ru"), ("en", "he"), ("ru", "en")):
        build_benchmark_package(packages, source, target, decode_tokens=4, vocab_size=2000)
    return Pipeline(Engine(fixture_engine_settings(packages)), shared_detector())


def test_the_sample_interrupted_quotation_is_two_quotations_in_russian_and_hebrew(
        pipeline: Pipeline, sample_article: str) -> None:
    article = segment_text(sample_article)
    source = next(b for b in article.blocks if b.text.startswith("“Israel,” Netanyahu continued"))
    result = pipeline.translate(article, "en", ["ru", "he"])
    for target in ("ru", "he"):
        block = next(b for b in result.translations[target].blocks if b.id == source.id)
        assert block.status == "translated" and "Netanyahu" not in block.text  # the model's words, not the source's
        assert len(quotation_spans(block.text)) == 2, block.text
        outer = [m for m in find_marks(block.text) if m.char in ("«»" if target == "ru" else '"')]
        assert len(outer) == 4 and all(m.partner is not None for m in outer), block.text
        first_close = outer[1].index
        second_open = outer[2].index
        between = block.text[first_close + 1 : second_open]
        assert between.startswith(", — " if target == "ru" else ", ") and between.endswith(", — " if target == "ru"
                                                                                             else ", "), between


def test_an_interrupted_russian_quotation_comes_back_in_english_marks(pipeline: Pipeline) -> None:
    text = "Премьер-министр говорил долго.\n\n«Израиль», — продолжил Нетаньяху, — «не может с этим жить»."
    result = pipeline.translate(segment_text(text), "ru", ["en"])
    block = result.translations["en"].blocks[-1]
    assert block.status == "translated" and "Израиль" not in block.text
    assert re.match(SHAPES["en"], block.text), block.text


def test_every_quotation_of_the_test_articles_keeps_its_count(pipeline: Pipeline, sample_article: str) -> None:
    """Speech and whole-sentence quotations keep their count in every target, marks put back by Targum."""
    article = segment_text(sample_article)
    result = pipeline.translate(article, "en", ["ru", "he"])
    for target in ("ru", "he"):
        for source, block in zip(article.blocks, result.translations[target].blocks):
            if source.kind != "quote":
                continue
            assert len(quotation_spans(block.text)) == len(quotation_spans(source.text)), (target, block.text)
