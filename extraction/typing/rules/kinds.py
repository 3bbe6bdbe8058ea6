"""Rules decided by the kind of quantity the parser found: names, ordinals, percentages, money,
bare fractions, and a count in apposition ("البالغ عددهم")."""
from __future__ import annotations

from arqam.extraction.typing import clues
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.rules.base import rule
from arqam.extraction.typing.text import situation_of


@rule("name_in_quotes", [
    ("استهدفت المسيرة موقع \"المحطة 4\" قرب الحدود", "—"),
    ("أعلن الجيش انتهاء عملية «الفجر 3» في صحراء الأنبار", "—"),
])
def name_in_quotes(f: Figure) -> Typing | None:
    """A number that ends a short quoted name ("البرج 22") is part of the name, not an amount."""
    if f.q.kind == "cardinal" and clues.quoted_name(f.text, f.q, f.before, f.after):
        return other("name_in_quotes")
    return None


@rule("apposition", [
    ("وصلت القوات الفرنسية البالغ عددها 600 إلى أربيل", "troops 600"),
    ("ما زال المعتقلون الذين يبلغ عددهم 1200 في سجن الحسكة", "detained 1200"),
    ("أفرج عن السجناء البالغ عددهم نحو 300", "detained 300"),
    ("احتفلت الأكاديمية بتخريج الدورة الخامسة وعددها 640 منتسبا", "trained_personnel 640"),
    ("وأضاف أن القوات الأمريكية في القاعدة يتجاوز عددها 2000", "troops 2000"),
])
def apposition(f: Figure) -> Typing | None:
    """"القوات الأمريكية البالغ عددها 2500": "عددها" right before the number counts the noun named a
    few words before it, whatever follows the number."""
    if f.q.kind not in ("cardinal", "vague"):
        return None
    t, before = f.text, f.before

    def names_count(i: int) -> bool:
        return not _NAMES_COUNT.isdisjoint(t.head_roles(i))

    inside = [i for i in range(before, f.after) if names_count(i)] if f.after - before > 2 else []  # "يتجاوز عددها 2000"
    if inside:
        head = before
    else:
        head = before - 1
        if not t.linked(before) or not names_count(head):
            return None
    for index in range(head - 1, max(head - 1 - clues.APPOSITION_WINDOW, -1), -1):
        if not t.same_sentence(index, head) or t.tokens[index + 1].strong_break_before:
            break
        noun_class = t.noun_class(index)
        if noun_class is not None and noun_class[0] == "sites" and index > 0 and t.tokens[index - 1].folded == "في":
            continue  # "القوات الأمريكية في القاعدة يتجاوز عددها": the place, not what is counted
        if noun_class is None and t.is_force(index):
            noun_class = ("military", "person")
        situation = situation_of(t.tokens[index].text)
        if situation is not None and situation[0] == "training":  # "الدورة ... وعددهم 412 ضابطا"
            return Typing("trained_personnel", "person", t.tokens[index].text, "apposition:trained_personnel", index)
        if noun_class is None:
            continue
        cls, unit = noun_class
        if cls in ("military", "troops"):
            return Typing("troops", "person", t.tokens[index].text, "apposition:troops", index)
        if cls in FACT_TYPES:
            return Typing(cls, unit, t.tokens[index].text, f"apposition:{cls}", index)
        return None
    return None


_NAMES_COUNT = frozenset({"apposition", "strength"})
CAPACITY_REACH = 4  # tokens back from a figure to a word of capacity in its clause


@rule("capacity_or_missing", [
    ("يتسع السجن الجديد لـ 6 آلاف نزيل", "—"),
    ("يضم مخيم الهول 37 ألف شخص، وتبلغ طاقته الاستيعابية 60 ألفا", "displaced 37000"),
    ("وما زال مصير نحو 1300 مختطف مجهولا", "—"),
    ("ما يزال 3 آلاف شخص في عداد المفقودين", "—"),
    ("قتل 12 شخصا في القصف، وما زال ثلاثة أشخاص في عداد المفقودين تحت الأنقاض", "killed 12"),
    ("جرت تسوية أوضاع 450 شخصا بموجب مرسوم العفو", "—"),
    ("قتل 40 شخصا، وما زال المفقودون وقرابة 300 نازح بلا مأوى", "killed 40, displaced 300"),
])
def capacity_or_missing(f: Figure) -> Typing | None:
    """What a prison or a camp can hold ("يتسع لـ"، "طاقته الاستيعابية") is no count of the people
    in it; nor are the missing, whose fate is unknown ("مصير أكثر من 2600 مجهولا"), nor those whose
    status was settled ("تسوية أوضاع 312 شخصا": never held)."""
    t, before = f.text, f.before
    if not t.has_any_key(clues.vocab.role_forms(_CAPACITY_ROLES)) or all(
        _CAPACITY_ROLES.isdisjoint(t.head_roles(i))
        for i in range(max(before - CAPACITY_REACH, 0), min(f.after + MISSING_REACH, len(t.tokens)))
    ):
        return None
    for index in range(before - 1, max(before - 1 - CAPACITY_REACH, -1), -1):
        if not t.linked(index + 1):
            break
        roles = t.head_roles(index)
        role = next((r for r in ("capacity", "fate", "settled") if r in roles), None)
        if role is not None:
            return other({"capacity": "capacity", "fate": "missing", "settled": "status_settled"}[role])
    for index in range(f.after, min(f.after + MISSING_REACH, len(t.tokens))):
        if not t.linked(index):
            break
        if "missing" in t.head_roles(index):
            noun = f.noun
            if index > f.after and t.noun_class(index - 1) is not None and (noun is None or noun.at != index - 1):
                continue  # "برصاص مسلحين مجهولين": another noun's adjective
            return other("missing")
    return None


