"""The numeral at a token, whatever its kind: a cardinal, an ordinal (``الثاني``، ``الـ22``), a
vague plural (``عشرات``، ``مئات الآلاف``), a fraction (``نصف العصير``، ``خمس الفطيرة``) or a dual
noun that carries its own count (``قاعدتين``); or none (``البلدين``، ``أي واحد``).
"""
from __future__ import annotations

from fractions import Fraction

from arqam.extraction.numbers.cardinals import CardinalReader
from arqam.extraction.numbers.digits import digits_value
from arqam.extraction.numbers.lexicon import (
    ARTICLE,
    COUNTED_NOUNS,
    FRACTION_HOMOGRAPHS,
    LABEL_NUMBER_WORDS,
    ONE_AS_PRONOUN,
    PRONOUNS,
    VAGUE_HIGH,
    VAGUE_LOW,
)
from arqam.extraction.numbers.phrases import BEFORE_BY_LAST_WORD, COMPARISONS
from arqam.extraction.numbers.quantity import Core
from arqam.extraction.numbers.token import Reading
from arqam.extraction.text.dates import COUNT_FOLLOWERS


class CoreReader(CardinalReader):
    """The numeral that starts at a token."""

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
