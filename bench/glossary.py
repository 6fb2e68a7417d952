"""The glossary's cost: the sample article en→[ru, he] with a 5,000-entry glossary, beside the same without one.

    python -m bench.glossary            # the benchmark-size packages, 5 interleaved runs
    python -m bench.glossary --smoke    # tiny packages, one run (CI: it must keep working)

In process, memory off, so every run pays its whole translation. The house
glossary holds the article's own names (Netanyahu, Putin, Gaza, the Kremlin…)
and 4,980 made-up terms in all three languages, so finding terms meets the
index's full size. Three figures, each a median of interleaved runs:

- the whole request with the glossary ÷ without it (decoding the sentences
  with terms with attention, finding, placing, declining: everything);
- the enforcement alone (finding terms in every sentence and placing them in
  every output) as a share of the translation;
- building the glossary's index, which a process does once per glossary
  version, and reading 5,000 entries from the SQLite store.
Nothing is asserted about time: this is not a test.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench import measure
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.glossary.enforce import enforce
from translator.glossary.termbase import TermBase
from translator.glossary.terms import Entry, make_entries
from translator.language.detect import Detector
from translator.pipeline import Pipeline
from translator.settings import EngineSettings, Settings
from translator.store.database import open_database
from translator.store.glossaries import GlossaryStore

SAMPLE = measure.ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"
ENTRIES = 5000
NAMES = [
    {"en": "Netanyahu", "he": "נתניהו", "ru": "Нетаньяху"}, {"en": "Putin", "he": "פוטין", "ru": "Путин"},
    {"en": "Gaza", "he": "עזה", "ru": "Газа"}, {"en": "the Kremlin", "he": "הקרמלין", "ru": "Кремль"},
    {"en": "Moscow", "he": "מוסקבה", "ru": "Москва"}, {"en": "Hamas", "he": "חמאס", "ru": "ХАМАС"},
    {"en": "Iran", "he": "איראן", "ru": "Иран"}, {"en": "Israel", "he": "ישראל", "ru": "Израиль"},
    {"en": "Russia", "he": "רוסיה", "ru": "Россия"}, {"en": "Maria Zakharova", "he": "מריה זכרובה",
                                                       "ru": "Мария Захарова"},
    {"en": "Victory Day", "he": "יום הניצחון", "ru": "День Победы"},
    {"en": "the Middle East", "he": "המזרח התיכון", "ru": "Ближний Восток"},
    {"en": "Syria", "he": "סוריה", "ru": "Сирия"}, {"en": "Soviet Army", "he": "הצבא האדום", "ru": "Советская армия"},
    {"en": "Sasha Trufanov", "he": "סשה טרופנוב", "ru": "Саша Труфанов"},
    {"en": "JNS", "keep": True}, {"en": "GPO", "keep": True}, {"en": "Holocaust", "he": "השואה", "ru": "Холокост"},
    {"en": "World War II", "he": "מלחמת העולם השנייה", "ru": "Вторая мировая война"},
    {"en": "Jerusalem", "he": "ירושלים", "ru": "Иерусалим"},
]


def house_glossary(size: int = ENTRIES) -> tuple[Entry, ...]:
    """The article's names and made-up terms up to ``size`` entries, each with a form in he, ru and en."""
    rng = random.Random(7)
    latin, cyrillic, hebrew = "bdfgklmnprstvz", "бдфгклмнпрствз", "בדפגכלמנפרסתוז"
    vowels, cyr_vowels = "aeiou", "аеиоу"
    raw: list[dict[str, object]] = [dict(n) for n in NAMES]
    seen = {str(n[lang]).casefold() for n in NAMES for lang in ("en", "he") if lang in n}
    while len(raw) < size:
        picks = [rng.randrange(len(latin)) for _ in range(rng.randint(2, 5))]
        sounds = [rng.randrange(len(vowels)) for _ in picks]
        en = "".join(latin[c] + vowels[v] for c, v in zip(picks, sounds)).capitalize()
        he = "".join(hebrew[c] + "וי"[v % 2] for c, v in zip(picks, sounds))
        if en.casefold() in seen or he in seen:
            continue
        seen.update((en.casefold(), he))
        ru = "".join(cyrillic[c] + cyr_vowels[v] for c, v in zip(picks, sounds)).capitalize()
        raw.append({"en": en, "ru": ru, "he": he})
    entries = make_entries(raw)
    return tuple(Entry(e.forms, e.keep, e.case_sensitive, e.note, f"house:{n}") for n, e in enumerate(entries))


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def glossary_rows(packages: Path, runs: int) -> list[tuple[str, str, str]]:
    """The glossary's rows (what, figure, target), measured on the benchmark packages in ``packages``."""
    engine = Engine(EngineSettings(packages_dir=packages, inter_threads=2, intra_threads=1))
    pipeline = Pipeline(engine, Detector(seed=0))
    entries = house_glossary()
    article = segment_text(SAMPLE.read_text(encoding="utf-8"))
    terms = TermBase(entries)
    terms.find("warm up", "en")  # the index, as a process keeps it per glossary version
    targets = ["ru", "he"]
    plain, glossed, enforcing, shares = [], [], [], []
    for n in range(runs + 1):  # the first round warms the models up and is dropped
        without = _timed(lambda: pipeline.translate(article, "en", targets))
        result = pipeline.translate(article, "en", targets, terms=terms)
        with_terms = _timed(lambda: pipeline.translate(article, "en", targets, terms=terms))
        alone = _enforcement_seconds(pipeline, article, terms, targets)
        if n:
            plain.append(without)
            glossed.append(with_terms)
            enforcing.append(alone)
            shares.append(alone / without)
    used = sum(len(b.glossary) for t in result.translations.values() for b in t.blocks)
    index = measure.median([_timed(lambda: TermBase(entries).find("cold", "en")) for _ in range(3)])
    with tempfile.TemporaryDirectory(prefix="targum-bench-store-") as tmp:
        store = GlossaryStore(open_database(Settings(instance_dir=Path(tmp))))
        created = store.create("house", entries)
        read = measure.median([_timed(lambda: store.get(created.id)) for _ in range(5)])
        store.database.close()
    p, g = measure.median(plain), measure.median(glossed)
    return [
        (f"glossary: sample en→[ru, he] with a {len(entries):,}-entry glossary ({used} terms placed) "
         "÷ without one (in process, memory off)", f"{g:.3f} s ÷ {p:.3f} s = **{g / p:.3f}**", "≤ 1.05"),
        ("  enforcement alone (find terms in every sentence, place them in every output) ÷ the translation",
         f"{measure.median(enforcing) * 1000:.1f} ms ÷ {p:.3f} s = **{measure.median(shares):.2%}**", "≤ 5%"),
        ("  once per glossary version a process: build the index; read the glossary from SQLite",
         f"{index * 1000:.0f} ms; {read * 1000:.0f} ms", ""),
    ]


def _enforcement_seconds(pipeline: Pipeline, article: object, terms: TermBase, targets: list[str]) -> float:
    """The time of finding every term and placing it in every output, on outputs already decoded with attention."""
    from translator.text.sentences import split_units

    sentences = [u.text for b in article.blocks for u in split_units(b.text, "en") if u.translate]  # type: ignore[attr-defined]
    routes = [pipeline.engine.graph.route("en", t) for t in targets]
    outputs = {}
    for route in routes:
        (package,) = route.hops
        answers = pipeline.engine.translate_package_aligned(package, sentences)
        outputs[route.target] = dict(zip(sentences, answers))
    started = time.perf_counter()
    for target, answers in outputs.items():
        for sentence in sentences:
            matches = terms.find(sentence, "en")
            if matches:
                enforce(sentence, matches, answers[sentence], target, terms)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    return measure.in_process_main("bench.glossary", __doc__ or "", glossary_rows, argv)


if __name__ == "__main__":
    raise SystemExit(main())
