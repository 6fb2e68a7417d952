"""The key an approved translation is found by: its source text, normalised.

Two sources are the same sentence when they differ only in spacing, in the
quotation marks' shapes (“…”, „…“, «…», "…" are all one double mark;
‘…’, ‚…‘, ‹…›, '…' one single mark) or in Unicode composition. Letters,
digits, case and every other character still count. The key's SHA-256 is
what the store indexes (a long paragraph is too long for a B-tree entry).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Regular expressions, not str.translate: a sentence is read once, not once per mark (a lookup keys hundreds).
_DOUBLE = re.compile("[“”„‟«»〝〞＂]")
_SINGLE = re.compile("[‘’‚‛‹›′]")
_SPACE = re.compile(r"\s+")


def source_key(text: str) -> str:
    """``text`` with its spacing collapsed, its quotation marks in one shape each, and NFC composition."""
    text = _SINGLE.sub("'", _DOUBLE.sub('"', unicodedata.normalize("NFC", text)))
    return _SPACE.sub(" ", text).strip()


def key_hash(key: str) -> str:
    """The hex SHA-256 of a key (64 characters), the store's index on sources."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
