"""Claims: the same figure across articles, and where articles disagree.

A claim is one value of one quantity — a fact type, a unit and an actor —
with every article that reports it.  When articles give different values for
the same quantity of the same named actor, each of those claims is flagged as
a disagreement, with the other values side by side.  Figures without a named
actor are never compared: two unattributed death tolls are rarely the same
quantity.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from extraction.arabic import fold
from extraction.ids import stable_id
from extraction.lexicon import read_table

_ARTICLE_RE = re.compile(r"\bال")


@cache
def _spelling_variants() -> tuple[tuple[str, str], ...]:
    return tuple((variant, canonical) for variant, canonical, *_ in read_table("spelling_variants.tsv"))


def actor_key(actor: str) -> str:
    """Spelling-insensitive actor: أميركية / أمريكية / الأمريكية fall together."""
    key = fold(actor or "")
    for variant, canonical in _spelling_variants():
        key = key.replace(variant, canonical)
    key = _ARTICLE_RE.sub("", key)
    return " ".join(key.split())


def build_claims(facts: Iterable[dict]) -> list[dict]:
    by_claim: dict[tuple, list[dict]] = {}
    for fact in facts:
        quantity = (fact["fact_type"], fact["unit"], actor_key(fact["actor"]))
        by_claim.setdefault((quantity, fact["value"]), []).append(fact)
    values_of: dict[tuple, set[float]] = {}
    for quantity, value in by_claim:
        values_of.setdefault(quantity, set()).add(value)
    claims = []
    for (quantity, value), group in sorted(by_claim.items(), key=lambda item: (item[0][0], item[0][1])):
        fact_type, unit, key = quantity
        others = sorted(values_of[quantity] - {value}) if key else []
        group.sort(key=lambda f: f["article_id"])
        quantity_key = f"{fact_type}|{unit}|{key}"
        claims.append(
            {
                "claim_id": stable_id(quantity_key, value),
                "quantity_key": quantity_key,
                "fact_type": fact_type,
                "unit": unit,
                "actor": next((f["actor"] for f in group if f["actor"]), ""),
                "value": value,
                "qualifier": group[0]["qualifier"],
                "n_sources": len({f["article_id"] for f in group}),
                "article_ids": sorted({f["article_id"] for f in group}),
                "fact_ids": [f["fact_id"] for f in group],
                "disagreement": bool(others),
                "other_values": others,
            }
        )
    return claims
