"""Rules for a figure that continues the one before it: a part of it (منهم، بينهم), more of the
same group (آخرون، أخرى), the next item of a list after one verb, a bare number joined by و."""
from __future__ import annotations

import bisect

from arqam.extraction.typing import clues
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.rules.base import rule
from arqam.extraction.typing.rules.nouns import joined_to_previous
from arqam.extraction.typing.text import Text, situation_of

_GENERIC = (None, "person", "military", "others")  # nouns that take the type of the figure they continue
ANTECEDENT_SENTENCES = 1  # a continuation reaches the figures of the sentence before at most


def antecedent(f: Figure, persons: bool | None = None) -> Typing | None:
    """The nearest figure before this one that is a count (not money, not a percentage: "عشرات
    منها" after "140 دبابة بنحو ملياري دولار" are tanks), in its sentence or the one before; with
    ``persons`` only a count of people (منهم، بينهم) or only one of things (منها، بينها)."""
    t = f.text
    sentence = f.sentence()
    for j in range(f.k - 1, -1, -1):
        typing = f.typings[j]
        first = t.spans[j][0]
        if sentence - t.token_sentence[min(first, len(t.tokens) - 1)] > ANTECEDENT_SENTENCES:
            return None
        if typing.fact_type in (OTHER, "funding", "percentage"):
            continue
        if persons is None or persons == (typing.unit == "person"):
            return typing
    return None


SPREAD_REACH = 6  # tokens back from a figure to "توزعوا على"


def spread_over(f: Figure) -> Typing | None:
    """"فبلغت 2611 قتيلا، توزعوا على النحو الآتي: 1198 من ..."، "القتلى توزعوا على 812 من ...": a
    figure after a verb of distribution is a part of the count distributed, named by the noun
    before the verb (القتلى) or by the figure before it."""
    t, before = f.text, f.before
    for index in range(before - 1, max(before - 1 - SPREAD_REACH, -1), -1):
        if not t.same_sentence(index, before) or t.in_quantity[index]:
            return None
        if "spread" in t.continuation_roles(index):
            for back in range(index - 1, max(index - 1 - SPREAD_REACH, -1), -1):
                if not t.same_sentence(back, index) or t.in_quantity[back]:
                    break
                noun_class = t.noun_class(back)
                if t.tokens[back].definite and noun_class and noun_class[0] in clues.VICTIM_TYPES:
                    return Typing(noun_class[0], "person", None, "")
            return antecedent(f)
    return None


PEOPLE, THINGS, EITHER = "people", "things", "either"


REFERENT_REACH = 8  # tokens back from a part to the plural noun it may be a part of


def referent_noun(f: Figure, relative: bool = False) -> Typing | None:
    """"طائرات إف-16 التي تعاقد العراق على 36 منها": the part of a plural noun named just before
    it, nearer than any figure (the nearest figure may count something else); with ``relative``,
    only a noun that a relative clause holding the part is about (التي ... منها)."""
    t, before = f.text, f.before
    floor = f.text.spans[f.k - 1][1] if f.k else 0
    for index in range(before - 1, max(before - 1 - REFERENT_REACH, floor - 1, -1), -1):
        if not t.same_sentence(index, before) or t.tokens[index + 1].strong_break_before:
            return None
        noun_class = t.noun_class(index)
        if relative and noun_class is not None and not _relative_after(t, index, before):
            continue
        if noun_class is not None and noun_class[0] in (*FACT_TYPES, "military") and not t.in_quantity[index]:
            fact_type = "troops" if noun_class[0] == "military" else noun_class[0]
            unit = "person" if noun_class[0] == "military" else noun_class[1]
            if unit != "-" and fact_type not in ("funding", "percentage"):
                return Typing(fact_type, unit, None, "")
    return None


RELATIVE_REACH = 3  # words between a noun and the relative pronoun about it ("طائرات إف-16 التي")


def _relative_after(t: Text, index: int, before: int) -> bool:
    return any(t.tokens[i].folded in ("التي", "الذين", "اللواتي") for i in range(index + 1, min(index + 1 + RELATIVE_REACH, before)))


