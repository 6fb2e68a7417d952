"""gunicorn settings for Targum, from the same environment as the app (see README).

Models are never loaded in the master: CTranslate2 translators are not
fork-safe, so ``preload_app`` stays off and each worker loads its own after it
starts (eagerly here when TARGUM_EAGER_LOAD is on, else on first use).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Any

from translator.settings import Settings

_settings = Settings.from_env()

bind = f"0.0.0.0:{_settings.port}"
workers = _settings.web_workers
threads = _settings.web_threads
# gthread, with requests read whole by the worker's main loop before a thread
# takes them, and a thread of its own for /healthz and /readyz: a stalled client
# holds no thread (translator/web/server.py).
worker_class = "translator.web.server.TargumWorker"
timeout = _settings.web_timeout
graceful_timeout = 30
preload_app = False
accesslog = "-"
errorlog = "-"
# API keys in query strings and credential headers never reach the access log.
logger_class = "translator.web.accesslog.RedactingLogger"


def metrics_dir() -> Path:
    """Where the workers keep their Prometheus samples: PROMETHEUS_MULTIPROC_DIR, else under the instance dir."""
    return _settings.prometheus_multiproc_dir or _settings.instance_dir / "prometheus"


def on_starting(server: Any) -> None:
    """Give the workers a fresh Prometheus multiprocess directory, before any of them starts.

    Set here, in the master, so each worker inherits it and its first import
    of prometheus_client (after the fork: ``preload_app`` is off) counts into
    files there; the last run's files are removed, so counts start at zero.
    """
    directory = metrics_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def child_exit(server: Any, worker: Any) -> None:
    """A worker is gone: its gauges leave the sums (its counters stay counted)."""
    from prometheus_client import multiprocess  # here, never before on_starting set the directory

    multiprocess.mark_process_dead(worker.pid, str(metrics_dir()))


def post_worker_init(worker: Any) -> None:
    """Warm the worker before it takes traffic when eager loading is configured."""
    targum = worker.wsgi.extensions["targum"]
    if targum.settings.engine.eager_load:
        targum.engine.load_all()
        worker.log.info("worker %s loaded %s", worker.pid, ", ".join(targum.engine.loaded) or "no models")
    if _trim is not None:
        # Loading leaves freed buffers (the detector's parsed profiles, model
        # files read before conversion) in glibc's heap: about 10 MB.
        _trim(0)
    # Translation jobs are consumed here, after the fork, with this worker's
    # models: `make run` needs no second process (TARGUM_JOB_WORKERS=0 leaves
    # them to `python -m translator.jobs.worker`).
    # A queue or store that cannot be opened turns jobs off, not the worker:
    # translation and the probes go on serving (the reason is in /readyz).
    if targum.settings.job_workers:
        jobs = worker.wsgi.extensions["targum.jobs"]
        worker.targum_consumer = jobs.start_embedded(targum.settings.job_workers)
        if worker.targum_consumer is None:
            worker.log.error("worker %s serves without jobs: %s", worker.pid, jobs.unavailable)
        else:
            worker.log.info("worker %s consumes jobs with %s thread(s)", worker.pid, targum.settings.job_workers)


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_trim = _malloc_trim() if _settings.release_memory else None


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """Hand the request's freed memory back to the system.

    CTranslate2's working buffers for a batch are freed after each call, but
    glibc keeps the pages in its arenas: with four models a worker grew from
    about 500 MB to about 800 MB after a few articles. Trimming after each
    request keeps it near its size at start-up, at no measurable cost in speed
    (see bench/RESULTS.md).
    """
    if _trim is not None:
        _trim(0)


def worker_exit(server: Any, worker: Any) -> None:
    """Stop the embedded job consumer; a job cut short is run again by recovery."""
    consumer = getattr(worker, "targum_consumer", None)
    if consumer is not None:
        worker.wsgi.extensions["targum.jobs"].stop(consumer)
