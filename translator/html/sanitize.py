"""Active markup taken out of an HTML article, its text kept: for clients that translate untrusted HTML.

Off by default: a CMS's own embeds need their scripts, and Targum never adds
active markup of its own. With ``options.sanitize`` (or
``TARGUM_SANITIZE_HTML``), the parsed tree loses, before it is read into
blocks, every ``<script>``, ``<iframe>``/``<frame>``, ``<object>``/``<embed>``/
``<applet>``, ``<meta>`` (a refresh is a redirect), processing instruction,
``on*`` handler and ``javascript:`` URL. Text, the other elements and their
attributes stay, so the blocks are the same ones. The cleaning is
lxml-html-clean's (the lxml project's cleaner), configured to remove exactly that.
"""

from __future__ import annotations

from typing import Any

from lxml_html_clean import Cleaner

_CLEANER = Cleaner(
    scripts=True, javascript=True, embedded=True, frames=True, meta=True, processing_instructions=True,
    comments=False, style=False, inline_style=False, links=False, page_structure=False, forms=False,
    annoying_tags=False, remove_unknown_tags=False, safe_attrs_only=False, add_nofollow=False,
)


def sanitize(root: Any) -> None:
    """Strip active markup from a parsed lxml tree, in place."""
    _CLEANER(root)