def part_marker(f: Figure) -> str | None:
    """"منهم 4"، "بينهم 3 أطفال"، "من بينهم 600"، "25 منهم": the figure is a part of one before, and
    the pronoun says of what: people (منهم، بينهم) or things (منها، بينها); "من أصل 7" the whole
    it was a part of (either). None: the figure continues nothing."""
    t, before, after = f.text, f.before, f.after
    if before >= 2 and t.tokens[before - 2].folded == "من" and "whole" in t.continuation_roles(before - 1):
        return EITHER
    for index in range(before - 1, max(before - 4, -1), -1):  # "بين القتلى التسعة سبعة": among the dead
        if not t.linked(index + 1):
            break
        if t.tokens[index].folded == "بين" and index + 1 < before and t.tokens[index + 1].definite:
            return PEOPLE
    if _they(f) and (t.linked(before) or _colon_before(t, before)):
        return PEOPLE  # "قتل 12 شخصا، هم 5 من عناصر حزب الله و4 من ..."، "هم: 26 من ..."
    for index in (before - 1, before - 2):
        if index < 0 or not t.same_sentence(index, before):
            break
        if "part" in t.continuation_roles(index):
            if all(t.linked(i) for i in range(index + 1, before + 1)) or index == before - 1:
                return _of_people(t.tokens[index].folded)
            return None
        if t.tokens[index].folded != "من":
            break
    if after < len(t.tokens) and t.linked(after) and "part" in t.continuation_roles(after):
        return _of_people(t.tokens[after].folded)
    return None


def _verb_right_before(f: Figure) -> str | None:
    """"مقتل أربعة منهم"، "إلقاء القبض على ثلاثة منهم": the predicate right before the part (past
    a preposition) is its own."""
    t, before = f.text, f.before
    index = before - 1
    if index >= 1 and t.linked(before) and t.role(index) == "preposition" and t.tokens[index].folded in ("علي", "عن"):
        before, index = index, index - 1
    if index < 0 or not t.linked(before):
        return None
    cue = t.cue(index)
    return cue if cue in clues.VICTIM_TYPES else None


def _verb_before_marker(f: Figure) -> str | None:
    """"دُرّب منهم 1200": the verb right before the part marker is the part's own."""
    t, before = f.text, f.before
    marker = before - 1
    if marker < 1 or not t.linked(before) or not t.linked(marker):
        return None
    if "part" not in t.continuation_roles(marker):
        return None
    cue = t.cue(marker - 1)
    if cue is None:  # "عاد منهم أكثر من 11 ألفا": a verb of a situation of people (a return)
        situation = situation_of(t.tokens[marker - 1].text)
        cue = situation[1] if situation is not None and situation[1] in clues.VICTIM_TYPES else None
    return cue


def _colon_before(t: Text, before: int) -> bool:
    return t.text[t.tokens[before - 1].end : t.tokens[before].start].strip() == ":"


def _they(f: Figure) -> bool:
    """"هم 5 من ...": the figure follows "they are", not a part marker."""
    t, before = f.text, f.before
    return before >= 1 and "they" in t.continuation_roles(before - 1)


def _among_named(f: Figure) -> str | None:
    """"ومن بين القتلى 17 مدنيا": the victims named after بين are what the part counts, whatever
    the figure before counted."""
    t, before = f.text, f.before
    for index in range(before - 1, max(before - 4, -1), -1):
        if not t.linked(index + 1):
            return None
        if t.tokens[index].folded in ("بين", "وبين") and index + 1 < before:
            noun_class = t.noun_class(index + 1)
            return noun_class[0] if noun_class and noun_class[0] in clues.VICTIM_TYPES else None
    return None


def _of_people(marker: str) -> str:
    """منهم، بينهن: people; منها، بينها: things (Arabic refers to a plural of things as a feminine
    singular, ها)."""
    return THINGS if marker.endswith("ها") else PEOPLE


