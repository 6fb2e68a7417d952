"""The pipeline: one article, every requested target, one batched model call per package.

decide → approved → memory → engine → glossary → assemble → review. For each block and target the pipeline
first decides a status (translated, kept as boilerplate, already in the
target, unsupported…), so nothing a client sent is dropped: every block comes
back in every target, marked. Editors' approved translations come next
(:mod:`translator.corrections`): a block or sentence an editor approved is
used as it is, never sent to the memory or the model, nor glossary-enforced;
near matches come back as the block's ``suggestions``. The model work of all targets is then planned
together: every package gets the distinct sentences that any target needs
from it, in ONE call, and a pivot's English is computed once and shared (it
is the ``en`` output itself when ``en`` is requested too).

Routes have at most two hops (:mod:`translator.engine.graph`), so the calls
run in two phases: first the packages that read the article's own sentences,
then the packages that read a pivot's output (which may read some of the
article's sentences too, in the same call). The pipeline returns translated
blocks, each with its glossary report (:mod:`translator.glossary.enforce`,
after the memory) and its review flags (:mod:`translator.review`, from what
the pass already holds); renderings are built after it by whoever needs them
(:mod:`translator.render`, :mod:`translator.html.translate`).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

from translator.corrections.approved import (
    Approval,
    ApprovedTranslations,
    Found,
    SentenceSource,
    Suggestion,
    look_up,
)
from translator.document.article import Article, Block, BlockKind
from translator.document.translation import (
    ArticleTranslation,
    BlockStatus,
    SourceBlock,
    SourceInfo,
    Stats,
    TargetTranslation,
    TranslatedBlock,
)
from translator.engine.attention import AlignedText, Link, compose
from translator.engine.engine import Engine
from translator.engine.graph import Route
from translator.engine.memory import NoMemory, SentenceMemory, TranslationMemory
from translator.engine.model import DecodeOptions
from translator.engine.packages import PackageInfo
from translator.errors import TimeBudgetExceeded, UndetectableLanguage, UnsupportedSource
from translator.glossary.enforce import enforce
from translator.glossary.termbase import Match, TermBase
from translator.glossary.terms import TermUse
from translator.language.detect import UNDETERMINED, Detection, Detector, declared_source
from translator.review.flags import Flag
from translator.review.length import LengthBands
from translator.review.reviewer import BlockUnderReview, Sentence, review_block
from translator.settings import ReviewSettings
from translator.text.alignment import block_links
from translator.text.sentences import Unit, assemble, split_units
from translator.text.typography import direction


@dataclass(frozen=True)
class Options:
    """What the client may choose per request."""

    beam_size: int | None = None
    translate_boilerplate: bool = False
    translate_bylines: bool = True
    quote_style: str = "default"
    explain: bool = False  # each source block says why it got its kind (the API's debug output)
    sanitize: bool = False  # HTML articles: strip active markup (scripts, frames, on* handlers) first
    flags: bool = True  # review flags on every translated block (translator/review/)
    mark_flags: bool = False  # the renderings mark flagged blocks (HTML: data-flag)


@dataclass(frozen=True)
class Decision:
    """What happens to one block in one target: its status, and the route when it is translated."""

    status: BlockStatus
    route: Route | None = None
    reason: str | None = None


@dataclass(frozen=True)
class _Call:
    """One model call: a package, its distinct inputs, and the inputs whose alignment is wanted."""

    package: PackageInfo
    inputs: list[str]
    aligned: frozenset[str]


@dataclass
class _Plan:
    """Sentences each route must carry, and the outputs once they are known."""

    needs: dict[Route, set[str]] = field(default_factory=dict)
    aligned: dict[Route, set[str]] = field(default_factory=dict)  # the needs whose alignment is wanted too
    results: dict[tuple[str, str], AlignedText] = field(default_factory=dict)  # (package name, input) → output
    model_sentences: int = 0
    model_calls: int = 0
    cached_sentences: int = 0

    def need(self, route: Route, units: Sequence[Unit], aligned: bool, with_terms: frozenset[str] = frozenset()) -> None:
        """The route must carry these units' sentences; with alignment for all (``aligned``) or for ``with_terms``."""
        texts = [u.text for u in units if u.translate]
        self.needs.setdefault(route, set()).update(texts)
        wanted = texts if aligned else [t for t in texts if t in with_terms]
        if wanted:
            self.aligned.setdefault(route, set()).update(wanted)

    def input_of(self, route: Route, text: str, hop: int) -> str:
        """What the route's package number ``hop`` reads for the source sentence ``text``."""
        for package in route.hops[:hop]:
            text = self.results[(package.name, text)].text
        return text

    def output(self, route: Route, text: str) -> str:
        """``text`` carried along the whole route."""
        return self.input_of(route, text, len(route.hops))

    def aligned_output(self, route: Route, text: str, links_wanted: bool = True) -> AlignedText:
        """The output along ``route``, its alignment to ``text`` composed across a pivot, and the decoder's facts.

        The score is the lowest of the hops' and the output is truncated if any hop was; ``links_wanted=False``
        leaves the links out (for a sentence decoded without attention).
        """
        links: tuple[Link, ...] | None = None
        scores: list[float] = []
        truncated = False
        for package in route.hops:
            hop = self.results[(package.name, text)]
            if links_wanted:
                links = hop.links if links is None else compose(links, hop.links)
            if hop.score is not None:
                scores.append(hop.score)
            truncated = truncated or hop.truncated
            text = hop.text
        return AlignedText(text, links or (), min(scores) if scores else None, truncated)

    def calls(self, hops: Sequence[tuple[Route, int]]) -> list[_Call]:
        """The model calls for these (route, hop) uses, one per package, sorted by package name."""
        inputs: dict[str, set[str]] = {}
        wanted: dict[str, set[str]] = {}
        packages: dict[str, PackageInfo] = {}
        for route, hop in hops:
            package = route.hops[hop]
            packages[package.name] = package
            inputs.setdefault(package.name, set()).update(self.input_of(route, t, hop) for t in self.needs[route])
            wanted.setdefault(package.name, set()).update(
                self.input_of(route, t, hop) for t in self.aligned.get(route, ()))
        return [_Call(packages[name], sorted(inputs[name]), frozenset(wanted[name]))
                for name in sorted(packages) if inputs[name]]


