"""Targum's own exceptions. Each carries a stable ``code`` and an HTTP status, and builds its problem document.

The web layer sends every one of them as ``application/problem+json``
(RFC 9457); a failed job records the same document. The core raises them and
knows nothing of HTTP beyond the number. The tree::

    TargumError
    ├── ConfigurationError, InternalError, WorkerLost, HttpError
    ├── PackageError, PackageIndexError, ModelLoadError
    ├── UnsupportedLanguage, UnsupportedSource, UndetectableLanguage
    ├── InvalidRequest, ArticleTooLarge, HtmlTooDeep, TooManyTargets, UnsupportedMediaType, TimeBudgetExceeded
    ├── AuthenticationRequired, InvalidApiKey, InvalidSignature
    ├── CallbackUrlRefused, WebhookSecretsMissing, JobsUnavailable, JobNotFound, IdempotencyKeyReused, JobNotFinished
    ├── GlossaryInvalid, GlossaryTooLarge, GlossaryNotFound, GlossaryConflict, StoreUnavailable
    ├── CorrectionInvalid, CorrectionNotFound, TmxInvalid, TmxUnsafe, TmxTooLarge
    └── DocumentTooLarge, UnsupportedDocumentFormat, DocumentInvalid, DocumentUnsafe, DocumentNotFound,
        DocumentNotReady
"""

from __future__ import annotations

from typing import Any


