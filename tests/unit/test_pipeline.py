"""The pipeline on real-format fixture packages: every block in every target, marked, batched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, fixture_engine_settings
from tests.support.package_builder import transliterate
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.errors import UndetectableLanguage, UnsupportedLanguage, UnsupportedSource
from translator.language.detect import Detector
from translator.pipeline import Options, Pipeline
from translator.render import render_all
from translator.text.quotes import is_balanced, quotation_spans


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


def _article(name: str):  # type: ignore[no-untyped-def]
    return segment_text((ARTICLES / name).read_text(encoding="utf-8"))


def test_sample_into_hebrew_and_russian_keeps_blocks_and_pairs_quotes(pipeline: Pipeline, sample_article: str) -> None:
    article = segment_text(sample_article)
    result = pipeline.translate(article, "auto", ["he", "ru"])
    assert result.source.language == "en" and result.source.detected
    source_ids = [(b.id, b.kind) for b in article.blocks]
    assert [(b.id, b.kind) for b in result.blocks] == source_ids
    # English marks that must not survive: Russian nests „…“ inside «…», Hebrew prints straight marks.
    foreign = {"ru": "”‘", "he": "“”‘"}
    for target, (outer_open, outer_close) in {"ru": ("«", "»"), "he": ('"', '"')}.items():
        translation = result.translations[target]
        assert [(b.id, b.kind) for b in translation.blocks] == source_ids
        quotes = [b for b in translation.blocks if b.kind == "quote"]
        assert len(quotes) == 2
        for block in translation.blocks:
            if block.status != "translated":
                continue
            assert is_balanced(block.text), (target, block.id, block.text)
            assert not set(foreign[target]) & set(block.text), (target, block.id, block.text)
        for block in quotes:
            assert block.text.startswith(outer_open) and block.text.rstrip(".").endswith(outer_close)
    ru = {b.id: b for b in result.translations["ru"].blocks}
    # The interrupted quotation: two quotations in Russian marks, the attribution between them in Russian style.
    interrupted = next(b for b in ru.values() if b.kind == "quote" and "Нетаныаху цонтинуед" in b.text)
    assert interrupted.text.startswith("«Исраел», — Нетаныаху цонтинуед, — «цаннот")
    assert len(quotation_spans(interrupted.text)) == 2 and interrupted.text.endswith("агаин.»")
    assert "„" in interrupted.text and "“" in interrupted.text  # the nested quotation
    he = next(b for b in result.translations["he"].blocks if b.id == interrupted.id)
    assert re.match(r'^"[^"]+", [^"]+, "[^"]+"$', he.text.replace("'", "")), he.text


def test_an_interrupted_russian_quotation_into_english(pipeline: Pipeline) -> None:
    text = "Премьер-министр говорил долго.\n\n«Израиль», — продолжил Нетаньяху, — «не может с этим жить»."
    result = pipeline.translate(segment_text(text), "ru", ["en", "he"])
    en = result.translations["en"].blocks[-1].text
    assert re.match(r"^“[^“”]+,” [^“”]+, “[^“”]+”\.$", en), en
    t = lambda words: transliterate(words, "ru", "en")  # noqa: E731 - what the fixture model does
    assert en == f"“{t('Израиль')},” {t('продолжил Нетаньяху')}, “{t('не может с этим жить')}”."


def test_caption_credit_label_is_translated_names_are_not(pipeline: Pipeline, sample_article: str) -> None:
    result = pipeline.translate(segment_text(sample_article), "en", ["ru", "he"])
    ru_caption = next(b for b in result.translations["ru"].blocks if b.kind == "caption")
    he_caption = next(b for b in result.translations["he"].blocks if b.kind == "caption")
    assert ru_caption.text.endswith("(Фото: Kobi Gideon/GPO)")
    assert he_caption.text.endswith("(צילום: Kobi Gideon/GPO)")
    assert ru_caption.text.startswith(transliterate("Israeli Prime Minister", "en", "ru"))


def test_boilerplate_and_bylines_follow_the_options(pipeline: Pipeline, sample_article: str) -> None:
    article = segment_text(sample_article)
    default = pipeline.translate(article, "en", ["ru"]).translations["ru"]
    chrome = [b for b in default.blocks if b.kind == "boilerplate"]
    assert chrome and all(b.status == "kept_boilerplate" and b.reason for b in chrome)
    assert next(b for b in chrome if b.text == "Latest Stories").language == "en"
    byline = next(b for b in default.blocks if b.kind == "byline")
    assert byline.status == "translated"

    everything = pipeline.translate(article, "en", ["ru"], Options(translate_boilerplate=True, translate_bylines=False))
    blocks = everything.translations["ru"].blocks
    assert next(b for b in blocks if b.id == chrome[-1].id).text == transliterate(chrome[-1].text, "en", "ru")
    kept = next(b for b in blocks if b.kind == "byline")
    assert kept.status == "kept_byline" and kept.text == byline_source(article)


def byline_source(article) -> str:  # type: ignore[no-untyped-def]
    return next(b.text for b in article.blocks if b.kind == "byline")


def test_pivot_is_computed_once_and_is_the_english_output(pipeline: Pipeline) -> None:
    article = _article("he-ynet-netanyahu-putin.txt")
    engine = pipeline.engine
    calls: list[tuple[str, int]] = []
    real = engine.translate_package_scored

    def counting(package, sentences, options=None):  # type: ignore[no-untyped-def]
        calls.append((f"{package.from_code}-{package.to_code}", len(sentences)))
        return real(package, sentences, options)

    engine.translate_package_scored = counting  # type: ignore[method-assign]
    result = pipeline.translate(article, "auto", ["en", "ru"])
    assert result.source.language == "he"
    assert [pair for pair, _ in calls] == ["he-en", "en-ru"]  # one call per model
    assert calls[0][1] == calls[1][1] == result.stats.sentences
    assert result.stats.model_calls == 2
    en = {b.id: b for b in result.translations["en"].blocks}
    for block in result.translations["ru"].blocks:
        if block.status == "translated" and block.kind == "paragraph":
            assert block.text == transliterate(en[block.id].text, "en", "ru").replace("“", "«").replace("”", "»")


def test_source_language_as_target_returns_the_source(pipeline: Pipeline) -> None:
    article = _article("he-ynet-netanyahu-putin.txt")
    result = pipeline.translate(article, "auto", ["he"])
    blocks = result.translations["he"].blocks
    assert all(b.status == "source" for b in blocks)
    assert [b.text for b in blocks] == [b.text for b in article.blocks]
    assert result.translations["he"].dir == "rtl" and result.stats.model_calls == 0


MIXED = """Netanyahu and Putin discuss Gaza and hostages in a phone call

