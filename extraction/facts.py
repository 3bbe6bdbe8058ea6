"""From mentions to facts: one row per distinct figure of an article.

A figure repeated in one article (the lead and the body both say 2,400
troops) is one fact, with every mention kept in ``mention_ids``.  One
mention gives the evidence (a hedged mention before a bare one: headlines
round figures the body qualifies); fields it leaves empty (actor, attribution,
as_of) are taken from a later mention that has them.  When the actor names
an entity of the gazetteer (data/actors.tsv), the fact carries its English
name (``actor_en``) and its key (``actor_key``, what claims compare).

The work is done over Arrow columns: Python reads only the few columns that
decide which mention speaks for a figure, once per mention; every other
column is taken from the speaking mention by Arrow, and the gazetteer is
consulted once per distinct actor.  (``tests/facts_claims_reference.py`` keeps
the rule written row by row over dicts; the two give the same rows, tested.)
"""
from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from extraction.actors import identify_actor, spelling_key
from extraction.fact_types import FACT_TYPES, OTHER
from extraction.ids import stable_id

# Which mention of a repeated figure speaks for the fact: a hedged one before a bare one. Headlines
# and leads round ("23 تريليون دينار") where the body is careful ("على نحو 23 تريليون").
_QUALIFIER_RANK = {"more_than": 0, "at_least": 0, "less_than": 0, "at_most": 0, "approximately": 1, "range": 2, "vague": 3, "exact": 4}
_UNRANKED = 9

# the fact_mentions columns a fact is made of
FACTS_INPUT = (
    "mention_id", "article_id", "sha256", "fact_type", "value", "value_min", "value_max", "qualifier", "unit",
    "actor", "attribution", "as_of", "evidence", "evidence_start", "evidence_end", "sentence_index",
    "start_offset", "end_offset", "raw_start", "raw_end", "rule",
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
)


def facts_table(mentions: pa.Table) -> pa.Table:
    """Fact rows (``FACTS_COLUMNS``) of ``mentions``: every mention of each article they cover, in any order."""
    typed = mentions.select(list(FACTS_INPUT))
    typed = typed.filter(pc.not_equal(typed["fact_type"], OTHER))
    # a figure's mentions in text order: the order that picks its speaker, fills its fields, lists its mentions
    ordered = typed.sort_by([("article_id", "ascending"), ("start_offset", "ascending"), ("mention_id", "ascending")])
    article_ids, fact_types, units, values, qualifiers = (
        ordered[name].to_pylist() for name in ("article_id", "fact_type", "unit", "value", "qualifier")
    )
    figures: dict[tuple, list[int]] = {}
    for row, figure in enumerate(zip(article_ids, fact_types, units, values)):
        rows = figures.get(figure)
        if rows is None:
            figures[figure] = [row]
        else:
            rows.append(row)
    speakers = [rows[0] if len(rows) == 1 else _speaker(rows, qualifiers) for rows in figures.values()]
    facts = ordered.select(list(_FROM_SPEAKER)).take(pa.array(speakers, pa.int64()))
    actor = _filled(figures.values(), speakers, ordered["actor"].to_pylist(), "")
    glosses = {name: _gloss(name) for name in set(actor)}
    members = [row for rows in figures.values() for row in rows]
    offsets = [0]
    for rows in figures.values():
        offsets.append(offsets[-1] + len(rows))
    computed = {
        "fact_id": pa.array([stable_id(*figure) for figure in figures], pa.string()),
        "actor": pa.array(actor, pa.string()),
        "actor_key": pa.array([glosses[name][0] for name in actor], pa.string()),
        "actor_en": pa.array([glosses[name][1] for name in actor], pa.string()),
        "attribution": pa.array(_filled(figures.values(), speakers, ordered["attribution"].to_pylist(), ""), pa.string()),
        "as_of": pa.array(_filled(figures.values(), speakers, ordered["as_of"].to_pylist(), None), pa.string()),
        "label_en": pa.array([FACT_TYPES[fact_type].label_en for _, fact_type, _, _ in figures], pa.string()),
        "mention_ids": pa.ListArray.from_arrays(
            pa.array(offsets, pa.int32()), ordered["mention_id"].combine_chunks().take(pa.array(members, pa.int64()))
        ),
    }
    table = pa.table({name: computed[name] if name in computed else facts[name] for name in FACTS_COLUMNS})
    # stable: figures with the same article, offset and type stay in text order
    return table.sort_by([("article_id", "ascending"), ("start_offset", "ascending"), ("fact_type", "ascending")])


def distinct_facts(mentions: Iterable[dict]) -> list[dict]:
    """Fact rows from fact_mentions rows (of any number of articles), as dicts."""
    rows = list(mentions)
    if not rows:
        return []
    return facts_table(pa.Table.from_pylist(rows)).to_pylist()


def _gloss(actor: str) -> tuple[str, str | None]:
    """The key and English name of an actor phrase: the gazetteer's if it knows the actor, else its spelling key."""
    known = identify_actor(actor)
    return (known.key, known.english) if known else (spelling_key(actor), None)


def _speaker(rows: list[int], qualifiers: list[str]) -> int:
    """The mention that speaks for a figure: the first (in text order) of the most hedged."""
    return min(rows, key=lambda row: _QUALIFIER_RANK.get(qualifiers[row], _UNRANKED))


def _filled(figures: Iterable[list[int]], speakers: list[int], column: list, empty):
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
