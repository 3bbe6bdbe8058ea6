"""Lookup folding and the Arabic share of a text: what each gives, and that the fast forms
agree with their plain definitions on any text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.text.arabic import _ARABIC_LETTER_RE, _FOLD_TRANSLATION, arabic_share, fold, strip_diacritics

FOLDS = [
    ("أكثر", "اكثر"),  # hamza on alef
    ("إلى", "الي"),  # hamza under alef, alef maqsura
    ("آلاف", "الاف"),  # madda
    ("ٱلله", "الله"),  # wasla
    ("القوّات", "القوات"),  # shadda
    ("قُوَّاتٌ", "قوات"),  # harakat and tanwin
    ("مليـــون", "مليون"),  # tatweel
    ("مئة", "ميه"),  # ya with a hamza seat, ta marbuta
    ("مسؤول", "مسوول"),  # waw with hamza
    ("یک", "يك"),  # Persian yeh and keheh
    ("القوات الأمريكية في العراق", "القوات الامريكيه في العراق"),  # a phrase: every variant, everywhere
    ("F-16 و 2,400", "F-16 و 2,400"),  # nothing Arabic to fold
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), FOLDS)
def test_fold_table(text, expected):
    assert fold(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("أإآٱىةؤئیکابتـًٌٍَُِّْ x1\n") | st.characters(), max_size=60))
def test_fold_is_strip_then_translate(text):
    """The per-variant replaces are the translation table, applied after the diacritics go."""
    assert fold(text) == strip_diacritics(text).translate(_FOLD_TRANSLATION)


SHARES = [
    ("القوات الأمريكية", 1.0, 15),
    ("US troops", 0.0, 8),
    ("قوات US", 4 / 6, 6),
    ("مليـون", 1.0, 5),  # tatweel is no letter
    ("١٢٣ ، 456", 0.0, 0),  # digits and punctuation are no letters
]


@pytest.mark.parametrize(("text", "share", "letters"), SHARES)
def test_arabic_share_table(text, share, letters):
    assert arabic_share(text) == pytest.approx((share, letters))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("بتثقوات ـَ xyzé١1،.") | st.characters(), max_size=80))
def test_arabic_share_counts_what_the_letter_class_finds(text):
    share, letters = arabic_share(text)
    expected_letters = sum(ch.isalpha() for ch in text) - text.count("\u0640")
    arabic = len(_ARABIC_LETTER_RE.findall(text))
    assert letters == expected_letters
    assert share == (arabic / expected_letters if expected_letters else 0.0)
