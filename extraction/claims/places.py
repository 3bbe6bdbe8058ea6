"""The places a sentence names (data/places.tsv): cities, provinces and bases of the news.

Claims set two figures against each other only where they can be about the same incident;
a sentence that names Erbil and one that names Ain al-Asad are not.  A place is read as a
whole word, after the proclitics و ب ف ك ل («بالموصل»، «للموصل»), spelling folded
(``arabic.fold``).  A place may lie within another (a base within its province): the two
are then the same place for a comparison (``same_place``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from arqam.extraction.text.arabic import fold
from arqam.extraction.text.lexicon import read_table


@cache
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """(folded form -> key, key -> the key of the place it lies within)."""
    keys, within = {}, {}
    for forms, key, parent, *_ in read_table("places.tsv"):
        for form in forms.split("،"):
            if form.strip():
                keys[fold(form.strip())] = key.strip()
        if parent.strip():
            within[key.strip()] = parent.strip()
    return keys, within


def _alternatives(form: str) -> list[str]:
    """The form after its proclitics; after ل a form's article loses its alef (للموصل)."""
    found = ["[وبفك]{0,2}" + re.escape(form)]
    if form.startswith("ال"):
        found.append("[وف]?ل" + re.escape(form[1:]))
    return found


_PLACE_RE = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(alt for form in sorted(_places()[0], key=len, reverse=True) for alt in _alternatives(form))
    + r")(?![^\W\d_])"
)


def places_in(text: str) -> frozenset[str]:
    """The keys of the places ``text`` names."""
    if not text:
        return frozenset()
    keys = _places()[0]
    found = set()
    for match in _PLACE_RE.finditer(fold(text)):
        word = match.group()
        key = keys.get(word) or _key_after_proclitics(word, keys)
        if key:
            found.add(key)
    return frozenset(found)


def _key_after_proclitics(word: str, keys: dict[str, str]) -> str | None:
    for cut in (1, 2):
        rest = word[cut:]
        if rest in keys:
            return keys[rest]
        if word[cut - 1 : cut] == "ل" and "ا" + rest in keys:  # للموصل: ل + (ا)لموصل
            return keys["ا" + rest]
    return None


def same_place(first: Iterable[str], second: Iterable[str]) -> bool:
    """Whether two sentences' places allow one incident: either names none, or they share a place,
    or one names a place within a place the other names."""
    first, second = set(first), set(second)
    if not first or not second:
        return True
    within = _places()[1]
    return bool(first & second) or any(within.get(p) in second for p in first) or any(
        within.get(q) in first for q in second
    )


def places_within(places: Iterable[str]) -> frozenset[str]:
    """The places that ``places`` lie within (a base's province): what ``same_place`` also matches."""
    within = _places()[1]
    return frozenset(within[p] for p in places if p in within)
