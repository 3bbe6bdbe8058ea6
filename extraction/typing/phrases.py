"""Noun phrases around a verb: the subject after or before it, the end of a noun phrase. The actor
of a pledge or a deployment and the speaker of a sentence are both read with these."""
from __future__ import annotations

from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.extraction.typing.text import Text, nisba

SUBJECT_MAX = 12  # tokens of a subject phrase


def subject_after(t: Text, verb: int) -> str:
    """The subject right after a verb: "أطلقت الولايات المتحدة ووزراء الدول الأعضاء في التحالف
    الدولي حملة ..." → "الولايات المتحدة ووزراء الدول الأعضاء في التحالف الدولي"."""
    last = noun_phrase_end(t, verb + 1)
    return t.span(verb + 1, last) if last >= 0 else ""


def noun_phrase_end(t: Text, start: int, loose: bool = False, names: bool = False, limit: int | None = None) -> int:
    """The last token of the noun phrase that starts at ``start`` (-1 if none starts there): a
    head word, then definite words that are adjectives or genitives (after an indefinite head),
    words joined by و, في/من before a definite word (before any word when ``loose``), relative
    adjectives, and with ``names`` the words of a name after a title ("الرئيس الأميركي جو
    بايدن"). A definite noun after a definite word is the verb's object ("سلمت الولايات
    المتحدة العراق"), a word with a pronoun too ("التزامهما")."""
    tokens = t.tokens
    picked: list[int] = []
    index = start
    end = len(tokens) if limit is None else min(limit + 1, len(tokens))
    while index < end and len(picked) < SUBJECT_MAX:
        if (picked and not t.linked(index)) or t.in_quantity[index] or t.in_date[index]:
            break
        token, role = tokens[index], t.role(index)
        if role not in (None, "linking", "keep") or t.is_masdar(index) or t.cue(index):
            break
        if not picked:
            if role == "linking" or token.folded.startswith(("لل", "بال")) or object_noun(t, index):
                break
            if looks_like_verb(t, index):
                break  # "ومنح بلغت قيمتها": منح was a noun, and بلغت is no subject
            if t.head_roles(index):
                break  # "يرفع عدد أفراد بعثته": the count is the object
            picked.append(index)
        elif role == "linking":
            nxt = index + 1
            if nxt < len(tokens) and t.linked(nxt) and (tokens[nxt].definite or loose):
                picked.append(index)
            else:
                break
        elif t.suffixed(index):
            break  # "التزامهما": an object with its pronoun, not part of the subject
        elif t.plain_adjective(index):
            break
        elif nisba(token.text):
            picked.append(index)
        elif token.definite:
            previous = picked[-1]
            coordinated = token.folded.startswith("و")  # التصدير والاستيراد، الولايات المتحدة والعراق
            if not (
                coordinated
                or t.adjective_like(index)
                or t.construct_head(previous)
                or t.role(previous) == "linking"
            ):
                break  # "سلمت الولايات المتحدة العراق"، "تمول الولايات المتحدة البرنامج": the object
            picked.append(index)
        elif token.folded.startswith("و") and len(token.folded) > 3:
            picked.append(index)  # ووزراء، وبريطانيا
        elif loose and t.role(picked[-1]) == "linking":
            picked.append(index)  # في بغداد
        elif names and (tokens[picked[-1]].definite or nisba(tokens[picked[-1]].text) or picked[-1] > start):
            picked.append(index)  # جو بايدن after الرئيس الأميركي
        else:
            break
        index += 1
    while picked and t.role(picked[-1]) == "linking":
        picked.pop()
    return picked[-1] if picked else -1


def looks_like_verb(t: Text, index: int) -> bool:
    """An indefinite four-letter word in ت with no long vowel before it: the feminine past tense
    of a verb (بلغت، قامت، وصلت), never a subject."""
    folded = t.tokens[index].folded
    return len(folded) == 4 and folded.endswith("ت") and folded[2] not in "اوي"


def object_noun(t: Text, index: int) -> bool:
    """A counted noun right after a verb is its object, not its subject ("فشنت ضربات")."""
    noun_class = t.noun_class(index)
    return noun_class is not None and noun_class[0] in FACT_TYPES


def subject_before(t: Text, verb: int) -> str:
    """The subject before its verb, a noun phrase from a clause start (a complement, كان, a
    particle, a conjunction, a comma) to the verb: "إن واشنطن ستقدم"، "وكانت السفارة الأمريكية في
    بغداد قد أعلنت"; or the noun a relative pronoun refers to: "فرنسا التي تنشر"."""
    if verb < 1 or t.tokens[verb].punct_before or not t.same_sentence(verb - 1, verb):
        return ""  # a quote mark may stand between a subject and its verb: «الناتو» يرفع
    index = verb - 1
    relative = False
    while index >= 0 and t.same_sentence(index, verb) and (
        t.role(index) == "particle" or (t.role(index) == "relative" and t.tokens[index].definite)
    ):
        if t.role(index) == "relative":
            if subject_after(t, verb):
                return ""  # "البرنامج الذي تموله الولايات المتحدة": the relative clause names its subject
            relative = True
        index -= 1  # قد، سوف; التي، الذي
    last = index
    picked: list[int] = []
    clean = False  # the phrase starts at the start of a clause
    while index >= 0 and t.same_sentence(index, verb) and len(picked) < 6:
        if t.in_quantity[index] or t.in_date[index]:
            break
        if index < last and not t.linked(index + 1):
            clean = True  # a comma: the phrase starts after it
            break
        role = t.role(index)
        if role == "linking" and picked:
            picked.append(index)  # "السفارة الأمريكية في بغداد قد أعلنت"
            index -= 1
            continue
        if role is not None or t.agent_types(index) or t.suffixed(index) or t.cue(index):
            clean = role in ("complement", "be", "particle", "conjunction")
            break
        if vocab.attribution_cues().get(t.tokens[index].folded) or t.is_masdar(index):
            break
        picked.append(index)
        index -= 1
    else:
        clean = len(picked) < 6  # the start of the sentence
    sentence_start = clean and (index < 0 or not t.same_sentence(index, verb))
    if relative:  # the shortest noun phrase that ends right before the relative pronoun
        for start in sorted(picked, reverse=True):
            if noun_phrase_end(t, start, loose=True, limit=last) == last:
                return t.span(start, last)
        return ""
    if not clean or not picked or t.role(picked[-1]) == "linking":
        return ""
    first = picked[-1]
    if sentence_start and first < last:
        # with no إن, كان or comma before it, the words must make one noun phrase that starts
        # like a subject: "وزير الدفاع الأمريكي قال"، not "وتشارك في البعثة فرنسا تنشر"
        if noun_phrase_end(t, first, loose=True, names=True, limit=last) != last:
            return ""
        if not (t.tokens[first].definite or (t.construct_head(first) and t.tokens[first + 1].definite)):
            return ""
    return t.span(first, last)

