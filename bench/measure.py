"""The benchmark's instruments: a served Targum, clients, the raw CTranslate2 floor, argostranslate.

Everything runs on this machine, on loopback; every loop is bounded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

import psutil

from tests.support.probes import run_python
from tests.support.servers import free_port, running, wait_for

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.prefix) / "bin"


def post_json(url: str, body: object, timeout: float = 300.0) -> tuple[int, dict]:
    """POST JSON; the status and decoded body (error bodies included)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@dataclass
class Server:
    """A Targum served by gunicorn on loopback."""

    url: str
    process: subprocess.Popen
    instance_dir: Path

    def clear_memory(self) -> None:
        """Empty the translation memory, so the next request finds every sentence new."""
        path = self.instance_dir / "memory.db"
        if path.exists():
            with sqlite3.connect(path, timeout=30) as db:
                db.execute("DELETE FROM memory")

    def translate(self, body: str, targets: Sequence[str], source: str = "auto") -> float:
        """Seconds for one ``POST /v1/translate``; raises on anything but 200."""
        start = time.perf_counter()
        status, data = post_json(f"{self.url}/v1/translate",
                                 {"article": {"body": body}, "source": source, "targets": list(targets)})
        elapsed = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"translate answered {status}: {data}")
        self.last = data
        return elapsed

    def processes(self) -> list[psutil.Process]:
        """The gunicorn master and its workers."""
        master = psutil.Process(self.process.pid)
        return [master, *master.children(recursive=True)]


