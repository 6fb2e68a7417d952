"""Filling translations back into the HTML tree: same elements, same attributes, new text.

Each translated block's text goes into a copy of the parsed tree, in its
run's place; its inline elements are placed by :mod:`translator.html.inline`.
Only text (``.text`` and ``.tail``) is ever written, through lxml, so the
model's output is escaped on serialisation: a translation that reads
``<script>`` or ``onclick=`` stays text. Blocks that were not translated
(kept, already in the target, unsupported) are left exactly as they were.

The root says the target's ``lang`` and ``dir``: the ``<html>`` element of
a whole page; for a fragment, the ``<div>`` the fragment is wrapped in
(``wrap=True``), or nothing when the caller wants the fragment back bare
(the LibreTranslate API, whose clients put it into their own page).

:func:`sanitise` is the last step: any script element, ``on*`` attribute or
script URL that the source did not have is removed, whatever produced it.
"""

from __future__ import annotations

import copy
import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import lxml.html

from translator.document.translation import TranslatedBlock
from translator.html.inline import Placed, place
from translator.html.parse import HtmlArticle, Run, nodes
from translator.render import flag_codes
from translator.text.typography import direction

_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedHtml:
    """The translated HTML, and each block's text as it reads in it (protected spans restored)."""

    html: str
    texts: dict[str, str]


def fill_html(
    doc: HtmlArticle, blocks: Mapping[str, TranslatedBlock], target: str, wrap: bool = True, mark_flags: bool = False,
) -> RenderedHtml:
    """The article with every translated block filled in, ``lang``/``dir`` for ``target`` on the root.

    ``mark_flags``: a flagged block's element gets ``data-flag`` with its codes.
    """
    root = copy.deepcopy(doc.root)
    all_nodes = nodes(root)
    texts: dict[str, str] = {}
    for run in doc.runs:
        block = blocks.get(run.block_id)
        if block is None or block.status != "translated":
            texts[run.block_id] = run.text
            continue
        placed = place(run.inlines, run.text, block.text, block.alignment or ())
        texts[run.block_id] = _fill(all_nodes, run, placed, block.text)
        if mark_flags and block.flags:
            all_nodes[run.container].set("data-flag", flag_codes(block))
    sanitise(root, doc.root)
    if doc.document or wrap:
        root.set("lang", target)
        root.set("dir", direction(target))
    if doc.document:
        markup = lxml.html.tostring(root, encoding="unicode", method="html", doctype=doc.doctype or None)
    elif wrap:
        markup = lxml.html.tostring(root, encoding="unicode", method="html")
    else:
        markup = html.escape(root.text or "", quote=False) + "".join(
            lxml.html.tostring(child, encoding="unicode", method="html", with_tail=True) for child in root
        )
    return RenderedHtml(markup, texts)


class _Slot:
    """Where text is being written (an element's ``text`` or ``tail``), and the run's plain text so far."""

    def __init__(self, element: Any, attribute: str, plain: list[str]) -> None:
        self.element, self.attribute = element, attribute
        self.parts: list[str] = []
        self.plain = plain

    def write(self, text: str, markup_only: bool = False) -> None:
        self.parts.append(text)
        if not markup_only:
            self.plain.append(text)

    def move(self, element: Any, attribute: str) -> None:
        """Store what was written and carry on in another slot."""
        self.close()
        self.element, self.attribute, self.parts = element, attribute, []

    def close(self) -> None:
        """Store what was written."""
        setattr(self.element, self.attribute, "".join(self.parts))


def _fill(all_nodes: list[Any], run: Run, placed: Sequence[Placed], text: str) -> str:
    """Write ``text`` into the run's slots around its placed nodes; return the run's new plain text."""
    plain: list[str] = []
    if run.after is None:
        slot = _Slot(all_nodes[run.container], "text", plain)
    else:
        slot = _Slot(all_nodes[run.after], "tail", plain)
    slot.write(run.leading, markup_only=True)
    _fill_range(all_nodes, slot, placed, 0, len(text), text)
    slot.write(run.trailing, markup_only=True)
    slot.close()
    return " ".join("".join(plain).split())


def _fill_range(all_nodes: list[Any], slot: _Slot, placed: Sequence[Placed], low: int, high: int, text: str) -> None:
    position = low
    for node in placed:
        slot.write(text[position : node.start])
        position = node.end
        if node.source.kind == "url":
            slot.write(node.source.text)  # the URL as written, not its "translation"
            continue
        element = all_nodes[node.source.node]  # type: ignore[index]
        if node.source.kind == "protected":
            slot.plain.append("".join(element.itertext()))
        if node.source.kind == "wrap":
            slot.move(element, "text")
            _fill_range(all_nodes, slot, node.children, node.start, node.end, text)
        # A point or protected element keeps its own content untouched.
        slot.move(element, "tail")
    slot.write(text[position:high])


def _risky(root: Any) -> list[tuple[Any, str | None, str]]:
    """Script elements ``(element, None, source)`` and risky attributes ``(element, name, value)`` under ``root``."""
    found: list[tuple[Any, str | None, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() == "script":
            found.append((element, None, "".join(element.itertext())))
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or _SCRIPT_URL.match(value or ""):
                found.append((element, name, value))
    return found


def sanitise(root: Any, source_root: Any) -> None:
    """Remove every script element and ``on*``/script-URL attribute under ``root`` that ``source_root`` lacks."""
    allowed = Counter(((e.tag, name, value) for e, name, value in _risky(source_root)))
    for element, name, value in _risky(root):
        key = (element.tag, name, value)
        if allowed[key] > 0:
            allowed[key] -= 1
        elif name is None:
            element.drop_tree()
        else:
            del element.attrib[name]
