"""A correction cut into the pairs it is found by: the whole block, and its sentences where they line up.

An editor corrects a block (or one sentence). The correction is always kept
as a block-level pair, the editor's text exactly, so the same block sent
again comes back as the editor wrote it. When the source and the correction
cut into the same number of sentences (:func:`translator.text.sentences.split_units`,
the pipeline's own cut, quotation marks taken out), each sentence pair is kept
too, so the same sentence in another article is approved as well. When they
do not line up, the block-level pair is all there is: no sentence is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from translator.corrections.keys import source_key
from translator.errors import CorrectionInvalid
from translator.text.sentences import split_units

LANGUAGES = ("he", "ru", "en")
MAX_CHARS = 20_000  # a long feature's paragraph is a few thousand; a whole article is not one correction
Level = Literal["block", "sentence"]


@dataclass(frozen=True)
class Pair:
    """One source text and its approved translation (``level``: the whole correction, or one sentence of it)."""

    source: str
    text: str
    level: Level


@dataclass(frozen=True)
class Draft:
    """A correction as posted, checked, with its pairs; the store gives it an id and a time."""

    source: str
    source_language: str
    target_language: str
    text: str
    article_id: str | None
    block_id: str | None
    editor: str | None
    pairs: tuple[Pair, ...]
    # "sentence" when its sentences lined up (it is found sentence by sentence too), "block" when only as a whole.
    level: Level


def _text(value: object, field: str, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise CorrectionInvalid(f"`{field}` must be a non-empty string", field=field)
    if "\x00" in value or len(value) > MAX_CHARS:
        raise CorrectionInvalid(f"`{field}` must be at most {MAX_CHARS} characters, without NUL", field=field)
    return value.strip() or None


def _language(value: object, field: str) -> str:
    if value not in LANGUAGES:
        raise CorrectionInvalid(f"`{field}` must be one of {', '.join(LANGUAGES)}", field=field)
    return str(value)


def sentence_pairs(source: str, text: str, source_language: str, target_language: str) -> list[Pair]:
    """The sentence pairs of a correction, or none when its sentences do not line up with the source's."""
    ours = [u for u in split_units(source, source_language) if u.translate]
    theirs = [u for u in split_units(text, target_language) if u.translate]
    if not ours or len(ours) != len(theirs) or [u.attribution for u in ours] != [u.attribution for u in theirs]:
        return []
    return [Pair(a.text.strip(), b.text.strip(), "sentence") for a, b in zip(ours, theirs)
            if a.text.strip() and b.text.strip()]


def make_draft(
    source: object, source_language: object, target_language: object, text: object, article_id: object = None,
    block_id: object = None, editor: object = None, split: bool = True,
) -> Draft:
    """A correction checked field by field (``invalid_correction`` naming the field), with its pairs.

    ``split=False`` keeps it one pair as it is (a TMX unit: the other tool cut its segments already).
    """
    src = _text(source, "source") or ""
    out = _text(text, "text") or ""
    src_lang = _language(source_language, "source_language")
    tgt_lang = _language(target_language, "target_language")
    if src_lang == tgt_lang:
        raise CorrectionInvalid("`target_language` must differ from `source_language`", field="target_language")
    pairs = [Pair(src, out, "block")]
    seen = {source_key(src)}
    sentences = sentence_pairs(src, out, src_lang, tgt_lang) if split else []
    for pair in sentences:
        if source_key(pair.source) not in seen:
            seen.add(source_key(pair.source))
            pairs.append(pair)
    return Draft(src, src_lang, tgt_lang, out, _text(article_id, "article_id", False),
                 _text(block_id, "block_id", False), _text(editor, "editor", False), tuple(pairs),
                 "sentence" if sentences or (not split and _one_sentence(src, src_lang)) else "block")


def _one_sentence(text: str, language: str) -> bool:
    return sum(u.translate for u in split_units(text, language)) <= 1