@rule("continuation", [
    ("بلغت حصيلة الكمين 31 قتيلا، 19 منهم من المسلحين", "killed 31, killed 19"),
    ("نشرت واشنطن 2800 جندي، بينهم 450 من مشاة البحرية", "troops 2800, troops 450"),
    ("اعتقلت القوة 26 مطلوبا، 3 منهم أصيبوا أثناء المداهمة", "detained 26, wounded 3"),
    ("هاجم مسلحون نقطة للجيش فقتل 5 منهم، وتم إلقاء القبض على ثلاثة منهم", "killed 5, detained 3"),
    ("سقط 14 قتيلا من بينهم 5 أطفال", "killed 14, killed 5"),
    ("أسفر الهجوم عن مقتل 37 من عناصر قوات النظام، بينهم 4 ضباط", "killed 37, killed 4"),
    ("نشرت واشنطن 2500 عسكري، بينهم 300 ضابط", "troops 2500, troops 300"),
    ("وقتل في الغارات 12 شخصا، هم 5 من عناصر حزب الله و4 من المجموعات الموالية لإيران و3 من قوات النظام",
     "killed 12, killed 5, killed 4, killed 3"),
    ("أصيب 30 شخصا وقتل 20، ومن بين القتلى 12 مدنيا", "wounded 30, killed 20, killed 12"),
    ("قتل 6 جنود في 17 هجوما، نفذ 11 منها بطائرات مسيرة", "killed 6, attacks 17, attacks 11"),
    ("تعرضت القاعدة لـ 40 هجوما، فيما تنتظر بغداد طائرات إف-16 التي تسلمت 30 منها", "attacks 40, weapons 30"),
    ("التحق بالمعسكر 900 مقاتل، دُرّب منهم 350 على الرماية", "troops 900, trained_personnel 350"),
    ("تسلم العراق 3 آلاف من رعاياه في الهول، عاد منهم أكثر من ألفين إلى مناطقهم", "displaced 3000, displaced 2000"),
    ("اعترضت الدفاعات 9 مسيرات من أصل 12 أطلقت نحو المطار", "weapons 9, weapons 12"),
    ("بلغت خسائر الفصائل 420 قتيلا، توزعوا على النحو الآتي: 260 من مقاتلي الجبهة، و160 من الكتائب", "killed 420, killed 260, killed 160"),
])
def continuation(f: Figure) -> Typing | None:
    """A part of the figure before it (منهم، بينهم، من بينهم) counts the same people or things,
    unless its own verb says otherwise ("4 منهم أصيبوا")."""
    noun = f.noun
    soldiers = noun is not None and noun.cls == "troops"  # "مقتل 37 من عناصر النظام، بينهم 4 ضباط"
    if noun is not None and noun.cls not in _GENERIC and not soldiers:
        return None
    t = f.text
    people = part_marker(f)
    if soldiers:
        if people != PEOPLE or _they(f):
            return None
        victims = antecedent(f, persons=True)
        if victims is None or victims.fact_type not in clues.VICTIM_TYPES or noun is None:
            return None
        return Typing(victims.fact_type, "person", noun.text, f"continuation:{victims.fact_type}", noun.at, noun.partitive)
    if people is None:
        spread = spread_over(f)
        if spread is None or spread.fact_type not in clues.PERSON_TYPES:
            return None
        if noun is None and clues.unknown_word_after(t, f.q, f.after) is not None:
            return None  # "موزعين على 5 مناطق حدودية": the places, not a part of the people
        return Typing(spread.fact_type, "person", noun.text if noun else None, f"continuation:{spread.fact_type}",
                      noun.at if noun else None, noun.partitive if noun else False)
    preceding = f.previous
    if preceding is not None and preceding[1].rule == "not_a_fact:household" and f.before - preceding[0] <= 3:
        return other("part_of_families")  # "استقبل 4620 عائلة، عادت 3900 منها": families still
    own = _verb_right_before(f) or clues.cue_after(t, f.after if noun is None else noun.at + 1) or _verb_before_marker(f)
    own = own or _among_named(f)
    if own in clues.VICTIM_TYPES or own == "trained_personnel":
        return Typing(own, "person", noun.text if noun else None, f"continuation:{own}", noun.at if noun else None)
    previous: Typing | None
    if people == EITHER:  # "83 مقبرة من أصل 93": the whole of what the figure just before counts
        before_it = f.previous
        previous = before_it[1] if before_it is not None and before_it[1].fact_type != OTHER else None
    elif people == THINGS:  # "طائرات إف-16 التي تعاقد العراق على 36 منها": the plural a relative clause is about
        named = referent_noun(f, relative=True)
        previous = named if named is not None and named.unit != "person" else antecedent(f, persons=False) or referent_noun(f)
    else:
        previous = antecedent(f, persons=True) or referent_noun(f)
    if previous is None:
        return None
    if noun is not None and previous.unit != "person":
        return None  # people counted after things are not the same kind
    return Typing(previous.fact_type, previous.unit, noun.text if noun else None, f"continuation:{previous.fact_type}",
                  noun.at if noun else None, noun.partitive if noun else False, previous.factor)


COMPARED_RATIO = 100  # a compared figure and the one before it are of one order: "بعد أن كان 3" after 2500 is not


