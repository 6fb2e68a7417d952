"""What one sentence costs to decode, next to a whole article, under CTranslate2's settings.

Run as ``PYTHONPATH=. .venv/bin/python -m bench.single_sentence`` (``--smoke``: a
tiny package, one run, two settings; CI runs it so the tool cannot rot). It builds one
benchmark package (en→ru, transformer-base size, 30 tokens a sentence) and,
for each setting below, in a fresh interpreter (CTranslate2 reads its
environment when it loads), times raw ``translate_batch`` on:

* the edited sentence of the benchmark's re-send, alone, at beam 1 and beam 4;
* the sample article's 21 units at beam 4 in length-sorted sub-batches of 8
  (the service's call).

It prints medians of five runs and the sentence ÷ article ratio: the floor
under the benchmark's "edited re-send" ratio, whatever the service does.
Nothing is asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from bench.run import SAMPLE, edited_sentence, service_sentences
from tests.support.package_builder import build_benchmark_package
from tests.support.probes import run_python

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, statistics, sys, time
import ctranslate2, sentencepiece
package, inter, intra, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
texts = json.load(sys.stdin)
pieces = sentencepiece.SentencePieceProcessor(model_file=package + "/sentencepiece.model")
one = [pieces.encode(texts["sentence"], out_type=str)]
article = sorted((pieces.encode(s, out_type=str) for s in texts["article"]), key=len)
translator = ctranslate2.Translator(package + "/model", inter_threads=inter, intra_threads=intra)
cases = {"one_beam1": (one, 1), "one_beam4": (one, 4), "article_beam4": (article, 4)}
timings = {name: [] for name in cases}
for run in range(runs + 1):  # the first round warms up and is dropped
    for name, (batch, beam) in cases.items():
        start = time.perf_counter()
        translator.translate_batch(batch, beam_size=beam, max_batch_size=8, length_penalty=0.2)
        if run:
            timings[name].append(time.perf_counter() - start)
print(json.dumps({name: statistics.median(t) for name, t in timings.items()}))
"""


def settings() -> list[tuple[str, int, int, dict[str, str]]]:
    """(label, inter_threads, intra_threads, environment) for each setting measured."""
    rows = [
        ("inter 2 × intra 1 (the service's default)", 2, 1, {}),
        ("inter 1 × intra 1", 1, 1, {}),
        ("inter 1 × intra 2", 1, 2, {}),
        ("inter 1 × intra 2, OMP_WAIT_POLICY=PASSIVE", 1, 2, {"OMP_WAIT_POLICY": "PASSIVE"}),
        ("inter 1 × intra 2, GOMP_SPINCOUNT=0", 1, 2, {"GOMP_SPINCOUNT": "0"}),
        ("inter 2 × intra 1, CT2_USE_MKL=1", 2, 1, {"CT2_USE_MKL": "1"}),
        ("inter 2 × intra 1, CT2_USE_MKL=1, CT2_USE_EXPERIMENTAL_PACKED_GEMM=1", 2, 1,
         {"CT2_USE_MKL": "1", "CT2_USE_EXPERIMENTAL_PACKED_GEMM": "1"}),
    ]
    # CTranslate2 picks AVX2 on AMD CPUs even where AVX-512 is there to force.
    if "avx512f" in Path("/proc/cpuinfo").read_text(encoding="utf-8"):
        rows.append(("inter 2 × intra 1, CT2_FORCE_CPU_ISA=AVX512", 2, 1, {"CT2_FORCE_CPU_ISA": "AVX512"}))
    return rows


def measure(
    package: Path, inter: int, intra: int, env: dict[str, str], texts: dict[str, object], runs: int
) -> dict[str, float]:
    """Median seconds of each case over ``runs``, from a fresh interpreter with ``env`` added."""
    out = run_python(_PROBE, str(package), str(inter), str(intra), str(runs), stdin=json.dumps(texts),
                     env={**os.environ, **env}, timeout=1200)
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Build the package, measure every setting, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.single_sentence", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny package, one run, two settings")
    smoke = parser.parse_args(argv).smoke
    runs, rows = (1, settings()[:2]) if smoke else (5, settings())
    sizes = {"decode_tokens": 4, "vocab_size": 2000} if smoke else {}
    texts = {"sentence": edited_sentence(), "article": service_sentences(SAMPLE.read_text(encoding="utf-8"))}
    print(f"CPU: {os.cpu_count()} cores; the article is {len(texts['article'])} units; medians of {runs} runs.\n")
    print("| setting | one sentence, beam 1 | one sentence, beam 4 | article, beam 4 | one ÷ article (beam 4) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="targum-single-") as tmp:
        package = build_benchmark_package(Path(tmp), "en", "ru", **sizes).directory
        for label, inter, intra, env in rows:
            t = measure(package, inter, intra, env, texts, runs)
            print(f"| {label} | {t['one_beam1']:.3f} s | {t['one_beam4']:.3f} s | {t['article_beam4']:.3f} s "
                  f"| {t['one_beam4'] / t['article_beam4']:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
