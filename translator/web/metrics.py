"""GET /metrics: Prometheus's text format, from the official client library.

Each app counts into a registry of its own, so apps built in one process (the
tests) never share counts. Under gunicorn, ``gunicorn.conf.py`` sets
``PROMETHEUS_MULTIPROC_DIR`` in the master before any worker starts: every
worker's samples then live in files there, and a scrape, whichever worker
answers it, adds up every worker's (``MultiProcessCollector``); a worker that
exits leaves its counters in and its gauge out (``multiprocess.mark_process_dead``).

The requests are counted by URL rule (``/v1/jobs/<job_id>``, not the job's
path), so the label set stays small; a request no rule matched is ``unmatched``.
/metrics needs no API key: ``TARGUM_METRICS_TOKEN`` guards it when set.
"""

from __future__ import annotations

import hmac
import time
from typing import Iterator, cast

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from translator.document.translation import Stats
from translator.errors import ConfigurationError, HttpError
from translator.jobs.queue import JobEvent, JobQueue
from translator.service import Targum
from translator.settings import Settings

bp = Blueprint("metrics", __name__)

# Seconds: a probe takes milliseconds, a long article a minute or two (TARGUM_REQUEST_TIME_BUDGET is 120).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
MODEL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Any other method a client makes up is "other", so it cannot grow the label set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class Metrics:
    """One app's metrics: what the web layer, the service and the job queue report."""

    def __init__(self, settings: Settings, jobs: JobQueue) -> None:
        self.registry = CollectorRegistry()
        reg = self.registry
        self.requests = Counter("targum_http_requests", "HTTP requests answered, by method, URL rule and status",
                                ["method", "route", "status"], registry=reg)
        self.latency = Histogram("targum_http_request_duration_seconds", "Time to answer a request, by URL rule",
                                 ["method", "route"], buckets=REQUEST_BUCKETS, registry=reg)
        self.sentences = Counter("targum_sentences_translated", "Sentences the pipeline translated", registry=reg)
        self.from_memory = Counter("targum_sentences_from_memory",
                                   "Sentence translations answered from the translation memory", registry=reg)
        self.model_calls = Counter("targum_model_calls", "Batched model calls, by package", ["package"],
                                   registry=reg)
        self.model_sentences = Counter("targum_model_sentences", "Sentences sent to a model, by package",
                                       ["package"], registry=reg)
        self.model_time = Histogram("targum_model_call_duration_seconds", "Time of one batched model call",
                                    ["package"], buckets=MODEL_BUCKETS, registry=reg)
        self.jobs = Counter("targum_jobs_finished", "Job translations finished, by outcome", ["outcome"],
                            registry=reg)
        self.callbacks = Counter("targum_callback_attempts", "Callback delivery attempts, by outcome",
                                 ["outcome"], registry=reg)
        self.models_loaded = Gauge("targum_models_loaded", "Models in memory, summed over the live workers",
                                   registry=reg, multiprocess_mode="livesum")
        self.models_loaded.set(0)
        self.scraped = self.registry
        if settings.prometheus_multiproc_dir is not None:
            if values.ValueClass is values.MutexValue:
                # The client chooses where samples go when first imported: a worker that
                # inherited it from a master without the variable would count alone, unseen.
                raise ConfigurationError("PROMETHEUS_MULTIPROC_DIR was set after prometheus_client was imported")
            self.scraped = CollectorRegistry()
            MultiProcessCollector(self.scraped, path=str(settings.prometheus_multiproc_dir))
        # The queue is shared by every worker: read at scrape time, not kept per worker.
        self.scraped.register(_QueueDepth(jobs))

    # -- what the service and the job queue report ------------------------
    def translated(self, stats: Stats) -> None:
        """One pipeline pass's sentences, translated and from the memory."""
        self.sentences.inc(stats.sentences)
        self.from_memory.inc(stats.cached_sentences)

    def model_called(self, package: str, sentences: int, seconds: float) -> None:
        """One batched model call."""
        self.model_calls.labels(package).inc()
        self.model_sentences.labels(package).inc(sentences)
        self.model_time.labels(package).observe(seconds)

    def job_event(self, event: JobEvent, outcome: str) -> None:
        """A finished job translation or a recorded callback attempt."""
        (self.jobs if event == "job" else self.callbacks).labels(outcome).inc()

    # -- requests -------------------------------------------------------
    def answered(self, response: Response, started: float, targum: Targum) -> None:
        """Count one request by its URL rule and status, and time it."""
        method = request.method if request.method in METHODS else "other"
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        self.requests.labels(method, route, str(response.status_code)).inc()
        self.latency.labels(method, route).observe(time.perf_counter() - started)
        self.models_loaded.set(len(targum.engine.loaded))

    def exposition(self) -> bytes:
        """Every metric in Prometheus's text format (every worker's, under gunicorn)."""
        return bytes(generate_latest(self.scraped))


class _QueueDepth(Collector):
    """The job queue's depth, read when scraped; nothing when jobs are off."""

    def __init__(self, jobs: JobQueue) -> None:
        self.jobs = jobs

    def collect(self) -> Iterator[Metric]:
        depth = self.jobs.depth()
        if depth is not None:
            yield GaugeMetricFamily("targum_job_queue_depth",
                                    "Messages waiting on the job queue (translations and callbacks due)", value=depth)


def metrics() -> Metrics:
    """The app's :class:`Metrics`."""
    return cast(Metrics, current_app.extensions["targum.metrics"])


def init_app(app: Flask) -> None:
    """Count every request of ``app``, listen to its service and job queue, and serve /metrics."""
    targum: Targum = app.extensions["targum"]
    jobs: JobQueue = app.extensions["targum.jobs"]
    counted = app.extensions["targum.metrics"] = Metrics(targum.settings, jobs)
    targum.observers.append(counted)
    jobs.observe = counted.job_event

    @app.before_request
    def start() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        counted.answered(response, g.get("metrics_started", time.perf_counter()), targum)
        return response

    app.register_blueprint(bp)


@bp.get("/metrics")
def scrape() -> Response:
    """Every metric, in Prometheus's text format; behind ``TARGUM_METRICS_TOKEN`` when it is set."""
    service = cast(Targum, current_app.extensions["targum"])
    if service.settings.metrics_token is not None:
        check_token(service.settings.metrics_token)
    counted = metrics()
    counted.models_loaded.set(len(service.engine.loaded))
    return Response(counted.exposition(), content_type=CONTENT_TYPE_LATEST)


def check_token(token: str) -> None:
    """Raise unless the request carries ``Authorization: Bearer <token>``."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        raise HttpError(401, "metrics_token_required", "Metrics token required",
                        "this server's /metrics needs `Authorization: Bearer <TARGUM_METRICS_TOKEN>`")
    # Constant-time comparison, so response timing does not leak the token.
    if not hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        raise HttpError(403, "invalid_metrics_token", "Invalid metrics token", "the metrics token is not valid")
