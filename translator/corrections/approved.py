"""What the pipeline asks about approved translations, and what it gets back.

The pipeline knows nothing of databases: it is handed something that
answers :class:`ApprovedTranslations` (the store does, :mod:`translator.store.corrections`),
asks it once per language pair for every block and sentence it is about to
translate, and uses what it gets before the memory and the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Literal, Protocol

# Where a sentence of a translated block came from.
SentenceOrigin = Literal["approved", "machine"]


@dataclass(frozen=True)
class Approval:
    """An editor's translation of one source text, and the correction that holds it."""

    text: str
    correction_id: str


@dataclass(frozen=True)
class Suggestion:
    """A near match: an approved pair whose source is close to (not the same as) the text translated."""

    correction_id: str
    source: str
    text: str
    similarity: float  # 0–100, rapidfuzz's ratio of the two normalised sources


@dataclass(frozen=True)
class SentenceSource:
    """One sentence of a translated block: its source, its text in the target, and where that came from."""

    source: str
    text: str
    origin: SentenceOrigin
    correction_id: str | None = None


class ApprovedTranslations(Protocol):
    """Approved translations by source text, for one request (the store's corrections answer it)."""

    def approved(self, source_language: str, target_language: str, texts: Collection[str]) -> dict[str, Approval]:
        """The approved translation of each of ``texts`` that has one (exact match of the normalised source)."""

    def near(self, source_language: str, target_language: str,
             texts: Collection[str]) -> dict[str, tuple[Suggestion, ...]]:
        """Near matches (≥ the threshold, best first) for each of ``texts`` that has any."""


@dataclass(frozen=True)
class Found:
    """What editors approved among one language pair's texts, and the near matches of the others."""

    approved: dict[str, Approval]
    near: dict[str, tuple[Suggestion, ...]]

    def suggestions(self, texts: Collection[str], limit: int = 3) -> tuple[Suggestion, ...]:
        """The near matches of any of ``texts``, each once, best first."""
        best: dict[tuple[str, str], Suggestion] = {}
        for text in texts:
            for suggestion in self.near.get(text, ()):
                key = (suggestion.correction_id, suggestion.source)
                if key not in best or best[key].similarity < suggestion.similarity:
                    best[key] = suggestion
        return tuple(sorted(best.values(), key=lambda s: -s.similarity))[:limit]


def look_up(source: ApprovedTranslations, wanted: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], Found]:
    """For each (source language, target language): the approved texts, and near matches of the rest."""
    out = {}
    for (source_language, target_language), texts in wanted.items():
        approved = source.approved(source_language, target_language, texts)
        near = source.near(source_language, target_language, [t for t in texts if t not in approved])
        out[(source_language, target_language)] = Found(approved, near)
    return out
