"""Integers written in Arabic words, the way Arabic news and careful writers spell them.

Why this exists: the quantity parser (``extraction/numbers/parser.py``) must read every
spelling of a number that the press uses, and a handful of table rows cannot cover
the grammar: gender polarity of 3..10, the dual, the three plural/accusative rules
of the counted scale word, the case endings, and the spelling habits (hamza, ta
marbuta, a و glued or spaced).  ``spell(n, style)`` writes one correct spelling
of ``n`` for each combination of those choices, so that a property test can draw
``n`` and a ``Style`` and ask the parser to read the number back.

The grammar, for 0 < n < 10**12, in four groups of three digits
(billions, millions, thousands, the rest), joined with و, largest first:

* a group of ``g`` before a scale word (ألف، مليون، مليار, all masculine):
    g == 1       the bare word:                 ألف، مليون، مليار
    g == 2       the dual:                      ألفان / ألفين، مليونان / مليونين
    3 <= g <= 10 the unit (feminine form, ة) and the plural: ثلاثة آلاف، عشرة ملايين
    11..99       the number and the accusative singular: أحد عشر ألفا، خمسة وعشرون مليونا
                 (``ألف`` without the accusative alef in some writing)
    100 and up   the scale word follows the *last* part of the group:
                 ثلاثمئة ألف، مئة وثلاثة آلاف، مئة وخمسة وعشرون ألفا, and 101 / 102
                 repeat the scale word like ألف ليلة وليلة: مئة ألف وألف، مئة ألف وألفان;
                 the simpler press habit puts the singular after every such group
                 (مئة وثلاثة ألف، مئة وواحد ألف), a style choice;
                 two hundred before the scale word is the construct dual: مئتا ألف / مئتي ألف
* the last group counts a noun we do not know, so its gender is a style choice:
  ثلاثة / ثلاث، أحد عشر / إحدى عشرة، واحد وعشرون / إحدى وعشرون;
* units come before tens: خمسة وعشرون; hundreds before both: مئة وخمسة وعشرون.

Nothing here is random: the caller draws the ``Style`` (``STYLE_CHOICES`` lists every
option, ``random_style`` draws one with a ``random.Random``).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields

# --- the words --------------------------------------------------------------------------

# value -> (masculine noun counted: the form with ة, feminine noun counted: without)
# Gender polarity: ثلاثة رجال، ثلاث نساء.  1 and 2 agree instead: واحد / واحدة.
UNITS_MASCULINE = {
    1: "واحد", 2: "اثنان", 3: "ثلاثة", 4: "أربعة", 5: "خمسة",
    6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة",
}
UNITS_FEMININE = {
    1: "واحدة", 2: "اثنتان", 3: "ثلاث", 4: "أربع", 5: "خمس",
    6: "ست", 7: "سبع", 8: "ثماني", 9: "تسع", 10: "عشر",
}
# oblique case (genitive / accusative) where the spelling changes: the dual ending -ين
UNITS_OBLIQUE = {("m", 2): "اثنين", ("f", 2): "اثنتين"}

# the first word of 11 and 12, by gender and case; 13..19 use the unit
TEEN_HEADS = {
    ("m", 11, "nominative"): "أحد", ("m", 11, "oblique"): "أحد",
    ("f", 11, "nominative"): "إحدى", ("f", 11, "oblique"): "إحدى",
    ("m", 12, "nominative"): "اثنا", ("m", 12, "oblique"): "اثني",
    ("f", 12, "nominative"): "اثنتا", ("f", 12, "oblique"): "اثنتي",
}
# the second word of the teens: عشر with a masculine noun, عشرة with a feminine one
TEEN_TEN = {"m": "عشر", "f": "عشرة"}

# tens: nominative -ون, oblique -ين
TENS = {
    20: ("عشرون", "عشرين"), 30: ("ثلاثون", "ثلاثين"), 40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"), 60: ("ستون", "ستين"), 70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"), 90: ("تسعون", "تسعين"),
}

# the unit before مئة (feminine noun, so the form without ة), glued or spaced
HUNDRED_UNITS = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}
HUNDRED_UNITS_EIGHT_WITH_YA = "ثماني"  # ثمانيمئة، ثماني مئة
# 200: nominative, oblique; construct forms before a scale word (مئتا ألف، مئتي ألف)
TWO_HUNDRED = {"مئة": ("مئتان", "مئتين", "مئتا", "مئتي"), "مائة": ("مائتان", "مائتين", "مائتا", "مائتي")}

# scale words: singular, dual nominative, dual oblique, plural
SCALES = {
    "ألف": ("ألف", "ألفان", "ألفين", "آلاف"),
    "مليون": ("مليون", "مليونان", "مليونين", "ملايين"),
    "مليار": ("مليار", "ملياران", "مليارين", "مليارات"),
    "بليون": ("بليون", "بليونان", "بليونين", "بلايين"),
}
SCALE_VALUES = {"مليار": 10**9, "مليون": 10**6, "ألف": 10**3}


# --- the choices a writer makes ---------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """One writer's habits.  Every field takes one of the values in ``STYLE_CHOICES``."""

    gender: str = "m"  # of the noun the last group counts: m (ثلاثة) | f (ثلاث)
    case: str = "nominative"  # nominative (عشرون، اثنان، مئتان، ألفان) | oblique (عشرين، اثنين، مئتين، ألفين)
    hundred: str = "مئة"  # مئة | مائة
    glued_hundreds: bool = True  # ثلاثمئة | ثلاث مئة
    eight_with_ya: bool = False  # ثمانمئة / ثمان وعشرون (f) | ثمانيمئة / ثماني وعشرون (f)
    waw_spaced: bool = False  # وثلاثمئة | و ثلاثمئة
    accusative_alef: bool = True  # خمسون ألفا | خمسون ألف
    after_hundreds: str = "last_part"  # last_part (مئة وثلاثة آلاف، مئة ألف وألف) | singular (مئة وثلاثة ألف)
    billion: str = "مليار"  # مليار | بليون
    hamza: str = "standard"  # standard (أربعة، ألف، اثنان) | dropped (اربعة، الف) | hypercorrect (إثنان)
    ta_marbuta_as_ha: bool = False  # أربعة | أربعه
    ya_for_alef_maqsura: bool = False  # إحدى | إحدي