@rule("comparison", [
    ("يضم الحشد 238 ألف منتسب بعد أن كانت بحدود 122 ألفا في عام 2019", "troops 238000, troops 122000"),
    ("بلغ عدد الجنود الأمريكيين 2500 جندي مقارنة بنحو 5200 عام 2020", "troops 2500, troops 5200"),
    ("ينتشر في القاعدة نحو 2000 جندي، لكن الموجودين فعلا لا يتجاوزون 200", "troops 2000, troops 200"),
    ("قرر وزراء الدفاع توسيع البعثة من نحو 500 عنصر إلى 4 آلاف", "troops 500, troops 4000"),
    ("ضبطت القوة 40 عبوة ناسفة بعد أن كانت ضبطت الشهر الماضي 3 أحزمة", "weapons 40, weapons 3"),
])
def comparison(f: Figure) -> Typing | None:
    """A bare figure set against the figure before it in its sentence counts what that one
    counted: the old value ("بعد أن كانت بحدود 122 ألفا"), a value compared ("مقارنة بنحو 5200"),
    a ceiling ("لا يتجاوزون 200"), the new value of a change ("من نحو 500 عنصر إلى 4 آلاف")."""
    if f.noun is not None or f.q.kind not in ("cardinal", "vague") or f.previous is None:
        return None
    t, before = f.text, f.before
    if not clues.nothing_counted_after(t, before, f.after):
        return None
    if not (clues.compared(t, before) or _changed_to(f)):
        return None
    j = _earlier_in_sentence(f)
    if j is None:
        return None
    typing, value = f.typings[j], t.quantities[j].value
    if not value or not 1 / COMPARED_RATIO <= f.q.value / value <= COMPARED_RATIO:
        return None
    return Typing(typing.fact_type, typing.unit, None, f"comparison:{typing.fact_type}", factor=typing.factor)


CHANGE_NOUN_GAP = 3  # words between the old value and إلى: its noun and an adjective


def _changed_to(f: Figure) -> bool:
    """"من نحو 500 عنصر إلى 4 آلاف": the figure is the new value of the figure right before it."""
    t, before = f.text, f.before
    previous_first, previous_end = f.text.spans[f.k - 1]
    if before < 1 or t.tokens[before - 1].folded not in ("الي", "حتي") or previous_first < 1:
        return False
    if t.tokens[previous_first - 1].folded not in ("من", "ومن"):
        return False
    return 0 <= before - 1 - previous_end <= CHANGE_NOUN_GAP and all(t.linked(i) for i in range(previous_end, before + 1))


def _earlier_in_sentence(f: Figure) -> int | None:
    """The last count before this figure in its sentence (not money, not a percentage)."""
    t = f.text
    sentence = f.sentence()
    for j in range(f.k - 1, -1, -1):
        if t.token_sentence[min(t.spans[j][0], len(t.tokens) - 1)] != sentence:
            return None
        if f.typings[j].fact_type not in (OTHER, "funding", "percentage"):
            return j
    return None


DISTRIBUTION_GAP = 6  # tokens from the figure before to a part of it after a comma: "151 هجوما على قواتها، 66 في العراق"


@rule("distribution", [
    ("سجلت القيادة المركزية 151 هجوما على قواتها، 66 في العراق و85 في سوريا", "attacks 151, attacks 66, attacks 85"),
    ("نشرت واشنطن 3400 جندي في المنطقة، 2500 منهم في العراق", "troops 3400, troops 2500"),
    ("قتل 12 شخصا في القصف، 2014 في الذاكرة", "killed 12"),
])
def distribution(f: Figure) -> Typing | None:
    """A bare figure right after a comma that closes a count, placed by a preposition ("، 66 في
    العراق"), is a part of that count: the count distributed over places or times."""
    if f.noun is not None or f.q.kind not in ("cardinal", "vague") or f.previous is None or clues.looks_like_year(f.q):
        return None
    t, before = f.text, f.before
    previous_end, typing = f.previous
    if typing.fact_type in (OTHER, "funding", "percentage") or not 0 <= before - previous_end <= DISTRIBUTION_GAP:
        return None
    if not t.same_sentence(previous_end - 1, before) or not t.tokens[before].punct_before or t.tokens[before].strong_break_before:
        return None
    if any(t.tokens[i].clause_break_before for i in range(previous_end + 1, before)):
        return None  # one clause between them: the comma right before the figure
    following = f.after
    if following >= len(t.tokens) or not t.linked(following) or t.tokens[following].folded not in ("في", "علي", "خلال", "منذ"):
        return None
    return Typing(typing.fact_type, typing.unit, None, f"distribution:{typing.fact_type}", factor=typing.factor)


HEADING_ROWS = 15  # rows between a list's heading and a figure of it


@rule("listed", [
    ("وبذلك ترتفع حصيلة القتلى منذ مطلع العام إلى 198، وهم:\n- 151 من قوات النظام\n- 19 من الميليشيات الموالية لإيران",
     "killed 198, killed 151, killed 19"),
    ("الأهداف الأكثر استهدافا:\n- قاعدة حقل العمر: 11 مرة\n- مطار أربيل: مرتان", "attacks 11, attacks 2"),
    ("أعداد القوات:\n- 2019: 5200 جندي", "troops 5200"),
])
def listed(f: Figure) -> Typing | None:
    """People or operations in a row or bullet of a list count what the list's heading (the line
    before it that ends with a colon) counts: the victims of a toll ("حصيلة القتلى ... وهم:"), the
    attacks of a tally ("الأهداف الأكثر استهدافا:")."""
    noun = f.noun
    if noun is None or noun.cls not in (*_GENERIC, "troops", "incident"):
        return None
    counted = _listed_under(f)
    if counted is None:
        return None
    if noun.cls == "incident" and counted.fact_type != "attacks":
        return None
    if noun.cls != "incident" and counted.fact_type not in clues.VICTIM_TYPES:
        return None  # soldiers listed under a heading of troops are the noun's own type
    return Typing(counted.fact_type, "attack" if counted.fact_type == "attacks" else counted.unit, noun.text,
                  f"listed:{counted.fact_type}", noun.at, noun.partitive)


