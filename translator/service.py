"""The service: the long-lived objects of one worker process, and what they are asked to do.

The web layer keeps one :class:`Targum` in ``app.extensions["targum"]``; the
job worker, the CLI and the benchmarks build their own. It translates one
article request (text or HTML, every target, rendered), a LibreTranslate-style
batch of texts, and says whether it is ready. It tells its observers (the web
layer's metrics) what each pipeline pass cost and how long each model call
took. Nothing here imports Flask.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Iterator, Protocol, Sequence

from translator.batch import TextsTranslation, translate_texts
from translator.contract import TranslateRequest
from translator.document.segment import segment_text
from translator.document.translation import ArticleTranslation, Stats
from translator.engine.attention import AlignedText
from translator.engine.engine import Engine
from translator.engine.memory import NoMemory, RedisMemory, SqliteMemory, TranslationMemory
from translator.engine.model import DecodeOptions
from translator.engine.packages import PackageInfo
from translator.html.parse import parse_html
from translator.html.translate import translate_html
from translator.language.detect import Detector
from translator.pipeline import Pipeline
from translator.render import RenderedTranslation, render_all
from translator.settings import Settings
from translator.store.approvals import Approvals
from translator.store.corrections import CorrectionStore
from translator.store.database import open_database
from translator.store.glossaries import GlossaryStore
from translator.store.termbases import TermBases

INSTALL_HINT = (
    "no translation packages are installed: run `flask --app app models install en he ru` "
    "where the internet is reachable, or `flask --app app models install-file PATH.argosmodel`"
)


class Observer(Protocol):
    """Told what the service does: the web layer's metrics are one."""

    def translated(self, stats: Stats) -> None:
        """One pipeline pass is over (an article, or one source language of a batch)."""

    def model_called(self, package: str, sentences: int, seconds: float) -> None:
        """One batched model call is over (the model's loading not included)."""


