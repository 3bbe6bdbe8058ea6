"""The facts and claims rules as they were first written, row by row over dicts: the reference.

``extraction.facts.figures`` and ``extraction.claims.quantities`` compute the same rows over Arrow
columns (most of the work in C, per distinct figure or value rather than per
mention or fact).  These plain versions are the definition they must match:
``tests/extraction/claims/test_facts_claims_equivalence.py`` compares them on the seeds, the test
articles and generated rows.  Kept verbatim (but for their names); do not speed them up.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from arqam.extraction.claims.places import places_in, same_place
from arqam.extraction.claims.quantities import PUBLISHED_WINDOW
from arqam.extraction.facts.actors import actor_key, identify_actor, spelling_key
from arqam.extraction.text.ids import stable_id
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER

_QUALIFIER_RANK = {"more_than": 0, "at_least": 0, "less_than": 0, "at_most": 0, "approximately": 1, "range": 2, "vague": 3, "exact": 4}


def reference_facts(mentions: Iterable[dict]) -> list[dict]:
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
                "as_of_start": _first_filled_mention(group, "as_of", first).get("as_of_start"),
                "as_of_end": _first_filled_mention(group, "as_of", first).get("as_of_end"),
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


def _first_filled_mention(group: list[dict], field: str, preferred: dict) -> dict:
    """The mention ``_first_filled`` takes ``field`` from ({} if none): as_of's days come with it."""
    if preferred.get(field):
        return preferred
    return next((m for m in group if m.get(field)), {})


def _first_filled(group: list[dict], field: str, preferred: dict):
    if preferred.get(field):
        return preferred[field]
    return next((m[field] for m in group if m.get(field)), None)


def reference_claims(facts: Iterable[dict]) -> list[dict]:
    """Claim rows from fact rows (fact_id, article_id, fact_type, unit, value, qualifier, actor; and
    as_of_start, as_of_end, evidence, published when given)."""
    by_claim: dict[tuple, list[dict]] = {}
    for fact in facts:
        quantity = (fact["fact_type"], fact["unit"], actor_key(fact["actor"]))
        by_claim.setdefault((quantity, fact["value"]), []).append(fact)
    articles_of = {claim: {f["article_id"] for f in group} for claim, group in by_claim.items()}
    values_of: dict[tuple, list[float]] = {}
    for quantity, value in by_claim:
        values_of.setdefault(quantity, []).append(value)
    claims = []
    for (quantity, value), group in sorted(by_claim.items(), key=lambda item: (item[0][0], item[0][1])):
        fact_type, unit, key = quantity
        mine = articles_of[(quantity, value)]
        others = (
            sorted(
                other
                for other in values_of[quantity]
                if other != value and _disagree(group, mine, by_claim[(quantity, other)], articles_of[(quantity, other)])
            )
            if key
            else []
        )
        group = sorted(group, key=lambda f: (f["article_id"], f["fact_id"]))
        actor = next((f["actor"] for f in group if f["actor"]), "")
        known = identify_actor(actor)
        quantity_key = f"{fact_type}|{unit}|{key}"
        claims.append(
            {
                "claim_id": stable_id(quantity_key, value),
                "quantity_key": quantity_key,
                "fact_type": fact_type,
                "unit": unit,
                "actor": actor,
                "actor_en": known.english if known else None,
                "value": value,
                "qualifier": group[0]["qualifier"],
                "n_sources": len(mine),
                "article_ids": sorted(mine),
                "fact_ids": [f["fact_id"] for f in group],
                "disagreement": bool(others),
                "other_values": others,
            }
        )
    return claims


def _disagree(one: list[dict], reporting_one: set[str], other: list[dict], reporting_other: set[str]) -> bool:
    """Some figure of the first value and some figure of the second describe the same moment at the same
    place, and neither's article reports the other value."""
    return any(
        f["article_id"] not in reporting_other and g["article_id"] not in reporting_one
        and _same_moment(f, g) and same_place(places_in(f.get("evidence")), places_in(g.get("evidence")))
        for f in one
        for g in other
    )


def _same_moment(f: dict, g: dict) -> bool:
    f_days, g_days = _days(f), _days(g)
    if f_days and g_days:
        return f_days == g_days
    if f_days or g_days:
        (start, end), published = (f_days, g.get("published")) if f_days else (g_days, f.get("published"))
        return published is not None and (
            datetime.combine(start, time.min) - PUBLISHED_WINDOW <= published <= datetime.combine(end, time.max) + PUBLISHED_WINDOW
        )
    published = [f.get("published"), g.get("published")]
    return None not in published and abs(published[0] - published[1]) <= PUBLISHED_WINDOW


def _days(fact: dict):
    start, end = fact.get("as_of_start"), fact.get("as_of_end")
    return (start, end) if start is not None and end is not None else None
