"""The service objects of this app, as the blueprints reach them (kept in ``app.extensions``)."""

from __future__ import annotations

from typing import cast

from flask import current_app

from translator.jobs.queue import JobQueue
from translator.service import Targum


def targum() -> Targum:
    """The app's :class:`Targum`: settings, engine, detector, pipeline."""
    return cast(Targum, current_app.extensions["targum"])


def job_queue() -> JobQueue:
    """The app's job queue."""
    return cast(JobQueue, current_app.extensions["targum.jobs"])
