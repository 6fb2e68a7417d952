"""The LibreTranslate API's fields and answers, with no Flask: parse a request's fields, shape an answer.

Messages for the faults LibreTranslate also refuses are LibreTranslate 1.9's
own words ("Invalid request: missing q parameter", "xml format is not
supported"): its clients show them and some match on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from translator.contract import glossary_refs, whole_number
from translator.corrections.pairs import Draft, make_draft
from translator.errors import ArticleTooLarge, CorrectionInvalid, InvalidRequest
from translator.language.detect import Detection, normalize_language
from translator.settings import Settings

FORMATS = ("text", "html")
# LibreTranslate's default --alternatives-limit.
MAX_ALTERNATIVES = 3
# LibreTranslate's web page waits this long (ms) after a keystroke before translating (its default).
FRONTEND_TIMEOUT_MS = 500


@dataclass(frozen=True)
class LibreRequest:
    """A parsed LibreTranslate ``/translate`` request."""

    texts: tuple[str, ...]
    batch: bool  # q was a list: answer with lists
    source: str  # a normalised code, or "auto"
    target: str
    format: str
    alternatives: int
    glossaries: tuple[str, ...] | None = None  # Targum's own field; None: the default glossaries


def missing(name: str) -> InvalidRequest:
    """LibreTranslate's refusal of a request without ``name``."""
    return InvalidRequest(f"Invalid request: missing {name} parameter", code="missing_field", field=name)


def _string(data: dict[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name)
    if value is None or value == "":  # a form sends an unset field as ""
        if default is None:
            raise missing(name)
        return default
    if not isinstance(value, str):
        raise InvalidRequest(f"Invalid request: {name} parameter must be a string", code="invalid_field", field=name)
    return value


def _texts(data: dict[str, Any], settings: Settings) -> tuple[tuple[str, ...], bool]:
    """``q`` as a tuple of texts, whether it was a list; missing, blank and oversized texts are refused.

    The character limit is per text, as LibreTranslate's is: a CMS page of
    150 short strings is 150 texts, each well under it (the whole body is
    still held to TARGUM_MAX_REQUEST_BYTES).
    """
    q = data.get("q")
    if q is None or q == "" or q == []:
        raise missing("q")
    batch = isinstance(q, list)
    texts = tuple(q) if batch else (q,)
    if not all(isinstance(text, str) for text in texts):
        raise InvalidRequest("Invalid request: q must be a string or a list of strings", code="invalid_field",
                             field="q")
    longest = max(map(len, texts))
    if longest > settings.max_article_chars:
        raise ArticleTooLarge(f"Invalid request: request ({longest}) exceeds text limit "
                              f"({settings.max_article_chars})", limit=settings.max_article_chars)
    if not any(text.strip() for text in texts):
        raise InvalidRequest("Invalid request: q holds only white space", code="empty_article")
    return texts, batch


def _alternatives(data: dict[str, Any]) -> int:
    raw = data.get("alternatives", 0)
    # A form sends "3"; JSON sends 3, or 3.0 (JSON Schema's integer too).
    count = int(raw) if isinstance(raw, str) and raw.strip().isdecimal() and raw.isascii() else whole_number(raw)
    if count is None:
        raise InvalidRequest("Invalid request: alternatives parameter is not a number", code="invalid_field",
                             field="alternatives")
    if not 0 <= count <= MAX_ALTERNATIVES:
        raise InvalidRequest(f"Invalid request: alternatives parameter must be between 0 and {MAX_ALTERNATIVES}",
                             code="invalid_field", field="alternatives")
    return count


def parse_translate(data: dict[str, Any], settings: Settings) -> LibreRequest:
    """Check a ``/translate`` request: q, source (default auto), target, format (default text), alternatives."""
    texts, batch = _texts(data, settings)
    fmt = _string(data, "format", "text")
    if fmt not in FORMATS:
        raise InvalidRequest(f"{fmt} format is not supported", code="invalid_field", field="format")
    alternatives = _alternatives(data)
    source = normalize_language(_string(data, "source", "auto"))
    return LibreRequest(texts, batch, source, normalize_language(_string(data, "target")), fmt, alternatives,
                        _glossaries(data))


def _glossaries(data: dict[str, Any]) -> tuple[str, ...] | None:
    """Targum's ``glossaries``: a JSON list, or in a form one comma-separated value ("" for none)."""
    raw = data.get("glossaries")
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    return glossary_refs(raw)


# make_draft's field names, as /suggest names them.
_SUGGEST_FIELDS = {"source": "q", "text": "s", "source_language": "source", "target_language": "target"}


def parse_suggestion(data: dict[str, Any]) -> Draft:
    """``/suggest``'s fields (``q`` the text, ``s`` the better translation, ``source``, ``target``) as a correction."""
    source = _string(data, "source")
    if source == "auto":
        raise InvalidRequest("Invalid request: a suggestion needs the source language, not auto",
                             code="invalid_field", field="source")
    try:
        return make_draft(_string(data, "q"), source, _string(data, "target"), _string(data, "s"))
    except CorrectionInvalid as refused:  # named as the client sent it
        field = _SUGGEST_FIELDS.get(str(refused.extra.get("field")), "q")
        raise CorrectionInvalid(str(refused).replace(f"`{refused.extra.get('field')}`", f"`{field}`"),
                                field=field) from None


def parse_detect(data: dict[str, Any], settings: Settings) -> str:
    """Check a ``/detect`` request: one ``q`` string."""
    q = data.get("q")
    if q is None or q == "":
        raise missing("q")
    if not isinstance(q, str):
        raise InvalidRequest("Invalid request: q parameter must be a string", code="invalid_field", field="q")
    texts, _ = _texts(data, settings)
    return texts[0]


def percent(confidence: float) -> float:
    """A 0–1 confidence on LibreTranslate's 0–100 scale."""
    return round(confidence * 100, 2)


def translate_json(
    req: LibreRequest, outputs: list[str], detections: Sequence[Detection] | None,
    alternatives: list[list[str]] | None = None,
) -> dict[str, Any]:
    """The ``/translate`` answer: lists for a list ``q``, single values for a string."""
    body: dict[str, Any] = {"translatedText": outputs if req.batch else outputs[0]}
    if detections is not None:
        found = [{"language": d.language, "confidence": percent(d.confidence)} for d in detections]
        body["detectedLanguage"] = found if req.batch else found[0]
    if req.alternatives:
        each = alternatives if alternatives is not None else [[] for _ in outputs]
        body["alternatives"] = each if req.batch else each[0]
    return body


def frontend_settings_json(settings: Settings, languages: Sequence[str], names: dict[str, str]) -> dict[str, Any]:
    """``/frontend/settings`` in LibreTranslate's shape, with this server's real limits and languages."""
    target = languages[1] if len(languages) > 1 else (languages[0] if languages else settings.pivot_language)
    return {
        "charLimit": settings.max_article_chars,
        "frontendTimeout": FRONTEND_TIMEOUT_MS,
        "apiKeys": bool(settings.api_keys),
        "keyRequired": bool(settings.api_keys),
        "suggestions": True,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "language": {
            "source": {"code": "auto", "name": "Auto Detect"},
            "target": {"code": target, "name": names.get(target, target)},
        },
    }
