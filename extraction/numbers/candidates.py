"""Candidate-first number parsing: one scan finds where a number may start, the parser reads only
the windows around those places.

Most words of a news article are far from any figure. The parser starts a quantity only at a
digit run or at a number word (a word the lexicon ``number_words.tsv`` reads, with its proclitics
and article); everything else it reads lies a bounded number of tokens around one. So:

1. ``candidates``: one compiled regex, built from the parser's own number-word table, finds every
   digit run and every word that could read as a number word (a superset: a word it finds may
   read as nothing, a word it misses never reads as a number); it scans each distinct
   space-separated piece of text once, across texts;
2. ``windows``: around each candidate, ``PARSER_REACH`` whitespace-separated chunks on each side
   (a chunk holds one token or more, so at least as many tokens), merged where they touch;
3. ``find_quantities``: the parser's own tokenizer (``tokens``) and combinator (``parser``) over
   each window (offsets into the whole text, so every quantity is the one the full scan finds).

A window starts and ends between chunks, and its first and last chunks are never candidates, so
the tokens of a window are exactly the whole text's tokens there (a number with a thin space,
"40 000", is two candidates, both inside one window).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from itertools import compress, islice

from arqam.extraction.numbers.lexicon import ARTICLE, ENTRIES
from arqam.extraction.numbers.parser import Parser, join_bounds, quantities_of
from arqam.extraction.numbers.phrases import AFTER_QUALIFIERS, BEFORE_QUALIFIERS
from arqam.extraction.numbers.qualifiers import POST_NOUN_REACH
from arqam.extraction.numbers.quantity import Quantity
from arqam.extraction.numbers.ranges import CHANGE_VERB_REACH
from arqam.extraction.numbers.tokens import tokenize
from arqam.extraction.text.arabic import DIACRITICS_CLASS, TATWEEL, fold, to_ascii_digits

# The farthest the parser reads from a token a quantity starts or goes on at (every such token is
# a candidate): back to the verb of change of a range's clause, or forward over a counted noun and
# its adjective, then a qualifier phrase ("100 جندي أمريكي على الأقل"), each with the longest
# qualifier phrase before or after it as margin. A window is that many chunks on each side of
# every candidate (a chunk holds one token or more); a rule of the parser that reads farther
# must widen it here.
PARSER_REACH = max(
    CHANGE_VERB_REACH + max(len(p.words) for p in BEFORE_QUALIFIERS),
    POST_NOUN_REACH + 2 * max(len(p.words) for p in AFTER_QUALIFIERS),
) - 1
DENSE = 0.75  # windows covering more of a text than this: the whole text is read as one window

_MARK = f"[{DIACRITICS_CLASS}{TATWEEL}]"
_PROCLITIC_LETTERS = "وفبلك"  # up to two (وب، لل = ل + ال), as _read_word strips them


def _variants() -> dict[str, str]:
    """Each folded letter -> every letter that folds to it (أ إ آ ٱ ا -> ا): fold, undone."""
    variants: dict[str, set[str]] = {}
    for code in range(0x0600, 0x0700):
        ch = chr(code)
        folded = fold(ch)
        if len(folded) == 1:
            variants.setdefault(folded, {folded}).add(ch)
    return {letter: "[" + "".join(sorted(map(re.escape, chars))) + "]" for letter, chars in variants.items()}


_Trie = dict[str, "_Trie"]


def _trie(words: list[str], atom: Callable[[str], str]) -> str:
    """One alternation for many words, shared prefixes checked once."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [atom(ch) + emit(child) for ch, child in node.items() if ch]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


def _number_word_pattern() -> str:
    """A whole word spelled [proclitics][article] + an entry of the parser's lexicon, any spelling
    that folds to it, marks anywhere after its first letter (the regex starts at that letter)."""
    variants = _variants()

    def atom(ch: str) -> str:
        return variants.get(ch, re.escape(ch)) + f"{_MARK}*"

    entries = sorted(ENTRIES)  # not_a_number entries too: a superset costs a window, never a figure
    proclitics = f"(?:[{_PROCLITIC_LETTERS}]{_MARK}*){{0,2}}"
    article = f"(?:{atom(ARTICLE[0])}{atom(ARTICLE[1])})?"
    return rf"{proclitics}{article}{_trie(entries, atom)}(?![^\W\d_]|{_MARK})"


_WORD_BODY = _number_word_pattern()
# Digit runs, or the character before a number word (a word starts after a character that is no
# letter). One character class opens the regex, so ``re`` skips through letters without trying
# the trie; a word glued after digits (20ألف) is no candidate: the parser never reads it as a
# number. Offset 0, with no character before it, is tried alone.
# Marks (tatweel too, which is a letter to ``re``) open it as well, and the lookahead takes none
# before the word: the mark next to the word opens its own attempt, so a run of marks costs one
# step per mark rather than a rescan of the run from each of them.
_CANDIDATE_RE = re.compile(rf"[\W\d_{DIACRITICS_CLASS}{TATWEEL}](?:(?<=[0-9])[0-9]*|(?={_WORD_BODY}))")
_WORD_AT_RE = re.compile(rf"{_MARK}*{_WORD_BODY}")
_DIGIT_RUN_RE = re.compile("[0-9]+")
# From a position, the rest of its chunk then up to PARSER_REACH chunks: run forward on the text
# for a window's end, on the reversed text for its start.
_REACH_RE = re.compile(rf"\S*(?:\s+\S+){{0,{PARSER_REACH}}}")