STYLE_CHOICES: dict[str, tuple] = {
    "gender": ("m", "f"),
    "case": ("nominative", "oblique"),
    "hundred": ("مئة", "مائة"),
    "glued_hundreds": (True, False),
    "eight_with_ya": (False, True),
    "waw_spaced": (False, True),
    "accusative_alef": (True, False),
    "after_hundreds": ("last_part", "singular"),
    "billion": ("مليار", "بليون"),
    "hamza": ("standard", "dropped", "hypercorrect"),
    "ta_marbuta_as_ha": (False, True),
    "ya_for_alef_maqsura": (False, True),
}
assert set(STYLE_CHOICES) == {f.name for f in fields(Style)}


def random_style(rng: random.Random) -> Style:
    """A style drawn with ``rng``, each option equally likely."""
    return Style(**{name: rng.choice(options) for name, options in STYLE_CHOICES.items()})


# --- below a thousand ------------------------------------------------------------------------

def _case_index(style: Style) -> int:
    return 0 if style.case == "nominative" else 1


def below_hundred(n: int, gender: str, style: Style) -> list[str]:
    """1..99 as words: خمسة، ثلاث عشرة، اثنا عشر، خمسة وعشرون، إحدى وعشرون."""
    assert 0 < n < 100
    unit, ten = n % 10, n - n % 10
    if n <= 10:
        return [_unit(n, gender, style)]
    if n < 20:
        if n in (11, 12):
            head = TEEN_HEADS[(gender, n, style.case)]
        else:
            head = _unit(unit, gender, style)
        return [head, TEEN_TEN[gender]]
    tens = TENS[ten][_case_index(style)]
    if unit == 0:
        return [tens]
    if unit == 1 and gender == "f":
        first = "إحدى"  # إحدى وعشرون: the feminine of واحد in a compound
    else:
        first = _unit(unit, gender, style)
    return [first, "و" + tens]


def _unit(n: int, gender: str, style: Style) -> str:
    if n == 2 and style.case == "oblique":
        return UNITS_OBLIQUE[(gender, 2)]
    if n == 8 and gender == "f" and not style.eight_with_ya:
        return "ثمان"  # ثمانٍ, the tanwin not written
    return (UNITS_MASCULINE if gender == "m" else UNITS_FEMININE)[n]