The two leaders spoke on Tuesday for the first time since December 2023, the Prime Minister's Office said in a statement.

ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות כדי להחזיר את כל החטופים הביתה, ולא תסכים להסכם רע.

Президент России выразил обеспокоенность гуманитарной ситуацией в секторе Газа и призвал к прекращению огня.

Голова МЗС України заявив, що Київ уважно стежить за контактами між Ізраїлем та Росією і чекає пояснень.
"""


def test_mixed_language_blocks_are_marked_never_dropped(pipeline: Pipeline) -> None:
    result = pipeline.translate(segment_text(MIXED), "auto", ["he", "ru"])
    assert result.source.language == "en"
    languages = [b.language for b in result.blocks]
    assert languages[-3:] == ["he", "ru", "uk"]
    he = result.translations["he"].blocks
    assert he[-3].status == "already_in_target" and he[-3].text == result.blocks[-3].text
    assert he[-2].status == "translated"  # Russian → English → Hebrew
    assert he[-1].status == "unsupported_language" and "'uk'" in (he[-1].reason or "")
    assert he[-1].text == result.blocks[-1].text
    ru = result.translations["ru"].blocks
    assert ru[-2].status == "already_in_target" and ru[-1].status == "unsupported_language"
    assert ru[-1].dir == "ltr" and he[-3].dir == "rtl"


def test_declared_source_overrides_and_warns(pipeline: Pipeline) -> None:
    article = _article("he-ynet-netanyahu-putin.txt")
    with pytest.raises(UnsupportedLanguage):
        pipeline.translate(article, "he", ["de"])
    result = pipeline.translate(article, "en", ["ru"])
    assert result.source.language == "en" and result.source.detected is False
    assert result.source.warnings and "Hebrew" in result.source.warnings[0]


def test_unsupported_and_undetectable_sources(pipeline: Pipeline) -> None:
    ukrainian = segment_text(MIXED.splitlines()[-1] + "\n" + "Міністр наголосив, що Україна підтримує зусилля "
                             "щодо звільнення заручників і закликає до діалогу.")
    with pytest.raises(UnsupportedSource) as info:
        pipeline.translate(ukrainian, "auto", ["en"])
    assert info.value.extra["language"] == "uk"
    with pytest.raises(UndetectableLanguage):
        pipeline.translate(segment_text("12:45 — 2025\n\n06.05.25"), "auto", ["en"])


def test_text_and_html_renderings(pipeline: Pipeline, sample_article: str) -> None:
    article = segment_text(sample_article)
    he = render_all(article, pipeline.translate(article, "en", ["he"])).renderings["he"]
    assert he.html.startswith('<article lang="he" dir="rtl">')
    assert '<h1 data-block-id="b2" data-status="translated">' in he.html
    assert 'data-status="kept_boilerplate" class="boilerplate" lang="en" dir="ltr">Latest Stories</aside>' in he.html
    assert "<bdi>Kobi Gideon/GPO</bdi>" in he.html
    assert he.text.count("\n\n") == sample_article.strip().count("\n\n")
    assert he.text.splitlines()[0] == "All Israel"
