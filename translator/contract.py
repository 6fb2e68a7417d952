"""The v1 API's contract: request parsing and response JSON, used by the web layer and by jobs alike.

JSON in, dataclasses out, and back. Parsing is strict: an unknown option, a wrong type or an out-of-range value is
a 400 with the field's name, never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from translator.corrections.approved import SentenceSource, Suggestion
from translator.document.article import BlockKind, Evidence
from translator.document.segment import KindHint
from translator.document.translation import SourceBlock, TranslatedBlock
from translator.errors import ArticleTooLarge, GlossaryTooLarge, InvalidRequest, TooManyTargets
from translator.glossary.terms import Entry, TermUse, make_entries
from translator.language.detect import Detection, normalize_language
from translator.pipeline import Options
from translator.render import RenderedTranslation
from translator.review.flags import Flag, Review, summarize
from translator.settings import Settings
from translator.text.typography import QUOTE_STYLES

OPTION_TYPES: dict[str, type] = {
    "beam_size": int, "translate_boilerplate": bool, "translate_bylines": bool, "quote_style": str, "explain": bool,
    "sanitize": bool, "flags": bool, "mark_flags": bool,
}
HINT_KINDS = tuple(kind.value for kind in BlockKind)
MAX_GLOSSARIES = 20  # glossaries named in one request
MAX_INLINE_ENTRIES = 1000
ArticleFormat = Literal["text", "html"]
FORMATS: tuple[ArticleFormat, ...] = ("text", "html")


@dataclass(frozen=True)
class TranslateRequest:
    """A parsed ``POST /v1/translate`` body."""

    body: str
    title: str | None
    format: ArticleFormat
    source: str  # a language code, or "auto"
    targets: tuple[str, ...]
    options: Options
    hints: tuple[KindHint, ...] = ()
    # Glossary ids or names; None: the configured default glossaries (TARGUM_DEFAULT_GLOSSARIES).
    glossaries: tuple[str, ...] | None = None
    glossary_entries: tuple[Entry, ...] = ()


def whole_number(value: Any) -> int | None:
    """``value`` as an int when it is one in JSON Schema's sense (``4``, ``4.0``), else None.

    JSON has one number type: ``4.0`` is the integer 4 to JSON Schema (and to clients that only have floats), so it
    is taken as 4; ``4.5`` is not a whole number, and ``true`` (an int to Python) is a boolean, not a number.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _field(obj: dict[str, Any], name: str, kind: type, where: str, required: bool = False) -> Any:
    if name not in obj or obj[name] is None:
        if required:
            raise InvalidRequest(f"`{where}{name}` is required", code="missing_field", field=where + name)
        return None
    value = obj[name]
    if kind is int:
        number = whole_number(value)
        if number is None:
            raise InvalidRequest(f"`{where}{name}` must be a whole number", code="invalid_field", field=where + name)
        return number
    if not isinstance(value, kind):
        raise InvalidRequest(f"`{where}{name}` must be {kind.__name__}", code="invalid_field", field=where + name)
    return value


def parse_options(raw: Any, settings: Settings | None = None) -> Options:
    """The ``options`` object: known keys only, each checked; ``settings`` give the configured defaults."""
    sanitize_default = settings.sanitize_html if settings is not None else False
    if raw is None:
        return Options(sanitize=sanitize_default)
    if not isinstance(raw, dict):
        raise InvalidRequest("`options` must be an object", code="invalid_field", field="options")
    unknown = sorted(set(raw) - set(OPTION_TYPES))
    if unknown:
        raise InvalidRequest(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(OPTION_TYPES)}",
                             code="invalid_field", field="options")
    values = {name: _field(raw, name, kind, "options.") for name, kind in OPTION_TYPES.items()}
    beam = values["beam_size"]
    if beam is not None and not 1 <= beam <= 8:
        raise InvalidRequest("`options.beam_size` must be between 1 and 8", code="invalid_field",
                             field="options.beam_size")
    style = values["quote_style"]
    if style is not None and style != "default" and style not in QUOTE_STYLES:
        raise InvalidRequest(f"`options.quote_style` must be one of default, {', '.join(QUOTE_STYLES)}",
                             code="invalid_field", field="options.quote_style")
    return Options(
        beam_size=beam,
        translate_boilerplate=bool(values["translate_boilerplate"]),
        translate_bylines=True if values["translate_bylines"] is None else values["translate_bylines"],
        quote_style=style or "default",
        explain=bool(values["explain"]),
        sanitize=sanitize_default if values["sanitize"] is None else values["sanitize"],
        flags=True if values["flags"] is None else values["flags"],
        mark_flags=bool(values["mark_flags"]),
    )


