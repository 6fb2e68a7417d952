"""Target-language typography: quotation marks, dashes, apostrophes, direction, bidi."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.text.quotes import find_marks, is_balanced, quoted_share
from translator.text.typography import (
    DEFAULT_QUOTE_STYLE,
    convert_quotes,
    direction,
    isolate_latin,
    quote_marks,
    typeset,
)


def test_each_language_has_its_own_default_marks():
    assert quote_marks("en") == ("“", "”", "‘", "’")
    assert quote_marks("ru") == ("«", "»", "„", "“")
    assert quote_marks("he") == ('"', '"', "'", "'")
    assert DEFAULT_QUOTE_STYLE["he"] == "straight"
    assert quote_marks("he", "low-high") == ("„", "”", "‚", "’")


def test_an_unknown_quote_style_is_refused():
    with pytest.raises(ValueError, match="quote style"):
        quote_marks("he", "fancy")


def test_nested_quotes_follow_russian_convention():
    text = "“Iran will say, ‘All right, I won’t enrich,’ and wait.”"
    assert convert_quotes(text, "ru") == "«Iran will say, „All right, I won’t enrich,“ and wait.»"


def test_russian_quotes_become_english_ones():
    assert convert_quotes("Он сказал: «Это „сделка“».", "en") == "Он сказал: “Это ‘сделка’”."


def test_hebrew_quotes_in_either_style_leave_gershayim_and_geresh_alone():
    text = 'הרמטכ"ל אמר: “זה לא נגמר”. צה״ל וג\'ורג\' בוש.'
    assert convert_quotes(text, "he") == 'הרמטכ"ל אמר: "זה לא נגמר". צה״ל וג\'ורג\' בוש.'
    assert convert_quotes(text, "he", "low-high") == 'הרמטכ"ל אמר: „זה לא נגמר”. צה״ל וג\'ורג\' בוש.'


def test_gershayim_inside_words_are_not_quotation_marks():
    assert find_marks('צה"ל ותא״ל ג\'ורג\'') == []
    assert quoted_share('בצה"ל מעריכים כי ההסלמה תימשך') == 0.0


def test_apostrophes_between_letters_are_not_quotation_marks():
    assert find_marks("Israel’s and Russia's won't") == []


def test_a_stray_closing_mark_is_unpaired_and_makes_no_quotation():
    marks = find_marks('observed around the world."')
    assert [(m.role, m.partner) for m in marks] == [("close", None)]
    assert quoted_share('observed around the world."') == 0.0


def test_typeset_repairs_a_dropped_closing_mark():
    assert typeset("Он сказал: «Это сделка", "ru") == "Он сказал: «Это сделка»"
    assert typeset("Это сделка», сказал он", "ru") == "«Это сделка», сказал он"


def test_typeset_keeps_a_run_on_quotation_open_when_asked():
    assert typeset("“We were told to wait.", "ru", open_left=1) == "«We were told to wait."
    assert typeset("We were told to wait.", "ru", open_left=1) == "«We were told to wait."


def test_typeset_dashes_and_apostrophes_per_language():
    assert typeset("Israel's army - the IDF - said", "en") == "Israel’s army — the IDF — said"
    assert typeset("Армия - ЦАХАЛ - заявила", "ru") == "Армия — ЦАХАЛ — заявила"
    assert typeset("הצבא - צה\"ל - הודיע", "he") == 'הצבא – צה"ל – הודיע'
    assert typeset("1990-2000", "ru") == "1990-2000"  # a range is not a dash between words


@pytest.mark.parametrize(("language", "expected"), [("he", "rtl"), ("he-IL", "rtl"), ("en", "ltr"), ("ru", "ltr")])
def test_direction(language: str, expected: str):
    assert direction(language) == expected


def test_latin_runs_in_hebrew_are_isolated_in_html():
    out = isolate_latin("נתניהו נפגש עם Vladimir Putin ב-JNS Summit <יום ג׳>")
    assert out == "נתניהו נפגש עם <bdi>Vladimir Putin</bdi> ב-<bdi>JNS Summit</bdi> &lt;יום ג׳&gt;"


def test_text_without_hebrew_needs_no_isolation():
    assert isolate_latin("Putin & Netanyahu") == "Putin &amp; Netanyahu"
    assert isolate_latin("Путин и Netanyahu") == "Путин и Netanyahu"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab cd.,-אב гд" + "\"“”„«»‘’'״", max_size=80),
    st.sampled_from(["en", "he", "ru"]),
    st.sampled_from(["default", "straight", "low-high", "curly", "guillemets"]),
    st.integers(min_value=0, max_value=1),
)
def test_typeset_always_pairs_marks(text: str, target: str, style: str, open_left: int):
    out = typeset(text, target, style, open_left=open_left)
    assert [m.role for m in find_marks(out) if m.partner is None] == ["open"] * open_left
    if open_left == 0:
        assert is_balanced(out)
    # words are never lost: only marks, dashes and spaces around them may change
    letters = [c for c in text if c.isalpha()]
    assert [c for c in out if c.isalpha()] == letters

