"""``python -m tests.support.package_builder {fixtures,benchmark} OUT_DIR``: build the four newsroom pairs."""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.support.package_builder.benchmark import BASE_VOCAB_SIZE, build_benchmark_package
from tests.support.package_builder.fixture import build_fixture_package

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
