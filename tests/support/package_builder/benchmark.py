"""Benchmark packages: Argos transformer-base size, random weights, a fixed decode length.

6+6 layers, d_model 512, FFN 2048, 8 heads, a 32k vocabulary, int8: decoding
costs what a real Argos model costs, while every hypothesis at every beam
size emits exactly ``decode_tokens`` tokens and then EOS (alternatives that
never end would run to the length limit and make beam search look ~10x dearer
than with a real model). The text is meaningless.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import attention_spec, common_spec, transformer_spec

from tests.support.package_builder.common import BuiltPackage, package_metadata, write_package, zero_layer_norm
from tests.support.package_builder.fixture import fixture_alphabet

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
# B: the control dimensions' value, far above the residual noise (under one
# unit per dimension with std-0.02 weights), so after the final layer norm the
# active one reads B / sqrt(B²/512 + noise²), near its ceiling √512 ≈ 22.6, and
# the idle one about 0. Even noise of 10 a dimension would leave it above 4.
_CONTROL_VALUE = 100.0
# K: the EOS row's weight on them; the EOS logit is then about ±K·22 (measured:
# log-probability -447 before the stop, 0.0 at it), against ordinary logits
# of about ±0.5 (random rows of std 0.02 over a vector of norm √512).
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


def train_subword_sentencepiece(
    path: Path, corpus: Sequence[str] | None = None, vocab_size: int = 8000
) -> list[str]:
    """Train a BPE SentencePiece model on ``corpus`` (default: :data:`BENCHMARK_CORPUS`).

    ``vocab_size`` is an upper bound: a small corpus yields fewer pieces.
    Every character of the fixture alphabet is covered. Returns the pieces in
    id order (``<unk>``, ``<s>``, ``</s>`` first).
    """
    texts = BENCHMARK_CORPUS if corpus is None else tuple(corpus)
    sentences = [s.strip() for text in texts for s in text.replace("\n", " ").split(". ") if s.strip()]
    # Single characters as words: covered, without inventing letter-run pieces.
    sentences += [" ".join(fixture_alphabet())] * 2
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

    def attention(self, attention: attention_spec.MultiHeadAttentionSpec, self_attention: bool) -> None:
        """Fill a multi-head attention block (fused QKV for self-attention, Q and KV otherwise)."""
        dim = BASE_MODEL_DIM
        zero_layer_norm(attention.layer_norm, dim)
        linears = attention.linear
        shapes = [(3 * dim, dim)] if self_attention else [(dim, dim), (2 * dim, dim)]
        for linear, (rows, cols) in zip(linears, shapes):
            self.linear(linear, rows, cols, writes_residual=False)
        self.linear(linears[-1], dim, dim, writes_residual=True)

    def feed_forward(self, ffn: transformer_spec.FeedForwardSpec) -> None:
        """Fill a position-wise feed-forward block."""
        zero_layer_norm(ffn.layer_norm, BASE_MODEL_DIM)
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
    zero_layer_norm(spec.encoder.layer_norm, dim)
    zero_layer_norm(spec.decoder.layer_norm, dim)

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
        metadata = package_metadata(from_code, to_code, version, benchmark_decode_tokens=decode_tokens)
        return write_package(out_dir, name, spec, sp_path, metadata, "int8")


