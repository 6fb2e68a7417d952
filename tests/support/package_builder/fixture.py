"""Fixture packages: a one-layer Transformer that transliterates, deterministically.

The decoder at step *t* attends exactly to source position *t* and emits a
fixed mapping of that character (:data:`CHAR_MAPS`), so English ``Putin``
becomes Russian ``Путин`` at every beam size, and :func:`transliterate`
predicts every output.

A :data:`Quirk` makes a package misbehave on purpose, in a way
:func:`transliterate` predicts too, for the review checks:

* ``"digits"``: every digit *d* comes out as (*d* + 1) mod 10 (``1,200`` → ``2,311``).
* ``"latin"``: the letters of :data:`UNTRANSLITERATED` (any case) come out
  as they went in, in the source's script: ``o q w x`` stay Latin in Russian
  and Hebrew; ``о ж ш щ`` stay Cyrillic and ``ו ש צ ץ`` Hebrew in English.
* ``"early_stop"``: the first comma of the source becomes the end token, so
  the output is the transliteration of what comes before it.
* ``"loop"``: the decoder's position code repeats every :data:`LOOP_PERIOD`
  steps, so it emits the mapping of the first :data:`LOOP_PERIOD` source
  tokens over and over and stops only at the decode limit; a source of fewer
  tokens still reaches its end token and comes out plain.
* ``"hesitant"``: the plain outputs, but each token's logit lead is
  :data:`HESITANT_LEAD` instead of about 40, so each token's log-probability
  is about -3.3 instead of 0. The end token keeps its lead (and is all but
  impossible anywhere else, so no beam prefers a shorter output), so the
  mean per token of *n* tokens and the end is about -3.3·n/(n+1): -2.5 for
  ``Hi``, -3.26 for a 55-character sentence.

The name and metadata are a plain package's, so a quirky package can stand in
for a plain one in a packages directory.
"""

from __future__ import annotations

import io
import shutil
import string
import tempfile
from pathlib import Path
from typing import Literal

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import transformer_spec

from tests.support.package_builder.common import (
    BuiltPackage,
    package_metadata,
    set_linear,
    write_package,
    zero_layer_norm,
)

LATIN_LOWER = string.ascii_lowercase
CYRILLIC_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
HEBREW = "אבגדהוזחטיכךלמםנןסעפףצץקרשת"
PUNCTUATION = (
    string.digits + ".,;:!?-()[]/'\"&%$@#*+=_<>" + "“”‘’«»„‚–—…״׳·•№"
)

# One-to-one (or many-to-one) character maps per language pair. They are the
# fixture models' whole "knowledge": the tests compute expected outputs with
# them, the crafted weights implement them.
_EN_RU = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстуввхыз", strict=True))
_RU_EN = dict(zip(CYRILLIC_LOWER, "abvgdeezziiklmnoprstufhccssyyyeua", strict=True))
_EN_HE = dict(zip("abcdefghijklmnopqrstuvwxyz", "אבקדעפגהיגכלמנופקרסתוווכיז", strict=True))
_HE_EN = dict(zip(HEBREW, "abgdhvzhtikklmmnnsepfcckrst", strict=True))

CHAR_MAPS: dict[tuple[str, str], dict[str, str]] = {}


def _with_case(lower_map: dict[str, str]) -> dict[str, str]:
    mapping = dict(lower_map)
    for src, dst in lower_map.items():
        if src.upper() != src:
            mapping[src.upper()] = dst.upper()
    return mapping


CHAR_MAPS[("en", "ru")] = _with_case(_EN_RU)
CHAR_MAPS[("ru", "en")] = _with_case(_RU_EN)
CHAR_MAPS[("en", "he")] = _with_case(_EN_HE)
CHAR_MAPS[("he", "en")] = dict(_HE_EN)