@dataclass(frozen=True)
class _Terms:
    """The request's term base, and the terms found in each source sentence."""

    base: TermBase
    found: dict[str, list[Match]]


def _translated_spans(units: Sequence[Unit]) -> list[tuple[Unit, tuple[int, int]]]:
    """The units that are translated, each with its span in the block's text."""
    out = []
    at = 0
    for unit in units:
        at += len(unit.opening)
        if unit.translate:
            out.append((unit, (at, at + len(unit.text))))
        at += len(unit.text) + len(unit.closing) + len(unit.space_after)
    return out


def _origin(source: str, text: str, approval: Approval | None) -> SentenceSource:
    """Where one sentence of a block came from."""
    if approval is None:
        return SentenceSource(source, text, "machine")
    return SentenceSource(source, text, "approved", approval.correction_id)


def _terms_in(
    article: Article, languages: Sequence[str], units: dict[str, list[Unit]], terms: TermBase | None,
) -> dict[str, list[Match]]:
    """The terms in each sentence to translate, read in its block's language (none without a term base)."""
    if not terms:
        return {}
    found: dict[str, list[Match]] = {}
    for block, language in zip(article.blocks, languages):
        for unit in units[block.id]:
            if unit.translate and unit.text not in found:
                found[unit.text] = terms.find(unit.text, language)
    return found


@dataclass(frozen=True)
class _Approved:
    """What editors approved of one block in one target: the whole of it, or some of its sentences."""

    whole: Approval | None
    sentences: dict[str, Approval]
    suggestions: tuple[Suggestion, ...]


