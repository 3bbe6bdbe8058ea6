"""What the words around a figure say: the noun it counts, the predicate that governs it, a count
head before it, the situation of its sentence. Small functions over a ``Text``, each looking a
bounded number of tokens around the figure; the rules (``rules/``) combine them.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from arqam.extraction.numbers.quantity import Quantity
from arqam.extraction.text.arabic import fold
from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.extraction.typing.text import (
    QUOTE_RE,
    Text,
    classify_noun,
    has_pronoun,
    nisba,
    people_nisba,
    pronoun_stems,
    without_pronoun,
    word_reading,
)

CUE_WINDOW = 8  # tokens searched back for a predicate cue, within the clause
NOUN_WINDOW = 2  # tokens searched after the number for the counted noun (a partitive من between)
HEAD_WINDOW = 20  # tokens searched back for "عدد القتلى" before a number with no noun
APPOSITION_WINDOW = 8  # tokens searched back from "عددها" for the noun it refers to

VICTIM_TYPES = ("killed", "wounded", "detained", "displaced")  # the actor is the group counted
PERSON_TYPES = (*VICTIM_TYPES, "troops", "trained_personnel")
PEOPLE_CLASSES = ("military", "member", "person", "others")
OTHER_CASUALTY = {"killed": "wounded", "wounded": "killed"}
PRESENCE = "presence"  # a predicate of being somewhere (يضم، وجود، نقل): troops only for forces, and
# only where no situation says otherwise


class Noun(NamedTuple):
    cls: str
    unit: str
    at: int  # its token
    partitive: bool  # after a partitive من: "3 من عناصر الحشد"
    text: str  # as written


def counted_noun(t: Text, q: Quantity, before: int, after: int) -> Noun | None:
    """The noun a quantity counts: a dual carries its own (قاعدتين), else the first word after the
    number (past a partitive من, inside the quantity when a qualifier follows it: "27 شخصا على
    الأقل"), else for ``واحد`` the noun right before it ("قُتل شرطي واحد")."""
    if q.counted:
        noun_at = max(bisect.bisect_right(t.starts, q.number_start) - 1, 0)  # the token holding the dual (وعجلتين)
        noun_class = t.noun_class(noun_at) if t.tokens[noun_at].text.endswith(q.counted) else classify_noun(q.counted)
        if noun_class is None:
            noun_class = _singular_class(t, noun_at, fold(q.counted))
        return Noun(*noun_class, noun_at, False, q.counted) if noun_class else None
    number_end = _token_at(t, q.number_end)
    found = noun_after(t, min(number_end, after), after)
    if found is not None and found.cls == "countries" and found.partitive and q.value > FACT_TYPES["countries"].plausible_max:
        return Noun("person", "person", found.at, True, found.text)  # "وآلاف من دول التحالف": people from states
    if found is not None:
        return found
    found = noun_before_one(t, q, before)
    if found is None and q.value == 1 and q.kind == "cardinal" and q.text.split()[-1] in ("واحد", "واحدة", "وواحد", "وواحدة"):
        return Noun("unknown", "-", before, False, q.text)  # "في آن واحد": one with nothing counted
    return found


def dated(t: Text, index: int) -> bool:
    """"عام 2020"، "سنة ٢٠١٤": a year word with the year's number after it names a date."""
    following = index + 1
    if following >= len(t.tokens) or not t.linked(following) or not t.tokens[following].text.isdigit():
        return False
    return len(t.tokens[following].text) == 4 and 1900 <= int(t.tokens[following].text) <= 2100


_DUAL_ENDINGS = (("تين", "ه"), ("تان", "ه"), ("تي", "ه"), ("تا", "ه"), ("ين", ""), ("ان", ""))


def _singular_class(t: Text, noun_at: int, dual: str) -> tuple[str, str] | None:
    """The class of a dual through its singular: "بطاريتي باتريوت" (بطارية)، "حاملتي طائرات"
    (حاملة طائرات: a phrase of counted_phrases.tsv, with the word after it)."""
    singulars = [vocab.dual_singulars()[dual]] if dual in vocab.dual_singulars() else []
    singulars += [dual[: -len(ending)] + stem for ending, stem in _DUAL_ENDINGS if dual.endswith(ending) and len(dual) > len(ending) + 2]
    following = t.tokens[noun_at + 1].keys if noun_at + 1 < len(t.tokens) and t.linked(noun_at + 1) else ()
    for singular in singulars:
        by_next = vocab.noun_phrases().get(fold(singular))
        phrase_class = next((by_next[k] for k in following if k in by_next), None) if by_next else None
        noun_class = phrase_class or classify_noun(singular)
        if noun_class is not None and noun_class[0] != "not_a_noun":
            return noun_class
    return None


def _token_at(t: Text, offset: int) -> int:
    return bisect.bisect_left(t.starts, offset)


def fold_word(word: str) -> str:
    """A word folded for lookups (hamza, alef maqsura, ta marbuta), punctuation around it removed."""
    return fold(word.strip("\"'«»()[]،,.:؛"))


def noun_after(t: Text, after: int, outside: int | None = None) -> Noun | None:
    """The first word after the number, past a partitive من; after من a force counts its members
    ("4 من قوات البيشمركة"); a plural relative adjective counts people ("3 أمريكيين")."""
    index, partitive = after, False
    outside = after if outside is None else outside
    tokens = t.tokens
    for _ in range(NOUN_WINDOW):
        if index >= len(tokens) or tokens[index].clause_break_before:
            break
        if not t.same_sentence(after - 1, index):
            break
        if (t.in_quantity[index] and index >= outside) or tokens[index].text.isdigit():
            break
        if conjunct(t, index) or prepositional(t, index):
            break  # "5 والجرحى 12": the next conjunct; "ثلاثة بانفجار": the cause, not the noun counted
        noun_class = t.noun_class(index)
        if noun_class is not None and noun_class[0] == "duration" and dated(t, index):
            break  # "مقارنة بنحو 5200 عام 2020": the year the figure is of, not 5200 years
        if noun_class is not None and partitive and noun_class[0] == "sites" and not tokens[index].definite:
            break  # "143 من سجن دمشق المركزي": where they came from, not what is counted
        if noun_class is not None and partitive and noun_class[0] == "unit":
            return Noun("military", "person", index, partitive, tokens[index].text)  # "5 من الفرقة 16"
        if noun_class is not None and partitive and tokens[index].keys[-1] in ("جنسيات", "جنسيه"):
            return Noun("person", "person", index, partitive, tokens[index].text)  # "6548 من جنسيات أخرى"
        if noun_class is not None:
            return Noun(*noun_class, index, partitive, tokens[index].text)
        if classify_noun(tokens[index].text):  # not_a_noun: an adverb
            break
        if tokens[index].folded.startswith("و") and people_nisba(tokens[index]):
            break  # "بما يزيد على 500 وبريطانيا بقرابة 400": the next item, not people counted
        if t.role(index) is None and (people_nisba(tokens[index]) or _nisba_after_scale(t, index)):
            return Noun("person", "person", index, partitive, tokens[index].text)
        if partitive and t.is_force(index):
            return Noun("military", "person", index, partitive, tokens[index].text)
        if partitive and (owned := owned_noun_class(t, index)) is not None:
            return Noun(*owned, index, partitive, tokens[index].text)  # "14 ألفا من عناصره"
        if partitive and group_after_partitive(t, index):
            return Noun("person", "person", index, partitive, tokens[index].text)
        if tokens[index].folded != "من" or partitive:
            break
        partitive = True
        index += 1
        if index < len(tokens) and tokens[index].folded in ("تلك", "هذه", "هولاء", "اولئك") and t.linked(index):
            index += 1  # "68 من تلك الهجمات"
    return None


_SCALES = frozenset(("الف", "الاف", "مليون", "ملايين", "مليار", "مئه", "مائه", "ميه", "الفي", "الفين", "مليوني", "مئتي"))


def _nisba_after_scale(t: Text, index: int) -> bool:
    """"114 ألف سوري"، "3ر1 مليون عراقي": after a scale word a relative adjective in the singular
    names the people counted (the genitive of a count of thousands is singular)."""
    before = t.tokens[index - 1] if index > 0 else None
    if before is None or not nisba(t.tokens[index].folded) or t.tokens[index].definite:
        return False
    if before.keys[-1] in _SCALES:
        return True
    digits = before.text.replace(",", "").replace(".", "")  # "19 ألفا و600 سوري": after hundreds, the singular
    return digits.isdigit() and int(digits) >= 100


def group_after_partitive(t: Text, index: int) -> bool:
    """"2 من المراتب"، "8 من رعاة الأغنام": after a partitive من, a definite noun (or one in construct
    with a definite word) that no table knows names a group of people the number is part of."""
    tokens = t.tokens
    if t.role(index) is not None or t.in_quantity[index] or t.in_date[index] or t.cue(index):
        return False
    if tokens[index].definite or (has_pronoun(tokens[index].text) and len(tokens[index].folded) > 4):
        return True  # "من المراتب"، "من معاونيه"
    following = index + 1
    return following < len(tokens) and t.linked(following) and tokens[following].definite and not t.in_date[following]


def unknown_word_after(t: Text, q: Quantity, after: int) -> int | None:
    """The word right after a number that no table knows (a noun the vocabulary lacks), or None."""
    index = min(_token_at(t, q.number_end), after)
    if index >= len(t.tokens) or not t.linked(index) or t.in_quantity[index] and index >= after:
        return None
    token = t.tokens[index]
    if token.text.isdigit() or t.role(index) is not None or t.cue(index) or classify_noun(token.text):
        return None
    if t.continuation_roles(index) or t.head_roles(index) or token.definite:
        return None
    if token.folded[:1] in ("و", "ب", "ل", "ك", "ف"):
        return None  # a conjunction or a preposition glued on: "بحسب"، "لوزارة"، "وفق"
    if present_plural_verb(token.folded):
        return None  # "45 ألفا يتقاضون رواتبهم": a verb whose subject is the figure
    return index


def present_plural_verb(folded: str) -> bool:
    """A verb in the present, third person plural (يتقاضون، يعملون، تتوزعون): not a noun (the
    plural relative adjectives, يمنيون، تونسيون, end in يون)."""
    return len(folded) >= 5 and folded[0] in ("ي", "ت") and folded.endswith("ون") and not folded.endswith("يون")


_ONE = frozenset({"واحد", "واحده", "واحدا"})
_TWO = frozenset({"اثنين", "اثنان", "اثنتين", "اثنتان"})


def noun_before_one(t: Text, q: Quantity, before: int) -> Noun | None:
    """"قُتل شرطي واحد"، "هجوم واحد": واحد after a singular noun counts it (one is a count); so
    does a definite number word after a definite noun ("الجنود الثلاثة"، "الأشهر الثلاثة": a
    duration). A noun no table knows gives the class ``unknown``: "في دورة واحدة" counts nothing."""
    if q.kind != "cardinal" or before < 1 or before >= len(t.tokens) or not t.linked(before):
        return None
    word = t.tokens[before]
    one = (q.value == 1 and word.folded in _ONE) or (q.value == 2 and word.folded in _TWO)  # "متهمين اثنين"
    definite = word.definite and not word.text[:1].isdigit() and t.tokens[before - 1].definite
    noun_at = before - 1
    if word.text[:1].isdigit() and t.tokens[noun_at].text in ("ال", "الـ") and noun_at > 0 and t.linked(noun_at):
        noun_at, definite = noun_at - 1, t.tokens[noun_at - 1].definite  # "المدانين الـ23"
    elif one and noun_at > 0 and nisba(t.tokens[noun_at].folded) and t.noun_class(noun_at) is None and t.linked(noun_at):
        noun_at -= 1  # "قنبلة يدوية واحدة"
    if not (one or definite) or t.in_quantity[noun_at] or t.role(noun_at) is not None:
        return None
    noun_class = t.noun_class(noun_at)
    if noun_class is None and q.value == 2:
        return None  # "منهم اثنان": two of them, no noun before
    noun_class = noun_class or ("unknown", "-")
    return Noun(*noun_class, noun_at, False, t.tokens[noun_at].text)


def owned_noun_class(t: Text, index: int) -> tuple[str, str] | None:
    """The class of a noun after a count head, which may carry a pronoun (أفرادها، قواتها);
    a force counts its members."""
    noun_class = t.noun_class(index)
    if noun_class is None:
        classes = vocab.noun_classes()
        bare = [s for k in t.tokens[index].keys for s in pronoun_stems(k)] if has_pronoun(t.tokens[index].text) else []
        noun_class = next((classes[k] for k in bare if k in classes), None)
        if noun_class is None and (t.is_force(index) or any(k in vocab.force_nouns() for k in bare)):
            noun_class = ("military", "person")
    return None if noun_class and noun_class[0] == "not_a_noun" else noun_class


def conjunct(t: Text, index: int) -> bool:
    """A word with a glued و or ف that is a noun only without it ("والجرحى"): a new conjunct."""
    token = t.tokens[index]
    if token.folded[:1] not in ("و", "ف") or len(token.folded) < 4:
        return False
    classes = vocab.noun_classes()
    own = (token.folded, token.folded[2:] if token.folded.startswith("ال") else token.folded)
    return not any(k in classes for k in own) and any(k in classes for k in token.keys)


def prepositional(t: Text, index: int) -> bool:
    """A noun with a glued preposition (بانفجار، لهجوم، كقاعدة) that is a noun only without it: it is
    governed by the preposition, never the noun a number counts."""
    token = t.tokens[index]
    if token.folded[:1] not in ("ب", "ل", "ك") or len(token.folded) < 4:
        return False
    classes = vocab.noun_classes()
    return token.folded not in classes and any(k in classes for k in token.keys[1:])


def nothing_counted_after(t: Text, before: int, after: int) -> bool:
    """No noun follows the number: the clause ends, or a preposition, a conjunction, a
    complement, an adverb of time or a predicate comes next."""
    tokens = t.tokens
    return (
        after >= len(tokens)
        or tokens[after].clause_break_before
        or not t.same_sentence(before, after)
        or t.role(after) in ("preposition", "linking", "complement", "time", "conjunction")
        or tokens[after].folded[:1] in ("و", "ب")
        or t.cue(after) is not None
        or bool(t.continuation_roles(after))  # "170 ألفا موزعين على 500 قاعدة"
        or (tokens[after].folded[:1] == "ل" and classify_noun(tokens[after].text) is None and len(tokens[after].folded) > 3)
    )


def quoted_name(t: Text, q: Quantity, before: int, after: int) -> bool:
    """"البرج 22"، "مشروع 202": a number that ends a short quoted name, with words of the name
    before it, is part of the name, not an amount."""
    gap = t.text[q.end : t.tokens[after].start if after < len(t.tokens) else len(t.text)]
    if not QUOTE_RE.search(gap) or re.search(r"[^\W\d_]", t.text[q.number_end : q.end]):
        return False  # a word after the number inside the quote ("أسقطت 4 مسيرات على الأقل"): an amount
    for index in range(before, max(before - 4, -1), -1):
        if t.tokens[index].quote_before:
            return index < before and not t.in_quantity[index]
        if index < before and not t.linked(index + 1):
            return False
    return False


def nearest_cue(t: Text, before: int, noun_at: int | None) -> tuple[str | None, int | None]:
    """The closest predicate cue before the number in its clause, else one right after the noun.
    A cue of mere presence gives way to an event or a deployment further back in the clause
    ("اعتقال خلية تضم 12 عنصرا": the 12 are arrested); a conjunction that opens a clause (فيما،
    بينما) ends the search."""
    presence: tuple[str | None, int | None] = (None, None)
    for index in range(before - 1, max(before - 1 - CUE_WINDOW, -1), -1):
        if not t.same_sentence(index, before - 1):
            break
        cue = t.cue(index)
        if cue and index > 0 and t.in_quantity[index - 1] and t.linked(index) and t.tokens[index].folded[:1] != "و":
            cue = None  # "وصلت 7 أسر": the noun an earlier figure counts (families), not a verb (أسر: captured)
        if cue == PRESENCE:
            if presence[0] is None:
                presence = (cue, index)
        elif cue:
            return cue, index
        if (t.tokens[index].clause_break_before and not t.aside_opens(index)) or t.role(index) == "conjunction":
            break
    if presence[0] is not None:
        return presence
    if noun_at is not None:
        for index in range(noun_at + 1, min(noun_at + 6, len(t.tokens))):
            if not t.linked(index) or purpose(t, index) or t.role(index) in ("preposition", "relative"):
                break  # "100 مستشار لتدريب القوات": what they were sent to do, not what was done to them
            cue = t.cue(index)
            if cue:
                return cue, index
    return None, None


def purpose(t: Text, index: int) -> bool:
    """A verbal noun with the lam of purpose (لتدريب، لتعويض، للمشاركة)."""
    folded = t.tokens[index].folded
    return len(folded) > 4 and folded[0] == "ل" and folded[1] != "ل" and t.role(index) is None and bool(
        t.masdar_types(index) or t.cue(index) or folded[1] == "ت")


def cue_after(t: Text, after: int, reach: int = 4) -> str | None:
    """A predicate right after a figure and its words, in its clause: "4 منهم أصيبوا" (not the
    next conjunct: "مقتل أربعة منهم وإصابة ثلاثة")."""
    for index in range(after, min(after + reach, len(t.tokens))):
        if not t.linked(index) or (t.in_quantity[index] and index > after):
            return None
        if t.tokens[index].folded.startswith("و") and index > after and t.cue(index):
            return None
        cue = t.cue(index)
        if cue:
            return cue
    return None


def casualty_cues_paired(t: Text, cue_at: int, cue: str) -> bool:
    """"مقتل وإصابة 15": a killed cue and a wounded cue joined by و right before one number
    count both together (not "7 أشخاص حتفهم وأصيب 20": حتفهم belongs to the 7)."""
    other = OTHER_CASUALTY[cue]
    tokens = t.tokens
    first = cue_at - 1
    if not (tokens[cue_at].folded.startswith("و") and t.linked(cue_at) and t.cue(first) == other):
        nxt = cue_at + 1
        if not (
            nxt < len(tokens)
            and t.linked(nxt)
            and tokens[nxt].folded.startswith("و")
            and not t.in_quantity[nxt]
            and t.cue(nxt) == other
        ):
            return False
        first = cue_at
    return not any(t.in_quantity[i] and t.same_sentence(i, first) for i in range(max(first - 3, 0), first))


def casualty_nouns_paired(t: Text, noun_at: int, cls: str) -> bool:
    """"20 قتيلا وجريحا", "عدد القتلى والجرحى": one figure for both."""
    nxt = noun_at + 1
    if nxt >= len(t.tokens) or not t.linked(nxt) or not t.tokens[nxt].folded.startswith("و"):
        return False
    noun_class = t.noun_class(nxt)
    return noun_class is not None and noun_class[0] == OTHER_CASUALTY[cls]


def combined_toll_after(t: Text, index: int) -> bool:
    """"47 بين قتيل وجريح": right after the figure, a killed noun and a wounded noun joined by و
    after بين: one figure for both."""
    tokens = t.tokens
    if index < len(tokens) and index > 0 and tokens[index].folded == "من":
        index = group_end(t, index - 1) + 1  # "7 منتسبين من الجيش العراقي بين شهيد وجريح"
    if index + 2 >= len(tokens) or not t.linked(index) or tokens[index].folded != "بين":
        return False
    first, second = t.noun_class(index + 1), t.noun_class(index + 2)
    return bool(first and second and {first[0], second[0]} == {"killed", "wounded"} and t.linked(index + 2))


def weighed(t: Text, noun_at: int) -> str | None:
    """What a weight weighs, named in the next few words of its clause: "weapons" (أطنان من
    المتفجرات، كغم من مادة TNT), "drugs" (كغم من الحشيشة), or None."""
    for index in range(noun_at + 1, min(noun_at + 6, len(t.tokens))):
        if not t.linked(index) or t.in_quantity[index]:
            return None
        noun_class = t.noun_class(index)
        if noun_class and noun_class[0] in ("weapons", "drugs"):
            return noun_class[0]
    return None


def illness_after(t: Text, after: int) -> bool:
    """"أصيب 300 شخص بفيروس كورونا": a disease named a few words after the figure."""
    for index in range(after, min(after + 5, len(t.tokens))):
        if index > after and not t.linked(index):
            return False
        if any(k in vocab.illness_words() for k in t.tokens[index].keys):
            return True
    return False


def money_head(t: Text, before: int) -> bool:
    """A price, wage, loss or revenue word governs the amount (سعر البرميل 80 دولارا، راتبه، "أجر
    العامل في ورش الترميم يتراوح بين 20 و25 دولارا")."""
    for index in range(before - 1, max(before - 1 - MONEY_HEAD_REACH, -1), -1):
        if not t.same_sentence(index, before - 1):
            return False
        if _governs_money(t.tokens[index].text):
            return True
        if t.tokens[index].clause_break_before:
            return False
    return False


@lru_cache(maxsize=1 << 16)
def _governs_money(word: str) -> bool:
    """A price, wage, loss or revenue word (``money_not_funding.tsv``), with a pronoun (راتبه) or an
    accusative alif (راتبا) too."""
    heads = vocab.money_heads()
    return any(k in heads or without_pronoun(k) in heads or (k[-1:] == "ا" and k[:-1] in heads) for k in word_reading(word)[0])


MONEY_HEAD_REACH = 14  # tokens back from an amount to the wage or price word of its clause ("يصل سعر صاروخ اعتراضي واحد ... إلى")
PER_UNIT_REACH = 7  # tokens around an amount where "للأسرة الواحدة"، "لكل"، "عن كل" may stand
EACH_REACH = 12  # tokens back, in the clause, to "كل أسرة ... تتسلم منحة"


def per_unit(t: Text, before: int, after: int) -> bool:
    """An amount per person, family, house or item, not a total: "للأسرة الواحدة"،
    "لكل عائلة"، "عن كل شخص"، "للفرد"، "كلفة المنزل الواحد" in its clause, a few words before or
    after it (past a converted amount in brackets)."""
    tokens = t.tokens
    for index in range(before - 1, max(before - 1 - EACH_REACH, -1), -1):
        if not t.linked(index + 1) and not tokens[index + 1].quote_before:
            break
        if (before - index <= PER_UNIT_REACH and _per(t, index)) or _each(t, index):
            return True
    seen = 0
    for index in range(after, len(tokens)):
        if seen >= PER_UNIT_REACH or not t.same_sentence(after - 1, index) or tokens[index].strong_break_before:
            break
        if t.in_quantity[index]:
            continue
        if tokens[index].clause_break_before and tokens[index].text != ")" and index > after and not (
            tokens[index - 1].end < tokens[index].start and "(" in t.text[tokens[index - 1].end : tokens[index].start]
        ):
            if ")" not in t.text[tokens[index - 1].end : tokens[index].start]:
                break
        seen += 1
        if _per(t, index) or _for_each_after(t, index):
            return True
    return False


def unit_price(t: Text, before: int) -> bool:
    """"صاروخ بمليوني دولار"، "مسيرة بـ20 ألفا": money with ب right after one weapon (a singular
    noun with a dual of its own, ``dual_nouns.tsv``) is its price."""
    index = before - 1
    glued = t.tokens[before].folded.startswith("ب") and not t.tokens[before].text[:1].isdigit()
    if index >= 0 and t.tokens[index].folded in ("ب", "بـ") and t.linked(index):
        glued, index = True, index - 1
    if not glued or index < 0 or not t.linked(index + 1):
        return False
    word = t.tokens[index].keys[-1]
    noun_class = t.noun_class(index)
    if word not in vocab.dual_singular_forms() or noun_class is None or noun_class[0] != "weapons":
        return False
    for back in range(index - 1, max(index - 7, -1), -1):  # "اشترى العراق طائرة بمليار دولار": a sale
        if "funding" in t.agent_types(back) or "funding" in t.masdar_types(back):
            return False
        if not t.linked(back):
            break
    return True


def _each(t: Text, index: int) -> bool:
    """"كل أسرة"، "لكل عائلة": each family or person, so what follows is given to each."""
    token = t.tokens[index]
    if token.folded not in ("كل", "لكل", "ولكل", "فكل") or index + 1 >= len(t.tokens):
        return False
    noun_class = t.noun_class(index + 1)
    return noun_class is not None and noun_class[0] in ("household", "person", "member", "displaced", "military", "troops")


def _for_each_after(t: Text, index: int) -> bool:
    """"(نحو 6800 دولار) عن المنزل المدمر"، "عن كل شخص": an amount for each house or person."""
    if t.tokens[index].folded != "عن" or index + 1 >= len(t.tokens) or not t.linked(index + 1):
        return False
    following = t.tokens[index + 1]
    return following.folded == "كل" or (following.definite and following.keys[-1] in _DWELLINGS)


_DWELLINGS = frozenset({"منزل", "بيت", "مسكن", "شخص", "فرد", "عائله", "اسره", "قتيل", "ضحيه"})


def exchange_rate(t: Text, before: int) -> bool:
    """"الدولار 1460 دينارا"، "اليورو: 57.35 جنيه": an amount right after the name of a currency is its
    price in another, no money pledged or spent."""
    for index in (before - 1, before - 2):
        if index < 0 or not t.same_sentence(index, before) or t.in_quantity[index]:
            return False
        token = t.tokens[index]
        if token.definite and any(k in _CURRENCY_NAMES for k in token.keys):
            return True
        if t.role(index) is not None or index < before - 1:
            return False
    return False


_CURRENCY_NAMES = frozenset({"دولار", "يورو", "دينار", "ريال", "جنيه", "ليره", "درهم", "ذهب", "تومان", "روبل", "يوان"})


def _per(t: Text, index: int) -> bool:
    if t.tokens[index].keys[-1] in ("واحد", "واحده"):
        return t.tokens[index].definite  # "المنزل الواحد": one of a kind, so a rate
    if "per" not in t.continuation_roles(index):
        return False
    following = index + 1  # "كل من قطر والكويت": both, not each
    return not (following < len(t.tokens) and t.tokens[following].folded == "من")


def state_after(t: Text, noun_at: int) -> str | None:
    """A victim noun after a count of people, used as their state (أشخاص نازحين، مدنيين قتلى،
    عناصر جرحى، "العسكريين الأميركيين المصابين"، "4 مقاتلين من الحشد قتلى"): the type it names,
    past their adjectives and the group they belong to."""
    index = group_end(t, noun_at) + 1
    for _ in range(2):  # "135 ألف شخص لا يزالون معتقلين"
        if index < len(t.tokens) and t.linked(index) and t.tokens[index].folded in _STILL:
            index += 1
    if index >= len(t.tokens) or not t.linked(index) or conjunct(t, index):
        return None  # "مقتل 5 أشخاص وإصابة 12": the next conjunct, not their state
    if t.role(index) == "relative" and t.tokens[index].definite:  # "العسكريين الذين أصيبوا"
        cue = cue_after(t, index + 1, reach=2)
        return cue if cue in VICTIM_TYPES else None
    noun_class = t.noun_class(index)
    return noun_class[0] if noun_class is not None and noun_class[0] in VICTIM_TYPES else None


_STILL = frozenset({"لا", "ما", "يزال", "يزالون", "زال", "زالوا", "تزال", "كانوا", "باتوا", "اصبحوا", "ظلوا", "مازالوا"})


def group_end(t: Text, noun_at: int, reach: int = 4) -> int:
    """The last token of a counted noun's adjectives and group: "عناصر من الحشد الشعبي"،
    "العسكريين الأميركيين" (relative adjectives, من and a force or a definite group)."""
    last = noun_at
    index = noun_at + 1
    tokens = t.tokens
    while index < len(tokens) and index - noun_at <= reach and t.linked(index) and not t.in_quantity[index]:
        token = tokens[index]
        if token.folded == "من" and index + 1 < len(tokens) and t.linked(index + 1) and (
            t.is_force(index + 1) or tokens[index + 1].definite
        ) and t.noun_class(index + 1) is None:
            last = index = index + 1
        elif nisba(token.folded) and t.noun_class(index) is None and t.cue(index) is None:
            last = index
        else:
            break
        index += 1
    return last


def heads_toll(t: Text, index: int) -> bool:
    """حصيلة: a toll counts casualties only."""
    return t.tokens[index].keys[-1] == "حصيله"


def situation_near(
    t: Text, before: int, after: int, kind: int, reach: int = 12, clause: int | None = None
) -> tuple[str, str, int] | None:
    """The situation cue nearest the figure in its sentence that types figures of ``kind`` (1:
    persons, 2: items): (situation, type, token) or None. A cue before the figure reaches it
    across commas ("في مخيم الهول، يقيم 40 ألف شخص"); one after it, within ``reach`` tokens. With
    ``clause``, only a cue in the figure's clause at most that many tokens away counts."""
    situations = t.situations()
    if not situations:
        return None
    k = bisect.bisect_left(situations, (before,))
    sentence = t.token_sentence[min(before, len(t.tokens) - 1)]
    best: tuple[int, tuple[str, str, int]] | None = None
    for j in range(k - 1, -1, -1):
        index, situation, *types = situations[j]
        if t.token_sentence[index] != sentence or (clause is not None and not same_clause(t, index, before, clause)):
            break
        if types[kind - 1] != "-":
            best = (before - index, (situation, types[kind - 1], index))
            break
    for j in range(k, len(situations)):
        index, situation, *types = situations[j]
        if index < after:
            continue
        if t.token_sentence[index] != sentence or index - after > reach:
            break
        if clause is not None and not same_clause(t, after - 1, index, clause):
            break
        if _opens_next_item(t, index):
            break  # "سقف 500 مستشار وتدريب ألفي ضابط": the training is the next figure's
        if types[kind - 1] != "-":
            if best is None or index - after < best[0]:
                best = (index - after, (situation, types[kind - 1], index))
            break
    return best[1] if best else None


def compared(t: Text, before: int) -> bool:
    """A phrase of ``comparisons.tsv`` ends right before the figure or its qualifier, or is its
    qualifier ("لا يتجاوز 50": a bound that compares)."""
    words_near = {t.tokens[i].folded for i in (before - 1, before) if 0 <= i < len(t.tokens)}
    if not words_near & vocab.comparison_edges():
        return False
    for phrase in vocab.comparisons():
        for start in (before - len(phrase), before):
            if start < 0 or start + len(phrase) > len(t.tokens) or not t.same_sentence(start, before):
                continue
            words = [t.tokens[start + i].folded for i in range(len(phrase))]
            if words[0][:1] in ("و", "ف") and words[0][1:] == phrase[0]:
                words[0] = words[0][1:]
            if tuple(words) == phrase and all(t.linked(start + i) for i in range(1, len(phrase))):
                if start == before or t.linked(before):
                    return True
    return False


def attack_frame(t: Text, before: int, after: int) -> bool:
    """An attack frame around a count of operations or times (استُهدفت، تبنى، نفذ، ضد، اغتيال):
    before it in its clause, or a few words after it."""
    frame = situation_near(t, before, after, 2, reach=4)
    if frame is None or frame[1] != "attacks" or not t.same_sentence(frame[2], before):
        return False
    return frame[2] > before or all(t.linked(i) for i in range(frame[2] + 1, before + 1))


def _opens_next_item(t: Text, index: int) -> bool:
    """A situation word glued to و with a figure right after it opens the next item of a list."""
    if not t.tokens[index].folded.startswith("و"):
        return False
    return any(t.in_quantity[i] for i in range(index + 1, min(index + 3, len(t.tokens))))


TOPIC_SENTENCES = 2  # sentences back where the place an article is about still types its people
LEAD_SENTENCES = 2  # the headline and the lead: the article's own topic


def topic_situation(t: Text, before: int) -> tuple[str, str, int] | None:
    """The place the article is about, for a figure whose own sentence names none: the nearest
    topic situation (a camp, a prison, a return: ``situations.tsv``) in the sentences just before,
    else in the article's lead."""
    situations = t.situations()
    if not situations:
        return None
    topics = vocab.topic_situations()
    sentence = t.token_sentence[min(before, len(t.tokens) - 1)]
    k = bisect.bisect_left(situations, (before,))
    for j in range(k - 1, -1, -1):
        index, situation, persons, _items = situations[j]
        back = sentence - t.token_sentence[index]
        if back > TOPIC_SENTENCES:
            break
        if back >= 1 and situation in topics:
            return situation, persons, index
    for index, situation, persons, _items in situations:
        if t.token_sentence[index] >= LEAD_SENTENCES or index >= before:
            break
        if situation in topics:
            return situation, persons, index
    return None


def attack_lead(t: Text, before: int) -> bool:
    """The article's lead (its headline and first sentence) is about attacks: an attack frame word
    there (استهدف، تبنى، المقاومة ...) makes the operations it counts later attacks."""
    for index, _situation, _persons, items in t.situations():
        if t.token_sentence[index] >= LEAD_SENTENCES or index >= before:
            return False
        if items == "attacks":
            return True
    return False


def is_fact_type(name: str | None) -> bool:
    return name in FACT_TYPES


def force_named_with(t: Text, noun_at: int) -> bool:
    """Individuals named with their force: "300 فرد من القوة"، "أفراد الشرطة"."""
    for index in range(noun_at + 1, min(noun_at + 3, len(t.tokens))):
        if not t.linked(index):
            return False
        if t.is_force(index) or any(s in vocab.force_nouns() for k in t.tokens[index].keys for s in pronoun_stems(k)):
            return True
        if t.tokens[index].folded != "من":
            return False
    return False


def same_clause(t: Text, i: int, j: int, reach: int) -> bool:
    """Tokens i and j are at most ``reach`` apart with no clause break between them."""
    low, high = min(i, j), max(i, j)
    return high - low <= reach and all(t.linked(k) for k in range(low + 1, high + 1))


def is_change_verb(t: Text, index: int) -> bool:
    """ارتفع، بلغ، وصل ... (``data/count_heads.tsv``, role rise): a count rising to or reaching a figure."""
    return "rise" in t.head_roles(index)


def looks_like_year(q: Quantity) -> bool:
    """A bare four-digit number of the calendar's range ("حصيلة 2024"): no count for a situation to type."""
    return q.text.isdigit() and len(q.text) == 4 and 1900 <= q.value <= 2100
