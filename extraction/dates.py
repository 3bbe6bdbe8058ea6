"""Dates, years and times of day in Arabic news text.

Two users: ``numbers.py`` skips every number inside a date span (a year or a day
of the month is never a quantity), and fact typing takes the year of a date
near a figure as its ``as_of``.

What counts as a date here:

* a day (or a list or range of days) with a month name, optionally a year:
  ``27 كانون الثاني/يناير``، ``يومي 7 و8 آب/أغسطس 2023``، ``الـ 22 و23 من يوليو/ تموز``;
* a month name with a year (``أيلول/سبتمبر 2014``), a double name
  (``حزيران/يونيو``), or a month after a cue (``في مارس``، ``حزيران الماضي``);
* a year after ``عام``/``العام``/``لعام``... (always), or after ``في``/``منذ``/``حتى``...
  when it lies in 1900..2100 and no counted noun follows (``في 2000 جندي`` is a count);
* ``2014م``، ``1445هـ``، year ranges ``2014-2018``، numeric dates ``24/08/2024``،
  ``2024-08-24``، times ``10:30``، ``الساعة 5``، weekdays and ``أمس الأول``.

The words live in ``data/months.tsv`` and ``data/date_words.tsv``; the regexes
are built from them once, at import. Every regex is bounded around its
repetitions, so matching stays linear in the length of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.arabic import DIACRITICS_CLASS, TATWEEL, fold, strip_diacritics, to_ascii_digits
from extraction.lexicon import read_table

YEAR_MIN, YEAR_MAX = 1900, 2100  # a bare number after a weak cue is a year only in this range


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int | None  # the year when the mention gives one (None for Hijri years)


# --- building blocks -------------------------------------------------------

_MARKS = f"[{DIACRITICS_CLASS}{TATWEEL}]"
# Diacritics that are not regex word characters: a word is (?:[^\W\d_]|WORD_MARKS)+ with two
# disjoint branches (a few Quranic marks and tatweel are \w already), so matching stays linear.
WORD_MARKS = "[" + "".join(
    re.escape(ch) for ch in map(chr, range(0x0610, 0x06EE)) if re.fullmatch(_MARKS, ch) and not re.match(r"\w", ch)
) + "]"
WORD = rf"(?:[^\W\d_]|{WORD_MARKS})+"
_WORD_START = rf"(?<![^\W\d_])(?<!{_MARKS})"
_WORD_END = r"(?![^\W\d_])"
# each letter as written in the data file -> the letters the press writes for it
_LETTER_VARIANTS = {
    "ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "ٱ": "[اأإآٱ]",
    "آ": "[آا]",  # آب (August) must not read أب (father)
    "ي": "[يىئی]", "ى": "[يىئی]", "ئ": "[يىئی]",
    "ة": "[هة]", "ه": "[هة]", "و": "[وؤ]", "ؤ": "[وؤ]", "ك": "[كک]",
}


def loose_pattern(phrase: str) -> str:
    """A regex for ``phrase`` as the press may write it: hamza/alef/ya/ta-marbuta
    variants, diacritics and tatweel anywhere, one to three spaces between words."""
    parts = []
    for word in strip_diacritics(phrase).split():
        letters = "".join(_LETTER_VARIANTS.get(ch, re.escape(ch)) + _MARKS + "*" for ch in word)
        parts.append(letters)
    return r"\s{1,3}".join(parts)


def _alternation(phrases) -> str:
    """Longest first, so that ``تشرين الثاني`` is tried before anything it starts with."""
    unique = sorted(set(phrases), key=lambda p: (-len(fold(p)), p))
    return "(?:" + "|".join(loose_pattern(p) for p in unique) + ")"


def _load_months() -> tuple[dict[str, str], list[str]]:
    """form -> calendar, and the forms in file order."""
    calendars: dict[str, str] = {}
    for forms, _month, calendar, *_ in read_table("months.tsv"):
        for form in forms.split("،"):
            if form.strip():
                calendars[form.strip()] = calendar.strip()
    return calendars, list(calendars)


def _load_date_words() -> dict[str, list[str]]:
    """role -> forms (relative_day rows are whole phrases)."""
    roles: dict[str, list[str]] = {}
    for forms, role, *_ in read_table("date_words.tsv"):
        role = role.strip()
        roles.setdefault(role, []).extend([forms.strip()] if role == "relative_day" else forms.split())
    return roles


def _count_followers() -> frozenset[str]:
    """Folded words after which a year-like number is a count, not a year: counted nouns
    (singular, genitive or accusative as after 2000), scale, currency and percent words."""
    words: set[str] = set()
    for singular, duals, *_ in read_table("dual_nouns.tsv"):
        key = fold(singular)
        words.add(key)
        if not key.endswith("ه"):
            words.add(key + "ا")
    for forms, *_ in read_table("scale_words.tsv"):
        words.update(fold(f) for f in forms.split())
    for forms, *_ in read_table("currencies.tsv"):
        words.update(fold(f) for f in forms.split())
    for phrase, *_ in read_table("percent_words.tsv"):
        if " " not in phrase.strip():
            words.add(fold(phrase.strip()))
    for forms, role, *_ in read_table("date_words.tsv"):
        if role.strip() == "count_noun":
            for key in map(fold, forms.split()):
                words.update((key, key + "ا") if not key.endswith("ه") else (key,))
    return frozenset(words)


def _ordinal_words(feminine: bool) -> list[str]:
    """Ordinals of number_words.tsv (masculine name days: الثاني من تموز; feminine name hours)."""
    words = []
    for forms, _value, cls, *_ in read_table("number_words.tsv"):
        if cls.strip() in ("ordinal", "ordinal_definite", "ordinal_teen_head"):
            words.extend(f for f in forms.split() if fold(f).endswith("ه") == feminine)
    return words


def _clock_words() -> list[str]:
    """Feminine ordinals name the hours (الساعة الخامسة); plus الواحدة, one o'clock."""
    return ["واحدة"] + _ordinal_words(feminine=True)