MISSING_REACH = 6  # tokens after a figure to "المفقودين": "ثلاثة أشخاص ما زالوا في عداد المفقودين"
_CAPACITY_ROLES = frozenset({"capacity", "fate", "settled", "missing"})


@rule("year", [
    ("ارتفع عدد المنتسبين إلى 204 آلاف في جداول موازنة 2023", "troops 204000"),
    ("وهو أعلى رقم منذ تأسيس الحشد صيف 2014", "—"),
    ("عبر الحدود قرابة ألفي عسكري سوري، وأعاد العراق 1905 منهم إلى بلادهم", "troops 2000, troops 1905"),
])
def year(f: Figure) -> Typing | None:
    """A bare four-digit number of the calendar's range after a plain noun ("موازنة 2023"، "صيف 2014")
    is a year the date finder did not see, never a count; after a count word it may be one
    ("بلغ عددهم 2000"): the rules after this one decide."""
    q, t, before = f.q, f.text, f.before
    if not clues.looks_like_year(q) or q.qualifier != "exact" or before < 1 or not t.linked(before):
        return None
    if f.noun is not None and f.noun.cls not in ("unknown",):
        return None
    word = before - 1
    if t.in_quantity[word] or t.role(word) is not None or t.cue(word) or clues.is_change_verb(t, word):
        return None
    if t.head_roles(word) or t.continuation_roles(word):
        return None
    if t.tokens[word].folded in ("و",) or t.noun_class(word) is not None:
        return None
    if f.after < len(t.tokens) and t.linked(f.after) and "part" in t.continuation_roles(f.after):
        return None  # "وأعاد 1905 منهم": a part of a count, no year
    return other("year")


@rule("year_range", [
    ("بلغ النزوح ذروته بين 2015 و2016 بنحو 3.3 ملايين نازح", "displaced 3300000"),
])
def year_range(f: Figure) -> Typing | None:
    """"بين 2015 و2016": a range of two years written in digits is a period, not a count."""
    q = f.q
    if q.qualifier != "range" or q.value_max is None or not all(1900 <= v <= 2100 for v in (q.value, q.value_max)):
        return None
    digits = [w for w in q.text.split() if any(ch.isdigit() for ch in w)]
    if len(digits) == 2 and all(len("".join(ch for ch in w if ch.isdigit())) == 4 for w in digits):
        return other("year_range")
    return None


@rule("ordinal", [
    ("انطلقت الجولة الرابعة من الحوار الأمني بين بغداد وواشنطن", "—"),
    ("تخرجت الدفعة الـ43 من كلية الشرطة", "—"),
])
def ordinal(f: Figure) -> Typing | None:
    """Ordinals (الثالثة، الدفعة الـ43) are never counts."""
    return other("ordinal") if f.q.kind == "ordinal" else None


EACH_AFTER_REACH = 5  # tokens after a figure to "في كل منها": "30 إلى 50 جنديا في كل منها"
_EACH = frozenset({"كل", "لكل", "ولكل", "فكل", "وكل"})


@rule("per_each", [
    ("كل ألف منتسب يتقاعدون يخففون فاتورة الرواتب", "—"),
    ("تضم النقاط الأمامية ما لا يزيد على 30 إلى 50 جنديا في كل منها", "—"),
    ("نشرت تركيا 4 آلاف جندي في 87 موقعا", "troops 4000, sites 87"),
])
def per_each(f: Figure) -> Typing | None:
    """A figure for each one («كل ألف منتسب»، «50 جنديا في كل منها») is a rate, not a total."""
    t, before = f.text, f.before
    if before >= 1 and t.linked(before) and t.tokens[before - 1].folded in _EACH:
        return other("per_each")
    for index in range(f.after, min(f.after + EACH_AFTER_REACH, len(t.tokens) - 1)):
        if t.tokens[index].folded not in _EACH:
            continue
        if not all(t.linked(i) for i in range(f.after, index + 1)):
            break
        if t.tokens[index].folded in ("كل", "لكل") and t.linked(index + 1) and t.tokens[index + 1].folded in (
            "منها", "منهم", "منهما", "واحد", "واحده", "واحدة"
        ):
            return other("per_each")
    return None


