"""Sentence spans of cleaned Arabic text.

A fact is reported with the sentence it was read from, so sentences must be
exact spans of the text, never rewritten strings.  The rules are the ones of
Arabic news prose: a line is at least one sentence (paragraphs, headlines and
list items are lines); inside a line, ``.`` ``!`` ``?`` ``؟`` ``…`` end a
sentence when whitespace follows.  ``،`` and ``؛`` never end one (Arabic
writers chain whole paragraphs with them).
"""
from __future__ import annotations

import re

_LINE_RE = re.compile(r"[^\n]+")
# Final punctuation and the closing quotes or brackets that belong with it.  (Written to open with
# one character class, not a repetition of it: the scan then jumps from one mark to the next.)
_END_RE = re.compile(r"[.!?؟…][.!?؟…]*[\"'”’»)\]}›]*")
# A token that is one letter (an initial: "ع." "د.") or a list number at line start ("1.").
_INITIAL_RE = re.compile(r"(?:^|[\s(\"'«“])[^\W\d_]$")
_LIST_NUMBER_RE = re.compile(r"\d{1,3}$")  # from the line's first non-space character to the stop


def _is_not_a_sentence_end(line: str, indent: int, punct_start: int, punct: str) -> bool:
    """An initial ("ع. ش") or a list number ("1. التهديد") before a lone full stop.

    ``indent`` is where the line's first non-space character is: the list number is
    matched there in place, never on a copy of the line so far (a line of many short
    sentences would make that quadratic)."""
    if punct.rstrip("\"'”’»)]}›") != ".":
        return False
    before = line[max(0, punct_start - 2) : punct_start]
    return bool(
        _INITIAL_RE.search(before)
        or (punct_start - indent <= 3 and _LIST_NUMBER_RE.match(line, indent, punct_start))
    )


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without the whitespace at its ends (as ``str.strip`` sees it), or None when
    nothing is left.  The ends are stepped over in place (a sentence of normalized text has one
    space or none at each end) instead of copying the sentence to strip it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans in text order, stripped of surrounding whitespace, never empty."""
    spans: list[tuple[int, int]] = []
    for line_match in _LINE_RE.finditer(text):
        line, line_start = line_match.group(), line_match.start()
        sentence_start = 0
        indent = len(line) - len(line.lstrip())
        for end_match in _END_RE.finditer(line):
            end = end_match.end()
            if end < len(line) and not line[end].isspace():
                continue  # "1.5", "U.S", "..." inside a word
            if _is_not_a_sentence_end(line, indent, end_match.start(), end_match.group()):
                continue
            span = _stripped(text, line_start + sentence_start, line_start + end)
            if span:
                spans.append(span)
            sentence_start = end
        span = _stripped(text, line_start + sentence_start, line_match.end())
        if span:
            spans.append(span)
    return spans
