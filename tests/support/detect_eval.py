"""The language-detection evaluation set (``detect_eval.tsv`` beside this file) and how it is scored.

The test of the detector and ``python -m bench.detect_eval`` both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from translator.language.detect import Detection, Detector

EVAL_PATH = Path(__file__).with_name("detect_eval.tsv")
SAMPLE_ARTICLE = Path(__file__).resolve().parent.parent / "articles" / "en-allisrael-netanyahu-putin.txt"
SUPPORTED = frozenset({"en", "he", "ru"})
LONG = 80
HEADLINE_TARGET = 0.97
ARTICLE_WORDS = 600


@dataclass(frozen=True)
class Snippet:
    """One labelled line of the evaluation set."""

    language: str
    kind: str
    group: str
    text: str

    @property
    def bucket(self) -> str:
        """The snippet's length bucket: "<20", "20-79" or "80+" characters."""
        length = len(self.text)
        return "<20" if length < 20 else "20-79" if length < LONG else "80+"


@dataclass(frozen=True)
class Outcome:
    """A snippet and what the detector made of it."""

    snippet: Snippet
    detection: Detection

    @property
    def correct(self) -> bool:
        """Whether the detected language is the labelled one."""
        return self.detection.language == self.snippet.language


@dataclass(frozen=True)
class Targets:
    """The issue's targets, each with the outcomes that miss it."""

    long_misses: tuple[Outcome, ...]
    headline_accuracy: float
    unsupported_guesses: tuple[Outcome, ...]

    @property
    def met(self) -> bool:
        """Whether every target is met."""
        return (
            not self.long_misses
            and self.headline_accuracy >= HEADLINE_TARGET
            and not self.unsupported_guesses
        )


def load_snippets(path: Path = EVAL_PATH) -> list[Snippet]:
    """Read the evaluation set: a header, then language, kind, group and text, tab-separated."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Snippet(*line.split("\t", 3)) for line in lines[1:] if line.strip()]


def evaluate(detector: Detector, snippets: Iterable[Snippet]) -> list[Outcome]:
    """Detect every snippet on its own."""
    return [Outcome(snippet, detector.detect(snippet.text)) for snippet in snippets]


def check_targets(outcomes: Sequence[Outcome]) -> Targets:
    """Measure the outcomes against the issue's targets."""
    headlines = [o for o in outcomes if o.snippet.kind in ("headline", "caption")]
    return Targets(
        long_misses=tuple(o for o in outcomes if o.snippet.bucket == "80+" and not o.correct),
        headline_accuracy=sum(o.correct for o in headlines) / len(headlines) if headlines else 1.0,
        unsupported_guesses=tuple(
            o
            for o in outcomes
            if o.snippet.bucket == "80+"
            and o.snippet.language not in SUPPORTED
            and o.detection.language in SUPPORTED
        ),
    )


def article_blocks(words: int = ARTICLE_WORDS) -> list[str]:
    """A news article of exactly ``words`` words, as blocks: the sample article, then
    the evaluation set's composed English paragraphs (no block repeats, so a
    cache cannot flatter the timing)."""
    lines = [l.strip() for l in SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines() if l.strip()]
    lines += [s.text for s in load_snippets() if s.language == "en" and s.kind == "paragraph"]
    blocks: list[str] = []
    count = 0
    for line in dict.fromkeys(lines):
        taken = line.split()[: words - count]
        blocks.append(" ".join(taken))
        count += len(taken)
        if count == words:
            return blocks
    raise ValueError(f"not enough text for a {words}-word article")
