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
repetitions, so matching stays linear in the length of the text. They are not
run over the whole text: cheap passes first find where each can start (next to
a month, a year, a digit before / . - : or ه, a weekday...), see ``_starts``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from arqam.extraction.text.arabic import (
    ARABIC_INDIC_DIGITS,
    DIACRITICS_CLASS,
    PERSIAN_DIGITS,
    TATWEEL,
    fold,
    strip_diacritics,
)
from arqam.extraction.text.lexicon import read_table

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
# WORD run by run: a run of letters or of marks at once, not a branch per character (twice as fast
# to scan); the same match where nothing follows it in its pattern (a tokenizer's alternative),
# and as linear (letters and marks are disjoint: one way to match).
WORD_RUN = rf"(?:[^\W\d_]+(?:{WORD_MARKS}+[^\W\d_]+)*{WORD_MARKS}*|{WORD_MARKS}+(?:[^\W\d_]+{WORD_MARKS}+)*[^\W\d_]*)"
_WORD_START = rf"(?<![^\W\d_])(?<!{_MARKS})"
_WORD_END = r"(?![^\W\d_])"
# each letter as written in the data file -> the letters the press writes for it
_LETTER_VARIANTS = {
    "ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "ٱ": "[اأإآٱ]",
    "آ": "[آا]",  # آب (August) must not read أب (father)
    "ي": "[يىئی]", "ى": "[يىئی]", "ئ": "[يىئی]",
    "ة": "[هة]", "ه": "[هة]", "و": "[وؤ]", "ؤ": "[وؤ]", "ك": "[كک]",
}


def _loose_atoms(phrase: str) -> list[str]:
    """``loose_pattern`` one item at a time (a letter with its variants and marks, or the
    spaces between words), so that the start finder can share prefixes between phrases."""
    atoms: list[str] = []
    for index, word in enumerate(strip_diacritics(phrase).split()):
        if index:
            atoms.append(r"\s{1,3}")
        atoms.extend(_LETTER_VARIANTS.get(ch, re.escape(ch)) + _MARKS + "*" for ch in word)
    return atoms


def loose_pattern(phrase: str) -> str:
    """A regex for ``phrase`` as the press may write it: hamza/alef/ya/ta-marbuta
    variants, diacritics and tatweel anywhere, one to three spaces between words."""
    return "".join(_loose_atoms(phrase))


def _alternation(phrases: Iterable[str]) -> str:
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
    for singular, _duals, *_ in read_table("dual_nouns.tsv"):
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
    words: list[str] = []
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
    return match is not None and fold(match.group(1)) in COUNT_FOLLOWERS


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


# --- where a match can start ----------------------------------------------
# Run over the whole text, most patterns above cost tens of nanoseconds at *every*
# position: they open with a lookbehind and a long alternation, so ``re`` cannot skip
# ahead to a likely first character. Instead a few cheap passes list, for each
# pattern, a superset of the positions where it can match -- next to a month name, a
# weekday or الساعة, a four-digit year, a digit before / . - : or ه -- and the pattern
# is tried there only, with ``match`` on the whole text (its lookbehinds and lookaheads
# see what a full scan sees). Trying candidates in order, none before the end of the
# previous match, is what ``finditer`` does: same matches, as long as no position
# where a pattern matches is missing from its list. A new pattern, or a change to how
# one begins, needs its line in ``_starts``; tests/extraction/text/test_dates_speed_equivalence.py holds
# the full scan as the reference and catches what is missing.

_LETTER_OR_MARK = rf"(?:[^\W\d_]|{_MARKS})"
_RUN = rf"{_LETTER_OR_MARK}+"  # a word with its diacritics and tatweel
_PROCLITICS = "وفبلك"  # the letters of PROCLITIC


def _trie(sequences: Iterable[list[str]]) -> str:
    """One regex for many phrases given as atom lists, each ending a word, prefixes shared:
    ``re`` tries the alternatives of a group one by one, so a shared prefix is checked once."""
    tree: dict = {}
    for atoms in sequences:
        node = tree
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[None] = {}  # a phrase ends here

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom is not None]
        if None in node:
            branches.append(_WORD_END)
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


def _opening(phrases: list[str]) -> str:
    """Two character classes that the first two characters of any of ``phrases`` fall in:
    the first letter, then a mark or the second letter. Checking them first is cheap and
    turns away most words (ال... among them) before the trie is tried."""
    atoms = [_loose_atoms(p) for p in phrases]
    assert all(len(a) > 1 and "\\s" not in a[1] for a in atoms), "every phrase opens with two letters"
    alphabet = set("".join(_LETTER_VARIANTS.values()) + "".join(phrases))  # all the atoms can match

    def letters(alternatives: Iterable[str]) -> str:
        pattern = "(?:" + "|".join(set(alternatives)) + ")"
        return re.escape("".join(sorted(ch for ch in alphabet if re.fullmatch(pattern, ch))))

    return f"[{letters(a[0] for a in atoms)}][{letters(a[1] for a in atoms)}{DIACRITICS_CLASS}{TATWEEL}]"


