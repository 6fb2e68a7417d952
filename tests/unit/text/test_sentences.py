"""Translation units inside blocks, and putting translated blocks back together."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLES
from translator.document.article import Block
from translator.document.segment import segment_text
from translator.text.quotes import find_marks, quotation_spans
from translator.text.sentences import MAX_UNIT_CHARS, Unit, assemble, split_units

SAMPLE = segment_text((ARTICLES / "en-allisrael-netanyahu-putin.txt").read_text(encoding="utf-8"))
REAL_BLOCKS = [
    (path.name[:2], block)
    for path in sorted(ARTICLES.glob("*.txt"))
    for block in segment_text(path.read_text(encoding="utf-8")).blocks
]


def _block(text: str, kind: str = "paragraph") -> Block:
    return Block("b1", kind, text, "")


def _rejoin(units: list[Unit]) -> str:
    return "".join(u.opening + u.text + u.closing + u.space_after for u in units)


def _texts(text: str, language: str) -> list[str]:
    return [u.text for u in split_units(_block(text).text, language)]


def _unpaired(text: str) -> list[str]:
    return [m.role for m in find_marks(text) if m.partner is None]


def _echo(units: list[Unit]) -> list[str]:
    """A stand-in model that returns its input."""
    return [u.text for u in units if u.translate]


@pytest.mark.parametrize(
    ("language", "text", "pieces"),
    [
        ("en", "Russia helped obtain the Feb. 15 release of Alex (Sasha) Trufanov, held by Hamas. Both leaders spoke.", 2),
        ("en", "It was three days ahead of Victory in Europe (V-E) Day. Gen. Herzi Halevi and Lt. Col. A. B. Cohen came.", 2),
        ("en", "Mr. Smith of the U.S. Army met Dr. Jones at 5 p.m. on Jan. 29. They spoke.", 2),
        ("ru", "Премьер-министр Б. Нетаньяху заявил это в 2018 г. в Москве. Т. е. давно. Затем он ушёл.", 3),
        ("ru", "Это было, т. е. случилось, в 1945 г. Победа пришла в мае.", 1),
        ("he", "הדובר, תא״ל ד. הגרי, אמר כי צה\"ל ימשיך. מחר יתקיים דיון.", 2),
        ("he", "ח\"כ יאיר לפיד ותא\"ל (מיל') א. לוי הגיעו. הם דיברו.", 2),
    ],
)
def test_abbreviations_and_initials_do_not_end_sentences(language: str, text: str, pieces: int):
    texts = _texts(text, language)
    assert len(texts) == pieces, texts
    assert _rejoin(split_units(_block(text).text, language)) == text


def test_a_quotation_interrupted_by_its_attribution_is_its_parts_and_the_attribution():
    quote = SAMPLE.blocks[15]
    assert quote.text.startswith("“Israel,” Netanyahu continued")
    units = split_units(quote.text, "en")
    assert [(u.text[:20], u.opening, u.attribution) for u in units] == [
        ("Israel", "“", False), ("Netanyahu continued", "", True), ("cannot live with any", "“", False),
        ("Anything short of th", "", False)]
    assert units[-1].closing == "”" and not any(m in u.text for u in units[:3] for m in "“”")
    assert _rejoin(units) == quote.text


def _markless(units: list) -> list[str]:
    """What a model that drops every quotation mark gives back (the benchmark packages' case)."""
    return [re.sub(r"[\"“”«»„‘’']", "", u.text).upper() for u in units if u.translate]


def _quotations(text: str) -> int:
    return len(quotation_spans(text))


INTERRUPTED = {
    "en": "“Israel,” Netanyahu continued, “cannot live with that.”",
    "ru": "«Израиль», — продолжил Нетаньяху, — «не может с этим жить».",
    "he": '"ישראל", המשיך נתניהו, "לא יכולה לחיות עם זה."',
}


@pytest.mark.parametrize("source", INTERRUPTED)
@pytest.mark.parametrize("target,shape", [
    ("ru", r"^«[^«»]+», — [^«»]+, — «[^«»]+»\.?$"),
    ("en", r"^“[^“”]+,” [^“”]+, “[^“”]+”\.?$"),
    ("he", r'^"[^"]+", [^"]+, "[^"]+"\.?$'),
])
def test_an_interrupted_quotation_comes_back_as_two_with_the_attribution_between(source, target, shape):
    text = INTERRUPTED[source]
    units = split_units(text, source)
    assert [u.attribution for u in units].count(True) == 1
    for outputs in (_markless(units), [u.text for u in units if u.translate]):  # with or without the model's marks
        result = assemble(text, units, outputs, target)
        assert re.match(shape, result), result
        assert _quotations(result) == 2


def test_an_attribution_that_begins_in_lower_case_stays_so():
    text = "“We are ready,” said the minister, “and we will sign.”"
    units = split_units(text, "en")
    result = assemble(text, units, ["Мы готовы,", "Сказал министр.", "И мы подпишем."], "ru")
    assert result == "«Мы готовы», — сказал министр, — «И мы подпишем.»"


def test_a_question_interrupted_keeps_its_mark_instead_of_the_comma():
    text = "“Why now?” she asked, “after all these years?”"
    result = assemble(text, split_units(text, "en"), ["Почему сейчас?", "спросила она", "после стольких лет?"], "ru")
    assert result == "«Почему сейчас?» — спросила она, — «после стольких лет?»"


@pytest.mark.parametrize("text,language", [
    # A quotation over two paragraphs: the first stays open, the second opens again and closes.
    ("“We will not stop. We have never stopped.", "en"),
    ("“Nobody will take this from us,” he said.", "en"),
    # Nested: a quotation inside a quotation.
    ("“They told us, ‘wait a week,’ and we waited,” she said.", "en"),
    ("«Они сказали нам: „ждите неделю“, и мы ждали», — сказала она.", "ru"),
    ('"אמרו לנו \'חכו שבוע\' וחיכינו", אמרה.', "he"),
])
@pytest.mark.parametrize("target", ["ru", "en", "he"])
def test_multi_paragraph_and_nested_quotations_keep_their_count_without_the_models_marks(text, language, target):
    units = split_units(text, language)
    result = assemble(text, units, _markless(units), target)
    assert _quotations(result) == _quotations(text), result
    assert sum(1 for m in find_marks(result) if m.partner is None) == sum(
        1 for m in find_marks(text) if m.partner is None), result


def test_a_whole_sentence_quotation_loses_its_marks_to_the_unit():
    units = split_units(_block("“The only way is this,” the prime minister said. “That is the deal.”").text, "en")
    assert [u.text for u in units] == ["The only way is this", "the prime minister said", "That is the deal."]
    assert [(u.opening, u.closing, u.attribution) for u in units] == [
        ("“", ",” ", False), ("", ".", True), ("“", "”", False)]


def test_a_multi_sentence_quotation_is_split_with_marks_outside():
    units = split_units(_block("«Мы были здесь раньше. Нам говорили, что сделка близка». Он ушёл.").text, "ru")
    assert [u.text for u in units] == ["Мы были здесь раньше.", "Нам говорили, что сделка близка", "Он ушёл."]
    assert units[0].opening == "«" and units[1].closing == "»."
    assert not any("«" in u.text or "»" in u.text for u in units)


def test_a_run_on_quotation_paragraph_stays_open_after_assembly():
    block = _block("“We were told to be patient. We have been patient for more than a year.", "quote")
    units = split_units(block.text, "en")
    assert len(units) == 2 and units[0].opening == "“" and not units[-1].closing
    out = assemble(block.text, units, ["Нам говорили ждать.", "Мы ждали больше года."], "ru")
    assert out == "«Нам говорили ждать. Мы ждали больше года."


def test_caption_credit_is_kept_and_its_label_localised():
    caption = next(b for b in SAMPLE.blocks if b.kind == "caption")
    units = split_units(caption.text, "en")
    assert units[-1] == Unit("(Photo: Kobi Gideon/GPO)", translate=False, label="Photo:")
    assert units[0].translate and units[0].space_after == " "
    for target, label in (("ru", "(Фото: Kobi Gideon/GPO)"), ("he", "(צילום: Kobi Gideon/GPO)")):
        out = assemble(caption.text, units, ["TRANSLATED."], target)
        assert out == "TRANSLATED. " + label


def test_a_standalone_credit_is_not_translated():
    units = split_units(_block("צילום: מרים אלסטר, פלאש 90", "credit").text, "he")
    assert units == [Unit("צילום: מרים אלסטר, פלאש 90", translate=False, label="צילום:")]
    assert assemble(_block("x").text, units, [], "en") == "Photo: מרים אלסטר, פלאש 90"


def test_assemble_keeps_source_spacing_and_sentence_order():
    block = _block("First one.  Second one.\u00a0Third one.")
    units = split_units(block.text, "en")
    assert assemble(block.text, units, ["Один.", "Два.", "Три."], "ru") == "Один.  Два.\u00a0Три."


def test_echoed_sample_blocks_with_english_marks_come_back_unchanged():
    curly = [b for b in SAMPLE.blocks if '"' not in b.text]
    assert len(curly) > 15
    for block in curly:
        units = split_units(block.text, "en")
        assert assemble(block.text, units, _echo(units), "en") == block.text


def test_echoed_quote_blocks_come_back_exactly():
    for block in (b for b in SAMPLE.blocks if b.kind == "quote"):
        units = split_units(block.text, "en")
        assert assemble(block.text, units, _echo(units), "en") == block.text


def test_a_dropped_mark_is_restored_and_marks_follow_the_target():
    block = next(b for b in SAMPLE.blocks if "“warm greetings”" in b.text)
    units = split_units(block.text, "en")
    assert len(units) == 1  # a quotation inside the sentence's grammar goes to the model whole, marks and all
    dropped = "Лидеры обменялись «теплыми приветствиями и подчеркнули приверженность сохранению истории."
    out = assemble(block.text, units, [dropped], "ru")
    assert _unpaired(out) == [] and out.count("«") == out.count("»") == 1
    kept = "Лидеры обменялись “теплыми приветствиями” и подчеркнули приверженность сохранению истории."
    assert "«теплыми приветствиями»" in assemble(block.text, units, [kept], "ru")


def test_marks_the_model_adds_to_the_parts_of_speech_do_not_pair_wrongly():
    block = SAMPLE.blocks[15]
    units = split_units(block.text, "en")
    noisy = ["«Израиль,", "— продолжил Нетаньяху, —", "«не может согласиться на меньшее»", "Иран скажет: „Хорошо“."]
    out = assemble(block.text, units, noisy, "ru")
    assert _unpaired(out) == [] and out.startswith("«Израиль», — продолжил Нетаньяху, — «не может")
    assert len(quotation_spans(out)) == 2


def test_output_count_must_match_units():
    block = _block("One. Two.")
    with pytest.raises(ValueError):
        assemble(block.text, split_units(block.text, "en"), ["Один."], "ru")


def test_an_empty_output_falls_back_to_the_source_sentence():
    block = _block("One sentence here.")
    assert assemble(block.text, split_units(block.text, "en"), ["  "], "ru") == "One sentence here."


def test_a_long_sentence_without_stops_is_cut_at_commas_without_loss():
    text = ", ".join(f"clause number {n} of a very long sentence" for n in range(40)) + "."
    units = split_units(_block(text).text, "en")
    assert len(units) > 1 and all(len(u.text) <= MAX_UNIT_CHARS for u in units)
    assert all(u.text.endswith(",") for u in units[:-1])
    assert _rejoin(units) == text


def test_a_long_word_run_without_spaces_is_cut_not_truncated():
    text = "א" * (MAX_UNIT_CHARS * 2 + 7)
    units = split_units(_block(text).text, "he")
    assert all(len(u.text) <= MAX_UNIT_CHARS for u in units) and _rejoin(units) == text


# --- properties: nothing lost, marks always paired ------------------------------------------

_marks = "\"“”„«»‘’'״"
_prose = st.text(alphabet="ab cd,.!?;:" + _marks + "אב гд-", max_size=900)


@settings(max_examples=300, deadline=None)
@given(_prose, st.sampled_from(["en", "he", "ru"]))
def test_units_always_rejoin_to_the_block(text: str, language: str):
    text = text.strip()
    if not text or "\n" in text:
        return
    units = split_units(_block(text).text, language)
    assert _rejoin(units) == text
    assert all(len(u.text) <= MAX_UNIT_CHARS for u in units)


@pytest.mark.parametrize(("language", "block"), REAL_BLOCKS, ids=lambda v: getattr(v, "text", v)[:20])
def test_real_blocks_rejoin_and_echo_to_paired_output(language: str, block: Block):
    units = split_units(block.text, language)
    assert _rejoin(units) == block.text
    for target in ("en", "he", "ru"):
        out = assemble(block.text, units, _echo(units), target)
        source_open = sum(1 for r in _unpaired(block.text) if r == "open")
        assert [r for r in _unpaired(out) if r == "open"] == ["open"] * source_open


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([b for _, b in REAL_BLOCKS if b.kind in ("quote", "paragraph")]),
    st.data(),
    st.sampled_from(["en", "he", "ru"]),
    st.sampled_from(["default", "straight", "low-high", "curly", "guillemets"]),
)
def test_whatever_the_model_returns_marks_end_up_paired(block: Block, data, target: str, style: str):
    units = split_units(block.text, "en")
    outputs = [data.draw(st.text(alphabet="ab cd.," + _marks, max_size=60)) for u in units if u.translate]
    out = assemble(block.text, units, outputs, target, quote_style=style)
    source_open = sum(1 for r in _unpaired(block.text) if r == "open")
    assert sorted(_unpaired(out)) == ["open"] * source_open