@rule("percent", [
    ("انخفضت الهجمات على القواعد بنسبة 35 في المائة", "percentage 35"),
    ("أنجز 70% من الجدار الحدودي", "percentage 70"),
])
def percent(f: Figure) -> Typing | None:
    """A percentage is a ``percentage`` fact, whatever it is a share of."""
    return Typing("percentage", "percent", None, "percent") if f.q.kind == "percent" else None


@rule("money", [
    ("خصصت الحكومة 250 مليون دولار لإعادة إعمار سنجار", "funding 250000000"),
    ("يبلغ سعر الطائرة المسيرة 20 ألف دولار", "—"),
    ("يتقاضى المنتسب راتبا قدره 900 ألف دينار", "—"),
    ("تتسلم كل أسرة عائدة منحة بقيمة 500 ألف دينار (نحو 380 دولارا)", "—"),
    ("تقدر كلفة إعادة بناء المنزل الواحد بنحو 15 ألف دولار", "—"),
    ("أسعار الصرف: الدولار 1460 دينارا، اليورو 1590 دينارا", "—"),
    ("الذهب عيار 21: 95 دولارا للغرام", "—"),
    ("ويتراوح راتب المقاتل بين 800 ألف دينار ومليون و200 ألف دينار شهريا", "—"),
    ("صاروخ بمليوني دولار لإسقاط مسيرة بـ20 ألف دولار", "—"),
    ("اشترى العراق صواريخ بمليار دولار", "funding 1000000000"),
    ("تراجعت الحصة الغذائية الشهرية للفرد إلى 12 دولارا بعد أن كانت 19 دولارا العام الماضي", "—"),
    ("أفرج عن المخطوفين بعد دفع فديات تراوحت بين 10 آلاف و100 ألف دولار", "—"),
])
def money(f: Figure) -> Typing | None:
    """Money is ``funding`` in its currency, unless a price, wage, loss or revenue word governs it
    (``data/money_not_funding.tsv``)."""
    if f.q.kind != "money":
        return None
    if clues.money_head(f.text, f.before):
        return other("money_not_funding")
    if clues.per_unit(f.text, f.before, f.after) or converted_from_not_funding(f) or clues.unit_price(f.text, f.before):
        return other("money_per_unit")
    if clues.exchange_rate(f.text, f.before):
        return other("exchange_rate")
    return Typing("funding", f.q.currency or "USD", None, "money")


def converted_from_not_funding(f: Figure) -> bool:
    """"22 دينارا كويتيا (قرابة 72 دولارا)": an amount converted in brackets is what the amount
    before it is; so is the other end of a range of wages or prices ("بين 800 ألف دينار ومليون و200
    ألف دينار شهريا")."""
    previous = f.previous
    if previous is None or previous[1].rule not in ("money_not_funding", "money_per_unit"):
        return False
    if clues.compared(f.text, f.before) and f.text.same_sentence(previous[0] - 1, f.before):
        return True  # "تراجعت حصة الفرد إلى 12 دولارا بعد أن كانت 19 دولارا"
    gap = f.text.text[f.text.tokens[previous[0] - 1].end : f.q.start]
    return f.before - previous[0] <= 1 and ("(" in gap or f.text.tokens[f.before].folded.startswith("و"))


@rule("currency_carried", [
    ("خصصت الموازنة 14 تريليون دينار للأمن، منها 6.5 تريليون لوزارة الدفاع و4.1 تريليون للداخلية",
     "funding 14000000000000, funding 6500000000000, funding 4100000000000"),
])
def currency_carried(f: Figure) -> Typing | None:
    """A sum in millions, billions or trillions with no currency takes the currency of the money
    just before it in its sentence or the one before ("... دينار، منها 11.2 تريليون لوزارة الدفاع")."""
    if f.q.kind != "cardinal" or f.q.value < 1_000_000 or f.noun is not None:
        return None
    if clues.per_unit(f.text, f.before, f.after):
        return None
    t = f.text
    if f.cue[0] in clues.PERSON_TYPES:
        return None  # "ونزح 1.2 مليون": people, whatever money the sentence before spoke of
    for index in range(f.before - 1, max(f.before - 9, -1), -1):  # "عدد الموظفين ... مليونا و250 ألفا"
        if not t.linked(index + 1):
            break
        if "head" in t.head_roles(index):
            return None
    sentence = f.sentence()
    for j in range(f.k - 1, -1, -1):
        first = t.spans[j][0]
        if sentence - t.token_sentence[min(first, len(t.tokens) - 1)] > 1:
            return None
        typing = f.typings[j]
        if typing.fact_type == "funding":
            return Typing("funding", typing.unit, None, "currency_carried")
        if t.quantities[j].kind != "money" and typing.fact_type != OTHER:
            return None  # a count of something else stands between
    return None


@rule("fraction_without_amount", [
    ("انسحب نصف القوات المنتشرة في القاعدة", "—"),
])
def fraction_without_amount(f: Figure) -> Typing | None:
    """A fraction of something unstated is no figure."""
    return other("fraction_without_amount") if f.q.kind == "fraction" else None