# Months (all calendars: day_month takes Hijri ones) and the relative-day phrases, at a word
# start; the group "month" says a month is there. A word start follows a character that is
# neither a letter nor a mark; Arabic letters and marks (U+0621..U+065F, U+0670) and ASCII
# letters are left out of the class, which keeps its scan fast, and anything else it lets
# through only costs a failed try. Offset 0, where no character precedes, is tried alone.
_WORD_HITS = re.compile(
    rf"[^\u0621-\u065f\u0670A-Za-z](?={_opening(_MONTH_FORMS + _DATE_WORDS['relative_day'])})"
    rf"(?=(?P<month>{_trie(map(_loose_atoms, _MONTH_FORMS))})|{_trie(map(_loose_atoms, _DATE_WORDS['relative_day']))})"
)
_WORD_AT = re.compile(_WORD_HITS.pattern[_WORD_HITS.pattern.index("(?="):])  # the same, at offset 0

# Weekdays and الساعة all begin with the article, and ال begins a third of all words: they
# are found from the lam, on what follows it, and their start is looked for before it.
_ARTICLE_WORDS = _DATE_WORDS["weekday"] + _DATE_WORDS["clock"]
_ALEF = _LETTER_VARIANTS["ا"]
assert all(_loose_atoms(w)[:2] == [_ALEF + _MARKS + "*", "ل" + _MARKS + "*"] for w in _ARTICLE_WORDS)
_LAM_HITS = re.compile(rf"ل(?={_MARKS}*{_trie(_loose_atoms(w)[2:] for w in _ARTICLE_WORDS)})")

_YEAR_HITS = re.compile(r"[12](?<![0-9][12])[0-9]{3}(?![0-9])")  # YEAR, its first character first
# one digit before "/ . -" and a digit (numeric dates), ":" and 0-5 (times), ه (Hijri years)
_DIGIT_HITS = re.compile(r"[0-9](?=[/.\-][0-9]|:[0-5]|\s?ه)")
_TOKEN = re.compile(rf"[0-9]+|{_RUN}")

# These are matched on the reversed text, to walk back from a word or a number.
_REV_ALEF = re.compile(rf"{_MARKS}*{_ALEF}")  # from the lam of ال to its alef
# The one or two words just before, across at most three spaces each: cue words.
_REV_WORDS_BEFORE = re.compile(rf"\s{{0,3}}({_RUN})(?:\s{{0,3}}({_RUN}))?")
_FOLDED_VARIANTS = {"ا": "[اأإآٱ]", "ي": "[يىئی]", "ه": "[هة]", "و": "[وؤ]", "ك": "[كک]"}  # fold, undone


def _reversed_word(word: str) -> str:
    """``word`` (any spelling that folds like it, marks anywhere) on the reversed text, as a
    whole word: nothing of a word may follow it there (precede it in the text)."""
    letters = "".join(_FOLDED_VARIANTS.get(ch, re.escape(ch)) + _MARKS + "*" for ch in reversed(fold(word)))
    return f"{_MARKS}*{letters}(?!{_LETTER_OR_MARK})"


def _day_glue_words() -> list[str]:
    """Every word that ``day_month`` can read between its first day and the month: the
    article of الـ22, ordinal days with their و/ف, عشر, the joins of DAY_JOIN, من and شهر.
    Keep in step with DAYS, DAY_JOIN and the day_month pattern."""
    ordinals = _ordinal_words(feminine=False) + ["عشرين", "ثلاثين"]
    return ["ال", "و", "إلى", "الى", "حتى", "على", "من", "شهر", "عشر"] + [
        proclitic + "ال" + word for proclitic in ("", "و", "ف") for word in ordinals
    ]


# Back from a month over what can stand between it and the first day of ``day_month``:
# spaces, digits, the join marks, and whole glue words. Any other character or word ends it.
_REV_DAYS = re.compile(
    r"(?:\s|[0-9]|[،,\-–]|(?:" + "|".join(_reversed_word(w) for w in sorted(set(_day_glue_words()))) + "))*"
)


