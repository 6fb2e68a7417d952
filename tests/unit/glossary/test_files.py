"""Glossary files: CSV and DeepL TSV read, written and read again to the same entries; bad files refused by line."""

from __future__ import annotations

import pytest

from translator.errors import GlossaryInvalid, GlossaryTooLarge
from translator.glossary.files import CSV_COLUMNS, read_csv, read_tsv, write_csv, write_tsv
from translator.glossary.terms import Entry, make_entries

LIMIT = 1024 * 1024

NEWSROOM = make_entries([
    {"he": "נתניהו", "ru": "Нетаньяху", "en": "Netanyahu"},
    {"he": "הכנסת", "en": "Knesset", "note": "the parliament, \"the house\"\nsecond line"},
    {"en": "Haaretz", "keep": True},
    {"ru": "ЦАХАЛ", "en": "IDF", "case_sensitive": True},
    {"he": "iPhone", "ru": "iPhone"},
])


def bare(entries: tuple[Entry, ...]) -> list[tuple[object, ...]]:
    return [(e.forms, e.keep, e.case_sensitive, e.note) for e in entries]


def refused(data: bytes, line: int, words: str, field: str | None = None) -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        read_csv(data, LIMIT)
    assert caught.value.extra["field"] == (field or f"line {line}"), caught.value.detail
    assert f"line {line}" in caught.value.detail and words in caught.value.detail, caught.value.detail
    assert caught.value.code == "invalid_glossary"


def test_csv_round_trip_keeps_every_form_flag_and_note() -> None:
    written = write_csv(NEWSROOM)
    assert written.splitlines()[0] == ",".join(CSV_COLUMNS) == "he,ru,en,note,case_sensitive,keep"
    again = read_csv(written.encode("utf-8"), LIMIT)
    assert bare(again) == bare(NEWSROOM)
    assert write_csv(again) == written
    assert bare(read_csv(written.encode("utf-8-sig"), LIMIT)) == bare(NEWSROOM)  # as Excel saves it


def test_csv_columns_in_any_order_and_any_subset() -> None:
    data = "EN, he ,Keep\r\nNetanyahu,נתניהו,\r\n\r\nHaaretz,,yes\r\nMossad,מוסד,0\r\n".encode()
    entries = read_csv(data, LIMIT)
    assert bare(entries) == [((("he", "נתניהו"), ("en", "Netanyahu")), False, False, None),
                             ((("en", "Haaretz"),), True, False, None),
                             ((("he", "מוסד"), ("en", "Mossad")), False, False, None)]


def test_csv_flags_and_short_rows() -> None:
    data = b"ru,en,case_sensitive,note\n\xd0\xa1\xd0\xa8\xd0\x90,US,TRUE\nx,y\n"
    first, second = read_csv(data, LIMIT)
    assert first.case_sensitive and first.note is None and first.form("ru") == "США"
    assert not second.case_sensitive


def test_a_header_only_file_has_no_entries() -> None:
    assert read_csv(b"he,ru,en\n", LIMIT) == ()
    assert read_csv(write_csv(()).encode(), LIMIT) == ()


def test_csv_errors_name_their_line() -> None:
    refused(b"he,fr\n", 1, "unknown language column 'fr'")
    refused(b"he,colour\n", 1, "unknown column 'colour'")
    refused(b"Netanyahu,Netanyahou\n", 1, "the first line names the columns")
    refused(b"he,en,he\n", 1, "named twice")
    refused(b"he,,en\n", 1, "column 2 of the header has no name")
    refused(b"note,keep\n", 1, "no language column")
    refused(b"", 1, "the file is empty")
    refused(b"\n \n", 1, "the file is empty")
    refused(b"he,en\nx,y\n\nz,w,extra\n", 4, "3 cells, but the header names 2 columns")
    refused(b"he,en,keep\nx,y,maybe\n", 2, "keep must be true or false", field="line 2.keep")
    refused(b"he,en\nx,y\nz\n", 3, "needs forms in two languages")
    refused(b"he,en\nx,\"a\nb\"\n", 2, "one line", field="line 2.en")
    refused(b"he,en,note\nx,y\nq,r,\"a\nb\"\nz,Y\n", 5, "the en form 'Y' is also the form of line 2")
    refused(b"he,en\nx,y\nz,\"unclosed\" tail\n", 3, "not valid CSV")


