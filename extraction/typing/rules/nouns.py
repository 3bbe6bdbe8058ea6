"""Rules where the noun counted decides: a noun that names its fact type (قتيلا، هجمات، قواعد،
عبوة), a weight, an incident counted in an attack frame, nouns that are never facts."""
from __future__ import annotations

from arqam.extraction.typing import clues
from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.heads import count_head_before
from arqam.extraction.typing.rules.base import rule
from arqam.extraction.typing.text import Text


@rule("weight", [
    ("عثرت المفرزة على 4 أطنان من المواد المتفجرة", "weapons 4"),
    ("ضبطت القوة 40 كغم من نترات الأمونيوم داخل المضافة", "weapons 0.04"),
    ("وفي المخبأ 12 عبوة و25 كغم من مادة TNT", "weapons 12, weapons 0.025"),
    ("صادرت الشرطة 60 كغم من الحشيشة", "—"),
    ("وصلت إلى المخيم 30 طنا من الطحين", "—"),
])
def weight(f: Figure) -> Typing | None:
    """A weight (طن، كغم: ``data/weights.tsv``) is weapons, in tons, when weapons or explosives are
    what is weighed, or when it is an item of a seizure (its sentence seizes weapons, or it
    follows a weapons figure in a list); drugs and goods are not."""
    noun = f.noun
    if noun is None or noun.cls != "weight":
        return None
    t = f.text
    factor = next((vocab.weight_units()[k] for k in reversed(t.tokens[noun.at].keys) if k in vocab.weight_units()), 1.0)
    weighed = clues.weighed(t, noun.at)
    if weighed == "weapons":
        return Typing("weapons", "ton", noun.text, "weight:weapons", noun.at, factor=factor)
    if weighed is None:
        seized = clues.situation_near(t, f.before, f.after, 2)
        previous = f.previous
        listed = previous is not None and previous[1].fact_type == "weapons" and joined_to_previous(f)
        if (seized is not None and seized[1] == "weapons" and seized[0] == "seizure") or listed:
            return Typing("weapons", "ton", noun.text, "weight:seized", noun.at, factor=factor)
    return other("weight:not_weapons", noun.text, noun.at)


def joined_to_previous(f: Figure, gap: int = 6, named_items: bool = False) -> bool:
    """The figure is the next item of a list after the figure before it: joined by و, a few words
    after it, with no sentence part between ("9 صواريخ و4 قذائف هاون")."""
    previous = f.previous
    if previous is None:
        return False
    t, before = f.text, f.before
    previous_end = previous[0]
    if not 0 <= before - previous_end <= gap or before >= len(t.tokens):
        return False
    first = t.tokens[before].folded
    glued = first.startswith("و") and not first.startswith("واحد")
    joined = glued or (before >= 1 and t.tokens[before - 1].folded == "و" and t.linked(before)) or besides(t, before)
    if not joined and named_items:  # "تليها حركة النجباء بنحو 8 آلاف"، "وكتائب حزب الله بين 7 و10 آلاف"
        noun_at = previous[1].noun_at
        start = noun_at + 1 if noun_at is not None and previous_end <= noun_at < before - 1 else previous_end
        opener = next((i for i in range(before - 1, start - 1, -1) if not t.linked(i) or i == start), None)
        if opener is not None:
            word = t.tokens[opener].folded
            joined = word.startswith("و") or word in ("ثم", "تليها", "يليها", "تلتها", "يليه", "تليه")
    if not joined:
        return False
    if any(t.tokens[i].strong_break_before for i in range(previous_end, before + 1)):
        return False
    return t.same_sentence(previous_end - 1, before)


def besides(t: Text, before: int) -> bool:
    """"إلى جانب 63"، "إضافة إلى 1135"، "فضلا عن 9"، "مقابل 126 ألف": the next item of a list."""
    if before >= 1 and "against" in t.continuation_roles(before - 1):
        return True
    if before < 2 or t.tokens[before - 1].folded not in ("الي", "عن", "علي"):
        return False
    return "besides" in t.continuation_roles(before - 2)


