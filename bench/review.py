"""The review flags' cost: the sample article en→[ru, he] with every check on, beside the same with them off.

    python -m bench.review            # the benchmark-size packages, 5 interleaved runs
    python -m bench.review --smoke    # tiny packages, one run (CI: it must keep working)

In process, memory off, so every run pays its whole translation. Two
figures, medians of interleaved runs: the whole request with flags ÷
without (``options.flags``), and the checks alone (every block's
``review_block`` on what the pipeline held) as a share of the translation.
A route's length band is measured once a process, in the warm-up round
that is dropped. Nothing is asserted about time: this is not a test.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from bench import measure
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.language.detect import Detector
from translator.pipeline import Options, Pipeline
from translator.settings import EngineSettings

SAMPLE = measure.ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"


def review_rows(packages: Path, runs: int) -> list[tuple[str, str, str]]:
    """The review's rows (what, figure, target), measured on the benchmark packages in ``packages``."""
    engine = Engine(EngineSettings(packages_dir=packages, inter_threads=2, intra_threads=1))
    pipeline = Pipeline(engine, Detector(seed=0))
    article = segment_text(SAMPLE.read_text(encoding="utf-8"))
    targets = ["ru", "he"]
    on, off = Options(), Options(flags=False)
    plain, flagged, alone = [], [], []
    for n in range(runs + 1):  # the first round loads the models and measures the length bands; dropped
        started = time.perf_counter()
        pipeline.translate(article, "en", targets, off)
        without = time.perf_counter() - started
        started = time.perf_counter()
        result = pipeline.translate(article, "en", targets, on)
        with_flags = time.perf_counter() - started
        checks = _checks_seconds(pipeline, article, targets, off)
        if n:
            plain.append(without)
            flagged.append(with_flags)
            alone.append(checks)
    count = sum(len(b.flags) for t in result.translations.values() for b in t.blocks)
    p, f, c = measure.median(plain), measure.median(flagged), measure.median(alone)
    return [
        (f"review flags: sample en→[ru, he] with every check ({count} flags on the meaningless benchmark text) "
         "÷ without (in process, memory off)", f"{f:.3f} s ÷ {p:.3f} s = **{f / p:.3f}**", "≤ 1.03"),
        ("  the checks alone (every block's review) ÷ the translation", f"{c * 1000:.1f} ms ÷ {p:.3f} s = "
         f"**{c / p:.2%}**", "≤ 3%"),
    ]


def _checks_seconds(pipeline: Pipeline, article: object, targets: list[str], off: Options) -> float:
    """The time of the checks alone: the pipeline's review of every block, replayed on one translation's parts."""
    calls: list[tuple[object, ...]] = []
    real = pipeline._review

    def recording(*args: object) -> tuple[()]:
        calls.append(args)
        return ()

    pipeline._review = recording  # type: ignore[method-assign,assignment]
    try:
        pipeline.translate(article, "en", targets, replace(off, flags=True))  # type: ignore[arg-type]
    finally:
        pipeline._review = real  # type: ignore[method-assign]
    started = time.perf_counter()
    for args in calls:
        real(*args)  # type: ignore[arg-type]
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    return measure.in_process_main("bench.review", __doc__ or "", review_rows, argv)


if __name__ == "__main__":
    raise SystemExit(main())
