"""The benchmark's smoke run: it must keep working (it asserts nothing about time)."""

from __future__ import annotations

import subprocess
import sys

from translator.settings import PROJECT_ROOT


def test_bench_smoke_run_prints_every_measure() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for measure in ("overhead:", "edited re-send", "multi-target", "argostranslate `translate` (default settings)",
                    "ARGOS_INTRA_THREADS=1", "throughput, 4 clients", "memory: whole service", "install size",
                    "floor: the edited sentence alone", "floor: a bare Python process"):
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
