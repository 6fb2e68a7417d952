"""Targum's application factory. ``app`` is the module-level app gunicorn serves."""

from __future__ import annotations

from flask import Flask

from translator.service import Targum
from translator.settings import Settings
from translator.web import cli, errors, health


def create_app(settings: Settings | None = None) -> Flask:
    """Build the Flask app around one :class:`Targum` service object.

    No model is loaded here: loading happens lazily on first use, or eagerly
    in each gunicorn worker after the fork (``gunicorn.conf.py``).
    """
    settings = settings if settings is not None else Settings.from_env()
    app = Flask(__name__)
    app.json.ensure_ascii = False  # Hebrew and Russian stay readable in responses
    app.extensions["targum"] = Targum(settings)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.cli.add_command(cli.models)
    return app


app = create_app()
