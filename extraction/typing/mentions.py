"""Every quantity of a text typed as a fact (or ``other``), with its actor, attribution, as_of and
evidence: what the ``fact_mentions`` stage stores."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from arqam.extraction.numbers.quantity import Quantity
from arqam.extraction.typing import clues
from arqam.extraction.typing.actor import actor, share_groups
from arqam.extraction.typing.as_of import as_of_date
from arqam.extraction.typing.attribution import CARRY_SENTENCES, Attributions
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.rules import FALLBACK, decide
from arqam.extraction.typing.rules.continuation import ANTECEDENT_SENTENCES
from arqam.extraction.typing.text import Reach, Text

# What typing reads beyond a figure's sentence, each reach where its rule lives: the speaker a bare
# "وأضاف" carries (attribution), the place the article is about (clues.topic_situation), the figure
# a continuation counts (rules.continuation), and the lead (clues.topic_situation, clues.attack_lead).
# The other rules read in the figure's sentence; every other sentence is left untokenized.
READ = Reach(before=max(CARRY_SENTENCES, clues.TOPIC_SENTENCES, ANTECEDENT_SENTENCES), lead=clues.LEAD_SENTENCES)


@dataclass(frozen=True, slots=True)
class FactMention:
    quantity: Quantity
    fact_type: str  # a fact type of docs/facts.md or "other"
    unit: str | None
    counted: str | None  # the noun the number counts, as written
    actor: str
    attribution: str
    as_of: str | None
    sentence_index: int
    evidence_start: int
    evidence_end: int
    rule: str
    as_of_start: date | None = None  # the days as_of covers
    as_of_end: date | None = None


def type_figures(text: Text, deciders: list[str] | None = None) -> list[Typing]:
    """The typing of every quantity of ``text``, in text order, each knowing the ones before it;
    ``deciders``, when given, receives the name of the registry rule that typed each."""
    typings: list[Typing] = []
    for k in range(len(text.quantities)):
        rule, typing = decide(Figure(text, k, typings))
        if typing.fact_type == "wounded" and clues.illness_after(text, text.spans[k][1]):
            typing = other("infection_not_wound", typing.counted, typing.noun_at)
        typings.append(typing)
        if deciders is not None:
            deciders.append(rule.name if rule else FALLBACK)
    share_types(text, typings)
    return typings


def type_quantities(text: str, sentences: list[tuple[int, int]]) -> list[FactMention]:
    """Every quantity of ``text`` with its fact type (or ``other``), in text order."""
    t = Text(text, sentences, READ)
    typings = type_figures(t)
    actors = [
        actor(t, typing, before, after) if typing.fact_type != OTHER else ""
        for typing, (before, after) in zip(typings, t.spans)
    ]
    share_groups(t, typings, actors)
    attributions = Attributions(t) if any(typing.fact_type != OTHER for typing in typings) else None
    mentions = []
    for q, typing, who, (before, after) in zip(t.quantities, typings, actors, t.spans):
        index = t.sentence_of(q.start)
        sentence = t.sentences[index] if sentences else (0, len(text))
        if typing.factor != 1:
            q = _scaled(q, typing.factor)
        if typing.fact_type != OTHER and not _plausible(typing.fact_type, q):
            typing, who = other(f"implausible_value:{typing.rule}", typing.counted, typing.noun_at), ""
        is_fact = typing.fact_type != OTHER
        when = as_of_date(t, before, after) if is_fact else None
        mentions.append(
            FactMention(
                quantity=q,
                fact_type=typing.fact_type,
                unit=typing.unit,
                counted=typing.counted,
                actor=who,
                attribution=attributions.of(before, index) if is_fact and attributions else "",
                as_of=when.text if when else None,
                sentence_index=index,
                evidence_start=(span := evidence_span(text, sentence, q.start, q.end))[0],
                evidence_end=span[1],
                rule=typing.rule,
                as_of_start=when.start if when else None,
                as_of_end=when.end if when else None,
            )
        )
    return mentions


EVIDENCE_MAX = 600  # characters: a sentence up to this long is the evidence whole
EVIDENCE_SIDE = 240  # characters kept on each side of the figure in a longer one


def evidence_span(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The span quoted as a figure's evidence: its sentence, or of a longer sentence the words
    around the figure (at most ``EVIDENCE_SIDE`` characters on each side, cut between words).

    Every mention stores its evidence: a whole sentence each would make a text of one endless
    sentence with many figures cost its length times its figures (a page of 100,000 numbers,
    gigabytes); this keeps a mention's evidence bounded whatever the text."""
    first, last = min(sentence[0], start), max(sentence[1], end)
    if last - first <= EVIDENCE_MAX:
        return first, last
    low, high = max(first, start - EVIDENCE_SIDE), min(last, end + EVIDENCE_SIDE)
    if low > first:
        space = text.find(" ", low, start)
        low = space + 1 if space >= 0 else low
    if high < last:
        space = text.rfind(" ", end, high)
        high = space if space >= 0 else high
    return low, high


def _scaled(q: Quantity, factor: float) -> Quantity:
    """The quantity in the fact's unit: 35 كغم is 0.035 ton."""

    def scale(value: float) -> float:
        scaled = round(value * factor, 9)
        return int(scaled) if float(scaled).is_integer() else scaled

    return replace(
        q,
        value=scale(q.value),
        value_min=None if q.value_min is None else scale(q.value_min),
        value_max=None if q.value_max is None else scale(q.value_max),
    )


def _plausible(fact_type: str, q: Quantity) -> bool:
    """Inside the facts suite's bounds (``value_plausible_*``): above zero, at most the type's maximum.

    A figure outside them (``0 جندي``، ``300 دولة``، a typo of six zeros) is kept as a mention
    typed ``other``: as a fact it would fail a blocking check of the facts stage, and one such
    sentence in an untrusted article would then stop every article's facts, run after run."""
    return 0 < q.value <= FACT_TYPES[fact_type].plausible_max


def share_types(t: Text, typings: list[Typing]) -> None:
    """"من نحو 500 إلى 4 آلاف عنصر": the old value of a change counts what the new one counts;
    "اعترضت 5 من أصل 7 طائرات": the part counts what the whole counts."""
    for k in range(len(typings) - 2, -1, -1):
        if typings[k].rule != "no_counted_noun" or typings[k + 1].fact_type == OTHER:
            continue
        after, nxt = t.spans[k][1], t.spans[k + 1][0]
        if _part_of_whole(t, after, nxt) and typings[k + 1].counted:
            fact_type, unit = typings[k + 1].fact_type, typings[k + 1].unit
            typings[k] = Typing(fact_type, unit, None, f"part_of:{fact_type}", typings[k + 1].noun_at,
                                factor=typings[k + 1].factor)
            continue
        if nxt == after + 1 and t.tokens[after].folded in ("الي", "حتي") and t.linked(after):
            if t.linked(nxt) and typings[k + 1].counted:
                fact_type, unit = typings[k + 1].fact_type, typings[k + 1].unit
                typings[k] = Typing(fact_type, unit, None, f"change_from:{fact_type}", typings[k + 1].noun_at,
                                    factor=typings[k + 1].factor)


def _part_of_whole(t: Text, after: int, nxt: int) -> bool:
    """"5 من أصل 7"، "5 من مجموع 7": the tokens between two figures make the first a part of the
    second (a bare "من" makes a ratio: "واحد من ثلاثة")."""
    words = [t.tokens[i].folded for i in range(after, nxt)]
    return words in (["من", "اصل"], ["من", "مجموع"]) and all(t.linked(i) for i in range(after, nxt + 1))
