"""The actor of a fact: whose quantity it is.

For killed, wounded, detained and displaced, the group counted: the noun with its relative
adjectives or the force it belongs to ("جنود أميركيين", "عناصر من الحشد الشعبي", "قوات
البيشمركة"; "آخرين" and a bare coordinated count share the group of their neighbour). For the
others, the agent: a phrase after "من قبل" and the like (``data/actor_cues.tsv``), the force the
personnel belong to (``data/force_nouns.tsv``), or the subject of the verb that governs the figure
(``data/agent_verbs.tsv``: the donor of "أطلقت الولايات المتحدة ... حملة لجمع 600 مليون دولار",
of "إن واشنطن ستقدم", of "أعلن البنتاغون إرسال"). A subject is a noun phrase: definite words that
are adjectives (``data/attributive_words.tsv``), genitives, words joined by و; a second definite
noun is the verb's object, and adjectives that say how many more (إضافي,
``data/plain_adjectives.tsv``) are no actor.
"""
from __future__ import annotations

from functools import lru_cache

from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.clues import HEAD_WINDOW, PEOPLE_CLASSES, PERSON_TYPES, VICTIM_TYPES
from arqam.extraction.typing.figure import Typing
from arqam.extraction.typing.phrases import subject_after, subject_before
from arqam.extraction.typing.text import Text, classify_noun, people_nisba, word_reading

CUE_WINDOW = 8  # tokens searched back for the force named before a count
ACTOR_CUE_REACH = 8  # tokens after the figure where "من قبل" may stand
AGENT_WINDOW = 20  # tokens searched back for the verb whose subject is the actor


def actor(t: Text, typing: Typing, before: int, after: int) -> str:
    fact_type, noun_at = typing.fact_type, typing.noun_at
    if fact_type in VICTIM_TYPES:
        return group_phrase(t, noun_at, typing.partitive) if noun_at is not None else ""
    if fact_type in ("countries", "percentage"):
        return ""
    phrase = actor_cue_phrase(t, after)
    if phrase:
        return phrase
    if fact_type == "troops" and noun_at is not None:
        phrase = (
            group_phrase(t, noun_at, typing.partitive) or force_before(t, noun_at) or head_phrase(t, before)
        )
    elif fact_type == "sites" and noun_at is not None:
        phrase = force_before(t, noun_at)
    if not phrase:
        phrase = agent(t, fact_type, before)
    if not phrase and fact_type == "trained_personnel" and noun_at is not None:
        phrase = force_before(t, noun_at) or group_phrase(t, noun_at, typing.partitive)
    return phrase


def group_phrase(t: Text, noun_at: int, partitive: bool) -> str:
    """The counted noun and what names its group: relative adjectives ("جنود أميركيين"), the
    force after من ("عناصر من الحشد الشعبي"), the genitive after a partitive ("3 من عناصر
    الحشد الشعبي" → "عناصر الحشد الشعبي"). A bare noun ("جنود") names no group: ""."""
    tokens = t.tokens
    own_class = t.noun_class(noun_at)
    # a nation or group used as the noun (أمريكيين، مدنيين، إرهابيين) names itself; جنود، عسكريين do not
    named = (people_nisba(tokens[noun_at]) and (own_class is None or own_class[0] == "person")) or (
        partitive and t.is_force(noun_at)
    )
    genitive = partitive and not tokens[noun_at].definite  # عناصر الحشد، قوات البيشمركة
    start = last = noun_at
    index = noun_at + 1
    while index < len(tokens) and index - noun_at <= 7 and t.linked(index) and not t.in_quantity[index]:
        if t.in_date[index] or t.role(index) not in (None, "linking"):
            break
        token = tokens[index]
        if token.folded == "من" and index + 1 < len(tokens) and t.linked(index + 1):
            nxt = index + 1
            if t.is_force(nxt) or people_nisba(tokens[nxt]) or (
                tokens[nxt].definite and (t.noun_class(nxt) or (None,))[0] in PEOPLE_CLASSES + ("troops",)
            ):
                last, named = nxt, True
                genitive = not tokens[nxt].definite
                if (t.noun_class(noun_at) or (None,))[0] == "others" and start == noun_at:
                    start = nxt  # "11 آخرين من المدنيين": the group is المدنيين
                index = nxt + 1
                continue
            break
        if t.role(index) == "linking" or t.plain_adjective(index):
            break
        if t.adjective_like(index) or genitive and token.definite:
            last, named, genitive = index, True, False
        else:
            break
        index += 1
    return t.span(start, last) if named else ""


def head_phrase(t: Text, before: int) -> str:
    """The noun after a count head before the figure, with its adjectives: "يبلغ عدد الجنود
    الأمريكيين في العراق 2500 جندي" → "الجنود الأمريكيين"."""
    heads = vocab.count_heads()
    for index in range(before - 1, max(before - 1 - HEAD_WINDOW, -1), -1):
        if not t.same_sentence(index, before - 1) or t.tokens[index + 1].clause_break_before:
            break
        if heads.get(t.tokens[index].keys[-1]) == "head" and index + 1 < before:
            noun = index + 1
            noun_class = t.noun_class(noun)
            if t.is_force(noun) or (noun_class and noun_class[0] in ("troops", "military")):
                return noun_phrase(t, noun)
            return ""
    return ""


