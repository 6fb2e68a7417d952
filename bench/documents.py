"""The document path's overhead: a 10-page .docx en→ru beside the same text posted as an article.

    python -m bench.documents            # the benchmark-size packages, 3 interleaved runs
    python -m bench.documents --smoke    # tiny packages, one run (CI: it must keep working)

In process, memory off, so every run pays its whole translation. The Word
file is written here with python-docx: the sample article's paragraphs over
and over, to about ten pages (some 5,000 words), each fourth paragraph with
a bold name and each seventh with a link, a heading per page; each round of the sample's paragraphs says which it is in
every sentence, so no sentence is there twice. The article
is the same paragraphs as one text body. Two figures, medians of
interleaved runs: the .docx translated and written back ÷ the article
translated and rendered (reading the package, the runs as markup, the
alignment the inline runs need, writing every part back: everything), and
reading plus writing the package alone. Nothing is asserted about time.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from bench import measure
from translator.document.segment import segment_text
from translator.documents.docx import read_docx, write_docx
from translator.documents.translate import DocumentLimits, translate_document
from translator.engine.engine import Engine
from translator.language.detect import Detector
from translator.pipeline import Options, Pipeline
from translator.render import render_all
from translator.settings import EngineSettings

SAMPLE = measure.ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"
WORDS = 5000  # about ten pages of a Word document at 500 words a page
LIMITS = DocumentLimits(max_bytes=50 * 1024 * 1024, max_chars=10_000_000)


def ten_pages(words: int = WORDS) -> tuple[bytes, str]:
    """A Word document of about ``words`` words built from the sample's paragraphs, and its text as an article."""
    import docx

    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]
    document = docx.Document()
    body: list[str] = []
    count = n = 0
    while count < words:
        # Each round of the sample's paragraphs made its own text, sentence by sentence, so that ten pages are
        # ten pages of sentences to translate, not one page the pipeline translates once and repeats.
        text = _round(paragraphs[n % len(paragraphs)], n // len(paragraphs))
        if n % len(paragraphs) == 0:
            heading = f"Part {n // len(paragraphs) + 1}: the talks go on"
            document.add_heading(heading, level=2)
            body.append(heading)
        paragraph = document.add_paragraph()
        first, _, rest = text.partition(" ")
        if n % 4 == 0:
            paragraph.add_run(first).bold = True
            paragraph.add_run(" " + rest)
        elif n % 7 == 0:
            paragraph.add_run(first + " ").italic = True
            paragraph.add_run(rest)
        else:
            paragraph.add_run(text)
        body.append(text)
        count += len(text.split())
        n += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), "\n\n".join(body)


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth")


def _round(paragraph: str, k: int) -> str:
    """A paragraph whose every sentence says which round it is in (the first round as it was)."""
    if not k:
        return paragraph
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    return " ".join(f"In the {ORDINALS[k % len(ORDINALS)]} part, {s[0].lower()}{s[1:]}" for s in sentences if s)


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def documents_rows(packages: Path, runs: int) -> list[tuple[str, str, str]]:
    """The document path's rows (what, figure, target), measured on the benchmark packages in ``packages``."""
    engine = Engine(EngineSettings(packages_dir=packages, inter_threads=2, intra_threads=1))
    pipeline = Pipeline(engine, Detector(seed=0))
    data, text = ten_pages()
    targets = ["ru"]
    options = Options(translate_boilerplate=True)

    def as_article() -> None:
        article = segment_text(text)
        render_all(article, pipeline.translate(article, "en", targets, options))

    def as_document() -> None:
        translate_document(pipeline, "ten-pages.docx", data, "en", targets, LIMITS)

    def package_alone() -> None:
        source = read_docx(data)
        write_docx(source, [None] * len(source.paragraphs), rtl=False)

    documents, articles = [], []
    for n in range(min(runs, 3) + 1):  # the first round loads the models and is dropped
        d, a = _timed(as_document), _timed(as_article)
        if n:
            documents.append(d)
            articles.append(a)
    package = measure.median([_timed(package_alone) for _ in range(3)])
    d, a = measure.median(documents), measure.median(articles)
    size = len(read_docx(data).paragraphs)
    return [
        (f"documents: a 10-page .docx ({len(text.split()):,} words, {size} paragraphs, bold/italic runs) en→ru, "
         "read, translated and written back ÷ the same text posted as an article (in process, memory off)",
         f"{d:.3f} s ÷ {a:.3f} s = **{d / a:.3f}**", "≤ 1.15"),
        ("  reading and writing the package alone ÷ the article's translation",
         f"{package * 1000:.0f} ms ÷ {a:.3f} s = **{package / a:.2%}**", "≤ 5%"),
    ]


def main(argv: list[str] | None = None) -> int:
    return measure.in_process_main("bench.documents", __doc__ or "", documents_rows, argv)


if __name__ == "__main__":
    raise SystemExit(main())
