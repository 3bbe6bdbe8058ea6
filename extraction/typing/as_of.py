"""The ``as_of`` of a fact: the date nearest to the figure in its sentence, a few words away in the
same clause ("حتى العام 2020 ... 240 ألف"), fewer across a comma; not any year of the sentence.
Its text is the year (or, for a Hijri date, the date as written), its interval the days the date
covers (``extraction.text.date_intervals``)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from arqam.extraction.text.date_intervals import interval
from arqam.extraction.typing.text import Text

AS_OF_WINDOW = 10  # tokens between a figure and the date it refers to, in one clause
AS_OF_ACROSS_CLAUSE = 3  # ... and across a comma


@dataclass(frozen=True, slots=True)
class AsOf:
    text: str
    start: date | None
    end: date | None


def as_of(t: Text, before: int, after: int) -> str | None:
    """The year of the nearest dated mention in the figure's sentence, a few words away at most."""
    found = as_of_date(t, before, after)
    return None if found is None else found.text


def as_of_date(t: Text, before: int, after: int) -> AsOf | None:
    """The nearest dated mention in the figure's sentence, a few words away at most: its text, its days."""
    best: tuple[int, int] | None = None  # (distance, index in t.dates)
    k = bisect.bisect_right(t.date_ends, before) - 1  # the last date ending before the figure
    if k >= 0:
        first, last, year = t.dates[k]
        if t.same_sentence(last - 1, before) and date_reaches(t, last, before):
            best = (before - last, k)
    k += 1
    while k < len(t.dates) and t.dates[k][0] < after:
        k += 1
    if k < len(t.dates):
        first, last, year = t.dates[k]
        if (
            t.same_sentence(first, max(after - 1, 0))
            and date_reaches(t, after, first)
            and (best is None or first - after < best[0])
        ):
            best = (first - after, k)
    if best is None:
        return None
    year, mention = t.dates[best[1]][2], t.date_mentions[best[1]]
    span = interval(mention.text)
    text = str(year) if year else " ".join(mention.text.split())
    return AsOf(text, *(span or (None, None)))


def date_reaches(t: Text, left: int, right: int) -> bool:
    """A date and a figure with the tokens [left, right) between them belong together: a few
    words of one clause ("حتى العام 2020 التدريب لأكثر من"), or fewer across a comma ("في 2014،
    قتل 500")."""
    gap = right - left
    if gap > AS_OF_WINDOW:
        return False
    broken = any(t.tokens[i].clause_break_before for i in range(left, min(right + 1, len(t.tokens))))
    return not broken or gap <= AS_OF_ACROSS_CLAUSE
