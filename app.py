"""Targum's application factory. ``app`` is the module-level app gunicorn serves."""

from __future__ import annotations

import logging

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from translator.jobs.worker import build_jobs
from translator.language.detect import Detector
from translator.service import Targum
from translator.settings import Settings
from translator.web import (
    api,
    cli,
    corrections,
    desk,
    documents,
    errors,
    glossaries,
    health,
    jobs,
    libre,
    metrics,
    openapi,
    requestlog,
)


def create_app(settings: Settings | None = None, detector: Detector | None = None) -> Flask:
    """Build the Flask app around one :class:`Targum` service object.

    No model is loaded here: loading happens lazily on first use, or eagerly
    in each gunicorn worker after the fork (``gunicorn.conf.py``). A
    ``detector`` may be passed in where many apps are built in one process
    (the tests): building one takes about half a second.
    """
    settings = settings if settings is not None else Settings.from_env()
    app = Flask(__name__)
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False  # Hebrew and Russian stay readable in responses
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.extensions["targum"] = Targum(settings, detector)
    # The job queue opens its files on first use, so building it here is cheap.
    app.extensions["targum.jobs"] = build_jobs(app.extensions["targum"])
    _configure_logging()
    errors.init_app(app)
    requestlog.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(libre.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(glossaries.bp)
    app.register_blueprint(corrections.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(desk.bp)
    metrics.init_app(app)
    app.cli.add_command(cli.models)
    return app


def _configure_logging() -> None:
    """Targum's log lines go to stderr (gunicorn's error log), once per process."""
    logger = logging.getLogger("targum")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


app = create_app()
