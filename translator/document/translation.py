"""An article translated: the source as it was understood, and every block in every target.

The pipeline (:mod:`translator.pipeline`) builds these; renderings
(:mod:`translator.render`, :mod:`translator.html.fill`) and the API's JSON
(:mod:`translator.contract`) read them. Every block of the source comes back
in every target with a :data:`BlockStatus`, and a reason when it was not
translated, so nothing a client sent is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from translator.corrections.approved import SentenceSource, Suggestion
from translator.document.article import BlockKind, Evidence
from translator.engine.attention import Link
from translator.glossary.terms import TermUse
from translator.review.flags import Flag
from translator.text.typography import Direction

# What happened to a block in one target.
BlockStatus = Literal[
    "translated",  # the models translated it
    "approved",  # every sentence of it is an editor's approved translation (translator/corrections/)
    "source",  # the target is the article's own language
    "already_in_target",  # the block is in the target language already
    "kept_boilerplate",  # site chrome, kept unless translate_boilerplate
    "kept_byline",  # a byline or credit, kept because translate_bylines is off
    "unsupported_language",  # no installed package translates the block's language
]


@dataclass(frozen=True)
class SourceInfo:
    """The article's language, how sure we are, and whether it was detected."""

    language: str
    confidence: float
    detected: bool
    alternatives: tuple[tuple[str, float], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceBlock:
    """A block of the source article with its own language."""

    id: str
    kind: BlockKind
    text: str
    language: str
    language_inherited: bool
    evidence: Evidence | None = None  # why it got its kind (None where the markup said so)


@dataclass(frozen=True)
class TranslatedBlock:
    """A block in one target: its text there, and how it got it."""

    id: str
    kind: BlockKind
    text: str
    status: BlockStatus
    dir: Direction
    language: str
    reason: str | None = None
    # For blocks translated with alignment (HTML with inline markup): source-text → text links.
    alignment: tuple[Link, ...] | None = None
    # What the request's glossaries did in this block, term by term (empty without glossaries).
    glossary: tuple[TermUse, ...] = ()
    # What an editor should check in it (empty when clean, or when flags are off).
    flags: tuple[Flag, ...] = ()
    # Each sentence's source, text and origin (approved or machine), for the debug output; empty when not translated.
    sentences: tuple[SentenceSource, ...] = ()
    # Near matches among the approved translations, for the editor to take (never used as the translation).
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class TargetTranslation:
    """The whole article's blocks in one target language."""

    language: str
    dir: Direction
    blocks: tuple[TranslatedBlock, ...]


@dataclass(frozen=True)
class Stats:
    """What the request cost."""

    sentences: int
    cached_sentences: int
    model_sentences: int
    model_calls: int
    elapsed_ms: int


@dataclass(frozen=True)
class ArticleTranslation:
    """The answer to one request: the source as understood, and every target."""

    source: SourceInfo
    blocks: tuple[SourceBlock, ...]
    translations: dict[str, TargetTranslation]
    stats: Stats
