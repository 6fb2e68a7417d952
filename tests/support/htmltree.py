"""Helpers for HTML tests: an element tree without its text, and a strict re-parse."""

from __future__ import annotations

from typing import Any

import lxml.html

Tree = tuple[Any, ...]


def shape(element: Any) -> Tree:
    """(tag, attributes, children) all the way down; comments as ("#comment", text). Text is left out."""
    if not isinstance(element.tag, str):
        return ("#comment", element.text)
    return (element.tag, tuple(sorted(element.attrib.items())), tuple(shape(child) for child in element))


def parse_fragment(markup: str) -> Any:
    """Parse a fragment the way the service does, wrapped in one <div>."""
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def parse_strict(markup: str) -> tuple[Any, list[str]]:
    """Parse translated output as a fragment, with the parser's complaints (none for clean HTML)."""
    parser = lxml.html.HTMLParser()
    root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
    return root, [str(error) for error in parser.error_log]


def translated_root(markup: str) -> Any:
    """The root a translated fragment comes back in: the one <div lang dir> the service wraps it in."""
    wrapper, errors = parse_strict(markup)
    assert not errors, errors
    assert len(wrapper) == 1 and not (wrapper.text or "").strip(), "expected one wrapping element"
    return wrapper[0]


def hrefs(root: Any) -> list[str]:
    """Every href under ``root``, in document order."""
    return [e.get("href") for e in root.iter() if isinstance(e.tag, str) and e.get("href") is not None]