@rule("listed_bare", [
    ("وتوزعت حصيلة القتلى البالغة 120 شخصا على النحو الآتي:\n- عناصر من الحرس الثوري: 31\n- مدنيون: 13",
     "killed 120, killed 31, killed 13"),
    ("عدد الهجمات على القاعدة:\n• 2020: 14\n• 2021: 19", "attacks 14, attacks 19"),
    ("المجموع منذ بدء العمليات التي تبنتها المقاومة:\n- تشرين الأول (من 18 ولغاية 31 منه): 23 عملية", "attacks 23"),
])
def listed_bare(f: Figure) -> Typing | None:
    """A bare figure that is the value of a row under a list's heading counts what the heading
    counts (after the rules that read its own words: a comparison, a count head)."""
    if f.noun is not None or f.q.kind not in ("cardinal", "vague"):
        return None
    counted = _listed_under(f)
    if counted is None:
        return None
    return Typing(counted.fact_type, "attack" if counted.fact_type == "attacks" else counted.unit, None,
                  f"listed:{counted.fact_type}", factor=counted.factor)


def _listed_under(f: Figure) -> Typing | None:
    """What the heading of the list a figure is a row of counts, when the figure is the row's value
    (not a year, not a number of its label)."""
    t = f.text
    if clues.looks_like_year(f.q):
        return None
    heading = _heading(t, f.sentence())
    if heading is None:
        return None
    row_start, row_end = t.sentences[f.sentence()]
    if ":" in t.text[f.q.end : row_end] and ":" not in t.text[row_start : f.q.start]:
        return None  # a number of the label ("• 2020: 14 هجوما"، "تشرين الأول (من 18 ولغاية 31 منه): 23")
    return _heading_count(f, heading)


_BULLETS = ("-", "–", "•", "▫", "▪", "◦", "*", "·", "●", "◾", "▶")


def _is_row(t: Text, sentence: int) -> bool:
    """A sentence that is a row of a list: a bullet, or a short label, a colon and a figure."""
    start, end = t.sentences[sentence]
    line = t.text[start:end].lstrip(" \ufe0f\u200f")
    if line[:1] in _BULLETS or (line[:1] and not line[:1].isalnum() and line[1:3].strip()[:1] in _BULLETS):
        return True
    label, colon, value = line.partition(":")
    return bool(colon) and len(label.split()) <= ROW_LABEL_WORDS + 1 and any(ch.isdigit() for ch in value)


def _heading(t: Text, sentence: int) -> tuple[int, int] | None:
    """The span of the heading of the list the sentence is a row of, or None."""
    if not _is_row(t, sentence):
        return None
    for back in range(sentence - 1, max(sentence - 1 - HEADING_ROWS, -1), -1):
        start, end = t.sentences[back]
        if t.text[start:end].rstrip(" \ufe0f").endswith(":") and not _is_row(t, back):
            return start, end
        if not _is_row(t, back):
            return None
    return None


def _heading_count(f: Figure, heading: tuple[int, int]) -> Typing | None:
    """What a heading counts: the last count it states, else the first noun of a fact type it
    names (operations and "the most targeted" are attacks)."""
    t = f.text
    start, end = heading
    for j in range(f.k - 1, -1, -1):
        q = t.quantities[j]
        if q.start < start:
            break
        if q.end <= end and f.typings[j].fact_type not in (OTHER, "funding", "percentage"):
            return f.typings[j]
    first, last = bisect_tokens(t, start, end)
    for index in range(first, last):
        situation = situation_of(t.tokens[index].text)
        if situation is not None and situation[2] == "attacks":
            return Typing("attacks", "attack", None, "")
        noun_class = t.noun_class(index)
        if noun_class is None:
            continue
        cls = noun_class[0]
        if cls == "incident" and (any(ty.rule == "incident:attacks" for ty in f.typings) or clues.attack_lead(t, f.before)):
            return Typing("attacks", "attack", None, "")
        if cls in FACT_TYPES and cls not in ("funding", "percentage", "sites"):
            return Typing(cls, noun_class[1], None, "")
    return None


