"""Fixture packages: a one-layer Transformer that transliterates, deterministically.

The decoder at step *t* attends exactly to source position *t* and emits a
fixed mapping of that character (:data:`CHAR_MAPS`), so English ``Putin``
becomes Russian ``Путин`` at every beam size, and :func:`transliterate`
predicts every output.
"""

from __future__ import annotations

import io
import shutil
import string
import tempfile
from pathlib import Path

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



def transliterate(text: str, from_code: str, to_code: str) -> str:
    """What a fixture package for ``from_code``→``to_code`` outputs for ``text``.

    Whitespace is normalised as SentencePiece does (runs collapse, ends trim);
    characters the map does not name pass through unchanged.
    """
    mapping = CHAR_MAPS[(from_code, to_code)]
    normalised = " ".join(text.split())
    return "".join(mapping.get(ch, ch) for ch in normalised)


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


def _copy_transformer(pieces: list[str], mapping: dict[int, int], position_base: int) -> transformer_spec.TransformerSpec:
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
    spec.decoder.position_encodings.encodings = positions.copy()

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
    projection *= 10.0 * final_std
    set_linear(spec.decoder.projection, projection)

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
) -> BuiltPackage:
    """Write a transliterating fixture package for one pair into ``out_dir``.

    It handles inputs and decode bounds up to ``position_base**2`` tokens
    (1,296 by default: a 400-character unit at the default decode ratio of 3).
    With a ``target_prefix`` (as multilingual Argos packages have), the token
    is in the vocabulary and the metadata; the decoder, forced through it,
    is one position ahead of the source, so its output is predictable but
    not a transliteration: it exists to compare the engine with argostranslate.
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
        char_map = CHAR_MAPS[(from_code, to_code)]
        mapping = {i: index.get(char_map.get(piece, piece), i) for i, piece in enumerate(pieces)}
        spec = _copy_transformer(pieces, mapping, position_base)
        name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
        extra = {"target_prefix": target_prefix} if target_prefix else {}
        return write_package(
            out_dir, name, spec, sp_path, package_metadata(from_code, to_code, version, **extra), "int8"
        )