@rule("killed_and_wounded", [
    ("سقط 23 قتيلا وجريحا في التفجير", "—"),
    ("أدى الانفجار إلى مقتل وإصابة 19 شخصا", "—"),
    ("سقط 40 مدنيا بين قتيل وجريح في القصف", "—"),
    ("وقال مصدران إن ستة من مقاتلي الكتائب قتلوا وأصيب تسعة آخرون في الضربات", "killed 6, wounded 9"),
])
def killed_and_wounded(f: Figure) -> Typing | None:
    """One figure for the killed and the wounded together ("20 قتيلا وجريحا"، "مقتل وإصابة 15")
    is neither type: the split is unknown."""
    noun, t = f.noun, f.text
    if clues.combined_toll_after(t, f.after if noun is None else noun.at + 1):
        return other("killed_and_wounded", noun.text if noun else None, noun.at if noun else None)
    if noun is None:
        event_cue = adjacent_event_cue(f)
        if event_cue is not None and event_cue[0] in clues.OTHER_CASUALTY and clues.casualty_cues_paired(t, event_cue[1], event_cue[0]):
            return other("killed_and_wounded")
        return None
    if noun.cls in clues.OTHER_CASUALTY and clues.casualty_nouns_paired(t, noun.at, noun.cls):
        return other("killed_and_wounded", noun.text, noun.at)
    if noun.cls in ("troops", "trained_personnel", *clues.PEOPLE_CLASSES):
        if noun.cls in clues.PEOPLE_CLASSES and clues.state_after(t, noun.at):
            return None
        cue, cue_at = f.cue
        if cue in clues.OTHER_CASUALTY and cue_at is not None and cue_at < f.before:
            if clues.casualty_cues_paired(t, cue_at, cue) and not _first_cue_is_the_figure_befores(f, cue_at):
                return other("killed_and_wounded", noun.text, noun.at)
    return None


def _first_cue_is_the_figure_befores(f: Figure, cue_at: int) -> bool:
    """"ستة من المقاتلين قتلوا وأصيب تسعة آخرون": the first verb of the pair is the figure
    before's own, said after it; the second is this figure's."""
    previous = f.previous
    return previous is not None and previous[1].fact_type in clues.OTHER_CASUALTY and previous[0] <= cue_at


def adjacent_event_cue(f: Figure) -> tuple[str, int] | None:
    """A killed, wounded, detained or displaced predicate right before a number with no noun
    ("مقتل 4"، "القبض على 5"): (type, its token)."""
    t, before = f.text, f.before
    cue_at = before - 1
    if t.linked(before) and t.tokens[cue_at].folded in ("علي", "عن") and t.linked(cue_at):
        cue_at -= 1  # القبض على 5
    cue = t.cue(cue_at) if t.linked(cue_at + 1) else None
    if cue in clues.VICTIM_TYPES and clues.nothing_counted_after(t, before, f.after):
        return cue, cue_at
    return None


@rule("incident", [
    ("تعرضت قاعدة حرير للقصف 4 مرات خلال الشهر", "attacks 4"),
    ("نفذ التنظيم 9 عمليات في ديالى خلال الشهر الماضي", "attacks 9"),
    ("تضاعف عدد المقاتلين 3 مرات", "—"),
    ("وثق المرصد عدد عمليات الاغتيال في المحافظة بنحو 240 عملية", "attacks 240"),
    ("وتقول المقاومة إن عملياتها تجاوزت 170 عملية ضد قواعد الاحتلال", "attacks 170"),
    ("شهدت المحافظة خلال أيار 37 عملية ومحاولة اغتيال", "attacks 37"),
    ("تبنت الفصائل 24 عملية في تشرين الأول. وبلغ مجموع العمليات حتى نهاية العام 163 عملية", "attacks 24, attacks 163"),
    ("نفذت الوزارة 14 عملية جراحية للجرحى", "—"),
    ("أعلنت المقاومة مسؤوليتها عن 6 عمليات خلال يومين", "attacks 6"),
    ("استهدف مسلحون رتلا للجيش قرب الحدود. وشهدت المنطقة خلال الشهر الماضي 9 عمليات مماثلة", "attacks 9"),
])
def incident(f: Figure) -> Typing | None:
    """"N مرات"، "N عمليات" count attacks in an attack frame (استُهدفت، تعرضت للقصف، تبنى، نفذ);
    elsewhere they are multipliers and operations of any kind, not facts."""
    noun = f.noun
    if noun is None or noun.cls != "incident":
        return None
    if clues.attack_frame(f.text, f.before, f.after):
        return Typing("attacks", "attack", noun.text, "incident:attacks", noun.at)
    head = count_head_before(f)  # "عدد عمليات الاغتيال ... بأكثر من 1700 عملية"
    if head is not None and head.fact_type == "attacks":
        return Typing("attacks", "attack", noun.text, "incident:attacks", noun.at)
    if _operations_were_attacks(f) or (_operations(f) and clues.attack_lead(f.text, f.before)):
        return Typing("attacks", "attack", noun.text, "incident:attacks", noun.at)
    return other(f"not_a_fact:{noun.cls}", noun.text, noun.at)


