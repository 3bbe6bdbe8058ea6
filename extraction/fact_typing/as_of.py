"""The ``as_of`` of a fact: the year of the date nearest to the figure in its sentence, a few words
away in the same clause ("حتى العام 2020 ... 240 ألف"), fewer across a comma; not any year of the
sentence."""
from __future__ import annotations

import bisect

from arqam.extraction.fact_typing.text import Text

AS_OF_WINDOW = 10  # tokens between a figure and the date it refers to, in one clause
AS_OF_ACROSS_CLAUSE = 3  # ... and across a comma


def as_of(t: Text, before: int, after: int) -> str | None:
    """The year of the nearest dated mention in the figure's sentence, a few words away at most."""
    best: tuple[int, int] | None = None  # (distance, year)
    k = bisect.bisect_right(t.date_ends, before) - 1  # the last date ending before the figure
    if k >= 0:
        first, last, year = t.dates[k]
        if t.same_sentence(last - 1, before) and date_reaches(t, last, before):
            best = (before - last, year)
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
            best = (first - after, year)
    return None if best is None else str(best[1])


def date_reaches(t: Text, left: int, right: int) -> bool:
    """A date and a figure with the tokens [left, right) between them belong together: a few
    words of one clause ("حتى العام 2020 التدريب لأكثر من"), or fewer across a comma ("في 2014،
    قتل 500")."""
    gap = right - left
    if gap > AS_OF_WINDOW:
        return False
    broken = any(t.tokens[i].clause_break_before for i in range(left, min(right + 1, len(t.tokens))))
    return not broken or gap <= AS_OF_ACROSS_CLAUSE

