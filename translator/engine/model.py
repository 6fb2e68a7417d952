"""One package's model, loaded: its CTranslate2 translator and tokenizer, and the decoding call.

For a list of sentences the model makes ONE ``translate_batch`` call, with
the sentences sorted by length and split by CTranslate2 into sub-batches of
``max_batch_size`` examples that its ``inter_threads`` workers decode in
parallel. (argostranslate passes ``max_batch_size=32, batch_type="tokens"``,
which on real sentences decodes one sentence at a time.) Tokenisation,
``target_prefix``, ``replace_unknowns``, ``length_penalty`` and the beam follow
argostranslate's packaged-translation path exactly, so outputs equal
argostranslate's for the same sentence.

A loaded ``ctranslate2.Translator`` is safe to share between threads: it
queues concurrent calls onto its own worker threads. It is not fork-safe, so
models are loaded in the process that uses them (:mod:`translator.engine.engine`).

A model that fails, loading or translating (a ``model.bin`` damaged on disk,
weights that do not match the vocabulary), raises
:class:`~translator.errors.ModelLoadError` naming its package, whatever
CTranslate2 or the tokenizer raised: a 503 for the routes through that
package, and only for them.
"""


from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

import ctranslate2
from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer, Tokenizer

from translator.engine.attention import AlignedText, links_from_attention, piece_spans
from translator.engine.packages import PackageInfo
from translator.errors import ModelLoadError
from translator.settings import EngineSettings

log = logging.getLogger("targum.engine")
# argostranslate's fixed decoding options, kept so outputs match it.
LENGTH_PENALTY = 0.2
# Room for very short inputs (a one-word headline can become three words).
DECODE_SLACK_TOKENS = 10


@dataclass(frozen=True)
class DecodeOptions:
    """Per-call decoding options (the rest come from the engine's settings)."""

    beam_size: int = 4


@dataclass(frozen=True)
class _Decoded:
    """One sentence's decode: its tokens, the hypotheses, the best's attention, score and whether it hit the limit."""

    index: int
    source_tokens: list[str]
    hypotheses: list[list[str]]
    attention: list[list[float]]
    score: float
    truncated: bool


def _per_token(score: float, tokens: int) -> float:
    """CTranslate2's hypothesis score (log-probability ÷ length ** LENGTH_PENALTY) as a mean per token, EOS counted."""
    length = tokens + 1
    return score * length**LENGTH_PENALTY / length


