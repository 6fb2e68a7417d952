"""A batch of short texts, LibreTranslate's way: each text its own item, all of them in one pass.

LibreTranslate's ``/translate`` takes ``q`` as one text or a list of texts
into one target. Raw texts are not scraped pages, so nothing in them is kept
as site chrome or as a byline, and each text comes back with its own line
structure (or, for HTML, its own tree, bare, as LibreTranslate returns HTML).

Items in the same source language are concatenated into one article (block
ids prefixed with the item's index) and translated in one pipeline pass, so
each model is called once for all of them; the translated blocks are then
split back per item and rendered there, once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.document.article import Article, Block
from translator.document.segment import segment_text
from translator.errors import UndetectableLanguage
from translator.glossary.termbase import TermBase
from translator.html.fill import fill_html
from translator.html.parse import HtmlArticle, parse_html
from translator.html.translate import aligned_blocks
from translator.language.detect import UNDETERMINED, UNDETERMINED_DETECTION, Detection, Detector
from translator.pipeline import Options, Pipeline
from translator.text.sentences import Unit, assemble, split_units

# Raw text, not a scraped page: every line is translated.
OPTIONS = Options(translate_boilerplate=True, translate_bylines=True)
Item = Article | HtmlArticle


@dataclass(frozen=True)
class TextsTranslation:
    """Every text translated, the language each was read in (None when declared), and the model calls."""

    outputs: tuple[str, ...]
    detections: tuple[Detection, ...] | None
    languages: tuple[str, ...]
    model_calls: int


def segment(text: str, fmt: str, sanitized: bool = False) -> Item:
    """One text as an article: the one place the format decides how a text becomes blocks."""
    if fmt == "html":
        return parse_html(text, sanitized=sanitized)
    return segment_text(text)


def article_of(item: Item) -> Article:
    """The blocks of an item, whatever its format."""
    return item.article if isinstance(item, HtmlArticle) else item


def detect_items(detector: Detector, articles: Sequence[Article]) -> list[Detection]:
    """Each item's language, judged on its own.

    An item that cannot be judged alone (blank, a number, a name) takes the
    language of the whole request, with confidence 0; if the whole request
    cannot be judged either, it is refused as the pipeline would refuse it.
    """
    found = [detector.detect_article([b.text for b in a.blocks]) if a.blocks else UNDETERMINED_DETECTION
             for a in articles]
    if all(d.language != UNDETERMINED for d in found):
        return found
    whole = detector.detect_article([b.text for a in articles for b in a.blocks])
    if whole.language == UNDETERMINED:
        raise UndetectableLanguage("the text's language could not be determined; send `source`")
    return [d if d.language != UNDETERMINED else Detection(whole.language, 0.0) for d in found]


def translate_texts(
    pipeline: Pipeline, texts: Sequence[str], fmt: str, source: str, target: str, deadline: float | None,
    sanitized: bool = False, terms: TermBase | None = None, approved: ApprovedTranslations | None = None,
) -> TextsTranslation:
    """Every text translated into ``target``; ``source`` is a code or "auto" (each text judged alone).

    ``sanitized``: HTML texts lose their active markup first (``TARGUM_SANITIZE_HTML``); ``terms``: the glossaries;
    ``approved``: editors' approved translations, used before the memory and the model.
    """
    items = [segment(text, fmt, sanitized) for text in texts]
    articles = [article_of(item) for item in items]
    detections = detect_items(pipeline.detector, articles) if source == "auto" else None
    languages = [d.language for d in detections] if detections else [source] * len(items)
    outputs, model_calls = translate_items(pipeline, items, languages, target, deadline, terms, approved)
    return TextsTranslation(tuple(outputs), None if detections is None else tuple(detections), tuple(languages),
                            model_calls)


def translate_items(
    pipeline: Pipeline, items: Sequence[Item], languages: Sequence[str], target: str, deadline: float | None,
    terms: TermBase | None = None, approved: ApprovedTranslations | None = None,
) -> tuple[list[str], int]:
    """Every item translated, each with its own whitespace; and the model calls it took."""
    groups: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        groups.setdefault(language, []).append(index)
    articles = [article_of(item) for item in items]
    # Blank items come back as sent.
    outputs = [fill_html(item, {}, target, wrap=False).html if isinstance(item, HtmlArticle) else item.source()
               for item in items]
    model_calls = 0
    for language, members in groups.items():
        combined = Article(tuple(replace(b, id=f"q{i}:{b.id}") for i in members for b in articles[i].blocks))
        if not combined.blocks:
            continue
        aligned = frozenset().union(*(aligned_blocks(item, f"q{i}:") for i in members
                                      if isinstance(item := items[i], HtmlArticle)))
        result = pipeline.translate(combined, language, [target], OPTIONS, deadline, aligned=aligned, terms=terms,
                                    approved=approved)
        translated = {b.id: b for b in result.translations[target].blocks}
        for i in members:
            item = items[i]
            if isinstance(item, HtmlArticle):
                own = {b.id: translated[f"q{i}:{b.id}"] for b in item.article.blocks}
                outputs[i] = fill_html(item, own, target, wrap=False).html
                continue
            outputs[i] = item.leading + "".join(translated[f"q{i}:{b.id}"].text + b.separator for b in item.blocks)
        model_calls += result.stats.model_calls
    return outputs, model_calls


def alternatives(
    pipeline: Pipeline, texts: Sequence[str], languages: Sequence[str], target: str, count: int,
    outputs: Sequence[str],
) -> list[list[str]]:
    """Up to ``count`` other translations of each plain text, from the model's n-best, as LibreTranslate gives them.

    As argostranslate builds its hypotheses, alternative *k* of a text puts
    hypothesis *k* of every sentence in place (the best one where a sentence
    has fewer). On a route through the pivot, the first model's best
    translation is read by the last model, whose n-best makes the
    alternatives. Alternatives equal to the translation (``outputs``) or to
    an earlier one are left out, so a text may have fewer than ``count``.
    One n-best call per model for all the texts of one language; the memory
    is not used (it keeps best translations only).
    """
    found: list[list[str]] = [[] for _ in texts]
    groups: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        if language != target and pipeline.engine.graph.has_route(language, target):
            groups.setdefault(language, []).append(index)
    for language, members in groups.items():
        articles = {i: segment_text(texts[i]) for i in members}
        units = {(i, b.id): split_units(b.text, language) for i in members for b in articles[i].blocks}
        sentences = sorted({u.text for block_units in units.values() for u in block_units if u.translate})
        nbest = _nbest(pipeline, language, target, sentences, count + 1)
        for i in members:
            candidates = [_rendering(articles[i], units, i, nbest, k, target) for k in range(1, count + 1)]
            found[i] = list(dict.fromkeys(c for c in candidates if c != outputs[i]))
    return found


def _nbest(pipeline: Pipeline, source: str, target: str, sentences: list[str], count: int) -> dict[str, list[str]]:
    """Each sentence's ``count`` best translations along the route: the best through the pivot, then the n-best."""
    route = pipeline.engine.graph.route(source, target)
    reads = {text: text for text in sentences}  # source sentence → what the next model reads
    for package in route.hops[:-1]:
        inputs = sorted(set(reads.values()))
        best = dict(zip(inputs, pipeline.engine.translate_package(package, inputs)))
        reads = {text: best[reads[text]] for text in sentences}
    inputs = sorted(set(reads.values()))
    hypotheses = dict(zip(inputs, pipeline.engine.translate_package_nbest(route.hops[-1], inputs, count)))
    return {text: hypotheses[reads[text]] for text in sentences}


def _rendering(
    article: Article, units: dict[tuple[int, str], list[Unit]], item: int, nbest: dict[str, list[str]], k: int,
    target: str,
) -> str:
    """The text with hypothesis ``k`` of each sentence (its best where it has fewer), as the translation is built."""
    def block_text(block: Block) -> str:
        block_units = units[(item, block.id)]
        chosen = [(nbest[u.text][k] if k < len(nbest[u.text]) else nbest[u.text][0])
                  for u in block_units if u.translate]
        return assemble(block.text, block_units, chosen, target)

    return article.leading + "".join(block_text(b) + b.separator for b in article.blocks)
