"""How Arabic news spells a figure, drawn at random: the variety the parser must read.

The same value reaches the page as ``2500``, ``2,500``, ``٢٬٥٠٠``, ``۲۵۰۰``,
``ألفين وخمسمئة`` or ``2.5 ألف``; money as ``1.2 مليار`` or ``مليار و200 مليون``.
A benchmark on ASCII digits alone would measure an easier parser than the one
that runs on real pages, so every spelling here is one the seed articles show.
"""
from __future__ import annotations

import random

ASCII_DIGITS = "0123456789"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# (digits, thousands separator, decimal separator, weight): most papers print ASCII digits
SCRIPTS = (
    (ASCII_DIGITS, ",", ".", 0.75),
    (ARABIC_INDIC_DIGITS, "٬", "٫", 0.20),
    (PERSIAN_DIGITS, "٬", "٫", 0.05),
)

UNITS = ("", "واحد", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة")
TEENS = ("عشرة", "أحد عشر", "اثني عشر", "ثلاثة عشر", "أربعة عشر", "خمسة عشر",
         "ستة عشر", "سبعة عشر", "ثمانية عشر", "تسعة عشر")
TENS = ("", "", "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين")
HUNDREDS = ("", "مئة", "مئتين", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة")
# (value, singular, dual, plural used after 3..10)
SCALES = (
    (10**12, "تريليون", "تريليوني", "تريليونات"),
    (10**9, "مليار", "ملياري", "مليارات"),
    (10**6, "مليون", "مليوني", "ملايين"),
    (10**3, "ألف", "ألفين", "آلاف"),
)
SCALE_WORDS = {scale: singular for scale, singular, _dual, _plural in SCALES}
PERCENT_WORDS = ("%", "%", "٪", " في المئة", " في المائة", " بالمئة")
RANGE_FORMS = ("بين {a} و{b}", "ما بين {a} و{b}", "من {a} إلى {b}", "{a}-{b}")


def _script(rng: random.Random) -> tuple[str, str, str, float]:
    return rng.choices(SCRIPTS, weights=[s[3] for s in SCRIPTS])[0]


def digits(value: int | str, script: tuple[str, str, str, float], grouped: bool = False) -> str:
    """``value`` in the digits of ``script``; ``grouped`` puts thousands separators in."""
    text = f"{value:,}" if grouped and isinstance(value, int) else str(value)
    table = str.maketrans({**{str(d): script[0][d] for d in range(10)}, ",": script[1], ".": script[2]})
    return text.translate(table)


def _below_thousand(value: int) -> str:
    hundreds, rest = divmod(value, 100)
    parts = [HUNDREDS[hundreds]] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        parts.append(f"{UNITS[units]} و{TENS[tens]}" if units else TENS[tens])
    elif rest >= 10:
        parts.append(TEENS[rest - 10])
    elif rest:
        parts.append(UNITS[rest])
    return " و".join(parts)


def number_words(value: int) -> str:
    """``value`` (1 .. 10^15) in words, as a count before its noun: ثلاثة آلاف وخمسمئة."""
    parts = []
    for scale, singular, dual, plural in SCALES:
        count, value = divmod(value, scale)
        if count == 1:
            parts.append(singular)
        elif count == 2:
            parts.append(dual)
        elif 3 <= count <= 10:
            parts.append(f"{_below_thousand(count)} {plural}")
        elif count:
            parts.append(f"{_below_thousand(count)} {singular}")
    if value:
        parts.append(_below_thousand(value))
    return " و".join(parts)


def _is_round(value: int) -> bool:
    """Few enough non-zero digits that a writer would spell it in words."""
    return value < 20 or sum(d != "0" for d in str(value)) <= 2


def _with_scale(value: int, script: tuple[str, str, str, float], rng: random.Random) -> str | None:
    """``240 ألف``، ``1.5 مليار``، ``مليار و200 مليون``، or None when no scale word fits."""
    for scale, singular, dual, _plural in SCALES:
        if value < scale:
            continue
        whole, rest = divmod(value, scale)
        if rest == 0:
            if whole == 1 or (whole == 2 and rng.random() < 0.6):
                return singular if whole == 1 else dual
            return f"{digits(whole, script)} {singular}"
        if rest * 10 % scale == 0 and whole < 1000:
            return f"{digits(f'{whole}.{rest * 10 // scale}', script)} {singular}"
        lower = scale // 1000
        if whole == 1 and lower in SCALE_WORDS and rest % lower == 0:
            return f"{singular} و{digits(rest // lower, script)} {SCALE_WORDS[lower]}"
        return None
    return None


def spell_count(value: int, rng: random.Random, script: tuple[str, str, str, float] | None = None) -> str:
    """A count as a journalist writes it: digits in any script, separators, scale or number words."""
    script = script or _script(rng)
    style = rng.random()
    if value >= 1000 and style < (0.8 if value >= 10**6 else 0.45):
        scaled = _with_scale(value, script, rng)
        if scaled:
            return scaled
    if _is_round(value) and style > (0.55 if value < 11 else 0.85):
        return number_words(value)
    return digits(value, script, grouped=value >= 10_000 or (value >= 1000 and rng.random() < 0.4))


def spell_percent(rng: random.Random) -> str:
    """15%، ١٥٪، 12.5 في المئة: a share between 1 and 95 percent."""
    value = rng.randint(1, 95)
    text = f"{value}.5" if rng.random() < 0.2 else str(value)
    return digits(text, _script(rng)) + rng.choice(PERCENT_WORDS)


def spell_range(low: int, high: int, rng: random.Random) -> str:
    """بين 200 و350، من 5 إلى 7، 10-15: two counts of one thing."""
    form = rng.choice(RANGE_FORMS)
    script = _script(rng)
    if form.startswith("{a}-"):  # a hyphen joins digits only
        return form.format(a=digits(low, script), b=digits(high, script))
    return form.format(a=spell_count(low, rng, script), b=spell_count(high, rng, script))


def spell_date(rng: random.Random, month: str, day_name: str) -> str:
    """27 كانون الثاني/يناير 2024، الأربعاء (24 تموز 2024)، 24/7/2024، الـ22 من يوليو/تموز."""
    year, month_number, day = rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28)
    levantine, _, gregorian = month.partition("/")
    script = _script(rng)
    d, y = digits(day, script), digits(year, script)
    return rng.choice((
        f"{d} {month} {y}",
        f"{d} {gregorian}/ {levantine} {y}",
        f"{day_name} ({d} {levantine} {y})",
        f"{d} {gregorian} {y}",
        f"الـ{d} من {gregorian}/{levantine}",
        f"{d}/{digits(month_number, script)}/{y}",
        digits(f"{year}-{month_number:02d}-{day:02d}", script),
    ))


def spell_days(rng: random.Random) -> str:
    """22 و23: two days of a meeting, as in يومي 22 و23 تموز."""
    script, day = _script(rng), rng.randint(1, 27)
    return f"{digits(day, script)} و{digits(day + 1, script)}"


def spell_year(rng: random.Random) -> str:
    return digits(rng.randint(2003, 2025), _script(rng))


def spell_time(rng: random.Random) -> str:
    return digits(f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}", _script(rng))


def spell_phone(rng: random.Random) -> str:
    """+964 770 123 4567، 00964 780 555 1234، 0770 123 4567: an Iraqi mobile number."""
    operator = rng.choice(("770", "771", "780", "781", "750", "790"))
    number = f"{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    text = rng.choice((f"+964 {operator} {number}", f"00964 {operator} {number}", f"0{operator} {number}"))
    return digits(text, _script(rng)) if rng.random() < 0.2 else text
