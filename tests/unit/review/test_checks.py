"""Each review check fires on a crafted case and stays silent on a clean one."""

from __future__ import annotations

import pytest

from translator.engine.attention import AlignedText
from translator.glossary.terms import TermUse
from translator.language.detect import Detector
from translator.review import checks
from translator.review.flags import summarize
from translator.review.numbers import numbers, unmatched
from translator.review.reviewer import BlockUnderReview, Sentence, review_block
from translator.settings import ReviewSettings


def codes(flags: list) -> list[str]:  # type: ignore[type-arg]
    return [f.code for f in flags]


@pytest.mark.parametrize("source, target", [
    ("1,200 workers", "1 200 рабочих"), ("1,200 workers", "1.200 Arbeiter"), ("3.5% growth", "рост на 3,5%"),
    ("Jan. 29, 2018", "29 января 2018 года"), ("May 9", "9 במאי"), ("10–20 people", "10-20 человек"),
    ("the 80th anniversary", "80-я годовщина"), ("1,234,567 votes", "1 234 567 голосов"),
    ("on 12.05.2024", "on 5/12/2024"), ("on 12.05.2024", "12 мая 2024 года"),
    ("on May 9, 2025", "09.05.2025"),
])
def test_numbers_in_their_locale_forms_agree(source: str, target: str) -> None:
    assert checks.number_mismatch(source, target) == []


def test_a_changed_dropped_or_added_number_is_flagged_where_it_is() -> None:
    flags = checks.number_mismatch("59 hostages and 1,200 workers", "60 заложников и 1 200 рабочих, 7")
    assert [(f.message.split(" ")[2], f.source_span, f.target_span) for f in flags] == [
        ("59", (0, 2), None), ("has", None, (0, 2)), ("has", None, (31, 32))]
    date = checks.number_mismatch("on 12.05.2024", "12.05.2023")
    assert [(f.source_span, f.target_span) for f in date] == [((9, 13), None), (None, (6, 10))]
    missing, added = unmatched(numbers("in 2018"), numbers("в 218 году"))
    assert [n.text for n in missing] == ["2018"] and [n.text for n in added] == ["218"]


def test_wrong_script_latin_in_russian_and_cyrillic_in_english() -> None:
    assert checks.wrong_script("Putin met the JNS editor", "Путин встретил редактора JNS", "ru") == []
    flags = checks.wrong_script("Putin met the editor", "Путин встретил redaktor-а", "ru")
    assert codes(flags) == ["wrong_script"] and flags[0].target_span == (15, 23)
    assert checks.wrong_script("Putin met the editor", "Путин встретил editor-а", "ru") == []  # the source's own
    mixed = checks.wrong_script("Putin in Moscow", "Путин в Mосквe", "ru")  # a Latin M and e inside a Russian word
    assert [f.target_span for f in mixed] == [(8, 14)]
    assert codes(checks.wrong_script("Он сказал", "He said Путин", "en")) == ["wrong_script"]
    assert checks.wrong_script("Он сказал", "He said", "en") == []


def test_repetition_only_where_the_source_has_no_loop() -> None:
    assert codes(checks.repetition("He said no.", "Он сказал нет нет нет нет нет.")) == ["repetition"]
    assert codes(checks.repetition("Hello.", "Привет Привет Привет Привет Привет")) == ["repetition"]
    assert checks.repetition("No, no, no, no!", "Нет, нет, нет, нет!") == []
    assert checks.repetition("He said no.", "Он сказал: нет, нет.") == []


def test_quotes_unbalanced_and_lost() -> None:
    assert codes(checks.quotes_unbalanced("“That is the deal.”", "«Это сделка.")) == ["quotes_unbalanced"]
    assert codes(checks.quotes_unbalanced("He said “yes”.", "Он сказал да.")) == ["quotes_unbalanced"]
    assert checks.quotes_unbalanced("He said “yes”.", "Он сказал «да».") == []


def test_urls_addresses_handles_and_hashtags_must_survive() -> None:
    source = "Write to desk@example.org, see https://example.org/a?b=1, follow @IDF and #Gaza."
    assert checks.url_or_handle_changed(source, source.replace("Write to", "Пишите")) == []
    flags = checks.url_or_handle_changed(source, "Пишите desk@example.org, https://example.org/a?b=1, @ЦАХАЛ #Газа.")
    assert [source[a:b] for f in flags for a, b in [f.source_span]] == ["@IDF", "#Gaza"]


def block(source: str, target: str, answers: list[AlignedText], **extra: object) -> BlockUnderReview:
    """A one-sentence English block translated into Russian."""
    return BlockUnderReview(source, "en", target, "ru", [Sentence(source, (0, len(source)), a) for a in answers],
                            **extra)  # type: ignore[arg-type]


def test_the_decoders_own_facts_and_the_glossary_report() -> None:
    detector = Detector(seed=0)
    settings = ReviewSettings()
    clean = block("Putin spoke on Monday.", "Путин выступил в понедельник.",
                  [AlignedText("Путин выступил в понедельник.", (), -0.2, False)], band=(0.5, 2.0), min_score=-1.5)
    assert review_block(clean, settings, detector) == ()
    cut = block("Putin spoke on Monday about the long war.", "Путин выступил",
                [AlignedText("Путин выступил", (), -2.5, True)], band=(0.5, 2.0), min_score=-1.5,
                glossary=[TermUse("house:1", "Putin", "", "not_enforced")])
    flags = review_block(cut, settings, detector)
    assert codes(list(flags)) == ["length_ratio", "truncated", "low_confidence", "glossary_not_enforced"]
    assert flags[1].target_span == (0, 14) and flags[3].source_span == (0, 5)
    assert summarize([flags, (), flags[:1]]).by_code == {"length_ratio": 2, "truncated": 1, "low_confidence": 1,
                                                         "glossary_not_enforced": 1}
    only = ReviewSettings(checks=frozenset({"truncated"}))
    assert codes(list(review_block(cut, only, detector))) == ["truncated"]


def test_untranslated_sentences_same_text_or_the_source_language() -> None:
    detector = Detector(seed=0)
    source = "The government approved the new budget after a long debate on Monday."
    same = block(source, source, [AlignedText(source, (), -0.1, False)])
    assert codes(list(review_block(same, ReviewSettings(), detector))) == ["untranslated"]
    english = "The cabinet passed the budget after a very long discussion on Monday."
    other = block(source, english, [AlignedText(english, (), -0.1, False)])
    assert codes(list(review_block(other, ReviewSettings(), detector))) == ["untranslated"]
    russian = "Правительство утвердило новый бюджет после долгих споров в понедельник."
    done = block(source, russian, [AlignedText(russian, (), -0.1, False)])
    assert review_block(done, ReviewSettings(), detector) == ()


def test_the_settings_know_every_code_in_the_order_the_checks_run() -> None:
    from translator.review.flags import CODES
    from translator.settings import REVIEW_CODES

    assert CODES == REVIEW_CODES and len(set(CODES)) == 10