def bisect_tokens(t: Text, start: int, end: int) -> tuple[int, int]:
    """The tokens inside [start, end) of the text."""
    return bisect.bisect_left(t.starts, start), bisect.bisect_left(t.starts, end)


ROW_LABEL_WORDS = 6  # words of a row's label before its colon: "2016:"، "القتلى:"، "حقل العمر وكونيكو بدير الزور:"


@rule("row", [
    ("أعداد القوات الأمريكية في العراق:\n2016: 5200 جندي\n2019: نحو 5000\n2020: 3000", "troops 5200, troops 5000, troops 3000"),
    ("حصيلة الشهر: 42 عملية استهدفت قواعد الاحتلال\nسوريا: 25\nالعراق: 17", "attacks 42, attacks 25, attacks 17"),
    ("تضم البعثة نحو 1100 عسكري. وتتوزع المساهمات على النحو الآتي: إيطاليا (الدولة القائدة): 340، إسبانيا: 160، الدنمارك: 130",
     "troops 1100, troops 340, troops 160, troops 130"),
])
def row(f: Figure) -> Typing | None:
    """A bare figure that is the value of a row of a fact box or timeline ("2019: نحو 5000") counts
    what the row above it counted."""
    if f.noun is not None or f.q.kind not in ("cardinal", "vague") or clues.looks_like_year(f.q) or not f.k:
        return None
    t = f.text
    if not clues.nothing_counted_after(t, f.before, f.after) or not _row_value(f.text, f.k):
        return None
    sentence = f.sentence()
    for j in range(f.k - 1, -1, -1):
        row_sentence = t.token_sentence[min(t.spans[j][0], len(t.tokens) - 1)]
        if row_sentence < sentence - 1:
            break
        inline = row_sentence == sentence
        typing = f.typings[j]
        if inline and not _row_value(t, j, inline=True):
            continue  # a number of the label ("2019: نحو 5000")
        if typing.fact_type not in (OTHER, "funding", "percentage") and _row_value(t, j, inline=inline):
            return Typing(typing.fact_type, typing.unit, None, f"row:{typing.fact_type}", factor=typing.factor)
    if _introduced_as_follows(t, f.k):  # "تتوزع المساهمات على النحو الآتي: إيطاليا: 340، إسبانيا: 160"
        previous = _earlier_figure(f, AS_FOLLOWS_SENTENCES)
        if previous is not None:
            return Typing(previous.fact_type, previous.unit, None, f"row:{previous.fact_type}", factor=previous.factor)
    return None


_AS_FOLLOWS = ("الاتي", "التالي", "كالاتي", "كالتالي", "يلي")
AS_FOLLOWS_SENTENCES = 4  # sentences back to the count a list "as follows" breaks down


def _row_value(t: Text, k: int, inline: bool = True) -> bool:
    """The k-th quantity follows a short label and a colon, at the start of its sentence or, in a
    row written inline, after a comma or after "على النحو الآتي:" ("إيطاليا: 340، إسبانيا: 160")."""
    q = t.quantities[k]
    before = t.spans[k][0]
    sentence_start = t.sentence_starts[t.sentence_of(q.start)]
    head = t.text[sentence_start : q.start]
    label, colon, rest = head.rpartition(":")
    if not colon or rest.strip() or before < 1:
        return False
    if 0 < len([w for w in label.split() if any(ch.isalnum() for ch in w)]) <= ROW_LABEL_WORDS:
        return True
    if not inline:
        return False
    cut = max(label.rfind("،"), label.rfind(","), label.rfind(":"))
    words = label[cut + 1 :].split() if cut >= 0 else []
    return 0 < len(words) <= ROW_LABEL_WORDS + 1 and (label[cut] != ":" or _as_follows(label[:cut]))


def _as_follows(text: str) -> bool:
    words = text.split()
    return bool(words) and clues.fold_word(words[-1]) in _AS_FOLLOWS


def _introduced_as_follows(t: Text, k: int) -> bool:
    """The k-th quantity is the first row of a list written inline after "على النحو الآتي:"."""
    q = t.quantities[k]
    sentence_start = t.sentence_starts[t.sentence_of(q.start)]
    head = t.text[sentence_start : q.start]
    label, colon, _rest = head.rpartition(":")
    if not colon:
        return False
    intro, colon, _label = label.rpartition(":")
    return bool(colon) and _as_follows(intro) and "،" not in _label


ANAPHORA_REACH = 20  # tokens back from a bare figure to "العدد" in its sentence
ANAPHORA_SENTENCES = 3  # sentences back where the figure "العدد" refers to may stand


