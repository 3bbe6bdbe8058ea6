"""Cardinals in digits or words: groups below a thousand with their scale word, summed with و.

A *group* is ``خمسة``، ``ثلاثة عشر``، ``مئة وخمسين``، ``240``، with its scale word (``240 ألف``،
``مئة وخمسين ألفا``، ``مليوني``); a *cardinal* sums groups of falling scales (``مليار و200
مليون``، ``12 ألفا و450``) and takes a fraction part (``مليون ونصف``، ``2 1/4``).
"""
from __future__ import annotations

from fractions import Fraction

from arqam.extraction.numbers.digits import digits_value
from arqam.extraction.numbers.lexicon import ARTICLE
from arqam.extraction.numbers.quantity import Core
from arqam.extraction.numbers.token import Reading
from arqam.extraction.numbers.units import UnitReader


class GroupReader(UnitReader):
    """A group of digits or number words and its scale word."""

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
            alone = self.word(i, *classes)
            if alone is None or alone.definite:
                return None
            reading = alone
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
            if last > j and unit is not None and joined and unit.entry.cls == "unit":  # مئة وثلاثة أرباع: a whole and a fraction
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
            and self.tokens[i - 1 if i else 0].kind != "num"
        )


class CardinalReader(GroupReader):
    """Groups summed after a scale word, and a fraction part."""

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
