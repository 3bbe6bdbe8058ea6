"""Two numerals read as one: a range (``بين 100 و150 ألف``، ``من 10 إلى 15``، ``10-15``) or a
ratio (``واحد من ثلاثة``، ``1 على 100``), and the minus sign before a numeral.
"""
from __future__ import annotations

from fractions import Fraction

from arqam.extraction.numbers.cores import CoreReader
from arqam.extraction.numbers.lexicon import CHANGE_VERBS, bare
from arqam.extraction.numbers.phrases import RANGE_JOINERS, RANGE_PATTERNS
from arqam.extraction.numbers.quantity import Core

CHANGE_VERB_REACH = 8  # tokens back from a range to the verb of change of its clause


class RangeReader(CoreReader):
    """Ranges, ratios and signs around a core."""

    def range_after(self, x: Core, floor: int) -> tuple[int, Core, Fraction] | None:
        """(first token, second core, first value) of a range around ``x``: بين X و Y، من X إلى Y،
        X - Y، بين سالب عشرة وخمسة عشر. ``من X إلى Y`` after a verb of change (ارتفع عدد القتلى من
        100 إلى 215) is two values, the old and the new, not a range."""
        if x.kind != "cardinal" or x.counted:
            return None
        after = self.word(x.last + 1)
        if self.key(x.last + 1) not in RANGE_JOINERS and not (after and after.waw):
            return None  # no range: nothing after the number can join a second one
        if x.first == x.last and x.value == 1 and not x.digits and self.key(x.first - 1) not in ("بين", "من", "ما"):
            return None  # "صاروخ اعتراضي واحد إلى مليوني دولار": "one" after its noun starts no range
        sign = self.negative_sign(x.first, floor)
        changing = self.after_change_verb(x.first)  # ارتفع عددهم من نحو 500 إلى 4 آلاف: old and new
        for pattern in RANGE_PATTERNS:
            if changing and pattern.joiner[0] in ("الي", "حتي"):
                continue
            first, low = x.first, x.value
            if pattern.opener:
                end = x.first - 1
                if sign is not None:
                    end, low = sign - 1, -x.value
                found = self.phrase_before(pattern.opener, end, floor)
                if found is None:
                    continue
                first = found
            y = self.joined(x.last + 1, pattern.joiner)
            if y is None or y.kind != "cardinal" or y.counted or (pattern.digits_only and not (x.digits and y.digits)):
                continue
            if x.scale == 1 and y.scale > 1 and low * y.scale < y.value:
                low = low * y.scale  # بين 100 و150 ألف: the scale is shared
            if low < y.value:
                return first, y, low
        return None

    def after_change_verb(self, i: int, reach: int = CHANGE_VERB_REACH) -> bool:
        """Is there a verb of change in the clause before token ``i`` (ارتفع عدد القتلى من ...)?"""
        for k in range(i - 1, max(i - 1 - reach, -1), -1):
            key = self.key(k)
            if key is None or (self.tokens[k].kind == "sym" and key in ".،,؛;:!?؟"):
                return False
            if self.tokens[k].kind == "word" and (key in CHANGE_VERBS or bare(key) in CHANGE_VERBS):
                return True
        return False

    def joined(self, i: int, joiner: tuple[str, ...]) -> Core | None:
        """The core after the joiner of a range, which for و may be glued to it (و150، وخمسة)."""
        if joiner == ("و",):
            if self.is_waw(i):
                return self.core(i + 1)
            reading = self.word(i)
            return self.core(i) if reading and reading.waw else None
        last = self.phrase_at(joiner, i)  # إلى، حتى، أو، -
        return self.core(last + 1) if last is not None and last + 1 < len(self.tokens) else None

    def ratio_after(self, x: Core) -> tuple[Core, int] | None:
        """(denominator, last token) of ``N من M``، ``N من أصل M``، ``N جزء من M``، ``N على M``:
        one out of three, one over a hundred. With من the part is smaller than the whole."""
        if x.kind != "cardinal" or x.counted:
            return None
        k = x.last + 1
        if self.key(k) in ("جزء", "اجزاء") and self.key(k + 1) == "من":
            k += 1
        over = self.key(k)
        if over not in ("من", "علي"):
            return None
        if over == "من" and self.key(k + 1) in ("اصل", "مجموع"):
            return None  # "أسقطت 5 من أصل 7 طائرات": two counts, the part and the whole
        whole = self.core(k + 1)
        if whole is None or whole.kind != "cardinal" or whole.counted or whole.value == 0:
            return None
        if over == "من" and not x.value < whole.value:
            return None
        return whole, whole.last

    def negative_sign(self, first: int, floor: int) -> int | None:
        """Token index of a minus before the numeral: ``-5%`` (glued, not a hyphen) or ``سالب``."""
        i = first - 1
        if i < floor:
            return None
        token = self.tokens[i]
        if token.key in ("-", "−") and self.tokens[first].kind == "num" and token.end == self.tokens[first].start:
            previous = self.tokens[i - 1] if i > 0 else None
            hyphen = previous is not None and previous.end == token.start and previous.kind != "sym"  # 10-15, F-16
            return None if hyphen else i
        return i if self.word(i, "sign") else None
