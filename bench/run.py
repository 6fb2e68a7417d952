"""The benchmark: Targum against the CTranslate2 floor, argostranslate, and itself.

    make bench                       # python -m bench.run: the full run, recorded in bench/out/last-run.md
    python -m bench.run --smoke      # a tiny run (CI runs it so the benchmark cannot rot)
    python -m bench.run --layouts    # also compare gunicorn/CTranslate2 thread layouts

It builds packages of the Argos transformer-base size whose decoder emits a
fixed number of tokens a sentence, serves Targum under gunicorn on loopback,
and prints one table. Each figure is a median of interleaved runs; every
comparison is a ratio measured side by side in this run. Nothing is asserted
about time: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import measure
from tests.support.package_builder import build_benchmark_package
from tests.support.structure import page_of_words
from translator.document.article import BlockKind
from translator.document.segment import segment_text
from translator.text.sentences import split_units

ARTICLES = measure.ROOT / "tests" / "articles"
SAMPLE = ARTICLES / "en-allisrael-netanyahu-putin.txt"
HEBREW = ARTICLES / "he-ynet-netanyahu-putin.txt"
# A full run is recorded here (ignored by git); its figures are then put in the README and RESULTS.md by hand.
LAST_RUN = measure.ROOT / "bench" / "out" / "last-run.md"
PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))
MB_PER_MIB = 2**20 / 10**6
# The service's default layout (translator/settings.py), spelled out for the record.
DEFAULT_LAYOUT = {"TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4",
                  "ARGOS_INTER_THREADS": "2", "ARGOS_INTRA_THREADS": "1"}
OTHER_LAYOUTS = (
    {"TARGUM_WEB_WORKERS": "2", "TARGUM_WEB_THREADS": "2", "ARGOS_INTER_THREADS": "1", "ARGOS_INTRA_THREADS": "1"},
    {"TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4", "ARGOS_INTER_THREADS": "1", "ARGOS_INTRA_THREADS": "2"},
    {"TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4", "ARGOS_INTER_THREADS": "4", "ARGOS_INTRA_THREADS": "1"},
)


@dataclass(frozen=True)
class Plan:
    """How big a run is."""

    decode_tokens: int
    vocab_size: int
    runs: int
    argos_runs: int
    load_seconds: float
    beam_size: int = 4


FULL = Plan(decode_tokens=30, vocab_size=32000, runs=5, argos_runs=3, load_seconds=60.0)
SMOKE = Plan(decode_tokens=4, vocab_size=2000, runs=1, argos_runs=1, load_seconds=3.0)


def service_sentences(text: str) -> list[str]:
    """The sentences the service sends to a model for this article (boilerplate kept)."""
    article = segment_text(text)
    return [u.text for b in article.blocks if b.kind != BlockKind.BOILERPLATE
            for u in split_units(b.text, "en") if u.translate]


def edited_sentence() -> str:
    """The paragraph an editor rewrites between two saves (one sentence)."""
    return "Putin and Netanyahu also discussed trade, energy and the situation in Syria on the call."


def edited(text: str) -> str:
    """The article with one paragraph rewritten, as an editor's second save."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Putin and Netanyahu also discussed"))
    lines[index] = edited_sentence()
    return "\n".join(lines) + "\n"


def _segmentation_seconds(page: str) -> float:
    started = time.perf_counter()
    segment_text(page)
    return time.perf_counter() - started


def layout_name(layout: dict[str, str]) -> str:
    """"1 worker × 4 threads, inter 2 × intra 1"."""
    return (f"{layout['TARGUM_WEB_WORKERS']} worker(s) × {layout['TARGUM_WEB_THREADS']} threads, "
            f"CTranslate2 inter {layout['ARGOS_INTER_THREADS']} × intra {layout['ARGOS_INTRA_THREADS']}")