class LoadedModel:
    """One package's CTranslate2 translator and tokenizer, ready to translate."""

    def __init__(self, package: PackageInfo, settings: EngineSettings) -> None:
        self.package = package
        self._settings = settings
        # CTranslate2 raises what its C++ threw: RuntimeError, ValueError, OSError, and IndexError
        # for a variable missing from a damaged model.bin. Any of them means the model is unusable.
        with _failures_of(package, "does not load"):
            self.translator = ctranslate2.Translator(
                str(package.path / "model"),
                device="cpu",
                compute_type=settings.compute_type,
                inter_threads=settings.inter_threads,
                intra_threads=settings.intra_threads,
            )
            self.tokenizer = _load_tokenizer(package)

    def translate(self, sentences: Sequence[str], options: DecodeOptions) -> list[str]:
        """Translate sentences with one ``translate_batch`` call; order is kept.

        Blank sentences come back blank without reaching the model.
        """
        return [answer.text for answer in self.translate_scored(sentences, options)]

    def translate_scored(self, sentences: Sequence[str], options: DecodeOptions) -> list[AlignedText]:
        """Like :meth:`translate`, each output with its score and whether it was cut at the length limit."""
        outputs = [AlignedText("", ())] * len(sentences)
        for decoded in self._decode(sentences, options, attention=False):
            outputs[decoded.index] = AlignedText(self._detokenize(decoded.hypotheses[0]), (), decoded.score,
                                                 decoded.truncated)
        return outputs

    def translate_nbest(self, sentences: Sequence[str], options: DecodeOptions, count: int) -> list[list[str]]:
        """The ``count`` best translations of each sentence, best first, with one ``translate_batch`` call.

        The beam is widened to ``count`` when it is narrower (CTranslate2
        returns at most ``beam_size`` hypotheses). Blank sentences come back
        as ``[""]``.
        """
        outputs: list[list[str]] = [[""] for _ in sentences]
        for decoded in self._decode(sentences, options, attention=False, count=count):
            outputs[decoded.index] = [self._detokenize(hypothesis) for hypothesis in decoded.hypotheses]
        return outputs

    def translate_aligned(self, sentences: Sequence[str], options: DecodeOptions) -> list[AlignedText]:
        """Like :meth:`translate` (one call, the same outputs), each with its alignment to the source.

        The alignment comes from the decoder's attention: each target token is
        linked to the source token it attends to most (see
        :mod:`translator.engine.attention`).
        """
        outputs = [AlignedText("", ())] * len(sentences)
        for decoded in self._decode(sentences, options, attention=True):
            hypothesis = decoded.hypotheses[0]
            text = self._detokenize(hypothesis)  # exactly the plain path's text
            pieces = self._without_prefix(hypothesis)
            # One attention row per emitted token; a language prefix, if it has a row, is the first.
            rows = list(decoded.attention)[-len(pieces):] if pieces else []
            rows = [[]] * (len(pieces) - len(rows)) + rows
            spans = piece_spans(pieces, text, target=True)
            links = links_from_attention(piece_spans(decoded.source_tokens, sentences[decoded.index]), spans, rows)
            outputs[decoded.index] = AlignedText(text, links, decoded.score, decoded.truncated)
        return outputs

    def _decode(self, sentences: Sequence[str], options: DecodeOptions, attention: bool, count: int = 1) -> list[_Decoded]:
        """One ``translate_batch`` call, each non-blank sentence's hypotheses with what the decoder said of the best."""
        with _failures_of(self.package, "failed while translating"):
            return self._decode_batch(sentences, options, attention, count)

    def _decode_batch(self, sentences: Sequence[str], options: DecodeOptions, attention: bool, count: int) -> list[_Decoded]:
        tokens = [self.tokenizer.encode(s) if s.strip() else [] for s in sentences]
        todo = sorted((i for i, t in enumerate(tokens) if t), key=lambda i: len(tokens[i]))
        if not todo:
            return []
        batch = [tokens[i] for i in todo]
        prefix = self.package.target_prefix
        longest = max(len(t) for t in batch)
        limit = int(longest * self._settings.max_decode_ratio) + DECODE_SLACK_TOKENS
        # Asked for only when wanted; scores cost nothing (the beam has them) and change no output.
        extra = {"return_attention": True} if attention else {}
        results = self.translator.translate_batch(
            batch,
            target_prefix=[[prefix]] * len(batch) if prefix else None,
            max_batch_size=self._settings.max_batch_size,
            batch_type="examples",
            beam_size=max(options.beam_size, count),
            num_hypotheses=count,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            # Never truncate the input: losing words silently is worse than a slow sentence.
            max_input_length=0,
            max_decoding_length=limit,
            return_scores=True,
            **extra,
        )
        return [
            _Decoded(index, tokens[index], result.hypotheses, result.attention[0] if attention else [],
                     _per_token(result.scores[0], len(self._without_prefix(result.hypotheses[0]))),
                     len(result.hypotheses[0]) >= limit)
            for index, result in zip(todo, results)
        ]

    def _without_prefix(self, pieces: list[str]) -> list[str]:
        """The hypothesis without the package's forced ``target_prefix`` token."""
        prefix = self.package.target_prefix
        return pieces[1:] if prefix and pieces[:1] == [prefix] else pieces

    def _detokenize(self, pieces: list[str]) -> str:
        prefix = self.package.target_prefix
        # Drop the prefix token before decoding: argostranslate strips it from the
        # decoded text instead, after its decoder has turned "_" into spaces, so
        # a prefix such as "__ru__" leaks into its output as " ru ".
        with _failures_of(self.package, "failed while translating"):
            value = self.tokenizer.decode(self._without_prefix(pieces))
        if prefix and value.startswith(prefix):
            value = value[len(prefix) :]
        # The tokenizer's word-boundary marker leaves one leading space.
        if value.startswith(" "):
            value = value[1:]
        return value


@contextmanager
def _failures_of(package: PackageInfo, what: str) -> Iterator[None]:
    """Any error of CTranslate2 or the tokenizer in the block, as the package's ModelLoadError."""
    try:
        yield
    except Exception as exc:
        log.exception("model %s %s", package.name, what)
        raise ModelLoadError(f"{package.name}: the model {what} ({type(exc).__name__}: {exc})",
                             package=package.name) from exc


def _load_tokenizer(package: PackageInfo) -> Tokenizer:
    """argostranslate's own tokenizer for the package, loaded now rather than lazily."""
    if package.tokenizer_file.name == "sentencepiece.model":
        sp_tokenizer = SentencePieceTokenizer(package.tokenizer_file)
        sp_tokenizer.lazy_processor()
        return sp_tokenizer
    bpe_tokenizer = BPETokenizer(package.tokenizer_file, package.from_code, package.to_code)
    bpe_tokenizer.lazy_load()
    return bpe_tokenizer
