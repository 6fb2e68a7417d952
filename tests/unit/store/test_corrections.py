"""The corrections store and its approvals, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from translator.corrections.keys import key_hash, source_key
from translator.corrections.pairs import make_draft
from translator.errors import CorrectionNotFound
from translator.settings import Settings
from translator.store import Approvals, CorrectionStore, Database, Search, open_database
from translator.store.clock import now


@pytest.fixture
def corrections(database: Database) -> CorrectionStore:
    return CorrectionStore(database)


def test_a_correction_is_stored_with_its_pairs_and_found_by_its_source(corrections: CorrectionStore) -> None:
    draft = make_draft("Talks resumed. Nobody left.", "en", "ru", "Переговоры возобновились. Никто не ушёл.",
                       "a-1", "b4", "dana")
    stored = corrections.add(draft)
    assert stored.id.startswith("co_") and stored.pairs == 3 and stored.level == "sentence"
    found = corrections.lookup("en", "ru", {key_hash(source_key("Nobody  left.")), key_hash("nothing")})
    assert [(f.text, f.correction_id) for f in found.values()] == [("Никто не ушёл.", stored.id)]
    assert corrections.lookup("en", "he", {key_hash(source_key("Nobody left."))}) == {}
    got, history = corrections.get(stored.id)
    assert got == stored and [(e.action, e.editor) for e in history] == [("created", "dana")]


def test_the_newest_pair_wins_and_deleting_it_is_logged(corrections: CorrectionStore) -> None:
    old = corrections.add(make_draft("The border is closed.", "en", "ru", "Граница закрыта."))
    new = corrections.add(make_draft("The border is closed.", "en", "ru", "Граница остаётся закрытой.",
                                     editor="lev"))
    digest = key_hash(source_key("The border is closed."))
    assert corrections.lookup("en", "ru", {digest})[digest].correction_id == new.id
    corrections.delete(new.id, editor="noa")
    assert corrections.lookup("en", "ru", {digest})[digest].correction_id == old.id
    with pytest.raises(CorrectionNotFound):
        corrections.get(new.id)
    with pytest.raises(CorrectionNotFound):
        corrections.delete(new.id)
    assert [(e.action, e.editor) for e in corrections.log()] == [("deleted", "noa"), ("created", "lev"),
                                                                  ("created", None)]
    assert [e.action for e in corrections.log(after=corrections.log()[1].id)] == ["deleted"]


def test_search_filters_and_pages(corrections: CorrectionStore) -> None:
    for n in range(5):
        corrections.add(make_draft(f"Item {n} is ready.", "en", "ru", f"Пункт {n} готов.", f"a-{n % 2}",
                                   editor="dana" if n < 3 else "lev"))
    found, total = corrections.search(Search(article_id="a-1"))
    assert total == 2 and {c.source for c in found} == {"Item 1 is ready.", "Item 3 is ready."}
    page, total = corrections.search(Search(limit=2, offset=2))
    assert total == 5 and [c.source for c in page] == ["Item 2 is ready.", "Item 1 is ready."]
    assert corrections.search(Search(q="ПУНКТ 4"))[1] == 1
    assert corrections.search(Search(editor="lev", target_language="ru"))[1] == 2
    assert corrections.search(Search(since=now() + timedelta(minutes=1)))[1] == 0
    assert corrections.search(Search(until=now() + timedelta(minutes=1)))[1] == 5


def test_an_id_with_a_nul_is_not_found(corrections: CorrectionStore) -> None:
    with pytest.raises(CorrectionNotFound):
        corrections.get("co_\x00")


def test_many_are_added_in_one_transaction(corrections: CorrectionStore) -> None:
    drafts = [make_draft(f"Line {n}.", "he", "en", f"Line {n} in English.", split=False) for n in range(300)]
    assert corrections.add_many(drafts, "tmx") == 300
    assert corrections.search(Search())[1] == 300
    exported = list(corrections.export())
    assert len(exported) == 300 and exported[0].source == "Line 0." and exported[0].level == "block"


def test_another_process_sees_a_change_at_its_next_lookup(settings: Settings, corrections: CorrectionStore) -> None:
    """Two processes on one database: exact matches at once, near matches after the log is followed."""
    other_db = open_database(settings)
    try:
        here, there = Approvals(corrections), Approvals(CorrectionStore(other_db))
        sentence = "The ministry said the crossing would reopen on Sunday morning."
        near_one = "The ministry said the crossing would reopen on Monday morning."
        assert there.near("en", "ru", [near_one]) == {}  # the index is built, empty
        stored = corrections.add(make_draft(sentence, "en", "ru", "Министерство сообщило об открытии."))
        assert there.approved("en", "ru", [sentence])[sentence].correction_id == stored.id
        [suggestion] = there.near("en", "ru", [near_one])[near_one]
        assert suggestion.correction_id == stored.id and suggestion.similarity >= 90
        corrections.delete(stored.id)
        assert there.near("en", "ru", [near_one]) == {} and here.approved("en", "ru", [sentence]) == {}
    finally:
        other_db.close()
