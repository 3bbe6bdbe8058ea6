"""Rules for counts of people whose noun does not name their fact (أشخاص، عناصر، جنود، آخرين):
what the clause says happened to them, the count head before them, the situation of the
sentence (a camp, a prison, a course, a toll)."""
from __future__ import annotations

from arqam.extraction.typing import clues
from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.heads import count_head_before
from arqam.extraction.typing.rules.base import rule
from arqam.extraction.typing.rules.nouns import adjacent_event_cue
from arqam.extraction.typing.text import Text, situation_of

_TYPED_PEOPLE = ("troops", "trainer", "trained_personnel")  # nouns with a type of their own that a predicate may change
EVENT, DEPLOYMENT, PRESENCE_LEVEL = 3, 2, 1
BARE_REACH = 6  # tokens back from a bare number to the verb or situation word of its clause
SOLDIERS_REACH = 12  # tokens between members of forces and the situation that retypes them, in one clause


def cue_level(cue: str | None) -> int:
    """How strongly a predicate types a count: an event (killed, arrested, trained) more than a
    deployment, a deployment more than mere presence (يضم، وجود، نقل)."""
    if cue is None:
        return 0
    if cue == clues.PRESENCE:
        return PRESENCE_LEVEL
    return DEPLOYMENT if cue == "troops" else EVENT


NEED_REACH = 4  # tokens after the people counted where "بحاجة إلى" may stand


@rule("in_need", [
    ("يحتاج نحو 16 مليون شخص إلى مساعدات إنسانية", "—"),
    ("ما زال 2.5 مليون شخص بحاجة إلى الغذاء في المخيمات", "—"),
])
def in_need(f: Figure) -> Typing | None:
    """People in need of aid, people affected, people besieged are no displaced (docs/facts.md: people
    in need are not a fact): "16 مليون شخص بحاجة إلى مساعدات"."""
    noun, t = f.noun, f.text
    if noun is None or noun.cls not in ("person", "member"):
        return None
    for index in [*range(noun.at + 1, min(noun.at + 1 + NEED_REACH, len(t.tokens))), f.before - 1, f.before - 2]:
        if 0 <= index < len(t.tokens) and "need" in t.head_roles(index):
            if index > noun.at and not all(t.linked(i) for i in range(noun.at + 1, index + 1)):
                continue
            return other("in_need", noun.text, noun.at)
    return None


PARTICIPANTS = "participants"


@rule("participants", [
    ("شيع الآلاف 5 شهداء بمشاركة الآلاف من أبناء العاصمة", "killed 5"),
    ("تظاهر نحو 3 آلاف شخص قرب مخيم الهول", "—"),
    ("شارك 1200 جندي في المناورات", "troops 1200"),
])
def participants(f: Figure) -> Typing | None:
    """People who take part, attend or gather (بمشاركة الآلاف، تظاهر 3 آلاف) are mourners, crowds,
    audiences: no fact, whatever the situation of the sentence (a funeral, a camp)."""
    noun = f.noun
    if noun is not None and noun.cls not in ("person", "others", "member"):
        return None
    if f.cue[0] != PARTICIPANTS:
        return None
    return other(PARTICIPANTS, noun.text if noun else None, noun.at if noun else None)


@rule("state", [
    ("ما زال نحو 40 ألف شخص نازحين في المخيمات", "displaced 40000"),
    ("سقط 6 مدنيين قتلى بقصف مدفعي", "killed 6"),
    ("الحصيلة حتى الآن: 8 عسكريين أميركيين مصابين", "wounded 8"),
])
def state(f: Figure) -> Typing | None:
    """A victim noun right after the people counted says what they are (أشخاص نازحين، عناصر جرحى)."""
    noun = f.noun
    if noun is None or noun.cls not in (*clues.PEOPLE_CLASSES, "troops"):
        return None
    found = clues.state_after(f.text, noun.at)
    if found is None:
        return None
    return Typing(found, "person", noun.text, f"state:{found}+noun:{noun.cls}", noun.at, noun.partitive)


_FAMILY_LINKS = frozenset({"تضم", "يضم", "ضمت", "بواقع", "تشمل", "فيها", "يبلغ", "تبلغ"})


