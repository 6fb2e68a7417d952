"""Reviewing one translated block: every check that is switched on, from what the pipeline already holds.

Nothing is decoded again: the checks read the source block, its translation,
each sentence's model output with the decoder's own score and truncation
(:class:`~translator.engine.attention.AlignedText`), the glossary's report,
and the length band of the route (:mod:`translator.review.length`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from translator.engine.attention import AlignedText
from translator.glossary.terms import TermUse
from translator.language.detect import Detector
from translator.review import checks
from translator.review.flags import CODES, Flag, FlagCode, Span
from translator.settings import ReviewSettings

# A sentence shorter than this is not judged by the detector (names, numbers, "Yes.").
MIN_DETECT_CHARS = 25


@dataclass(frozen=True)
class Sentence:
    """One translated sentence of a block: where it is in the source block, and what the model made of it."""

    source: str
    span: Span
    answer: AlignedText


@dataclass(frozen=True)
class BlockUnderReview:
    """Everything the checks read of one block in one target."""

    source: str
    source_language: str
    target: str
    target_language: str
    sentences: Sequence[Sentence]
    glossary: Sequence[TermUse] = ()
    band: tuple[float, float] | None = None  # the route's expected target/source length ratio
    min_score: float | None = None  # the route's low-confidence threshold


def review_block(block: BlockUnderReview, settings: ReviewSettings, detector: Detector) -> tuple[Flag, ...]:
    """The flags of one translated block, the checks in the order of :data:`~translator.review.flags.CODES`.

    A sentence left in the source language is one flag, not one more for each of its foreign words.
    """
    flags = [flag for code in CODES if code in settings.checks for flag in _CHECKS[code](block, settings, detector)]
    left = [f.target_span for f in flags if f.code == "untranslated" and f.target_span]
    return tuple(f for f in flags if not (f.code == "wrong_script" and f.target_span and
                                          any(a <= f.target_span[0] and f.target_span[1] <= b for a, b in left)))


# The checks that read only the two texts: run again on a text that changed after the pipeline.
TEXT_CHECKS: tuple[FlagCode, ...] = ("number_mismatch", "wrong_script", "repetition", "quotes_unbalanced",
                                     "url_or_handle_changed")


def recheck_text(
    flags: Sequence[Flag], source: str, target: str, target_language: str, settings: ReviewSettings,
) -> tuple[Flag, ...]:
    """A block's flags for its final text: an HTML block's protected spans (URLs, code) are restored after
    the pipeline, so the checks on text run again there; the decoder's and the glossary's flags stay."""
    block = BlockUnderReview(source, "", target, target_language, ())  # no sentence: the text checks read none
    again = [f for code in TEXT_CHECKS if code in settings.checks for f in _CHECKS[code](block, settings, None)]
    kept = [f for f in flags if f.code not in TEXT_CHECKS]
    return tuple(sorted([*kept, *again], key=lambda f: CODES.index(f.code)))


def _truncated(block: BlockUnderReview) -> list[Flag]:
    return [Flag("truncated", "the model stopped at its length limit: the sentence may be cut short", s.span,
                 _where(block.target, s.answer.text)) for s in block.sentences if s.answer.truncated]


def _glossary(block: BlockUnderReview) -> list[Flag]:
    return [Flag("glossary_not_enforced", f"the glossary term {use.term} ({use.source!r}) could not be placed: "
                 "check its translation", _where(block.source, use.source))
            for use in block.glossary if use.action == "not_enforced"]


def _where(text: str, part: str) -> Span | None:
    """The span of ``part`` in ``text``, when it is there as written."""
    part = part.strip()
    at = text.find(part) if part else -1
    return (at, at + len(part)) if at >= 0 else None


def _untranslated(block: BlockUnderReview, detector: Detector) -> list[Flag]:
    """Sentences the model gave back as they were, or in the source's language."""
    flags = []
    for sentence in block.sentences:
        out = sentence.answer.text.strip()
        letters = sum(ch.isalpha() for ch in out)
        if letters < 2:
            continue
        same = " ".join(out.split()).casefold() == " ".join(sentence.source.split()).casefold()
        judged = detector.detect(out) if not same and len(out) >= MIN_DETECT_CHARS else None
        if same or (judged is not None and judged.reliable and judged.language == block.source_language):
            flags.append(Flag("untranslated", "this sentence is still in the source language", sentence.span,
                              _where(block.target, out)))
    return flags


def _length_ratio(block: BlockUnderReview, settings: ReviewSettings) -> list[Flag]:
    source = len(block.source.strip())
    if block.band is None or source < settings.min_length_chars:
        return []
    ratio = len(block.target.strip()) / source
    low, high = block.band
    if low <= ratio <= high:
        return []
    return [Flag("length_ratio", f"the translation is {ratio:.2f}× the source's length; "
                 f"{low:.2f}–{high:.2f}× is expected for {block.source_language}→{block.target_language}")]


def _low_confidence(block: BlockUnderReview) -> list[Flag]:
    if block.min_score is None:
        return []
    return [Flag("low_confidence", f"the model's confidence in this sentence is low (mean log-probability "
                 f"{s.answer.score:.2f} per token, below {block.min_score:.2f})", s.span,
                 _where(block.target, s.answer.text))
            for s in block.sentences if s.answer.score is not None and s.answer.score < block.min_score]


Check = Callable[[BlockUnderReview, ReviewSettings, Detector | None], list[Flag]]
_CHECKS: dict[FlagCode, Check] = {
    "number_mismatch": lambda b, s, d: checks.number_mismatch(b.source, b.target),
    "untranslated": lambda b, s, d: _untranslated(b, d) if d is not None else [],
    "wrong_script": lambda b, s, d: checks.wrong_script(b.source, b.target, b.target_language),
    "repetition": lambda b, s, d: checks.repetition(b.source, b.target),
    "length_ratio": lambda b, s, d: _length_ratio(b, s),
    "truncated": lambda b, s, d: _truncated(b),
    "low_confidence": lambda b, s, d: _low_confidence(b),
    "quotes_unbalanced": lambda b, s, d: checks.quotes_unbalanced(b.source, b.target),
    "glossary_not_enforced": lambda b, s, d: _glossary(b),
    "url_or_handle_changed": lambda b, s, d: checks.url_or_handle_changed(b.source, b.target),
}