def _approved_of(found: Found, block: Block, units: Sequence[Unit]) -> _Approved | None:
    """What editors approved of ``block`` among ``found`` (None: nothing, and nothing near)."""
    if block.text in found.approved:
        return _Approved(found.approved[block.text], {}, ())
    texts = [u.text for u in units if u.translate]
    sentences = {text: found.approved[text] for text in texts if text in found.approved}
    unapproved = [text for text in texts if text not in sentences]
    suggestions = found.suggestions([block.text, *unapproved]) if unapproved else ()
    return _Approved(None, sentences, suggestions) if sentences or suggestions else None


def _to_translate(units: Sequence[Unit], approved: _Approved | None) -> list[Unit]:
    """The units the models must translate: those of ``units`` no editor approved."""
    if approved is None:
        return list(units)
    if approved.whole is not None:
        return []
    return [u for u in units if u.text not in approved.sentences]


def _approvals(
    article: Article, languages: Sequence[str], units: dict[str, list[Unit]], decisions: dict[tuple[str, str], Decision],
    approved: ApprovedTranslations | None,
) -> dict[tuple[str, str], _Approved]:
    """(target, block id) → what editors approved of the block, for the blocks with anything approved or near.

    Every block and sentence to translate is looked up once, in one call per language pair.
    """
    if approved is None:
        return {}
    wanted: dict[tuple[str, str], set[str]] = {}
    language_of = {block.id: language for block, language in zip(article.blocks, languages)}
    texts_of = {block.id: [block.text] + [u.text for u in units[block.id] if u.translate] for block in article.blocks}
    for (target, block_id), decision in decisions.items():
        if decision.route is not None:
            wanted.setdefault((language_of[block_id], target), set()).update(texts_of[block_id])
    found = look_up(approved, wanted)
    blocks = {block.id: block for block in article.blocks}
    out = {}
    for (target, block_id), decision in decisions.items():
        if decision.route is not None:
            of = _approved_of(found[(language_of[block_id], target)], blocks[block_id], units[block_id])
            if of is not None:
                out[(target, block_id)] = of
    return out


