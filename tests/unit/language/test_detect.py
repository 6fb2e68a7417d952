"""Language detection: articles, blocks, script rules, determinism and the client's override."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from tests.support.detect_eval import (
    HEADLINE_TARGET,
    SUPPORTED,
    article_blocks,
    check_targets,
    evaluate,
    load_snippets,
)
from translator.language.detect import (
    UNDETERMINED,
    Detection,
    Detector,
    check_declared,
    declared_source,
    normalize_language,
)
from translator.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT
SAMPLE = ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"

HEBREW_PARAGRAPH = (
    "ראש הממשלה בנימין נתניהו שוחח ביום שלישי בטלפון עם נשיא רוסיה ולדימיר פוטין, "
    "בשיחה הראשונה בין השניים מאז דצמבר 2023."
)
HEBREW_PARAGRAPH_2 = (
    "נתניהו הודה לפוטין על תפקידה של רוסיה בשחרורו של אלכסנדר (סשה) טרופנוב, "
    "ושני המנהיגים התחייבו להמשיך במגעים לשחרור יתר החטופים."
)
ENGLISH_QUOTE = (
    "“The only way to prevent Iran from building nuclear weapons is to fully dismantle "
    "all the infrastructure of Iran’s nuclear program,” the prime minister said."
)
RUSSIAN_PARAGRAPH = (
    "Премьер-министр Израиля Биньямин Нетаньяху во вторник провел телефонный разговор "
    "с президентом России Владимиром Путиным. Это первая беседа двух лидеров с декабря 2023 года."
)
RUSSIAN_PARAGRAPH_2 = (
    "Российская сторона выразила обеспокоенность «катастрофической гуманитарной ситуацией» "
    "в секторе Газа и предложила содействие в снижении страданий мирного населения."
)
UKRAINIAN_QUOTE = (
    "«Ми не погодимося на жодну угоду, яка легітимізує окупацію наших територій», "
    "— заявив міністр закордонних справ Андрій Сибіга."
)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


def test_all_israel_is_too_thin_to_judge_and_is_not_welsh(detector: Detector) -> None:
    found = detector.detect("All Israel")
    assert found.reliable is False
    assert found.language == "en"
    assert found.confidence < 0.5


def test_name_heavy_english_is_english_but_not_reliable(detector: Detector) -> None:
    found = detector.detect("Netanyahu met Zakharova and Lavrov in Moscow")
    assert (found.language, found.reliable) == ("en", False)


def test_short_name_heavy_lines_do_not_decide_the_article(detector: Detector) -> None:
    # The chrome and the names have more letters than the Hebrew paragraph,
    # and would outvote it if they had a vote.
    chrome = ["All Israel"] * 12 + ["Benjamin Netanyahu, Vladimir Putin, Maria Zakharova"]
    article = detector.detect_article(chrome + [HEBREW_PARAGRAPH])
    assert article.language == "he"
    assert article.reliable is True


def test_the_sample_article_is_english_and_its_chrome_inherits(detector: Detector) -> None:
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    article = detector.detect_article(lines)
    assert article.language == "en" and article.confidence > 0.95
    blocks = detector.detect_blocks(lines, article)
    by_text = dict(zip(lines, blocks))
    assert by_text["All Israel"].inherited is True
    assert by_text["All Israel"].language == "en"
    assert all(block.language == "en" for block in blocks)
    assert not any(block.inherited for block, line in zip(blocks, lines) if len(line) > 80)


def test_hebrew_article_quoting_an_english_paragraph(detector: Detector) -> None:
    texts = ["נתניהו ופוטין שוחחו", HEBREW_PARAGRAPH, ENGLISH_QUOTE, HEBREW_PARAGRAPH_2, "Photo: GPO"]
    article = detector.detect_article(texts)
    assert article.language == "he"
    assert 0.0 < article.confidence < 1.0
    assert "en" in dict(article.alternatives)
    blocks = detector.detect_blocks(texts, article)
    assert [b.language for b in blocks] == ["he", "he", "en", "he", "en"]
    assert blocks[0].inherited is True
    assert (blocks[2].reliable, blocks[2].inherited) == (True, False)
    # A short Latin line cannot inherit Hebrew: it is judged, and marked thin.
    assert (blocks[4].inherited, blocks[4].reliable) == (False, False)


def test_russian_article_with_a_ukrainian_quotation(detector: Detector) -> None:
    texts = [RUSSIAN_PARAGRAPH, UKRAINIAN_QUOTE, RUSSIAN_PARAGRAPH_2, "Фото: ТАСС", "Слава Україні!"]
    article = detector.detect_article(texts)
    assert article.language == "ru"
    assert "uk" in dict(article.alternatives)
    blocks = detector.detect_blocks(texts, article)
    assert [b.language for b in blocks] == ["ru", "uk", "ru", "ru", "uk"]
    assert blocks[1].reliable is True
    assert blocks[3].inherited is True
    # ї and і are not Russian letters, so the short line is not given Russian.
    assert blocks[4].inherited is False


def test_detect_blocks_computes_the_article_when_not_given(detector: Detector) -> None:
    texts = [RUSSIAN_PARAGRAPH, "Фото: ТАСС"]
    assert detector.detect_blocks(texts) == detector.detect_blocks(texts, detector.detect_article(texts))


def test_min_chars_decides_which_blocks_are_examined(detector: Detector) -> None:
    article = Detection("ru", 0.9, (), reliable=True)
    headline = "Нетаньяху и Путин впервые с 2023 года провели телефонный разговор"
    assert detector.detect_blocks([headline], article)[0].inherited is False
    assert detector.detect_blocks([headline], article, min_chars=200)[0].inherited is True


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (UKRAINIAN_QUOTE, "uk"),
        (
            "Прэм'ер-міністр Ізраіля Біньямін Нетаньяху ў аўторак правёў тэлефонную размову "
            "з прэзідэнтам Расіі Уладзімірам Пуціным.",
            "be",
        ),
        (
            "Премиерът на Израел Бенямин Нетаняху и руският президент Владимир Путин "
            "са разговаряли по телефона във вторник, съобщиха от Кремъл.",
            "bg",
        ),
        ("די משפּחות פֿון די געכאַפּטע האָבן אויפֿגערופֿן די רעגירונג צו דערגרייכן אַן אָפּמאַך.", "yi"),
        ("ער האט געזאגט אז די רעגירונג וועט ניט אננעמען קיין אפמאך", "yi"),
        ("ودعت جامعة الدول العربية المجتمع الدولي إلى التحرك العاجل لوقف التصعيد.", "ar"),
    ],
)
def test_unsupported_languages_are_reported_as_themselves(
    detector: Detector, text: str, language: str
) -> None:
    found = detector.detect(text)
    assert found.language == language
    assert found.language not in SUPPORTED


def test_an_article_in_an_unsupported_language_is_not_called_supported(detector: Detector) -> None:
    ukrainian = [s.text for s in load_snippets() if s.language == "uk" and s.kind == "paragraph"]
    article = detector.detect_article(ukrainian)
    assert (article.language, article.reliable) == ("uk", True)


def test_the_script_narrows_the_candidates(detector: Detector) -> None:
    assert detector.detect("ЕЩЕ ПО ТЕМЕ").language in detector.plausible("CYRILLIC")
    assert detector.detect("עוד בנושא").language == "he"
    assert detector.detect("צה״ל תקף בלבנון").language == "he"
    assert set(detector.plausible("HEBREW")) == {"he", "yi"}
    assert {"ru", "uk", "be", "bg"} <= set(detector.plausible("CYRILLIC"))
    assert "en" not in detector.plausible("CYRILLIC")


def test_vocalised_hebrew_is_not_mistaken_for_yiddish(detector: Detector) -> None:
    # Pointed Hebrew has pasekh under alef too, among points on every letter.
    assert detector.detect("בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ").language == "he"


@pytest.mark.parametrize("text", ["", "   ", "12:45 — 09.05.2025", "$10 / 100%"])
def test_text_without_letters_is_undetermined(detector: Detector, text: str) -> None:
    assert detector.detect(text) == Detection(UNDETERMINED, 0.0)


def test_an_empty_article_is_undetermined(detector: Detector) -> None:
    assert detector.detect_article([]).language == UNDETERMINED


def test_confidences_are_probabilities_and_alternatives_ranked(detector: Detector) -> None:
    for outcome in evaluate(detector, load_snippets()):
        found = outcome.detection
        assert 0.0 <= found.confidence <= 1.0
        assert all(0.0 <= p <= 1.0 for _, p in found.alternatives)
        probabilities = [p for _, p in found.alternatives]
        assert probabilities == sorted(probabilities, reverse=True)
        assert found.language not in dict(found.alternatives)


def test_the_evaluation_set_meets_the_issues_targets(detector: Detector) -> None:
    snippets = load_snippets()
    counts = {lang: sum(s.language == lang for s in snippets) for lang in ("en", "he", "ru")}
    assert min(counts.values()) >= 40
    outcomes = evaluate(detector, snippets)
    targets = check_targets(outcomes)
    assert [o.snippet.text for o in targets.long_misses] == []
    assert targets.headline_accuracy >= HEADLINE_TARGET
    assert [o.snippet.text for o in targets.unsupported_guesses] == []


def test_the_timing_article_has_600_distinct_words() -> None:
    blocks = article_blocks()
    assert sum(len(block.split()) for block in blocks) == 600
    assert len(set(blocks)) == len(blocks)


# Run in a fresh interpreter: prints every evaluation snippet's detection as
# JSON, and whether langdetect's own module-global factory was ever built.
_CHILD = """
import json, sys
import langdetect.detector_factory as factory
from tests.support.detect_eval import load_snippets
from translator.language.detect import Detector
detector = Detector()
texts = [s.text for s in load_snippets()]
out = {"blocks": [repr(detector.detect(t)) for t in texts],
       "article": repr(detector.detect_article(texts)),
       "global_factory_built": factory._factory is not None}