@rule("families", [
    ("تسلم العراق 160 عائلة تضم 610 أفراد من مخيم الهول", "displaced 610"),
    ("غادرت المخيم 95 أسرة بواقع 380 شخصا", "displaced 380"),
    ("تكفي السلة أسرة من خمسة أفراد لمدة شهر", "—"),
])
def families(f: Figure) -> Typing | None:
    """People counted as the members of families counted just before them ("1043 أسرة تضم 3915
    فردا") are displaced: families are counted so when they leave, return or live in camps; the
    size of one family ("أسرة من خمسة أفراد") is no count at all."""
    noun, t = f.noun, f.text
    if noun is None or noun.cls not in ("person", "member"):
        return None
    before = f.before
    link = before - 1
    if link >= 1 and t.linked(before) and t.tokens[link].keys[-1] in ("من",) and _household(t, link - 1):
        if not t.in_quantity[link - 1]:
            return other("family_size", noun.text, noun.at)  # "أسرة من خمسة أفراد": one family's size
    previous = f.previous
    if previous is None or previous[1].rule != "not_a_fact:household" or not 0 <= before - previous[0] <= 2:
        return None
    if not any(k in _FAMILY_LINKS for k in t.tokens[before - 1].keys) or not t.linked(before):
        return None
    return Typing("displaced", "person", noun.text, f"families:displaced+noun:{noun.cls}", noun.at, noun.partitive)


def _household(t: Text, index: int) -> bool:
    noun_class = t.noun_class(index) if index >= 0 else None
    return noun_class is not None and noun_class[0] == "household"


@rule("situation", [
    ("عادت 420 أسرة تضم 1650 فردا من مخيمات زاخو إلى قراها", "displaced 1650"),
    ("نقلت القوات الأمريكية قرابة 900 عنصر من التنظيم بين مراكز الاحتجاز", "detained 900"),
    ("أرسلت وزارة الدفاع 60 ضابطا إلى دورة في الأردن", "trained_personnel 60"),
    ("يشرف 120 مدربا إيطاليا على تدريب الشرطة الاتحادية", "troops 120"),
    ("احتفلت الأكاديمية بتخرج الدورة الرابعة، والتي ضمت 380 مقاتلا من الألوية", "trained_personnel 380"),
    ("يقطن المخيم زهاء 18 ألف شخص", "displaced 18000"),
    ("أسعف 11 شخصا إلى مستشفى المدينة بعد الانفجار", "wounded 11"),
    ("وصل 300 جندي إلى قاعدة قرب المخيم", "troops 300"),
    ("ارتفعت حصيلة المصابين الأميركيين إلى 8 عسكريين", "wounded 8"),
])
def situation(f: Figure) -> Typing | None:
    """The situation of the sentence types a generic count of people (``data/situations.tsv``):
    people in a camp or returning from one are displaced, in a prison or released from one
    detained, on a course trained, in a hospital after an attack wounded. It beats a predicate
    of mere presence (يضم، نقل، وصل), a course even a deployment (أرسل 40 ضابطا إلى دورة), never
    an event (قتل، اعتقل); and it retypes soldiers only where soldiers can be so (a prison, a
    course, a toll, a hospital: not a camp)."""
    noun, t = f.noun, f.text
    if noun is None or noun.cls not in (*_TYPED_PEOPLE, "military", "member", "person"):
        return None
    if noun.cls == "person" and clues.state_after(t, noun.at):
        return None
    # members of forces are retyped only by a situation of their own clause: soldiers in a sentence
    # that mentions training somewhere are not trainees
    clause = SOLDIERS_REACH if noun.cls in ("troops", "military") else None
    near = _subject_situation(f) or clues.situation_near(t, f.before, f.after, 1, clause=clause)
    if near is None and noun.cls in ("person", "member") and cue_level(f.cue[0]) == PRESENCE_LEVEL:
        near = clues.topic_situation(t, f.before)  # "... مخيم الهول. ويقيم فيه قرابة 2300 شخص"
    if near is None:
        return None
    name, fact_type, at = near
    retypes, beats = vocab.situation_scope()[name]
    named = t.noun_class(at + 1) if at + 1 < len(t.tokens) and t.linked(at + 1) else None
    if name == "toll" and named is not None and named[0] in clues.VICTIM_TYPES:
        fact_type = named[0]  # "ارتفعت حصيلة المصابين الأميركيين إلى 8 عسكريين": a toll of the wounded
    if ("person" if noun.cls == "member" else noun.cls) not in retypes or fact_type == noun.cls:
        return None
    if at > f.before and t.tokens[at].folded.startswith("ل") and fact_type == "trained_personnel":
        return None  # "أرسلت 100 مستشار لتدريب ...": the trainers, sent to train
    if cue_level(f.cue[0]) > beats:
        return None
    return Typing(fact_type, "person", noun.text, f"situation:{fact_type}+noun:{noun.cls}", noun.at, noun.partitive)


