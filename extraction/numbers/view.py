"""The parser's view of the tokens of one text: what a token is, as the numeral rules ask it.

Every test is bounded (an index outside the text, a token inside a date: nothing), so the rules
above can look a few tokens back and ahead without checking.
"""
from __future__ import annotations

from arqam.extraction.numbers.token import Reading, Token
from arqam.extraction.numbers.tokens import letter_offset, tokenize
from arqam.extraction.text.arabic import PROCLITICS


class TokenView:
    """The tokens of one text and the questions the rules ask them."""

    def __init__(self, text: str, tokens: list[Token] | None = None) -> None:
        self.text = text
        self.tokens = tokenize(text) if tokens is None else tokens  # tokens: a window of the text's

    def word(self, i: int, *classes: str) -> Reading | None:
        """The number reading of token ``i`` when it is a word of one of ``classes`` outside a date."""
        if not 0 <= i < len(self.tokens):
            return None
        token = self.tokens[i]
        reading = token.reading
        if reading is None or token.in_date or (classes and reading.entry.cls not in classes):
            return None
        return reading

    def digits(self, i: int) -> bool:
        if not 0 <= i < len(self.tokens):
            return False
        token = self.tokens[i]
        return token.kind == "num" and not token.blocked and not token.in_date

    def key(self, i: int) -> str | None:
        if not 0 <= i < len(self.tokens) or self.tokens[i].in_date:
            return None
        return self.tokens[i].key

    def is_waw(self, i: int) -> bool:
        return self.key(i) == "و"

    def stem_start(self, i: int) -> int:
        """Where the numeral starts inside token ``i``, after its proclitics."""
        token = self.tokens[i]
        if token.reading is None or token.reading.prefix == 0:
            return token.start
        return token.start + letter_offset(self.text[token.start : token.end], token.reading.prefix)

    def waw_then(self, i: int) -> tuple[int, bool]:
        """(index of the word at ``i`` or after a standalone و there, whether that و was there)."""
        return (i + 1, True) if self.is_waw(i) else (i, False)

    def joined_word(self, i: int, *classes: str) -> tuple[Reading, int] | None:
        """A number word joined by exactly one و, glued (وعشرين) or standalone (و عشرين)."""
        j, waw_token = self.waw_then(i)
        reading = self.word(j, *classes)
        if reading is None or reading.definite or waw_token == reading.waw:
            return None
        return reading, j

    def phrase_at(self, words: tuple[str, ...], i: int) -> int | None:
        """Last token index of ``words`` read from token ``i`` on, or None."""
        for k, word in enumerate(words):
            if self.key(i + k) != word:
                return None
        return i + len(words) - 1

    def phrase_before(self, words: tuple[str, ...], end: int, floor: int) -> int | None:
        """First token index of ``words`` ending at token ``end`` (not before ``floor``); the
        first word may carry proclitics (لأكثر من، بنحو، وقرابة)."""
        first = end - len(words) + 1
        if first < floor or first < 0:
            return None
        for k, word in enumerate(words):
            key = self.key(first + k)
            if key is None or self.tokens[first + k].kind == "num":
                return None
            if key != word and not (k == 0 and any(key == p + word for p in PROCLITICS)):
                return None
        return first
