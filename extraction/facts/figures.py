"""From mentions to facts: one row per distinct figure of an article.

A figure repeated in one article (the lead and the body both say 2,400
troops) is one fact, with every mention kept in ``mention_ids``.  One
mention gives the evidence (a hedged mention before a bare one: headlines
round figures the body qualifies); fields it leaves empty (actor, attribution,
as_of) are taken from a later mention that has them.  When the actor names
an entity of the gazetteer (data/actors.tsv), the fact carries its English
name (``actor_en``) and its key (``actor_key``, what claims compare).

The rule (``_Figures``) reads only the few columns that decide which mention
speaks for a figure, once per mention, and consults the gazetteer once per
distinct actor.  ``facts_table`` applies it to an Arrow batch, every other
column taken from the speaking mention by Arrow (a stage's batch of thousands
of articles); ``distinct_facts`` to dicts (an article's few mentions, where a
dozen Arrow operations would cost more than the work).  Both give the rows of
the rule as first written row by row (``tests/facts_claims_reference.py``; tested).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from arqam.extraction.facts.actors import identify_actor, spelling_key
from arqam.extraction.text.ids import stable_id
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER

# Which mention of a repeated figure speaks for the fact: a hedged one before a bare one. Headlines
# and leads round ("23 تريليون دينار") where the body is careful ("على نحو 23 تريليون").
_QUALIFIER_RANK = {"more_than": 0, "at_least": 0, "less_than": 0, "at_most": 0, "approximately": 1, "range": 2, "vague": 3, "exact": 4}
_UNRANKED = 9

# the fact_mentions columns a fact is made of
FACTS_INPUT = (
    "mention_id", "article_id", "sha256", "fact_type", "value", "value_min", "value_max", "qualifier", "unit",
    "actor", "attribution", "as_of", "evidence", "evidence_start", "evidence_end", "sentence_index",
    "start_offset", "end_offset", "raw_start", "raw_end", "rule", "as_of_start", "as_of_end",
)
# the columns a fact takes from the mention that speaks for it, as they are
_FROM_SPEAKER = (
    "article_id", "sha256", "fact_type", "value", "value_min", "value_max", "qualifier", "unit", "evidence",
    "evidence_start", "evidence_end", "sentence_index", "start_offset", "end_offset", "raw_start", "raw_end", "rule",
)
# the facts columns (a stage selects them in its table's order)
FACTS_COLUMNS = (
    "fact_id", "article_id", "sha256", "fact_type", "value", "value_min", "value_max", "qualifier", "unit",
    "actor", "actor_key", "actor_en", "attribution", "as_of", "evidence", "evidence_start", "evidence_end",
    "sentence_index", "start_offset", "end_offset", "raw_start", "raw_end", "rule", "label_en", "mention_ids",
    "as_of_start", "as_of_end",
)
# computed columns that are dates (the others are text)
_DATE_COLUMNS = ("as_of_start", "as_of_end")


class _Figures:
    """The rule, over columns of mentions in text order (article, offset, mention id): which rows make
    each distinct figure, which one speaks for it, and the fields filled from the others."""

    def __init__(self, column: Callable[[str], list]):
        self.rows: dict[tuple, list[int]] = {}  # (article, type, unit, value) -> its mentions
        for row, figure in enumerate(zip(column("article_id"), column("fact_type"), column("unit"), column("value"))):
            rows = self.rows.get(figure)
            if rows is None:
                self.rows[figure] = [row]
            else:
                rows.append(row)
        qualifiers = column("qualifier")
        self.speakers = [rows[0] if len(rows) == 1 else _speaker(rows, qualifiers) for rows in self.rows.values()]
        self.actor = _filled(self.rows.values(), self.speakers, column("actor"), "")
        self.attribution = _filled(self.rows.values(), self.speakers, column("attribution"), "")
        # the days of as_of come with it, from the mention that gave it
        as_of_rows = _filled_rows(self.rows.values(), self.speakers, column("as_of"))
        self.as_of, self.as_of_start, self.as_of_end = (
            [None if row is None else values[row] for row in as_of_rows]
            for values in (column("as_of"), column("as_of_start"), column("as_of_end"))
        )
        glosses = {name: _gloss(name) for name in set(self.actor)}
        self.actor_key = [glosses[name][0] for name in self.actor]
        self.actor_en = [glosses[name][1] for name in self.actor]
        self.fact_id = [stable_id(*figure) for figure in self.rows]
        self.label_en = [FACT_TYPES[fact_type].label_en for _, fact_type, _, _ in self.rows]

    def computed(self) -> dict[str, list]:
        """The columns a fact does not take from its speaking mention as they are."""
        return {"fact_id": self.fact_id, "actor": self.actor, "actor_key": self.actor_key, "actor_en": self.actor_en,
                "attribution": self.attribution, "as_of": self.as_of, "label_en": self.label_en,
                "as_of_start": self.as_of_start, "as_of_end": self.as_of_end}


def facts_table(mentions: pa.Table) -> pa.Table:
    """Fact rows (``FACTS_COLUMNS``) of ``mentions``: every mention of each article they cover, in any order."""
    typed = mentions.select(list(FACTS_INPUT))
    typed = typed.filter(pc.not_equal(typed["fact_type"], OTHER))
    ordered = typed.sort_by([("article_id", "ascending"), ("start_offset", "ascending"), ("mention_id", "ascending")])
    figures = _Figures(lambda name: ordered[name].to_pylist())
    spoken = ordered.select(list(_FROM_SPEAKER)).take(pa.array(figures.speakers, pa.int64()))
    members = [row for rows in figures.rows.values() for row in rows]
    offsets = [0]
    for rows in figures.rows.values():
        offsets.append(offsets[-1] + len(rows))
    columns = {
        name: pa.array(values, pa.date32() if name in _DATE_COLUMNS else pa.string())
        for name, values in figures.computed().items()
    }
    columns["mention_ids"] = pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()), ordered["mention_id"].combine_chunks().take(pa.array(members, pa.int64()))
    )
    table = pa.table({name: columns[name] if name in columns else spoken[name] for name in FACTS_COLUMNS})
    # stable: figures with the same article, offset and type stay in text order
    return table.sort_by([("article_id", "ascending"), ("start_offset", "ascending"), ("fact_type", "ascending")])


def distinct_facts(mentions: Iterable[dict]) -> list[dict]:
    """Fact rows from fact_mentions rows (of any number of articles), as dicts: ``facts_table``'s rows.

    The same rule over lists (no Arrow table per call): an article's few mentions at a time cost
    what they cost in Python, not the set-up of a dozen Arrow operations.
    """
    ordered = sorted(
        (m for m in mentions if m["fact_type"] != OTHER), key=lambda m: (m["article_id"], m["start_offset"], m["mention_id"])
    )
    figures = _Figures(lambda name: [m[name] for m in ordered])
    computed = figures.computed()
    facts = []
    for index, (speaker, rows) in enumerate(zip(figures.speakers, figures.rows.values())):
        first = ordered[speaker]
        facts.append(
            {
                name: computed[name][index] if name in computed else first[name]
                for name in FACTS_COLUMNS
                if name != "mention_ids"
            }
            | {"mention_ids": [ordered[row]["mention_id"] for row in rows]}
        )
    facts.sort(key=lambda f: (f["article_id"], f["start_offset"], f["fact_type"]))
    return facts


def _gloss(actor: str) -> tuple[str, str | None]:
    """The key and English name of an actor phrase: the gazetteer's if it knows the actor, else its spelling key."""
    known = identify_actor(actor)
    return (known.key, known.english) if known else (spelling_key(actor), None)


def _speaker(rows: list[int], qualifiers: list[str]) -> int:
    """The mention that speaks for a figure: the first (in text order) of the most hedged."""
    return min(rows, key=lambda row: _QUALIFIER_RANK.get(qualifiers[row], _UNRANKED))


def _filled_rows(figures: Iterable[list[int]], speakers: list[int], column: list) -> list[int | None]:
    """Per figure: the row ``_filled`` takes its value of ``column`` from (None: no row has one)."""
    found = []
    for rows, speaker in zip(figures, speakers):
        row = speaker if column[speaker] else next((r for r in rows if column[r]), None) if len(rows) > 1 else None
        found.append(row)
    return found


T = TypeVar("T")  # the values of a column


def _filled(figures: Iterable[list[int]], speakers: list[int], column: list[T], empty: T) -> list[T]:
    """Per figure: its speaker's value of ``column``, or if that is empty the first non-empty one in text order."""
    values = []
    for rows, speaker in zip(figures, speakers):
        value = column[speaker]
        if not value:
            value = empty
            for row in rows if len(rows) > 1 else ():
                if column[row]:
                    value = column[row]
                    break
        values.append(value)
    return values
