"""``find_dates`` tries each pattern only where a cheap pass says it can start; this
checks that it finds exactly what a scan of every pattern over the whole text finds.

The reference below is ``find_dates`` as it was before the start finders: every
pattern of ``_PATTERNS`` run with ``finditer`` over the whole text. Both use the same
patterns, so any difference is a start position the finders missed.
"""
from __future__ import annotations

import os
import random
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.text import dates
from arqam.extraction.text.arabic import DIACRITICS_CLASS, TATWEEL, to_ascii_digits
from arqam.extraction.text.dates import _PATTERNS, DateMention, _accept, _ordinal_words, _year_of, find_dates, longest_mentions
from arqam.extraction.text.lexicon import read_table
from bench.corpus import generate_articles
from tests.complexity import assert_linear

# ARQAM_DATES_EXAMPLES=50000 for a long hunt; the default draws as many as the suite's other properties
EXAMPLES = int(os.environ.get("ARQAM_DATES_EXAMPLES", "300"))
SEEDS = sorted((Path(__file__).parents[3] / "corpus" / "seeds").glob("*.txt"))


def reference_find_dates(text: str) -> list[DateMention]:
    """The full scan: every pattern over the whole text (the old ``find_dates``)."""
    digits = to_ascii_digits(text)
    candidates: list[tuple[int, int, int | None]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(digits):
            start, end = match.span("m")
            if end > start and _accept(name, match, digits):
                candidates.append((start, end, _year_of(match, name)))
    return longest_mentions(text, candidates)  # the same choice: only where matches are looked for differs


def reference_matches(text: str) -> list[tuple[str, int, int]]:
    """Every match of every pattern, before the overlap resolution (a finer check)."""
    digits = to_ascii_digits(text)
    return [(name, *m.span()) for name, pattern in _PATTERNS for m in pattern.finditer(digits)]


def fast_matches(text: str) -> list[tuple[str, int, int]]:
    return [(name, *match.span()) for name, match in dates._matches(dates._ascii_digits(text))]


def assert_same(text: str) -> None:
    assert fast_matches(text) == reference_matches(text)
    assert find_dates(text) == reference_find_dates(text)


# --- real and synthetic articles ------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_articles(path):
    assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_synthetic_corpus():
    texts = [text for _, text in generate_articles(300, seed=1)]
    for text in texts:
        assert_same(text)
    assert_same("\n\n".join(texts[:40]))  # many articles in one text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "يناير",
        "السبت",
        "الساعة 5",
        "2024",
        "1445هـ",
        "1/2/2024",
        "في 12/2024 و1/2024",
        "٢٤/٠٨/٢٠٢٤ و۲۰۲۴-۰۸-۲۴",
        "وبالساعة الخامسة والنصف",
        "فالسبت 12/7/2024 ولالأحد",
        "الحادي عشر والخامس والعشرين من شهر أيار",
        "الـ 22 و23 و24 إلى 25 حتى 26 على 27، 28, 29 - 30 – 31 من شهر تموز 2024م",
        "الأول والثاني من كانون الثاني",
        "يَنَايِر 2024 وكانـــون الثاني ٢٠٢٤ و 5 آب",
        "7 ذو الحجة 1445 هـ في 2000 جندي منذ 2003 والعراق",
        "عام  الـ2018 وعامي 2014 و2017 والعام\u00a02020 بالعام2022",
        "من 2014 إلى 2017، من 2024.",
        "في مارس الماضي ومنذ\tأبريل المقبل\nحزيران/يونيو (تموز)",
        "أمس الأول أول أمس أول من أمس",
        "الساعة\u064e 10:30:15 والساعة الـ3 مساء",
        "\u064e يناير \u0640يناير ـ2024 ي\u064eن\u0640اير",
    ],
)
def test_tricky_texts(text):
    assert_same(text)


# --- generated text -------------------------------------------------------------

_VARIANTS = {"ا": "اأإآٱ", "أ": "اأإآٱ", "إ": "اأإآٱ", "آ": "آا", "ي": "يىئی", "ى": "يىئی", "ة": "هة", "ه": "هة",
             "و": "وؤ", "ك": "كک"}
_MARK_CHARS = [ch for ch in map(chr, range(0x0600, 0x0700)) if re.fullmatch(f"[{DIACRITICS_CLASS}{TATWEEL}]", ch)]


