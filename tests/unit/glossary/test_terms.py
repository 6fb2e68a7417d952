"""Term entries: what make_entry accepts and refuses, keep inferred, duplicates judged with or without case."""

from __future__ import annotations

import pytest

from translator.errors import GlossaryInvalid
from translator.glossary.terms import MAX_FORM_CHARS, Entry, check_unique, make_entries, make_entry


def test_an_entry_has_its_forms_in_language_order_with_blanks_tidied() -> None:
    entry = make_entry({"en": "Netanyahu", "he": " נתניהו ", "ru": "Биньямин   Нетаньяху"}, "entries[0]")
    assert entry.forms == (("he", "נתניהו"), ("ru", "Биньямин Нетаньяху"), ("en", "Netanyahu"))
    assert entry.languages == ("he", "ru", "en")
    assert (entry.keep, entry.case_sensitive, entry.note, entry.id) == (False, False, None, "")
    assert entry.form("ru") == "Биньямин Нетаньяху" and entry.key("ru") == "биньямин нетаньяху"


def test_two_languages_are_enough_and_the_missing_one_has_no_form() -> None:
    entry = make_entry({"he": "צה\"ל", "en": "IDF", "ru": None, "note": "the army"}, "entries[0]")
    assert entry.languages == ("he", "en") and entry.form("ru") is None and entry.key("ru") is None
    assert entry.note == "the army"
    assert entry.as_json() == {"id": "", "he": "צה\"ל", "en": "IDF", "keep": False, "case_sensitive": False,
                               "note": "the army"}


def test_a_keep_entry_has_one_form_in_every_language() -> None:
    entry = make_entry({"en": "Haaretz", "keep": True}, "line 2")
    assert entry.keep and entry.forms == (("en", "Haaretz"),)
    assert [entry.form(lang) for lang in ("he", "ru", "en")] == ["Haaretz"] * 3
    assert entry.key("he") == "haaretz"


def test_the_same_form_in_every_column_given_is_a_keep_entry() -> None:
    entry = make_entry({"he": "iPhone", "ru": "iPhone", "en": "iPhone"}, "entries[0]")
    assert entry.keep and len(entry.forms) == 3
    assert make_entry({"ru": "Apple", "en": "Apple"}, "entries[0]").keep


def test_case_sensitive_entries_keep_their_case_in_keys() -> None:
    sensitive = make_entry({"en": "US", "ru": "США", "case_sensitive": True}, "entries[0]")
    assert sensitive.case_sensitive and sensitive.key("en") == "US"
    assert make_entry({"en": "US", "ru": "США"}, "entries[0]").key("en") == "us"


@pytest.mark.parametrize("raw, field, words", [
    ("Netanyahu", "entries[3]", "must be an object"),
    ({"he": "א", "fr": "Netanyahou"}, "entries[3]", "unknown column(s) fr"),
    ({"he": "", "en": "Netanyahu"}, "entries[3].he", "is empty"),
    ({"he": "   ", "en": "Netanyahu"}, "entries[3].he", "is empty"),
    ({"he": 7, "en": "Netanyahu"}, "entries[3].he", "is empty"),
    ({"he": "א" * (MAX_FORM_CHARS + 1), "en": "x"}, "entries[3].he", "one line"),
    ({"he": "א\nב", "en": "x"}, "entries[3].he", "one line"),
    ({"he": "א\tב", "en": "x"}, "entries[3].he", "one line"),
    ({"en": "Netanyahu"}, "entries[3]", "two languages"),
    ({}, "entries[3]", "two languages"),
    ({"he": "א", "en": "x", "keep": "yes"}, "entries[3].keep", "true or false"),
    ({"he": "א", "en": "x", "case_sensitive": 1}, "entries[3].case_sensitive", "true or false"),
    ({"he": "א", "en": "x", "note": 3}, "entries[3].note", "must be a string"),
    ({"he": "א", "en": "x", "keep": True}, "entries[3]", "one form"),
])
def test_entries_that_are_refused(raw: object, field: str, words: str) -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        make_entry(raw, "entries[3]")
    assert caught.value.extra["field"] == field and words in caught.value.detail
    assert caught.value.code == "invalid_glossary" and caught.value.status == 400


def test_make_entries_checks_each_and_all() -> None:
    made = make_entries([{"he": "כנסת", "en": "Knesset"}, {"ru": "Кнессет", "en": "Knesset parliament"}])
    assert [entry.form("en") for entry in made] == ["Knesset", "Knesset parliament"]
    with pytest.raises(GlossaryInvalid) as caught:
        make_entries({"he": "x"})
    assert caught.value.extra["field"] == "entries"
    with pytest.raises(GlossaryInvalid) as caught:
        make_entries([{"he": "כנסת", "en": "Knesset"}, {"en": "x"}])
    assert caught.value.extra["field"] == "entries[1]"


def test_a_form_twice_in_one_language_is_refused_case_folded() -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        make_entries([{"he": "כנסת", "en": "Knesset"}, {"ru": "Кнессет", "en": "KNESSET"}])
    assert caught.value.extra["field"] == "entries[1]" and "entries[0]" in caught.value.detail
    # the same form in two different languages is no clash
    assert len(make_entries([{"he": "Yesh Atid", "en": "x"}, {"en": "Yesh Atid", "ru": "Еш Атид"}])) == 2


def test_case_sensitive_entries_differ_by_case() -> None:
    both = make_entries([{"en": "US", "ru": "США", "case_sensitive": True},
                         {"en": "us", "ru": "нас", "case_sensitive": True}])
    assert [entry.key("en") for entry in both] == ["US", "us"]
    with pytest.raises(GlossaryInvalid):  # two entries that fold case: "US" and "us" are one form
        make_entries([{"en": "US", "ru": "США"}, {"en": "us", "ru": "нас"}])
    with pytest.raises(GlossaryInvalid):  # one case-sensitive "US" and a plain "us" would both match "US"
        make_entries([{"en": "US", "ru": "США", "case_sensitive": True}, {"en": "us", "ru": "нас"}])


def test_a_keep_entry_clashes_in_every_language() -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        make_entries([{"en": "Haaretz", "keep": True}, {"he": "הארץ", "ru": "Haaretz"}])
    assert "the ru form 'Haaretz'" in caught.value.detail


def test_check_unique_against_stored_entries() -> None:
    stored = (Entry((("he", "כנסת"), ("en", "Knesset")), id="gl_0123456789ab:7"),)
    new = make_entries([{"ru": "Кнессет", "en": "knesset"}])
    with pytest.raises(GlossaryInvalid) as caught:
        check_unique(new, ["entries[0]"], existing=stored)
    assert "stored entry gl_0123456789ab:7" in caught.value.detail
    check_unique(make_entries([{"ru": "Кнессет", "en": "Parliament"}]), ["entries[0]"], existing=stored)