SUBJECT_REACH = 4  # tokens back from a verb of presence to its subject ("الدفعة ... التي ضمت")


def _subject_situation(f: Figure) -> tuple[str, str, int] | None:
    """"تخرجت الدفعة ...، والتي ضمت 520 مقاتلا": the situation named by the subject of the verb of
    presence that governs the figure (a batch, a camp, a prison), past a relative pronoun."""
    found, at = f.cue
    if found != clues.PRESENCE or at is None:
        return None
    t = f.text
    for index in range(at - 1, max(at - 1 - SUBJECT_REACH, -1), -1):
        if not t.same_sentence(index, at):
            return None
        situation = situation_of(t.tokens[index].text)
        if situation is not None and situation[1] != "-":
            return situation[0], situation[1], index
        if t.role(index) not in ("relative", None) or t.cue(index):
            return None  # skipped: the relative pronoun, adjectives, an ordinal ("الدورة الرابعة، والتي")
    return None


@rule("bare_situation", [
    ("يضم السجن المركزي في الناصرية نحو 7 آلاف", "detained 7000"),
    ("كانت حصيلة التفجير 6 ضحايا، لكنها ارتفعت إلى 9 بعد منتصف الليل", "killed 6, killed 9"),
    ("ونقل العشرات إلى المستشفيات بعد القصف", "wounded 30"),
    ("وبلغ عدد القتلى 5 والجرحى 12 بحسب الحصيلة الأولية", "killed 5, wounded 12"),
    ("المقاومة تنفذ 47 عملية خلال شباط والحصيلة منذ تشرين الأول ترتفع إلى 173", "attacks 47, attacks 173"),
    ("قتل 5 جنود في الكمين والحصيلة مرشحة لأن ترتفع إلى 9", "killed 5, killed 9"),
])
def bare_situation(f: Figure) -> Typing | None:
    """A number with no noun after a verb of presence or of a count rising, in a sentence whose
    situation types people ("يضم السجن نحو 7 آلاف"، "ارتفعت الحصيلة إلى 9"، "نقل العشرات إلى
    المستشفيات"). A count head or a predicate right before the number types it first."""
    if f.noun is not None:
        return None
    t, before = f.text, f.before
    if not clues.nothing_counted_after(t, before, f.after):
        return None
    near = clues.situation_near(t, before, f.after, 1) or clues.topic_situation(t, before)
    if near is None:
        return None
    name, fact_type, at = near
    cue, cue_at = f.cue
    if cue_at is not None and f.k and cue_at < t.spans[f.k - 1][0]:
        cue = None  # "قتل 5 جنود في الكمين والحصيلة ترتفع إلى 9": the verb of the figure before
    if cue_level(cue) > vocab.situation_scope()[name][1] or clues.looks_like_year(f.q):
        return None
    if name == "toll" and t.tokens[at].definite and at + 1 < len(t.tokens) and t.noun_class(at + 1) is None:
        tallied = _counted_before_in_sentence(f)  # "تنفذ 47 عملية خلال شباط والحصيلة ... ترتفع إلى 173"
        if tallied is not None and tallied.fact_type != fact_type:
            return Typing(tallied.fact_type, tallied.unit, None, f"situation:{tallied.fact_type}", factor=tallied.factor)
    for index in range(before - 1, max(before - 1 - BARE_REACH, -1), -1):
        if not t.linked(index + 1):
            return None
        if vocab.count_heads().get(t.tokens[index].keys[-1]) == "head" and index + 1 < before:
            owned = clues.owned_noun_class(t, index + 1)
            if owned is None or owned[1] != "person":
                return None  # "ارتفع عدد المصارف المحظورة إلى 18": a count of something else
        if t.cue(index) == clues.PRESENCE or clues.is_change_verb(t, index):
            return Typing(fact_type, "person", None, f"situation:{fact_type}")
    return None


def _counted_before_in_sentence(f: Figure) -> Typing | None:
    """The last figure typed as a count before this one in its sentence: what "الحصيلة" tallies."""
    t = f.text
    for j in range(f.k - 1, -1, -1):
        if t.token_sentence[min(t.spans[j][0], len(t.tokens) - 1)] != f.sentence():
            return None
        if f.typings[j].fact_type not in ("other", "funding", "percentage"):
            return f.typings[j]
    return None


SUBJECT_REACH = 8  # tokens back from the verb to the noun that is its subject: "الهجمات على القواعد الأمريكية تجاوزت"


