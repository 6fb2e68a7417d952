"""The pipeline: one article, every requested target, one batched model call per package.

request → :class:`~translator.document.article.Article` → block languages → units
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

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

from translator.text.alignment import AlignedText, Link, block_links, compose
from translator.document.article import Article, Block, BlockKind
from translator.language.detect import UNDETERMINED, Detection, Detector, declared_source
from translator.engine.engine import DecodeOptions, Engine
from translator.errors import TimeBudgetExceeded, UndetectableLanguage, UnsupportedLanguage, UnsupportedSource
from translator.engine.graph import Route
from translator.engine.memory import NoMemory, TranslationMemory, memory_key
from translator.engine.packages import PackageInfo
from translator.render import render_html, render_text
from translator.text.sentences import assemble, split_units
from translator.text.typography import direction


# Memory entries that carry an alignment are keyed apart from plain ones.
_ALIGNED_KEY = "\x1daligned\x1d"


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
    # For blocks translated with alignment (HTML with inline markup): source-text → text links.
    alignment: tuple[Link, ...] | None = None


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
    aligned: dict[Route, set[str]] = field(default_factory=dict)  # the needs whose alignment is wanted too
    links: dict[tuple[str, str], tuple[Link, ...]] = field(default_factory=dict)  # (package name, input) → links
    model_sentences: int = 0
    model_calls: int = 0
    cached_sentences: int = 0

    def need(self, route: Route, texts: Sequence[str]) -> None:
        self.needs.setdefault(route, set()).update(texts)

    def output(self, route: Route, text: str, hops: int | None = None) -> str:
        """``text`` carried along the route's first ``hops`` packages (all of them by default)."""
        for package in route.hops[:hops]:
            text = self.results[(package.name, text)]
        return text

    def aligned_output(self, route: Route, text: str) -> AlignedText:
        """The output along ``route`` and its alignment to ``text``, composed across a pivot."""
        links: tuple[Link, ...] | None = None
        for package in route.hops:
            hop = self.links[(package.name, text)]
            links = hop if links is None else compose(links, hop)
            text = self.results[(package.name, text)]
        return AlignedText(text, links or ())


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
        deadline: float | None = None, aligned: frozenset[str] = frozenset(),
    ) -> ArticleTranslation:
        """Translate ``article`` into every target; ``source`` is a code or "auto".

        ``deadline`` (a ``time.monotonic()`` value) is checked before each
        model call; a model call already running is not interrupted. Blocks
        whose ids are in ``aligned`` come back with ``alignment``: links from
        their source text to their translated text (HTML places inline
        markup with them); their sentences are decoded in the same one call
        per package, with the decoder's attention.
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
                    if block.id in aligned:
                        plan.aligned.setdefault(route, set()).update(u.text for u in units[block.id] if u.translate)
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
                links = None
                if route is not None and block.id in aligned:
                    answers = [plan.aligned_output(route, u.text) for u in units[block.id] if u.translate]
                    links = block_links(units[block.id], answers, text)
                blocks.append(TranslatedBlock(block.id, str(block.kind), text, status, direction(lang), lang, reason,
                                              links))
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
                inputs = sorted({plan.output(route, text, i)
                                 for route, i in uses for text in plan.needs[route]})
                wanted = {plan.output(route, text, i)
                          for route, i in uses for text in plan.aligned.get(route, ())}
                if inputs:
                    calls.append((package, inputs, wanted))
            if deadline is not None and calls and time.monotonic() > deadline:
                raise TimeBudgetExceeded("the request ran past its time budget; send a shorter article")
            # Packages that do not feed each other run at once: CTranslate2 releases the
            # GIL, so en→he and en→ru of one request share the cores instead of queueing.
            if len(calls) > 1:
                with ThreadPoolExecutor(max_workers=len(calls)) as pool:
                    answers = list(pool.map(lambda call: self._translate(call[0], call[1], options, call[2]), calls))
            else:
                answers = [self._translate(package, inputs, options, wanted) for package, inputs, wanted in calls]
            for (package, inputs, _), (outputs, cached, links) in zip(calls, answers):
                plan.results.update({(package.name, src): out for src, out in zip(inputs, outputs)})
                plan.links.update({(package.name, src): found for src, found in links.items()})
                plan.cached_sentences += cached
                if cached < len(inputs):
                    plan.model_sentences += len(inputs) - cached
                    plan.model_calls += 1

    def _translate(
        self, package: PackageInfo, inputs: list[str], options: DecodeOptions, aligned: set[str] | None = None,
    ) -> tuple[list[str], int, dict[str, tuple[Link, ...]]]:
        """The memory's translations where it has them, one model call for the rest.

        Returns the outputs, how many were remembered, and the alignments of
        the inputs in ``aligned``. Those are remembered with their alignment,
        under keys of their own (a plain entry has none to give); if any of
        them is missing, the one model call returns attention for all.
        """
        aligned = aligned or set()
        compute = self.engine.settings.compute_type
        keys = [memory_key(package, options.beam_size, compute, _ALIGNED_KEY + text if text in aligned else text)
                for text in inputs]
        found = self.memory.get_many(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            texts = [inputs[i] for i in missing]
            if any(text in aligned for text in texts):
                fresh = self.engine.translate_package_aligned(package, texts, options)
                values = [json.dumps({"text": a.text, "links": a.links}) if t in aligned else a.text
                          for t, a in zip(texts, fresh)]
            else:
                values = self.engine.translate_package(package, texts, options)
            self.memory.put_many({keys[i]: value for i, value in zip(missing, values)})
            found.update({keys[i]: value for i, value in zip(missing, values)})
        outputs: list[str] = []
        links: dict[str, tuple[Link, ...]] = {}
        for text, key in zip(inputs, keys):
            value = found[key]
            if text in aligned:
                stored = json.loads(value)
                value, links[text] = stored["text"], tuple(tuple(link) for link in stored["links"])
            outputs.append(value)
        return outputs, len(inputs) - len(missing), links