class TargumError(Exception):
    """Base of every domain error: a stable code, a status and a human message."""

    code = "targum_error"
    status = 500
    title = "Internal error"

    def __init__(self, detail: str, code: str | None = None, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        # A narrower code for one case of a general error (unsupported_target_language).
        if code is not None:
            self.code = code

    def problem(self, typed: bool = True) -> dict[str, Any]:
        """This error's problem document: type, title, status, detail, code and its own members.

        ``typed=False`` leaves out ``type``, as a job's ``error`` has it.
        """
        document: dict[str, Any] = {"type": f"urn:targum:problem:{self.code}"} if typed else {}
        return {**document, "title": self.title, "status": self.status, "detail": self.detail, "code": self.code,
                **self.extra}


class HttpError(TargumError):
    """An error of HTTP itself (a route that does not exist, a method not allowed), as Werkzeug raised it."""

    def __init__(self, status: int, code: str, title: str, detail: str) -> None:
        super().__init__(detail, code=code)
        self.status = status
        self.title = title


class InternalError(TargumError):
    """Something failed that should not: the details go to the log, never to the client."""

    code = "internal_error"
    status = 500
    title = "Internal error"


class WorkerLost(TargumError):
    """A job's worker stopped too many times while translating it: it is not run again."""

    code = "worker_lost"
    status = 500
    title = "Worker lost"


class ConfigurationError(TargumError):
    """A setting in the environment is malformed."""

    code = "configuration_error"
    status = 500
    title = "Configuration error"


class PackageError(TargumError):
    """An Argos package is not valid (bad zip, bad metadata, missing model)."""

    code = "invalid_package"
    status = 400
    title = "Invalid package"


class PackageIndexError(TargumError):
    """The Argos package index cannot be reached or read."""

    code = "package_index_unavailable"
    status = 503
    title = "Package index unavailable"


class UnsupportedLanguage(TargumError):
    """No installed package, direct or by pivot, translates this pair."""

    code = "unsupported_language"
    status = 400
    title = "Unsupported language"


class ModelLoadError(TargumError):
    """A package's CTranslate2 model or tokenizer failed to load."""

    code = "model_load_failed"
    status = 503
    title = "Model failed to load"


class UnsupportedSource(TargumError):
    """The article is in a language no installed package translates from."""

    code = "unsupported_source_language"
    status = 422
    title = "Unsupported source language"


class UndetectableLanguage(TargumError):
    """The article's language could not be determined."""

    code = "undetectable_language"
    status = 422
    title = "Undetectable language"


class InvalidRequest(TargumError):
    """The request is malformed: bad JSON, a missing or mistyped field."""

    code = "invalid_request"
    status = 400
    title = "Invalid request"


class ArticleTooLarge(TargumError):
    """The article is over the configured character limit."""

    code = "article_too_large"
    status = 413
    title = "Article too large"


class HtmlTooDeep(TargumError):
    """An HTML article nests its elements deeper than the parser and the placing of inline markup allow."""

    code = "html_too_deep"
    status = 422
    title = "HTML nested too deep"


class TooManyTargets(TargumError):
    """More target languages than the configured limit."""

    code = "too_many_targets"
    status = 400
    title = "Too many targets"


class TimeBudgetExceeded(TargumError):
    """The request ran past its time budget."""

    code = "time_budget_exceeded"
    status = 503
    title = "Time budget exceeded"


class AuthenticationRequired(TargumError):
    """An API key is required and none was sent."""

    code = "api_key_required"
    status = 401
    title = "API key required"


class InvalidApiKey(TargumError):
    """The API key sent is not one of the configured keys."""

    code = "invalid_api_key"
    status = 403
    title = "Invalid API key"


class UnsupportedMediaType(TargumError):
    """The request body is not JSON."""

    code = "unsupported_media_type"
    status = 415
    title = "Unsupported media type"



class CallbackUrlRefused(TargumError):
    """A callback URL is not one the service may call (scheme, allowlist, private address)."""

    code = "callback_url_refused"
    status = 400
    title = "Callback URL refused"


class WebhookSecretsMissing(TargumError):
    """No TARGUM_WEBHOOK_SECRETS: callbacks would go out unsigned, so jobs are refused."""

    code = "webhook_secrets_missing"
    status = 503
    title = "Webhook secrets missing"


class JobsUnavailable(TargumError):
    """The job queue or the job store cannot be used (a damaged file, a store out of reach): jobs are off."""

    code = "jobs_unavailable"
    status = 503
    title = "Jobs unavailable"


class JobNotFound(TargumError):
    """No job with this id (never created, or expired after TARGUM_JOB_RESULT_TTL)."""

    code = "job_not_found"
    status = 404
    title = "Job not found"


class JobNotFinished(TargumError):
    """A callback cannot be delivered again yet: the job is still translating (``job_not_finished``), or its
    callback is still on its way (``callback_in_progress``)."""

    code = "job_not_finished"
    status = 409
    title = "Job not finished"


class IdempotencyKeyReused(TargumError):
    """An Idempotency-Key already names a job created from a different request."""

    code = "idempotency_key_reused"
    status = 422
    title = "Idempotency key reused"


class InvalidSignature(TargumError):
    """A webhook signature is missing, malformed, stale or does not match."""

    code = "invalid_signature"
    status = 401
    title = "Invalid signature"


class GlossaryInvalid(InvalidRequest):
    """Glossary entries (JSON, CSV or TSV) that cannot be stored: the whole set is refused, nothing is stored."""

    code = "invalid_glossary"
    title = "Invalid glossary"


class GlossaryTooLarge(TargumError):
    """A glossary file or entry list over TARGUM_GLOSSARY_MAX_BYTES, or a glossary over its entry limit."""

    code = "glossary_too_large"
    status = 413
    title = "Glossary too large"


class GlossaryNotFound(TargumError):
    """No glossary with this id or name."""

    code = "glossary_not_found"
    status = 404
    title = "Glossary not found"


class GlossaryConflict(TargumError):
    """A glossary with this name exists already."""

    code = "glossary_name_taken"
    status = 409
    title = "Glossary name taken"


class StoreUnavailable(TargumError):
    """The database of editors' work (glossaries, corrections) cannot be reached or used."""

    code = "store_unavailable"
    status = 503
    title = "Store unavailable"


class CorrectionInvalid(InvalidRequest):
    """A correction that cannot be stored: a missing or mistyped field, a language that is not ours."""

    code = "invalid_correction"
    title = "Invalid correction"


class CorrectionNotFound(TargumError):
    """No correction with this id (never made, or deleted)."""

    code = "correction_not_found"
    status = 404
    title = "Correction not found"


class TmxInvalid(InvalidRequest):
    """A TMX file that is not well-formed XML, or not TMX: nothing of it is stored."""

    code = "invalid_tmx"
    title = "Invalid TMX"


class TmxUnsafe(InvalidRequest):
    """A TMX file that declares entities (billion laughs, external entities): refused unread, nothing stored."""

    code = "unsafe_xml"
    title = "Unsafe XML"


class TmxTooLarge(TargumError):
    """A TMX file over TARGUM_TMX_MAX_BYTES: refused unread."""

    code = "tmx_too_large"
    status = 413
    title = "TMX file too large"
class DocumentTooLarge(TargumError):
    """An uploaded document is over a limit: its bytes (``document_too_large``) or its text (``document_text_too_large``)."""

    code = "document_too_large"
    status = 413
    title = "Document too large"


class UnsupportedDocumentFormat(TargumError):
    """A file that is none of the document formats Targum translates (by its name and its first bytes)."""

    code = "unsupported_document_format"
    status = 415
    title = "Unsupported document format"


class DocumentInvalid(TargumError):
    """A file that claims a format but cannot be read as it (a broken zip, XML that does not parse)."""

    code = "invalid_document"
    status = 422
    title = "Invalid document"


class DocumentUnsafe(TargumError):
    """A document refused for what it holds: a zip bomb, macros, content fetched from elsewhere when opened."""

    code = "document_unsafe"
    status = 422
    title = "Document refused"


class DocumentNotFound(TargumError):
    """No translated document by that id: it never existed, or it expired."""

    code = "document_not_found"
    status = 404
    title = "Document not found"


class DocumentNotReady(TargumError):
    """The document is still being translated (or its translation failed): nothing to download yet."""

    code = "document_not_ready"
    status = 409
    title = "Document not ready"