@rule("subject", [
    ("الهجمات على القواعد الأمريكية تجاوزت 150 منذ تشرين الأول", "attacks 150"),
    ("وقال المرصد إن القتلى في صفوف قوات النظام بلغوا 141", "killed 141"),
    ("الأسعار ارتفعت إلى 30", "—"),
])
def subject(f: Figure) -> Typing | None:
    """A bare figure after a verb of reaching or exceeding (بلغ، تجاوز، ارتفع إلى) counts the
    definite plural that is the verb's subject, before it in the clause ("الهجمات ... تجاوزت 150")."""
    if f.noun is not None or f.q.kind not in ("cardinal", "vague") or clues.looks_like_year(f.q):
        return None
    t, before = f.text, f.before
    if not clues.nothing_counted_after(t, before, f.after):
        return None
    verb = before if clues.is_change_verb(t, before) and t.in_quantity[before] else None
    for index in (before - 1, before - 2):
        if verb is None and index >= 0 and all(t.linked(i) for i in range(index + 1, before + 1)) and clues.is_change_verb(t, index):
            verb = index
    if verb is None:
        return None
    found = None  # the subject heads its clause: the first such noun, not one inside a phrase after it
    for index in range(verb - 1, max(verb - 1 - SUBJECT_REACH, -1), -1):
        if t.in_quantity[index]:
            break
        token = t.tokens[index]
        noun_class = t.noun_class(index) if token.definite else None
        if noun_class is not None and not (index > 0 and t.role(index - 1) in ("preposition", "linking")):
            cls = "troops" if noun_class[0] in ("military", "troops") else noun_class[0]
            found = (cls, noun_class[1], index) if cls in FACT_TYPES else None
        if not t.linked(index):
            break
    if found is None or found[0] in ("funding", "percentage"):
        return None
    cls, unit, index = found
    return Typing(cls, "person" if cls == "troops" else unit, t.tokens[index].text, f"subject:{cls}", index)


@rule("cue", [
    ("أعلنت الوزارة مقتل 4 جنود في هجوم بطائرة مسيرة", "killed 4"),
    ("أصيب 12 عنصرا من الشرطة بجروح", "wounded 12"),
    ("ألقت القوات القبض على 6 أشخاص في الرمادي", "detained 6"),
    ("شهدت الكلية تخريج 850 ضابطا", "trained_personnel 850"),
    ("أعلنت دائرة الصحة وفاة ثلاثة من الجرحى متأثرين بإصاباتهم", "killed 3"),
    ("وقتل الخاطفون 4 مخطوفين بعد رفض دفع الفدية", "killed 4"),
    ("نزح أكثر من 20 ألف مدني من القرى الحدودية", "displaced 20000"),
    ("قال الشهود إن 5 جنود قتلوا على الفور", "killed 5"),
    ("ارتفعت الحصيلة بعد أن توفي 3 من الجرحى متأثرين بجروحهم", "killed 3"),
    ("وأوضح المصدر أن 3 من الجرحى توفوا في المستشفى", "killed 3"),
    ("وأعلن البنتاغون أسماء الجنود الثلاثة الذين قتلوا في الهجوم", "killed 3"),
    ("ووثقت الشبكة اعتقال ما لا يقل عن 26 عائدا منذ بدء موجة النزوح", "detained 26"),
    ("نشرت تركيا 500 عنصر إضافي على الحدود", "troops 500"),
])
def cue(f: Figure) -> Typing | None:
    """The nearest predicate of the clause says what happened to the people counted (``data/
    predicate_cues.tsv``: مقتل → killed, إصابة → wounded, تخريج → trained ...), before the number
    or right after its noun ("5 جنود قتلوا"); a deployment cue makes only forces troops."""
    noun = f.noun
    if noun is not None and noun.cls in clues.VICTIM_TYPES:
        found, at = f.cue  # "وفاة اثنين من الجرحى"، "قُتل 3 مخطوفين": what happened to them, right before
        if found in _EVENTS and found != noun.cls and at is not None and 0 < f.before - at <= 2:
            return Typing(found, "person", noun.text, f"cue:{found}+noun:{noun.cls}", noun.at, noun.partitive)
        own = clues.cue_after(f.text, noun.at + 1, reach=2) if noun.partitive else None
        if own in clues.OTHER_CASUALTY and own != noun.cls:  # "3 من الجرحى توفوا متأثرين بإصاباتهم"
            return Typing(own, "person", noun.text, f"cue:{own}+noun:{noun.cls}", noun.at, noun.partitive)
        return None
    if noun is None or noun.cls not in (*_TYPED_PEOPLE, *clues.PEOPLE_CLASSES):
        return None
    relative = _relative_cue(f)
    if relative in clues.VICTIM_TYPES:  # "أسماء الجنود الثلاثة الذين قتلوا في الهجوم"
        return Typing(relative, "person", noun.text, f"cue:{relative}+noun:{noun.cls}", noun.at, noun.partitive)
    found, _at = f.cue
    if found is None or found in (clues.PRESENCE, PARTICIPANTS):
        return None
    if noun.cls in _TYPED_PEOPLE:
        if found == ("troops" if noun.cls == "trainer" else noun.cls):
            return None
        if noun.cls == "trainer" and found == "trained_personnel" and _at is not None and _at > noun.at:
            return None  # "يتولى 60 مدربا تدريب القوات": the training they give
    elif found == "troops" and noun.cls not in ("military", "member"):
        return None  # people in general who are "deployed" are not troops
    return Typing(found, "person", noun.text, f"cue:{found}+noun:{noun.cls}", noun.at, noun.partitive)


