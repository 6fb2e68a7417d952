"""Builds real-format Argos Translate packages with crafted weights, offline.

Real Argos models cannot be downloaded here, so tests and benchmarks run on
packages this module writes: a CTranslate2 model directory, a SentencePiece
model and ``metadata.json``, zipped as ``.argosmodel`` like a downloaded one.
Nothing here needs torch: the weights are numpy arrays handed to
CTranslate2's own model specification.

Two kinds:

* **Fixture packages** (:func:`build_fixture_package`): a one-layer
  Transformer whose decoder at step *t* attends exactly to source position
  *t* and emits a fixed mapping of that source token, so a "translation" is a
  character-by-character transliteration (English ``Putin`` becomes Russian
  ``Путин``). Outputs are deterministic at every beam size and predictable
  from the input with :func:`transliterate`.
* **Benchmark packages** (:func:`build_benchmark_package`): Argos
  transformer-base dimensions (6+6 layers, d_model 512, FFN 2048, 8 heads,
  32k vocabulary, int8) with small random weights, whose decoder emits exactly
  ``decode_tokens`` tokens and then EOS on every beam hypothesis, so decoding
  costs what a real model costs while the text is meaningless.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import string
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.specs import common_spec, transformer_spec

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

LANGUAGE_NAMES = {"en": "English", "he": "Hebrew", "ru": "Russian"}


def transliterate(text: str, from_code: str, to_code: str) -> str:
    """What a fixture package for ``from_code``→``to_code`` outputs for ``text``.

    Whitespace is normalised as SentencePiece does (runs collapse, ends trim);
    characters the map does not name pass through unchanged.
    """
    mapping = CHAR_MAPS[(from_code, to_code)]
    normalised = " ".join(text.split())
    return "".join(mapping.get(ch, ch) for ch in normalised)


def _alphabet() -> list[str]:
    chars = LATIN_LOWER + LATIN_LOWER.upper() + CYRILLIC_LOWER + CYRILLIC_LOWER.upper()
    return sorted(set(chars + HEBREW + PUNCTUATION))


def train_char_sentencepiece(path: Path) -> list[str]:
    """Train a character-level SentencePiece model covering en, he and ru.

    Returns the pieces in id order (the CTranslate2 vocabulary).
    """
    alphabet = _alphabet()
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
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


@dataclass(frozen=True)
class BuiltPackage:
    """A package written by this module: its folder and its ``.argosmodel`` zip."""

    directory: Path
    archive: Path
    from_code: str
    to_code: str


def _metadata(from_code: str, to_code: str, version: str, **extra: object) -> dict[str, object]:
    return {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        **extra,
    }


def _write_package(
    out_dir: Path,
    name: str,
    spec: transformer_spec.TransformerSpec,
    sp_model: Path,
    metadata: dict[str, object],
    quantization: str,
) -> BuiltPackage:
    """Save the model, tokenizer and metadata as an Argos package folder and zip."""
    package_dir = out_dir / name
    if package_dir.exists():
        shutil.rmtree(package_dir)
    package_dir.mkdir(parents=True)
    spec.validate()
    spec.optimize(quantization=quantization)
    (package_dir / "model").mkdir()
    spec.save(str(package_dir / "model"))
    shutil.copyfile(sp_model, package_dir / "sentencepiece.model")
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(
        f"Crafted test package {name}, built by translator.package_builder.\n", encoding="utf-8"
    )
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(package_dir.rglob("*")):
            if file.is_file():
                zf.write(file, f"{name}/{file.relative_to(package_dir)}")
    return BuiltPackage(package_dir, archive, str(metadata["from_code"]), str(metadata["to_code"]))


def _zero_layer_norm(ln: common_spec.LayerNormSpec, dim: int, beta: float = 0.0) -> None:
    ln.gamma = np.ones(dim, dtype=np.float32)
    ln.beta = np.full(dim, beta, dtype=np.float32)


def _linear(linear: common_spec.LinearSpec, weight: np.ndarray) -> None:
    linear.weight = weight.astype(np.float32)
    linear.bias = np.zeros(weight.shape[0], dtype=np.float32)


def _norm_stats(values: list[float], dim: int, eps: float = 1e-6) -> tuple[float, float]:
    """Mean and standard deviation of a vector of ``dim`` entries, zeros but ``values``."""
    mean = sum(values) / dim
    var = (sum((v - mean) ** 2 for v in values) + (dim - len(values)) * mean**2) / dim
    return mean, float(np.sqrt(var + eps))


def _copy_transformer(pieces: list[str], mapping: dict[int, int], max_positions: int) -> transformer_spec.TransformerSpec:
    """A one-layer Transformer whose step t emits ``mapping[source token t]``.

    Layout of the model dimension: [target/source token one-hot | position
    one-hot | attended source token one-hot]. Layer norms are given a beta that
    cancels their mean shift, so each sublayer sees the clean one-hot vector.
    """
    vocab = len(pieces)
    pos0, src0 = vocab, vocab + max_positions
    dim = 2 * vocab + max_positions
    a = b = 1.0
    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
    spec.encoder.embeddings[0].weight = np.eye(vocab, dim, dtype=np.float32) * a
    spec.decoder.embeddings.weight = np.eye(vocab, dim, dtype=np.float32) * a
    positions = np.zeros((max_positions, dim), dtype=np.float32)
    positions[np.arange(max_positions), pos0 + np.arange(max_positions)] = b
    spec.encoder.position_encodings.encodings = positions
    spec.decoder.position_encodings.encodings = positions.copy()

    mean, std = _norm_stats([a, b], dim)
    enc_layer = spec.encoder.layer[0]
    _zero_layer_norm(enc_layer.self_attention.layer_norm, dim)
    _linear(enc_layer.self_attention.linear[0], np.zeros((3 * dim, dim)))
    _linear(enc_layer.self_attention.linear[1], np.zeros((dim, dim)))
    _zero_layer_norm(enc_layer.ffn.layer_norm, dim)
    _linear(enc_layer.ffn.linear_0, np.zeros((4, dim)))
    _linear(enc_layer.ffn.linear_1, np.zeros((dim, 4)))
    # Encoder output = input / std, exactly: the one-hot survives the norm.
    _zero_layer_norm(spec.encoder.layer_norm, dim, beta=mean / std)

    dec_layer = spec.decoder.layer[0]
    _zero_layer_norm(dec_layer.self_attention.layer_norm, dim)
    _linear(dec_layer.self_attention.linear[0], np.zeros((3 * dim, dim)))
    _linear(dec_layer.self_attention.linear[1], np.zeros((dim, dim)))
    _zero_layer_norm(dec_layer.attention.layer_norm, dim, beta=mean / std)
    sharp = 60.0 * std * std * np.sqrt(dim) / (b * b)  # attention logit gap of 60
    query = np.zeros((dim, dim))
    query[pos0 : pos0 + max_positions, pos0 : pos0 + max_positions] = np.eye(max_positions) * np.sqrt(sharp)
    key_value = np.zeros((2 * dim, dim))
    key_value[pos0 : pos0 + max_positions, pos0 : pos0 + max_positions] = np.eye(max_positions) * np.sqrt(sharp)
    value_gain = 4.0 * std / a
    key_value[dim + src0 : dim + src0 + vocab, 0:vocab] = np.eye(vocab) * value_gain
    _linear(dec_layer.attention.linear[0], query)
    _linear(dec_layer.attention.linear[1], key_value)
    _linear(dec_layer.attention.linear[2], np.eye(dim))
    _zero_layer_norm(dec_layer.ffn.layer_norm, dim)
    _linear(dec_layer.ffn.linear_0, np.zeros((4, dim)))
    _linear(dec_layer.ffn.linear_1, np.zeros((dim, 4)))
    _zero_layer_norm(spec.decoder.layer_norm, dim)

    projection = np.zeros((vocab, dim))
    for src_id, dst_id in mapping.items():
        projection[dst_id, src0 + src_id] = 1.0
    # Final norm divides by the std of [a, b, 4] spread over dim: undo it and
    # give the chosen token a logit lead of about 40.
    _, final_std = _norm_stats([a, b, value_gain * a / std], dim)
    projection *= 10.0 * final_std
    _linear(spec.decoder.projection, projection)

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.config.add_source_eos = True
    return spec


def build_fixture_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    version: str = "1.0",
    max_positions: int = 512,
    sp_model: Path | None = None,
) -> BuiltPackage:
    """Write a transliterating fixture package for one pair into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sp_path = Path(tmp) / "sentencepiece.model"
        if sp_model is not None:
            shutil.copyfile(sp_model, sp_path)
            processor = spm.SentencePieceProcessor(model_file=str(sp_path))
            pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        else:
            pieces = train_char_sentencepiece(sp_path)
        index = {piece: i for i, piece in enumerate(pieces)}
        char_map = CHAR_MAPS[(from_code, to_code)]
        mapping = {i: index.get(char_map.get(piece, piece), i) for i, piece in enumerate(pieces)}
        spec = _copy_transformer(pieces, mapping, max_positions)
        name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
        return _write_package(
            out_dir, name, spec, sp_path, _metadata(from_code, to_code, version), "int8"
        )


