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
  from the input with :func:`transliterate`. A :data:`Quirk` makes one
  misbehave on purpose (changed digits, Latin left in, an early stop, a
  loop to the length limit, low confidence), as predictably.
* **Benchmark packages** (:func:`build_benchmark_package`): Argos
  transformer-base dimensions (6+6 layers, d_model 512, FFN 2048, 8 heads,
  32k vocabulary, int8) with small random weights, whose decoder emits exactly
  ``decode_tokens`` tokens and then EOS on every beam hypothesis, so decoding
  costs what a real model costs while the text is meaningless.
"""

from tests.support.package_builder.benchmark import build_benchmark_package, train_subword_sentencepiece
from tests.support.package_builder.common import BuiltPackage
from tests.support.package_builder.fixture import (
    CHAR_MAPS,
    Quirk,
    build_fixture_package,
    source_pieces,
    train_char_sentencepiece,
    transliterate,
)

__all__ = [
    "BuiltPackage",
    "CHAR_MAPS",
    "Quirk",
    "build_benchmark_package",
    "build_fixture_package",
    "source_pieces",
    "train_char_sentencepiece",
    "train_subword_sentencepiece",
    "transliterate",
]
