"""Fresh-interpreter probes: run a snippet in a new Python and read what it prints (benchmarks and memory tests)."""

from __future__ import annotations

import subprocess
import sys

from translator.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT


def run_python(code: str, *args: str, stdin: str = "", env: dict[str, str] | None = None,
               timeout: float = 600) -> str:
    """Run ``code`` in a fresh interpreter from the repository root; its stdout.

    A probe that fails raises with the end of its stderr, so the benchmark
    stops with the probe's own error rather than a parse error.
    """
    done = subprocess.run([sys.executable, "-c", code, *args], input=stdin, env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-2000:] or "probe failed")
    return done.stdout


_ADDED = (
    "import ctypes\n"
    "rss = lambda: int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])\n"
    "{imports}\n"
    "before = rss()\n"
    "{body}\n"
    "ctypes.CDLL('libc.so.6').malloc_trim(0)\n"
    "print('added', (rss() - before) / 1024)\n"
)


def added_mib(imports: str, body: str, env: dict[str, str]) -> float:
    """MiB of RSS that ``body`` adds to a fresh interpreter that has run ``imports``."""
    return float(run_python(_ADDED.format(imports=imports, body=body), env=env).split()[-1])