# --- Benchmark packages -------------------------------------------------------

# Argos's transformer-base models (OpenNMT-py, pre-norm, int8 in CTranslate2).
BASE_LAYERS = 6
BASE_MODEL_DIM = 512
BASE_FFN_DIM = 2048
BASE_HEADS = 8
BASE_VOCAB_SIZE = 32000
WEIGHT_STD = 0.02
# The two residual dimensions that steer the decoder's length; no random
# sublayer writes to them, so they reach the final layer norm exactly.
_GO_DIM, _STOP_DIM = BASE_MODEL_DIM - 2, BASE_MODEL_DIM - 1
# B: the control dimensions' value, far above the residual noise (a few units
# per dimension after twelve layers), so after the final layer norm the active
# one reads about B / sqrt(B²/512 + noise²) ≈ 10 and the idle one about 0.
_CONTROL_VALUE = 100.0
# K: the EOS row's weight on them; the EOS logit is then about ±K·10, against
# ordinary logits of about ±2 (random rows of std 0.02 over a unit-norm vector).
_EOS_GAIN = 20.0

# A few hundred words of news prose per language: enough for a SentencePiece
# model whose subword counts look like a real one's on the newsroom's articles.
BENCHMARK_CORPUS = (
    "The prime minister spoke by phone with the president on Tuesday, the government said in a statement. "
    "The two leaders discussed the security situation in the region, the war in Gaza and the threat from Iran. "
    "Officials said the conversation was warm and lasted about an hour. The army reported that rockets were "
    "fired from the north overnight and that air defence systems intercepted most of them. No injuries were "
    "reported, but several buildings were damaged. The foreign ministry announced that a delegation will travel "
    "to Moscow next week to meet senior officials. Economists warned that rising prices and a weak currency could "
    "slow growth this year. The central bank kept interest rates unchanged and said inflation remained higher "
    "than expected. In Jerusalem, thousands of people gathered to mark the anniversary of the victory over Nazi "
    "Germany. Veterans, students and families laid flowers at the memorial. The mayor said the city would open a "
    "new museum dedicated to the history of the Second World War. Opposition leaders criticised the decision of "
    "the cabinet and called for new elections. A spokesman for the police said an investigation had been opened "
    "and that more details would be published later.",
    "ראש הממשלה שוחח ביום שלישי בטלפון עם נשיא רוסיה, כך נמסר בהודעה רשמית. שני המנהיגים דנו במצב "
    "הביטחוני באזור, במלחמה בעזה ובאיום האיראני. לדברי גורמים רשמיים, השיחה הייתה חמה ונמשכה כשעה. צבא "
    "ההגנה לישראל דיווח כי במהלך הלילה שוגרו רקטות מהצפון וכי מערכות ההגנה האווירית יירטו את רובן. לא דווח "
    "על נפגעים, אך כמה בניינים ניזוקו. משרד החוץ הודיע כי משלחת תצא בשבוע הבא למוסקבה לפגישות עם בכירים. "
    "כלכלנים הזהירו כי עליית המחירים והשקל החלש עלולים להאט את הצמיחה השנה. בנק ישראל הותיר את הריבית ללא "
    "שינוי ואמר כי האינפלציה גבוהה מהצפוי. בירושלים התאספו אלפי אנשים לציון יום הניצחון על גרמניה הנאצית. "
    "ותיקים, סטודנטים ומשפחות הניחו פרחים ליד האנדרטה. ראש העירייה אמר כי העיר תפתח מוזיאון חדש המוקדש "
    "לתולדות מלחמת העולם השנייה. ראשי האופוזיציה מתחו ביקורת על החלטת הממשלה וקראו לבחירות חדשות. דובר "
    "המשטרה אמר כי נפתחה חקירה וכי פרטים נוספים יפורסמו בהמשך.",
    "Премьер-министр во вторник провёл телефонный разговор с президентом России, говорится в официальном "
    "заявлении. Два лидера обсудили ситуацию с безопасностью в регионе, войну в Газе и угрозу со стороны Ирана. "
    "По словам официальных лиц, беседа была тёплой и продолжалась около часа. Армия сообщила, что ночью с севера "
    "были выпущены ракеты и что системы противовоздушной обороны перехватили большинство из них. О пострадавших "
    "не сообщается, но несколько зданий получили повреждения. Министерство иностранных дел объявило, что на "
    "следующей неделе делегация отправится в Москву для встреч с высокопоставленными чиновниками. Экономисты "
    "предупредили, что рост цен и слабая валюта могут замедлить экономический рост в этом году. Центральный банк "
    "сохранил процентную ставку без изменений и заявил, что инфляция остаётся выше ожидаемой. В Иерусалиме "
    "тысячи людей собрались, чтобы отметить годовщину победы над нацистской Германией. Ветераны, студенты и "
    "семьи возложили цветы к мемориалу. Мэр заявил, что в городе откроется новый музей, посвящённый истории "
    "Второй мировой войны. Лидеры оппозиции раскритиковали решение правительства и призвали к новым выборам. "
    "Представитель полиции сообщил, что возбуждено уголовное дело и подробности будут опубликованы позже.",
)