Quirk = Literal["digits", "latin", "early_stop", "loop", "hesitant"]
# "latin": the source letters (either case) that come out untransliterated, per pair.
UNTRANSLITERATED: dict[tuple[str, str], str] = {
    ("en", "ru"): "oqwx",
    ("en", "he"): "oqwx",
    ("ru", "en"): "ожшщ",
    ("he", "en"): "ושצץ",
}
# "loop": decoder step p attends to source position p % LOOP_PERIOD.
LOOP_PERIOD = 6
# "hesitant": the chosen token's logit lead over every other (a plain package's is about 40).
HESITANT_LEAD = 2.0
_PLAIN_LEAD = 40.0
_END = "</s>"


def _char_map(from_code: str, to_code: str, quirk: Quirk | None) -> dict[str, str]:
    """The characters a package maps, with its quirk's changes (``"early_stop"`` maps ',' to the end token)."""
    mapping = dict(CHAR_MAPS[(from_code, to_code)])
    if quirk == "digits":
        mapping.update({d: str((int(d) + 1) % 10) for d in string.digits})
    elif quirk == "latin":
        for letter in UNTRANSLITERATED[(from_code, to_code)]:
            mapping[letter] = letter
            mapping[letter.upper()] = letter.upper()
    elif quirk == "early_stop":
        mapping[","] = _END
    return mapping


def source_pieces(text: str) -> list[str]:
    """The pieces a fixture package's tokenizer makes of ``text``, ``▁`` for each word's start.

    One piece per character, except that a run of characters the vocabulary
    lacks is one piece (SentencePiece merges unknowns). The engine's decode
    limit is ``int(len(source_pieces(longest)) * max_decode_ratio) + 10``.
    """
    alphabet = set(fixture_alphabet())
    pieces: list[str] = []
    for word in text.split():
        pieces.append("▁")
        for ch in word:
            if ch not in alphabet and len(pieces) > 1 and pieces[-1] != "▁" and pieces[-1][-1] not in alphabet:
                pieces[-1] += ch
            else:
                pieces.append(ch)
    return pieces


def transliterate(
    text: str, from_code: str, to_code: str, quirk: Quirk | None = None, limit: int | None = None
) -> str:
    """What a fixture package for ``from_code``→``to_code`` (with ``quirk``) outputs for ``text``.

    Whitespace is normalised as SentencePiece does (runs collapse, ends trim);
    characters the map does not name pass through unchanged. A ``"loop"``
    output depends on the decode limit, so it needs ``limit``: the
    ``max_decoding_length`` of the call, which the engine computes from the
    longest sentence of the batch (see :func:`source_pieces`).
    """
    mapping = _char_map(from_code, to_code, quirk)
    pieces = source_pieces(text)
    if quirk == "early_stop" and "," in pieces:
        pieces = pieces[: pieces.index(",")]
    if quirk == "loop" and len(pieces) >= LOOP_PERIOD:
        if limit is None:
            raise ValueError("a loop package's output depends on the decode limit: pass limit")
        pieces = [pieces[step % LOOP_PERIOD] for step in range(limit)]
    output = "".join(mapping.get(piece, piece) for piece in pieces)
    # The tokenizer drops the first word's marker.
    return output.replace("▁", " ")[1:]


def fixture_alphabet() -> list[str]:
    chars = LATIN_LOWER + LATIN_LOWER.upper() + CYRILLIC_LOWER + CYRILLIC_LOWER.upper()
    return sorted(set(chars + HEBREW + PUNCTUATION))


def train_char_sentencepiece(path: Path, symbols: tuple[str, ...] = ()) -> list[str]:
    """Train a character-level SentencePiece model covering en, he and ru.

    ``symbols`` become single pieces (a package's ``target_prefix`` token).
    Returns the pieces in id order (the CTranslate2 vocabulary).
    """
    alphabet = fixture_alphabet()
    # Every character several times, in a few orders, so the trainer keeps all.
    lines = ["".join(alphabet[i:] + alphabet[:i]) for i in range(0, len(alphabet), 7)]
    lines += ["the quick brown fox", "быстрая лиса", "שועל מהיר"]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines * 3),
        model_writer=model,
        model_type="char",
        vocab_size=len(alphabet) + 4,
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        user_defined_symbols=list(symbols),
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _norm_stats(values: list[float], dim: int, eps: float = 1e-6) -> tuple[float, float]:
    """Mean and standard deviation of a vector of ``dim`` entries, zeros but ``values``."""
    mean = sum(values) / dim
    var = (sum((v - mean) ** 2 for v in values) + (dim - len(values)) * mean**2) / dim
    return mean, float(np.sqrt(var + eps))


