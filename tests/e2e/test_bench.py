"""The benchmark's smoke run: it must keep working (it asserts nothing about time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from translator.settings import PROJECT_ROOT


def test_bench_smoke_run_prints_every_measure() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for measure in ("overhead:", "edited re-send", "multi-target", "argostranslate `translate` (default settings)",
                    "ARGOS_INTRA_THREADS=1", "throughput, 4 clients", "memory: whole service", "install size",
                    "floor: the edited sentence alone", "floor: a bare Python process",
                    "segmentation: a 2,000-word scraped page"):
        assert measure in done.stdout, measure
    assert ", 0 errors," in done.stdout


def test_single_sentence_smoke_run_prints_each_setting() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.single_sentence", "--smoke"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| inter")]
    assert [row.split(" | ")[0] for row in rows] == ["| inter 2 × intra 1 (the service's default)",
                                                      "| inter 1 × intra 1"]
    # Every cell of every row is a measured time or ratio.
    for row in rows:
        cells = row.strip("|").split(" | ")[1:]
        assert len(cells) == 4 and all(float(cell.strip().removesuffix(" s")) > 0 for cell in cells), row


def test_footprint_prints_every_row() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.footprint"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for row in ("`import app`", "a worker: the app with both models loaded", "Targum's `Detector()`, RSS added",
                "langdetect's own factory", "virtualenv", "package translate-en_ru-1_0"):
        assert row in done.stdout, row
    # The sparse detector must stay well below langdetect's own tables.
    added = {line.split(" | ")[0]: float(line.split(" | ")[1].split()[0])
             for line in done.stdout.splitlines() if "RSS added" in line}
    ours = next(v for k, v in added.items() if "Targum" in k)
    theirs = next(v for k, v in added.items() if "langdetect" in k)
    assert ours < theirs / 2


@pytest.mark.parametrize("module, first, second, count_after, count_before", [
    ("bench.glossary", "5,000-entry glossary", "enforcement alone", "glossary (", " terms placed"),
    ("bench.review", "with every check", "the checks alone", "every check (", " flags"),
])
def test_glossary_and_review_benchmarks_smoke_runs_print_their_rows(
    module: str, first: str, second: str, count_after: str, count_before: str,
) -> None:
    done = subprocess.run([sys.executable, "-m", module, "--smoke"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) == 2 and first in rows[0] and second in rows[1]
    # Terms were found and placed; the checks ran and found something in the meaningless benchmark text.
    assert int(rows[0].split(count_after)[1].split(count_before)[0]) > 0


def test_corrections_benchmark_smoke_run_prints_its_rows() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.corrections", "--smoke"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) == 2 and "looked up for the sample article" in rows[0] and "2,000 stored" in rows[0]
    # The article's own corrected sentences were found and used: blocks came back approved.
    assert int(rows[1].split("corrections (")[1].split(" blocks approved")[0]) > 0