_MONTH_CALENDARS, _MONTH_FORMS = _load_months()
_DATE_WORDS = _load_date_words()
COUNT_FOLLOWERS = _count_followers()

_CIVIL_MONTHS = [m for m in _MONTH_FORMS if _MONTH_CALENDARS[m] != "hijri"]
_HIJRI_MONTHS = [m for m in _MONTH_FORMS if _MONTH_CALENDARS[m] == "hijri"]
_TWO_WORD_MONTHS = [m for m in _CIVIL_MONTHS if " " in m]  # كانون الثاني: never anything but a month

MONTH = _WORD_START + _alternation(_CIVIL_MONTHS) + _WORD_END
HIJRI_MONTH = _WORD_START + _alternation(_HIJRI_MONTHS) + _WORD_END
# يوليو/ تموز، كانون الثاني/يناير، يناير (كانون الثاني)
MONTH_PAIR = rf"{MONTH}(?:\s{{0,3}}[/\\|]\s{{0,3}}{MONTH}|\s{{0,3}}\(\s{{0,2}}{MONTH}\s{{0,2}}\))?"
MONTH_DOUBLE = rf"{MONTH}(?:\s{{0,3}}[/\\|]\s{{0,3}}{MONTH}|\s{{0,3}}\(\s{{0,2}}{MONTH}\s{{0,2}}\))"

