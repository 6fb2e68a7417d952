"""gunicorn settings for Targum, from the same environment as the app (see README).

Models are never loaded in the master: CTranslate2 translators are not
fork-safe, so ``preload_app`` stays off and each worker loads its own after it
starts (eagerly here when TARGUM_EAGER_LOAD is on, else on first use).
"""

from __future__ import annotations

from typing import Any

from translator.settings import Settings

_settings = Settings.from_env()

bind = f"0.0.0.0:{_settings.port}"
workers = _settings.web_workers
threads = _settings.web_threads
worker_class = "gthread"
timeout = _settings.web_timeout
graceful_timeout = 30
preload_app = False
accesslog = "-"
errorlog = "-"


def post_worker_init(worker: Any) -> None:
    """Warm the worker before it takes traffic when eager loading is configured."""
    targum = worker.wsgi.extensions["targum"]
    if targum.settings.engine.eager_load:
        targum.engine.load_all()
        worker.log.info("worker %s loaded %s", worker.pid, ", ".join(targum.engine.loaded) or "no models")
    # Translation jobs are consumed here, after the fork, with this worker's
    # models: `make run` needs no second process (TARGUM_JOB_WORKERS=0 leaves
    # them to `python -m translator.worker`).
    if targum.settings.job_workers:
        jobs = worker.wsgi.extensions["targum.jobs"]
        worker.targum_consumer = jobs.start_embedded(targum.settings.job_workers)
        worker.log.info("worker %s consumes jobs with %s thread(s)", worker.pid, targum.settings.job_workers)


def worker_exit(server: Any, worker: Any) -> None:
    """Stop the embedded job consumer; a job cut short is run again by recovery."""
    consumer = getattr(worker, "targum_consumer", None)
    if consumer is not None:
        worker.wsgi.extensions["targum.jobs"].stop(consumer)
