"""How heavy is Targum to start and to hold? A markdown table on stdout.

Run as ``PYTHONPATH=. .venv/bin/python -m bench.footprint``. It builds two
benchmark packages (en→he, en→ru, transformer-base size) into a temporary
directory and measures, each in a fresh interpreter so nothing is cached:

* the import time of the service module ``app`` (median of 5), or of
  ``translator.engine.engine`` when ``app`` cannot be imported yet;
* the resident memory of a worker (the app from ``create_app()``, with its
  language detector) that has loaded both models;
* the memory the language detector adds to a process, against langdetect's
  own loading of the same profiles;
* the size of the virtualenv and of the packages;
* for comparison, ``import argostranslate.translate``.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import ctranslate2

from bench.measure import du_mib
from tests.support.package_builder import build_benchmark_package
from tests.support.probes import added_mib, run_python

REPO_ROOT = Path(__file__).resolve().parent.parent
IMPORT_RUNS = 5

# Printed by every probe: seconds since its start, then current and peak RSS.
_REPORT = (
    "import time\n"
    "status = dict(l.split(':', 1) for l in open('/proc/self/status') if l.startswith('Vm'))\n"
    "kib = lambda key: int(status[key].split()[0])\n"
    "print(time.perf_counter() - t0, kib('VmRSS'), kib('VmHWM'))\n"
)
# The RSS a body adds, after handing freed memory back (as the service does).
_DETECTORS = {
    "Targum's `Detector()`": ("from translator.language.detect import Detector", "held = Detector()"),
    "langdetect's own factory (`load_profile`)": (
        "from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory",
        "held = DetectorFactory()\nheld.load_profile(PROFILES_DIRECTORY)",
    ),
}
# What a gunicorn worker holds: the app (settings from the environment) and both models.
_LOAD_BOTH = (
    "from app import app\n"
    "engine = app.extensions['targum'].engine\n"
    "engine.load_all()\n"
    "assert len(engine.loaded) == 2, engine.loaded\n"
)


def _probe(body: str, env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``body`` in a fresh interpreter: (seconds, RSS MiB, peak RSS MiB) at its end."""
    code = "import time\nt0 = time.perf_counter()\n" + body + _REPORT
    seconds, rss, peak = run_python(code, env=env).split()[-3:]
    return float(seconds), int(rss) / 1024, int(peak) / 1024


def _import_probe(module: str, env: dict[str, str]) -> tuple[float, float]:
    """Median import time (s) over :data:`IMPORT_RUNS` fresh interpreters, and RSS (MiB) after it."""
    runs = [_probe(f"import {module}\n", env) for _ in range(IMPORT_RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _machine() -> str:
    """One line: cores, Python, CTranslate2 and the date."""
    return (
        f"nproc {os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), "
        f"Python {platform.python_version()} on {platform.machine()}, CTranslate2 {ctranslate2.__version__}, "
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    )


def main() -> int:
    """Build the packages, measure, print the table."""
    with tempfile.TemporaryDirectory(prefix="targum-footprint-") as tmp:
        packages = Path(tmp) / "packages"
        built = [build_benchmark_package(packages, "en", to_code) for to_code in ("he", "ru")]
        env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), ARGOS_PACKAGES_DIR=str(packages))
        # argostranslate creates folders under $HOME when imported: keep them here.
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(Path(tmp) / var.lower())

        rows: list[tuple[str, str]] = []
        try:
            seconds, rss = _import_probe("app", env)
            what = "`import app` (service module), median of 5"
        except RuntimeError as exc:
            seconds, rss = _import_probe("translator.engine.engine", env)
            what = f"`import translator.engine.engine` (`import app` failed: {str(exc).splitlines()[-1]}), median of 5"
        rows.append((what, f"{seconds:.3f} s, RSS {rss:.0f} MiB"))
        seconds, rss, peak = _probe(_LOAD_BOTH, env)
        loaded = f"RSS {rss:.0f} MiB (peak {peak:.0f}), {seconds:.2f} s from start"
        rows.append(("a worker: the app with both models loaded", loaded))
        for name, (imports, body) in _DETECTORS.items():
            rows.append((f"language detector: {name}, RSS added", f"{added_mib(imports, body, env):.0f} MiB"))
        try:
            seconds, rss = _import_probe("argostranslate.translate", env)
            argos = f"{seconds:.3f} s, RSS {rss:.0f} MiB"
        except RuntimeError as exc:
            argos = f"failed: {str(exc).splitlines()[-1]}"
        rows.append(("`import argostranslate.translate`, for comparison", argos))
        rows.append((f"virtualenv `{sys.prefix}`", f"{du_mib(Path(sys.prefix)):.0f} MiB"))
        for package in built:
            rows.append(
                (
                    f"package {package.directory.name} (folder / .argosmodel)",
                    f"{du_mib(package.directory):.1f} / {du_mib(package.archive):.1f} MiB",
                )
            )

    print(f"Machine: {_machine()}\n")
    print("| What | Measured |\n|---|---|")
    for what, measured in rows:
        print(f"| {what} | {measured} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
