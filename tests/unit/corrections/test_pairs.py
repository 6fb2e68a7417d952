"""Keys and pairs: what makes two sources the same sentence, and how a correction is cut."""

from __future__ import annotations

import pytest

from translator.corrections.keys import key_hash, source_key
from translator.corrections.pairs import MAX_CHARS, make_draft
from translator.errors import CorrectionInvalid


@pytest.mark.parametrize("a, b", [
    ("He said “yes”.", 'He said "yes".'),
    ("He said „yes“.", "He said «yes»."),
    ("It’s  over.\n", "It's over."),
    ("e\u0301te\u0301", "\u00e9t\u00e9"),  # composed or not
])
def test_the_same_sentence_has_the_same_key(a: str, b: str) -> None:
    assert source_key(a) == source_key(b) and key_hash(source_key(a)) == key_hash(source_key(b))


@pytest.mark.parametrize("a, b", [("He said yes.", "he said yes."), ("It costs 5.", "It costs 6."),
                                  ("Ready.", "Ready!")])
def test_other_differences_still_count(a: str, b: str) -> None:
    assert source_key(a) != source_key(b)


def test_a_block_whose_sentences_line_up_gives_its_sentence_pairs() -> None:
    draft = make_draft("Talks resumed. “We are close,” she said.", "en", "ru",
                       "Переговоры возобновились. «Мы близки», — сказала она.", "a1", "b2", "dana")
    assert draft.level == "sentence"
    # The pipeline's own units: the quotation without its marks, and its attribution, are pairs of their own.
    assert [(p.level, p.source, p.text) for p in draft.pairs] == [
        ("block", "Talks resumed. “We are close,” she said.", "Переговоры возобновились. «Мы близки», — сказала она."),
        ("sentence", "Talks resumed.", "Переговоры возобновились."),
        ("sentence", "We are close", "Мы близки"),
        ("sentence", "she said", "сказала она"),
    ]


def test_sentences_that_do_not_line_up_leave_the_block_pair_alone() -> None:
    draft = make_draft("The vote was close. It passed by two.", "en", "ru", "Перевес составил два голоса.")
    assert draft.level == "block" and len(draft.pairs) == 1


def test_one_sentence_is_one_pair_and_a_sentence() -> None:
    draft = make_draft("The border is closed.", "en", "he", "הגבול סגור.")
    assert draft.level == "sentence" and [p.level for p in draft.pairs] == ["block"]


def test_a_tmx_unit_is_kept_whole() -> None:
    draft = make_draft("One. Two.", "en", "ru", "Раз. Два.", split=False)
    assert len(draft.pairs) == 1 and draft.level == "block"


@pytest.mark.parametrize("args, field", [
    (("", "en", "ru", "x"), "source"),
    (("x", "de", "ru", "x"), "source_language"),
    (("x", "en", "en", "x"), "target_language"),
    (("x", "en", "ru", None), "text"),
    (("x\x00", "en", "ru", "x"), "source"),
    (("x" * (MAX_CHARS + 1), "en", "ru", "x"), "source"),
])
def test_bad_fields_are_refused_by_name(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(CorrectionInvalid) as refused:
        make_draft(*args)
    assert refused.value.extra["field"] == field
