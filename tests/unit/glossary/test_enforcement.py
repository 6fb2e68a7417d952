"""Glossary terms through the pipeline on the fixture packages: found through prefixes, placed, declined, reported.

The fixture packages transliterate letter by letter with a one-to-one
attention, so every expected text below is the transliteration of the
sentence with the house forms put in place of the terms' words.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import transliterate
from translator.document.segment import segment_text
from translator.engine.attention import AlignedText
from translator.engine.engine import Engine
from translator.glossary.enforce import enforce
from translator.glossary.termbase import TermBase
from translator.glossary.terms import TermUse, make_entries
from translator.language.detect import Detector
from translator.pipeline import Pipeline

HOUSE = [
    {"en": "Netanyahu", "he": "נתניהו", "ru": "Нетаньяху"},
    {"en": "the Knesset", "he": "הכנסת", "ru": "Кнессет"},
    {"en": "Putin", "he": "פוטין", "ru": "Путин"},
    {"en": "Haaretz", "keep": True},
]


def house(raw: list[dict[str, object]] = HOUSE) -> TermBase:
    entries = make_entries(raw)
    return TermBase(tuple(replace(e, id=f"house:{n}") for n, e in enumerate(entries)))


def he_en_ru(text: str) -> str:
    return transliterate(transliterate(text, "he", "en"), "en", "ru")


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


def test_hebrew_prefixed_names_into_russian_and_english(pipeline: Pipeline) -> None:
    body = "ולנתניהו אמרו בכנסת שלפוטין אין עיתון כמו Haaretz."
    result = pipeline.translate(segment_text(body), "he", ["ru", "en"], terms=house())
    en, ru = result.translations["en"].blocks[0], result.translations["ru"].blocks[0]
    plain = {w: transliterate(w, "he", "en") for w in ("אמרו", "אין", "עיתון", "כמו")}
    assert en.text == f"Netanyahu {plain['אמרו']} the Knesset Putin {plain['אין']} {plain['עיתון']} {plain['כמו']} Haaretz."
    # Russian, through the English pivot: ב (in) asks the prepositional, ל of של (to) the dative; Нетаньяху does not decline.
    rest = {w: he_en_ru(w) for w in ("אמרו", "אין", "עיתון", "כמו")}
    assert ru.text == f"Нетаньяху {rest['אמרו']} Кнессете Путину {rest['אין']} {rest['עיתון']} {rest['כמו']} Haaretz."
    assert en.glossary == (
        TermUse("house:0", "ולנתניהו", "Netanyahu", "replaced"), TermUse("house:1", "בכנסת", "the Knesset", "replaced"),
        TermUse("house:2", "שלפוטין", "Putin", "replaced"), TermUse("house:3", "Haaretz", "Haaretz", "kept"))
    assert [(u.target, u.action) for u in ru.glossary] == [
        ("Нетаньяху", "replaced"), ("Кнессете", "replaced"), ("Путину", "replaced"), ("Haaretz", "replaced")]


def test_a_keep_entry_stays_unchanged_in_every_target(pipeline: Pipeline) -> None:
    body = "Reporters at Haaretz and @IDFSpokesperson wrote it."
    terms = house([*HOUSE, {"en": "@IDFSpokesperson", "keep": True}])
    result = pipeline.translate(segment_text(body), "en", ["ru", "he"], terms=terms)
    for target in ("ru", "he"):
        block = result.translations[target].blocks[0]
        assert "Haaretz" in block.text and "@IDFSpokesperson" in block.text, block.text
        assert transliterate("Reporters at", "en", target) in block.text
        # The fixture transliterates both, so both are put back; the handle's @ is not part of a word.
        assert [(u.source, u.target, u.action) for u in block.glossary] == [
            ("Haaretz", "Haaretz", "replaced"), ("IDFSpokesperson", "@IDFSpokesperson", "replaced")]
        assert "@@" not in block.text


def test_a_form_the_model_already_wrote_is_kept_and_an_inflected_one_too(pipeline: Pipeline) -> None:
    # The fixture writes English Putin as Путин: already the house form.
    result = pipeline.translate(segment_text("Putin spoke."), "en", ["ru"], terms=house())
    block = result.translations["ru"].blocks[0]
    assert block.text == transliterate("Putin spoke.", "en", "ru")
    assert block.glossary == (TermUse("house:2", "Putin", "Путин", "kept"),)
    inflected = enforce("Putin spoke.", house().find("Putin spoke.", "en"), AlignedText("Путину сказали.", ()),
                        "ru", house())
    assert inflected[1][0].action == "kept" and inflected[0].text == "Путину сказали."


def test_english_possessive_asks_the_genitive_and_keeps_its_s_in_english(pipeline: Pipeline) -> None:
    result = pipeline.translate(segment_text("Netanjahu met Putin's envoy."), "en", ["ru"],
                                terms=house([{"en": "Netanjahu", "ru": "Нетаньяху"}, {"en": "Putin", "ru": "Путин"}]))
    block = result.translations["ru"].blocks[0]
    # Putin's → the fixture's Путин'с is replaced whole, declined to the genitive.
    assert block.text == "Нетаньяху " + transliterate("met", "en", "ru") + " Путина " + \
        transliterate("envoy.", "en", "ru")
    assert [u.action for u in block.glossary] == ["replaced", "replaced"]


def test_no_alignment_means_not_enforced_and_the_text_left_alone() -> None:
    terms = house()
    source = "Netanyahu spoke."
    out, uses = enforce(source, terms.find(source, "en"), AlignedText("Нетанияху сказал.", ()), "ru", terms)
    assert out.text == "Нетанияху сказал."
    assert uses == (TermUse("house:0", "Netanyahu", "", "not_enforced"),)


def test_hebrew_target_keeps_the_prefix_letters_of_the_replaced_word() -> None:
    terms = house()
    source = "He spoke to Netanyahu in the Knesset."
    # A model's Hebrew, with the name misspelt under ל and the Knesset under ב, aligned by hand.
    target = "הוא דיבר לנתניאהו בכנסת."
    name, knesset = source.index("Netanyahu"), source.index("Knesset")
    links = ((name, name + 9, target.index("לנתניאהו"), target.index("לנתניאהו") + 8),
             (knesset, knesset + 7, target.index("בכנסת"), target.index("בכנסת") + 5))
    out, uses = enforce(source, terms.find(source, "en"), AlignedText(target, links), "he", terms)
    assert out.text == "הוא דיבר לנתניהו בכנסת."
    assert [(u.target, u.action) for u in uses] == [("לנתניהו", "replaced"), ("בכנסת", "kept")]
    # The links follow the new text: the name's link covers the new word.
    ts, te = out.links[0][2:]
    assert out.text[ts:te] == "לנתניהו"


def test_english_target_drops_the_sentence_little_words_and_capitalises_at_the_start() -> None:
    terms = house([{"he": "הכנסת", "en": "the Knesset"}])
    source = "הכנסת התכנסה בכנסת"
    target = "parliament met in the parliament"
    links = ((0, 5, 0, 10), (15, 19, 14, 32))
    out, uses = enforce(source, terms.find(source, "he"), AlignedText(target, links), "en", terms)
    assert out.text == "The Knesset met in the Knesset"
    assert [u.source for u in uses] == ["הכנסת", "בכנסת"]


def test_terms_do_not_match_inside_other_words_or_the_wrong_case() -> None:
    terms = house([{"en": "Bush", "ru": "Буш"}, {"en": "Gaza", "ru": "Газа"}])
    assert terms.find("a bush near Bushehr", "en") == []
    assert terms.find("газ подорожал", "ru") == []
    assert [m.entry.id for m in terms.find("President Bush's visit to Gaza", "en")] == ["house:0", "house:1"]


def test_attention_smeared_over_a_clause_is_not_trusted() -> None:
    terms = house()
    source = "Netanyahu spoke."
    target = "премьер-министр страны сегодня долго говорил."
    out, uses = enforce(source, terms.find(source, "en"), AlignedText(target, ((0, 9, 0, len(target) - 1),)), "ru",
                        terms)
    assert out.text == target and uses[0].action == "not_enforced"
