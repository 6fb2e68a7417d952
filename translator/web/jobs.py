"""Translation jobs for the CMS's webhook: accept at once, translate in the background, call back.

``POST /v1/jobs`` takes the ``/v1/translate`` body plus ``callback_url`` and
optional ``metadata`` (echoed back). Besides the API key (when configured),
a CMS that signs its webhooks with TARGUM_INBOUND_SECRET is checked here
(GitHub's ``X-Hub-Signature-256``) before anything else is read.
``GET /v1/jobs`` lists the newest jobs (without their results), and
``POST /v1/jobs/<id>/redeliver`` sends a finished job's callback again: both
are the desk's (an editor's, with the API key), so they need no CMS signature.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from translator.contract import parse_translate
from translator.errors import InvalidRequest, JobNotFound
from translator.jobs.job import Job, job_document
from translator.jobs.webhooks import verify_hub_signature
from translator.web import auth
from translator.web.body import json_body, query_number
from translator.web.context import job_queue, targum

bp = Blueprint("jobs", __name__, url_prefix="/v1/jobs")
auth.protect(bp)
# Fields of the job that are not part of the translation request itself.
JOB_FIELDS = ("callback_url", "metadata", "api_key")
DEFAULT_LIST, MAX_LIST = 20, 100


@bp.before_request
def check_inbound_signature() -> None:
    """With TARGUM_INBOUND_SECRET set, a job must come signed by the CMS."""
    secret = targum().settings.inbound_secret
    if secret and request.endpoint == "jobs.create_job":
        verify_hub_signature(secret, request.headers.get("X-Hub-Signature-256"), request.get_data(cache=True))


def parse_job(data: Any) -> tuple[dict[str, Any], str, dict[str, Any] | None]:
    """(the translate request, the callback URL, the metadata) of a job body, each checked."""
    service = targum()
    translate = parse_translate(data, service.settings)  # also: data is an object
    service.check_targets(translate.targets)
    callback_url, metadata = data.get("callback_url"), data.get("metadata")
    if not isinstance(callback_url, str) or not callback_url.strip():
        raise InvalidRequest("`callback_url` is required and must be a string", code="missing_field",
                             field="callback_url")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidRequest("`metadata` must be an object", code="invalid_field", field="metadata")
    return {k: v for k, v in data.items() if k not in JOB_FIELDS}, callback_url.strip(), metadata


def _accepted(job_id: str, status: str, code: int) -> Response:
    status_url = url_for("jobs.get_job", job_id=job_id, _external=True)
    response = jsonify({"id": job_id, "status": status, "status_url": status_url})
    response.status_code = code
    response.headers["Location"] = status_url
    return response


@bp.post("")
def create_job() -> Response:
    """Accept a job: 202 when new, 200 with the existing job when its idempotency key is known."""
    translate, callback_url, metadata = parse_job(json_body())
    job, created = job_queue().submit(translate, callback_url, metadata, request.headers.get("Idempotency-Key"))
    response = _accepted(job.id, job.status, 202 if created else 200)
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/<job_id>")
def get_job(job_id: str) -> Response:
    """A job's status, attempts, callback log, and its result once it has one."""
    job = job_queue().get(job_id)
    if job is None:
        raise JobNotFound(f"no job {job_id!r}: it never existed, or its result expired", job_id=job_id)
    return jsonify(job_document(job))


def job_summary(job: Job) -> dict[str, Any]:
    """A job as the list shows it: its document without the result (the job's own URL has that)."""
    document = job_document(job)
    document.pop("result", None)
    return document


@bp.get("")
def list_jobs() -> Response:
    """The newest jobs still kept (``?limit=``, 20 by default, 100 at most), newest first, without results."""
    jobs = job_queue().recent(query_number("limit", DEFAULT_LIST, 1, MAX_LIST))
    return jsonify({"jobs": [job_summary(job) for job in jobs]})


@bp.post("/<job_id>/redeliver")
def redeliver(job_id: str) -> tuple[Response, int]:
    """Queue a fresh delivery of a finished job's callback: 202 with the job, its callback pending."""
    return jsonify(job_summary(job_queue().redeliver(job_id))), 202
