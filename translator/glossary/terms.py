"""A term base: entries with one form per language, grouped in named glossaries.

An entry names the same person, place or body in every edition
(``{"he": "נתניהו", "ru": "Нетаньяху", "en": "Netanyahu"}``); any pair is
derived from it, the pivot's included. A "keep" entry is a form that stays
unchanged in every target (a brand, a handle, a program's name). Entries are
checked here, once, for the API, the files and the store alike: every form
non-empty, known languages only, no two entries with the same form in one
language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal, Sequence

from translator.errors import GlossaryInvalid

LANGUAGES: tuple[str, ...] = ("he", "ru", "en")
FLAGS = ("keep", "case_sensitive", "note")
MAX_FORM_CHARS = 200
Action = Literal["kept", "replaced", "not_enforced"]


@dataclass(frozen=True)
class Entry:
    """One term: its form in each language (``keep``: one form, the same in every language)."""

    forms: tuple[tuple[str, str], ...]  # (language, form), in LANGUAGES order
    keep: bool = False
    case_sensitive: bool = False
    note: str | None = None
    id: str = ""  # "<glossary id>:<n>" once stored, "inline:<n>" in a request

    def form(self, language: str) -> str | None:
        """The form in ``language``; a keep entry has its one form in every language."""
        if self.keep:
            return self.forms[0][1]
        return next((form for lang, form in self.forms if lang == language), None)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.forms)

    def key(self, language: str) -> str | None:
        """The form as duplicates are judged: case-folded unless the entry is case-sensitive."""
        form = self.form(language)
        if form is None:
            return None
        form = " ".join(form.split())
        return form if self.case_sensitive else form.casefold()

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        out.update({lang: form for lang, form in self.forms})
        out.update(keep=self.keep, case_sensitive=self.case_sensitive)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class TermUse:
    """What was done for one term in one translated block (the block's ``glossary`` report)."""

    term: str  # the entry's id
    source: str  # the source words the term was found in ("ולנתניהו")
    target: str  # the words that stand for it in the translation ("" when not enforced)
    action: Action


@dataclass(frozen=True)
class Applied:
    """A glossary a translation was made with, in the version it had; or why a default one could not be used."""

    ref: str  # as the request or TARGUM_DEFAULT_GLOSSARIES named it
    id: str | None = None
    name: str | None = None
    version: int | None = None
    error: str | None = None  # a problem code: glossary_not_found, store_unavailable (default glossaries only)

    def as_json(self) -> dict[str, Any]:
        if self.error:
            return {"ref": self.ref, "error": self.error}
        return {"id": self.id, "name": self.name, "version": self.version}


@dataclass(frozen=True)
class Glossary:
    """A named, versioned list of entries; every change makes a new version."""

    id: str
    name: str
    version: int
    entries: tuple[Entry, ...]
    updated_at: str = ""  # ISO 8601, UTC


def _flag(raw: dict[str, Any], name: str, where: str) -> bool:
    value = raw.get(name, False)
    if not isinstance(value, bool):
        raise GlossaryInvalid(f"`{where}.{name}` must be true or false", field=f"{where}.{name}")
    return value


def _form(value: Any, where: str) -> str:
    """One form: a non-empty line of text, its spaces collapsed."""
    if not isinstance(value, str) or not value.strip():
        raise GlossaryInvalid(f"`{where}` is empty", field=where)
    if len(value) > MAX_FORM_CHARS or "\n" in value or "\t" in value:
        raise GlossaryInvalid(f"`{where}` must be one line of at most {MAX_FORM_CHARS} characters", field=where)
    if "\x00" in value:  # PostgreSQL's text cannot hold one: refused alike on every database
        raise GlossaryInvalid(f"`{where}` holds a NUL character", field=where)
    return " ".join(value.split())


def make_entry(raw: Any, where: str) -> Entry:
    """One entry from its JSON object, checked; ``where`` names it in errors (``entries[3]``, ``line 4``)."""
    if not isinstance(raw, dict):
        raise GlossaryInvalid(f"`{where}` must be an object with a form per language", field=where)
    unknown = sorted(set(raw) - set(LANGUAGES) - set(FLAGS) - {"id"})
    if unknown:
        raise GlossaryInvalid(f"`{where}` has unknown column(s) {', '.join(unknown)}; languages are "
                              f"{', '.join(LANGUAGES)}", field=where)
    forms = [(lang, _form(raw[lang], f"{where}.{lang}")) for lang in LANGUAGES if raw.get(lang) is not None]
    note = raw.get("note")
    if note is not None and (not isinstance(note, str) or "\x00" in note):
        raise GlossaryInvalid(f"`{where}.note` must be a string without NUL characters", field=f"{where}.note")
    keep = _flag(raw, "keep", where)
    distinct = {form for _, form in forms}
    if keep and len(distinct) != 1:
        raise GlossaryInvalid(f"`{where}` is kept as is, so it takes one form (the same in every language column)",
                              field=where)
    if not keep and len(forms) >= 2 and len(distinct) == 1:
        keep = True  # the same form in every column given: a keep-as-is entry
    if not keep and len(forms) < 2:
        raise GlossaryInvalid(f"`{where}` needs forms in two languages at least, or `keep: true`", field=where)
    return Entry(tuple(forms), keep, _flag(raw, "case_sensitive", where), note or None)


def make_entries(raw: Any, where: str = "entries") -> tuple[Entry, ...]:
    """A JSON list of entries, checked one by one and then together (:func:`check_unique`)."""
    if not isinstance(raw, list):
        raise GlossaryInvalid(f"`{where}` must be a list of entries", field=where)
    entries = tuple(make_entry(item, f"{where}[{n}]") for n, item in enumerate(raw))
    check_unique(entries, [f"{where}[{n}]" for n in range(len(entries))])
    return entries


def _clashes(a: Entry, b: Entry, language: str) -> bool:
    """Whether two entries' forms in ``language`` would match the same words.

    Forms equal after case-folding clash, unless both entries are case-sensitive
    and spelled differently ("US" and "us" may both be terms, if both say so).
    """
    if a.case_sensitive and b.case_sensitive:
        return a.form(language) == b.form(language)
    return True


def check_unique(entries: Sequence[Entry], names: Sequence[str], existing: Iterable[Entry] = ()) -> None:
    """Refuse two entries whose forms in one language would match the same words (:func:`_clashes`).

    ``existing`` are entries already stored, which the new ones are added to.
    """
    seen: dict[tuple[str, str], list[tuple[Entry, str]]] = {}
    named = [(entry, f"stored entry {entry.id or '?'}") for entry in existing] + list(zip(entries, names))
    for n, (entry, name) in enumerate(named):
        for lang in LANGUAGES:
            form = entry.form(lang)
            if form is None:
                continue
            slot = seen.setdefault((lang, " ".join(form.split()).casefold()), [])
            clash = next((other for other, other_name in slot if _clashes(entry, other, lang)), None)
            if clash is not None and n >= len(named) - len(entries):
                other_name = next(nm for e, nm in slot if e is clash)
                raise GlossaryInvalid(f"{name}: the {lang} form {form!r} is also the form of {other_name}",
                                      field=name)
            slot.append((entry, name))
