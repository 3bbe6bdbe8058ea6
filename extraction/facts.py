"""From mentions to facts: one row per distinct figure of an article.

A figure repeated in one article (the lead and the body both say 2,400
troops) is one fact, with every mention kept in ``mention_ids``.  One
mention gives the evidence (a hedged mention before a bare one: headlines
round figures the body qualifies); fields it leaves empty (actor, attribution,
as_of) are taken from a later mention that has them.  When the actor names
an entity of the gazetteer (data/actors.tsv), the fact carries its English
name (``actor_en``) and its key (``actor_key``, what claims compare).
"""
from __future__ import annotations

from collections.abc import Iterable

from extraction.actors import identify_actor, spelling_key
from extraction.fact_types import FACT_TYPES, OTHER
from extraction.ids import stable_id

# Which mention of a repeated figure speaks for the fact: a hedged one before a bare one. Headlines
# and leads round ("23 تريليون دينار") where the body is careful ("على نحو 23 تريليون").
_QUALIFIER_RANK = {"more_than": 0, "at_least": 0, "less_than": 0, "at_most": 0, "approximately": 1, "range": 2, "vague": 3, "exact": 4}


def distinct_facts(mentions: Iterable[dict]) -> list[dict]:
    """Fact rows from fact_mentions rows (of any number of articles)."""
    groups: dict[tuple, list[dict]] = {}
    for m in mentions:
        if m["fact_type"] == OTHER:
            continue
        key = (m["article_id"], m["fact_type"], m["unit"], m["value"])
        groups.setdefault(key, []).append(m)
    facts = []
    for (article_id, fact_type, unit, value), group in groups.items():
        group.sort(key=lambda m: (m["start_offset"], m["mention_id"]))
        first = min(group, key=lambda m: (_QUALIFIER_RANK.get(m["qualifier"], 9), m["start_offset"]))
        actor = _first_filled(group, "actor", first) or ""
        known = identify_actor(actor)
        facts.append(
            {
                "fact_id": stable_id(article_id, fact_type, unit, value),
                "article_id": article_id,
                "sha256": first["sha256"],
                "fact_type": fact_type,
                "value": value,
                "value_min": first["value_min"],
                "value_max": first["value_max"],
                "qualifier": first["qualifier"],
                "unit": unit,
                "actor": actor,
                "actor_key": known.key if known else spelling_key(actor),
                "actor_en": known.english if known else None,
                "attribution": _first_filled(group, "attribution", first) or "",
                "as_of": _first_filled(group, "as_of", first),
                "evidence": first["evidence"],
                "evidence_start": first["evidence_start"],
                "evidence_end": first["evidence_end"],
                "sentence_index": first["sentence_index"],
                "start_offset": first["start_offset"],
                "end_offset": first["end_offset"],
                "raw_start": first["raw_start"],
                "raw_end": first["raw_end"],
                "rule": first["rule"],
                "label_en": FACT_TYPES[fact_type].label_en,
                "mention_ids": [m["mention_id"] for m in group],
            }
        )
    facts.sort(key=lambda f: (f["article_id"], f["start_offset"], f["fact_type"]))
    return facts


def _first_filled(group: list[dict], field: str, preferred: dict):
    if preferred.get(field):
        return preferred[field]
    return next((m[field] for m in group if m.get(field)), None)
