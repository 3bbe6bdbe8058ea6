"""Known actors: the gazetteer of data/actors.tsv, looked up inside an actor phrase.

Fact typing names a fact's actor with a short Arabic phrase from the text
("قوات أميركية", "جنود أميركيين", "جماعات مدعومة من إيران").  ``identify_actor``
finds the gazetteer entity that phrase names, for two uses:

* an English name for analysts who do not read Arabic (``actor_en``);
* one key per entity, so that claims compare "القوات الأمريكية" and
  "قوات أميركية" as the same actor (``actor_key``).

Words are compared by a lookup key that erases what the press varies for one
name (see the head of actors.tsv): letter variants, the article, a glued
conjunction on the first word, the gender and number of a relative adjective,
and the spellings of spelling_variants.tsv.  The gazetteer's forms become a
trie of word keys; a phrase is scanned once from every word, never deeper
than the longest form, so the cost is linear in the phrase.  The longest
form found wins, the earlier one on a tie.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from arqam.extraction.text.arabic import PROCLITICS, fold
from arqam.extraction.text.lexicon import read_table

_WORD_RE = re.compile(r"\w+")
# The article, alone or after a glued conjunction or preposition (ل + ال is written لل).
_ARTICLES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
# Endings of a relative adjective's feminine, plural and dual forms, folded (ة is ه).
_NISBA_ENDINGS = ("يين", "يون", "يات", "يتين", "يتان", "يه")
_END = ""  # the trie slot that holds the entity a form ends with
_FORM_SEPARATOR = "،"


@dataclass(frozen=True, slots=True)
class Actor:
    key: str  # a stable ASCII key: us_forces, iran_backed_groups ...
    english: str  # the English name analysts read: "US forces"


@cache
def _spelling_variants() -> tuple[tuple[str, str], ...]:
    return tuple((variant, canonical) for variant, canonical, *_ in read_table("spelling_variants.tsv"))


def _respell(key: str) -> str:
    for variant, canonical in _spelling_variants():
        key = key.replace(variant, canonical)
    return key


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The lookup key of one word: folded, without the article, one spelling, an adjective's base form."""
    key = fold(word)
    for article in _ARTICLES:
        if key.startswith(article) and len(key) - len(article) >= 2:
            key = key[len(article) :]
            break
    key = _respell(key)
    for ending in _NISBA_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            return key[: -len(ending)] + "ي"
    return key


def _first_word_keys(word: str) -> tuple[str, ...]:
    """The keys a name's first word may have: as written, or after a glued و ف ب ل ك (وداعش، لواشنطن)."""
    folded = fold(word)
    keys = [word_key(folded)]
    for proclitic in PROCLITICS:
        if folded.startswith(proclitic) and len(folded) - len(proclitic) >= 3:
            keys.append(word_key(folded[len(proclitic) :]))
    return tuple(dict.fromkeys(keys))


@cache
def gazetteer() -> tuple[tuple[Actor, tuple[str, ...], str], ...]:
    """Every entry of actors.tsv: the actor, its Arabic forms and the note."""
    entries = []
    for row in read_table("actors.tsv"):
        if len(row) < 3:
            raise ValueError(f"actors.tsv: a line needs a key, an English name and forms: {row!r}")
        key, english, forms = (field.strip() for field in row[:3])
        note = row[3].strip() if len(row) > 3 else ""
        entries.append((Actor(key, english), tuple(f.strip() for f in forms.split(_FORM_SEPARATOR) if f.strip()), note))
    return tuple(entries)


@cache
def _trie() -> tuple[dict, int]:
    """The forms as a trie of word keys, and the longest form in words."""
    root: dict = {}
    depth = 0
    keys_seen: set[str] = set()
    for actor, forms, _ in gazetteer():
        if actor.key in keys_seen:
            raise ValueError(f"actors.tsv: key {actor.key!r} appears twice")
        keys_seen.add(actor.key)
        for form in forms:
            words = _WORD_RE.findall(fold(form))
            node = root
            for word in words:
                node = node.setdefault(word_key(word), {})
            other = node.get(_END)
            if other is not None and other != actor:
                raise ValueError(f"actors.tsv: {form!r} names both {other.key} and {actor.key}")
            node[_END] = actor
            depth = max(depth, len(words))
    return root, depth


def identify_actor(phrase: str | None) -> Actor | None:
    """The gazetteer entity named in ``phrase`` (the longest form found), or None."""
    if not phrase:
        return None
    words = _WORD_RE.findall(fold(phrase))
    keys = [word_key(word) for word in words]
    root, _ = _trie()
    best: Actor | None = None
    best_length = 0
    for start, word in enumerate(words):
        for first in _first_word_keys(word):
            node = root.get(first)
            end = start + 1
            while node is not None:
                actor = node.get(_END)
                if actor is not None and end - start > best_length:
                    best, best_length = actor, end - start
                if end == len(keys):
                    break
                node = node.get(keys[end])
                end += 1
    return best


def spelling_key(actor: str | None) -> str:
    """A spelling-insensitive key of any actor phrase: أميركية / أمريكية / الأمريكية fall together."""
    return " ".join(word_key(word) for word in _WORD_RE.findall(fold(actor or "")))


def actor_key(actor: str | None) -> str:
    """What claims compare: the gazetteer key when the actor is known, else the phrase's spelling key."""
    known = identify_actor(actor)
    return known.key if known else spelling_key(actor)


@cache
def english_names() -> tuple[str, ...]:
    """Every English name of the gazetteer (the values actor_en may take)."""
    return tuple(sorted({actor.english for actor, _, _ in gazetteer()}))


@cache
def known_keys() -> tuple[str, ...]:
    return tuple(sorted({actor.key for actor, _, _ in gazetteer()}))
