"""Dates, years and times: what ``find_dates`` sees, and the year it reads.

Every number inside one of these spans is skipped by the quantity parser, so
these tables are also the list of numbers that are never quantities.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.text.dates import find_dates
from tests.complexity import assert_linear


def dates(text: str) -> list[tuple[str, int | None]]:
    return [(d.text, d.year) for d in find_dates(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # from the seed articles
        ("يومي الـ 22 و23 من يوليو/ تموز الجاري", [("الـ 22 و23 من يوليو/ تموز", None)]),
        ("في 27 يناير/ كانون الثاني الماضي", [("27 يناير/ كانون الثاني", None)]),
        ("يشرف في 27 كانون الثاني/يناير على انطلاق", [("27 كانون الثاني/يناير", None)]),
        ("بتاريخ 17 آذار/مارس حمولة", [("17 آذار/مارس", None)]),
        ("وردت الولايات المتحدة في 3 شباط/فبراير على الهجوم", [("3 شباط/فبراير", None)]),
        ("في أيلول/سبتمبر 2014 من أجل", [("أيلول/سبتمبر 2014", 2014)]),
        ("ومنذ العام 2018، تحول", [("العام 2018", 2018)]),
        ("اليوم السبت (24 آب 2024)", [("السبت", None), ("24 آب 2024", 2024)]),
        ("الأربعاء (24 تموز 2024)", [("الأربعاء", None), ("24 تموز 2024", 2024)]),
        ("في الفترة من 7 إلى 8 آب/أغسطس 2023", [("7 إلى 8 آب/أغسطس 2023", 2023)]),
        ("الذي عقد يومي 7 و8 آب/أغسطس 2023", [("7 و8 آب/أغسطس 2023", 2023)]),
        ("في واشنطن العاصمة، يومي 22 و23 تموز 2024، حيث", [("22 و23 تموز 2024", 2024)]),
        ("25 يوليو 2024", [("25 يوليو 2024", 2024)]),
        ("الذي بدأ أمس الأول الاثنين", [("أمس الأول", None), ("الاثنين", None)]),
        ("ووفروا حتى العام 2020 التدريب", [("العام 2020", 2020)]),
        ("مقارنة بالعام 2022.", [("بالعام 2022", 2022)]),
        ("المشترك لعام 2024 إلى", [("لعام 2024", 2024)]),
        ("وقعتها حكومة نوري المالكي عام 2008 مع", [("عام 2008", 2008)]),
        ("في إبريل/ نيسان من هذا العام", [("إبريل/ نيسان", None)]),
        ("وفي حزيران/يونيو الماضي، أطلقت", [("حزيران/يونيو", None)]),
        # the other forms
        ("انسحبت القوات في 2011 من العراق", [("2011", 2011)]),
        ("منذ 2003 والعراق", [("2003", 2003)]),
        ("عامي 2014 و2017", [("عامي 2014 و2017", 2014)]),
        ("بين 2014-2017 سيطر", [("2014-2017", 2014)]),
        ("من 2014 إلى 2017", [("2014 إلى 2017", 2014)]),
        ("ولد سنة 1958م", [("سنة 1958م", 1958)]),
        ("2014م", [("2014م", 2014)]),
        ("15 شعبان 1445هـ", [("15 شعبان 1445هـ", None)]),
        ("1445 هـ", [("1445 هـ", None)]),
        ("24/08/2024", [("24/08/2024", 2024)]),
        ("٢٤/٠٨/٢٠٢٤", [("٢٤/٠٨/٢٠٢٤", 2024)]),
        ("2024-08-24", [("2024-08-24", 2024)]),
        ("في 8/2024", [("8/2024", 2024)]),
        ("عند 10:30 صباحا", [("10:30", None)]),
        ("في الساعة 5 مساء", [("الساعة 5", None)]),
        ("الساعة الخامسة والنصف", [("الساعة الخامسة والنصف", None)]),
        ("الأول من يوليو", [("الأول من يوليو", None)]),
        ("في مارس الماضي", [("مارس", None)]),
        ("كانون الثاني", [("كانون الثاني", None)]),
        ("تشرين الأول 2023", [("تشرين الأول 2023", 2023)]),
        ("5 أيار 2021", [("5 أيار 2021", 2021)]),
        ("في 5 مايس", [("5 مايس", None)]),
        ("يوم الخميس", [("الخميس", None)]),
        ("أول أمس", [("أول أمس", None)]),
        ("الـ22 من الشهر", []),
        ("في الثاني من تموز", [("الثاني من تموز", None)]),
        ("والحادي عشر من سبتمبر", [("والحادي عشر من سبتمبر", None)]),
        ("الخامس والعشرين من أيار 2003", [("الخامس والعشرين من أيار 2003", 2003)]),
        ("ليلة 15 على 16 أيار", [("15 على 16 أيار", None)]),
        ("في الساعة الـ 3 فجرا", [("الساعة الـ 3", None)]),
        ("خلال الربع الأول من 2024.", [("2024", 2024)]),
        ("خلال الأعوام 2014 – 2017", [("2014 – 2017", 2014)]),
        ("الجمعة 12/7/2024", [("الجمعة", None), ("12/7/2024", 2024)]),
    ],
)
def test_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "في 2000 جندي",  # a count after في: the noun decides
        "في 2000 جنديا",
        "حتى 2000 دولار",
        "مؤلفة من 2400 جندي",  # من is not a year cue
        "قتل 3 أب",  # أب (father) is not آب (August)
        "مارس ضغوطا",  # a verb, not March
        "في 7 منشآت",
        "بلغ 2050",
        "أحد الجنود",  # "one of", not Sunday
        "المادة 3",
        "10-15 هجوما",
        "من 2000 إلى 3000",  # a range of counts, not of years
        "في 2000 مقاتل",  # count nouns of date_words.tsv
        "مؤلفة من 2000 مقاتل",
        "ارتفع من 2000 إلى 2500 نازح",
    ],
)
def test_not_dates(text):
    assert dates(text) == []


def test_offsets_point_into_the_text():
    text = "وفي ٢٧ كانون الثاني/يناير ٢٠٢٤، وفي عام 2008"
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text
    assert [d.year for d in find_dates(text)] == [2024, 2008]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_exact(text):
    previous_end = 0
    for mention in find_dates(text):
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        previous_end = mention.end


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["22", "و23", "يوليو", "/", "تموز", "2024", "عام", "في", "الـ", " ", "من", "إلى", "م", "هـ", ":", "10"]), max_size=30))
def test_never_raises_on_date_like_text(parts):
    text = " ".join(parts)
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "unit, tail",
    [("22 و", "يوليو"), ("في ", ""), ("/1", ""), ("\u064e", ""), ("عام ", "")],
)
def test_linear_time_on_adversarial_text(unit, tail):
    assert_linear(find_dates, lambda n: unit * (n // len(unit)) + tail)