def _reach(text: str, position: int) -> int:
    """Where the rest of the chunk at ``position`` and the ``PARSER_REACH`` chunks after it end."""
    match = _REACH_RE.match(text, position)
    return position if match is None else match.end()  # it always matches, the empty string at worst


def _scan(digits: str, first: int, last: int) -> list[tuple[int, int]]:
    """The candidates ``_CANDIDATE_RE`` finds in ``digits[first:last]``."""
    found = []
    for match in _CANDIDATE_RE.finditer(digits, first, last):
        start, end = match.span()
        found.append((start, end) if digits[start] <= "9" and digits[start] >= "0" else (end, end + 1))
    return found


# Every candidate lies inside one space-separated piece of the text and depends on that piece
# alone (the space before it opens a word as any character that is no letter does), and news
# pieces repeat: each distinct piece is scanned once (across texts), a text is split at its spaces
# and only the pieces that hold a candidate are looked at.
_PIECES_SEEN: dict[str, tuple[tuple[int, int], ...]] = {}  # piece -> its candidates, offsets in the piece
_PIECES_WITH: set[str] = set()  # the pieces seen that hold a candidate
_PIECES_SEEN_MAX = 300_000
_PIECES_CHARS_MAX = 10_000_000  # a text without spaces is one piece: the memory is bounded in characters too
_pieces_chars = [0]  # the characters of the pieces seen


def _learn(pieces: set[str]) -> None:
    for piece in pieces:
        found = tuple((start - 1, end - 1) for start, end in _scan(" " + piece, 0, len(piece) + 1))
        _PIECES_SEEN[piece] = found
        if found:
            _PIECES_WITH.add(piece)


def candidates(digits: str) -> list[tuple[int, int]]:
    """(start, end) of every digit run and the start of every word that may read as a number word
    (end = start + 1) in ``digits`` (``to_ascii_digits`` of a text), in text order."""
    found = [(0, 1)] if _WORD_AT_RE.match(digits) else []
    pieces = digits.split(" ")
    unknown = set(pieces).difference(_PIECES_SEEN)
    if unknown:
        size = sum(map(len, unknown))
        if len(_PIECES_SEEN) + len(unknown) > _PIECES_SEEN_MAX or _pieces_chars[0] + size > _PIECES_CHARS_MAX:
            _PIECES_SEEN.clear()
            _PIECES_WITH.clear()
            unknown = set(pieces)
            _pieces_chars[0] = sum(map(len, unknown))
        else:
            _pieces_chars[0] += size
        _learn(unknown)
    # the first piece has no character before it to open a word
    found += _scan(digits, 0, len(pieces[0]))
    at, last = len(pieces[0]) + 1, 1  # where piece ``last`` starts
    for k in compress(range(1, len(pieces)), map(_PIECES_WITH.__contains__, islice(pieces, 1, None))):
        at += sum(map(len, pieces[last:k])) + k - last
        last = k
        found += [(at + start, at + end) for start, end in _PIECES_SEEN[pieces[k]]]
    return found


def windows(digits: str, found: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The spans of ``digits`` the parser reads: ``PARSER_REACH`` chunks around each candidate, merged."""
    found = candidates(digits) if found is None else found
    if not found:
        return []
    size = len(digits)
    reversed_digits = digits[::-1]
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and end <= spans[-1][1]:
            # inside the last window: it only widens it
            stop = _reach(digits, end)
            if stop > spans[-1][1]:
                spans[-1] = (spans[-1][0], stop)
            continue
        first = size - _reach(reversed_digits, size - start)
        stop = _reach(digits, end)
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], stop)
        else:
            spans.append((first, stop))
    return spans


def find_quantities(text: str, dense: float = DENSE) -> list[Quantity]:
    """Every quantity of ``text``, in text order, non-overlapping: ``parser.find_quantities``,
    reading only the windows around candidates."""
    digits = to_ascii_digits(text)
    whole = [(0, len(digits))]  # figures everywhere: one window, without the cost of many
    chunks = digits.count(" ") + digits.count("\n") + 1
    if len(_DIGIT_RUN_RE.findall(digits)) * PARSER_REACH > dense * chunks:
        spans = whole  # the digit runs alone would cover it: not even the candidate scan
    else:
        found = candidates(digits)
        if len(found) * PARSER_REACH > dense * chunks:
            spans = whole
        else:
            spans = windows(digits, found)
            if sum(last - first for first, last in spans) > dense * len(digits):
                spans = whole
    quantities: list[Quantity] = []
    for first, last in spans:
        quantities += quantities_of(Parser(text, tokenize(text, (first, last), digits)))
    return join_bounds(text, quantities)
