"""Quantities in Arabic news text: numerals, with their qualifiers, currencies and units.

The parser works in three steps, all in one left-to-right pass:

1. a tokenizer splits the text into digit runs, words and symbols, keeping
   offsets; Arabic-Indic and Persian digits are translated first (same length);
2. each token is read against the language data in ``data/`` (number words,
   scale words, duals, qualifiers, currencies, percent words), a word with the
   proclitics و ف ب ل ك and the article removed when needed;
3. a small combinator builds a *core* numeral from consecutive tokens
   (``240 ألف``، ``مئة وخمسين ألفا``، ``مليار و200 مليون``، ``عشرات الآلاف``،
   ``قاعدتين``، ``مئة وثلاثة أرباع``)، then grows it into a quantity: a ratio
   (``واحد من ثلاثة``), a range (``بين 100 و150 ألف``), a percent or currency
   after it, a sign, a qualifier phrase before or after it (or after its counted
   noun: ``100 جندي على الأقل``); a lower and an upper bound joined by و become
   one range (``أكثر من 100 وأقل من 300``).

Language facts the rules rely on: a cardinal 3..10 is followed by an indefinite
noun, so ``خمس الفطيرة`` is a fifth (``data/fraction_homographs.tsv``); a fraction
word alone is a quantity only as a fraction *of* something; ``من X إلى Y`` after a
verb of change (``ارتفع``، ``تراجع``: ``data/change_verbs.tsv``) is an old and a
new value, not a range.

What is never a quantity: numbers inside a date, year or time (``dates.find_dates``),
phone numbers, URLs, list markers at line start, footnote markers ``[3]``, numbers
inside designations (``F-16``، ``إف 16``، ``سو-24``), labels (``المادة 140``،
``القرار 2334``: ``data/identifier_words.tsv``), digits glued to a following word
(``20دولار``) or to a word that is not a short function word (``هو٠`` is a missing
space: ``data/glue_words.tsv``), definite duals (``البلدين``), day names, ``أحد``
alone, ``واحد`` as a pronoun (``أي واحد``: ``data/not_a_count.tsv``).

Values are exact (``fractions.Fraction`` inside) and returned as ``int`` when
integral. The pass only looks a bounded number of tokens back and ahead, so
it runs in time linear in the text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from arqam.extraction.text.arabic import PROCLITICS, fold, to_ascii_digits
from arqam.extraction.text.dates import COUNT_FOLLOWERS, WORD, dates_in
from arqam.extraction.text.lexicon import read_table


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # offset in text of the whole expression, qualifier phrase included
    end: int  # exclusive; includes scale words, currency words, percent words
    text: str  # == text[start:end]
    value: int | float  # base units: 240 ألف -> 240000; value_min for ranges and vague plurals
    value_min: int | float | None
    value_max: int | float | None
    qualifier: str  # exact | more_than | at_least | less_than | at_most | approximately | range | vague
    kind: str  # cardinal | ordinal | percent | money | fraction | vague
    currency: str | None  # ISO 4217 for money, else None
    number_start: int  # span of the numeral itself, without qualifier phrase / currency / percent words
    number_end: int
    counted: str | None  # the dual noun that carries its own number (قاعدتين -> 2), else None


# --- language data ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """What a (folded, bare) word means as a number."""

    cls: str  # a class of number_words.tsv, or scale / dual_scale / plural_scale / dual_noun
    value: Fraction


_SCALE_CLASSES = {"singular": "scale", "dual": "dual_scale", "plural": "plural_scale"}


def _load_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for forms, value, cls, *_ in read_table("number_words.tsv"):
        for form in forms.split():
            entries[fold(form)] = Entry(cls.strip(), Fraction(value.strip()))
    for forms, value, number, *_ in read_table("scale_words.tsv"):
        for form in forms.split():
            entries[fold(form)] = Entry(_SCALE_CLASSES[number.strip()], Fraction(value.strip()))
    duals = [form for _singular, forms, *_ in read_table("dual_nouns.tsv") for form in forms.split()]
    # a feminine counted noun in ة has its dual in تين/تان (قذيفة → قذيفتين، رمانة → رمانتين)
    duals += [
        form[:-1] + ending
        for cls, _unit, forms, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_COUNTED
        for form in forms.split() if form.endswith("ة") and len(form) > 3
        for ending in ("تين", "تان")
    ]
    forms = {fold(form) for _cls, _unit, row, *_ in read_table("counted_nouns.tsv") for form in row.split()}
    duals += [
        form + "ان"
        for cls, _unit, row, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_PEOPLE_OR_THINGS_DUALS
        for form in row.split()
        if len(form) > 2 and not form.endswith(("ة", "ا", "ى", "ان", "ين", "ون", "ات")) and fold(form + "ان") not in forms
    ]
    for form in duals:
        key = fold(form)
        if entries.get(key, Entry("dual_noun", Fraction(2))).cls != "dual_noun":
            continue  # a number word stays one (ثلاثة is no dual)
        entries[key] = Entry("dual_noun", Fraction(2))
        if form.endswith(("تين", "تان")):  # the construct state drops the ن: قاعدتي عين الأسد
            entries.setdefault(fold(form[:-1]), Entry("dual_noun", Fraction(2)))
    return entries


_NOT_COUNTED = frozenset({"not_a_noun", "abstract", "goods", "drugs", "household", "measure", "multiplier"})
# classes whose nouns a definite number after them does not count: "الفرقة الـ17" is a name
_NOT_PEOPLE_OR_THINGS = _NOT_COUNTED | {"unit", "duration", "incident"}
_NOT_PEOPLE_OR_THINGS_DUALS = _NOT_PEOPLE_OR_THINGS | {"weight", "others", "case"}


class Phrase(NamedTuple):
    words: tuple[str, ...]  # folded
    meaning: str  # a qualifier, or "percent"


class RangePattern(NamedTuple):
    opener: tuple[str, ...]  # words before X (بين، من), maybe none
    joiner: tuple[str, ...]  # words or symbol between X and Y (و، إلى، -)
    digits_only: bool  # a symbol joiner (10-15) only joins digits


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in text.split())


def _load_qualifiers() -> tuple[list[Phrase], list[Phrase], list[RangePattern]]:
    """(phrases before the number, phrases after it, range patterns), longest first."""
    before, after, ranges = [], [], []
    for text, qualifier, position, *_ in read_table("qualifiers.tsv"):
        words, position = _phrase(text), position.strip()
        if position == "range":
            x, y = words.index("X"), words.index("Y")
            joiner = words[x + 1 : y]
            ranges.append(RangePattern(words[:x], joiner, not joiner[0].isalpha()))
        else:
            (before if position == "before" else after).append(Phrase(words, qualifier.strip()))
    before.sort(key=lambda p: -len(p.words))
    after.sort(key=lambda p: -len(p.words))
    ranges.sort(key=lambda r: -len(r.opener))
    return before, after, ranges


def _load_currencies() -> dict[str, dict[str, str]]:
    """currency word -> {adjective or "-": ISO code}."""
    table: dict[str, dict[str, str]] = {}
    for words, adjectives, code, *_ in read_table("currencies.tsv"):
        for word in words.split():
            by_adjective = table.setdefault(fold(word), {})
            for adjective in adjectives.split():
                by_adjective[fold(adjective) if adjective != "-" else "-"] = code.strip()
    return table


ARTICLE = "ال"


def _by_word(phrases: list[Phrase], before_number: bool) -> dict[str, list[Phrase]]:
    """Phrases indexed by their word next to the number (the last one when they come before
    it, with the proclitic forms of one-word phrases: بنحو، وقرابة), so that a number costs one
    dict lookup rather than a scan of every phrase."""
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        word = phrase.words[-1] if before_number else phrase.words[0]
        keys = [word] + ([p + word for p in PROCLITICS] if before_number and len(phrase.words) == 1 else [])
        for key in keys:
            index.setdefault(key, []).append(phrase)
    return index


@lru_cache(maxsize=1 << 16)
def _bare(key: str) -> str:
    """A folded word without its proclitics and article (بالمادة -> ماده)."""
    for proclitic in PROCLITICS:
        if key.startswith(proclitic) and len(key) - len(proclitic) >= 3:
            key = key[len(proclitic) :]
            break
    if key.startswith("لل") and len(key) >= 4:
        return key[2:]
    return key[2:] if key.startswith(ARTICLE) and len(key) >= 4 else key


def _words_of(table: str) -> frozenset[str]:
    """The folded forms of the first column of a word list."""
    return frozenset(fold(form) for forms, *_ in read_table(table) for form in forms.split())


def _percent_phrases(position: str) -> list[Phrase]:
    phrases = [Phrase(_phrase(text), "percent") for text, where, *_ in read_table("percent_words.tsv")
               if where.strip() == position]
    return sorted(phrases, key=lambda p: -len(p.words))


ENTRIES = _load_entries()
IDENTIFIER_WORDS = _words_of("identifier_words.tsv")
GLUE_WORDS = _words_of("glue_words.tsv")  # هو٠، في2020: a missing space, not a designation
CHANGE_VERBS = _words_of("change_verbs.tsv")
QUALIFIER_GAPS = _words_of("qualifier_gaps.tsv")  # تجاوزت قيمتها 3.5 مليار: the qualifier still bounds  # ارتفع من X إلى Y: two values, not a range
FRACTION_HOMOGRAPHS = {fold(form): Fraction(value.strip()) for form, value, *_ in read_table("fraction_homographs.tsv")}
# nouns a number counts (جنود، قواعد، هجمات): after them a definite number is their count
COUNTED_NOUNS = frozenset(
    fold(form) for cls, _unit, forms, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_PEOPLE_OR_THINGS
    for form in forms.split()
)
LABEL_NUMBER_WORDS = frozenset(  # "الصفحة ال١٩٢": after them a definite number reads as a number
    fold(form) for forms, _note, reading, *_ in read_table("identifier_words.tsv") if reading.strip() == "number"
    for form in forms.split()
)
ONE_AS_PRONOUN = {(fold(before), fold(one)) for before, ones, *_ in read_table("not_a_count.tsv") for one in ones.split()}
BEFORE_QUALIFIERS, AFTER_QUALIFIERS, RANGE_PATTERNS = _load_qualifiers()
BEFORE_BY_LAST_WORD = _by_word(BEFORE_QUALIFIERS, before_number=True)
AFTER_BY_FIRST_WORD = _by_word(AFTER_QUALIFIERS, before_number=False)
PERCENT_BY_FIRST_WORD = _by_word(_percent_phrases("after"), before_number=False)
PERCENT_BY_LAST_WORD = _by_word(_percent_phrases("before"), before_number=True)
RANGE_JOINERS = frozenset(pattern.joiner[0] for pattern in RANGE_PATTERNS)
COMPARISONS = frozenset({"more_than", "at_least", "less_than", "at_most"})
# after the noun a number counts (100 جندي على الأقل), these phrases still bound it
POST_NOUN_QUALIFIERS = frozenset({"at_least", "at_most", "approximately"})
COMPARISON_SYMBOLS = frozenset("<>=≤≥")
PRONOUNS = frozenset(fold(w) for w in "هو هي هم هن".split())  # ربع هو: the fraction named, not a fraction of
CURRENCIES = _load_currencies()
# a word glued before digits that is only proclitics: بـ7.5، لـ2400، الـ22، و200
PROCLITIC_WORDS = frozenset(PROCLITICS) | {p + ARTICLE for p in ("", "و", "ف", "ب", "ك", "وب")} | {"لل"}
DIGITS_MAX = 18  # longer digit runs are identifiers, not amounts
VAGUE_LOW, VAGUE_HIGH = 3, 10  # a plural of a power of ten P means 3P .. 10P-1 (docs/facts.md)


# --- tokens -----------------------------------------------------------------------

# Bidi controls that editors leave between the digits and separators of a number (25799\u202a,\u202a52).
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
THIN_SPACES = " \u00a0\u202f\u2009"  # thousands separators in French-style typesetting: 40 000
# Some agencies write the decimal point as the letter ر, the fraction first in the stored
# string: 5ر1 is 1.5, 25ر3 is 3.25 (docs/facts.md, numbers as the press writes them).
AGENCY_DECIMAL = "ر"
_NUMBER = (
    rf"[0-9]+{AGENCY_DECIMAL}[0-9]+(?![0-9])"  # 5ر1 مليار
    rf"|[0-9]{{1,3}}(?:[{THIN_SPACES}][0-9]{{3}})+(?:[.,٫][0-9]+)?(?![0-9])"  # 1 414 021 100، 40 000
    rf"|[0-9]+(?:[{BIDI_CONTROLS}]*[.,٫٬،][{BIDI_CONTROLS}]*[0-9]+)*"
)
_TOKEN_RE = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>{WORD})|(?P<sym>\S)")
_NUMBER_RE = re.compile(_NUMBER)  # the digit runs alone, as tokenize cuts them
# a chunk with Latin letters (F-16، M1A1); it ends at a comparison sign (x>10)
_LATIN_CHUNK_RE = re.compile(r"(?<![^\s<>=≤≥~])[^\s<>=≤≥~A-Za-z]*[A-Za-z][^\s<>=≤≥~]*")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_PHONE_RE = re.compile(
    r"(?<![0-9])\+[0-9]{6,15}(?![0-9])"
    r"|(?<![0-9])(?:\+|00)[0-9]{1,4}(?:[ -][0-9]{2,5}){2,5}(?![0-9])"
    r"|(?<![0-9])0[0-9]{2,3}[ -][0-9]{3}[ -][0-9]{3,4}(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class Reading:
    """A word read as a number word: its entry and what was removed in front of it."""

    entry: Entry
    waw: bool  # starts with the conjunction و
    definite: bool  # carries the article
    prefix: int  # letters of proclitics and article, in the folded word


@dataclass(slots=True)
class Token:
    start: int
    end: int
    kind: str  # num | word | sym
    key: str  # folded word, ASCII digits, or the symbol
    line_start: bool = False
    in_date: bool = False
    blocked: bool = False  # a digit run that is not an amount (phone, list marker, F-16 ...)
    definite: bool = False  # digits after الـ
    reading: Reading | None = None


def _read_word(key: str) -> Reading | None:
    """The word as a number word: as is, without proclitics, without the article."""
    entry = ENTRIES.get(key)
    if entry is not None:
        return Reading(entry, False, False, 0) if entry.cls != "not_a_number" else None
    stems = [(key, "")] + [(key[len(p) :], p) for p in PROCLITICS if key.startswith(p) and len(key) - len(p) >= 3]
    for stem, proclitic in stems[1:]:
        if stem in ENTRIES:
            return Reading(ENTRIES[stem], proclitic.startswith("و"), False, len(proclitic))
    for stem, proclitic in stems:
        if stem.startswith(ARTICLE) and len(stem) >= 4 and stem[2:] in ENTRIES:
            return Reading(ENTRIES[stem[2:]], proclitic.startswith("و"), True, len(proclitic) + 2)
    if key.startswith("لل") and key[2:] in ENTRIES:  # ل + ال
        return Reading(ENTRIES[key[2:]], False, True, 2)
    return None


def _letter_offset(raw: str, letters: int) -> int:
    """Offset in ``raw`` after its first ``letters`` letters (diacritics and tatweel do not count)."""
    seen = 0
    for offset, ch in enumerate(raw):
        if seen == letters and fold(ch):
            return offset
        if fold(ch):
            seen += 1
    return len(raw)


_WORDS_SEEN: dict[str, tuple[str, Reading | None]] = {}  # raw word -> (folded key, reading)
_WORDS_SEEN_MAX = 300_000  # news vocabulary repeats: one fold and one lexicon lookup per distinct word


def _word_key(raw: str) -> tuple[str, Reading | None]:
    seen = _WORDS_SEEN.get(raw)
    if seen is None:
        key = fold(raw)
        seen = (key, _read_word(key))
        if len(_WORDS_SEEN) >= _WORDS_SEEN_MAX:
            _WORDS_SEEN.clear()
        _WORDS_SEEN[raw] = seen
    return seen


_SUMMED_CLASSES = frozenset({"unit", "teen", "ten", "hundred", "scale", "dual_scale", "plural_scale"})


def _waw_reading(key: str) -> Reading | None:
    """``key`` read as و + a number word, where the lexicon reads it otherwise or not at all: وأحد
    folds to واحد ("one"), and ست is too short to lose a proclitic by the general rule."""
    entry = ENTRIES.get(key[1:])
    if entry is None or entry.cls == "not_a_number" or (key in ENTRIES and entry.cls != "teen_head"):
        return None
    return Reading(entry, True, False, 1)


def overlong_numbers(text: str) -> list[tuple[int, int]]:
    """(offset, digits) of each digit run in ``text`` longer than DIGITS_MAX digits: one the parser
    never reads as an amount (an identifier, a code, a run of digits glued together), for a trace.

    >>> overlong_numbers("رقم الحوالة ١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠ وقيمتها 500 دولار")
    [(12, 20)]
    >>> overlong_numbers("بلغت 1,000,000,000,000,000,000 دولار")
    [(5, 19)]
    """
    return [
        (match.start(), count)
        for match in _NUMBER_RE.finditer(to_ascii_digits(text))
        if (count := sum(ch.isdigit() for ch in match.group())) > DIGITS_MAX
    ]


def tokenize(text: str) -> list[Token]:
    """Digit runs, words and symbols of ``text`` with their offsets; numbers read, dates and non-amounts marked."""
    digits = to_ascii_digits(text)
    tokens: list[Token] = []
    append, seen = tokens.append, _WORDS_SEEN.get  # every character of every article passes here: locals
    numbers: list[int] = []  # indices of digit runs, the only tokens _mark_non_amounts looks at
    previous: Token | None = None
    previous_end = 0
    newline = digits.find("\n")  # the first line break at or after previous_end (-1: none left)
    for match in _TOKEN_RE.finditer(digits):
        kind = match.lastgroup or "sym"
        start, end = match.span()
        if kind == "word":
            word = match.group()
            key, reading = seen(word) or _word_key(word)
            if previous is not None:
                if previous.kind == "num" and previous_end == start:
                    reading = None  # a word glued after digits (١مليون) is not read
                elif key[:1] == "و" and (previous.kind == "num" or (
                        previous.reading is not None and previous.reading.entry.cls in _SUMMED_CLASSES)):
                    reading = _waw_reading(key) or reading  # مئة وأحد عشر، مئة وست: و + a number, after a number
        else:
            key, reading = match.group(), None
            if kind == "num":
                numbers.append(len(tokens))
        if 0 <= newline < previous_end:
            newline = digits.find("\n", previous_end)
        previous = Token(start, end, kind, key, previous is None or 0 <= newline < start, False, False, False, reading)
        append(previous)
        previous_end = end
    _mark_dates(tokens, text)
    _mark_non_amounts(tokens, numbers, digits)
    return tokens


def _mark_dates(tokens: list[Token], text: str) -> None:
    starts = [token.start for token in tokens]
    for date in dates_in(text):
        for i in range(bisect_right(starts, date.start) - 1 if starts else 0, len(tokens)):
            token = tokens[i]
            if token.start >= date.end:
                break
            if token.end > date.start:
                token.in_date = True


def _mark_non_amounts(tokens: list[Token], numbers: list[int], digits: str) -> None:
    """Block digit runs (``numbers``: their token indices) that are identifiers or markup, not amounts."""
    if not numbers:
        return
    excluded = [m.span() for m in _PHONE_RE.finditer(digits)]
    if _ASCII_LETTER_RE.search(digits):  # most Arabic texts have no Latin letter to scan for chunks and URLs
        excluded += [m.span() for m in _LATIN_CHUNK_RE.finditer(digits)]
        excluded += [m.span() for m in _URL_RE.finditer(digits)]
    excluded.sort()
    index = 0
    labelled = -2  # the token of the last number blocked as a label's (الألوية 45 و46 و47: all three)
    for i in numbers:
        token = tokens[i]
        while index < len(excluded) and excluded[index][1] <= token.start:
            index += 1
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_before = before is not None and before.end == token.start
        glued_after = after is not None and after.start == token.end
        if before is not None and before.kind == "word" and before.key in PROCLITIC_WORDS and before.key.endswith(ARTICLE):
            token.definite = True  # الـ22، الـ 22
        token.blocked = (
            (index < len(excluded) and excluded[index][0] < token.end)
            or sum(ch.isdigit() for ch in token.key) > DIGITS_MAX
            or (len(token.key) > 1 and token.key[0] == "0" and token.key[1].isdigit())  # codes, phone numbers
            or (glued_after and after.kind == "word")  # 20دولار، ١مليون
            or (glued_before and before.kind == "word" and before.key not in PROCLITIC_WORDS
                and before.key not in GLUE_WORDS)
            or _is_designation(tokens, i)
            or (glued_before and before.key == "[" and glued_after and after.key == "]")  # footnote [3]
            or _is_list_marker(tokens, i, digits)
            or "\u20e3" in digits[token.end : token.end + 2]  # a keycap emoji: 6️⃣ numbers a list
            or (before is not None and before.kind == "word" and _is_label(before.key)  # المادة 140، وسو 24
                and not (after is not None and after.kind == "word" and not after.key.startswith("و")
                         and _bare(after.key) in COUNTED_NOUNS))
            or (labelled == i - 2 and before is not None and before.key in ("و", "،", ",")  # "الألوية 45 و46"
                and not (after is not None and after.kind == "word" and _bare(after.key) in COUNTED_NOUNS))
        )
        if before is not None and before.kind == "word" and _is_label(before.key) or (
            token.blocked and labelled == i - 2 and before is not None and before.key in ("و", "،", ",")
        ):
            labelled = i
        if sum(ch.isdigit() for ch in token.key) > DIGITS_MAX:
            _unread_scales_after(tokens, i)


def _unread_scales_after(tokens: list[Token], i: int) -> None:
    """The scale words of a digit run too long to be an amount are its own ("999…9 مليون مليار
    دولار"): read alone they would make it a million, or a billion dollars."""
    for following in range(i + 1, len(tokens)):
        reading = tokens[following].reading
        if tokens[following].kind != "word" or reading is None or reading.entry.cls not in ("scale", "plural_scale"):
            return
        tokens[following].reading = None


def _is_label(key: str) -> bool:
    """Is the word before a number a label word (المادة، القرار، إف، وسو)?"""
    return _bare(key) in IDENTIFIER_WORDS or (key[:1] in ("و", "ف", "ب") and key[1:] in IDENTIFIER_WORDS)


def _is_designation(tokens: list[Token], i: int) -> bool:
    """إف-16، سو-24: digits glued by a hyphen or slash to a word before them."""
    if i < 2:
        return False
    joint, word = tokens[i - 1], tokens[i - 2]
    return joint.key in "-/–" and joint.end == tokens[i].start and word.kind == "word" and word.end == joint.start


def _is_list_marker(tokens: list[Token], i: int, digits: str) -> bool:
    """``  1. التهديد``، ``2) ...``، ``(3) ...`` at the start of a line."""
    token = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if token.line_start and after is not None and after.key in ".)-–" and after.start == token.end:
        return after.end < len(digits) and digits[after.end].isspace() and bool(digits[after.end :].strip())
    before = tokens[i - 1] if i > 0 else None
    return (
        before is not None
        and before.key == "("
        and before.line_start
        and after is not None
        and after.key == ")"
        and before.end == token.start
        and token.end == after.start
    )


# --- digits -----------------------------------------------------------------------


def digits_value(raw: str, before_scale: bool) -> Fraction | None:
    """The value of a digit run with separators, None when they make no sense.

    ``٫`` is decimal, ``٬`` and spaces are thousands; with two kinds of mark the last one,
    written once, is decimal (``1,234.5``، ``26،013,94``); a mark repeated is thousands
    (``1.234.567``); a lone ``.`` or ``,`` before exactly three digits is a thousands separator
    (``2.400 جندي``، ``2,400``) unless a scale word follows (``1.500 مليون`` is 1.5 million,
    ``318,250 مليون`` 318.25 million: the press writes decimals of millions, and the thousands
    reading would be a thousand times too large). The agencies' ``ر`` is a decimal point after
    the fraction: ``5ر1`` is 1.5.
    """
    if AGENCY_DECIMAL in raw:
        fraction, integer = raw.split(AGENCY_DECIMAL)
        return Fraction(int(integer)) + Fraction(int(fraction), 10 ** len(fraction))
    raw = _BIDI_RE.sub("", raw)
    groups = re.split(r"[.,٫٬،\s]", raw)
    marks = [" " if ch.isspace() else ch for ch in raw if not ch.isdigit()]
    if not marks:
        return Fraction(int(raw))
    decimal_at = None  # index of the decimal separator among marks
    kinds = set(marks) - {" ", "٬"}
    if "٫" in marks:
        decimal_at = len(marks) - 1 - marks[::-1].index("٫")
    elif len(set(marks)) > 1 and marks[-1] not in " ٬":
        decimal_at = len(marks) - 1
    elif len(marks) == 1 and kinds:
        is_thousands = len(groups[1]) == 3 and not (marks[0] in ".," and before_scale)
        decimal_at = None if is_thousands else 0
    if decimal_at is not None and (decimal_at != len(marks) - 1 or marks.count(marks[decimal_at]) > 1):
        return None
    integer_groups = groups[: decimal_at + 1] if decimal_at is not None else groups
    if len(integer_groups) > 1 and (len(integer_groups[0]) > 3 or any(len(g) != 3 for g in integer_groups[1:])):
        return None
    value = Fraction(int("".join(integer_groups)))
    if decimal_at is not None:
        fraction = groups[-1]
        value += Fraction(int(fraction), 10 ** len(fraction))
    return value


# --- cores: the numeral itself ------------------------------------------------------


@dataclass(slots=True)
class Core:
    first: int  # token index of the first token of the numeral
    last: int  # token index of its last token (inclusive)
    value: Fraction
    kind: str = "cardinal"  # cardinal | ordinal | fraction | vague
    scale: int = 1  # the scale word of the first part (240 ألف -> 1000), for ranges and sums
    low: Fraction | None = None  # vague bounds
    high: Fraction | None = None
    counted: str | None = None
    digits: bool = False  # written in digits
    number_start: int = 0


@dataclass(slots=True)
class Expression:
    """A core grown into a quantity: its token span and what the words around it say."""

    first: int  # token span of the whole expression
    last: int
    low: Fraction  # the value (the lower bound of ranges and vague plurals)
    high: Fraction | None  # the upper bound of ranges and vague plurals
    kind: str
    qualifier: str = "exact"
    currency: str | None = None
    negative: bool = False
    second: Core | None = None  # the second number of a range


class Parser:
    """The combinator over the tokens of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)

    # -- token tests

    def word(self, i: int, *classes: str) -> Reading | None:
        """The number reading of token ``i`` when it is a word of one of ``classes`` outside a date."""
        if not 0 <= i < len(self.tokens):
            return None
        token = self.tokens[i]
        reading = token.reading
        if reading is None or token.in_date or (classes and reading.entry.cls not in classes):
            return None
        return reading

    def digits(self, i: int) -> bool:
        if not 0 <= i < len(self.tokens):
            return False
        token = self.tokens[i]
        return token.kind == "num" and not token.blocked and not token.in_date

    def key(self, i: int) -> str | None:
        if not 0 <= i < len(self.tokens) or self.tokens[i].in_date:
            return None
        return self.tokens[i].key

    def is_waw(self, i: int) -> bool:
        return self.key(i) == "و"

    def stem_start(self, i: int) -> int:
        """Where the numeral starts inside token ``i``, after its proclitics."""
        token = self.tokens[i]
        if token.reading is None or token.reading.prefix == 0:
            return token.start
        return token.start + _letter_offset(self.text[token.start : token.end], token.reading.prefix)

    def waw_then(self, i: int) -> tuple[int, bool]:
        """(index of the word at ``i`` or after a standalone و there, whether that و was there)."""
        return (i + 1, True) if self.is_waw(i) else (i, False)

    def joined_word(self, i: int, *classes: str) -> tuple[Reading, int] | None:
        """A number word joined by exactly one و, glued (وعشرين) or standalone (و عشرين)."""
        j, waw_token = self.waw_then(i)
        reading = self.word(j, *classes)
        if reading is None or reading.definite or waw_token == reading.waw:
            return None
        return reading, j



    # -- words below a thousand

    def below_hundred(self, i: int, need_waw: bool) -> tuple[Fraction, int] | None:
        """``خمسة``، ``ثلاثة عشر``، ``خمسة وعشرين``، ``ستة و عشرون``، ``عشرين``: (value, last token)."""
        classes = ("unit", "teen_head", "teen", "ten")
        if need_waw:
            found = self.joined_word(i, *classes)
            if found is None:
                return None
            reading, i = found
        else:
            reading = self.word(i, *classes)
            if reading is None or reading.definite:
                return None
        cls, value = reading.entry.cls, reading.entry.value
        if cls in ("ten", "teen"):
            return value, i
        ten = self.word(i + 1, "unit")
        if ten and ten.entry.value == 10 and not ten.waw and not ten.definite and value < 10:
            return value + 10, i + 1  # أحد عشر، ثلاثة عشر
        tens = self.joined_word(i + 1, "ten")
        if cls == "teen_head" and not tens:
            return None  # أحد alone is "one of"; إحدى وعشرون is 21
        if tens and value < 10:
            return value + tens[0].entry.value, tens[1]  # خمسة وعشرين
        return value, i

    def below_thousand(self, i: int, need_waw: bool) -> tuple[Fraction, int] | None:
        """``مئة وخمسين``، ``ثلاث مائة وواحد وثلاثون``، ``مائتين``: (value, last token)."""
        j, waw_token = self.waw_then(i) if need_waw else (i, False)
        hundred = self.word(j, "hundred")
        unit = self.word(j, "unit")
        if hundred and not hundred.definite and (not need_waw or waw_token != hundred.waw):
            value, last = hundred.entry.value, j
        elif unit and not unit.definite and (not need_waw or waw_token != unit.waw) and 3 <= unit.entry.value <= 9 and (
            (following := self.word(j + 1, "hundred")) and following.entry.value == 100
            and not following.waw and not following.definite
        ):
            value, last = unit.entry.value * 100, j + 1  # ثلاث مائة
        else:
            return self.below_hundred(i, need_waw)
        rest = self.below_hundred(last + 1, need_waw=True)
        if rest:
            value, last = value + rest[0], rest[1]
        return value, last

    # -- chunks: a group and its scale word

    def scale_after(self, i: int) -> Reading | None:
        reading = self.word(i, "scale", "plural_scale")
        if reading and not reading.waw and not reading.definite:
            return reading
        return None

    def slash_fraction(self, i: int) -> tuple[Fraction, int] | None:
        """``3/4``، ``1/2``: digits, a slash and digits glued, the numerator the smaller."""
        if not (self.digits(i) and self.key(i + 1) == "/" and self.digits(i + 2)):
            return None
        numerator, slash, denominator = self.tokens[i : i + 3]
        if not (numerator.end == slash.start and slash.end == denominator.start) or self.key(i + 3) == "/":
            return None
        if not (numerator.key.isdigit() and denominator.key.isdigit()):
            return None
        top, bottom = int(numerator.key), int(denominator.key)
        if not 0 < top < bottom <= 100:
            return None
        return Fraction(top, bottom), i + 2

    def chunk(self, i: int, need_waw: bool) -> Core | None:
        """A group of digits or words with its scale word: ``240 ألف``، ``مئة وخمسين ألفا``، ``مليوني``."""
        waw_token = self.is_waw(i)
        j = i + 1 if waw_token else i
        if self.digits(j):
            if need_waw and not waw_token:
                return None
            fraction = self.slash_fraction(j)
            if fraction:
                return Core(j, fraction[1], fraction[0], kind="fraction", digits=True, number_start=self.tokens[j].start)
            last = j
            hundred = self.word(j + 1, "hundred")
            hundreds = hundred is not None and hundred.entry.value == 100 and not hundred.waw and not hundred.definite
            if hundreds:
                last = j + 1  # ٣ مئة، 322 مائة
            scale = self.scale_after(last + 1)
            value = digits_value(self.tokens[j].key, scale is not None or hundreds)
            if value is None:
                return None
            core = Core(j, last, value * (100 if hundreds else 1), digits=True, number_start=self.tokens[j].start,
                        scale=100 if hundreds else 1)
            if scale:
                core.value, core.scale, core.last = core.value * scale.entry.value, int(scale.entry.value), last + 1
            return core
        reading = self.word(j)
        if reading is None or reading.definite or (need_waw and not (waw_token or reading.waw)):
            return None
        if waw_token and reading.waw:
            return None
        cls, value = reading.entry.cls, reading.entry.value
        start = self.stem_start(j)
        if cls == "scale":
            if self.dual_construct(j):
                return Core(j, j, 2 * value, scale=int(value), number_start=start)  # ألفا مقاتل، مليونا دولار
            return Core(j, j, value, scale=int(value), number_start=start)  # مليار، ألف دولار
        if cls == "dual_scale":
            return Core(j, j, 2 * value, scale=int(value), number_start=start)  # ألفين، مليوني
        if cls == "zero":
            return Core(j, j, Fraction(0), number_start=start)
        if cls == "fraction":
            scale = self.word(j + 1, "scale")
            if scale and not scale.waw and not scale.definite:  # نصف مليون
                return Core(j, j + 1, value * scale.entry.value, scale=int(scale.entry.value), number_start=start)
            return None
        group = self.below_thousand(j, need_waw=False)
        if group is None:
            return None
        value, last = group
        scale = self.scale_after(last + 1)
        if scale:
            return Core(j, last + 1, value * scale.entry.value, scale=int(scale.entry.value), number_start=start)
        parts = self.word(last + 1, "fraction_plural")
        if parts and not parts.waw and not parts.definite:
            unit = self.tokens[last].reading
            joined = unit is not None and (unit.waw or self.is_waw(last - 1))
            if last > j and joined and unit.entry.cls == "unit":  # مئة وثلاثة أرباع: a whole and a fraction
                value += unit.entry.value * parts.entry.value - unit.entry.value
                return Core(j, last + 1, value, number_start=start)
            return Core(j, last + 1, value * parts.entry.value, kind="fraction", number_start=start)  # ثلاثة أرباع
        return Core(j, last, value, number_start=start)

    def dual_construct(self, i: int) -> bool:
        """``ألفا مقاتل``، ``مليونا دولار``: a scale word in ‑ا with no number before it and a noun
        right after it is a dual in the construct state (two thousand fighters). After a number the
        same form is an accusative singular (``خمسة عشر ألفا`` is 15000): that one never starts a
        numeral, and ``ألفا من المقاتلين`` (a thousand of) has من after it."""
        token = self.tokens[i]
        if not token.key.endswith("ا") or token.reading is None or token.reading.definite:
            return False
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return (
            following is not None
            and following.kind == "word"
            and following.reading is None
            and following.key not in ("من", "و")
            and not following.key.startswith(ARTICLE)
            and not self.tokens[i - 1 if i else 0].kind == "num"
        )

    def cardinal(self, i: int) -> Core | None:
        """Chunks summed with و after a scale word (``مليار و200 مليون``، ``12 ألفا و450``), then a
        fraction part (``مليون ونصف``، ``واحد وربع``، ``2 1/4``)."""
        core = self.chunk(i, need_waw=False)
        if core is None or core.kind != "cardinal":
            return core
        scale, multiplier = core.scale, core.value / core.scale
        while scale > 1:
            more = self.chunk(core.last + 1, need_waw=True)
            if more is None or more.kind not in ("cardinal", "fraction"):
                break
            repeated = more.first == more.last and more.scale == scale and multiplier >= 100  # مئة ألف وألف
            if more.value >= scale and not repeated:
                break
            multiplier = more.value / more.scale
            core.value += more.value
            core.last = more.last
            scale = more.scale
            if more.kind == "fraction":  # مليون وألفين ومائتين وثلاثة أخماس
                return core
        self.add_fraction_part(core, 1 if scale == 100 else scale)
        return core

    def add_fraction_part(self, core: Core, scale: int) -> None:
        """``ونصف``، ``وثلاثة أرباع``، ``و ثلثين`` after a cardinal, counted in its last scale."""
        if core.digits and core.scale == 1 and self.tokens[core.last].end < self.tokens[min(core.last + 1, len(self.tokens) - 1)].start:
            mixed = self.slash_fraction(core.last + 1)  # 2 1/4
            if mixed:
                core.value, core.last = core.value + mixed[0], mixed[1]
                return
        half = self.joined_word(core.last + 1, "fraction")
        named = self.word(half[1] + 1, "scale") if half else None
        if half and named and named.definite and named.entry.value == scale and not named.waw:
            core.value, core.last = core.value + half[0].entry.value * scale, half[1] + 1  # مليون ونصف المليون
            return
        if half and not named:
            core.value, core.last = core.value + half[0].entry.value * scale, half[1]
            return
        unit = self.joined_word(core.last + 1, "unit")
        parts = self.word(unit[1] + 1, "fraction_plural") if unit else None
        if unit and parts and not parts.waw and not parts.definite:
            core.value += unit[0].entry.value * parts.entry.value * scale
            core.last = unit[1] + 1

    # -- the other kinds

    def vague(self, i: int) -> Core | None:
        """``عشرات``، ``مئات الآلاف``، ``بملايين``، ``بضعة آلاف``: at least three of a power of ten."""
        reading = self.word(i)
        j = i
        if reading and reading.entry.cls == "few" and not reading.definite:
            j = i + 1
            reading = self.word(j, "plural_scale")
        if reading is None or reading.entry.cls != "plural_scale":
            return None
        power = reading.entry.value
        larger = self.word(j + 1, "plural_scale")
        if larger and not larger.waw and larger.entry.value > power:
            power *= larger.entry.value
            j += 1
        low = VAGUE_LOW * power
        return Core(i, j, low, kind="vague", low=low, high=VAGUE_HIGH * power - 1, number_start=self.stem_start(i))

    def ordinal(self, i: int) -> Core | None:
        """``الثاني``، ``العاشرة``، ``الحادي عشر``، ``الخامس والعشرين``، ``العشرين``، ``أول``."""
        reading = self.word(i)
        if reading is None:
            return None
        cls, value = reading.entry.cls, reading.entry.value
        if cls == "ten" and reading.definite:
            return Core(i, i, value, kind="ordinal", number_start=self.stem_start(i))
        if cls not in ("ordinal", "ordinal_definite", "ordinal_teen_head"):
            return None
        if cls == "ordinal_definite" and not reading.definite:
            return None
        last = i
        ten = self.word(i + 1, "unit")
        tens = self.word(i + 1, "ten")
        if ten and ten.entry.value == 10 and not ten.waw and not ten.definite and value < 10:
            value, last = value + 10, i + 1
        elif cls == "ordinal_teen_head":
            return None
        elif tens and tens.waw and tens.definite and value < 10:
            value, last = value + tens.entry.value, i + 1
        return Core(i, last, value, kind="ordinal", number_start=self.stem_start(i))

    def core(self, i: int) -> Core | None:
        """The numeral that starts at token ``i``, if any."""
        if not 0 <= i < len(self.tokens):
            return None
        token = self.tokens[i]
        if token.in_date:
            return None
        if token.kind == "num":
            if not self.digits(i):
                return None
            if token.definite and not self.counts_something(i + 1) and not self.after_definite_count_noun(i - 2):
                value = digits_value(token.key, False)
                if value is None or value.denominator != 1:
                    return None
                return Core(i, i, value, kind="ordinal", digits=True, number_start=token.start)  # الذكرى الـ22
            return self.cardinal(i)
        reading = token.reading
        if reading is None:
            return None
        cls = reading.entry.cls
        if cls == "dual_noun":
            if reading.definite or self.key(i - 1) == "اي":
                return None  # البلدين، الجانبين: known entities; "أي دولتين": any two, no count
            start = self.stem_start(i)
            core = Core(i, i, Fraction(2), counted=self.text[start : token.end], number_start=start)
            two = self.word(i + 1, "unit")
            if two and two.entry.value == 2 and not two.waw and not two.definite:
                core.last = i + 1  # جنديين اثنين
            return core
        if cls in ("ten", "scale") and reading.definite and self.after_comparison(i):
            return Core(i, i, reading.entry.value, number_start=self.stem_start(i))  # فوق الثلاثين، تخطى المليون
        if cls in ("ordinal", "ordinal_definite", "ordinal_teen_head") or (cls == "ten" and reading.definite):
            return self.ordinal(i)
        if cls in ("plural_scale", "few"):
            return self.vague(i)
        if cls == "fraction" and not self.word(i + 1, "scale"):
            return self.fraction(i, reading)
        if cls == "unit" and reading.definite and 3 <= reading.entry.value <= 10 and self.after_definite_noun(i):
            return Core(i, i, reading.entry.value, number_start=self.stem_start(i))  # الجنود الثلاثة، القواعد الثلاث
        if reading.definite or cls in ("sign", "fraction_plural"):
            return None
        homograph = FRACTION_HOMOGRAPHS.get(token.key[reading.prefix :]) if cls == "unit" else None
        if homograph is not None and self.before_definite_noun(i + 1):
            return Core(i, i, homograph, kind="fraction", number_start=self.stem_start(i))  # خمس الفطيرة
        if cls == "unit" and reading.entry.value == 1 and (self.key(i - 1), token.key[reading.prefix :]) in ONE_AS_PRONOUN:
            return None  # أي واحد، كل واحد
        return self.cardinal(i)

    def fraction(self, i: int, reading: Reading) -> Core | None:
        """A fraction word alone is a quantity when it is a fraction *of* something (``نصف
        العصير``، ``ربع كيلو``), after a comparison (``فوق الربع``) or as ``بالنصف``; not when it
        names the fraction itself (``الربع هو رقم كسر``، ``النتيجة ربع.``)."""
        if reading.definite:
            named = self.after_comparison(i) or self.tokens[i].key.startswith("ب")
        else:
            following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            named = self.after_comparison(i) or (
                following is not None and following.kind == "word" and following.key not in PRONOUNS
                and not (following.reading and following.reading.entry.cls not in ("dual_noun",))
            )
        return Core(i, i, reading.entry.value, kind="fraction", number_start=self.stem_start(i)) if named else None

    def after_definite_noun(self, i: int) -> bool:
        """Is the word before token ``i`` a definite word that is not a number (الجنود *الثلاثة*)?"""
        return i > 0 and self.before_definite_noun(i - 1)

    def after_definite_count_noun(self, i: int, reach: int = 2) -> bool:
        """Is there a definite counted noun at token ``i`` or the one before it (الجنود
        الأمريكيين الـ2500: the number counts them, it is not an ordinal)?"""
        for k in range(i, max(i - reach, -1), -1):
            token = self.tokens[k]
            if token.kind != "word" or not token.key.startswith(ARTICLE):
                return False
            if token.key[2:] in COUNTED_NOUNS or (token.key.endswith(("ات", "يين", "يون")) and len(token.key) >= 6):
                return True  # a plural: "العمليات الـ17 المتبقية" are seventeen, "الدورة الـ17" the seventeenth
            if token.key[2:] in LABEL_NUMBER_WORDS:
                return True  # "الصفحة ال١٩٢": a document label's number, read as a number (a unit's is its rank)
        return False

    def before_definite_noun(self, i: int) -> bool:
        """Is token ``i`` a definite word that is not a number word (خمس *الفطيرة*)?"""
        token = self.tokens[i] if 0 <= i < len(self.tokens) else None
        return token is not None and token.kind == "word" and token.key.startswith(ARTICLE) and len(token.key) > 3 and (
            token.reading is None)

    def after_comparison(self, i: int) -> bool:
        """Does a comparison phrase (أكثر من، فوق، أقل من ...) end right before token ``i``?"""
        for phrase in BEFORE_BY_LAST_WORD.get(self.key(i - 1) or "", ()):
            if phrase.meaning in COMPARISONS and self.phrase_before(phrase.words, i - 1, 0) is not None:
                return True
        return False

    def counts_something(self, i: int) -> bool:
        """Does token ``i`` make the digits before it a count (الـ 600 مليون، الـ 2400 جندي)?"""
        key = self.key(i)
        return key is not None and (
            self.scale_after(i) is not None
            or self.currency(i, partitive=False) is not None
            or self.percent(i) is not None
            or key in COUNT_FOLLOWERS
        )

    # -- what grows a core into a quantity

    def phrase_at(self, words: tuple[str, ...], i: int) -> int | None:
        """Last token index of ``words`` read from token ``i`` on, or None."""
        for k, word in enumerate(words):
            if self.key(i + k) != word:
                return None
        return i + len(words) - 1

    def phrase_before(self, words: tuple[str, ...], end: int, floor: int) -> int | None:
        """First token index of ``words`` ending at token ``end`` (not before ``floor``); the
        first word may carry proclitics (لأكثر من، بنحو، وقرابة)."""
        first = end - len(words) + 1
        if first < floor or first < 0:
            return None
        for k, word in enumerate(words):
            key = self.key(first + k)
            if key is None or self.tokens[first + k].kind == "num":
                return None
            if key != word and not (k == 0 and any(key == p + word for p in PROCLITICS)):
                return None
        return first

    def percent(self, i: int) -> int | None:
        for phrase in PERCENT_BY_FIRST_WORD.get(self.key(i) or "", ()):
            last = self.phrase_at(phrase.words, i)
            if last is not None:
                return last
        return None

    def currency(self, i: int, partitive: bool) -> tuple[str, int] | None:
        """(ISO code, last token) of a currency named at token ``i``: دولار، الدولارات الأمريكية، $;
        with ``partitive`` also after من (مئات الملايين من الدولارات)."""
        key = self.key(i)
        if key is None:
            return None
        if partitive and key == "من":
            named = self.currency(i + 1, partitive=False)
            return named if named and self.tokens[i + 1].key.startswith(ARTICLE) else None
        by_adjective = CURRENCIES.get(key) or (CURRENCIES.get(key[2:]) if key.startswith(ARTICLE) else None)
        if by_adjective is None:
            return None
        adjective = self.key(i + 1)
        if adjective is not None:
            bare = adjective[2:] if adjective.startswith(ARTICLE) else adjective
            for form in (adjective, bare, bare[:-1] if bare.endswith("ا") else bare):  # مصريا: accusative
                if form in by_adjective:
                    return by_adjective[form], i + 1
        if "-" in by_adjective:
            return by_adjective["-"], i
        return None

    def range_after(self, x: Core, floor: int) -> tuple[int, Core, Fraction] | None:
        """(first token, second core, first value) of a range around ``x``: بين X و Y، من X إلى Y،
        X - Y، بين سالب عشرة وخمسة عشر. ``من X إلى Y`` after a verb of change (ارتفع عدد القتلى من
        100 إلى 215) is two values, the old and the new, not a range."""
        if x.kind != "cardinal" or x.counted:
            return None
        after = self.word(x.last + 1)
        if self.key(x.last + 1) not in RANGE_JOINERS and not (after and after.waw):
            return None  # no range: nothing after the number can join a second one
        if x.first == x.last and x.value == 1 and not x.digits and self.key(x.first - 1) not in ("بين", "من", "ما"):
            return None  # "صاروخ اعتراضي واحد إلى مليوني دولار": "one" after its noun starts no range
        sign = self.negative_sign(x.first, floor)
        changing = self.after_change_verb(x.first)  # ارتفع عددهم من نحو 500 إلى 4 آلاف: old and new
        for pattern in RANGE_PATTERNS:
            if changing and pattern.joiner[0] in ("الي", "حتي"):
                continue
            first, low = x.first, x.value
            if pattern.opener:
                end = x.first - 1
                if sign is not None:
                    end, low = sign - 1, -x.value
                found = self.phrase_before(pattern.opener, end, floor)
                if found is None:
                    continue
                first = found
            y = self.joined(x.last + 1, pattern.joiner)
            if y is None or y.kind != "cardinal" or y.counted or (pattern.digits_only and not (x.digits and y.digits)):
                continue
            if x.scale == 1 and y.scale > 1 and low * y.scale < y.value:
                low = low * y.scale  # بين 100 و150 ألف: the scale is shared
            if low < y.value:
                return first, y, low
        return None

    def after_change_verb(self, i: int, reach: int = 8) -> bool:
        """Is there a verb of change in the clause before token ``i`` (ارتفع عدد القتلى من ...)?"""
        for k in range(i - 1, max(i - 1 - reach, -1), -1):
            key = self.key(k)
            if key is None or (self.tokens[k].kind == "sym" and key in ".،,؛;:!?؟"):
                return False
            if self.tokens[k].kind == "word" and (key in CHANGE_VERBS or _bare(key) in CHANGE_VERBS):
                return True
        return False

    def joined(self, i: int, joiner: tuple[str, ...]) -> Core | None:
        """The core after the joiner of a range, which for و may be glued to it (و150، وخمسة)."""
        if joiner == ("و",):
            if self.is_waw(i):
                return self.core(i + 1)
            reading = self.word(i)
            return self.core(i) if reading and reading.waw else None
        last = self.phrase_at(joiner, i)  # إلى، حتى، أو، -
        return self.core(last + 1) if last is not None and last + 1 < len(self.tokens) else None

    def ratio_after(self, x: Core) -> tuple[Core, int] | None:
        """(denominator, last token) of ``N من M``، ``N من أصل M``، ``N جزء من M``، ``N على M``:
        one out of three, one over a hundred. With من the part is smaller than the whole."""
        if x.kind != "cardinal" or x.counted:
            return None
        k = x.last + 1
        if self.key(k) in ("جزء", "اجزاء") and self.key(k + 1) == "من":
            k += 1
        over = self.key(k)
        if over not in ("من", "علي"):
            return None
        if over == "من" and self.key(k + 1) in ("اصل", "مجموع"):
            return None  # "أسقطت 5 من أصل 7 طائرات": two counts, the part and the whole
        whole = self.core(k + 1)
        if whole is None or whole.kind != "cardinal" or whole.counted or whole.value == 0:
            return None
        if over == "من" and not x.value < whole.value:
            return None
        return whole, whole.last

    def negative_sign(self, first: int, floor: int) -> int | None:
        """Token index of a minus before the numeral: ``-5%`` (glued, not a hyphen) or ``سالب``."""
        i = first - 1
        if i < floor:
            return None
        token = self.tokens[i]
        if token.key in ("-", "−") and self.tokens[first].kind == "num" and token.end == self.tokens[first].start:
            previous = self.tokens[i - 1] if i > 0 else None
            hyphen = previous is not None and previous.end == token.start and previous.kind != "sym"  # 10-15, F-16
            return None if hyphen else i
        return i if self.word(i, "sign") else None

    # -- the quantity

    def quantity_at(self, i: int, floor: int) -> tuple[Quantity, int] | None:
        """The quantity whose numeral starts at token ``i``, and the index of the token after it.
        ``floor`` is the first token after the previous quantity: nothing is taken before it."""
        core = self.core(i)
        if core is None:
            return None
        if core.kind == "ordinal":  # الـ22: the article belongs to the ordinal
            first = max(i - 1, floor) if core.digits else i
            return self.quantity(core, Expression(first, core.last, core.value, core.value, "ordinal")), core.last + 1
        expression = Expression(core.first, core.last, core.value, core.high, core.kind)
        if core.kind == "vague":
            expression.qualifier = "vague"
        ratio = self.ratio_after(core)
        if ratio:
            whole, expression.last = ratio
            expression.low = expression.high = core.value / whole.value
            expression.kind = "fraction"
        else:
            self.add_range(expression, core, floor)
            self.add_unit(expression, core, floor)
        self.add_sign(expression, core, floor)
        self.add_qualifier(expression, floor)
        return self.quantity(core, expression), expression.last + 1

    def add_range(self, expression: Expression, core: Core, floor: int) -> None:
        found = self.range_after(core, floor)
        if found:
            expression.first, expression.second, expression.low = found
            expression.last, expression.high = expression.second.last, expression.second.value
            expression.qualifier = "range"

    def add_unit(self, expression: Expression, core: Core, floor: int) -> None:
        """Percent words or a currency after the number (or percent words before a number with
        no unit after it: ``نسبة 10``، ``بالمائة 10``), a dollar sign before it."""
        percent_last = self.percent(expression.last + 1)
        if percent_last is not None and core.kind != "vague":
            expression.kind, expression.last = "percent", percent_last
        else:
            named = self.currency(expression.last + 1, partitive=core.kind == "vague" or core.scale > 1)
            if named:
                expression.currency, expression.last = named
                expression.kind = "money"
            elif core.kind == "cardinal":
                for phrase in PERCENT_BY_LAST_WORD.get(self.key(expression.first - 1) or "", ()):
                    start = self.phrase_before(phrase.words, expression.first - 1, floor)
                    if start is not None:
                        expression.kind, expression.first = "percent", start
                        break
        if self.key(expression.first - 1) == "$" and expression.first - 1 >= floor:
            expression.first -= 1
            expression.kind, expression.currency = "money", expression.currency or "USD"

    def add_sign(self, expression: Expression, core: Core, floor: int) -> None:
        sign = self.negative_sign(expression.first, floor) if expression.first == core.first else None
        if sign is not None:
            expression.first, expression.negative = sign, True

    def add_qualifier(self, expression: Expression, floor: int) -> None:
        """A qualifier phrase before the number and one after it (``أقل من 5000 أو يساوي``،
        ``حوالي 500 أو أقل``: a bound after wins over an approximation before), or one after
        the counted noun (``100 جندي على الأقل``)."""
        if expression.qualifier not in ("exact",):
            return
        first = expression.first
        gap = first - 1 >= floor and self.tokens[first - 1].kind == "word" and _bare(self.key(first - 1) or "") in QUALIFIER_GAPS
        for end in (first - 1, first - 2) if gap else (first - 1,):
            start = self.qualifier_before(end, floor)
            if start is not None:
                expression.qualifier, expression.first = start
                break
        for phrase in AFTER_BY_FIRST_WORD.get(self.key(expression.last + 1) or "", ()):
            end = self.phrase_at(phrase.words, expression.last + 1)
            if end is None or self.opens_next_number(end + 1):
                continue
            if phrase.meaning == "or_equal":
                upgraded = {"more_than": "at_least", "less_than": "at_most"}.get(expression.qualifier)
                if upgraded is None:
                    continue
                expression.qualifier, expression.last = upgraded, end
            elif expression.qualifier in ("exact", "approximately"):
                expression.qualifier, expression.last = phrase.meaning, end
            return
        if expression.qualifier == "exact":
            self.add_post_noun_qualifier(expression)

    def qualifier_before(self, end: int, floor: int) -> tuple[str, int] | None:
        """(qualifier, first token) of a qualifier phrase ending at token ``end``."""
        if end < floor:
            return None
        for phrase in BEFORE_BY_LAST_WORD.get(self.key(end) or "", ()):
            start = self.phrase_before(phrase.words, end, floor)
            if start is not None and not self.broken_symbol(start):
                return phrase.meaning, start
        return None

    def opens_next_number(self, i: int) -> bool:
        """Does the phrase ending before token ``i`` belong to the next number (``5000 أو أقل من
        6000``، ``على الأكثر 100 وعلى الأقل 20``، ``3 قتلى وأكثر من 40``)?"""
        return self.key(i) in ("من", "عن") or self.core(i) is not None

    def add_post_noun_qualifier(self, expression: Expression, reach: int = 2) -> None:
        """``قتل 100 جندي على الأقل``، ``3 جنود أمريكيين تقريبا``: a bound after the counted noun
        (and up to one adjective) still bounds the number."""
        for k in range(expression.last + 1, expression.last + 1 + reach):
            token = self.tokens[k] if k < len(self.tokens) else None
            if token is None or token.kind != "word" or token.reading is not None or token.key == "و":
                return
            for phrase in AFTER_BY_FIRST_WORD.get(self.key(k + 1) or "", ()):
                end = self.phrase_at(phrase.words, k + 1)
                if end is not None and phrase.meaning in POST_NOUN_QUALIFIERS and not self.opens_next_number(end + 1):
                    expression.qualifier, expression.last = phrase.meaning, end
                    return

    def broken_symbol(self, start: int) -> bool:
        """``=>30``، ``<>30``: a comparison sign glued after another is no comparison."""
        token = self.tokens[start]
        if token.key not in COMPARISON_SYMBOLS or start == 0:
            return False
        previous = self.tokens[start - 1]
        return previous.end == token.start and previous.key in COMPARISON_SYMBOLS

    def quantity(self, core: Core, expression: Expression) -> Quantity:
        value = -expression.low if expression.negative else expression.low
        value_min, value_max = {
            "exact": (value, value),
            "more_than": (value, None),
            "at_least": (value, None),
            "less_than": (None, value),
            "at_most": (None, value),
            "approximately": (None, None),
            "range": (value, expression.high),
            "vague": (value, expression.high),
        }[expression.qualifier]
        start, end = self.tokens[expression.first].start, self.tokens[expression.last].end
        return Quantity(
            start=start,
            end=end,
            text=self.text[start:end],
            value=_plain(value),
            value_min=_plain(value_min),
            value_max=_plain(value_max),
            qualifier=expression.qualifier,
            kind=expression.kind,
            currency=expression.currency,
            number_start=core.number_start,
            number_end=self.tokens[(expression.second or core).last].end,
            counted=core.counted,
        )


def _plain(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``, in text order, non-overlapping."""
    parser = Parser(text)
    quantities = []
    floor = 0
    for i, token in enumerate(parser.tokens):
        # a numeral starts at digits or a number word; qualifiers, signs and $ are taken from there
        if i < floor or (token.kind != "num" and token.reading is None):
            continue
        found = parser.quantity_at(i, floor)
        if found is not None:
            quantity, floor = found
            quantities.append(quantity)
    return _join_bounds(text, quantities)


# Possessive runs: three greedy \s* in a row backtrack cubically over a long gap that fails.
_BOUND_JOINER_RE = re.compile(r"\s*+[،,]?\s*+(?:و|أو|او)?\s*+")
LOWER_BOUNDS, UPPER_BOUNDS = ("more_than", "at_least"), ("less_than", "at_most")


def _join_bounds(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """``أكثر من 100 وأقل من 300``، ``على الأكثر 100 وعلى الأقل 20``: a lower and an upper bound
    joined by و or أو with nothing between them are one range."""
    joined: list[Quantity] = []
    for quantity in quantities:
        previous = joined[-1] if joined else None
        if previous is not None and previous.kind == quantity.kind and _BOUND_JOINER_RE.fullmatch(
            text[previous.end : quantity.start]
        ):
            bounds = {previous.qualifier in LOWER_BOUNDS: previous, quantity.qualifier in LOWER_BOUNDS: quantity}
            lower, upper = bounds.get(True), bounds.get(False)
            if (lower is not None and upper is not None and upper.qualifier in UPPER_BOUNDS
                    and lower.value < upper.value):
                joined[-1] = Quantity(
                    start=previous.start, end=quantity.end, text=text[previous.start : quantity.end],
                    value=lower.value, value_min=lower.value, value_max=upper.value, qualifier="range",
                    kind=quantity.kind, currency=previous.currency or quantity.currency,
                    number_start=previous.number_start, number_end=quantity.number_end, counted=None,
                )
                continue
        joined.append(quantity)
    return joined
