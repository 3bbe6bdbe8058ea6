"""The days a date mention covers, as an interval of Gregorian dates.

``dates.find_dates`` finds where a text says a date; this reads what it says:

* a day (``27 كانون الثاني/يناير 2020``، ``الثاني من تموز 2020``، ``24/08/2024``) -> that day;
* days (``7 و8 آب 2023``، ``ليلة 15 على 16 أيار 2022``) -> the first to the last;
* a month and a year (``مارس 2021``، ``8/2024``) -> the month;
* a year (``عام 2020``، ``2014م``) -> the year; years (``2014-2018``، ``من 2014 إلى 2018``,
  ``عامي 2014 و2016``) -> the first day of the first to the last day of the last;
* Hijri (``15 رمضان 1445هـ``، ``3 ذو الحجة 1444``، ``عام 1445 هـ``) -> the same, converted by
  the Umm al-Qura calendar (``hijridate``, 1343-1500 AH);

and ``None`` when the mention gives no year (``حزيران الماضي``), is a time or a weekday, or
names a day that does not exist.  Plain functions over the mention's text: no regex is run
over a whole article here.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from hijridate import Hijri

from arqam.extraction.text.arabic import fold, to_ascii_digits
from arqam.extraction.text.lexicon import read_table

Interval = tuple[date, date]
YEAR_MIN, YEAR_MAX = 1900, 2100  # Gregorian years read as such
HIJRI_MIN, HIJRI_MAX = 1343, 1500  # the years hijridate's Umm al-Qura tables cover

_NUMERIC_YMD = re.compile(r"(?<![0-9])([12][0-9]{3})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})(?![0-9])")
_NUMERIC_DMY = re.compile(r"(?<![0-9])([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})(?![0-9])")
_NUMERIC_MY = re.compile(r"(?<![0-9])([0-9]{1,2})/([12][0-9]{3})(?![0-9])")
_NUMBER = re.compile(r"[0-9]{1,4}")
_HIJRI_ERA = re.compile(r"(?<![0-9])([0-9]{3,4})\s?(?:هـ|ه)(?![^\W\d_])")
_WORDS = re.compile(r"[^\W\d_]+")


@cache
def _months() -> list[tuple[str, int, bool]]:
    """(folded form, month number, Hijri?) of data/months.tsv, longest form first."""
    forms = []
    for names, month, calendar_name, *_ in read_table("months.tsv"):
        for name in names.split("،"):
            if name.strip():
                forms.append((fold(name.strip()), int(month), calendar_name.strip() == "hijri"))
    return sorted(forms, key=lambda form: -len(form[0]))


@cache
def _ordinals() -> dict[str, int]:
    """Folded ordinal words (data/number_words.tsv) -> their value: الثاني من تموز is the 2nd."""
    values: dict[str, int] = {}
    for names, value, cls, *_ in read_table("number_words.tsv"):
        if cls.strip() in ("ordinal", "ordinal_definite", "ordinal_teen_head"):
            values.update((fold(name), int(value)) for name in names.split())
    return values


def _month_in(folded: str) -> tuple[int, int, bool] | None:
    """(position, month, Hijri?) of the first month name of a folded mention, as a whole word."""
    best = None
    for form, month, hijri in _months():
        start = folded.find(form)  # str.find, not a regex per form: every dated figure asks
        while start >= 0:
            end = start + len(form)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if before.isalpha() or after.isalpha():
                start = folded.find(form, end)
                continue
            if best is None or start < best[0]:
                best = (start, month, hijri)
            break
    return best


def _ordinal_days(words: list[str]) -> list[int]:
    """Days written as ordinals: الثاني، الحادي عشر، الخامس والعشرين، العشرين."""
    ordinals = _ordinals()
    days: list[int] = []
    for word in words:
        bare = word[1:] if word[:1] in "وف" and word[1:3] == "ال" else word
        bare = bare[2:] if bare.startswith("ال") else bare
        if bare in ("عشرين", "ثلاثين"):
            if days and days[-1] < 10 and word != bare and word[:1] == "و":
                days[-1] += 20 if bare == "عشرين" else 30  # الخامس والعشرين
            else:
                days.append(20 if bare == "عشرين" else 30)
        elif bare == "عشر" and days and days[-1] < 10:
            days[-1] += 10  # الحادي عشر
        elif bare in ordinals and word != bare:
            days.append(ordinals[bare])
    return days


def _gregorian_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hijri_day(year: int, month: int, day: int | None, last: bool = False) -> date | None:
    """The Gregorian date of a Hijri day (the month's first or ``last`` day when ``day`` is None)."""
    if not HIJRI_MIN <= year <= HIJRI_MAX:
        return None
    try:
        if day is None:
            day = Hijri(year, month, 1).month_length() if last else 1
        day_of = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(day_of.year, day_of.month, day_of.day)  # a plain date, not hijridate's subclass


def _span(start: date | None, end: date | None) -> Interval | None:
    return (start, end) if start is not None and end is not None and start <= end else None


def interval(mention: str) -> Interval | None:
    """The first and last day ``mention`` (a date expression, as ``find_dates`` gives it) covers."""
    text = to_ascii_digits(mention)
    numeric = _numeric(text)
    if numeric is not None:
        return numeric
    folded = fold(text)
    hijri_era = _HIJRI_ERA.search(folded)
    month = _month_in(folded)
    if month is not None:
        at, number, hijri = month
        numbers = [int(n) for n in _NUMBER.findall(folded[month[0]:]) if len(n) >= 3]
        days = [int(n) for n in _NUMBER.findall(folded[:at]) if len(n) <= 2 and 1 <= int(n) <= 31]
        days = days or _ordinal_days(_WORDS.findall(folded[:at]))
        if not numbers:
            return None
        year = numbers[0]
        if hijri:
            start = _hijri_day(year, number, min(days) if days else None)
            return _span(start, _hijri_day(year, number, max(days) if days else None, last=True))
        if not YEAR_MIN <= year <= YEAR_MAX:
            return None
        if days:
            return _span(_gregorian_day(year, number, min(days)), _gregorian_day(year, number, max(days)))
        return _span(date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]))
    if hijri_era is not None:
        year = int(hijri_era.group(1))
        return _span(_hijri_day(year, 1, None), _hijri_day(year, 12, None, last=True))
    years = [int(n) for n in _NUMBER.findall(folded) if len(n) == 4 and YEAR_MIN <= int(n) <= YEAR_MAX]
    if not years:
        return None
    return date(min(years), 1, 1), date(max(years), 12, 31)


def _numeric(text: str) -> Interval | None:
    """24/08/2024، 2024-08-24 (a day), 8/2024 (a month)."""
    if (match := _NUMERIC_YMD.search(text)) is not None:
        day = _gregorian_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return _span(day, day) if day and YEAR_MIN <= day.year <= YEAR_MAX else None
    if (match := _NUMERIC_DMY.search(text)) is not None:
        day = _gregorian_day(int(match.group(4)), int(match.group(3)), int(match.group(1)))
        return _span(day, day) if day and YEAR_MIN <= day.year <= YEAR_MAX else None
    if (match := _NUMERIC_MY.search(text)) is not None:
        year, month = int(match.group(2)), int(match.group(1))
        if 1 <= month <= 12 and YEAR_MIN <= year <= YEAR_MAX:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return None
