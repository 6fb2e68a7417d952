"""Targum's own exceptions. Each carries a stable ``code`` and an HTTP status.

The web layer turns every one of them into the same ``application/problem+json``
shape; the core raises them and knows nothing of HTTP beyond the number.
"""

from __future__ import annotations


class TargumError(Exception):
    """Base of every domain error: a stable code, a status and a human message."""

    code = "targum_error"
    status = 500
    title = "Internal error"

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


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
