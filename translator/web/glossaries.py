"""Glossaries: the newsroom's term base, as JSON, CSV (a column per language) or DeepL's TSV pairs.

``POST /v1/glossaries`` creates one (201, ``Location``); ``GET`` lists them or
returns one (JSON, or CSV/TSV by ``Accept`` or ``?format=``); ``PUT`` replaces
its entries (and name); ``POST …/entries`` adds entries; ``DELETE`` removes
it. A body is JSON, ``text/csv`` or ``text/tab-separated-values`` (TSV
names its pair: ``?source=en&target=ru``). A body is checked whole before
anything is stored: one bad line refuses the file and the glossary stays as
it was.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from translator.errors import GlossaryInvalid, GlossaryTooLarge, InvalidRequest, UnsupportedMediaType
from translator.glossary.files import read_csv, read_tsv, write_csv, write_tsv
from translator.glossary.terms import Entry, Glossary, make_entries
from translator.web import auth
from translator.web.body import json_body
from translator.web.context import targum

bp = Blueprint("glossaries", __name__, url_prefix="/v1/glossaries")
auth.protect(bp)
CSV, TSV = "text/csv", "text/tab-separated-values"


def glossary_json(glossary: Glossary, entries: bool = True) -> dict[str, Any]:
    """A glossary as the API returns it."""
    out: dict[str, Any] = {"id": glossary.id, "name": glossary.name, "version": glossary.version,
                           "updated_at": glossary.updated_at, "entry_count": len(glossary.entries)}
    if entries:
        out["entries"] = [entry.as_json() for entry in glossary.entries]
    return out


def _raw() -> bytes:
    data = request.get_data(cache=True)
    limit = targum().settings.glossary_max_bytes
    if len(data) > limit:
        raise GlossaryTooLarge(f"the glossary body has {len(data)} bytes; the limit is {limit}", limit=limit)
    return data


def _pair() -> tuple[str, str]:
    source, target = request.args.get("source"), request.args.get("target")
    if not source or not target:
        raise InvalidRequest("TSV pairs need `?source=` and `?target=` language codes", code="missing_field",
                             field="source" if not source else "target")
    return source, target


def _file_entries() -> tuple[Entry, ...] | None:
    """Entries from a CSV or TSV body, or None when the body is JSON."""
    limit = targum().settings.glossary_max_bytes
    if request.mimetype in (CSV, TSV):
        data = _raw()
        return read_csv(data, limit) if request.mimetype == CSV else read_tsv(data, *_pair(), limit)
    if not request.is_json:
        raise UnsupportedMediaType(f"send glossary entries as application/json, {CSV} or {TSV}")
    _raw()
    return None


def _json_entries(data: Any, where: str) -> tuple[Entry, ...]:
    """``entries`` from a JSON body: an object with ``entries``, or (for …/entries) a bare list."""
    if isinstance(data, dict):
        return make_entries(data.get("entries", []), "entries")
    if where == "list":
        return make_entries(data, "entries")
    raise InvalidRequest("the request body must be a JSON object", code="invalid_json")


def _name(data: Any, required: bool) -> str | None:
    name = request.args.get("name")
    if isinstance(data, dict) and data.get("name") is not None:
        name = data["name"]
    if name is None and required:
        raise InvalidRequest("a glossary needs a `name`", code="missing_field", field="name")
    if name is not None and not isinstance(name, str):
        raise GlossaryInvalid("`name` must be a string", field="name")
    return name


def _body(required_name: bool, bare_list: bool = False) -> tuple[str | None, tuple[Entry, ...]]:
    entries = _file_entries()
    if entries is not None:
        return _name(None, required_name), entries
    data = json_body()
    # The body's shape first: a JSON list sent to create is not "a glossary without a name".
    entries = _json_entries(data, "list" if bare_list else "object")
    return _name(data, required_name), entries


@bp.post("")
def create() -> tuple[Response, int, dict[str, str]]:
    """A new glossary from JSON (``name``, ``entries``) or a CSV/TSV body with ``?name=``."""
    name, entries = _body(required_name=True)
    glossary = targum().glossaries.create(name or "", entries)
    return jsonify(glossary_json(glossary)), 201, {"Location": url_for(".show", ref=glossary.id)}


@bp.get("")
def index() -> Response:
    """Every glossary, without its entries."""
    return jsonify([{"id": s.id, "name": s.name, "version": s.version, "entry_count": s.entries,
                     "updated_at": s.updated_at} for s in targum().glossaries.list()])


@bp.get("/<ref>")
def show(ref: str) -> Response:
    """One glossary: JSON, CSV (``Accept: text/csv`` or ``?format=csv``) or TSV pairs (``?source=&target=``)."""
    glossary = targum().glossaries.get(ref)
    wanted = request.args.get("format") or request.accept_mimetypes.best_match(["application/json", CSV, TSV])
    if wanted in ("csv", CSV):
        return Response(write_csv(glossary.entries), mimetype=CSV, headers=_attachment(glossary, "csv"))
    if wanted in ("tsv", TSV):
        source, target = _pair()
        return Response(write_tsv(glossary.entries, source, target), mimetype=TSV,
                        headers=_attachment(glossary, f"{source}-{target}.tsv"))
    return jsonify(glossary_json(glossary))


def _attachment(glossary: Glossary, suffix: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{glossary.id}.{suffix}"',
            "ETag": f'"{glossary.id}-{glossary.version}"'}


@bp.put("/<ref>")
def replace(ref: str) -> Response:
    """The glossary's entries (and, when given, its name) replaced, as a new version."""
    name, entries = _body(required_name=False)
    return jsonify(glossary_json(targum().glossaries.replace(ref, entries, name)))


@bp.post("/<ref>/entries")
def add_entries(ref: str) -> Response:
    """Entries added (a JSON list, ``{"entries": […]}``, CSV or TSV), as a new version; all or none."""
    _, entries = _body(required_name=False, bare_list=True)
    return jsonify(glossary_json(targum().glossaries.add_entries(ref, entries)))


@bp.delete("/<ref>")
def delete(ref: str) -> tuple[str, int]:
    """The glossary and its entries, gone."""
    targum().glossaries.delete(ref)
    return "", 204