def train_subword_sentencepiece(path: Path, corpus: Sequence[str] | None = None, vocab_size: int = 8000) -> list[str]:
    """Train a BPE SentencePiece model on ``corpus`` (default: :data:`BENCHMARK_CORPUS`).

    ``vocab_size`` is an upper bound: a small corpus yields fewer pieces.
    Every character of the fixture alphabet is covered. Returns the pieces in
    id order (``<unk>``, ``<s>``, ``</s>`` first).
    """
    texts = BENCHMARK_CORPUS if corpus is None else tuple(corpus)
    sentences = [s.strip() for text in texts for s in text.replace("\n", " ").split(". ") if s.strip()]
    # Single characters as words: covered, without inventing letter-run pieces.
    sentences += [" ".join(_alphabet())] * 2
    model = io.BytesIO()
    # BPE rather than unigram: on a corpus this small the unigram trainer stops
    # near 600 pieces (about 4 tokens a word); BPE keeps every corpus word whole
    # and splits unseen ones into learned chunks (about 2.7 a word).
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="bpe",
        vocab_size=vocab_size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _filler_pieces(pieces: list[str], vocab_size: int) -> list[str]:
    """Pad the vocabulary to ``vocab_size`` with pieces no tokenizer produces."""
    taken = set(pieces)
    fillers: list[str] = []
    number = len(pieces)
    while len(pieces) + len(fillers) < vocab_size:
        filler = f"▁w{number}"
        if filler not in taken:
            fillers.append(filler)
        number += 1
    return fillers