_EVENTS = ("killed", "wounded", "detained")  # what happens to people whatever they were: "اعتقال 26 عائدا"


RELATIVES = frozenset({"الذين", "اللذين", "اللذان", "اللواتي", "اللاتي", "اللتين", "اللتان"})


def _relative_cue(f: Figure) -> str | None:
    """The predicate of a relative clause right after the people counted: "الجنود الثلاثة الذين
    قتلوا"، "5 عناصر الذين أصيبوا"."""
    t, noun = f.text, f.noun
    assert noun is not None  # asked of the people counted only
    at = f.after if noun.at < f.before else noun.at + 1
    if at >= len(t.tokens) or not t.linked(at) or t.tokens[at].folded not in RELATIVES:
        return None
    return clues.cue_after(t, at + 1, reach=3)


@rule("noun_before", [
    ("ارتفع عدد القتلى في صفوف القوات الأمنية إلى 14", "killed 14"),
    ("وبلغ عدد النازحين من المدينة 25 ألفا", "displaced 25000"),
    ("ارتفع عدد المصابين جراء الهجوم إلى 9 عسكريين", "wounded 9"),
    ("والجرحى 17", "wounded 17"),
    ("حصيلة الشهر: قتلى التنظيم: 9 – القتلى المدنيون: 3 – عدد الهجمات: 19", "killed 9, killed 3, attacks 19"),
    ("ارتفع عدد الجنود الأمريكيين المصابين بارتجاج في الدماغ إلى 47", "wounded 47"),
    ("وبذلك يرتفع عدد عمليات المقاومة منذ بداية الشهر إلى 19", "attacks 19"),
    ("ارتفع عدد العمليات الجراحية في المستشفى إلى 40", "—"),
])
def noun_before(f: Figure) -> Typing | None:
    """The noun of the count stands before the number: "ارتفع عدد القتلى ... إلى 215"، "والجرحى 12"
    (for soldiers counted this way, only a casualty head retypes them)."""
    noun = f.noun
    if noun is not None and noun.cls not in (*_TYPED_PEOPLE, *clues.PEOPLE_CLASSES):
        return None
    if noun is not None and noun.cls in _TYPED_PEOPLE and f.cue[0] not in (None, clues.PRESENCE):
        return None
    head = count_head_before(f)
    if head is None:
        return None
    if noun is not None and noun.cls in _TYPED_PEOPLE:
        if head.fact_type not in (*clues.VICTIM_TYPES, "trained_personnel"):
            return None
        return Typing(head.fact_type, "person", noun.text, f"noun_before:{head.fact_type}+noun:{noun.cls}", noun.at,
                      noun.partitive)
    return head


@rule("cue_only", [
    ("أسفر الهجوم عن مقتل 3 وإصابة 8 آخرين", "killed 3, wounded 8"),
    ("أكدت الشرطة أن 4 قتلوا في الاشتباك", "killed 4"),
    ("تمكنت المفارز من القبض على 11 في حي الجهاد", "detained 11"),
])
def cue_only(f: Figure) -> Typing | None:
    """"مقتل 4 وإصابة 11": a victim predicate right before a number with no noun (or a verb right
    after it: "4 قتلوا") makes it a count of people."""
    if f.noun is not None:
        return None
    found = adjacent_event_cue(f)
    if found is not None:
        return Typing(found[0], "person", None, f"cue_only:{found[0]}")
    fact_type = clues.cue_after(f.text, f.after, reach=2)  # "4 قتلوا"، "14 لقوا حتفهم"
    if fact_type in clues.VICTIM_TYPES:
        return Typing(fact_type, "person", None, f"cue_only:{fact_type}")
    return None

