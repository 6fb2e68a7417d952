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
