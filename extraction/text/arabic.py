"""Arabic script facts shared by every rule: digits, diacritics, letter variants.

Two different operations live here and must not be confused:

* the *normalized* text (see ``normalize.py``) is what analysts read and what
  offsets point into, so it keeps hamza forms and ta marbuta as written;
* a *folded* key (``fold``) is only for looking words up in the lexicons: it
  erases the spelling variation that Arabic news writing shows for one word
  (أكثر / اكثر, إلى / الى, مائة / مئة is handled by the lexicon itself).
"""
from __future__ import annotations

import re

# Arabic-Indic (U+0660..0669) and Extended Arabic-Indic / Persian (U+06F0..06F9)
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGIT_VALUES = {d: str(i) for digits in (ARABIC_INDIC_DIGITS, PERSIAN_DIGITS) for i, d in enumerate(digits)}
DIGIT_TRANSLATION = str.maketrans(
    ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2
)

# Conjunctions and prepositions written glued to the next word (وقال، بأكثر، لل...), as
# folded prefixes, longest first so that وب is tried before و.
PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")

TATWEEL = "\u0640"
# harakat, tanwin, shadda, sukun, superscript alef, Quranic annotation marks
DIACRITICS_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_DIACRITICS_RE = re.compile(f"[{DIACRITICS_CLASS}{TATWEEL}]")

# Letter variants that Arabic news spells interchangeably, folded for lookups only.
_FOLD_TRANSLATION = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # keheh
    }
)

# The standard Arabic alphabet after normalization: hamza forms, the 28
# letters, ta marbuta and alef maqsura.  Anything else in the Arabic blocks
# (Persian letters, presentation forms, diacritics, Arabic-Indic digits) must
# have been normalized away before text reaches the warehouse.
NON_STANDARD_ARABIC_RE = re.compile(
    "[\u0600-\u060b\u060d-\u061a\u061c-\u061e\u0620\u063b-\u0640"
    "\u064b-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
)


def strip_diacritics(text: str) -> str:
    """Remove harakat and tatweel (used for lookups; normalization tracks offsets itself)."""
    return _DIACRITICS_RE.sub("", text)


_FOLD_PAIRS = tuple((chr(code), letter) for code, letter in _FOLD_TRANSLATION.items())


def fold(word: str) -> str:
    """A lookup key: no diacritics or tatweel, one alef, ya for alef maqsura, ha for ta marbuta.
    (One ``str.replace`` per variant the text holds: ``str.translate`` walks Arabic text
    character by character through a dict, several times slower on a line or a page.)"""
    word = _DIACRITICS_RE.sub("", word)
    for variant, letter in _FOLD_PAIRS:
        if variant in word:
            word = word.replace(variant, letter)
    return word


_NON_ASCII_DIGIT_RE = re.compile(f"[{ARABIC_INDIC_DIGITS}{PERSIAN_DIGITS}]")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII; same length, so offsets are unchanged.
    (``str.translate`` walks a long Arabic text character by character through a table;
    one ``str.replace`` per digit the text holds is several times faster.)"""
    if _NON_ASCII_DIGIT_RE.search(text) is None:
        return text
    for digit in set(_NON_ASCII_DIGIT_RE.findall(text)):
        text = text.replace(digit, DIGIT_VALUES[digit])
    return text


# letters of the Arabic script (its main block, supplement and presentation forms); tatweel
# stretches a word and is no letter
_ARABIC_LETTER_RE = re.compile(
    "[" + "".join(
        chr(code) for low, high in ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFC))
        for code in range(low, high + 1) if chr(code).isalpha() and code != 0x0640
    ) + "]"
)

_ARABIC_LETTERS_RE = re.compile(_ARABIC_LETTER_RE.pattern + "+")


def arabic_share(text: str, sample: int = 100_000) -> tuple[float, int]:
    """Share of letters that are Arabic in the first ``sample`` characters, and the number of
    letters seen: tells an Arabic article from one in another language.

    Counted by C loops, not a Python step per character: the Arabic letters go in one regex pass
    (a word at a time), and only what is left of an Arabic text (spaces, punctuation, digits, a
    Latin name) is asked ``str.isalpha`` one character at a time.  Tatweel stretches a word and
    is no letter, though ``str.isalpha`` says it is.

    >>> share, letters = arabic_share("قتل 3 جنود in Iraq")
    >>> round(share, 2), letters
    (0.54, 13)
    """
    head = text[:sample]
    rest = _ARABIC_LETTERS_RE.sub("", head)
    arabic = len(head) - len(rest)
    letters = arabic + sum(map(str.isalpha, rest)) - rest.count("\u0640")
    return (arabic / letters if letters else 0.0), letters
