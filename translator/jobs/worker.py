"""The job consumer as its own process (``python -m translator.jobs.worker``), and the job's translation.

A deployment that keeps translation jobs off the web workers runs this as the
Procfile's ``worker:`` line (with TARGUM_JOB_WORKERS=0 for ``web:``); by
default each gunicorn worker consumes jobs itself (``gunicorn.conf.py``) and
this process is not needed. Either way a job runs the same pipeline as
``POST /v1/translate``, with the same request parsing and the same JSON.
"""

from __future__ import annotations

import logging
from typing import Any

from translator.contract import parse_translate, translation_json
from translator.documents.request import document_json
from translator.errors import JobsUnavailable
from translator.jobs.queue import JobQueue
from translator.service import Targum
from translator.settings import Settings


def translate_request(targum: Targum, body: dict[str, Any]) -> dict[str, Any]:
    """A /v1/translate body in, the /v1/translate answer out (no time budget: jobs may be long).

    A document's job (``{"document": id}``, made by ``POST /v1/documents`` with a callback) translates the
    stored upload; its answer is the document's record, with its download URL.
    """
    if isinstance(body.get("document"), str):
        record = targum.documents.run(body["document"])
        return document_json(record, record.base_url)
    request = parse_translate(body, targum.settings)
    return translation_json(targum.translate(request), explain=request.options.explain, flags=request.options.flags)


def build_jobs(targum: Targum) -> JobQueue:
    """The job queue of one process, translating with that process's models."""
    return JobQueue(targum.settings, lambda body: translate_request(targum, body))


def main() -> None:
    """Consume jobs until SIGINT or SIGTERM (Huey's consumer handles the signals)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings.from_env()
    targum = Targum(settings)  # models load on first use, in this process
    if settings.engine.eager_load:
        targum.engine.load_all()
    jobs = build_jobs(targum)
    try:
        jobs.open()
    except JobsUnavailable as exc:
        # This process is there for jobs alone: without a queue it says why and stops.
        raise SystemExit(f"Error: {exc.detail}") from None
    jobs.start_sweeper()
    # TARGUM_JOB_WORKERS=0 turns consumption off in the web workers; this process still consumes.
    jobs.consumer(max(1, settings.job_workers), embedded=False).run()


if __name__ == "__main__":
    main()
