"""TMX 1.4b in and out, through translate-toolkit, with hostile XML refused before it is read.

Export: one ``<tu>`` per approved pair (``tuid`` the correction's id with the
pair's number, ``creationid`` the editor, ``creationdate``, and ``x-targum-*``
properties for the article, block and level). Import: any TMX from another
tool (OmegaT, memoQ, Trados…): every ``<tu>`` gives a pair from its
``srclang`` (the header's, or the unit's own) to each other language of
ours it holds, or every direction for ``*all*``. Inline tags (``<bpt>``,
``<ept>``, ``<ph>``, ``<it>``, ``<ut>``) hold the other tool's formatting
codes, not text: they are left out, ``<hi>`` keeps its words.

Refused before translate-toolkit sees the file: more than the size limit,
anything that is not well-formed XML with a ``<tmx>`` root, and any
entity declaration (a billion-laughs file, an external entity), so no
entity is ever expanded or fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator, Sequence

from lxml import etree
from translate.storage.tmx import tmxfile, tmxunit

from translator.corrections.pairs import LANGUAGES
from translator.errors import TmxInvalid, TmxTooLarge, TmxUnsafe

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"tag", "bpt", "ept", "ph", "it", "ut"}  # inline elements whose content is the other tool's markup
_ALIASES = {"iw": "he", "heb": "he", "rus": "ru", "eng": "en"}
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class TmxPair:
    """A pair read from a TMX file, with what the file said about it."""

    unit: int  # the <tu>'s number in the file, from 1
    source_language: str
    target_language: str
    source: str
    text: str
    editor: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportPair:
    """An approved pair to write: its correction, its number there, and what is known of it."""

    correction_id: str
    number: int
    source_language: str
    target_language: str
    source: str
    text: str
    created_at: datetime
    editor: str | None
    article_id: str | None
    block_id: str | None
    level: str


def language_of(code: str | None) -> str | None:
    """``en-US`` → ``en``, ``iw`` → ``he``; None for a language that is not one of ours."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    primary = _ALIASES.get(primary, primary)
    return primary if primary in LANGUAGES else None


def check_safe(data: bytes, max_bytes: int) -> None:
    """Refuse what must not be parsed: too large, not well-formed, not TMX, or declaring entities."""
    if len(data) > max_bytes:
        raise TmxTooLarge(f"the TMX file is {len(data)} bytes; at most {max_bytes}", limit=max_bytes)
    if _ENTITY.search(data):
        raise TmxUnsafe("the TMX file declares entities, which are refused (no entity is expanded or fetched)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TmxInvalid(f"the file is not well-formed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise TmxUnsafe("the TMX file declares entities, which are refused (no entity is expanded or fetched)")
    if etree.QName(root).localname != "tmx":
        raise TmxInvalid(f"the root element is <{etree.QName(root).localname}>, not <tmx>")


def _seg_text(element: etree._Element) -> str:
    """The words of a ``<seg>`` (or ``<hi>``): inline codes left out, their tails kept."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name not in _CODES and name != "sub":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _segments(unit: tmxunit) -> dict[str, str]:
    """Each language of ours in the unit, with its segment's words (the first ``<tuv>`` of a language wins)."""
    out: dict[str, str] = {}
    for tuv in unit.getlanguageNodes():
        language = language_of(tuv.get(_XML_LANG) or tuv.get("lang"))
        seg = next((c for c in tuv if isinstance(c.tag, str) and etree.QName(c).localname == "seg"), None)
        if language and seg is not None and language not in out:
            out[language] = _seg_text(seg).strip()
    return out


def _properties(unit: tmxunit) -> dict[str, str]:
    return {str(p.get("type")): (p.text or "").strip() for p in unit.xmlelement
            if isinstance(p.tag, str) and etree.QName(p).localname == "prop" and p.get("type")}


@dataclass(frozen=True)
class Skipped:
    """A ``<tu>`` that gives no pair of ours, and why."""

    unit: int
    reason: str


def read_tmx(data: bytes, max_bytes: int) -> Iterator[TmxPair | Skipped]:
    """Every pair of a TMX file, checked safe first (:func:`check_safe`), and every unit that gave none."""
    check_safe(data, max_bytes)
    try:
        store = tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
        raise TmxInvalid(f"the file could not be read as TMX: {exc}") from None
    header = store.document.getroot().find(store.namespaced("header"))
    default_source = header.get("srclang") if header is not None else None
    for number, unit in enumerate(store.units, start=1):
        segments = _segments(unit)
        declared = unit.xmlelement.get("srclang") or default_source
        sources = list(segments) if (declared or "").lower() == "*all*" or not declared else [language_of(declared)]
        editor = unit.xmlelement.get("changeid") or unit.xmlelement.get("creationid")
        pairs = [TmxPair(number, source, target, segments[source], text, editor, _properties(unit))
                 for source in sources if source in segments and segments[source]
                 for target, text in segments.items() if target != source and text]
        if not pairs:
            yield Skipped(number, f"no segment in {declared or 'its source language'} and another of "
                                  f"{', '.join(LANGUAGES)} with words in both")
        yield from pairs


def write_tmx(pairs: Sequence[ExportPair], tool_version: str) -> bytes:
    """Approved pairs as a TMX 1.4b file (UTF-8), one ``<tu>`` each."""
    store = tmxfile(sourcelanguage="en")
    store.addheader()
    header = store.document.getroot().find(store.namespaced("header"))
    header.set("creationtool", "Targum")
    header.set("creationtoolversion", tool_version)
    header.set("srclang", "*all*")
    for pair in pairs:
        unit = store.addsourceunit(pair.source, pair.source_language)
        unit.settarget(pair.text, pair.target_language)
        element = unit.xmlelement
        element.set("tuid", f"{pair.correction_id}.{pair.number}")
        element.set("creationdate", pair.created_at.strftime("%Y%m%dT%H%M%SZ"))
        if pair.editor:
            element.set("creationid", pair.editor)
        first_tuv = element.find(store.namespaced("tuv"))
        props = {"x-targum-correction": pair.correction_id, "x-targum-level": pair.level,
                 "x-targum-article": pair.article_id, "x-targum-block": pair.block_id}
        for kind, value in props.items():
            if value:
                prop = etree.Element(store.namespaced("prop"), type=kind)
                prop.text = value
                first_tuv.addprevious(prop)
    return bytes(store)
