"""The pipeline: one article, every requested target, one batched model call per package.

request → :class:`~translator.article.Article` → block languages → units
(sentences) → engine → translated units → blocks → renderings.

For each block and target the pipeline decides a status first (translated,
kept as boilerplate, already in the target, unsupported…), so nothing a
client sent is dropped: every block comes back in every target, marked. The
model work of all targets is then planned together: every package gets the
distinct sentences that any target needs from it, in ONE call, and a pivot's
English is computed once and shared (it is the ``en`` output itself when
``en`` is requested too).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

from translator.article import Article, Block, BlockKind
from translator.detect import UNDETERMINED, Detection, Detector, declared_source
from translator.engine import DecodeOptions, Engine
from translator.errors import TimeBudgetExceeded, UndetectableLanguage, UnsupportedLanguage, UnsupportedSource
from translator.graph import Route
from translator.memory import NoMemory, TranslationMemory, memory_key
from translator.packages import PackageInfo
from translator.render import render_html, render_text
from translator.sentences import assemble, split_units
from translator.typography import direction


@dataclass(frozen=True)
class Options:
    """What the client may choose per request."""

    beam_size: int | None = None
    translate_boilerplate: bool = False
    translate_bylines: bool = True
    quote_style: str = "default"


@dataclass(frozen=True)
class SourceInfo:
    """The article's language, how sure we are, and whether it was detected."""

    language: str
    confidence: float
    detected: bool
    alternatives: tuple[tuple[str, float], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceBlock:
    """A block of the source article with its own language."""

    id: str
    kind: str
    text: str
    language: str
    language_inherited: bool


@dataclass(frozen=True)
class TranslatedBlock:
    """A block in one target: its text there, and how it got it."""

    id: str
    kind: str
    text: str
    status: str
    dir: str
    language: str
    reason: str | None = None


@dataclass(frozen=True)
class TargetTranslation:
    """The whole article in one target language."""

    language: str
    dir: str
    blocks: tuple[TranslatedBlock, ...]
    text: str
    html: str


@dataclass(frozen=True)
class Stats:
    """What the request cost."""

    sentences: int
    cached_sentences: int
    model_sentences: int
    model_calls: int
    elapsed_ms: int


@dataclass(frozen=True)
class ArticleTranslation:
    """The answer to one request: the source as understood, and every target."""

    source: SourceInfo
    blocks: tuple[SourceBlock, ...]
    translations: dict[str, TargetTranslation]
    stats: Stats


@dataclass
class _Plan:
    """Sentences each route must carry, and the results once they are known."""

    needs: dict[Route, set[str]] = field(default_factory=dict)
    results: dict[tuple[str, str], str] = field(default_factory=dict)  # (package name, input) → output
    model_sentences: int = 0
    model_calls: int = 0
    cached_sentences: int = 0

    def need(self, route: Route, texts: Sequence[str]) -> None:
        self.needs.setdefault(route, set()).update(texts)

    def output(self, route: Route, text: str) -> str:
        for package in route.hops:
            text = self.results[(package.name, text)]
        return text


class Pipeline:
    """Translates articles with one engine, detector and memory (all built once per process)."""

    def __init__(self, engine: Engine, detector: Detector, memory: TranslationMemory | None = None) -> None:
        self.engine = engine
        self.detector = detector
        self.memory: TranslationMemory = memory if memory is not None else NoMemory()

    def source_info(self, article: Article, source: str) -> tuple[SourceInfo, list[Detection]]:
        """The article's language (detected or declared) and each block's."""
        texts = [b.text for b in article.blocks]
        if source == "auto":
            found = self.detector.detect_article(texts)
            if found.language == UNDETERMINED:
                raise UndetectableLanguage("the article's language could not be determined; send `source`")
            info = SourceInfo(found.language, found.confidence, True, found.alternatives)
        else:
            found, warning = declared_source(source, texts)
            info = SourceInfo(found.language, 1.0, False, (), (warning,) if warning else ())
        if info.language not in self.engine.graph.sources():
            raise UnsupportedSource(
                f"the article is in {info.language!r}, which no installed package translates from",
                language=info.language, supported=list(self.engine.graph.sources()),
            )
        blocks = self.detector.detect_blocks(texts, Detection(info.language, info.confidence, reliable=True))
        if not info.detected:
            # The client's word decides for every block that was not judged on its own.
            blocks = [Detection(info.language, 1.0, inherited=True) if d.inherited or d.language == UNDETERMINED
                      else d for d in blocks]
        return info, blocks

    def translate(
        self, article: Article, source: str, targets: Sequence[str], options: Options = Options(),
        deadline: float | None = None,
    ) -> ArticleTranslation:
        """Translate ``article`` into every target; ``source`` is a code or "auto".

        ``deadline`` (a ``time.monotonic()`` value) is checked before each
        model call; a model call already running is not interrupted.
        """
        started = time.perf_counter()
        for target in targets:
            if target not in self.engine.graph.languages:
                raise UnsupportedLanguage(f"no installed package translates into {target!r}", target=target)
        info, detections = self.source_info(article, source)
        languages = [d.language if d.language != UNDETERMINED else info.language for d in detections]
        units = {b.id: split_units(b, lang) for b, lang in zip(article.blocks, languages)}

        plan = _Plan()
        decisions: dict[tuple[str, str], tuple[str, Route | None, str | None]] = {}
        for target in targets:
            for block, language in zip(article.blocks, languages):
                decision = self._decide(block, language, info.language, target, options)
                decisions[(target, block.id)] = decision
                status, route, _ = decision
                if route is not None:
                    plan.need(route, [u.text for u in units[block.id] if u.translate])
        self._run(plan, DecodeOptions(beam_size=options.beam_size or self.engine.settings.beam_size), deadline)

        translations = {}
        for target in targets:
            blocks = []
            for block, language in zip(article.blocks, languages):
                status, route, reason = decisions[(target, block.id)]
                if route is None:
                    text, lang = block.text, language
                else:
                    block_units = units[block.id]
                    outputs = [plan.output(route, u.text) for u in block_units if u.translate]
                    text, lang = assemble(block, block_units, outputs, target, options.quote_style), target
                blocks.append(TranslatedBlock(block.id, str(block.kind), text, status, direction(lang), lang, reason))
            translations[target] = TargetTranslation(
                target, direction(target), tuple(blocks),
                render_text(article, blocks), render_html(target, blocks),
            )
        source_blocks = tuple(
            SourceBlock(b.id, str(b.kind), b.text, lang, d.inherited)
            for b, lang, d in zip(article.blocks, languages, detections)
        )
        first_hops = {text for route, texts in plan.needs.items() for text in texts}
        stats = Stats(len(first_hops), plan.cached_sentences, plan.model_sentences, plan.model_calls,
                      int((time.perf_counter() - started) * 1000))
        return ArticleTranslation(info, source_blocks, translations, stats)

    def _decide(
        self, block: Block, language: str, article_language: str, target: str, options: Options
    ) -> tuple[str, Route | None, str | None]:
        """(status, route to translate along or None, reason) for one block in one target."""
        if target == article_language:
            return "source", None, None
        if block.kind == BlockKind.BOILERPLATE and not options.translate_boilerplate:
            return "kept_boilerplate", None, "site boilerplate is not translated unless translate_boilerplate is set"
        if block.kind in (BlockKind.BYLINE, BlockKind.CREDIT) and not options.translate_bylines:
            return "kept_byline", None, "bylines and credits are kept unless translate_bylines is set"
        if language == target:
            return "already_in_target", None, None
        if not self.engine.graph.has_route(language, target):
            return "unsupported_language", None, f"no installed package translates {language!r} to {target!r}"
        return "translated", self.engine.graph.route(language, target), None

    def _run(self, plan: _Plan, options: DecodeOptions, deadline: float | None) -> None:
        """Make the model calls: each package once, after the packages that feed it."""
        pending: dict[str, tuple[PackageInfo, list[tuple[Route, int]]]] = {}
        for route in plan.needs:
            for index, package in enumerate(route.hops):
                pending.setdefault(package.name, (package, []))[1].append((route, index))
        done: set[str] = set()
        while pending:
            ready = [name for name, (_, uses) in pending.items()
                     if all(i == 0 or route.hops[i - 1].name in done for route, i in uses)]
            if not ready:  # a cycle cannot come from routes of at most two hops
                raise RuntimeError("translation plan has a cycle")
            calls = []
            for name in sorted(ready):
                package, uses = pending.pop(name)
                done.add(name)
                inputs = sorted({self._input(plan, route, i, text)
                                 for route, i in uses for text in plan.needs[route]})
                if inputs:
                    calls.append((package, inputs))
            if deadline is not None and calls and time.monotonic() > deadline:
                raise TimeBudgetExceeded("the request ran past its time budget; send a shorter article")
            # Packages that do not feed each other run at once: CTranslate2 releases the
            # GIL, so en→he and en→ru of one request share the cores instead of queueing.
            if len(calls) > 1:
                with ThreadPoolExecutor(max_workers=len(calls)) as pool:
                    answers = list(pool.map(lambda call: self._translate(call[0], call[1], options), calls))
            else:
                answers = [self._translate(package, inputs, options) for package, inputs in calls]
            for (package, inputs), (outputs, cached) in zip(calls, answers):
                plan.results.update({(package.name, src): out for src, out in zip(inputs, outputs)})
                plan.cached_sentences += cached
                if cached < len(inputs):
                    plan.model_sentences += len(inputs) - cached
                    plan.model_calls += 1

    def _translate(self, package: PackageInfo, inputs: list[str], options: DecodeOptions) -> tuple[list[str], int]:
        """The memory's translations where it has them, one model call for the rest; and how many were remembered."""
        compute = self.engine.settings.compute_type
        keys = [memory_key(package, options.beam_size, compute, text) for text in inputs]
        found = self.memory.get_many(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            fresh = self.engine.translate_package(package, [inputs[i] for i in missing], options)
            self.memory.put_many({keys[i]: out for i, out in zip(missing, fresh)})
            found.update({keys[i]: out for i, out in zip(missing, fresh)})
        return [found[key] for key in keys], len(inputs) - len(missing)

    @staticmethod
    def _input(plan: _Plan, route: Route, index: int, text: str) -> str:
        for package in route.hops[:index]:
            text = plan.results[(package.name, text)]
        return text
