"""Units after a number: percent words (``15 بالمئة``، ``5 في المائة``) and currencies (``دولار``،
``الدولارات الأمريكية``، ``مليون جنيه مصري``، ``مئات الملايين من الدولارات``).
"""
from __future__ import annotations

from arqam.extraction.numbers.lexicon import ARTICLE
from arqam.extraction.numbers.phrases import CURRENCIES, PERCENT_BY_FIRST_WORD
from arqam.extraction.numbers.view import TokenView


class UnitReader(TokenView):
    """The percent words and currency named at a token."""

    def percent(self, i: int) -> int | None:
        for phrase in PERCENT_BY_FIRST_WORD.get(self.key(i) or "", ()):
            last = self.phrase_at(phrase.words, i)
            if last is not None:
                return last
        return None

    def currency(self, i: int, partitive: bool) -> tuple[str, int] | None:
        """(ISO code, last token) of a currency named at token ``i``: دولار، الدولارات الأمريكية، $;
        with ``partitive`` also after من (مئات الملايين من الدولارات)."""
        key = self.key(i)
        if key is None:
            return None
        if partitive and key == "من":
            named = self.currency(i + 1, partitive=False)
            return named if named and self.tokens[i + 1].key.startswith(ARTICLE) else None
        by_adjective = CURRENCIES.get(key) or (CURRENCIES.get(key[2:]) if key.startswith(ARTICLE) else None)
        if by_adjective is None:
            return None
        adjective = self.key(i + 1)
        if adjective is not None:
            bare = adjective[2:] if adjective.startswith(ARTICLE) else adjective
            for form in (adjective, bare, bare[:-1] if bare.endswith("ا") else bare):  # مصريا: accusative
                if form in by_adjective:
                    return by_adjective[form], i + 1
        if "-" in by_adjective:
            return by_adjective["-"], i
        return None
