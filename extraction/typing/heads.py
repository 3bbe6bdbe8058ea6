"""A count whose noun stands before the number: "ارتفع عدد القتلى ... إلى 215"، "والجرحى 12"،
"مجموع من نزحوا ... 6 ملايين"، "عدد سكانه 73 ألفا" (in a camp)."""
from __future__ import annotations

from arqam.extraction.typing import clues
from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.text import Text

LABEL_WORDS = 4  # words of a row's label: "قتلى قوات النظام والمسلحين الموالين"


def count_head_before(f: Figure) -> Typing | None:
    """"ارتفع عدد القتلى ... إلى 215"، "والجرحى 12": the noun of the count is before the number."""
    t, before = f.text, f.before
    if f.noun is None and clues.unknown_word_after(t, f.q, f.after) is not None:
        return None  # "بلغ عدد الوافدين ... دخلوا عبر ستة معابر": six of something else
    previous = before - 1
    labelled = _after_label(t, before)  # "عدد الهجمات: 19"، "القتلى المدنيون: 3": a row's label names the count
    if labelled:  # "القتلى المدنيون: 3"، "قتلى التنظيم: 9": the label's victim noun
        for noun_at in range(previous, max(previous - LABEL_WORDS, -1), -1):
            if t.in_quantity[noun_at]:
                break
            noun_class = t.noun_class(noun_at)
            if noun_class and noun_class[0] in clues.VICTIM_TYPES:
                return Typing(noun_class[0], "person", t.tokens[noun_at].text, f"noun_before:{noun_class[0]}", noun_at)
            if not t.linked(noun_at):
                break
    elif t.linked(before) and t.tokens[previous].definite:
        noun_class = t.noun_class(previous)
        if noun_class and noun_class[0] in clues.VICTIM_TYPES and not t.in_quantity[previous]:
            return Typing(noun_class[0], "person", t.tokens[previous].text, f"noun_before:{noun_class[0]}", previous)
    heads = vocab.count_heads()
    for index in range(before - 1, max(before - 1 - clues.HEAD_WINDOW, -1), -1):
        if not t.same_sentence(index, before - 1) or (t.tokens[index + 1].strong_break_before and not (
            labelled and index + 1 == before
        )):
            break
        if heads.get(t.tokens[index].keys[-1]) == "strength" and f.noun is None:
            return Typing("troops", "person", t.tokens[index].text, "noun_before:troops", index)  # "تقليص عديدها من 300"
        if heads.get(t.tokens[index].keys[-1]) != "head" or index + 1 >= before:
            continue
        noun_at = index + 1
        if t.tokens[noun_at].folded in ("من", "الذين", "اللواتي"):  # "مجموع من نزحوا"، "عدد الذين قضوا": those who ...
            cue = clues.cue_after(t, noun_at + 1, reach=4)
            if cue in clues.VICTIM_TYPES:
                return Typing(cue, "person", None, f"noun_before:{cue}", noun_at)
            return None
        noun_class = clues.owned_noun_class(t, noun_at)  # عدد القتلى، عدد أفرادها، عدد قواتها
        if noun_class is None:
            return None
        cls, unit = noun_class
        if cls in (*clues.PEOPLE_CLASSES, "troops"):
            state = clues.state_after(t, noun_at)  # "عدد العسكريين الأميركيين المصابين": the wounded
            if state is not None:
                cls, unit = state, "person"
        if cls in ("person", "member") and not clues.force_named_with(t, noun_at):
            near = clues.situation_near(t, before, f.after, 1)  # "تجاوز عدد سكانه 73 ألفا" in a camp
            if near is not None and "person" in vocab.situation_scope()[near[0]][0]:
                return Typing(near[1], "person", t.tokens[noun_at].text, f"noun_before:{near[1]}", noun_at)
            return None
        if cls == "member" and clues.force_named_with(t, noun_at):
            cls = "military"  # "عدد أفراد بعثته"
        if cls in ("military", "troops", "trainer"):
            cls, unit = "troops", "person"
        if cls == "incident":  # "ارتفع عدد عمليات المقاومة إلى 19": operations in an attack frame
            if clues.attack_frame(t, before, f.after) or any(typing.rule == "incident:attacks" for typing in f.typings):
                return Typing("attacks", "attack", t.tokens[noun_at].text, "noun_before:attacks", noun_at)
            return None
        if cls not in FACT_TYPES or (clues.heads_toll(t, index) and cls not in clues.VICTIM_TYPES):
            return None  # "حصيلة الهجوم": the toll of an attack, not a count of attacks
        if cls in clues.OTHER_CASUALTY and clues.casualty_nouns_paired(t, noun_at, cls):
            return other("killed_and_wounded", t.tokens[noun_at].text, noun_at)
        return Typing(cls, unit, t.tokens[noun_at].text, f"noun_before:{cls}", noun_at)
    return None


def _after_label(t: Text, before: int) -> bool:
    """The figure follows a short label and a colon ("عدد الهجمات: 19")."""
    if before < 1 or not t.same_sentence(before - 1, before):
        return False
    return t.text[t.tokens[before - 1].end : t.tokens[before].start].strip() == ":"