def _hint(raw: Any, where: str, numbers: int, blank: set[int], texts: set[str]) -> KindHint:
    """One ``article.hints`` item: a kind, and the line it names by number or by its text."""
    if not isinstance(raw, dict):
        raise InvalidRequest(f"`{where}` must be an object", code="invalid_field", field=where)
    kind = _field(raw, "kind", str, where + ".", required=True)
    if kind not in HINT_KINDS:
        raise InvalidRequest(f"`{where}.kind` must be one of {', '.join(HINT_KINDS)}", code="invalid_field",
                             field=where + ".kind")
    line, text = _field(raw, "line", int, where + "."), _field(raw, "text", str, where + ".")
    unknown = sorted(set(raw) - {"kind", "line", "text"})
    if unknown or (line is None) == (text is None):
        raise InvalidRequest(f"`{where}` takes a `kind` and one of `line` (1-based) or `text`", code="invalid_field",
                             field=where)
    if line is not None and (not 1 <= line <= numbers or line in blank):
        raise InvalidRequest(f"`{where}.line` must name a non-blank line of the body (1-{numbers})",
                             code="invalid_field", field=where + ".line")
    if text is not None and (not text.strip() or text.strip() not in texts):
        raise InvalidRequest(f"`{where}.text` is not a line of the body", code="invalid_field", field=where + ".text")
    return KindHint(BlockKind(kind), line, text)


def parse_hints(raw: Any, body: str, fmt: ArticleFormat) -> tuple[KindHint, ...]:
    """``article.hints``: kinds the client already knows for lines of a text body; they win over Targum's."""
    if raw is None:
        return ()
    if fmt != "text":
        raise InvalidRequest("`article.hints` apply to text articles; in HTML, the markup says what a block is "
                             "(<figcaption>, <blockquote>, <h1>…)", code="invalid_field", field="article.hints")
    if not isinstance(raw, list):
        raise InvalidRequest("`article.hints` must be a list", code="invalid_field", field="article.hints")
    rows = body.split("\n")
    blank = {n for n, row in enumerate(rows, 1) if not row.strip()}
    texts = {row.strip() for row in rows}
    return tuple(_hint(item, f"article.hints[{n}]", len(rows), blank, texts) for n, item in enumerate(raw))


def glossary_refs(raw: Any) -> tuple[str, ...] | None:
    """``glossaries``: ids or names, in the order they win (None when not sent: the default glossaries).

    Names are printable and ids hex, so a ref with another character (a NUL, which PostgreSQL cannot even
    compare) names no glossary: refused here, where a job is refused too, not when it runs.
    """
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(r, str) and r.strip() for r in raw):
        raise InvalidRequest("`glossaries` must be a list of glossary ids or names", code="invalid_field",
                             field="glossaries")
    if len(raw) > MAX_GLOSSARIES:
        raise InvalidRequest(f"`glossaries` names {len(raw)} glossaries; at most {MAX_GLOSSARIES}",
                             code="invalid_field", field="glossaries")
    refs = tuple(dict.fromkeys(r.strip() for r in raw))
    if not all(r.isprintable() for r in refs):
        raise InvalidRequest("`glossaries` names glossaries by id or name, which are printable text",
                             code="invalid_field", field="glossaries")
    return refs


def parse_glossaries(data: dict[str, Any]) -> tuple[tuple[str, ...] | None, tuple[Entry, ...]]:
    """``glossaries`` (:func:`glossary_refs`) and ``glossary_entries`` (inline, winning over all)."""
    refs = glossary_refs(data.get("glossaries"))
    raw = data.get("glossary_entries")
    if raw is None:
        return refs, ()
    if isinstance(raw, list) and len(raw) > MAX_INLINE_ENTRIES:
        raise GlossaryTooLarge(f"`glossary_entries` has {len(raw)} entries; at most {MAX_INLINE_ENTRIES} inline "
                               "(store a glossary for more)", limit=MAX_INLINE_ENTRIES)
    entries = make_entries(raw, "glossary_entries")
    return refs, tuple(replace(e, id=f"inline:{n}") for n, e in enumerate(entries))


def parse_translate(data: Any, settings: Settings) -> TranslateRequest:
    """Check a translate request against the contract and the configured limits."""
    if not isinstance(data, dict):
        raise InvalidRequest("the request body must be a JSON object", code="invalid_json")
    article = _field(data, "article", dict, "", required=True)
    body = _field(article, "body", str, "article.", required=True)
    title = _field(article, "title", str, "article.")
    fmt = _field(article, "format", str, "article.")
    fmt = "text" if fmt is None else fmt
    if fmt not in FORMATS:
        raise InvalidRequest(f"`article.format` must be one of {', '.join(FORMATS)}", code="invalid_field",
                             field="article.format")
    source = normalize_language(_field(data, "source", str, "") or "auto")
    targets_raw = _field(data, "targets", list, "", required=True)
    if not targets_raw or not all(isinstance(t, str) and t.strip() for t in targets_raw):
        raise InvalidRequest("`targets` must be a non-empty list of language codes", code="invalid_field",
                             field="targets")
    targets = tuple(dict.fromkeys(normalize_language(t) for t in targets_raw))
    if len(targets) > settings.max_targets:
        raise TooManyTargets(f"{len(targets)} targets requested; at most {settings.max_targets} per request",
                             limit=settings.max_targets)
    chars = len(body) + len(title or "")
    if chars > settings.max_article_chars:
        raise ArticleTooLarge(f"the article has {chars} characters; the limit is {settings.max_article_chars}",
                              limit=settings.max_article_chars)
    if not (body.strip() or (title or "").strip()):
        raise InvalidRequest("the article is empty", code="empty_article")
    hints = parse_hints(article.get("hints"), body, cast(ArticleFormat, fmt))
    glossaries, entries = parse_glossaries(data)
    return TranslateRequest(body, title, cast(ArticleFormat, fmt), source, targets, parse_options(data.get("options"), settings),
                            hints, glossaries, entries)