ARTICLE = rf"{_WORD_START}ال{_MARKS}*\s{{0,2}}"  # الـ 22، الـ22
DAY_NUMBER = r"(?<![0-9.,/:])(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
# الثاني من تموز، الحادي عشر من سبتمبر، الخامس والعشرين من أيار
ORDINAL_DAY = (
    rf"{_WORD_START}[وف]?ال{_alternation(_ordinal_words(feminine=False))}(?:\s{{1,3}}عشر|\s{{1,3}}وال(?:عشرين|ثلاثين))?"
    rf"{_WORD_END}|{_WORD_START}[وف]?ال(?:عشرين|ثلاثين){_WORD_END}"
)
DAY = rf"(?:(?:{ARTICLE})?{DAY_NUMBER}|{ORDINAL_DAY})"
DAY_JOIN = r"\s{0,2}(?:و|،|,|-|–|إلى|الى|حتى|على)\s{0,2}"  # ليلة 15 على 16 أيار
DAYS = rf"{DAY}(?:{DAY_JOIN}{DAY}){{0,6}}"
YEAR = r"(?<![0-9])[12][0-9]{3}(?![0-9])"
ERA = r"(?:\s?(?P<era>م|هـ|ه)(?![^\W\d_]))?"
YEAR_CUE = rf"(?:[وفبلك]{{0,2}}(?:ال)?){_alternation(_DATE_WORDS['year_cue'])}{_WORD_END}"
YEAR_TAIL = rf"(?:\s{{0,3}}[,،]?\s{{0,3}}(?:{YEAR_CUE}\s{{1,2}})?(?P<year>{YEAR}){ERA})"
PROCLITIC = r"(?:[وفبلك]{1,2})?"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# (name, regex, group that is the mention) -- a mention is the named group "m" when present
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day_month", _compile(rf"(?P<m>{DAYS}\s{{0,3}}(?:من\s{{1,3}})?(?:{loose_pattern('شهر')}\s{{1,3}})?"
                           rf"(?:{MONTH_PAIR}|{HIJRI_MONTH}){YEAR_TAIL}?)")),
    ("month_year", _compile(rf"(?P<m>{MONTH_PAIR}{YEAR_TAIL})")),
    ("month_double", _compile(rf"(?P<m>{MONTH_DOUBLE})")),
    ("two_word_month", _compile(_WORD_START + r"(?P<m>" + _alternation(_TWO_WORD_MONTHS) + ")" + _WORD_END)),
    ("month_after_cue", _compile(rf"{_WORD_START}{PROCLITIC}{_alternation(_DATE_WORDS['month_cue'])}"
                                 rf"{_WORD_END}\s{{1,3}}(?P<m>{MONTH_PAIR})")),
    ("month_before_cue", _compile(rf"(?P<m>{MONTH_PAIR})\s{{1,3}}{_alternation(_DATE_WORDS['after_month'])}{_WORD_END}")),
    ("numeric_dmy", _compile(r"(?P<m>(?<![0-9.,/:-])(?:3[01]|[12][0-9]|0?[1-9])([/.-])(?:1[0-2]|0?[1-9])\2"
                             r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9]))")),
    ("numeric_ymd", _compile(r"(?P<m>(?<![0-9.,/:-])(?P<year>[12][0-9]{3})([/.-])(?:1[0-2]|0?[1-9])\3"
                             r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9]))")),
    ("numeric_my", _compile(r"(?P<m>(?<![0-9.,/:-])(?:1[0-2]|0?[1-9])/(?P<year>[12][0-9]{3})(?![0-9/]))")),
    ("time", _compile(r"(?P<m>(?<![0-9.,:])(?:[01]?[0-9]|2[0-4]):[0-5][0-9](?::[0-5][0-9])?(?![0-9]))")),
    ("clock", _compile(rf"{_WORD_START}{PROCLITIC}(?P<m>{_alternation(_DATE_WORDS['clock'])}\s{{1,3}}"
                       rf"(?:(?:ال{_MARKS}*\s{{0,2}})?(?<![0-9])(?:[01]?[0-9]|2[0-4])(?:[:.][0-5][0-9])?(?![0-9])"
                       rf"|{_alternation(['ال' + w for w in _clock_words()])}{_WORD_END})"
                       rf"(?:\s{{1,3}}{_alternation(_DATE_WORDS['clock_part'])}{_WORD_END})?)")),
    ("year_after_cue", _compile(rf"(?P<m>{_WORD_START}{YEAR_CUE}\s{{0,2}}(?:ال{_MARKS}*\s{{0,2}})?(?P<year>{YEAR}){ERA}"
                                rf"(?:\s{{0,2}}(?:و|-|–|/|إلى|الى|حتى)\s{{0,2}}{YEAR})?)")),
    ("year_with_era", _compile(rf"(?P<m>(?P<year>{YEAR})\s?(?P<era>م)(?![^\W\d_]))")),
    ("hijri_year", _compile(r"(?P<m>(?<![0-9])[0-9]{3,4}\s?(?P<era>هـ|ه)(?![^\W\d_]))")),
    ("year_range", _compile(rf"(?P<m>(?<![0-9.,/-])(?P<year>{YEAR})\s{{0,2}}[-–/]\s{{0,2}}(?P<year2>{YEAR})(?![0-9/.-]))")),
    ("from_year_to_year", _compile(rf"{_WORD_START}{PROCLITIC}من\s{{1,2}}(?P<m>(?P<year>{YEAR})\s{{1,2}}"
                                   rf"(?:إلى|الى|حتى)\s{{1,2}}(?P<year2>{YEAR}))")),
    # الربع الأول من 2024. -- after من only where nothing follows in the clause (من 2000 مقاتل is a count)
    ("year_after_from", _compile(rf"{_WORD_START}{PROCLITIC}من\s{{1,3}}(?P<m>(?P<year>{YEAR}){ERA})"
                                 r"(?=\s{0,2}(?:[.,،؛;:!?؟)\]\"»\n]|$))")),
    ("year_after_weak_cue", _compile(rf"{_WORD_START}{PROCLITIC}{_alternation(_DATE_WORDS['weak_year_cue'])}"
                                     rf"{_WORD_END}\s{{1,3}}(?P<m>(?P<year>{YEAR}){ERA})")),
    ("weekday", _compile(rf"{_WORD_START}(?P<m>{PROCLITIC}{_alternation(_DATE_WORDS['weekday'])}){_WORD_END}")),
    ("relative_day", _compile(rf"{_WORD_START}(?P<m>{_alternation(_DATE_WORDS['relative_day'])}){_WORD_END}")),
]

