"""Typing quantities as facts: the noun counted and the predicate around it decide.

A number alone says nothing: "3" is killed soldiers in "مقتل 3 جنود", wounded
in "وإصابة 34 آخرين", a duration in "300 يوما" and nothing at all in "3
عوامل".  The rules, in order:

1. the parser's kind: percentages are ``percentage``, money is ``funding``,
   ordinals and bare fractions are not facts;
2. the counted noun right after the number (or carried by a dual,
   "قاعدتين"), looked up in ``data/counted_nouns.tsv``: a noun that names its
   fact type decides alone (هجوما → attacks, نازح → displaced);
3. for people (military personnel or people in general) the nearest
   predicate cue of the same clause decides (مقتل → killed, إصابة → wounded,
   تدريب → trained_personnel ...); military personnel without a cue are troops;
4. with no noun after the number, a type noun before it ("عدد القتلى ... إلى 215").

Anything else is kept as ``other``: in ``fact_mentions`` for audit, never in ``facts``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extraction.arabic import PROCLITICS, fold
from extraction.dates import find_dates
from extraction.fact_types import FACT_TYPES, OTHER
from extraction.lexicon import read_table
from extraction.numbers import Quantity, find_quantities

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK_RE = re.compile(r"[.،,؛;:!?؟()\[\]\n«»]")
CUE_WINDOW = 8  # tokens searched back for a predicate cue, within the clause
NOUN_WINDOW = 2  # tokens searched after the number for the counted noun
NOUN_BEFORE_WINDOW = 6


@dataclass(frozen=True, slots=True)
class FactMention:
    quantity: Quantity
    fact_type: str  # a FACTS.md type or "other"
    unit: str | None
    counted: str | None  # the noun the number counts, as written
    actor: str
    attribution: str
    as_of: str | None
    sentence_index: int
    evidence_start: int
    evidence_end: int
    rule: str


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    key: str  # folded, without proclitics or article
    clause_break_before: bool


@cache
def _noun_classes() -> dict[str, tuple[str, str]]:
    """folded noun form -> (class, unit)."""
    table = {}
    for cls, unit, forms, *_ in read_table("counted_nouns.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), (cls, unit))
    return table


@cache
def _predicate_cues() -> dict[str, str]:
    table = {}
    for fact_type, forms, *_ in read_table("predicate_cues.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), fact_type)
    return table


@cache
def _attribution_cues() -> frozenset[str]:
    return frozenset(fold(form) for forms, *_ in read_table("attribution_cues.tsv") for form in forms.split())


@cache
def _force_nouns() -> frozenset[str]:
    return frozenset(fold(form) for forms, *_ in read_table("force_nouns.tsv") for form in forms.split())


@cache
def _actor_cues() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in phrase.split()) for phrase, *_ in read_table("actor_cues.tsv"))


def _lookup_keys(word: str) -> list[str]:
    """The word folded, then without its proclitics and article: every reading to look up."""
    key = fold(word)
    keys = [key]
    for clitic in PROCLITICS:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            keys.append(key[len(clitic) :])
    for k in list(keys):
        if k.startswith("ال") and len(k) > 3:
            keys.append(k[2:])
        if k.startswith("لل") and len(k) > 3:  # ل + ال
            keys.append(k[2:])
    return keys


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        gap = text[previous_end : match.start()]
        keys = _lookup_keys(match.group())
        tokens.append(_Token(match.start(), match.end(), match.group(), keys[-1], bool(_CLAUSE_BREAK_RE.search(gap))))
        previous_end = match.end()
    return tokens


def _classify_noun(word: str) -> tuple[str, str] | None:
    classes = _noun_classes()
    for key in reversed(_lookup_keys(word)):
        if key in classes:
            return classes[key]
    return None


def _cue_of(word: str) -> str | None:
    cues = _predicate_cues()
    for key in reversed(_lookup_keys(word)):
        if key in cues:
            return cues[key]
    return None


def type_quantities(text: str, sentences: list[tuple[int, int]]) -> list[FactMention]:
    """Every quantity of ``text`` with its fact type (or ``other``), in text order."""
    tokens = _tokenize(text)
    starts = [t.start for t in tokens]
    sentence_starts = [s for s, _ in sentences]
    years = [(d.start, d.year) for d in find_dates(text) if d.year]
    mentions = []
    for quantity in find_quantities(text):
        index = max(bisect.bisect_right(sentence_starts, quantity.start) - 1, 0)
        sentence = sentences[index] if sentences else (0, len(text))
        before = bisect.bisect_left(starts, quantity.start)  # first token of the quantity
        after = bisect.bisect_left(starts, quantity.end)  # first token after it
        fact_type, unit, counted, rule, noun_at = _decide(quantity, tokens, before, after)
        in_sentence = [y for start, y in years if sentence[0] <= start < sentence[1]]
        mentions.append(
            FactMention(
                quantity=quantity,
                fact_type=fact_type,
                unit=unit,
                counted=counted,
                actor=_actor(tokens, text, noun_at, after, fact_type) if fact_type != OTHER else "",
                attribution=_attribution(tokens, starts, text, sentence) if fact_type != OTHER else "",
                as_of=str(in_sentence[0]) if in_sentence and fact_type != OTHER else None,
                sentence_index=index,
                evidence_start=min(sentence[0], quantity.start),
                evidence_end=max(sentence[1], quantity.end),
                rule=rule,
            )
        )
    return mentions


def _decide(q: Quantity, tokens: list[_Token], before: int, after: int):
    """(fact_type, unit, counted noun, rule name, index of the noun token or None)."""
    if q.kind == "ordinal":
        return OTHER, None, None, "ordinal", None
    if q.kind == "percent":
        return "percentage", "percent", None, "percent", None
    if q.kind == "money":
        return "funding", q.currency or "USD", None, "money", None
    if q.kind == "fraction":
        return OTHER, None, None, "fraction_without_amount", None
    noun_at = None
    if q.counted:
        noun_class = _classify_noun(q.counted)
        counted = q.counted
        noun_at = before
    else:
        noun_class, counted, noun_at = _noun_after(tokens, after)
    if noun_class is None:
        return _noun_before(tokens, before)
    cls, unit = noun_class
    if cls in FACT_TYPES:
        if cls == "troops" or cls == "trained_personnel":
            cue = _nearest_cue(tokens, before, noun_at)
            if cue and cue != cls:
                return cue, "person", counted, f"cue:{cue}+noun:{cls}", noun_at
        return cls, unit, counted, f"noun:{cls}", noun_at
    if cls in ("military", "person"):
        cue = _nearest_cue(tokens, before, noun_at)
        if cue:
            return cue, "person", counted, f"cue:{cue}+noun:{cls}", noun_at
        if cls == "military":
            return "troops", "person", counted, "noun:military", noun_at
        return OTHER, None, counted, "people_without_predicate", noun_at
    return OTHER, None, counted, f"not_a_fact:{cls}", noun_at


def _noun_after(tokens: list[_Token], after: int):
    """The counted noun: the first word after the number, past a partitive من."""
    index = after
    for _ in range(NOUN_WINDOW):
        if index >= len(tokens) or tokens[index].clause_break_before:
            return None, None, None
        token = tokens[index]
        if token.text.isdigit():
            return None, None, None
        noun_class = _classify_noun(token.text)
        if noun_class is not None:
            return noun_class, token.text, index
        if fold(token.text) != "من":
            return None, None, None
        index += 1
    return None, None, None


def _noun_before(tokens: list[_Token], before: int):
    """No noun after the number: a counted noun shortly before it, after عدد or حصيلة ("عدد القتلى إلى 215")."""
    seen_count_word = False
    for index in range(before - 1, max(before - 1 - NOUN_BEFORE_WINDOW, -1), -1):
        token = tokens[index]
        noun_class = _classify_noun(token.text)
        if noun_class and noun_class[0] in FACT_TYPES and noun_class[0] not in ("weapons",):
            if index > 0 and tokens[index - 1].key in ("عدد", "حصيله"):
                return noun_class[0], noun_class[1], token.text, f"noun_before:{noun_class[0]}", index
        if token.key in ("عدد", "حصيله"):
            seen_count_word = True
        if tokens[index].clause_break_before and not seen_count_word:
            break
    return OTHER, None, None, "no_counted_noun", None


def _nearest_cue(tokens: list[_Token], before: int, noun_at: int | None) -> str | None:
    """The closest predicate cue before the number in its clause, else one right after the noun."""
    for index in range(before - 1, max(before - 1 - CUE_WINDOW, -1), -1):
        cue = _cue_of(tokens[index].text)
        if cue:
            return cue
        if tokens[index].clause_break_before:
            break
    if noun_at is not None:
        for index in range(noun_at + 1, min(noun_at + 4, len(tokens))):
            if tokens[index].clause_break_before:
                break
            cue = _cue_of(tokens[index].text)
            if cue:
                return cue
    return None


def _nisba(word: str) -> bool:
    """A relative adjective (أميركيين، عراقي، أمنية): the usual way an actor is named after a noun."""
    key = fold(word)
    return len(key) > 3 and key.endswith(("ي", "يه", "يين", "يون", "يا"))


def _actor(tokens: list[_Token], text: str, noun_at: int | None, after: int, fact_type: str) -> str:
    """Whose quantity: an agent phrase ("من قبل جماعات مدعومة من إيران"), else the noun with its adjectives."""
    for index in range(after, min(after + 8, len(tokens))):
        if index > after and tokens[index].clause_break_before:
            break
        for cue in _actor_cues():
            window = tokens[index : index + len(cue)]
            if len(window) == len(cue) and all(t.key == w or fold(t.text) == w for t, w in zip(window, cue)):
                phrase_start = index + len(cue)
                phrase = []
                for t in tokens[phrase_start : phrase_start + 4]:
                    if t.clause_break_before and phrase:
                        break
                    phrase.append(t)
                if phrase:
                    return text[phrase[0].start : phrase[-1].end]
    if noun_at is None or fact_type in ("countries", "sites", "weapons", "funding", "percentage"):
        return ""
    return _noun_with_adjectives(tokens, text, noun_at) or _force_before(tokens, text, noun_at)


def _noun_with_adjectives(tokens: list[_Token], text: str, noun_at: int) -> str:
    """The counted noun and the relative adjectives after it: "جنود أميركيين"."""
    last = noun_at
    while last + 1 < len(tokens) and last + 1 - noun_at <= 2 and not tokens[last + 1].clause_break_before and _nisba(
        tokens[last + 1].text
    ):
        last += 1
    return text[tokens[noun_at].start : tokens[last].end] if last > noun_at else ""


def _force_before(tokens: list[_Token], text: str, noun_at: int) -> str:
    """A force named earlier in the clause, with its adjectives: "قوات أميركية مؤلفة من 2400 جندي"."""
    forces = _force_nouns()
    for index in range(noun_at - 1, max(noun_at - 1 - CUE_WINDOW, -1), -1):
        if tokens[index].key in forces or fold(tokens[index].text) in forces:
            return _noun_with_adjectives(tokens, text, index)
        if tokens[index].clause_break_before:
            break
    return ""


def _attribution(tokens: list[_Token], starts: list[int], text: str, sentence: tuple[int, int]) -> str:
    """Who makes the claim: the name after a speech or source cue in the same sentence."""
    cues = _attribution_cues()
    first = bisect.bisect_left(starts, sentence[0])
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.start >= sentence[1]:
            break
        if fold(token.text) in cues or token.key in cues:
            name = []
            for t in tokens[index + 1 : index + 4]:
                if t.clause_break_before or t.start >= sentence[1] or fold(t.text) in ("ان", "انه", "في", "الى", "على", "من"):
                    break
                name.append(t)
            if name:
                return text[name[0].start : name[-1].end]
    return ""
