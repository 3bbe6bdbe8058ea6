"""Claims: the same figure across articles, and where articles disagree.

A claim is one value of one quantity — a fact type, a unit and an actor —
with every article that reports it.  Actors are compared by their gazetteer
key when the gazetteer knows them (data/actors.tsv: "القوات الأمريكية" and
"قوات أميركية" are both ``us_forces``), else by a spelling-insensitive key of
the phrase.

When articles give different values for the same quantity of the same named
actor, each of those claims is flagged as a disagreement, with the other
values side by side (``other_values``).  Two values disagree when one article
reports the first and not the second while another reports the second and not
the first: an article that states both (a figure then and now, a total and a
part) contradicts nothing by itself.  Figures without a named actor are never
compared: two unattributed death tolls are rarely the same quantity.
"""
from __future__ import annotations

from collections.abc import Iterable

from extraction.actors import actor_key, identify_actor
from extraction.ids import stable_id

__all__ = ["actor_key", "build_claims"]


def build_claims(facts: Iterable[dict]) -> list[dict]:
    """Claim rows from fact rows (fact_id, article_id, fact_type, unit, value, qualifier, actor)."""
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
                if other != value and _contradict(mine, articles_of[(quantity, other)])
            )
            if key
            else []
        )
        group.sort(key=lambda f: (f["article_id"], f["fact_id"]))
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


def _contradict(reporting_one: set[str], reporting_other: set[str]) -> bool:
    """Some article reports only the first value and another only the second."""
    return bool(reporting_one - reporting_other) and bool(reporting_other - reporting_one)
