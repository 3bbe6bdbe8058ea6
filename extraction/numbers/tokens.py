"""Tokens: the digit runs, words and symbols of a text with their offsets, each word read as a number
word when it is one (as is, without its proclitics و ف ب ل ك, without the article).

Tokens inside a date are marked (``dates.dates_in``) and digit runs that are no amount blocked
(``not_amounts``), so that the parser's rules only ask a token what it is.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from arqam.extraction.numbers.digits import NUMBER
from arqam.extraction.numbers.lexicon import ARTICLE, ENTRIES
from arqam.extraction.numbers.not_amounts import mark_non_amounts
from arqam.extraction.numbers.token import Reading, Token
from arqam.extraction.text.arabic import PROCLITICS, fold, to_ascii_digits
from arqam.extraction.text.dates import WORD_RUN, dates_in

_TOKEN_RE = re.compile(rf"(?P<num>{NUMBER})|(?P<word>{WORD_RUN})|(?P<sym>\S)")


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


def letter_offset(raw: str, letters: int) -> int:
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


def tokenize(text: str, span: tuple[int, int] | None = None, digits: str | None = None) -> list[Token]:
    """Digit runs, words and symbols of ``text`` with their offsets; numbers read, dates and non-amounts marked.

    With ``span`` (start, end), only the tokens of ``text[start:end]``: ``start`` must begin a
    token of the whole text and ``end`` end one (``numbers.candidates`` cuts spans between
    whitespace-separated chunks); ``digits`` is ``to_ascii_digits(text)`` when the caller has it."""
    digits = to_ascii_digits(text) if digits is None else digits
    tokens: list[Token] = []
    append, seen = tokens.append, _WORDS_SEEN.get  # every character of every article passes here: locals
    numbers: list[int] = []  # indices of digit runs, the only tokens mark_non_amounts looks at
    previous: Token | None = None
    first, last = span or (0, len(digits))
    previous_end = first
    while previous_end > 0 and digits[previous_end - 1].isspace():
        previous_end -= 1  # the end of the token before the span: a line break between them starts a line
    line_start = previous_end == 0  # no token before
    newline = digits.find("\n", previous_end)  # the first line break at or after previous_end (-1: none left)
    for match in _TOKEN_RE.finditer(digits, first, last):
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
        previous = Token(start, end, kind, key, (previous is None and line_start) or 0 <= newline < start,
                         False, False, False, reading)
        append(previous)
        previous_end = end
    _mark_dates(tokens, text)
    mark_non_amounts(tokens, numbers, digits, first, last)
    return tokens


@lru_cache(maxsize=2)
def _date_ends(text: str) -> list[int]:
    """Where each date of ``text`` ends, ascending (dates do not overlap): the windows of one text
    each find their first date by bisection rather than by a walk over the text's dates."""
    return [date.end for date in dates_in(text)]


def _mark_dates(tokens: list[Token], text: str) -> None:
    """Mark the tokens inside a date; ``tokens`` may be a window of the text's: only its dates are read."""
    if not tokens:
        return
    starts = [token.start for token in tokens]
    dates = dates_in(text)
    for k in range(bisect_right(_date_ends(text), tokens[0].start), len(dates)):
        date = dates[k]
        if date.start >= tokens[-1].end:
            break
        for i in range(max(bisect_right(starts, date.start) - 1, 0), len(tokens)):
            token = tokens[i]
            if token.start >= date.end:
                break
            if token.end > date.start:
                token.in_date = True
