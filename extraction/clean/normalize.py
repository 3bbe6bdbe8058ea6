"""Arabic text normalization that keeps track of where every character came from.

The normalized text is what analysts read and what every offset points into,
so it changes only what carries no meaning for them or what would break
matching: presentation forms and ligatures become plain letters, Persian and
Urdu letters become their Arabic equivalents, Arabic-Indic digits become ASCII,
diacritics, tatweel and invisible controls go, whitespace is tidied.  Hamza
forms and ta marbuta stay as written (``arabic.fold`` erases those, for lookups
only).

Speed: one compiled regex finds the characters that change; everything between
matches is copied in runs, so clean text costs one regex scan.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from arqam.extraction.text.arabic import DIACRITICS_CLASS, DIGIT_TRANSLATION, TATWEEL
from arqam.extraction.text.offsets import OffsetMap, OffsetMapBuilder, rewrite

# ---------------------------------------------------------------------------
# The replacement table: every character that changes, and what it becomes.

_STANDARD_LETTERS = [chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]]
_LETTER_BY_NAME = {unicodedata.name(ch).removeprefix("ARABIC LETTER "): ch for ch in _STANDARD_LETTERS}

# Letters of Persian, Urdu, Kurdish, Maghrebi... spelling whose Arabic equivalent is plain.
_LETTER_BY_NAME |= {
    "PEH": "ب", "BEEH": "ب", "BEHEH": "ب", "DOTLESS BEH": "ب",
    "TTEH": "ت", "TTEHEH": "ت", "TEHEH": "ت",
    "TCHEH": "ج", "TCHEHEH": "ج", "NYEH": "ج", "DYEH": "ج",
    "DDAL": "د", "DAHAL": "د", "DDAHAL": "د", "DUL": "د",
    "RREH": "ر", "JEH": "ز",
    "VEH": "ف", "PEHEH": "ف", "DOTLESS FEH": "ف", "AFRICAN FEH": "ف",
    "DOTLESS QAF": "ق", "AFRICAN QAF": "ق",
    "KEHEH": "ك", "SWASH KAF": "ك", "NG": "ك", "GAF": "ك", "NGOEH": "ك", "GUEH": "ك", "GRAF": "ك",
    "NOON GHUNNA": "ن", "RNOON": "ن", "AFRICAN NOON": "ن",
    "HEH DOACHASHMEE": "ه", "HEH GOAL": "ه", "AE": "ه",
    "TEH MARBUTA GOAL": "ة",
    "OE": "و", "KIRGHIZ OE": "و", "U": "و", "YU": "و", "KIRGHIZ YU": "و", "VE": "و", "STRAIGHT WAW": "و",
    "FARSI YEH": "ي", "KASHMIRI YEH": "ي", "THIN YEH": "ي", "E": "ي", "YEH BARREE": "ي", "ROHINGYA YEH": "ي",
    "ALEF WASLA": "ا", "LOW ALEF": "ا",
    "HIGH HAMZA": "ء", "HIGH HAMZA ALEF": "أ", "HIGH HAMZA WAW": "ؤ", "HIGH HAMZA YEH": "ئ",
}

# Explicit replacements, checked before the name-based rule.
_EXPLICIT = {
    "\u0672": "أ",  # alef with wavy hamza above
    "\u0673": "إ",  # alef with wavy hamza below
    "\u0677": "ؤ",  # u with hamza above
    "\u06d3": "ئ",  # yeh barree with hamza above
    "\u066a": "%",  # ٪
    "\u066b": ".",  # ٫ decimal separator
    "\u066c": ",",  # ٬ thousands separator
    "\u066d": "*",  # ٭
    "\u06d4": ".",  # Urdu full stop
    "\u060d": "/",  # date separator
    "\u061e": "…",  # triple dot punctuation
    "\u0609": "‰",
    "\u060a": "‱",
    "\u0606": "∛",
    "\u0607": "∜",
    "\u060b": "AFN",  # afghani sign
    "\ufd3e": '"',  # ornate parentheses: quotation marks in practice
    "\ufd3f": '"',
    "\ufdfd": "بسم الله الرحمن الرحيم",
}
_EXPLICIT.update({d: d.translate(DIGIT_TRANSLATION) for d in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"})

# Invisible: zero-width and bidi controls, BOM, soft hyphen, C0/C1 controls.
_REMOVED = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u061c", "\ufeff", "\u00ad", "\u180e", "\u034f", TATWEEL]
    + [chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]]
)
_SPACES = ["\u00a0", "\u1680", *(chr(c) for c in range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000"]
_LINE_BREAKS = ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"]

# Blocks whose every character must be replaced or removed (see arabic.NON_STANDARD_ARABIC_RE).
_ARABIC_BLOCKS = [(0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900)]
_PRESENTATION_BLOCKS = [(0xFB50, 0xFE00), (0xFE70, 0xFF00)]
_KEPT = set("،؛؟") | set(_STANDARD_LETTERS)


def _letter_equivalent(char: str) -> str | None:
    """The plain Arabic letter a letter variant stands for, from its Unicode name."""
    name = unicodedata.name(char, "")
    if not name.startswith("ARABIC LETTER "):
        return None
    base = name.removeprefix("ARABIC LETTER ")
    if base in _LETTER_BY_NAME:
        return _LETTER_BY_NAME[base]
    return _LETTER_BY_NAME.get(base.split(" WITH ")[0])


def _replacement(char: str, table: dict[str, str]) -> str:
    """What ``char`` becomes in normalized text (itself when it does not change)."""
    if char in table:
        return table[char]
    if char in _KEPT:
        return char
    code = ord(char)
    if any(lo <= code < hi for lo, hi in _PRESENTATION_BLOCKS):
        expanded = unicodedata.normalize("NFKC", char)
        if expanded == char:
            return ""  # noncharacters, unassigned code points, honorific signs
        return "".join(_replacement(c, table) for c in expanded)
    if any(lo <= code < hi for lo, hi in _ARABIC_BLOCKS):
        letter = _letter_equivalent(char)
        return letter if letter is not None else ""  # marks, signs, unassigned
    return char


def _build_table() -> dict[str, str]:
    table: dict[str, str] = dict(_EXPLICIT)
    table.update(dict.fromkeys(_REMOVED, ""))
    table.update(dict.fromkeys(_SPACES, " "))
    table.update(dict.fromkeys(_LINE_BREAKS, "\n"))
    table.update(dict.fromkeys(re.findall(f"[{DIACRITICS_CLASS}]", "".join(map(chr, range(0x0600, 0x0700)))), ""))
    for lo, hi in [*_ARABIC_BLOCKS, *_PRESENTATION_BLOCKS]:
        for code in range(lo, hi):
            char = chr(code)
            new = _replacement(char, table)
            if new != char:
                table[char] = new
    return table


REPLACEMENTS: dict[str, str] = _build_table()


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, written as ranges."""
    codes = sorted(ord(c) for c in chars)
    parts, start, previous = [], codes[0], codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        parts.append(re.escape(chr(start)) if start == previous else f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
        if code is not None:
            start = previous = code
    return "[" + "".join(parts) + "]"


# A letter followed by a combining hamza or madda (decomposed text): compose it.
_COMPOSABLE = {
    "ا\u0654": "أ", "ا\u0655": "إ", "ا\u0653": "آ",
    "و\u0654": "ؤ", "ي\u0654": "ئ", "ى\u0654": "ئ",
}
# Only the pairs that compose: "وٓ" (waw + madda) has no composed letter, its mark is removed like any other.
_CHANGING_RE = re.compile(r"\r\n?|" + "|".join(map(re.escape, _COMPOSABLE)) + "|" + _char_class(REPLACEMENTS) + "+")
# Where a match of _CHANGING_RE can be: every match holds a carriage return or a character of the
# table, first or (a composable pair) second.  A pattern that opens with one character class is
# scanned for it in one tight loop; _CHANGING_RE, an alternation, is tried in full at every
# character, so it is run only where this finds a start.
_CHANGE_START_RE = re.compile("[\r" + _char_class(REPLACEMENTS)[1:])

# Whitespace: blank-line runs (with the spaces of blank lines), space/tab runs (from a space, or
# from a tab, lone or not), a space ending a line.  One quantifier per alternative, so the scan
# stays linear; every alternative opens with its own character, so the scan jumps from one space,
# tab or line break to the next instead of trying every alternative at every letter.
_WHITESPACE_RE = re.compile(r"\n[ \t\n]*\n| [ \t]+|\t[ \t]*| (?=\n|\Z)")
# A text holds a match that changes something only if it ends with a space or holds one of these:
# a blank-line run other than exactly "\n\n" holds a tab, a space before a line break, or three
# line breaks; a space/tab run holds a tab or two spaces.
_UNTIDY = ("\t", "  ", " \n", "\n\n\n")


def _map_characters(text: str) -> tuple[str, OffsetMap]:
    """Replace or remove every character that changes; copy the rest in runs."""
    builder = OffsetMapBuilder()
    pieces: list[str] = []
    position = 0
    search, match_at = _CHANGE_START_RE.search, _CHANGING_RE.match
    while (found := search(text, position)) is not None:
        start = found.start()
        if start > position and text[start - 1 : start + 1] in _COMPOSABLE:
            start -= 1  # the letter before the mark: a pair (no earlier match can hold that letter)
        match = match_at(text, start)
        assert match is not None, "a carriage return or a character of the table starts a match"
        end = match.end()
        if start > position:
            pieces.append(text[position:start])
            builder.copy(start - position)
        rewrite_change(match.group(), pieces, builder)
        position = end
    if position == 0:
        return text, OffsetMap.identity(len(text))
    pieces.append(text[position:])
    builder.copy(len(text) - position)
    return "".join(pieces), builder.build()


def rewrite_change(matched: str, pieces: list[str], builder: OffsetMapBuilder) -> None:
    """One match of the change pattern, rewritten: a line break for carriage returns, one letter for
    a composable pair, each character's replacement otherwise; the map records each edit."""
    if matched[0] == "\r":
        pieces.append("\n")
        builder.replace(len(matched), 1)
    elif matched in _COMPOSABLE:
        pieces.append(_COMPOSABLE[matched])
        builder.replace(2, 1)
    else:
        for char in matched:
            new = REPLACEMENTS[char]
            pieces.append(new)
            builder.replace(1, len(new))


def _whitespace_replacement(match: re.Match) -> str:
    matched = match.group()
    if matched[0] == "\n":
        return "\n\n" if matched.count("\n") >= 2 else "\n"
    text, end = match.string, match.end()
    at_line_end = end == len(text) or text[end] == "\n"
    return "" if at_line_end else " "


def _tidy_whitespace(text: str) -> tuple[str, OffsetMap]:
    """Space/tab runs -> one space, no trailing spaces, at most one blank line in a row."""
    if not text.endswith(" ") and not any(untidy in text for untidy in _UNTIDY):
        return text, OffsetMap.identity(len(text))
    return rewrite(text, _WHITESPACE_RE, _whitespace_replacement)


def normalize_arabic(text: str) -> tuple[str, OffsetMap]:
    """Normalized text and the map from its offsets back to ``text``."""
    mapped, character_map = _map_characters(text)
    tidied, whitespace_map = _tidy_whitespace(mapped)
    return tidied, whitespace_map.then(character_map)