class _ObservedEngine(Engine):
    """The engine, timing each batched model call for the service's observers."""

    def __init__(self, observers: list[Observer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._observers = observers

    @contextmanager
    def _timed(self, package: PackageInfo, sentences: Sequence[str]) -> Iterator[None]:
        self.model(package)  # a first call's loading is not the call's time
        started = time.perf_counter()
        yield
        for observer in self._observers:
            observer.model_called(package.name, len(sentences), time.perf_counter() - started)

    def translate_package(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[str]:
        with self._timed(package, sentences):
            return super().translate_package(package, sentences, options)

    def translate_package_scored(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[AlignedText]:
        with self._timed(package, sentences):
            return super().translate_package_scored(package, sentences, options)

    def translate_package_aligned(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[AlignedText]:
        with self._timed(package, sentences):
            return super().translate_package_aligned(package, sentences, options)

    def translate_package_nbest(
        self, package: PackageInfo, sentences: Sequence[str], count: int, options: DecodeOptions | None = None
    ) -> list[list[str]]:
        with self._timed(package, sentences):
            return super().translate_package_nbest(package, sentences, count, options)


class _ObservedPipeline(Pipeline):
    """The pipeline, handing each pass's :class:`Stats` to the service's observers."""

    def __init__(self, observers: list[Observer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._observers = observers

    def translate(self, *args: Any, **kwargs: Any) -> ArticleTranslation:
        result = super().translate(*args, **kwargs)
        for observer in self._observers:
            observer.translated(result.stats)
        return result


@dataclass(frozen=True)
class Readiness:
    """Whether the service can translate every configured pair, and if not, why."""

    ready: bool
    reasons: tuple[str, ...]


class Targum:
    """Settings, engine, detector and pipeline of one process."""

    def __init__(self, settings: Settings, detector: Detector | None = None) -> None:
        self.settings = settings
        # Whoever wants to know what translation costs (the web layer's metrics) adds itself here.
        self.observers: list[Observer] = []
        self.engine: Engine = _ObservedEngine(self.observers, settings.engine, pivot=settings.pivot_language)
        # langdetect's profiles load here, once per process, seeded: the same
        # text gets the same answer in every worker. A caller that builds many
        # services in one process (the tests) may share one detector instead.
        self.detector = detector if detector is not None else Detector(seed=0, newsroom=settings.languages)
        self.memory = open_memory(settings)
        self.pipeline: Pipeline = _ObservedPipeline(self.observers, self.engine, self.detector, self.memory,
                                                    settings.review)
        # Editors' durable data: SQLite under the instance dir, or DATABASE_URL; opened on first use.
        self.database = open_database(settings)
        self.glossaries = GlossaryStore(self.database)
        self.term_bases = TermBases(self.glossaries, settings.default_glossaries)
        self.corrections = CorrectionStore(self.database)
        # Approved translations come before the memory and the model; near matches are this process's index.
        self.approvals = Approvals(self.corrections)

    def check_targets(self, targets: Sequence[str]) -> None:
        """Raise ``unsupported_target_language`` for targets no installed package reaches."""
        self.engine.graph.check_targets(targets)

    def translate(self, request: TranslateRequest, deadline: float | None = None) -> RenderedTranslation:
        """One article request, as /v1/translate and a job both run it: text or HTML, every target, rendered.

        ``deadline`` is a ``time.monotonic()`` value (None: no time budget, as for jobs).
        """
        self.check_targets(request.targets)
        terms, applied = self.term_bases.resolve(request.glossaries, request.glossary_entries)
        approvals = self.approvals.for_request()
        if request.format == "html":
            doc = parse_html(request.body, request.title, request.options.sanitize)
            rendered = translate_html(self.pipeline, doc, request.source, request.targets, request.options, deadline,
                                      terms, approvals)
        else:
            article = segment_text(request.body, request.title, request.hints)
            result = self.pipeline.translate(article, request.source, request.targets, request.options, deadline,
                                             terms=terms, approved=approvals)
            rendered = render_all(article, result, request.options.mark_flags)
        return replace(rendered, glossaries=applied, corrections_unavailable=approvals.unavailable)

    def translate_texts(
        self, texts: Sequence[str], fmt: str, source: str, target: str, deadline: float | None = None,
        glossaries: Sequence[str] | None = None,
    ) -> TextsTranslation:
        """A LibreTranslate-style batch: every text into one target, each model called once for all.

        ``glossaries``: ids or names (None: the default glossaries).
        """
        self.check_targets([target])
        terms, _ = self.term_bases.resolve(glossaries)
        return translate_texts(self.pipeline, texts, fmt, source, target, deadline, self.settings.sanitize_html,
                               terms, self.approvals.for_request())

    def installed_pairs(self) -> list[str]:
        """Directly installed pairs as "from-to" strings."""
        return [f"{p.from_code}-{p.to_code}" for p in self.engine.catalog.packages]

    def readiness(self) -> Readiness:
        """Ready when every pair among the configured languages has a route.

        With eager loading on, the models must also be in memory.
        """
        reasons: list[str] = []
        if not self.engine.catalog.packages:
            reasons.append(INSTALL_HINT)
        languages = self.settings.languages
        for source in languages:
            for target in languages:
                if source != target and not self.engine.graph.has_route(source, target):
                    reasons.append(f"no installed package or pivot translates {source} to {target}")
        if self.settings.engine.eager_load:
            missing = {p.name for p in self.engine.catalog.packages} - set(self.engine.loaded)
            reasons.extend(f"model {name} not loaded yet" for name in sorted(missing))
        return Readiness(not reasons, tuple(reasons))


def open_memory(settings: Settings) -> TranslationMemory:
    """The translation memory the settings ask for: off, Redis with REDIS_URL, else SQLite under the instance dir."""
    if not settings.memory_enabled:
        return NoMemory()
    if settings.redis_url:
        return RedisMemory(settings.redis_url, settings.memory_max_entries)
    return SqliteMemory(settings.instance_dir / "memory.db", settings.memory_max_entries)