@rule("anaphora", [
    ("نشرت واشنطن 2500 جندي في العراق عام 2019. وبعد عامين تراجع العدد إلى نحو 2000", "troops 2500, troops 2000"),
    ("قتل 14 مدنيا في القصف. وقال المسعفون إن العدد مرشح للارتفاع وقد يتجاوز 20", "killed 14, killed 20"),
    ("أرسلت واشنطن 150 ألف جندي، وبلغ العدد ذروته في خريف 2007 خلال ما عرف بزيادة القوات حين تجاوز 165 ألفا",
     "troops 150000, troops 165000"),
])
def anaphora(f: Figure) -> Typing | None:
    """"ثم تجاوز العدد 3100"، "بعد أن كان العدد قرابة ألف": a bare figure given as "the number" of
    what the article has been counting takes the type of the last figure it counted."""
    if f.noun is not None or not clues.nothing_counted_after(f.text, f.before, f.after):
        return None
    t, before = f.text, f.before
    for index in range(before - 1, max(before - 1 - ANAPHORA_REACH, -1), -1):
        if not t.same_sentence(index, before) or t.tokens[index + 1].strong_break_before:
            return None
        if t.in_quantity[index] and not _a_year(f, index):  # "بلغ العدد ذروته في خريف 2007 ... حين تجاوز 165 ألفا"
            return None
        if t.tokens[index].keys[-1] in ("عدد", "رقم") and t.tokens[index].definite:
            following = index + 1
            if following < before and t.noun_class(following) is not None:
                return None  # "العدد الإجمالي للقتلى": a count head of its own
            previous = _earlier_figure(f, ANAPHORA_SENTENCES)
            if previous is None:
                return None
            return Typing(previous.fact_type, previous.unit, None, f"anaphora:{previous.fact_type}", factor=previous.factor)
    return None


def _a_year(f: Figure, index: int) -> bool:
    """Token ``index`` belongs to an earlier figure that is a year."""
    for j in range(f.k - 1, -1, -1):
        first, after = f.text.spans[j]
        if first <= index < after:
            return clues.looks_like_year(f.text.quantities[j]) or f.typings[j].rule == "year"
    return False


def _earlier_figure(f: Figure, sentences: int) -> Typing | None:
    """The last count before this figure (not money, not a percentage), a few sentences back at most."""
    t = f.text
    sentence = f.sentence()
    for j in range(f.k - 1, -1, -1):
        if sentence - t.token_sentence[min(t.spans[j][0], len(t.tokens) - 1)] > sentences:
            return None
        if f.typings[j].fact_type not in (OTHER, "funding", "percentage"):
            return f.typings[j]
    return None


@rule("more", [
    ("قتل 9 من عناصر الحشد، و6 آخرون من الجيش", "killed 9, killed 6"),
    ("دمرت الغارة 3 مواقع للتنظيم و4 أخرى في وادي حوران", "sites 3, sites 4"),
    ("وثق المرصد 90 حالة اعتقال، كانت قوات النظام مسؤولة عن 60 حالة منها", "detained 90, detained 60"),
])
def more(f: Figure) -> Typing | None:
    """"آخرون"، "أخرى": more of what the figure before counted, when no verb of its own says what
    happened to them ("وأصيب 11 آخرون" is typed by أصيب)."""
    noun = f.noun
    if noun is None or noun.cls not in ("others", "case"):
        return None
    t = f.text
    own = clues.cue_after(t, noun.at + 1, reach=3)
    if own in clues.VICTIM_TYPES:  # "4 آخرون يتلقون العلاج"، "و3 آخرين اعتقلوا"
        return Typing(own, "person", noun.text, f"more:{own}", noun.at, noun.partitive)
    near = clues.situation_near(t, f.before, f.after, 1, reach=3, clause=5)
    if near is not None and near[2] > noun.at and near[1] in clues.VICTIM_TYPES:
        return Typing(near[1], "person", noun.text, f"more:{near[1]}", noun.at, noun.partitive)
    previous = antecedent(f, persons=True if noun.cls == "case" else None)
    if previous is None:
        return None
    return Typing(previous.fact_type, previous.unit, noun.text, f"more:{previous.fact_type}", noun.at, noun.partitive,
                  previous.factor)


LIST_GAP = 14  # tokens between two items of a list of people: "و812 من عناصر قوات الحكومة والمسلحين الموالين لها، و641"