@contextmanager
def serve(packages: Path, layout: dict[str, str], memory: bool = True) -> Iterator[Server]:
    """Start gunicorn with the models loaded eagerly, as the tests do; stop it afterwards."""
    port = free_port()
    instance = Path(tempfile.mkdtemp(prefix="targum-bench-"))
    # MALLOC_ARENA_MAX as the Procfile and `make run` start the service.
    env = {"MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"), "ARGOS_PACKAGES_DIR": str(packages),
           "TARGUM_INSTANCE_DIR": str(instance), "TARGUM_EAGER_LOAD": "1", "TARGUM_MEMORY": "1" if memory else "0",
           "GUNICORN_CMD_ARGS": "--access-logfile /dev/null", **layout}
    command = [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
    with running(command, env, port, output=subprocess.DEVNULL) as (url, process):
        wait_for(f"{url}/readyz", process, seconds=180)
        yield Server(url, process, instance)


def median(values: Sequence[float]) -> float:
    """The median (the benchmark reports medians of interleaved runs)."""
    return statistics.median(values)


class RawFloor:
    """CTranslate2 alone on the service's sentences, in several thread and batch layouts."""

    LAYOUTS = (
        ("one batch, default threads", {"inter_threads": 1, "intra_threads": 0}, 0),
        ("inter=cores, intra=1, sub-batches of 8", {"inter_threads": os.cpu_count() or 2, "intra_threads": 1}, 8),
        ("inter=cores, intra=1, sub-batches of 4", {"inter_threads": os.cpu_count() or 2, "intra_threads": 1}, 4),
    )

    def __init__(self, package_dir: Path, sentences: Sequence[str], beam_size: int) -> None:
        import ctranslate2
        import sentencepiece as spm

        processor = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
        self.tokens = sorted((processor.encode(s, out_type=str) for s in sentences), key=len)
        self.beam_size = beam_size
        self.translators = [
            (name, ctranslate2.Translator(str(package_dir / "model"), compute_type="int8", **threads), batch)
            for name, threads, batch in self.LAYOUTS
        ]
        self.timings: dict[str, list[float]] = {name: [] for name, _, _ in self.LAYOUTS}

    def run_once(self) -> None:
        """Time every layout once (the caller interleaves these with the service's runs)."""
        for name, translator, batch in self.translators:
            start = time.perf_counter()
            translator.translate_batch(self.tokens, beam_size=self.beam_size, max_batch_size=batch,
                                       length_penalty=0.2, replace_unknowns=True)
            self.timings[name].append(time.perf_counter() - start)

    def best(self) -> tuple[str, float]:
        """The layout with the lowest median, and that median."""
        return min(((name, median(t)) for name, t in self.timings.items()), key=lambda item: item[1])


_ARGOS_PROBE = """
import json, sys, time
from translator.text.sentences import split_units
import argostranslate.translate as at

class GivenSplitter:
    # MiniSBD downloads its model on first use; the service's own splitter stands in for it.
    def __init__(self, pkg): pass
    def split_sentences(self, text):
        units = split_units(text, "en")
        return [u.opening + u.text + u.closing for u in units if u.translate] or [text]

at.MiniSBDSentencizer = GivenSplitter
text = sys.stdin.read()
at.translate("warm up.", "en", "ru")
times = []
for _ in range({runs}):
    # argostranslate caches the paragraphs of its last call: translate something else first.
    at.translate("warm up.", "en", "ru")
    start = time.perf_counter()
    at.translate(text, "en", "ru")
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def argostranslate_times(packages: Path, text: str, runs: int, extra_env: dict[str, str]) -> list[float]:
    """argostranslate's own ``translate`` on the same package, in a fresh interpreter with ``extra_env``."""
    home = tempfile.mkdtemp(prefix="targum-argos-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGES_DIR": str(packages),
           "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home, **extra_env}
    out = run_python(_ARGOS_PROBE.format(runs=runs), stdin=text, env=env, timeout=1800)
    return json.loads(out.strip().splitlines()[-1])


@dataclass
class LoadResult:
    """What a closed-loop load test saw."""

    completed: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu_share: float = 0.0

    @property
    def per_minute(self) -> float:
        """Articles translated per minute."""
        return self.completed * 60.0 / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Latency at ``share`` (0.5 = median), seconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(server: Server, body: str, targets: Sequence[str], clients: int, seconds: float) -> LoadResult:
    """``clients`` threads each POST the article back to back for ``seconds``; CPU measured on the server."""
    result = LoadResult()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    procs = server.processes()
    cpu_before = sum(sum(p.cpu_times()[:2]) for p in procs)

    def client() -> None:
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                status, _ = post_json(f"{server.url}/v1/translate",
                                      {"article": {"body": body}, "targets": list(targets)}, timeout=120)
            except (urllib.error.URLError, OSError):
                status = 0
            elapsed = time.perf_counter() - start
            with lock:
                if status == 200:
                    result.completed += 1
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    result.seconds = time.perf_counter() - started
    cpu_after = sum(sum(p.cpu_times()[:2]) for p in procs)
    result.cpu_share = (cpu_after - cpu_before) / (result.seconds * (os.cpu_count() or 1))
    return result


@dataclass(frozen=True)
class ServiceMemory:
    """Resident memory of a served Targum, MiB."""

    master_rss: float
    workers_rss: float
    pss: float

    @property
    def rss(self) -> float:
        """RSS summed over every process (pages they share are counted in each)."""
        return self.master_rss + self.workers_rss


def service_memory(server: Server) -> ServiceMemory:
    """RSS of the master and of the workers, and PSS of the whole service, MiB."""
    master, *workers = server.processes()
    infos = [process.memory_full_info() for process in (master, *workers)]
    return ServiceMemory(infos[0].rss / 2**20, sum(i.rss for i in infos[1:]) / 2**20,
                         sum(i.pss for i in infos) / 2**20)


_MODELS_PROBE = """
import ctypes, sys
import ctranslate2, sentencepiece
inter, beam, packages = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
sentences = sys.stdin.read().splitlines()
for package in packages:
    pieces = sentencepiece.SentencePieceProcessor(model_file=package + "/sentencepiece.model")
    translator = ctranslate2.Translator(package + "/model", inter_threads=inter, intra_threads=1)
    translator.translate_batch([pieces.encode(s, out_type=str) for s in sentences], beam_size=beam, max_batch_size=8)
    globals().setdefault("held", []).append(translator)
ctypes.CDLL("libc.so.6").malloc_trim(0)
print(next(line for line in open("/proc/self/status") if line.startswith("VmRSS")).split()[1])
"""


def bare_models_rss(packages: Sequence[Path], sentences: Sequence[str], inter_threads: int, beam_size: int) -> float:
    """RSS (MiB) of a bare Python process holding ``packages`` in CTranslate2, each having translated
    ``sentences`` once, after handing freed memory back: the floor under the service's worker."""
    out = run_python(_MODELS_PROBE, str(inter_threads), str(beam_size), *map(str, packages),
                     stdin="\n".join(sentences), env={**os.environ, "MALLOC_ARENA_MAX": "2"})
    return int(out.split()[-1]) / 1024


def du_mib(path: Path) -> float:
    """Disk use of ``path``, a file or a folder (``du``), MiB."""
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 1024


Rows = list[tuple[str, str, str]]


def in_process_main(module: str, doc: str, rows: Callable[[Path, int], Rows], argv: list[str] | None) -> int:
    """The command line of an in-process benchmark: benchmark packages en→ru and en→he, ``rows``, one table.

    ``--smoke`` builds tiny packages and runs once (CI runs it so the benchmark cannot rot).
    """
    import argparse

    from tests.support.package_builder import build_benchmark_package

    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny packages and one run (for CI)")
    args = parser.parse_args(argv)
    decode_tokens, vocab, runs = (4, 2000, 1) if args.smoke else (30, 32000, 5)
    with tempfile.TemporaryDirectory(prefix="targum-bench-packages-") as tmp:
        for pair in (("en", "ru"), ("en", "he")):
            build_benchmark_package(Path(tmp), *pair, decode_tokens, vocab)
        found = rows(Path(tmp), runs)
    print(f"Command: `python -m {module}{' --smoke' if args.smoke else ''}`\n")
    print("| measure | result | target |\n|---|---|---|")
    for what, figure, target in found:
        print(f"| {what} | {figure} | {target} |")
    return 0