_NEXT_WORD_RE = re.compile(rf"\s{{0,3}}({WORD}|[%٪$])")


def _followed_by_count_word(text: str, end: int) -> bool:
    """Is the number ending at ``end`` followed by a counted noun, scale, currency or percent?"""
    match = _NEXT_WORD_RE.match(text, end, min(len(text), end + 64))
    return bool(match) and fold(match.group(1)) in COUNT_FOLLOWERS


def _year_of(match: re.Match[str], name: str) -> int | None:
    """The Gregorian year of a mention, None for Hijri or absent years."""
    groups = match.groupdict()
    if groups.get("era") in ("هـ", "ه"):
        return None
    raw = groups.get("year")
    if not raw:
        return None
    if name == "numeric_dmy" and len(raw) == 2:
        return None
    if name == "day_month" and _is_hijri_month(match.group("m")):
        return None
    return int(raw)


def _is_hijri_month(mention: str) -> bool:
    return re.search(HIJRI_MONTH, mention) is not None and re.search(MONTH, mention) is None


def _accept(name: str, match: re.Match[str], digits: str) -> bool:
    """The checks a regex cannot express: year bounds and what follows a bare year."""
    groups = match.groupdict()
    if name in ("year_range", "from_year_to_year"):
        first, second = int(groups["year"]), int(groups["year2"])
        return YEAR_MIN <= first < second <= YEAR_MAX and second - first <= 60 and not _followed_by_count_word(
            digits, match.end("m")
        )
    if name in ("year_after_weak_cue", "year_after_from"):
        year = int(groups["year"])
        if groups.get("era"):
            return True
        return YEAR_MIN <= year <= YEAR_MAX and not _followed_by_count_word(digits, match.end("m"))
    return True


def find_dates(text: str) -> list[DateMention]:
    """Every date, year or time mention of ``text``, in text order, non-overlapping
    (where candidates overlap, the longest wins)."""
    digits = to_ascii_digits(text)  # same length: offsets are the text's
    candidates: list[tuple[int, int, int | None]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(digits):
            start, end = match.span("m")
            if end > start and _accept(name, match, digits):
                candidates.append((start, end, _year_of(match, name)))
    chosen: list[tuple[int, int, int | None]] = []
    taken = bytearray(len(text))  # mentions are short, so marking characters stays linear
    for start, end, year in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, year))
    chosen.sort()
    return [DateMention(start, end, text[start:end], year) for start, end, year in chosen]