def _control_positions(max_positions: int, decode_tokens: int) -> np.ndarray:
    """Decoder position table: sinusoids, plus "go" before ``decode_tokens``, "stop" from it."""
    half = BASE_MODEL_DIM // 2
    inv_timescales = np.exp(-np.log(10000.0) * np.arange(half) / (half - 1))
    angles = np.arange(max_positions)[:, None] * inv_timescales[None, :]
    table = np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)
    table[:, [_GO_DIM, _STOP_DIM]] = 0.0
    table[:decode_tokens, _GO_DIM] = _CONTROL_VALUE
    table[decode_tokens:, _STOP_DIM] = _CONTROL_VALUE
    return table


class _RandomWeights:
    """Seeded small random weights, float32, in the shapes a layer spec wants."""

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def normal(self, *shape: int) -> np.ndarray:
        """Gaussian values of standard deviation :data:`WEIGHT_STD`."""
        return self._rng.standard_normal(shape, dtype=np.float32) * np.float32(WEIGHT_STD)

    def linear(self, linear: common_spec.LinearSpec, rows: int, cols: int, writes_residual: bool) -> None:
        """Fill a linear layer; one that writes the residual stream leaves the control dims alone."""
        weight, bias = self.normal(rows, cols), self.normal(rows)
        if writes_residual:
            weight[[_GO_DIM, _STOP_DIM], :] = 0.0
            bias[[_GO_DIM, _STOP_DIM]] = 0.0
        linear.weight, linear.bias = weight, bias

    def attention(self, attention: object, self_attention: bool) -> None:
        """Fill a multi-head attention block (fused QKV for self-attention, Q and KV otherwise)."""
        dim = BASE_MODEL_DIM
        _zero_layer_norm(attention.layer_norm, dim)  # type: ignore[attr-defined]
        linears = attention.linear  # type: ignore[attr-defined]
        shapes = [(3 * dim, dim)] if self_attention else [(dim, dim), (2 * dim, dim)]
        for linear, (rows, cols) in zip(linears, shapes):
            self.linear(linear, rows, cols, writes_residual=False)
        self.linear(linears[-1], dim, dim, writes_residual=True)

    def feed_forward(self, ffn: transformer_spec.FeedForwardSpec) -> None:
        """Fill a position-wise feed-forward block."""
        _zero_layer_norm(ffn.layer_norm, BASE_MODEL_DIM)
        self.linear(ffn.linear_0, BASE_FFN_DIM, BASE_MODEL_DIM, writes_residual=False)
        self.linear(ffn.linear_1, BASE_MODEL_DIM, BASE_FFN_DIM, writes_residual=True)


