"""Properties of the quantity parser: it never breaks on any text, its spans are well formed,
and it reads back every integer written the way the Arabic press writes it, in words
(``tests/arabic_numerals.py``) and in digits of the three scripts.

``READ_BACK_REGRESSIONS`` keeps, as plain regression cases, the smallest spellings the round
trip found unread when it was written, one per cause.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.numbers.parser import find_quantities
from tests.arabic_numerals import STYLE_CHOICES, Style, spell

KINDS = {"cardinal", "ordinal", "percent", "money", "fraction", "vague"}
QUALIFIERS = {"exact", "more_than", "at_least", "less_than", "at_most", "approximately", "range", "vague"}

styles = st.builds(Style, **{name: st.sampled_from(options) for name, options in STYLE_CHOICES.items()})
below_a_trillion = st.integers(1, 10**12 - 1)
spelled = st.builds(spell, below_a_trillion, styles)


# --- the generator itself ----------------------------------------------------------------

@pytest.mark.parametrize(
    "n, style, words",
    [
        (3, {}, "ثلاثة"),
        (3, {"gender": "f"}, "ثلاث"),
        (8, {"gender": "f"}, "ثمان"),
        (8, {"gender": "f", "eight_with_ya": True}, "ثماني"),
        (2, {"case": "oblique"}, "اثنين"),
        (11, {}, "أحد عشر"),
        (11, {"gender": "f"}, "إحدى عشرة"),
        (12, {}, "اثنا عشر"),
        (12, {"gender": "f", "case": "oblique"}, "اثنتي عشرة"),
        (13, {}, "ثلاثة عشر"),
        (18, {"gender": "f", "eight_with_ya": True}, "ثماني عشرة"),
        (21, {}, "واحد وعشرون"),
        (21, {"gender": "f"}, "إحدى وعشرون"),
        (35, {"case": "oblique"}, "خمسة وثلاثين"),
        (100, {"hundred": "مائة"}, "مائة"),
        (200, {}, "مئتان"),
        (200, {"case": "oblique", "hundred": "مائة"}, "مائتين"),
        (300, {}, "ثلاثمئة"),
        (300, {"hundred": "مائة", "glued_hundreds": False}, "ثلاث مائة"),
        (800, {}, "ثمانمئة"),
        (800, {"eight_with_ya": True, "glued_hundreds": False}, "ثماني مئة"),
        (331, {"hundred": "مائة", "glued_hundreds": False}, "ثلاث مائة وواحد وثلاثون"),
        (1000, {}, "ألف"),
        (2000, {}, "ألفان"),
        (2000, {"case": "oblique"}, "ألفين"),
        (3000, {}, "ثلاثة آلاف"),
        (10000, {}, "عشرة آلاف"),
        (11000, {}, "أحد عشر ألفا"),
        (12000, {"case": "oblique", "accusative_alef": False}, "اثني عشر ألف"),
        (100000, {}, "مئة ألف"),
        (101000, {}, "مئة ألف وألف"),  # like ألف ليلة وليلة
        (101000, {"after_hundreds": "singular"}, "مئة وواحد ألف"),
        (103000, {}, "مئة وثلاثة آلاف"),
        (103000, {"after_hundreds": "singular"}, "مئة وثلاثة ألف"),
        (125000, {}, "مئة وخمسة وعشرون ألفا"),
        (200000, {}, "مئتا ألف"),
        (200000, {"case": "oblique", "hundred": "مائة"}, "مائتي ألف"),
        (1500, {}, "ألف وخمسمئة"),
        (2500000, {}, "مليونان وخمسمئة ألف"),
        (3000000, {}, "ثلاثة ملايين"),
        (25000000, {}, "خمسة وعشرون مليونا"),
        (1000000000, {}, "مليار"),
        (2000000000, {"billion": "بليون"}, "بليونان"),
        (7000000000, {"billion": "بليون"}, "سبعة بلايين"),
        (1001001001, {}, "مليار ومليون وألف وواحد"),
        (1250, {"waw_spaced": True}, "ألف و مئتان و خمسون"),
        (4000, {"hamza": "dropped"}, "اربعة الاف"),
        (12, {"hamza": "hypercorrect"}, "إثنا عشر"),
        (2012, {"hamza": "hypercorrect"}, "ألفان وإثنا عشر"),
        (14, {"ta_marbuta_as_ha": True}, "أربعة عشر".replace("ة", "ه")),
        (11, {"gender": "f", "ya_for_alef_maqsura": True}, "إحدي عشرة"),
        (
            123456789012,
            {},
            "مئة وثلاثة وعشرون مليارا وأربعمئة وستة وخمسون مليونا وسبعمئة وتسعة وثمانون ألفا واثنا عشر",
        ),
    ],
)
def test_spell(n, style, words):
    assert spell(n, Style(**style)) == words


@pytest.mark.parametrize("n", [0, -5, 10**12])
def test_spell_refuses_numbers_out_of_range(n):
    with pytest.raises(ValueError):
        spell(n)


@settings(max_examples=200, deadline=None)
@given(spelled)
def test_spell_writes_arabic_words_separated_by_single_spaces(words):
    assert words == words.strip() and "  " not in words
    assert all("\u0621" <= ch <= "\u064a" or ch == " " for ch in words)


# --- never an exception, always well-formed spans -----------------------------------------

def well_formed_quantities(text: str) -> list:
    """find_quantities(text), after checking every invariant of its output."""
    quantities = find_quantities(text)
    previous_end = 0
    for q in quantities:
        assert 0 <= q.start <= q.number_start <= q.number_end <= q.end <= len(text), q
        assert q.text == text[q.start : q.end], q
        assert previous_end <= q.start, (q, "overlaps or precedes the quantity before it")
        if q.value_min is not None and q.value_max is not None:
            assert q.value_min <= q.value_max, q
        assert q.kind in KINDS, q
        assert q.qualifier in QUALIFIERS, q
        previous_end = q.end
    return quantities


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text(text):
    well_formed_quantities(text)


ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
DIGITS = list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
SEPARATORS = list(",.٫٬،%") + [" ", " ", "\n"]
numberish_text = st.lists(
    st.one_of(
        st.text(st.sampled_from(ARABIC_LETTERS + DIGITS + SEPARATORS), max_size=12),
        st.text(st.sampled_from(DIGITS + SEPARATORS), min_size=1, max_size=12),
        spelled,
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(numberish_text)
def test_arabic_letters_digits_and_separators(text):
    well_formed_quantities(text)


# --- integers in words read back ------------------------------------------------------------

# Spellings the parser once failed to read, kept as plain cases; first a و written apart
# from the next word inside a group below a thousand.
READ_BACK_REGRESSIONS = [
    pytest.param(21, {"waw_spaced": True}, id="21-waw-spaced-before-ten"),  # واحد و عشرون; was (واحد 1) (عشرون 20)
    pytest.param(101, {"waw_spaced": True}, id="101-waw-spaced-after-hundred"),  # مئة و واحد; was (مئة 100) (واحد 1)
    # found by the round trip below, each the smallest spelling of its cause:
    # وأحد folds to واحد ("one"), so after a number it is read as و + أحد
    pytest.param(111, {}, id="111-wa-ahad-ashar-after-hundred"),  # مئة وأحد عشر
    pytest.param(1011, {}, id="1011-wa-ahad-ashar-after-thousand"),  # ألف وأحد عشر
    pytest.param(21, {"gender": "f"}, id="21-feminine-ihda-before-ten"),  # إحدى وعشرون
    # وست: ست is too short to lose a proclitic by the general rule; after a number it does
    pytest.param(106, {"gender": "f"}, id="106-feminine-wa-sitt"),  # مئة وست
    pytest.param(116, {"gender": "f"}, id="116-feminine-wa-sitt-ashra"),  # مئة وست عشرة
    pytest.param(126, {"gender": "f"}, id="126-feminine-wa-sitt-before-ten"),  # مئة وست وعشرون
    pytest.param(1600, {"glued_hundreds": False}, id="1600-wa-sitt-mia-spaced-hundred"),  # ألف وست مئة
    # 101 and 102 of a scale repeat the scale word, like ألف ليلة وليلة
    pytest.param(101000, {}, id="101000-repeated-alf"),  # مئة ألف وألف
    pytest.param(102000, {}, id="102000-repeated-alf-dual"),  # مئة ألف وألفان
    pytest.param(101000000, {}, id="101000000-repeated-million"),  # مئة مليون ومليون
    pytest.param(101000000000, {}, id="101000000000-repeated-billion"),  # مئة مليار ومليار
    pytest.param(2 * 10**9, {"billion": "بليون"}, id="2000000000-bilyunan"),  # بليونان
]

def assert_reads_back(n: int, words: str) -> None:
    quantities = find_quantities(words)
    found = [(q.text, q.value) for q in quantities]
    assert len(quantities) == 1, (words, n, found)
    [q] = quantities
    assert (q.value, q.qualifier, q.start, q.end) == (n, "exact", 0, len(words)), (words, n, found)


def assert_reads_back_in_a_sentence(n: int, words: str) -> None:
    sentence = "قال المتحدث إن " + words + " شخصا وصلوا"
    found = [(q.text, q.value) for q in find_quantities(sentence)]
    assert [value for _, value in found] == [n], (sentence, n, found)


@pytest.mark.parametrize("n, style", READ_BACK_REGRESSIONS)
def test_regressions_found_by_the_round_trip(n, style):
    words = spell(n, Style(**style))
    assert_reads_back(n, words)
    assert_reads_back_in_a_sentence(n, words)


@settings(max_examples=400, deadline=None)
@given(n=below_a_trillion, style=styles)
def test_words_read_back(n, style):
    assert_reads_back(n, spell(n, style))


@settings(max_examples=300, deadline=None)
@given(n=below_a_trillion, style=styles)
def test_words_read_back_in_a_sentence(n, style):
    assert_reads_back_in_a_sentence(n, spell(n, style))


# --- integers in digits read back ------------------------------------------------------------

SCRIPTS = {"western": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}
THOUSANDS_SEPARATORS = ["", ",", "٬", "،", "."]  # 2.400: see digits_value


def in_digits(n: int, script: str, separator: str) -> str:
    """``n`` in the digits of ``script``, its groups of three separated by ``separator``."""
    written = f"{n:,}".replace(",", separator)
    return written.translate(str.maketrans("0123456789", SCRIPTS[script]))


def test_in_digits():
    assert in_digits(1234567, "arabic-indic", "٬") == "١٬٢٣٤٬٥٦٧"
    assert in_digits(1234, "persian", "") == "۱۲۳۴"
    assert in_digits(999, "western", ",") == "999"


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 10**15 - 1),
    script=st.sampled_from(sorted(SCRIPTS)),
    separator=st.sampled_from(THOUSANDS_SEPARATORS),
)
def test_digits_read_back(n, script, separator):
    written = in_digits(n, script, separator)
    assert_reads_back(n, written)
    assert_reads_back_in_a_sentence(n, written)
