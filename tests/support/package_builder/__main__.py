"""``python -m tests.support.package_builder {fixtures,benchmark} OUT_DIR``: build the four newsroom pairs.

``fixtures OUT_DIR --quirk loop --pair en-ru`` builds quirky fixture packages
(see :mod:`tests.support.package_builder.fixture`); ``--pair`` repeats and
defaults to the four pairs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

from tests.support.package_builder.benchmark import BASE_VOCAB_SIZE, build_benchmark_package
from tests.support.package_builder.fixture import Quirk, build_fixture_package

# The newsroom's four direct pairs; he↔ru pivots through English.
STANDARD_PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.support.package_builder {fixtures,benchmark} OUT_DIR``: build four pairs."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.package_builder", description="Build crafted Argos packages offline."
    )
    parser.add_argument("kind", choices=("fixtures", "benchmark"))
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--decode-tokens", type=int, default=30, help="benchmark: tokens every output has")
    parser.add_argument("--vocab-size", type=int, default=BASE_VOCAB_SIZE, help="benchmark: vocabulary entries")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=None,
        help="benchmark: text file to train the tokenizer on (repeatable; default: built-in text)",
    )
    parser.add_argument("--quirk", choices=get_args(Quirk), default=None, help="fixtures: how the packages misbehave")
    parser.add_argument(
        "--pair", type=_pair, action="append", default=None, help="a pair to build, as en-ru (repeatable; default: four)"
    )
    args = parser.parse_args(argv)
    if args.quirk is not None and args.kind != "fixtures":
        parser.error("--quirk is for fixture packages")
    corpus = [path.read_text(encoding="utf-8") for path in args.corpus] if args.corpus else None
    for from_code, to_code in args.pair or STANDARD_PAIRS:
        if args.kind == "fixtures":
            built = build_fixture_package(args.out_dir, from_code, to_code, quirk=args.quirk)
        else:
            built = build_benchmark_package(
                args.out_dir, from_code, to_code, args.decode_tokens, args.vocab_size, corpus=corpus
            )
        print(built.archive)
    return 0


def _pair(value: str) -> tuple[str, str]:
    """``en-ru`` as ``("en", "ru")``."""
    from_code, sep, to_code = value.partition("-")
    if not sep or not from_code or not to_code:
        raise argparse.ArgumentTypeError(f"{value!r} is not a pair such as en-ru")
    return from_code, to_code


if __name__ == "__main__":
    raise SystemExit(main())