def _fixed_length_transformer(
    pieces: list[str], real_pieces: int, decode_tokens: int, seed: int
) -> transformer_spec.TransformerSpec:
    """Transformer-base with random weights whose decoder stops after ``decode_tokens`` tokens.

    The EOS logit reads only the control dimensions, which carry the decoder
    position and nothing else, so every hypothesis of every beam ends at the
    same step. Special tokens and fillers are never emitted.
    """
    vocab, dim = len(pieces), BASE_MODEL_DIM
    weights = _RandomWeights(seed)
    spec = transformer_spec.TransformerSpec.from_config((BASE_LAYERS, BASE_LAYERS), num_heads=BASE_HEADS)
    # Encoder positions stay unset: CTranslate2 then uses sinusoids, like Argos models.
    spec.encoder.embeddings[0].weight = weights.normal(vocab, dim)
    decoder_embeddings = weights.normal(vocab, dim)
    decoder_embeddings[:, [_GO_DIM, _STOP_DIM]] = 0.0
    spec.decoder.embeddings.weight = decoder_embeddings
    spec.decoder.position_encodings.encodings = _control_positions(max(512, decode_tokens + 1), decode_tokens)
    for layer in spec.encoder.layer:
        weights.attention(layer.self_attention, self_attention=True)
        weights.feed_forward(layer.ffn)
    for layer in spec.decoder.layer:
        weights.attention(layer.self_attention, self_attention=True)
        weights.attention(layer.attention, self_attention=False)
        weights.feed_forward(layer.ffn)
    _zero_layer_norm(spec.encoder.layer_norm, dim)
    _zero_layer_norm(spec.decoder.layer_norm, dim)

    projection = weights.normal(vocab, dim)
    projection[:, [_GO_DIM, _STOP_DIM]] = 0.0
    eos = pieces.index("</s>")
    never = [i for i, piece in enumerate(pieces) if piece in ("<unk>", "<s>", "<pad>")]
    never += list(range(real_pieces, vocab))
    projection[never, _GO_DIM] = projection[never, _STOP_DIM] = -_EOS_GAIN
    projection[eos, :] = 0.0
    projection[eos, _GO_DIM], projection[eos, _STOP_DIM] = -_EOS_GAIN, _EOS_GAIN
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(vocab, dtype=np.float32)

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    return spec