def _starts(digits: str) -> dict[str, list[int]]:
    """Per pattern name, the sorted positions where that pattern can match (a superset)."""
    starts: dict[str, list[int]] = {name: [] for name, _ in _PATTERNS}
    reverse = digits[::-1]  # position i of the text is size - 1 - i here
    size = len(digits)

    first = _WORD_AT.match(digits)
    for hit in ([first] if first else []) + list(_WORD_HITS.finditer(digits)):
        at = hit.end()
        starts["relative_day"].append(at)
        if hit.group("month") is None:
            continue
        for name in ("month_year", "month_double", "two_word_month", "month_before_cue"):
            starts[name].append(at)  # they start with their month
        back = size - at  # the character before the month, in the reversed text
        before = _REV_WORDS_BEFORE.match(reverse, back)
        if before:  # في مارس: the cue word right before the month
            starts["month_after_cue"].append(size - before.end(1))
        days = _REV_DAYS.match(reverse, back)
        assert days is not None  # the pattern matches the empty string
        first_day = size - days.end()
        starts["day_month"].extend(token.start() for token in _TOKEN.finditer(digits, first_day, at))

    for hit in _LAM_HITS.finditer(digits):
        alef = _REV_ALEF.match(reverse, size - hit.start())
        if alef:  # the word starts at the alef, or one or two proclitic letters before it
            at = size - alef.end()
            positions = [at]
            if at >= 1 and digits[at - 1] in _PROCLITICS:
                positions.append(at - 1)
                if at >= 2 and digits[at - 2] in _PROCLITICS:
                    positions.append(at - 2)
            starts["weekday"].extend(positions)
            starts["clock"].extend(positions)

    for hit in _YEAR_HITS.finditer(digits):
        at = hit.start()
        for name in ("numeric_ymd", "year_with_era", "year_range"):
            starts[name].append(at)  # they start with their year
        if at >= 2 and digits[at - 1] == "/":  # 8/2024
            starts["numeric_my"].extend(p for p in (at - 3, at - 2) if p >= 0)
        before = _REV_WORDS_BEFORE.match(reverse, size - at)
        if before:  # عام 2008، في 2011، من 2014 إلى ...; العام 2018 and عام الـ2018 start two words back
            for name in ("year_after_cue", "from_year_to_year", "year_after_from", "year_after_weak_cue"):
                starts[name].append(size - before.end(1))
            if before.group(2) is not None:
                starts["year_after_cue"].append(size - before.end(2))

    for hit in _DIGIT_HITS.finditer(digits):
        last = hit.start()  # the last digit of a day, an hour, or a Hijri year
        follower = digits[last + 1]
        if follower == ":":
            starts["time"].extend(p for p in (last - 1, last) if p >= 0)
        elif follower in "/.-":
            starts["numeric_dmy"].extend(p for p in (last - 1, last) if p >= 0)
        else:
            starts["hijri_year"].extend(p for p in (last - 3, last - 2) if p >= 0)
    return {name: sorted(set(positions)) for name, positions in starts.items()}


_EASTERN_DIGITS = tuple(zip(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2))


def _ascii_digits(text: str) -> str:
    """``to_ascii_digits``, faster: ``str.translate`` looks every character up in a dict, while
    ``replace`` of the few Eastern digits a text holds is a plain scan."""
    for eastern, western in _EASTERN_DIGITS:
        if eastern in text:
            text = text.replace(eastern, western)
    return text


def _matches(digits: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Every match of every pattern, pattern by pattern in text order: what ``finditer``
    over the whole text gives, with each pattern tried only where it can start."""
    starts = _starts(digits)
    for name, pattern in _PATTERNS:
        resume = 0  # like finditer: no match starts inside the previous one
        for position in starts[name]:
            if position < resume:
                continue
            match = pattern.match(digits, position)
            if match is not None:
                resume = match.end()
                yield name, match


def find_dates(text: str) -> list[DateMention]:
    """Every date, year or time mention of ``text``, in text order, non-overlapping
    (where candidates overlap, the longest wins)."""
    digits = _ascii_digits(text)  # same length: offsets are the text's
    candidates: list[tuple[int, int, int | None]] = []
    for name, match in _matches(digits):
        start, end = match.span("m")
        if end > start and _accept(name, match, digits):
            candidates.append((start, end, _year_of(match, name)))
    return longest_mentions(text, candidates)


@lru_cache(maxsize=2)
def dates_in(text: str) -> tuple[DateMention, ...]:
    """``find_dates`` of the last texts read: the quantity parser and fact typing both need the
    dates of the same text, one after the other."""
    return tuple(find_dates(text))


def longest_mentions(text: str, candidates: list[tuple[int, int, int | None]]) -> list[DateMention]:
    """(start, end, year) candidates made mentions: where they overlap the longest wins; in text order."""
    chosen: list[tuple[int, int, int | None]] = []
    taken = bytearray(len(text))  # mentions are short, so marking characters stays linear
    for start, end, year in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, year))
    chosen.sort()
    return [DateMention(start, end, text[start:end], year) for start, end, year in chosen]