_TIMES = frozenset({"مره", "مرات", "مرتين", "مرتان", "مناسبه", "مناسبات"})


def _operations(f: Figure) -> bool:
    """The incident counted is operations (عمليات), not times (مرات، مناسبات)."""
    assert f.noun is not None  # asked of a counted noun only
    return f.text.tokens[f.noun.at].keys[-1] not in _TIMES


def _operations_were_attacks(f: Figure) -> bool:
    """One sense per article: once the article has counted operations (عمليات) as attacks, its
    later operations are attacks too ("وبلغ مجموع العمليات منذ بدء الحملة 163 عملية")."""
    t = f.text
    if not _operations(f):
        return False  # times multiply anything: "تضاعف 3 مرات"
    return any(typing.rule == "incident:attacks" and typing.noun_at is not None
               and t.tokens[typing.noun_at].keys[-1] not in _TIMES for typing in f.typings)


@rule("noun", [
    ("تعرضت القواعد الأمريكية لـ 27 هجوما منذ مطلع العام", "attacks 27"),
    ("أسقطت الدفاعات الجوية 3 طائرات مسيرة فوق المطار", "weapons 3"),
    ("تنتشر قوات التحالف في 4 قواعد عسكرية", "sites 4"),
    ("عاد 900 نازح إلى قراهم في سنجار", "displaced 900"),
    ("أرسلت برلين 120 جنديا إلى كردستان", "troops 120"),
    ("انضم نحو 3 آلاف مقاتل إلى الفصيل", "troops 3000"),
    ("شاركت 14 دولة في الاجتماع", "countries 14"),
    ("وسقط صاروخان من طراز كاتيوشا قرب السفارة", "weapons 2"),
    ("ويصل سعر صاروخ اعتراضي واحد إلى مليوني دولار", "—"),
])
def noun(f: Figure) -> Typing | None:
    """A noun that names its fact type decides (هجوما → attacks, نازح → displaced); members of
    forces (عناصر، مقاتلين، منتسبين) with nothing else said of them are troops."""
    noun = f.noun
    if noun is None:
        return None
    if f.q.value == 1 and noun.at < f.before and noun.at > 0 and clues.money_head(f.text, noun.at):
        return other("price_of_one", noun.text, noun.at)  # "يصل سعر صاروخ اعتراضي واحد إلى 2 مليون دولار"
    if noun.cls in FACT_TYPES:
        return Typing(noun.cls, noun.unit, noun.text, f"noun:{noun.cls}", noun.at, noun.partitive)
    if noun.cls in ("military", "trainer") or (noun.cls == "member" and clues.force_named_with(f.text, noun.at)):
        return Typing("troops", "person", noun.text, f"noun:{noun.cls}", noun.at, noun.partitive)
    return None


@rule("people_without_predicate", [
    ("يسكن المدينة نحو 400 ألف شخص", "—"),
])
def people_without_predicate(f: Figure) -> Typing | None:
    """People in general (أشخاص، مدنيين، مواطنين) with nothing said of what happened to them are no fact."""
    noun = f.noun
    if noun is not None and noun.cls in ("person", "member", "others"):
        return other("people_without_predicate", noun.text, noun.at)
    return None


@rule("not_a_fact", [
    ("وكان الجندي يبلغ من العمر 23 عاما", "—"),
    ("تقع القاعدة على بعد 40 كيلومترا من الحدود", "—"),
    ("عادت 150 عائلة إلى قضاء سنجار", "—"),
    ("حددت اللجنة 6 أسباب للانسحاب", "—"),
])
def not_a_fact(f: Figure) -> Typing | None:
    """Durations, ages, measures, families, multipliers and abstract things (``counted_nouns.tsv``)
    are never facts."""
    noun = f.noun
    if noun is not None:
        return other(f"not_a_fact:{noun.cls}", noun.text, noun.at)
    return None