def build_benchmark_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    decode_tokens: int = 30,
    vocab_size: int = BASE_VOCAB_SIZE,
    version: str = "1.0",
    seed: int = 0,
    corpus: Sequence[str] | None = None,
) -> BuiltPackage:
    """Write a transformer-base package for one pair that always decodes ``decode_tokens`` tokens.

    It costs what a real Argos model costs to load and to run (same layers,
    vocabulary size and int8 weights); its output is random subwords, exactly
    ``decode_tokens`` of them on every hypothesis at every beam size (unless
    ``max_decoding_length`` cuts it shorter).
    """
    if decode_tokens < 1:
        raise ValueError("decode_tokens must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sp_path = Path(tmp) / "sentencepiece.model"
        pieces = train_subword_sentencepiece(sp_path, corpus, min(vocab_size, 8000))
        real_pieces = len(pieces)
        pieces += _filler_pieces(pieces, vocab_size)
        # Different pairs get different weights, as real packages do.
        pair_seed = seed * 1000 + sum(map(ord, from_code + to_code))
        spec = _fixed_length_transformer(pieces, real_pieces, decode_tokens, pair_seed)
        name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
        metadata = _metadata(from_code, to_code, version, benchmark_decode_tokens=decode_tokens)
        return _write_package(out_dir, name, spec, sp_path, metadata, "int8")


# --- Command line -------------------------------------------------------------

# The newsroom's four direct pairs; he↔ru pivots through English.
STANDARD_PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))


def main(argv: list[str] | None = None) -> int:
    """``python -m translator.package_builder {fixtures,benchmark} OUT_DIR``: build the four pairs."""
    parser = argparse.ArgumentParser(
        prog="python -m translator.package_builder", description="Build crafted Argos packages offline."
    )
    parser.add_argument("kind", choices=("fixtures", "benchmark"))
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--decode-tokens", type=int, default=30, help="benchmark: tokens every output has")
    parser.add_argument("--vocab-size", type=int, default=BASE_VOCAB_SIZE, help="benchmark: vocabulary entries")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=None,
        help="benchmark: text file to train the tokenizer on (repeatable; default: built-in text)",
    )
    args = parser.parse_args(argv)
    corpus = [path.read_text(encoding="utf-8") for path in args.corpus] if args.corpus else None
    for from_code, to_code in STANDARD_PAIRS:
        if args.kind == "fixtures":
            built = build_fixture_package(args.out_dir, from_code, to_code)
        else:
            built = build_benchmark_package(
                args.out_dir, from_code, to_code, args.decode_tokens, args.vocab_size, corpus=corpus
            )
        print(built.archive)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
