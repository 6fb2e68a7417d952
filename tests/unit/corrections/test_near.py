"""Near matches: found among many through rare words, at least 90% alike, never the same text."""

from __future__ import annotations

from translator.corrections.keys import source_key
from translator.corrections.near import THRESHOLD, IndexedPair, NearIndex


def pair(correction: str, source: str, text: str = "перевод") -> IndexedPair:
    return IndexedPair(correction, source, text, source_key(source))


def index_of(*sources: str) -> NearIndex:
    index = NearIndex()
    index.add("en", "ru", ((n, pair(f"co_{n}", s)) for n, s in enumerate(sources, start=1)))
    return index


def test_a_sentence_with_one_word_changed_is_near() -> None:
    index = index_of("The ministry said the crossing would reopen on Sunday morning.", "Something else entirely here.")
    [found] = index.near("en", "ru", "The ministry said the crossing would reopen on Monday morning.")
    assert found.correction_id == "co_1" and THRESHOLD <= found.similarity < 100


def test_the_same_text_is_not_a_suggestion_and_other_pairs_are_apart() -> None:
    index = index_of("The ministry said the crossing would reopen on Sunday morning.")
    assert index.near("en", "ru", "The ministry said the crossing would reopen on Sunday morning.") == ()
    assert index.near("en", "he", "The ministry said the crossing would reopen on Monday morning.") == ()
    assert index.near("en", "ru", "The ministry said nothing.") == ()


def test_best_first_at_most_three_newest_wins_a_tie() -> None:
    base = "The committee will vote on the budget proposal next week"
    index = index_of(base + " again.", base + " again!", base + ".", base + "!", base + " too.")
    found = index.near("en", "ru", base + "?")
    assert len(found) == 3 and [s.similarity for s in found] == sorted((s.similarity for s in found), reverse=True)


def test_removed_corrections_are_not_found() -> None:
    index = index_of("The ministry said the crossing would reopen on Sunday morning.")
    index.remove({"co_1"})
    assert len(index) == 0
    assert index.near("en", "ru", "The ministry said the crossing would reopen on Monday morning.") == ()


def test_many_sources_are_narrowed_before_comparing() -> None:
    index = index_of(*[f"Report number {n} about the weather in district {n * 7}." for n in range(5000)],
                     "The ministry said the crossing would reopen on Sunday morning.")
    [found] = index.near("en", "ru", "The ministry said the crossing would reopen on Monday morning.")
    assert found.correction_id == "co_5001"
    side = index._sides[("en", "ru")]
    assert len(side.candidates(source_key("The ministry said the crossing would reopen on Monday morning."))) < 50