def _forms(table: str, role: str | None = None) -> list[str]:
    out = []
    for forms, kind, *_ in read_table(table):
        if role is None:
            out += [f.strip() for f in forms.split("،") if f.strip()]
        elif kind.strip() == role:
            out += [forms.strip()] if role == "relative_day" else forms.split()
    return out


MONTHS = _forms("months.tsv")
ORDINALS = [p + "ال" + w for p in ("", "و", "ف") for w in _ordinal_words(feminine=False) + ["عشرين", "ثلاثين"]]
CUES = sorted({w for role in ("year_cue", "weak_year_cue", "month_cue") for w in _forms("date_words.tsv", role)} | {"من"})
PROCLITICS = ["", "", "", "و", "ف", "ب", "ل", "ك", "وب", "لل", "فال", "بال", "ال"]


@cache
def _words() -> list[str]:
    """Every word and phrase the patterns read, from the data files."""
    words = set(MONTHS + ORDINALS + CUES)
    for role in ("after_month", "weekday", "relative_day", "clock", "clock_part", "count_noun"):
        words.update(_forms("date_words.tsv", role))
    words.update(["ال" + w for w in _ordinal_words(feminine=True)] + ["الواحدة"])
    words.update(["ال", "الـ", "و", "ف", "ب", "ل", "ك", "إلى", "الى", "حتى", "على", "شهر", "عشر",
                  "هـ", "ه", "م", "جندي", "دولار", "أب", "ساعات", "مساعدة"])
    return sorted(words)


@st.composite
def spelled(draw, word: str) -> str:
    """``word`` as the press may write it: letter variants, marks or tatweel anywhere."""
    rng = random.Random(draw(st.integers(0, 2**32)))  # one draw: generating stays fast
    out = []
    for ch in word:
        out.append(rng.choice(_VARIANTS[ch]) if ch in _VARIANTS and rng.random() < 0.3 else ch)
        if rng.random() < 0.08:
            out.append("".join(rng.choices(_MARK_CHARS, k=rng.randint(1, 3))))
    return "".join(out)


_DIGITS = st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]).flatmap(
    lambda script: st.text(alphabet=script, min_size=1, max_size=5)
)
_YEARS = st.integers(1890, 2110).map(str) | st.sampled_from(["1445", "٢٠٢٤", "۱۴۴۵", "0"])
_DAYS = st.integers(1, 32).map(str) | st.sampled_from(["01", "09", "٣١", "۱۲"])
_PUNCTUATION = st.sampled_from(["/", ".", "-", "–", ":", "،", ",", "(", ")", "\u0640", "\u064e", "\u0651", "?", "!"])
_PIECE = st.one_of(
    st.sampled_from(_words()).flatmap(spelled),
    _DIGITS,
    _YEARS,
    _DAYS,
    _PUNCTUATION,
    st.text(max_size=3),  # anything at all
)
# mostly one space between pieces, as in prose; sometimes none, several, or other spaces
_SPACE = st.sampled_from([" "] * 12 + ["", "", "", "  ", "   ", "    ", "\n", "\u00a0", "\t"])


