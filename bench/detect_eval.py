"""Evaluate language detection on the labelled snippets in ``tests/support/detect_eval.tsv``.

    python -m bench.detect_eval [--runs 9] [--no-translation]

Prints accuracy per language, per length bucket, per kind and per group, the
misses, any supported-language guess for an unsupported-language snippet of 80+
characters, and the median time to detect a 600-word article (the article's
language, then each block's, on a cold cache) beside the median time to
translate the same article en→ru with a transformer-base benchmark package
(beam 4, 30 tokens a sentence), measured in the same run, and their ratio
(target: under 5%). Exits 1 when an accuracy target of the issue is missed:

- every snippet of 80+ characters right;
- at least 97% of headlines and captions right;
- no supported language guessed for an unsupported-language snippet of 80+ characters.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Sequence

from tests.support.detect_eval import (
    EVAL_PATH,
    HEADLINE_TARGET,
    Outcome,
    Targets,
    article_blocks,
    check_targets,
    evaluate,
    load_snippets,
)
from tests.support.routes import translate
from translator.language.detect import Detector

ROOT = Path(__file__).resolve().parent.parent
def time_article_detection(detector: Detector, blocks: Sequence[str], runs: int = 9) -> float:
    """Median seconds to detect an article's language and then each block's, cold cache."""
    timings = []
    for _ in range(runs):
        detector.cache_clear()
        start = time.perf_counter()
        article = detector.detect_article(blocks)
        detector.detect_blocks(blocks, article)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def time_article_translation(blocks: Sequence[str], runs: int = 3) -> float:
    """Median seconds to translate the article's sentences en→ru with a benchmark package.

    The package has Argos transformer-base dimensions and decodes 30 tokens a
    sentence, so the cost is a real model's; the engine runs with the
    service's default settings.
    """
    from tests.support.package_builder import build_benchmark_package
    from translator.engine.engine import Engine
    from translator.settings import EngineSettings
    from translator.text.sentences import split_units

    sentences = [u.text for i, text in enumerate(blocks)
                 for u in split_units(text, "en") if u.translate]
    with tempfile.TemporaryDirectory() as tmp:
        build_benchmark_package(Path(tmp), "en", "ru", decode_tokens=30)
        engine = Engine(EngineSettings(packages_dir=Path(tmp)))
        engine.load_all()
        translate(engine, sentences[:2], "en", "ru")  # warm-up
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            translate(engine, sentences, "en", "ru")
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _table(title: str, outcomes: Sequence[Outcome], key: Callable[[Outcome], str]) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    lines = [f"{title:<12} {'right':>6} {'total':>6} {'accuracy':>9}"]
    for name in sorted(groups):
        right = sum(o.correct for o in groups[name])
        total = len(groups[name])
        lines.append(f"{name:<12} {right:>6} {total:>6} {right / total:>9.1%}")
    return lines


def report(
    outcomes: Sequence[Outcome], targets: Targets, seconds: float, words: int, translation: float | None = None
) -> str:
    """The evaluation as text, tables first, then misses, targets and timing."""
    lines = [f"Language detection on {len(outcomes)} labelled snippets ({EVAL_PATH.name})", ""]
    lines += _table("language", outcomes, lambda o: o.snippet.language) + [""]
    lines += _table("length", outcomes, lambda o: o.snippet.bucket) + [""]
    lines += _table("kind", outcomes, lambda o: o.snippet.kind) + [""]
    lines += _table("group", outcomes, lambda o: o.snippet.group) + [""]
    misses = [o for o in outcomes if not o.correct]
    lines.append(f"Misses ({len(misses)}):")
    for o in misses:
        found = o.detection
        flag = "" if found.reliable else ", unreliable"
        lines.append(
            f"  expected {o.snippet.language}, got {found.language} ({found.confidence:.2f}{flag})"
            f" [{o.snippet.kind}, {o.snippet.bucket}]: {o.snippet.text}"
        )
    lines += [
        "",
        "Targets:",
        f"  80+ characters all right: {'yes' if not targets.long_misses else 'NO'}"
        f" ({len(targets.long_misses)} misses)",
        f"  headlines and captions >= {HEADLINE_TARGET:.0%}: {targets.headline_accuracy:.1%}"
        f" {'yes' if targets.headline_accuracy >= HEADLINE_TARGET else 'NO'}",
        f"  no supported guess for unsupported 80+: {'yes' if not targets.unsupported_guesses else 'NO'}"
        f" ({len(targets.unsupported_guesses)} guesses)",
    ]
    for o in targets.unsupported_guesses:
        lines.append(f"    {o.snippet.language} called {o.detection.language}: {o.snippet.text}")
    lines += ["", f"Detecting a {words}-word article (article + blocks, cold cache): "
              f"{seconds * 1000:.1f} ms median"]
    if translation is not None:
        ratio = seconds / translation
        lines += [f"Translating it en→ru (benchmark package, beam 4, 30 tokens a sentence): "
                  f"{translation * 1000:.0f} ms median",
                  f"Detection ÷ translation: {ratio:.1%} (target under 5%: {'yes' if ratio < 0.05 else 'NO'})"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation and the timing; 0 when every target is met, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timing runs (the median is printed)")
    parser.add_argument("--no-translation", action="store_true", help="skip timing the translation")
    args = parser.parse_args(argv)
    detector = Detector()
    outcomes = evaluate(detector, load_snippets())
    targets = check_targets(outcomes)
    blocks = article_blocks()
    seconds = time_article_detection(detector, blocks, args.runs)
    translation = None if args.no_translation else time_article_translation(blocks)
    print(report(outcomes, targets, seconds, sum(len(b.split()) for b in blocks), translation))
    return 0 if targets.met else 1


if __name__ == "__main__":
    sys.exit(main())
