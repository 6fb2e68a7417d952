"""Tests of tests.support.package_builder: packages run by CTranslate2 and SentencePiece directly.

Nothing here goes through translator.engine.engine, so a bug in the engine cannot hide
a bug in the packages (or the other way round).
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from tests.support.package_builder import BuiltPackage, build_benchmark_package, build_fixture_package, transliterate
from tests.support.package_builder.__main__ import main
from tests.support.package_builder.benchmark import BASE_VOCAB_SIZE

SENTENCES = [
    "Putin met Netanyahu in Moscow.",
    "The call lasted an hour, officials said.",
    "Gaza",
    "Israel and Russia marked Victory Day on May 9, 2025.",
    "Премьер-министр провёл телефонный разговор.",
    "ראש הממשלה שוחח בטלפון.",
    "A very long sentence " * 3,
    "“Warm greetings” — both leaders.",
    "x",
    "No injuries were reported.",
]
# "ß" and "☃" are in no fixture vocabulary: the model emits <unk>, and
# replace_unknowns copies the source piece it attends to.
OUT_OF_VOCABULARY = "Straße ☃ talks"
DECODE_TOKENS = 7
SMALL_VOCAB = 2000


def _translate(
    package: BuiltPackage, sentences: list[str], beam: int, **options: object
) -> list[list[list[str]]]:
    """Every hypothesis (``beam`` of them) of every sentence, as target pieces."""
    processor = spm.SentencePieceProcessor(model_file=str(package.directory / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package.directory / "model"), compute_type="int8", intra_threads=1)
    batch = [processor.encode(s, out_type=str) for s in sentences]
    results = translator.translate_batch(
        batch, beam_size=beam, num_hypotheses=beam, replace_unknowns=True, max_input_length=0, **options
    )
    return [result.hypotheses for result in results]


def _model_variables(model_bin: Path) -> dict[str, tuple[tuple[int, ...], int, bytes]]:
    """Name → (shape, CTranslate2 dtype id, raw bytes of scalars) from a model.bin."""
    variables: dict[str, tuple[tuple[int, ...], int, bytes]] = {}
    with model_bin.open("rb") as f:

        def read(fmt: str) -> int:
            return struct.unpack(fmt, f.read(struct.calcsize(fmt)))[0]

        def read_string() -> str:
            return f.read(read("H"))[:-1].decode("utf-8")

        read("I"), read_string(), read("I")  # binary version, spec name, revision
        for _ in range(read("I")):
            name = read_string()
            shape = tuple(read("I") for _ in range(read("B")))
            dtype, size = read("B"), read("I")
            # Keep the bytes of scalars (flags, head counts); skip the weights.
            raw = f.read(size) if not shape else b""
            if shape:
                f.seek(size, 1)
            variables[name] = (shape, dtype, raw)
    return variables


@pytest.fixture(scope="module")
def en_ru_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    """The en→ru fixture package, built once for this module."""
    return build_fixture_package(tmp_path_factory.mktemp("fixture"), "en", "ru")


@pytest.fixture(scope="module")
def small_benchmark(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    """An en→he benchmark package with a small vocabulary, built once for this module."""
    out = tmp_path_factory.mktemp("benchmark")
    return build_benchmark_package(out, "en", "he", decode_tokens=DECODE_TOKENS, vocab_size=SMALL_VOCAB)


@pytest.mark.parametrize("beam", [1, 4])
def test_fixture_package_transliterates(en_ru_fixture: BuiltPackage, beam: int) -> None:
    sentences = [s for s in SENTENCES if not any(ch in s for ch in "ראש")] + [OUT_OF_VOCABULARY]
    outputs = _translate(en_ru_fixture, sentences, beam)
    texts = ["".join(hypotheses[0]).replace("▁", " ").strip() for hypotheses in outputs]
    assert texts == [transliterate(s, "en", "ru") for s in sentences]
    assert texts[-1] == "Страßе ☃ талкс"


def test_fixture_archive_has_the_argos_layout(en_ru_fixture: BuiltPackage) -> None:
    name = en_ru_fixture.directory.name
    with zipfile.ZipFile(en_ru_fixture.archive) as zf:
        names = zf.namelist()
        metadata = json.loads(zf.read(f"{name}/metadata.json"))
    assert {n.split("/")[0] for n in names} == {name}
    for required in ("metadata.json", "model/model.bin", "model/config.json", "sentencepiece.model"):
        assert f"{name}/{required}" in names
    assert (metadata["from_code"], metadata["to_code"], metadata["type"]) == ("en", "ru", "translate")
    assert name == "translate-en_ru-1_0"


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.e2e
def test_benchmark_package_decodes_a_fixed_length(small_benchmark: BuiltPackage, beam: int) -> None:
    outputs = _translate(small_benchmark, SENTENCES, beam, max_decoding_length=200)
    assert {len(h) for hypotheses in outputs for h in hypotheses} == {DECODE_TOKENS}
    assert all(len(hypotheses) == beam for hypotheses in outputs)
    vocabulary = set(json.loads((small_benchmark.directory / "model/shared_vocabulary.json").read_text()))
    emitted = {piece for hypotheses in outputs for h in hypotheses for piece in h}
    assert emitted <= vocabulary and not emitted & {"<unk>", "<s>", "</s>"}


@pytest.mark.e2e
def test_benchmark_eos_is_decided_by_position_alone(small_benchmark: BuiltPackage) -> None:
    """EOS is all but impossible before step ``decode_tokens`` and all but certain at it."""
    processor = spm.SentencePieceProcessor(model_file=str(small_benchmark.directory / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(small_benchmark.directory / "model"), compute_type="int8")
    source = processor.encode(SENTENCES[1], out_type=str)
    words = processor.encode("the war in Gaza and the threat from Iran officials said", out_type=str)
    assert len(words) >= DECODE_TOKENS
    targets = [words[:length] for length in (0, 3, DECODE_TOKENS - 1, DECODE_TOKENS)]
    results = translator.score_batch([source] * len(targets), targets)
    # score_batch appends </s>: its log-probability is the last one.
    eos = [result.log_probs[-1] for result in results]
    assert max(eos[:3]) < -50.0
    assert eos[3] > -1e-3


@pytest.mark.e2e
def test_benchmark_package_vocabulary_is_padded(small_benchmark: BuiltPackage) -> None:
    vocabulary = json.loads((small_benchmark.directory / "model/shared_vocabulary.json").read_text())
    assert len(vocabulary) == SMALL_VOCAB == len(set(vocabulary))
    metadata = json.loads((small_benchmark.directory / "metadata.json").read_text())
    assert metadata["benchmark_decode_tokens"] == DECODE_TOKENS


@pytest.mark.e2e
def test_benchmark_package_has_transformer_base_dimensions(tmp_path: Path) -> None:
    built = build_benchmark_package(tmp_path, "he", "en", decode_tokens=30)
    variables = _model_variables(built.directory / "model/model.bin")
    for side in ("encoder", "decoder"):
        layers = {name.split("/")[1] for name in variables if name.startswith(f"{side}/layer_")}
        assert layers == {f"layer_{i}" for i in range(6)}
        assert struct.unpack("h", variables[f"{side}/num_heads"][2])[0] == 8
        assert variables[f"{side}/pre_norm"][2] == b"\x01"
        assert variables[f"{side}/layer_5/ffn/linear_0/weight"][:2] == ((2048, 512), 1)  # int8
        assert variables[f"{side}/layer_5/ffn/linear_1/weight"][:2] == ((512, 2048), 1)
    assert variables["encoder/embeddings_0/weight"][:2] == ((BASE_VOCAB_SIZE, 512), 1)
    assert variables["decoder/projection/weight"][:2] == ((BASE_VOCAB_SIZE, 512), 1)
    # Sinusoidal source positions, as in Argos models: no table in the encoder.
    assert "encoder/position_encodings/encodings" not in variables
    outputs = _translate(built, SENTENCES[:4], beam=2, max_decoding_length=100)
    assert {len(h) for hypotheses in outputs for h in hypotheses} == {30}
    # Only real tokenizer pieces come out, never the vocabulary's fillers.
    processor = spm.SentencePieceProcessor(model_file=str(built.directory / "sentencepiece.model"))
    emitted = {piece for hypotheses in outputs for h in hypotheses for piece in h}
    assert all(processor.piece_to_id(piece) != processor.unk_id() for piece in emitted)


def test_cli_builds_the_four_fixture_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fixtures", str(tmp_path)]) == 0
    archives = sorted(p.name for p in tmp_path.glob("*.argosmodel"))
    assert archives == [f"translate-{pair}-1_0.argosmodel" for pair in ("en_he", "en_ru", "he_en", "ru_en")]
    assert len(capsys.readouterr().out.splitlines()) == 4