class Pipeline:
    """Translates articles with one engine, detector and memory (all built once per process)."""

    def __init__(
        self, engine: Engine, detector: Detector, memory: TranslationMemory | None = None,
        review: ReviewSettings | None = None,
    ) -> None:
        self.engine = engine
        self.detector = detector
        self.memory = SentenceMemory(memory if memory is not None else NoMemory(), engine.settings.compute_type)
        self.review = review if review is not None else ReviewSettings()
        self.bands = LengthBands(self.review, self._route_outputs)

    def _route_outputs(self, route: Route, sentences: Sequence[str]) -> list[str]:
        """``sentences`` carried along ``route`` by the models alone (the length bands' reference text)."""
        texts = list(sentences)
        for package in route.hops:
            texts = self.engine.translate_package(package, texts)
        return texts

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
        deadline: float | None = None, aligned: frozenset[str] = frozenset(), terms: TermBase | None = None,
        approved: ApprovedTranslations | None = None,
    ) -> ArticleTranslation:
        """Translate ``article`` into every target; ``source`` is a code or "auto".

        ``deadline`` (a ``time.monotonic()`` value) is checked before each
        phase of model calls; a model call already running is not
        interrupted. Blocks whose ids are in ``aligned`` come back with
        ``alignment``: links from their source text to their translated text
        (HTML places inline markup with them); their sentences are decoded in
        the same one call per package, with the decoder's attention.

        ``terms`` (the request's glossaries): sentences with a term in them
        are decoded with attention too, and each term's house form is put in
        place after the memory and the model (so the memory never holds a
        glossary's text, and a changed glossary is applied at once); every
        translated block reports its terms in ``glossary``.

        ``approved`` (the store's corrections): blocks and sentences an
        editor approved are used as they are, before the memory and the
        model; a block all of whose sentences are approved is ``approved``.
        """
        started = time.perf_counter()
        self.engine.graph.check_targets(targets)
        info, detections = self.source_info(article, source)
        languages = [d.language if d.language != UNDETERMINED else info.language for d in detections]
        units = {b.id: split_units(b.text, lang) for b, lang in zip(article.blocks, languages)}
        found = _terms_in(article, languages, units, terms)
        with_terms = frozenset(text for text, matches in found.items() if matches)

        plan = _Plan()
        decisions = {(target, block.id): self._decide(block, language, info.language, target, options)
                     for target in targets for block, language in zip(article.blocks, languages)}
        editors = _approvals(article, languages, units, decisions, approved)
        for (target, block_id), decision in decisions.items():
            if decision.route is not None:
                plan.need(decision.route, _to_translate(units[block_id], editors.get((target, block_id))),
                          block_id in aligned, with_terms)
        self._run(plan, DecodeOptions(beam_size=options.beam_size or self.engine.settings.beam_size), deadline)

        translations = {
            target: TargetTranslation(target, direction(target), tuple(
                self._block(block, language, units[block.id], decisions[(target, block.id)], plan, target, options,
                            block.id in aligned, _Terms(terms, found) if terms else None,
                            editors.get((target, block.id)))
                for block, language in zip(article.blocks, languages)))
            for target in targets
        }
        source_blocks = tuple(
            SourceBlock(b.id, b.kind, b.text, lang, d.inherited, b.evidence)
            for b, lang, d in zip(article.blocks, languages, detections)
        )
        first_hops = {text for texts in plan.needs.values() for text in texts}
        stats = Stats(len(first_hops), plan.cached_sentences, plan.model_sentences, plan.model_calls,
                      int((time.perf_counter() - started) * 1000))
        return ArticleTranslation(info, source_blocks, translations, stats)

    def _decide(self, block: Block, language: str, article_language: str, target: str, options: Options) -> Decision:
        """What happens to one block in one target."""
        if target == article_language:
            return Decision("source")
        if block.kind == BlockKind.BOILERPLATE and not options.translate_boilerplate:
            return Decision("kept_boilerplate", None,
                            "site boilerplate is not translated unless translate_boilerplate is set")
        if block.kind in (BlockKind.BYLINE, BlockKind.CREDIT) and not options.translate_bylines:
            return Decision("kept_byline", None, "bylines and credits are kept unless translate_bylines is set")
        if language == target:
            return Decision("already_in_target")
        if not self.engine.graph.has_route(language, target):
            return Decision("unsupported_language", None,
                            f"no installed package translates {language!r} to {target!r}")
        return Decision("translated", self.engine.graph.route(language, target))

    def _block(
        self, block: Block, language: str, units: list[Unit], decision: Decision, plan: _Plan, target: str,
        options: Options, aligned: bool, terms: _Terms | None, editors: _Approved | None = None,
    ) -> TranslatedBlock:
        """One block in one target: approved by an editor, or from the plan's outputs (and the terms enforced)."""
        route = decision.route
        if route is None:
            return TranslatedBlock(block.id, block.kind, block.text, decision.status, direction(language), language,
                                   decision.reason)
        if editors is not None and editors.whole is not None:
            whole = editors.whole
            return TranslatedBlock(block.id, block.kind, whole.text, "approved", direction(target), target,
                                   alignment=() if aligned else None,
                                   sentences=(SentenceSource(block.text, whole.text, "approved", whole.correction_id),))
        approvals = editors.sentences if editors is not None else {}
        answers: list[AlignedText] = []
        uses: list[TermUse] = []
        for unit in units:
            if unit.translate:
                answer, used = self._sentence(unit.text, approvals.get(unit.text), route, plan, target, aligned, terms)
                answers.append(answer)
                uses.extend(used)
        text = assemble(block.text, units, [a.text for a in answers], target, options.quote_style)
        links = block_links(units, answers, text) if aligned else None
        sources = tuple(_origin(unit.text, answer.text, approvals.get(unit.text))
                        for unit, answer in zip([u for u in units if u.translate], answers))
        status: BlockStatus = "approved" if sources and all(s.origin == "approved" for s in sources) else "translated"
        flags = (self._review(block, language, units, answers, text, target, route, uses)
                 if options.flags and status != "approved" else ())
        return TranslatedBlock(block.id, block.kind, text, status, direction(target), target, decision.reason, links,
                               tuple(uses), flags, sources, editors.suggestions if editors is not None else ())

    @staticmethod
    def _sentence(
        text: str, approval: Approval | None, route: Route, plan: _Plan, target: str, aligned: bool,
        terms: _Terms | None,
    ) -> tuple[AlignedText, list[TermUse]]:
        """One sentence in the target: the editor's where approved (as it is), else the models' with its terms."""
        if approval is not None:
            return AlignedText(approval.text, ()), []
        matches = terms.found.get(text) if terms else None
        if not matches or terms is None:
            return plan.aligned_output(route, text, links_wanted=aligned), []
        answer, used = enforce(text, matches, plan.aligned_output(route, text), target, terms.base)
        return answer, list(used)

    def _review(
        self, block: Block, language: str, units: list[Unit], answers: list[AlignedText], text: str, target: str,
        route: Route, uses: list[TermUse],
    ) -> tuple[Flag, ...]:
        """The block's review flags, from what the pipeline holds (nothing is decoded again)."""
        sentences = [Sentence(unit.text, span, answer)
                     for (unit, span), answer in zip(_translated_spans(units), answers)]
        judged = "length_ratio" in self.review.checks and len(block.text.strip()) >= self.review.min_length_chars
        under = BlockUnderReview(block.text, language, text, target, sentences, uses,
                                 self.bands.band(route) if judged else None,
                                 self.review.min_score_for(f"{route.source}-{route.target}"))
        return review_block(under, self.review, self.detector)

    def _run(self, plan: _Plan, options: DecodeOptions, deadline: float | None) -> None:
        """Make the model calls, in two phases: packages that read the source, then those after a pivot.

        A package that is the second hop of some route waits for the second
        phase even where it is another route's first hop, so it is still
        called once, with all its inputs.
        """
        after_pivot = {route.hops[1].name for route in plan.needs if len(route.hops) > 1}
        first = [(route, 0) for route in plan.needs if route.hops[0].name not in after_pivot]
        second = [(route, hop) for route in plan.needs for hop, package in enumerate(route.hops)
                  if package.name in after_pivot]
        if any(hop == 0 and len(route.hops) > 1 for route, hop in second):
            raise RuntimeError("a package after a pivot feeds another package: routes have at most two hops")
        for hops in (first, second):
            self._call_all(plan, plan.calls(hops), options, deadline)

    def _call_all(self, plan: _Plan, calls: list[_Call], options: DecodeOptions, deadline: float | None) -> None:
        """Run one phase's calls and record their outputs in the plan."""
        if not calls:
            return
        if deadline is not None and time.monotonic() > deadline:
            raise TimeBudgetExceeded("the request ran past its time budget; send a shorter article")
        # Packages that do not feed each other run at once: CTranslate2 releases the
        # GIL, so en→he and en→ru of one request share the cores instead of queueing.
        if len(calls) > 1:
            with ThreadPoolExecutor(max_workers=len(calls)) as pool:
                answers = list(pool.map(lambda call: self._translate(call, options), calls))
        else:
            answers = [self._translate(calls[0], options)]
        for call, (outputs, cached) in zip(calls, answers):
            plan.results.update({(call.package.name, text): outputs[text] for text in call.inputs})
            plan.cached_sentences += cached
            if cached < len(call.inputs):
                plan.model_sentences += len(call.inputs) - cached
                plan.model_calls += 1

    def _translate(self, call: _Call, options: DecodeOptions) -> tuple[dict[str, AlignedText], int]:
        """The memory's translations where it has them, one model call for the rest; and how many were remembered.

        The inputs in ``call.aligned`` are remembered with their alignment;
        if any of them is missing, the one model call returns attention for
        all.
        """
        beam = options.beam_size
        found = self.memory.recall(call.package, beam, call.inputs, call.aligned)
        missing = [text for text in call.inputs if text not in found]
        if missing:
            if call.aligned.intersection(missing):
                fresh = self.engine.translate_package_aligned(call.package, missing, options)
            else:
                fresh = self.engine.translate_package_scored(call.package, missing, options)
            translated = dict(zip(missing, fresh))
            self.memory.remember(call.package, beam, translated, call.aligned)
            found.update(translated)
        return found, len(call.inputs) - len(missing)