def test_a_csv_file_that_is_not_utf8() -> None:
    refused("he,en\nא,x\nб,y\n".encode("utf-8")[:-3] + b"\xff,y\n", 3, "not UTF-8")
    refused("ru,en\nНетаньяху,Netanyahu\n".encode("cp1251"), 2, "not UTF-8")


def test_size_is_checked_before_anything_is_read() -> None:
    with pytest.raises(GlossaryTooLarge) as caught:
        read_csv(b"\xff" * 2048, 1024)  # not even UTF-8: the size is what is refused
    assert caught.value.status == 413 and caught.value.extra["limit"] == 1024
    with pytest.raises(GlossaryTooLarge):
        read_tsv(b"a\tb\n" * 300, "he", "en", 1024)
    assert read_csv(b"he,en\n", 6) == ()  # exactly at the limit is fine


def test_tsv_round_trip() -> None:
    data = "נתניהו\tNetanyahu\r\n\nהארץ\tHaaretz\nHaaretz TV\tHaaretz TV\n".encode("utf-8-sig")
    entries = read_tsv(data, "he", "en", LIMIT)
    assert bare(entries) == [((("he", "נתניהו"), ("en", "Netanyahu")), False, False, None),
                             ((("he", "הארץ"), ("en", "Haaretz")), False, False, None),
                             ((("he", "Haaretz TV"), ("en", "Haaretz TV")), True, False, None)]
    written = write_tsv(entries, "he", "en")
    assert written == "נתניהו\tNetanyahu\nהארץ\tHaaretz\nHaaretz TV\tHaaretz TV\n"
    assert bare(read_tsv(written.encode(), "he", "en", LIMIT)) == bare(entries)


def test_tsv_of_one_pair_from_a_three_language_glossary() -> None:
    written = write_tsv(NEWSROOM, "ru", "en")
    # the Knesset has no Russian form; a keep entry has its form on both sides
    assert written == "Нетаньяху\tNetanyahu\nHaaretz\tHaaretz\nЦАХАЛ\tIDF\niPhone\tiPhone\n"
    back = read_tsv(written.encode(), "ru", "en", LIMIT)
    assert [entry.form("en") for entry in back] == ["Netanyahu", "Haaretz", "IDF", "iPhone"]
    assert [entry.keep for entry in back] == [False, True, False, True]
    assert write_tsv(back, "ru", "en") == written
    assert write_tsv(NEWSROOM, "en", "ru") == (
        "Netanyahu\tНетаньяху\nHaaretz\tHaaretz\nIDF\tЦАХАЛ\niPhone\tiPhone\n")


@pytest.mark.parametrize("data, line, words, field", [
    (b"a\tb\nc\n", 2, "1 cell(s)", "line 2"),
    (b"a\tb\tc\n", 1, "3 cell(s)", "line 1"),
    (b"\n\n\ta\n", 3, "is empty", "line 3.he"),
    (b"a\tb\nA\tc\n", 2, "is also the form of line 1", "line 2"),
    (b"a\tb\n\xff\tc\n", 2, "not UTF-8", "line 2"),
])
def test_tsv_errors_name_their_line(data: bytes, line: int, words: str, field: str) -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        read_tsv(data, "he", "en", LIMIT)
    assert caught.value.extra["field"] == field and f"line {line}" in caught.value.detail
    assert words in caught.value.detail


@pytest.mark.parametrize("source, target", [("he", "he"), ("fr", "en"), ("en", "de")])
def test_tsv_needs_two_known_languages(source: str, target: str) -> None:
    with pytest.raises(GlossaryInvalid):
        read_tsv(b"a\tb\n", source, target, LIMIT)
    with pytest.raises(GlossaryInvalid):
        write_tsv(NEWSROOM, source, target)