print(json.dumps(out))
"""


def _run_child(hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.e2e
def test_detection_is_the_same_in_every_process(detector: Detector) -> None:
    first, second = _run_child("1"), _run_child("2023")
    assert first == second
    texts = [s.text for s in load_snippets()]
    assert first["blocks"] == [repr(detector.detect(t)) for t in texts]
    assert first["article"] == repr(detector.detect_article(texts))
    assert first["global_factory_built"] is False


def test_detection_is_the_same_on_every_call_and_every_detector(detector: Detector) -> None:
    texts = [s.text for s in load_snippets()]
    fresh = Detector(cache_size=0)
    assert [fresh.detect(t) for t in texts] == [fresh.detect(t) for t in texts]
    assert [fresh.detect(t) for t in texts] == [detector.detect(t) for t in texts]


def test_a_detector_can_be_shared_between_threads() -> None:
    shared = Detector(cache_size=0)  # no cache: every thread really runs langdetect
    texts = [s.text for s in load_snippets()] * 3
    expected = [shared.detect(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(shared.detect, texts)) == expected


def test_the_sparse_table_holds_langdetects_own_probabilities() -> None:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from translator.language.profiles import compact_factory

    own = DetectorFactory()
    own.load_profile(PROFILES_DIRECTORY)
    ours, _ = compact_factory()
    assert sorted(ours.langlist) == sorted(own.langlist)
    assert set(ours.word_lang_prob_map) == set(own.word_lang_prob_map)
    # langdetect's order is the file system's; ours is sorted.
    order = [own.langlist.index(lang) for lang in ours.langlist]
    for gram, row in own.word_lang_prob_map.items():
        expected = np.array([row[i] for i in order], dtype=np.float32)
        assert np.array_equal(np.array(ours.word_lang_prob_map[gram], dtype=np.float32), expected), gram


@pytest.mark.e2e
def test_the_detector_costs_a_worker_far_less_than_langdetects_own_tables() -> None:
    # langdetect's own factory costs a process about 60 MB; ours about 15 MB (bench.footprint).
    # Measured in a fresh interpreter, after handing freed memory back.
    from tests.support.probes import added_mib

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert added_mib("from translator.language.detect import Detector", "held = Detector()", env) < 30


def test_hebrew_declared_as_russian_gets_a_warning() -> None:
    warning = check_declared("ru", HEBREW_PARAGRAPH)
    assert warning is not None
    assert "'ru'" in warning and "Hebrew" in warning and "Cyrillic" in warning


@pytest.mark.parametrize(
    ("declared", "text"),
    [
        ("he", HEBREW_PARAGRAPH),
        ("he-IL", HEBREW_PARAGRAPH),
        ("iw", HEBREW_PARAGRAPH),
        ("RU", RUSSIAN_PARAGRAPH),
        ("uk", RUSSIAN_PARAGRAPH),  # same script: detection's business, not the check's
        ("ru", "Фото"),  # too short to judge
        ("xx", HEBREW_PARAGRAPH),  # a code we cannot vouch for
    ],
)
def test_declared_languages_that_fit_the_script_pass(declared: str, text: str) -> None:
    assert check_declared(declared, text) is None


def test_english_declared_as_hebrew_gets_a_warning() -> None:
    assert check_declared("he", ENGLISH_QUOTE) is not None


def test_the_declared_language_overrides_detection(detector: Detector) -> None:
    texts = [HEBREW_PARAGRAPH, "נתניהו ופוטין שוחחו", HEBREW_PARAGRAPH_2]
    article, warning = declared_source("ru", texts)
    assert (article.language, article.confidence, article.reliable) == ("ru", 1.0, True)
    assert warning is not None and "Hebrew" in warning
    assert detector.detect_article(texts).language == "he"
    # Blocks do not inherit a language their letters rule out.
    assert [b.language for b in detector.detect_blocks(texts, article)] == ["he", "he", "he"]


def test_a_declared_language_that_fits_has_no_warning_and_is_inherited(detector: Detector) -> None:
    texts = [RUSSIAN_PARAGRAPH, "Фото: ТАСС"]
    article, warning = declared_source("ru-RU", texts)
    assert (article.language, warning) == ("ru", None)
    assert detector.detect_blocks(texts, article)[1] == Detection(
        "ru", 1.0, (), reliable=False, inherited=True
    )


def test_language_codes_are_normalised() -> None:
    assert [normalize_language(c) for c in ("HE", "he_IL", "iw", "ru-RU", " en ")] == [
        "he",
        "he",
        "he",
        "ru",
        "en",
    ]