@st.composite
def date_phrase(draw) -> str:
    """Something close to what the patterns read (a cue, days, a month or two, a year, a
    time...), so that matches, near-misses and their edges are frequent."""
    word = lambda options: draw(st.sampled_from(options).flatmap(spelled))  # noqa: E731
    space = lambda: draw(_SPACE)  # noqa: E731
    kind = draw(st.sampled_from(["days", "days", "month", "year", "numeric", "time", "word"]))
    out = []
    if draw(st.booleans()):
        out += [draw(st.sampled_from(PROCLITICS)) + word(CUES), space()]
    if kind == "days":
        for index in range(draw(st.integers(1, 8))):
            if index:
                out += [space(), draw(st.sampled_from(["و", "،", ",", "-", "–", "إلى", "الى", "حتى", "على", ""])), space()]
            if draw(st.booleans()):
                out += [draw(st.sampled_from(["", "ال", "الـ", "ال "])) + draw(_DAYS)]
            else:
                out += [word(ORDINALS) + draw(st.sampled_from(["", "", " عشر", " والعشرين", "  والثلاثين"]))]
        out += [space(), draw(st.sampled_from(["", "من ", "شهر ", "من شهر ", "من  شهر  "])), word(MONTHS)]
    if kind in ("month", "days"):
        if kind == "month":
            out += [word(MONTHS)]
        out += [draw(st.sampled_from(["", "", "/", " / ", " (", "\\", "|"]))]
        if out[-1]:
            out += [word(MONTHS), ")" if out[-1] == " (" else ""]
        out += [space(), draw(st.sampled_from(["", "", "، ", "عام ", "العام "])), draw(_YEARS)]
        out += [draw(st.sampled_from(["", "م", " م", "هـ", " هـ", "ه"]))]
    if kind == "year":
        out += [draw(st.sampled_from(["", "ال", "الـ"])), draw(_YEARS), draw(st.sampled_from(["", "م", " هـ"]))]
        if draw(st.booleans()):
            out += [space(), draw(st.sampled_from(["-", "–", "/", "و", "إلى", "حتى"])), space(), draw(_YEARS)]
    if kind == "numeric":  # 24/08/2024، 2024-08-24، 8/2024، 10:30 and near-misses
        shape = draw(st.sampled_from([(_DAYS, _DAYS, _YEARS), (_YEARS, _DAYS, _DAYS), (_DAYS, _YEARS), (_DAYS, _DAYS)]))
        parts = [draw(part) for part in shape]
        separators = draw(st.lists(st.sampled_from("//.-:"), min_size=2, max_size=2))
        out += [parts[0], separators[0], parts[1]] + ([separators[draw(st.integers(0, 1))], parts[2]] if parts[2:] else [])
    if kind == "time":
        out += [word(["الساعة", "الساعة", ""]), space(), draw(st.sampled_from(["", "الـ", "ال "]))]
        out += [draw(_DAYS), draw(st.sampled_from(["", ":30", ":05:59", ".45", ":61"]))]
        out += [draw(st.sampled_from(["", " والنصف", " والربع", " مساء"]))]
    if kind == "word":
        out += [draw(st.sampled_from(PROCLITICS)) + word(_words())]
    if draw(st.booleans()):
        out += [space(), word(_words())]
    return "".join(out)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(_PIECE, _SPACE), max_size=30))
def test_generated_text(pieces):
    assert_same("".join(piece + space for piece, space in pieces))


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(date_phrase() | _PIECE, _SPACE), max_size=12))
def test_date_like_text(pieces):
    assert_same("".join(piece + space for piece, space in pieces))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_unicode(text):
    assert_same(text)


def test_shuffled_corpus_words():
    """Words of real articles in random order: dates cut and glued in every way."""
    rng = random.Random(7)
    tokens = re.findall(r"\S+|\s+", "\n".join(path.read_text(encoding="utf-8") for path in SEEDS))
    for _ in range(200):
        start = rng.randrange(len(tokens))
        window = tokens[start : start + 60]
        rng.shuffle(window)
        assert_same("".join(window))


# --- the start finders' own assumptions and cost ----------------------------------


def test_word_start_class_skips_only_letters_and_marks():
    """A month can follow any character that is neither a letter nor a mark, so the
    characters the word-start scan skips must all be letters or marks."""
    letter_or_mark = re.compile(rf"[^\W\d_]|[{DIACRITICS_CLASS}{TATWEEL}]")
    skipped = [chr(c) for c in range(0x0621, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x41, 0x5B)] + [
        chr(c) for c in range(0x61, 0x7B)
    ]
    assert all(letter_or_mark.fullmatch(ch) for ch in skipped)


def test_eastern_digits_as_ascii():
    text = "".join(map(chr, range(0x0600, 0x0700))) + "0123456789 abc"
    assert dates._ascii_digits(text) == to_ascii_digits(text)


@pytest.mark.parametrize(
    "unit, tail",
    [
        ("\u064e", "يناير"),
        ("\u0640", " 2024"),
        ("ساع", ""),
        ("الساعة ", ""),
        ("ل", ""),
        ("ال", " السبت"),
        ("الأول و", "يناير"),
        ("5 يناير ", ""),
        ("عام 2024 ", ""),
        ("1/1/2024 ", ""),
        ("1:10 ", ""),
        ("2024", ""),
        ("في مارس ", ""),
    ],
)
def test_linear_time(unit, tail):
    assert_linear(find_dates, lambda n: unit * (n // len(unit)) + tail)