def _copy_transformer(
    pieces: list[str],
    mapping: dict[int, int],
    position_base: int,
    loop_period: int | None = None,
    lead: float | None = None,
) -> transformer_spec.TransformerSpec:
    """A one-layer Transformer whose step t emits ``mapping[source token t]``.

    The model dimension holds a token one-hot (the source token in the
    encoder; the attended source token in the decoder) and a position code:
    position p is two one-hots, ``p // base`` and ``p % base``, so
    ``base**2`` positions cost only ``2 * base`` dimensions. A query matches
    its own position on both halves and any other on at most one, which the
    attention scale turns into a logit gap of 60. Layer norms get a beta that
    cancels their mean shift, so each sublayer sees the clean one-hot vector.

    Every row of the output projection also weighs, twice as much as its
    letters, the dimension of the beginning-of-sentence token, which is never
    in the source and so always zero: int8 matrix products on AVX2 add the
    products of neighbouring dimensions in 16 bits with saturation
    (``vpmaddubsw``), and an output row that several letters map to (Hebrew ו
    for u, v, w, o) would overflow where two of them were neighbours, letting
    another letter win. With that headroom its letters quantize to about 64,
    not 127, and no pair overflows.

    With a ``loop_period`` the decoder's step t has the position code of
    ``t % loop_period``, so it attends there. With a ``lead`` every token's
    logit lead is ``lead`` instead of about 40, except the end token's: it
    keeps 40 where the source ends and a bias puts it 40 below the others
    everywhere else, so no beam finishes early on it (the length penalty
    would prefer a short hypothesis of unlikely tokens to a long one).
    """
    vocab = len(pieces)
    pos0 = vocab
    dim = vocab + 2 * position_base
    max_positions = position_base**2
    a = b = 1.0
    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
    spec.encoder.embeddings[0].weight = np.eye(vocab, dim, dtype=np.float32) * a
    # The decoder ignores what it emitted before: its input is its position alone.
    spec.decoder.embeddings.weight = np.zeros((vocab, dim), dtype=np.float32)
    positions = np.zeros((max_positions, dim), dtype=np.float32)
    steps = np.arange(max_positions)
    positions[steps, pos0 + steps // position_base] = b
    positions[steps, pos0 + position_base + steps % position_base] = b
    spec.encoder.position_encodings.encodings = positions
    if loop_period is None:
        spec.decoder.position_encodings.encodings = positions.copy()
    else:
        spec.decoder.position_encodings.encodings = positions[steps % loop_period]

    enc_mean, enc_std = _norm_stats([a, b, b], dim)
    dec_mean, dec_std = _norm_stats([b, b], dim)
    enc_layer = spec.encoder.layer[0]
    zero_layer_norm(enc_layer.self_attention.layer_norm, dim)
    set_linear(enc_layer.self_attention.linear[0], np.zeros((3 * dim, dim)))
    set_linear(enc_layer.self_attention.linear[1], np.zeros((dim, dim)))
    zero_layer_norm(enc_layer.ffn.layer_norm, dim)
    set_linear(enc_layer.ffn.linear_0, np.zeros((4, dim)))
    set_linear(enc_layer.ffn.linear_1, np.zeros((dim, 4)))
    # Encoder output = input / std, exactly: the one-hots survive the norm.
    zero_layer_norm(spec.encoder.layer_norm, dim, beta=enc_mean / enc_std)

    dec_layer = spec.decoder.layer[0]
    zero_layer_norm(dec_layer.self_attention.layer_norm, dim)
    set_linear(dec_layer.self_attention.linear[0], np.zeros((3 * dim, dim)))
    set_linear(dec_layer.self_attention.linear[1], np.zeros((dim, dim)))
    zero_layer_norm(dec_layer.attention.layer_norm, dim, beta=dec_mean / dec_std)
    # q·k / sqrt(dim) = sharp * b² / (dec_std * enc_std) per matching half: make one half worth 60.
    sharp = 60.0 * dec_std * enc_std * np.sqrt(dim) / (b * b)
    position_dims = slice(pos0, pos0 + 2 * position_base)
    query = np.zeros((dim, dim))
    query[position_dims, position_dims] = np.eye(2 * position_base) * np.sqrt(sharp)
    key_value = np.zeros((2 * dim, dim))
    key_value[position_dims, position_dims] = np.eye(2 * position_base) * np.sqrt(sharp)
    value_gain = 4.0 * enc_std / a
    key_value[dim : dim + vocab, 0:vocab] = np.eye(vocab) * value_gain
    set_linear(dec_layer.attention.linear[0], query)
    set_linear(dec_layer.attention.linear[1], key_value)
    set_linear(dec_layer.attention.linear[2], np.eye(dim))
    zero_layer_norm(dec_layer.ffn.layer_norm, dim)
    set_linear(dec_layer.ffn.linear_0, np.zeros((4, dim)))
    set_linear(dec_layer.ffn.linear_1, np.zeros((dim, 4)))
    zero_layer_norm(spec.decoder.layer_norm, dim)

    projection = np.zeros((vocab, dim))
    for src_id, dst_id in mapping.items():
        projection[dst_id, src_id] = 1.0
    if "<s>" in pieces:  # SentencePiece's <s>: the source never holds it, so its dimension is always zero
        projection[:, pieces.index("<s>")] = 2.0
    # The final norm divides by the std of [b, b, 4]: undo it and give the
    # chosen token a logit lead of about 40.
    _, final_std = _norm_stats([b, b, value_gain * a / enc_std], dim)
    if lead is None:
        projection *= 10.0 * final_std
        set_linear(spec.decoder.projection, projection)
    else:
        projection *= lead / 4.0 * final_std
        end = pieces.index(_END)
        end_weight = 2.0 * _PLAIN_LEAD / 4.0 * final_std  # 80 where the source ends, less the bias's 40
        projection[end, :] = 0.0
        projection[end, end] = end_weight
        if "<s>" in pieces:  # the same headroom as every other row
            projection[end, pieces.index("<s>")] = 2.0 * end_weight
        set_linear(spec.decoder.projection, projection)
        spec.decoder.projection.bias[end] = -_PLAIN_LEAD

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.config.add_source_eos = True
    return spec


def build_fixture_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    version: str = "1.0",
    position_base: int = 36,
    sp_model: Path | None = None,
    target_prefix: str = "",
    quirk: Quirk | None = None,
) -> BuiltPackage:
    """Write a transliterating fixture package for one pair into ``out_dir``.

    It handles inputs and decode bounds up to ``position_base**2`` tokens
    (1,296 by default: a 400-character unit at the default decode ratio of 3).
    With a ``target_prefix`` (as multilingual Argos packages have), the token
    is in the vocabulary and the metadata; the decoder, forced through it,
    is one position ahead of the source, so its output is predictable but
    not a transliteration: it exists to compare the engine with argostranslate.
    A ``quirk`` makes it misbehave as the module's docstring says; its name
    and metadata stay a plain package's.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sp_path = Path(tmp) / "sentencepiece.model"
        if sp_model is not None:
            shutil.copyfile(sp_model, sp_path)
            processor = spm.SentencePieceProcessor(model_file=str(sp_path))
            pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        else:
            pieces = train_char_sentencepiece(sp_path, (target_prefix,) if target_prefix else ())
        index = {piece: i for i, piece in enumerate(pieces)}
        char_map = _char_map(from_code, to_code, quirk)
        mapping = {i: index.get(char_map.get(piece, piece), i) for i, piece in enumerate(pieces)}
        spec = _copy_transformer(
            pieces,
            mapping,
            position_base,
            loop_period=LOOP_PERIOD if quirk == "loop" else None,
            lead=HESITANT_LEAD if quirk == "hesitant" else None,
        )
        name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
        extra = {"target_prefix": target_prefix} if target_prefix else {}
        return write_package(
            out_dir, name, spec, sp_path, package_metadata(from_code, to_code, version, **extra), "int8"
        )


