"""Digit runs that are no amount: phone numbers, URLs, codes with a leading zero, designations
(``F-16``، ``إف-16``), labels (``المادة 140``، ``الألوية 45 و46``), list and footnote markers,
digits glued to a word (``20دولار``), runs too long to be an amount.
"""
from __future__ import annotations

import re

from arqam.extraction.numbers.digits import DIGITS_MAX
from arqam.extraction.numbers.lexicon import ARTICLE, COUNTED_NOUNS, GLUE_WORDS, IDENTIFIER_WORDS, PROCLITIC_WORDS, bare
from arqam.extraction.numbers.token import Token

# a chunk with Latin letters (F-16، M1A1); it ends at a comparison sign (x>10)
_LATIN_CHUNK_RE = re.compile(r"(?<![^\s<>=≤≥~])[^\s<>=≤≥~A-Za-z]*[A-Za-z][^\s<>=≤≥~]*")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
# Each branch opens with its first character, the digit before it checked after it: a pattern that
# starts with a character lets ``re`` skip to the next + or 0 instead of trying every position.
_PHONE_RE = re.compile(
    r"\+(?<![0-9]\+)[0-9]{6,15}(?![0-9])"
    r"|(?:\+(?<![0-9]\+)|00(?<![0-9]00))[0-9]{1,4}(?:[ -][0-9]{2,5}){2,5}(?![0-9])"
    r"|0(?<![0-9]0)[0-9]{2,3}[ -][0-9]{3}[ -][0-9]{3,4}(?![0-9])"
)


def mark_non_amounts(tokens: list[Token], numbers: list[int], digits: str, first: int = 0, last: int | None = None) -> None:
    """Block digit runs (``numbers``: their token indices) that are identifiers or markup, not amounts;
    the tokens are those of ``digits[first:last]``."""
    if not numbers:
        return
    last = len(digits) if last is None else last
    excluded = [m.span() for m in _PHONE_RE.finditer(digits, first, last)]
    if _ASCII_LETTER_RE.search(digits, first, last):  # most Arabic texts have no Latin letter to scan for chunks and URLs
        excluded += [m.span() for m in _LATIN_CHUNK_RE.finditer(digits, first, last)]
        excluded += [m.span() for m in _URL_RE.finditer(digits, first, last)]
    excluded.sort()
    index = 0
    labelled = -2  # the token of the last number blocked as a label's (الألوية 45 و46 و47: all three)
    for i in numbers:
        token = tokens[i]
        while index < len(excluded) and excluded[index][1] <= token.start:
            index += 1
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_before = before if before is not None and before.end == token.start else None
        glued_after = after if after is not None and after.start == token.end else None
        if before is not None and before.kind == "word" and before.key in PROCLITIC_WORDS and before.key.endswith(ARTICLE):
            token.definite = True  # الـ22، الـ 22
        token.blocked = (
            (index < len(excluded) and excluded[index][0] < token.end)
            or sum(ch.isdigit() for ch in token.key) > DIGITS_MAX
            or (len(token.key) > 1 and token.key[0] == "0" and token.key[1].isdigit())  # codes, phone numbers
            or (glued_after is not None and glued_after.kind == "word")  # 20دولار، ١مليون
            or (glued_before is not None and glued_before.kind == "word" and glued_before.key not in PROCLITIC_WORDS
                and glued_before.key not in GLUE_WORDS)
            or _is_designation(tokens, i)
            or (glued_before is not None and glued_before.key == "[" and glued_after is not None and glued_after.key == "]")  # footnote [3]
            or _is_list_marker(tokens, i, digits)
            or "\u20e3" in digits[token.end : token.end + 2]  # a keycap emoji: 6️⃣ numbers a list
            or (before is not None and before.kind == "word" and _is_label(before.key)  # المادة 140، وسو 24
                and not (after is not None and after.kind == "word" and not after.key.startswith("و")
                         and bare(after.key) in COUNTED_NOUNS))
            or (labelled == i - 2 and before is not None and before.key in ("و", "،", ",")  # "الألوية 45 و46"
                and not (after is not None and after.kind == "word" and bare(after.key) in COUNTED_NOUNS))
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
    return bare(key) in IDENTIFIER_WORDS or (key[:1] in ("و", "ف", "ب") and key[1:] in IDENTIFIER_WORDS)


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