def detection_json(found: Detection, supported: tuple[str, ...]) -> dict[str, Any]:
    """A detection as the API returns it."""
    return {
        "language": found.language,
        "confidence": found.confidence,
        "reliable": found.reliable,
        "supported": found.language in supported,
        "alternatives": [{"language": lang, "confidence": conf} for lang, conf in found.alternatives],
    }


def _source_block_json(block: SourceBlock, explain: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": block.id, "kind": block.kind.value, "text": block.text, "language": block.language,
           "language_inherited": block.language_inherited}
    if explain:
        evidence = block.evidence or Evidence(0.5, ())  # a block no rule explained (none is built so today)
        out.update(kind_confidence=evidence.confidence, reasons=list(evidence.reasons))
    return out


def translation_json(rendered: RenderedTranslation, explain: bool = False, flags: bool = True) -> dict[str, Any]:
    """The ``POST /v1/translate`` answer (``docs/api.md``, ``openapi.json``).

    ``explain`` adds each source block's ``kind_confidence`` and ``reasons`` (why it got its kind); ``flags``
    (``options.flags``, on by default) each target block's review ``flags`` and each target's ``review``.
    """
    result = rendered.translation
    source = result.source
    glossary = bool(rendered.glossaries)
    out: dict[str, Any] = {
        "source": {
            "language": source.language, "confidence": source.confidence, "detected": source.detected,
            "alternatives": [{"language": lang, "confidence": conf} for lang, conf in source.alternatives],
            "warnings": list(source.warnings),
        },
        "blocks": [_source_block_json(b, explain) for b in result.blocks],
        "translations": {
            target: {
                "language": t.language, "dir": t.dir,
                "blocks": [_target_block_json(b, glossary, flags, explain) for b in t.blocks],
                **({"review": _review_json(summarize(b.flags for b in t.blocks))} if flags else {}),
                "approved_blocks": [b.id for b in t.blocks if b.status == "approved"],
                "text": rendered.renderings[target].text, "html": rendered.renderings[target].html,
            }
            for target, t in result.translations.items()
        },
        "stats": {
            "sentences": result.stats.sentences, "cached_sentences": result.stats.cached_sentences,
            "model_sentences": result.stats.model_sentences, "model_calls": result.stats.model_calls,
            "elapsed_ms": result.stats.elapsed_ms,
        },
    }
    if glossary:
        out["glossaries"] = [applied.as_json() for applied in rendered.glossaries]
    unavailable = rendered.corrections_unavailable
    out["corrections"] = {"available": unavailable is None, **({"reason": unavailable} if unavailable else {})}
    return out


def _target_block_json(block: TranslatedBlock, glossary: bool, flags: bool, explain: bool) -> dict[str, Any]:
    """One block of one target: ``suggestions`` when there are near matches, ``sentences`` with ``explain``."""
    return {"id": block.id, "kind": block.kind.value, "text": block.text, "status": block.status, "dir": block.dir,
            "language": block.language, **({"reason": block.reason} if block.reason else {}),
            **({"glossary": [_term_use_json(u) for u in block.glossary]} if glossary else {}),
            **({"flags": [_flag_json(f) for f in block.flags]} if flags else {}),
            **({"suggestions": [suggestion_json(s) for s in block.suggestions]} if block.suggestions else {}),
            **({"sentences": [_sentence_json(s) for s in block.sentences]} if explain and block.sentences else {})}


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A near match, as a block and the corrections API show it."""
    return {"correction_id": suggestion.correction_id, "source": suggestion.source, "text": suggestion.text,
            "similarity": suggestion.similarity}


def _sentence_json(sentence: SentenceSource) -> dict[str, Any]:
    return {"source": sentence.source, "text": sentence.text, "origin": sentence.origin,
            **({"correction_id": sentence.correction_id} if sentence.correction_id else {})}


def _flag_json(flag: Flag) -> dict[str, Any]:
    return {"code": flag.code, "message": flag.message,
            "source_span": list(flag.source_span) if flag.source_span else None,
            "target_span": list(flag.target_span) if flag.target_span else None}


def _review_json(review: Review) -> dict[str, Any]:
    return {"blocks_flagged": review.blocks_flagged, "by_code": review.by_code}


def _term_use_json(use: TermUse) -> dict[str, str]:
    return {"term": use.term, "source": use.source, "target": use.target, "action": use.action}