def hundreds(h: int, style: Style, construct: bool) -> list[str]:
    """100..900 in steps of 100: مئة، مئتان، مئتا (before a noun)، ثلاثمئة، ثلاث مائة."""
    assert 1 <= h <= 9
    if h == 1:
        return [style.hundred]
    if h == 2:
        forms = TWO_HUNDRED[style.hundred]
        return [forms[2 + _case_index(style)] if construct else forms[_case_index(style)]]
    unit = HUNDRED_UNITS_EIGHT_WITH_YA if h == 8 and style.eight_with_ya else HUNDRED_UNITS[h]
    return [unit + style.hundred] if style.glued_hundreds else [unit, style.hundred]


def below_thousand(n: int, gender: str, style: Style, construct: bool = False) -> list[str]:
    """1..999: the hundreds, then و and the rest: مئة وخمسة وعشرون، ثلاثمئة، سبعة.
    ``construct``: the number stands right before a noun (مئتا ألف)."""
    assert 0 < n < 1000
    h, rest = divmod(n, 100)
    words = hundreds(h, style, construct and rest == 0) if h else []
    if rest:
        part = below_hundred(rest, gender, style)
        if words:
            part = ["و" + part[0]] + part[1:]
        words += part
    return words


# --- groups with their scale word -------------------------------------------------------------

def scaled_group(g: int, scale: str, style: Style) -> list[list[str]]:
    """``g`` thousands (millions, billions) as one or two parts to be joined with و.
    Two parts only for 101 and 102 after hundreds: مئة ألف وألف (like ألف ليلة وليلة)."""
    singular, dual_nominative, dual_oblique, plural = SCALES[scale]
    accusative = singular + "ا" if style.accusative_alef else singular
    dual = dual_nominative if style.case == "nominative" else dual_oblique
    if g == 1:
        return [[singular]]
    if g == 2:
        return [[dual]]
    if g <= 10:
        return [[_unit(g, "m", style), plural]]  # ثلاثة آلاف: masculine noun, so the form with ة
    if g < 100:
        return [below_thousand(g, "m", style) + [accusative]]
    last = g % 100
    if style.after_hundreds == "singular" or last == 0:
        return [below_thousand(g, "m", style, construct=True) + [singular]]
    if last <= 2:  # مئة ألف وألف، ثلاثمئة مليون ومليونان
        return [below_thousand(g - last, "m", style, construct=True) + [singular]] + scaled_group(last, scale, style)
    if last <= 10:
        return [below_thousand(g, "m", style) + [plural]]  # مئة وثلاثة آلاف
    return [below_thousand(g, "m", style) + [accusative]]  # مئة وخمسة وعشرون ألفا


def spell(n: int, style: Style = Style()) -> str:  # noqa: B008 (a frozen value)
    """``n`` (0 < n < 10**12) in Arabic words, written in ``style``."""
    if not 0 < n < 10**12:
        raise ValueError(f"{n} is outside 1 .. 10**12 - 1")
    parts: list[list[str]] = []
    rest = n
    for scale, size in SCALE_VALUES.items():
        g, rest = divmod(rest, size)
        if g:
            parts += scaled_group(g, style.billion if scale == "مليار" else scale, style)
    if rest:
        parts.append(below_thousand(rest, style.gender, style))
    words = parts[0] + [w for part in parts[1:] for w in ["و" + part[0]] + part[1:]]
    return _spelling(" ".join(_space_waw(w, style) for w in words), style)


def _space_waw(word: str, style: Style) -> str:
    """The conjunction و is written glued to the next word, or (a typing habit) spaced."""
    if style.waw_spaced and word.startswith("و") and word not in ("واحد", "واحدة"):
        return "و " + word[1:]
    return word


def _spelling(text: str, style: Style) -> str:
    """Spelling habits that do not change the word: hamza, ta marbuta, alef maqsura."""
    if style.hamza == "dropped":
        text = text.translate(str.maketrans("أإآ", "ااا"))
    elif style.hamza == "hypercorrect":
        text = re.sub(r"(?<!\S)(و?)اثن", r"\1إثن", text)  # اثنان -> إثنان، واثنا -> وإثنا
    if style.ta_marbuta_as_ha:
        text = text.replace("ة", "ه")
    if style.ya_for_alef_maqsura:
        text = text.replace("ى", "ي")
    return text
