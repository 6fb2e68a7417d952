"""The corrections' cost: the sample article's approved translations looked up among 100,000 stored corrections.

    python -m bench.corrections            # the benchmark-size packages, 5 interleaved runs
    python -m bench.corrections --smoke    # tiny packages, 2,000 corrections, one run (CI: it must keep working)

In process, memory off, SQLite store in a temporary folder. The store holds
100,000 made-up one-sentence corrections en→ru and en→he (news-like
sentences from a fixed vocabulary) and editors' corrections of five of the
article's own sentences. Figures, each a median of interleaved runs:

- the exact lookup: every block and sentence of the sample article, for both
  targets (what the pipeline asks the store before the memory and the model);
- the near-match lookup of the sentences that were not approved (this
  process's index, kept current from the change log);
- the whole request with the corrections ÷ without them;
- building the near-match index, once per process.
Nothing is asserted about time: this is not a test.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench import measure
from translator.corrections.approved import look_up
from translator.corrections.pairs import make_draft
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.language.detect import Detector
from translator.pipeline import Pipeline
from translator.settings import EngineSettings, Settings
from translator.store import Approvals, CorrectionStore, open_database
from translator.text.sentences import split_units

SAMPLE = measure.ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"
STORED = 100_000
WORDS = ("minister government talks border ceasefire hostages army report city council election court budget "
         "police protest strike hospital school weather storm market prices bank interest rates week month "
         "year officials spokesman statement agreement deal vote parliament committee security forces region "
         "north south east west capital embassy visit summit leaders president prime foreign defense").split()
TARGETS = ["ru", "he"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + f" on day {rng.randint(1, 10**6)}."


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _fill(store: CorrectionStore, count: int, article_sentences: list[str]) -> None:
    """``count`` made-up corrections, then editors' fixes of five of the article's sentences."""
    rng = random.Random(7)
    for start in range(0, count, 5000):
        store.add_many([make_draft(_sentence(rng), "en", TARGETS[n % 2], f"перевод {n}", split=False)
                        for n in range(start, min(count, start + 5000))], "tmx")
    for n, sentence in enumerate(article_sentences[3:8]):
        for target in TARGETS:
            store.add(make_draft(sentence, "en", target, f"одобрено редактором {n}"))


def correction_rows(packages: Path, runs: int) -> list[tuple[str, str, str]]:
    """The corrections' rows (what, figure, target), measured on the benchmark packages in ``packages``."""
    count = STORED if runs > 1 else 2000
    engine = Engine(EngineSettings(packages_dir=packages, inter_threads=2, intra_threads=1))
    pipeline = Pipeline(engine, Detector(seed=0))
    article = segment_text(SAMPLE.read_text(encoding="utf-8"))
    texts = {b.text for b in article.blocks} | {u.text for b in article.blocks for u in split_units(b.text, "en")
                                                 if u.translate}
    with tempfile.TemporaryDirectory(prefix="targum-bench-store-") as tmp:
        database = open_database(Settings(instance_dir=Path(tmp)))
        store = CorrectionStore(database)
        _fill(store, count, sorted(u for u in texts if len(u) > 40))
        approvals = Approvals(store)
        index = _timed(approvals.sync)
        wanted = {("en", target): set(texts) for target in TARGETS}
        exact, near, plain, corrected = [], [], [], []
        for n in range(runs + 1):  # the first round warms up and is dropped
            started = time.perf_counter()
            found = {pair: approvals.approved(*pair, t) for pair, t in wanted.items()}
            lookup = time.perf_counter() - started
            misses = {pair: [t for t in wanted[pair] if t not in found[pair]] for pair in wanted}
            started = time.perf_counter()
            for pair, texts_left in misses.items():
                approvals.near(*pair, texts_left)
            nearby = time.perf_counter() - started
            without = _timed(lambda: pipeline.translate(article, "en", TARGETS))
            result = pipeline.translate(article, "en", TARGETS, approved=approvals)
            with_them = _timed(lambda: pipeline.translate(article, "en", TARGETS, approved=approvals))
            if n:
                exact.append(lookup)
                near.append(nearby)
                plain.append(without)
                corrected.append(with_them)
        look_up(approvals, wanted)  # the pipeline's own call, once, so it is known to run
        database.close()
    approved = sum(b.status == "approved" for t in result.translations.values() for b in t.blocks)
    p, c = measure.median(plain), measure.median(corrected)
    return [
        (f"corrections: approved translations looked up for the sample article (every block and sentence, "
         f"en→[ru, he]) among {count:,} stored (SQLite)", f"**{measure.median(exact) * 1000:.2f} ms**", "< 5 ms"),
        ("  near matches (≥ 90%) of the sentences not approved, this process's index",
         f"{measure.median(near) * 1000:.1f} ms", ""),
        (f"  the whole request with the corrections ({approved} blocks approved) ÷ without them (memory off)",
         f"{c:.3f} s ÷ {p:.3f} s = **{c / p:.3f}**", "≤ 1.05"),
        ("  once per process: build the near-match index from the store", f"{index:.2f} s", ""),
    ]


def main(argv: list[str] | None = None) -> int:
    return measure.in_process_main("bench.corrections", __doc__ or "", correction_rows, argv)


if __name__ == "__main__":
    raise SystemExit(main())
