"""One figure being typed: its quantity, its place in the text, and what the words around it say,
each read once and only when a rule asks (``Figure``); and the answer a rule gives (``Typing``)."""
from __future__ import annotations

from typing import NamedTuple

from arqam.extraction.typing import clues
from arqam.extraction.typing.catalog import OTHER
from arqam.extraction.typing.text import Text

_UNSET = object()


class Typing(NamedTuple):
    fact_type: str  # a fact type of docs/facts.md or "other"
    unit: str | None
    counted: str | None  # the noun counted, as written
    rule: str  # the rule that decided, stored in fact_mentions.rule: the trail of every fact
    noun_at: int | None = None  # the token of the counted noun (or of the noun before, or the antecedent)
    partitive: bool = False  # the noun came after a partitive من ("3 من عناصر الحشد")
    factor: float = 1  # the figure's value in the fact's unit per unit of the number (35 كغم: 0.001 ton)


def other(rule: str, counted: str | None = None, noun_at: int | None = None) -> Typing:
    """Not a fact: kept in fact_mentions with the reason."""
    return Typing(OTHER, None, counted, rule, noun_at)


class Figure:
    """A quantity of the text with its neighbours: what the rules read to type it."""

    __slots__ = ("text", "k", "q", "before", "after", "typings", "_noun", "_cue")

    def __init__(self, text: Text, k: int, typings: list[Typing]) -> None:
        self.text = text
        self.k = k  # its index among the text's quantities
        self.q = text.quantities[k]
        self.before, self.after = text.spans[k]  # its first token and the token after it
        self.typings = typings  # the figures before it, typed
        self._noun = _UNSET
        self._cue = _UNSET

    @property
    def noun(self) -> clues.Noun | None:
        """The noun it counts (``clues.counted_noun``)."""
        if self._noun is _UNSET:
            self._noun = clues.counted_noun(self.text, self.q, self.before, self.after)
        return self._noun  # type: ignore[return-value]

    @property
    def cue(self) -> tuple[str | None, int | None]:
        """The nearest predicate cue (``clues.nearest_cue``), searched from the number, or from the
        counted noun where it stands before the number ("قُتل شرطي واحد")."""
        if self._cue is _UNSET:
            noun = self.noun
            start = noun.at if noun is not None and noun.at < self.before else self.before
            self._cue = clues.nearest_cue(self.text, start, noun.at if noun is not None else None)
        return self._cue  # type: ignore[return-value]

    @property
    def previous(self) -> tuple[int, Typing] | None:
        """The figure just before: its token after, its typing."""
        if not self.k:
            return None
        return self.text.spans[self.k - 1][1], self.typings[self.k - 1]

    def sentence(self) -> int:
        return self.text.token_sentence[min(self.before, len(self.text.tokens) - 1)]
