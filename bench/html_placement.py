"""Measure inline placement: exact with the fixture's attention, and under noisy alignments.

    .venv/bin/python -m bench.html_placement

Translates the HTML samples in tests/html/ (and generated sentences with
several inline elements) with the transliterating fixture packages, whose
attention is an exact diagonal, then places every inline element again on
alignments made worse on purpose: links dropped, moved to a random other
target token, or all target spans shuffled. Prints, per noise, the share of
wrap elements placed exactly as with the true alignment, the share left
with no words, and the share kept at all (always 100%: the tree is kept).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from tests.support.package_builder import build_fixture_package
from translator.engine.engine import Engine
from translator.html.inline import Placed, place
from translator.html.parse import Inline, parse_html
from translator.language.detect import Detector
from translator.pipeline import Pipeline
from translator.settings import EngineSettings

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "html"
WORDS = "the minister said talks would go on next week with leaders in gaza and moscow today".split()


def generated(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        for tag in rng.sample(["a", "em", "strong", "span"], rng.randint(1, 3)):
            i = rng.randrange(len(words))
            j = min(len(words), i + rng.randint(1, 3))
            if any("<" in w for w in words[i:j]):
                continue
            words[i] = f"<{tag}>{words[i]}"
            words[j - 1] = f"{words[j - 1]}</{tag}>"
        out.append("<p>" + " ".join(words).capitalize() + ".</p>")
    return out


def flat(placed: tuple[Placed, ...]) -> list[Placed]:
    return [p for node in placed for p in [node, *flat(node.children)]]


NOISES = {
    "exact": lambda links, rng: links,
    "drop 30%": lambda links, rng: [link for link in links if rng.random() > 0.3],
    "drop 70%": lambda links, rng: [link for link in links if rng.random() > 0.7],
    "move 30%": lambda links, rng: [(l[0], l[1], *rng.choice(links)[2:]) if rng.random() < 0.3 else l for l in links],
    "shuffle all": lambda links, rng: [(l[0], l[1], *t) for l, t in zip(links, rng.sample([l[2:] for l in links], len(links)))],
}


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        for pair in (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en")):
            build_fixture_package(Path(tmp), *pair)
        pipeline = Pipeline(Engine(EngineSettings(packages_dir=Path(tmp))), Detector())
        sources = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.html"))] + generated(rng, 200)
        cases: list[tuple[tuple[Inline, ...], str, str, list]] = []
        for source in sources:
            doc = parse_html(source)
            language = "he" if any("\u05d0" <= ch <= "\u05ea" for ch in source) else "en"
            target = "ru" if language == "en" else "en"
            result = pipeline.translate(doc.article, language, [target], aligned=frozenset(r.block_id for r in doc.runs))
            blocks = {b.id: b for b in result.translations[target].blocks}
            for run in doc.runs:
                block = blocks[run.block_id]
                if run.inlines and block.alignment:
                    cases.append((run.inlines, run.text, block.text, list(block.alignment)))
    print(f"{len(cases)} runs with inline markup")
    print(f"{'alignment':<12} {'elements':>8} {'kept':>6} {'exact':>7} {'empty':>7}")
    for name, noise in NOISES.items():
        total = exact = empty = 0
        for inlines, source, target, links in cases:
            truth = [(p.start, p.end) for p in flat(place(inlines, source, target, links)) if p.source.kind == "wrap"]
            got = [p for p in flat(place(inlines, source, target, noise(links, rng))) if p.source.kind == "wrap"]
            total += len(truth)
            exact += sum((p.start, p.end) == t for p, t in zip(got, truth))
            empty += sum(p.start == p.end for p in got)
        print(f"{name:<12} {total:>8} {'100%':>6} {exact / total:>7.1%} {empty / total:>7.1%}")


if __name__ == "__main__":
    main()
