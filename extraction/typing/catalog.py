"""The fact types of docs/facts.md: what each counts, its unit, and its plausible range.

The plausible maximum is a data-quality bound, not a truth about the world: a
figure above it is far more likely a parsing error (a year read as a count, two
numbers glued together) than a real claim, so the facts stage refuses it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from arqam.extraction.text.lexicon import read_table


@dataclass(frozen=True, slots=True)
class FactType:
    name: str
    unit: str | None  # None: the unit is a currency code chosen per fact
    label_en: str
    plausible_max: float


FACT_TYPES: dict[str, FactType] = {
    t.name: t
    for t in (
        FactType("troops", "person", "troops deployed or stationed", 5_000_000),
        FactType("trained_personnel", "person", "personnel trained", 5_000_000),
        FactType("attacks", "attack", "attacks", 1_000_000),
        FactType("killed", "person", "people killed", 20_000_000),
        FactType("wounded", "person", "people wounded", 20_000_000),
        FactType("displaced", "person", "people displaced", 100_000_000),
        FactType("detained", "person", "people detained", 10_000_000),
        FactType("funding", None, "money pledged, granted or spent", 1e15),
        FactType("countries", "country", "countries", 250),
        FactType("sites", "site", "bases, facilities or targets", 1_000_000),
        FactType("weapons", "item", "weapons and equipment", 100_000_000),
        FactType("percentage", "percent", "percentage", 10_000),
    )
}
# weapons are counted as items or weighed in tons
WEAPON_UNITS = ("item", "ton")
OTHER = "other"  # a quantity that is not a fact of any type: kept in fact_mentions only
QUALIFIERS = ("exact", "more_than", "at_least", "less_than", "at_most", "approximately", "range", "vague")
QUANTITY_KINDS = ("cardinal", "ordinal", "percent", "money", "fraction", "vague")


@cache
def currency_codes() -> tuple[str, ...]:
    """The ISO 4217 codes of every currency the quantity parser recognizes (data/currencies.tsv)."""
    return tuple(sorted({row[2] for row in read_table("currencies.tsv") if len(row) > 2}))


def allowed_type_unit_pairs() -> list[tuple[str, str]]:
    """Every (fact_type, unit) pair a fact may have: money in a known currency, the rest in the units of docs/facts.md."""
    pairs = [(t.name, t.unit) for t in FACT_TYPES.values() if t.unit]
    pairs += [("weapons", unit) for unit in WEAPON_UNITS if unit != FACT_TYPES["weapons"].unit]
    pairs += [("funding", code) for code in currency_codes()]
    return pairs
