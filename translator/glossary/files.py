"""Glossary files: the newsroom's CSV (a column per language) and DeepL's TSV (one language pair).

A CSV file is what an editor keeps in a spreadsheet: a header row naming its
columns (``he``, ``ru``, ``en`` in any order and any subset, and optionally
``note``, ``case_sensitive``, ``keep``), then one entry per row; an empty cell
means "no form in that language". A TSV file is DeepL's glossary format: no
header, one ``source<TAB>target`` pair per line. Both are UTF-8 (a leading BOM,
as Excel writes it, is accepted), checked whole before anything is stored, and
every error names its line. Writing then reading a file gives the same entries.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Iterator, Sequence

from translator.errors import GlossaryInvalid, GlossaryTooLarge
from translator.glossary.terms import FLAGS, LANGUAGES, Entry, check_unique, make_entry

CSV_COLUMNS: tuple[str, ...] = (*LANGUAGES, "note", "case_sensitive", "keep")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def _check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise GlossaryTooLarge(f"the glossary file is {len(data)} bytes, over the limit of {max_bytes}",
                               limit=max_bytes)


def _decode(data: bytes) -> str:
    """The file as text: UTF-8, a leading byte-order mark dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryInvalid(f"line {line}: the file is not UTF-8 (save it as \"CSV UTF-8\" or plain UTF-8 text)",
                              field=f"line {line}") from None


def _refuse(line: int, message: str) -> GlossaryInvalid:
    return GlossaryInvalid(f"line {line}: {message}", field=f"line {line}")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, its cells) for every CSV record, a quoted cell spanning lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _refuse(reader.line_num or start, f"not valid CSV ({exc})") from None
        yield start, row
        start = reader.line_num + 1


def _header(line: int, row: list[str]) -> tuple[str, ...]:
    """The column names of the header row, checked: known, each once, a language among them."""
    columns = tuple(cell.strip().lower() for cell in row)
    for number, column in enumerate(columns, start=1):
        if not column:
            raise _refuse(line, f"column {number} of the header has no name; columns are {', '.join(CSV_COLUMNS)}")
        if column not in CSV_COLUMNS:
            kind = "language column" if len(column) <= 3 and column.isalpha() else "column"
            raise _refuse(line, f"unknown {kind} {column!r}; the first line names the columns, among "
                                f"{', '.join(CSV_COLUMNS)}")
        if columns.index(column) != number - 1:
            raise _refuse(line, f"the column {column!r} is named twice in the header")
    if not set(columns) & set(LANGUAGES):
        raise _refuse(line, f"the header names no language column ({', '.join(LANGUAGES)})")
    return columns


def _flag(line: int, column: str, cell: str) -> bool:
    value = cell.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise GlossaryInvalid(f"line {line}: {column} must be true or false (or 1/0, yes/no, empty), got {cell!r}",
                          field=f"line {line}.{column}")


def _raw_entry(line: int, columns: tuple[str, ...], row: list[str]) -> dict[str, Any]:
    """One row as the JSON object :func:`make_entry` checks: empty cells left out."""
    if len(row) > len(columns):
        raise _refuse(line, f"{len(row)} cells, but the header names {len(columns)} columns "
                            "(a comma in a cell needs the cell in double quotes)")
    raw: dict[str, Any] = {}
    for column, cell in zip(columns, row):
        if column in FLAGS and column != "note":
            raw[column] = _flag(line, column, cell)
        elif cell.strip():
            raw[column] = cell
    return raw


def _blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def read_csv(data: bytes, max_bytes: int) -> tuple[Entry, ...]:
    """The entries of a CSV glossary file, checked one by one and together; the first error is raised.

    Raises :class:`GlossaryTooLarge` over ``max_bytes`` (before reading it)
    and :class:`GlossaryInvalid`, naming the line, for anything else.
    """
    _check_size(data, max_bytes)
    records = ((line, row) for line, row in _rows(_decode(data)) if not _blank(row))
    first = next(records, None)
    if first is None:
        raise _refuse(1, f"the file is empty; its first line names the columns, among {', '.join(CSV_COLUMNS)}")
    columns = _header(*first)
    entries: list[Entry] = []
    names: list[str] = []
    for line, row in records:
        entries.append(make_entry(_raw_entry(line, columns, row), f"line {line}"))
        names.append(f"line {line}")
    check_unique(entries, names)
    return tuple(entries)


def write_csv(entries: Iterable[Entry]) -> str:
    """The entries as a CSV file with every column (:data:`CSV_COLUMNS`), which :func:`read_csv` reads back.

    A language the entry has no form in is an empty cell; a keep entry has its
    form in the columns it was given in. Encode it as ``utf-8-sig`` for Excel.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        forms = dict(entry.forms)
        writer.writerow([*(forms.get(lang, "") for lang in LANGUAGES), entry.note or "",
                         "true" if entry.case_sensitive else "false", "true" if entry.keep else "false"])
    return out.getvalue()


def _check_pair(source: str, target: str) -> None:
    for field, lang in (("source", source), ("target", target)):
        if lang not in LANGUAGES:
            raise GlossaryInvalid(f"{field} language {lang!r} is not one of {', '.join(LANGUAGES)}", field=field)
    if source == target:
        raise GlossaryInvalid(f"a TSV glossary pairs two languages, but source and target are both {source!r}",
                              field="target")


def read_tsv(data: bytes, source: str, target: str, max_bytes: int) -> tuple[Entry, ...]:
    """The entries of a DeepL TSV glossary: ``source_form<TAB>target_form`` on each non-blank line.

    A pair with the same form on both sides is a keep entry. Errors as
    :func:`read_csv`'s, and :class:`GlossaryInvalid` for an unknown pair.
    """
    _check_pair(source, target)
    _check_size(data, max_bytes)
    entries: list[Entry] = []
    names: list[str] = []
    for number, text in enumerate(_decode(data).split("\n"), start=1):
        text = text.removesuffix("\r")
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != 2:
            raise _refuse(number, f"{len(cells)} cell(s); each line is a {source} form, a tab, a {target} form")
        entries.append(make_entry({source: cells[0], target: cells[1]}, f"line {number}"))
        names.append(f"line {number}")
    check_unique(entries, names)
    return tuple(entries)


def write_tsv(entries: Iterable[Entry], source: str, target: str) -> str:
    """The entries that have a form in both languages (keep entries too), as a DeepL TSV glossary."""
    _check_pair(source, target)
    lines = []
    for entry in entries:
        pair = entry.form(source), entry.form(target)
        if pair[0] is not None and pair[1] is not None:
            lines.append(f"{pair[0]}\t{pair[1]}\n")
    return "".join(lines)