def run(plan: Plan, compare_layouts: bool) -> list[tuple[str, str, str]]:
    """Measure everything; rows of (what, figure, target)."""
    sample = SAMPLE.read_text(encoding="utf-8")
    hebrew = HEBREW.read_text(encoding="utf-8")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="targum-bench-packages-") as tmp:
        packages = Path(tmp)
        for source, target in PAIRS:
            build_benchmark_package(packages, source, target, plan.decode_tokens, plan.vocab_size)
        en_ru = packages / "translate-en_ru-1_0"
        sentences = service_sentences(sample)

        with measure.serve(packages, DEFAULT_LAYOUT) as server:
            # 1. Overhead against the raw floor, and 3. the edited re-send, interleaved.
            floor = measure.RawFloor(en_ru, sentences, plan.beam_size)
            ours, first, resend, multi, separate, first2, resend2 = [], [], [], [], [], [], []
            for _ in range(plan.runs + 1):  # the first round warms up and is dropped
                server.clear_memory()
                ours.append(server.translate(sample, ["ru"], "en"))
                floor.run_once()
                server.clear_memory()
                first.append(server.translate(sample, ["ru"], "en"))
                resend.append(server.translate(edited(sample), ["ru"], "en"))
                server.clear_memory()
                first2.append(server.translate(sample, ["he", "ru"], "en"))
                resend2.append(server.translate(edited(sample), ["he", "ru"], "en"))
                # 4. Multi-target from Hebrew against the two hops done separately.
                server.clear_memory()
                multi.append(server.translate(hebrew, ["en", "ru"], "he"))
                server.clear_memory()
                to_en = server.translate(hebrew, ["en"], "he")
                english = server.last["translations"]["en"]["text"]
                separate.append(to_en + server.translate(english, ["ru"], "en"))
            for series in (ours, first, resend, multi, separate, first2, resend2, *floor.timings.values()):
                del series[0]
            best_name, best = floor.best()
            ours_m = measure.median(ours)
            rows.append(("overhead: POST /v1/translate (sample, en→ru, beam 4, cold memory) "
                         f"÷ best raw CTranslate2 ({best_name})",
                         f"{ours_m:.3f} s ÷ {best:.3f} s = **{ours_m / best:.2f}**", "≤ 1.15"))
            for name, timings in floor.timings.items():
                rows.append((f"  raw CTranslate2, {name}", f"{measure.median(timings):.3f} s", ""))
            rows.append(("edited re-send (one paragraph changed) ÷ first translation",
                         f"{measure.median(resend):.3f} s ÷ {measure.median(first):.3f} s = "
                         f"**{measure.median(resend) / measure.median(first):.3f}**", "≤ 0.10"))
            rows.append(("  the same for the newsroom's two editions (targets he and ru)",
                         f"{measure.median(resend2):.3f} s ÷ {measure.median(first2):.3f} s = "
                         f"**{measure.median(resend2) / measure.median(first2):.3f}**", ""))
            floor_one = measure.RawFloor(en_ru, [edited_sentence()], plan.beam_size)
            for _ in range(plan.runs):
                floor_one.run_once()
            one = floor_one.best()[1]
            rows.append(("  floor: the edited sentence alone ÷ the whole article, both raw CTranslate2 (best layout)",
                         f"{one:.3f} s ÷ {best:.3f} s = **{one / best:.3f}**", ""))
            rows.append(("multi-target: he→[en, ru] in one request ÷ he→en then en→ru",
                         f"{measure.median(multi):.3f} s ÷ {measure.median(separate):.3f} s = "
                         f"**{measure.median(multi) / measure.median(separate):.2f}**", "≤ 1.05"))
            # 6. Segmentation of a long scraped page, beside the same page's translation.
            page = page_of_words(2000)
            segmenting = measure.median([_segmentation_seconds(page) for _ in range(max(plan.runs, 3) * 4)])
            server.clear_memory()
            translating = server.translate(page, ["ru"], "en")
            rows.append(("segmentation: a 2,000-word scraped page (in process) beside its translation "
                         "(en→ru, cold memory)", f"{segmenting * 1000:.1f} ms beside {translating:.2f} s = "
                         f"**{segmenting / translating:.2%}**", "< 20 ms"))
            time.sleep(1)  # the last request's memory trim runs after its response
            memory = measure.service_memory(server)
            rows.append(("memory: whole service (master + worker), en↔he and en↔ru loaded, after the runs above",
                         f"RSS {memory.rss:.0f} MiB = {memory.rss * MB_PER_MIB:.0f} MB "
                         f"(master {memory.master_rss:.0f} + worker {memory.workers_rss:.0f} MiB); "
                         f"PSS {memory.pss:.0f} MiB = {memory.pss * MB_PER_MIB:.0f} MB", "< 500 MB"))
        bare = measure.bare_models_rss([packages / f"translate-{s}_{t}-1_0" for s, t in PAIRS], sentences,
                                       int(DEFAULT_LAYOUT["ARGOS_INTER_THREADS"]), plan.beam_size)
        rows.append(("  floor: a bare Python process holding the four models in CTranslate2, each used once",
                     f"RSS {bare:.0f} MiB = {bare * MB_PER_MIB:.0f} MB", ""))

        # 2. argostranslate on the same package and sentences.
        text = "\n".join(sentences)
        for label, env in (("default settings", {}), ("ARGOS_INTRA_THREADS=1", {"ARGOS_INTRA_THREADS": "1"})):
            argos = measure.median(measure.argostranslate_times(packages, text, plan.argos_runs, env))
            rows.append((f"argostranslate `translate` ({label}) ÷ ours",
                         f"{argos:.2f} s ÷ {ours_m:.3f} s = **{argos / ours_m:.1f}x**", "≥ 3.0 at its best"))

        # 5. Throughput under load, memory off so every article costs its full translation.
        layouts = [DEFAULT_LAYOUT, *(OTHER_LAYOUTS if compare_layouts else ())]
        for layout in layouts:
            with measure.serve(packages, layout, memory=False) as server:
                server.translate(sample, ["ru"], "en")  # warm
                result = measure.load(server, sample, ["ru"], clients=4, seconds=plan.load_seconds)
            default = " (default)" if layout is DEFAULT_LAYOUT else ""
            rows.append((f"throughput, 4 clients × {plan.load_seconds:.0f} s, {layout_name(layout)}{default}",
                         f"**{result.per_minute:.1f} articles/min**, {result.errors} errors, "
                         f"p50 {result.percentile(0.5):.2f} s, p95 {result.percentile(0.95):.2f} s, "
                         f"CPU {result.cpu_share:.0%}", "≥ 60/min" if default else ""))

        venv = measure.du_mib(Path(sys.prefix))
        models = measure.du_mib(packages)
        rows.append(("install size: virtualenv + 4 packages", f"{venv:.0f} MiB + {models:.0f} MiB", ""))
    return rows


