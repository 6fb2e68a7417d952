"""Targum's settings: one frozen object, built from the environment at start-up.

Nothing else in the project reads ``os.environ``: the application factory,
the CLI and ``gunicorn.conf.py`` call :meth:`Settings.from_env` once and pass
the result (or parts of it) down.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from translator.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The public Argos package index, as argostranslate itself defaults to it.
DEFAULT_PACKAGE_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, got {raw!r}")


def _codes(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    return tuple(code.strip().lower() for code in raw.split(",") if code.strip())


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated list, blanks dropped, case kept (secrets are case-sensitive)."""
    return tuple(item.strip() for item in (env.get(name) or "").split(",") if item.strip())


def _origins(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated origins (``https://cms.example``), ``*`` for any, ``none`` for no CORS at all."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if raw.lower() == "none":
        return ()
    origins = tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ConfigurationError(f"{name}: {origin!r} is not an origin such as https://cms.example, * or none")
    return origins


@dataclass(frozen=True)
class EngineSettings:
    """How models are loaded and decoded (CTranslate2 options)."""

    packages_dir: Path = PROJECT_ROOT / "models"
    beam_size: int = 4
    compute_type: str = "int8"
    inter_threads: int = 2
    intra_threads: int = 1
    max_batch_size: int = 8
    # A runaway decode is cut at this multiple of the longest input sentence
    # (in tokens) plus a small constant; real translations stay well under 3x.
    max_decode_ratio: float = 3.0
    eager_load: bool = False


REVIEW_CODES = (
    "number_mismatch", "untranslated", "wrong_script", "repetition", "length_ratio", "truncated", "low_confidence",
    "quotes_unbalanced", "glossary_not_enforced", "url_or_handle_changed",
)


@dataclass(frozen=True)
class ReviewSettings:
    """The review flags' checks and thresholds (translator/review/)."""

    checks: frozenset[str] = frozenset(REVIEW_CODES)
    # low_confidence: a sentence whose mean log-probability per token is below this; per pair ("en-ru") overrides.
    min_score: float = -1.5
    min_scores: tuple[tuple[str, float], ...] = ()
    # length_ratio: the band is the route's own ratio on a reference text, divided and multiplied by this;
    # per pair ("en-he", low, high) overrides; blocks shorter than min_length_chars are not judged.
    length_spread: float = 2.0
    length_bands: tuple[tuple[str, float, float], ...] = ()
    min_length_chars: int = 20

    def min_score_for(self, pair: str) -> float:
        return dict(self.min_scores).get(pair, self.min_score)

    def band_for(self, pair: str) -> tuple[float, float] | None:
        """The configured band of a pair, if one is set."""
        return next(((low, high) for name, low, high in self.length_bands if name == pair), None)


def _checks(env: Mapping[str, str], name: str) -> frozenset[str]:
    raw = (env.get(name) or "").strip()
    if not raw:
        return frozenset(REVIEW_CODES)
    if raw.lower() == "none":
        return frozenset()
    chosen = {code.strip() for code in raw.split(",") if code.strip()}
    unknown = sorted(chosen - set(REVIEW_CODES))
    if unknown:
        raise ConfigurationError(f"{name}: unknown check(s) {', '.join(unknown)}; known: {', '.join(REVIEW_CODES)}")
    return frozenset(chosen)


def _pair_values(env: Mapping[str, str], name: str) -> tuple[tuple[str, str], ...]:
    """``en-ru:-1.2,he-en:-1.8`` as (pair, value) strings."""
    out = []
    for item in (env.get(name) or "").split(","):
        if not item.strip():
            continue
        pair, _, value = item.strip().partition(":")
        if not re.fullmatch(r"[a-z]{2,3}-[a-z]{2,3}", pair) or not value:
            raise ConfigurationError(f"{name}: {item.strip()!r} is not pair:value (en-ru:-1.2)")
        out.append((pair, value))
    return tuple(out)


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ConfigurationError(f"{name}: {value!r} is not a number") from None


def _review(env: Mapping[str, str]) -> ReviewSettings:
    bands = []
    for pair, value in _pair_values(env, "TARGUM_REVIEW_LENGTH_BANDS"):
        low, _, high = value.partition("-")
        band = (_number("TARGUM_REVIEW_LENGTH_BANDS", low), _number("TARGUM_REVIEW_LENGTH_BANDS", high))
        if not 0 < band[0] < band[1]:
            raise ConfigurationError(f"TARGUM_REVIEW_LENGTH_BANDS: {pair} needs 0 < low < high, got {value!r}")
        bands.append((pair, *band))
    return ReviewSettings(
        checks=_checks(env, "TARGUM_REVIEW_CHECKS"),
        min_score=_float(env, "TARGUM_REVIEW_MIN_SCORE", ReviewSettings.min_score, -100.0, 0.0),
        min_scores=tuple((pair, _number("TARGUM_REVIEW_MIN_SCORES", value))
                         for pair, value in _pair_values(env, "TARGUM_REVIEW_MIN_SCORES")),
        length_spread=_float(env, "TARGUM_REVIEW_LENGTH_SPREAD", ReviewSettings.length_spread, 1.01, 100.0),
        length_bands=tuple(bands),
    )


@dataclass(frozen=True)
class Settings:
    """Every setting of the service, with its environment variable in the README's configuration table."""

    engine: EngineSettings = field(default_factory=EngineSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    package_index: str = DEFAULT_PACKAGE_INDEX
    # The languages the newsroom publishes; /readyz wants every pair among them.
    languages: tuple[str, ...] = ("en", "he", "ru")
    pivot_language: str = "en"
    # Off when empty; otherwise every API call needs one of these keys.
    api_keys: tuple[str, ...] = ()
    # LibreTranslate's GET /languages answers without a key, as LibreTranslate does (a wrong key is still refused).
    open_languages: bool = True
    # Origins allowed to call the LibreTranslate-compatible paths from a browser ("*": any); never /v1.
    cors_origins: tuple[str, ...] = ("*",)
    max_request_bytes: int = 2 * 1024 * 1024
    max_article_chars: int = 100_000
    max_targets: int = 5
    # HTML articles: strip active markup (scripts, frames, on* handlers, javascript: URLs) unless a request says not.
    sanitize_html: bool = False
    # The translation memory: on by default, bounded, LRU (see translator/engine/memory.py).
    memory_enabled: bool = True
    memory_max_entries: int = 500_000
    # Checked between model calls: a request past it stops with 503.
    request_time_budget_s: float = 120.0
    port: int = 8000
    web_workers: int = 1
    web_threads: int = 4
    web_timeout: int = 120
    # A request must arrive whole (head and body) this long after its first byte, else 408.
    request_read_timeout_s: float = 30.0
    # Return freed memory to the system after each request (glibc's malloc_trim).
    release_memory: bool = True
    instance_dir: Path = PROJECT_ROOT / "instance"
    # Editors' durable data (glossaries): SQLAlchemy URL; None: SQLite at instance_dir/targum.db.
    database_url: str | None = None
    # Glossaries (ids or names) applied to a request that names none of its own.
    default_glossaries: tuple[str, ...] = ()
    # A glossary file (CSV or TSV) or entries list over this many bytes is refused.
    glossary_max_bytes: int = 2 * 1024 * 1024
    # A TMX file to import over this many bytes is refused unread (TARGUM_MAX_REQUEST_BYTES applies first).
    tmx_max_bytes: int = 16 * 1024 * 1024
    # When set, GET /metrics needs `Authorization: Bearer <token>`; else it is open (never under API keys).
    metrics_token: str | None = None
    # Where gunicorn's workers keep their Prometheus samples (set by gunicorn.conf.py at start); None: one process.
    prometheus_multiproc_dir: Path | None = None
    # Asynchronous jobs and signed callbacks (translator/jobs/: queue.py, webhooks.py, callback_urls.py).
    # Redis shares the queue and the job store between hosts; without it, SQLite under instance_dir.
    redis_url: str | None = None
    # The first secret signs callbacks; all are listed during a rotation. Empty: jobs are refused.
    webhook_secrets: tuple[str, ...] = ()
    # Hosts, IPs or CIDR ranges; when set, the only callback targets, and private ones pass.
    callback_allowed_hosts: tuple[str, ...] = ()
    # When set, POST /v1/jobs needs the CMS's X-Hub-Signature-256 made with it.
    inbound_secret: str | None = None
    job_result_ttl_s: float = 7 * 86400.0
    callback_retry_horizon_s: float = 86400.0
    callback_timeout_s: float = 10.0
    # The first retry waits about this long; each later one about twice the one before.
    callback_backoff_base_s: float = 5.0
    # Consumer threads inside each web worker; 0 when a separate `worker:` process consumes.
    job_workers: int = 1
    # A running job whose worker stops renewing it for this long is run again.
    job_lease_s: float = 60.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Build the settings from environment variables (``os.environ`` by default).

        Raises :class:`ConfigurationError` with the variable's name when a
        value is malformed, so a bad deployment fails at start-up, loudly.
        """
        env = os.environ if env is None else env
        engine = EngineSettings(
            packages_dir=Path(env.get("ARGOS_PACKAGES_DIR") or EngineSettings.packages_dir),
            beam_size=_int(env, "ARGOS_BEAM_SIZE", EngineSettings.beam_size, 1, 8),
            compute_type=env.get("ARGOS_COMPUTE_TYPE") or EngineSettings.compute_type,
            inter_threads=_int(env, "ARGOS_INTER_THREADS", EngineSettings.inter_threads, 1, 256),
            intra_threads=_int(env, "ARGOS_INTRA_THREADS", EngineSettings.intra_threads, 0, 256),
            max_batch_size=_int(env, "TARGUM_MAX_BATCH_SIZE", EngineSettings.max_batch_size, 1, 4096),
            max_decode_ratio=_float(
                env, "TARGUM_MAX_DECODE_RATIO", EngineSettings.max_decode_ratio, 1.0, 20.0
            ),
            eager_load=_bool(env, "TARGUM_EAGER_LOAD", EngineSettings.eager_load),
        )
        return cls(
            engine=engine,
            review=_review(env),
            package_index=env.get("ARGOS_PACKAGE_INDEX") or DEFAULT_PACKAGE_INDEX,
            languages=_codes(env, "TARGUM_LANGUAGES", cls.languages),
            pivot_language=(env.get("TARGUM_PIVOT_LANGUAGE") or cls.pivot_language).lower(),
            api_keys=tuple(key.strip() for key in (env.get("TARGUM_API_KEYS") or "").split(",") if key.strip()),
            open_languages=_bool(env, "TARGUM_OPEN_LANGUAGES", cls.open_languages),
            cors_origins=_origins(env, "TARGUM_CORS_ORIGINS", cls.cors_origins),
            max_request_bytes=_int(env, "TARGUM_MAX_REQUEST_BYTES", cls.max_request_bytes, 1024, 1024**3),
            max_article_chars=_int(env, "TARGUM_MAX_ARTICLE_CHARS", cls.max_article_chars, 1, 10_000_000),
            max_targets=_int(env, "TARGUM_MAX_TARGETS", cls.max_targets, 1, 50),
            sanitize_html=_bool(env, "TARGUM_SANITIZE_HTML", cls.sanitize_html),
            memory_enabled=_bool(env, "TARGUM_MEMORY", cls.memory_enabled),
            memory_max_entries=_int(env, "TARGUM_MEMORY_MAX_ENTRIES", cls.memory_max_entries, 1, 1_000_000_000),
            request_time_budget_s=_float(
                env, "TARGUM_REQUEST_TIME_BUDGET", cls.request_time_budget_s, 0.001, 86400.0
            ),
            port=_int(env, "PORT", cls.port, 1, 65535),
            web_workers=_int(env, "TARGUM_WEB_WORKERS", cls.web_workers, 1, 64),
            web_threads=_int(env, "TARGUM_WEB_THREADS", cls.web_threads, 1, 256),
            web_timeout=_int(env, "TARGUM_WEB_TIMEOUT", cls.web_timeout, 1, 3600),
            request_read_timeout_s=_float(
                env, "TARGUM_REQUEST_READ_TIMEOUT", cls.request_read_timeout_s, 0.1, 3600.0
            ),
            release_memory=_bool(env, "TARGUM_RELEASE_MEMORY", cls.release_memory),
            instance_dir=Path(env.get("TARGUM_INSTANCE_DIR") or cls.instance_dir),
            database_url=(env.get("DATABASE_URL") or "").strip() or None,
            default_glossaries=_list(env, "TARGUM_DEFAULT_GLOSSARIES"),
            glossary_max_bytes=_int(env, "TARGUM_GLOSSARY_MAX_BYTES", cls.glossary_max_bytes, 1024, 1024**3),
            tmx_max_bytes=_int(env, "TARGUM_TMX_MAX_BYTES", cls.tmx_max_bytes, 1024, 1024**3),
            metrics_token=(env.get("TARGUM_METRICS_TOKEN") or "").strip() or None,
            prometheus_multiproc_dir=Path(env["PROMETHEUS_MULTIPROC_DIR"]) if env.get("PROMETHEUS_MULTIPROC_DIR") else None,
            redis_url=(env.get("REDIS_URL") or "").strip() or None,
            webhook_secrets=_list(env, "TARGUM_WEBHOOK_SECRETS"),
            callback_allowed_hosts=_list(env, "TARGUM_CALLBACK_ALLOWED_HOSTS"),
            inbound_secret=env.get("TARGUM_INBOUND_SECRET") or None,
            job_result_ttl_s=_float(env, "TARGUM_JOB_RESULT_TTL", cls.job_result_ttl_s, 1.0, 365 * 86400.0),
            callback_retry_horizon_s=_float(
                env, "TARGUM_CALLBACK_RETRY_HORIZON", cls.callback_retry_horizon_s, 0.0, 30 * 86400.0
            ),
            callback_timeout_s=_float(env, "TARGUM_CALLBACK_TIMEOUT", cls.callback_timeout_s, 0.1, 600.0),
            callback_backoff_base_s=_float(
                env, "TARGUM_CALLBACK_BACKOFF_BASE", cls.callback_backoff_base_s, 0.01, 3600.0
            ),
            job_workers=_int(env, "TARGUM_JOB_WORKERS", cls.job_workers, 0, 64),
            job_lease_s=_float(env, "TARGUM_JOB_LEASE", cls.job_lease_s, 1.0, 3600.0),
        )

    def with_engine(self, **changes: Any) -> "Settings":
        """A copy with some engine settings changed (tests and benchmarks use it)."""
        return replace(self, engine=replace(self.engine, **changes))