def force_before(t: Text, noun_at: int) -> str:
    """A force named earlier in the clause, with its adjectives: "قوات أميركية مؤلفة من 2400 جندي"."""
    for index in range(noun_at - 1, max(noun_at - 1 - CUE_WINDOW, -1), -1):
        if not t.same_sentence(index, noun_at):
            break
        if t.is_force(index) and not t.in_quantity[index]:
            phrase = noun_phrase(t, index)
            if phrase:
                return phrase
        if t.tokens[index].clause_break_before:
            break
    return ""


def noun_phrase(t: Text, head: int) -> str:
    """A noun with its genitive (when it is indefinite) and its relative adjectives; "" when alone."""
    tokens = t.tokens
    last, genitive = head, not tokens[head].definite
    index = head + 1
    while index < len(tokens) and index - head <= 5 and t.linked(index) and not t.in_quantity[index]:
        if t.role(index) is not None or t.in_date[index] or t.plain_adjective(index):
            break
        if t.adjective_like(index):
            last, genitive = index, False
        elif genitive and tokens[index].definite:
            last = index
            genitive = False
        else:
            break
        index += 1
    return t.span(head, last) if last > head else ""


def actor_cue_phrase(t: Text, after: int) -> str:
    """An agent phrase after the figure: "160 هجوما من قبل جماعات مدعومة من إيران"."""
    tokens = t.tokens
    for index in range(after, min(after + ACTOR_CUE_REACH, len(tokens))):
        if index > after and not t.linked(index):
            break
        for _rank, cue in actor_cues_at(t, index):
            window = tokens[index : index + len(cue)]
            if len(window) == len(cue) and all(w in t.keys for t, w in zip(window, cue)):
                first = index + len(cue)
                picked: list[int] = []
                for j in range(first, min(first + 4, len(tokens))):
                    if (picked and not t.linked(j)) or t.in_quantity[j] or t.role(j) in (
                        "complement", "relative", "time", "conjunction"
                    ):
                        break
                    picked.append(j)
                if picked:
                    return t.span(picked[0], picked[-1])
    return ""


def actor_cues_at(t: Text, index: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The actor cues whose first word is a reading of token ``index``, in table order."""
    return _actor_cues(t.tokens[index].text)


@lru_cache(maxsize=1 << 16)
def _actor_cues(word: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    by_word = vocab.actor_cues_by_first_word()
    return tuple(sorted(cue for key in word_reading(word)[0] for cue in by_word.get(key, ())))


def agent(t: Text, fact_type: str, before: int) -> str:
    """The subject of the nearest verb before the figure that governs figures of its type
    (أطلق، تعهد، قدم، خصص، نشر، شن، درب ...): after the verb, else before it."""
    for index in range(before - 1, max(before - 1 - AGENT_WINDOW, -1), -1):
        if not t.same_sentence(index, before - 1) or t.tokens[index + 1].strong_break_before:
            break
        if fact_type in t.agent_types(index):
            phrase = subject_before(t, index) or subject_after(t, index)
            if phrase:
                return phrase
        if fact_type in t.masdar_types(index):
            for verb in range(index - 1, max(index - 5, -1), -1):  # أعلن البنتاغون إرسال
                if not t.same_sentence(verb, index) or not t.linked(verb + 1):
                    break
                if t.governs_masdar(verb):
                    phrase = subject_before(t, verb) or subject_after(t, verb)
                    if phrase:
                        return phrase
                    break
    return ""



def share_groups(t: Text, typings: list[Typing], actors: list[str]) -> None:
    """Coordinated counts of people share their group: "مقتل 3 جنود أميركيين وإصابة 34 آخرين"
    (آخرين: the group before), "مقتل 4 وإصابة 11 جنديا عراقيا" (the bare 4: the group after)."""
    people = set(PERSON_TYPES)
    last_group: tuple[int, str] | None = None  # (sentence, actor)
    for k, typing in enumerate(typings):
        if typing.fact_type not in people:
            continue
        sentence = t.token_sentence[min(t.spans[k][0], len(t.tokens) - 1)]
        others = classify_noun(typing.counted or "") == ("others", "person")
        if not actors[k] and typing.noun_at is not None and others:
            if last_group and last_group[0] == sentence:
                actors[k] = last_group[1]
        if actors[k]:
            last_group = (sentence, actors[k])
    for k in range(len(typings) - 1, -1, -1):
        if actors[k] or not typings[k].rule.startswith("cue_only:"):
            continue
        before, after = t.spans[k]
        if k + 1 < len(typings) and typings[k + 1].fact_type in people and actors[k + 1]:
            gap = t.spans[k + 1][0] - after  # "مقتل 4 وإصابة 11 جنديا عراقيا"
            if 0 <= gap <= 2 and after < len(t.tokens) and t.tokens[after].folded.startswith("و"):
                if t.same_sentence(after, t.spans[k + 1][0]):
                    actors[k] = actors[k + 1]
                    continue
        if k > 0 and typings[k - 1].fact_type in people and actors[k - 1]:
            gap = before - t.spans[k - 1][1]  # "مقتل 4 جنود عراقيين وإصابة 11"
            joined = t.tokens[before - 1].folded.startswith("و") and t.same_sentence(before - 1, before)
            if 0 <= gap <= 4 and joined:
                actors[k] = actors[k - 1]