def machine() -> str:
    """Cores, Python, date."""
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")


def table(rows: list[tuple[str, str, str]]) -> str:
    """Rows as a markdown table."""
    lines = ["| measure | result | target |", "|---|---|---|"]
    lines += [f"| {what} | {figure} | {target} |" for what, figure, target in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and, for a full run, record) the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and one run of each (for CI)")
    parser.add_argument("--layouts", action="store_true", help="also measure other thread layouts")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    rows = run(plan, args.layouts)
    command = "python -m bench.run" + (" --smoke" if args.smoke else "") + (" --layouts" if args.layouts else "")
    report = (f"Machine: {machine()}\nCommand: `{command}`\n"
              f"Packages: transformer-base size, {plan.vocab_size} vocabulary, int8, "
              f"{plan.decode_tokens} tokens a sentence, beam {plan.beam_size}; medians of {plan.runs} runs.\n\n"
              + table(rows))
    print(report)
    if not args.smoke:
        LAST_RUN.parent.mkdir(parents=True, exist_ok=True)
        LAST_RUN.write_text("# Benchmark run\n\n" + report + "\n", encoding="utf-8")
        print(f"\nrecorded in {LAST_RUN.relative_to(measure.ROOT)}: the headline rows go in the README, "
              "the rest in bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