@rule("list", [
    (
        "وثق المرصد مقتل 230 شخصا، بينهم 90 مدنيا، و70 من عناصر قوات النظام، و45 من رعاة الماشية",
        "killed 230, killed 90, killed 70, killed 45",
    ),
    ("أعلنت الصحة مقتل 12 شخصا بينهم 7 مدنيين و5 عسكريين", "killed 12, killed 7, killed 5"),
    ("ضبطت المفرزة 7 قاذفات و25 بدلة عسكرية", "weapons 7, weapons 25"),
    ("ردت واشنطن بأربع جولات من الضربات داخل العراق، وبخمس جولات في سوريا", "attacks 4, attacks 5"),
    ("يقدر عديد كتائب حزب الله بنحو 10 آلاف مقاتل، تليها حركة النجباء بنحو 6 آلاف، ثم كتائب سيد الشهداء بقرابة 4 آلاف",
     "troops 10000, troops 6000, troops 4000"),
    ("تصدرت قاعدة عين الأسد قائمة المواقع المستهدفة بـ31 هجوما، تلتها قاعدة التنف بـ22، ثم قاعدة حرير بـ15",
     "attacks 31, attacks 22, attacks 15"),
])
def list_item(f: Figure) -> Typing | None:
    """The next item of a list after one verb counts what the item before it counted: people
    ("مقتل 12 شخصا بينهم 7 مدنيين و5 عسكريين", the items of a monitor's toll however long), or
    things ("ضبطت ... 11 لغما و6 قذائف و5 مناظير"), even a noun the vocabulary lacks; not when a
    verb of its own stands between them ("قتل 4 وأصيب 9")."""
    previous = f.previous
    if previous is None:
        return None
    typing, noun = previous[1], f.noun
    if (noun is not None and typing.fact_type != OTHER and _same_noun(f, typing) and joined_to_previous(f, LIST_GAP, True)
            and not _verb_between(f, previous[0], typing.fact_type)):
        # "بأربع جولات من الضربات داخل العراق، وبخمس جولات في سوريا": the same noun, the same count
        return Typing(typing.fact_type, typing.unit, noun.text, f"list:{typing.fact_type}", noun.at, noun.partitive,
                      typing.factor)
    if typing.fact_type in ("weapons", "sites") and noun is None and joined_to_previous(f):
        if clues.unknown_word_after(f.text, f.q, f.after) is not None:
            return Typing(typing.fact_type, "item" if typing.fact_type == "weapons" else typing.unit, None,
                          f"list:{typing.fact_type}")
    if typing.fact_type in ("attacks", "sites", "weapons", "countries") and noun is None:
        # "تلتها قاعدة التنف بـ19، ثم قاعدة حرير بـ14": items named before their figures
        if clues.nothing_counted_after(f.text, f.before, f.after) and f.q.kind in ("cardinal", "vague") and joined_to_previous(
            f, LIST_GAP, named_items=True
        ) and not _verb_between(f, previous[0], typing.fact_type):
            return Typing(typing.fact_type, typing.unit, None, f"list:{typing.fact_type}", factor=typing.factor)
        return None
    if typing.fact_type not in clues.PERSON_TYPES:
        return None
    if noun is not None and noun.cls not in ("person", "military", "troops"):
        return None
    if noun is not None and noun.cls == "person" and typing.fact_type not in clues.VICTIM_TYPES:
        return None  # civilians listed after soldiers deployed are no troops
    if noun is None and not clues.nothing_counted_after(f.text, f.before, f.after):
        return None
    if not joined_to_previous(f, LIST_GAP, named_items=noun is None) or _verb_between(f, previous[0], typing.fact_type):
        return None
    return Typing(typing.fact_type, "person", noun.text if noun else None, f"list:{typing.fact_type}",
                  noun.at if noun else None, noun.partitive if noun else False)


def _same_noun(f: Figure, previous: Typing) -> bool:
    """The figure counts the very noun the figure before counted (جولات ... وبخمس جولات)."""
    if previous.noun_at is None or f.noun is None:
        return False
    return f.text.tokens[f.noun.at].keys[-1] == f.text.tokens[previous.noun_at].keys[-1]


def _verb_between(f: Figure, previous_end: int, fact_type: str) -> bool:
    """A predicate of another type or a clause opener between the figure before and this one, or
    right after this one: the item has a verb of its own ("قتل 4 وأصيب 9"; not "... لقوا حتفهم،
    إلى جانب 63": the verb of the item before)."""
    t = f.text
    for index in range(previous_end, f.before + 1):
        cue = t.cue(index)
        opens = index > previous_end and t.role(index) == "conjunction" and t.tokens[index].folded != "ثم"
        if (cue and cue != fact_type and cue != clues.PRESENCE) or opens:
            return True
    own = clues.cue_after(t, f.after if f.noun is None else f.noun.at + 1, reach=2)
    if own is not None and own != clues.PRESENCE:
        return True
    near = clues.situation_near(t, f.before, f.after, 1, reach=4, clause=6)  # "95 ضابطا أنهوا دورة"
    return near is not None and near[2] >= f.after
