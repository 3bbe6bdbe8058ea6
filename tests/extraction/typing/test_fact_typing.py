"""Typing by meaning: the counted noun and the predicate around the number decide the fact type,
and every field of the fact model (docs/facts.md) is filled where the text gives it.

Each table row is a sentence as a journalist would write it, and what an analyst records from it.
"""
from __future__ import annotations

import pytest

from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.typing import type_quantities
from tests.complexity import assert_linear


def mentions(text: str):
    return type_quantities(text, split_sentences(text))


def facts(text: str):
    return [m for m in mentions(text) if m.fact_type != "other"]


def typed(text: str) -> list[tuple[str, float, str]]:
    """(fact_type, value, qualifier) of every quantity that is a fact."""
    return [(m.fact_type, m.quantity.value, m.quantity.qualifier) for m in facts(text)]


def only_fact(text: str):
    [mention] = facts(text)
    return mention


# --- the noun decides ------------------------------------------------------------------

NOUN_DECIDES = [
    ("وتقود مهام التحالف في العراق قوات أميركية مؤلفة من 2400 جندي متمركزين في قاعدتين رئيسيتين",
     [("troops", 2400, "exact"), ("sites", 2, "exact")]),
    ("تعرضت قواعد أميركية في العراق وسوريا لأكثر من 160 هجوما من قبل جماعات مدعومة من إيران",
     [("attacks", 160, "more_than")]),
    ("وتم تشكيل التحالف الدولي بقيادة الولايات المتحدة ويضم 86 دولة", [("countries", 86, "exact")]),
    ("وتعهدت 8 دول أعضاء بتأمين نصف هذا المبلغ", [("countries", 8, "exact")]),
    ("فشنت ضربات ضد عشرات الأهداف في 7 منشآت مرتبطة بإيران", [("sites", 30, "vague"), ("sites", 7, "exact")]),
    ("وهي من وفرت له اكثر من 100 الف طن من أسلحة ومعدات", [("weapons", 100000, "more_than")]),
    ("ضبطت مفارز مكافحة المتفجرات 5 أطنان من المواد المتفجرة والذخائر", [("weapons", 5, "exact")]),
    ("ليسقط من جرائمها اكثر من 40 الف شهيد", [("killed", 40000, "more_than")]),
    ("وقرابة مليوني نازح بدون مأوى", [("displaced", 2000000, "approximately")]),
    ("وعاد أكثر من 3 آلاف نازح إلى مناطقهم في سنجار", [("displaced", 3000, "more_than")]),
    ("وشن الطيران الحربي العراقي 12 غارة على مواقع التنظيم في وادي الشاي", [("attacks", 12, "exact")]),
    ("ودمرت الضربات 3 مخازن للأسلحة تابعة للفصائل", [("sites", 3, "exact")]),
    ("وتسلم العراق 4 طائرات من طراز إف 16", [("weapons", 4, "exact")]),
    ("سقط عشرات القتلى في القصف الذي طال الحي", [("killed", 30, "vague")]),
    ("ارتفعت حصيلة ضحايا التفجير إلى 40 قتيلا", [("killed", 40, "exact")]),
    ("ونشر الجيش بين 100 و150 ألف جندي على الحدود", [("troops", 100000, "range")]),
    ("وأطلق المهاجمون صاروخين على القاعدة", [("weapons", 2, "exact")]),  # a dual counts its noun
    ("وأشار إلى أن الهجوم أسفر عن 3 قتلى و5 جرحى", [("killed", 3, "exact"), ("wounded", 5, "exact")]),
]

# --- people: the predicate decides (both word orders, coordination, apposition) ----------

PREDICATE_DECIDES = [
    # a victim noun right after the people counted says what they are
    ("فيما لا يزال قرابة 2.6 مليون شخص نازحين عن ديارهم", [("displaced", 2600000, "approximately")]),
    ("وسقط 3 مدنيين قتلى في القصف المدفعي", [("killed", 3, "exact")]),
    ("وأسفر عن مقتل 3 جنود أميركيين وإصابة 34 آخرين في قاعدة بالأردن",
     [("killed", 3, "exact"), ("wounded", 34, "exact")]),
    ("بعد أقل من 24 ساعة من مقتل ثلاثة جنود أميركيين في هجوم في الأردن", [("killed", 3, "exact")]),
    ("ووفروا حتى العام 2020 التدريب لأكثر من 240 ألف عنصر أمني عراقي", [("trained_personnel", 240000, "more_than")]),
    ("أعلنت وزارة الدفاع إصابة 12 جنديا بانفجار عبوة ناسفة استهدفت دوريتهم شمالي بغداد", [("wounded", 12, "exact")]),
    ("وأكدت مصادر أمنية مقتل خمسة عناصر من الحشد الشعبي في هجوم لداعش", [("killed", 5, "exact")]),
    ("وقال المسؤول إن نحو 1500 جندي منتشرين حاليا في قاعدة عين الأسد", [("troops", 1500, "approximately")]),
    ("شهدت أكاديمية الشرطة تخريج 9 آلاف و300 منتسب بعد إكمالهم الدورة", [("trained_personnel", 9300, "exact")]),
    ("واعتقلت القوات الأمنية 20 شخصا في الموصل", [("detained", 20, "exact")]),
    ("وألقت مفارز الاستخبارات القبض على 7 مطلوبين بتهم إرهابية", [("detained", 7, "exact")]),
    ("أودى التفجير بحياة 15 شخصا بينهم أطفال", [("killed", 15, "exact")]),
    ("وذكر الشهود أن 4 جنود قتلوا على الفور", [("killed", 4, "exact")]),
    ("ولقي 7 أشخاص حتفهم وأصيب 20 آخرون في انفجار سيارة مفخخة",
     [("killed", 7, "exact"), ("wounded", 20, "exact")]),
    ("وقتل 3 أمريكيين وأصيب 5 عراقيين في الهجوم", [("killed", 3, "exact"), ("wounded", 5, "exact")]),
    # coordination: the number before و has no noun of its own
    ("وأسفر الانفجار عن مقتل 4 وإصابة 11 آخرين من المدنيين", [("killed", 4, "exact"), ("wounded", 11, "exact")]),
    ("وأصيب 5 بجروح متفاوتة", [("wounded", 5, "exact")]),
    ("ووقعت 20 إصابة بين المدنيين جراء القصف", [("wounded", 20, "exact")]),
    # the noun before the number
    ("وارتفع عدد القتلى جراء التفجير الانتحاري الذي ضرب سوقا شعبية في مدينة الصدر إلى 35",
     [("killed", 35, "exact")]),
    ("وبلغ عدد القتلى 5 والجرحى 12 بحسب الحصيلة الأولية", [("killed", 5, "exact"), ("wounded", 12, "exact")]),
    ("ووصل عدد النازحين إلى قرابة مليون", [("displaced", 1000000, "approximately")]),
    ("وخفضت الولايات المتحدة عدد قواتها في العراق إلى نحو 2500", [("troops", 2500, "approximately")]),
    # a change: the old value counts what the new one counts
    ("ليرتفع عدد أفرادها من نحو 500 إلى 4 آلاف عنصر", [("troops", 500, "approximately"), ("troops", 4000, "exact")]),
    ("ورفع الحلف بعثته من 500 إلى 4 آلاف عنصر", [("troops", 500, "exact"), ("troops", 4000, "exact")]),
    # apposition
    ("وتبقى القوات الأمريكية البالغ عددها نحو 2500 في العراق", [("troops", 2500, "approximately")]),
    ("وسيغادر الجنود الذين يبلغ عددهم 900 قاعدة التنف", [("troops", 900, "exact")]),
    # ellipsis: a bare number joined to a figure counts the same thing
    ("وتضم قوة المهام المشتركة نحو 2500 عسكري أمريكي في العراق و900 في سوريا",
     [("troops", 2500, "approximately"), ("troops", 900, "exact")]),
    ("وتنشر الولايات المتحدة نحو 2500 جندي في العراق وقرابة 900 في سوريا",
     [("troops", 2500, "approximately"), ("troops", 900, "approximately")]),
    # members of a force after a partitive من
    ("وقتل 4 من قوات البيشمركة في هجوم على قرية بكركوك", [("killed", 4, "exact")]),
    # a qualifier after the noun: the noun is still the noun counted
    ("وقتل 27 شخصا على الأقل في التفجير", [("killed", 27, "at_least")]),
    # soldiers counted by a casualty head: "the number of wounded rose to 40 soldiers"
    ("ارتفع عدد المصابين في الهجوم بطائرة مسيرة على قاعدة في شمال شرقي الأردن إلى أكثر من 40 عسكريا أميركيا",
     [("wounded", 40, "more_than")]),
    # soldiers with no predicate are troops, people with no predicate are nothing
    ("ويتواجد نحو 900 جندي أمريكي في سوريا", [("troops", 900, "approximately")]),
]

# --- money, in base units and ISO codes ------------------------------------------------------

MONEY = [
    ("أطلقت الولايات المتحدة حملة لجمع 600 مليون دولار لدعم الاستقرار", 600_000_000, "USD"),
    ("خصصت الحكومة 500 مليار دينار لإعمار المناطق المحررة", 500_000_000_000, "IQD"),
    ("تعهد الاتحاد الأوروبي بتقديم 50 مليون يورو للنازحين", 50_000_000, "EUR"),
    ("وتبرعت الكويت بـ 3 ملايين دينار كويتي", 3_000_000, "KWD"),
    ("وقدمت المملكة 100 مليون ريال سعودي لدعم المستشفيات", 100_000_000, "SAR"),
    ("ووقعت بغداد صفقة أسلحة بقيمة 3 مليارات دولار", 3_000_000_000, "USD"),
    ("وبلغت قيمة المنحة 1.5 مليار دولار", 1_500_000_000, "USD"),
]

# --- not facts: a figure that counts no fact of any type stays out of facts -----------------

NOT_FACTS = [
    "على مدار اكثر من 300 يوما",  # days
    "واستمرت المعارك 45 يوما قبل أن تنسحب الفصائل",  # days
    "وكان الجندي القتيل يبلغ من العمر 25 عاما",  # an age
    "وسقط الصاروخ على بعد 30 كيلومترا شمال بغداد",  # a distance
    "واستخدم المهاجمون صواريخ كاتيوشا عيار 107 ملم",  # a calibre
    "وحلقت طائرة من طراز بوينغ 737 فوق المطار",  # a model number
    "ورصدت الدفاعات مقاتلات إف 16 في الأجواء",  # a model number
    "ونشرت الصحيفة التقرير في الصفحة 5",  # a page number
    "لتحليل ثلاثة عوامل لتحديد مستقبل التحالف",  # abstract things
    "وناقش الجانبان ثلاثة ملفات رئيسية",  # abstract things
    "وثلاثة اضعافه من الجرحى والمفقودين",  # a multiplier
    "وتضاعفت الهجمات 3 مرات خلال العام",  # a multiplier
    "حضر الاجتماع 40 شخصا",  # people, nothing happened to them
    "ويسكن المدينة نحو مليوني نسمة",  # population
    "وأعادت السلطات 300 عائلة نازحة إلى قراها",  # families, not people
    "ونقل المصابون إلى المستشفى خلال 3 ساعات",  # hours
    "وارتفعت درجات الحرارة إلى 50 درجة",  # degrees
    "ووصلت شحنة من 10 آلاف طن من القمح",  # a weight of something else than weapons
    "وبلغ سعر برميل النفط 80 دولارا",  # a price
    "ويبلغ راتب المنتسب 900 ألف دينار",  # one person's wage
    "وأسفر القصف عن مقتل وإصابة 15 شخصا",  # killed and wounded together: neither type
    "وسقط 20 قتيلا وجريحا في الانفجار",  # killed and wounded together
    "وتتواجد 500 أسرة في المخيم",  # families again, with a presence verb
    "وصلت الطائرة عند الساعة 10:30 من يوم 22 تموز 2024",  # a time and a date
    "وأشار إلى الفقرة 3 من المادة 140 من الدستور",  # labels
    "الحوار الثاني للتعاون الأمني المشترك",  # an ordinal
    'ارتفع عدد المصابين في الهجوم على قاعدة "البرج 22" في الأردن',  # a number inside a quoted name
    'ضمن مشروع أطلق عليه "مشروع 202" في الثمانينيات',  # a number inside a quoted name
    "وارتفعت حصيلة الهجوم الذي استهدف البرج إلى 3",  # a toll is casualties, never a count of attacks
    "وأصيب 300 شخص بفيروس كورونا",  # an infection, not a wound
    "وسجلت الوزارة 500 إصابة جديدة بالفيروس",  # cases of a disease
    "ويبلغ راتبه 500 دولار شهريا",  # a wage, with its pronoun
    "وبلغت خسائر الشركة 3 مليارات دولار",  # losses
]


@pytest.mark.parametrize("sentence, expected", NOUN_DECIDES + PREDICATE_DECIDES)
def test_fact_types(sentence, expected):
    assert typed(sentence) == expected


@pytest.mark.parametrize("sentence, value, currency", MONEY)
def test_money_is_funding_in_base_units_and_iso_codes(sentence, value, currency):
    mention = only_fact(sentence)
    assert (mention.fact_type, mention.quantity.value, mention.unit) == ("funding", value, currency)


@pytest.mark.parametrize("sentence", NOT_FACTS)
def test_figures_that_are_not_facts_stay_other(sentence):
    assert typed(sentence) == []


def test_a_salary_bill_is_money_spent_one_wage_is_not():
    # docs/facts.md: pay per person is no funding; the total paid to a force is
    assert typed("وبلغت رواتب منتسبي الحشد 3 تريليونات دينار") == [("funding", 3000000000000, "exact")]
    assert typed("ويتقاضى العنصر راتبا شهريا قدره 800 ألف دينار") == []


def test_a_death_sentence_is_no_death_but_the_sentenced_are_held():
    # docs/facts.md: the sentenced are detained (an optional fact in gold), never killed
    assert typed("وحكمت المحكمة على 3 متهمين بالإعدام") == [("detained", 3, "exact")]


def test_not_facts_are_still_mentions_with_a_reason():
    [age] = mentions("وكان الجندي القتيل يبلغ من العمر 25 عاما")
    assert (age.fact_type, age.rule) == ("other", "not_a_fact:duration")
    [both] = mentions("وأسفر القصف عن مقتل وإصابة 15 شخصا")
    assert (both.fact_type, both.rule) == ("other", "killed_and_wounded")


# --- fields ----------------------------------------------------------------------------------

ACTORS = [
    # the donor of a pledge: the subject of the pledge verb
    ("وفي حزيران/يونيو الماضي، أطلقت الولايات المتحدة ووزراء الدول الأعضاء في التحالف الدولي "
     "حملة لجمع 600 مليون دولار لدعم الاستقرار في المناطق المحررة",
     "الولايات المتحدة ووزراء الدول الأعضاء في التحالف الدولي"),
    ("وتعهدت اليابان بتقديم 100 مليون دولار لإعادة إعمار الموصل", "اليابان"),
    ("وكانت ألمانيا قد تعهدت بتقديم 50 مليون يورو", "ألمانيا"),
    ("وقالت الخارجية إن واشنطن ستقدم 50 مليون دولار إضافية", "واشنطن"),
    ("وقررت الحكومة العراقية تخصيص 50 مليار دينار لتعويض المتضررين", "الحكومة العراقية"),
    ("وافق الكونغرس على تخصيص 60 مليار دولار", "الكونغرس"),
    ("وتسلمت البلدية مساعدات بقيمة 20 مليون دولار مقدمة من اليابان", "اليابان"),
    # casualties: the group they belong to
    ("وأسفر عن مقتل 3 جنود أميركيين", "جنود أميركيين"),
    ("وأكدت مصادر أمنية مقتل خمسة عناصر من الحشد الشعبي في هجوم", "عناصر من الحشد الشعبي"),
    ("وقتل 4 من قوات البيشمركة في هجوم على قرية", "قوات البيشمركة"),
    ("ولقي ثلاثة من عناصر الجيش العراقي حتفهم", "عناصر الجيش العراقي"),
    ("وقتل 3 أمريكيين في الهجوم", "أمريكيين"),
    ("وأسفر الانفجار عن مقتل 4 وإصابة 11 جنديا عراقيا", "جنديا عراقيا"),
    # troops, attacks, training: the force or the agent
    ("وتقود مهام التحالف قوات أميركية مؤلفة من 2400 جندي متمركزين", "قوات أميركية"),
    ("ويتواجد نحو 900 جندي أمريكي في سوريا", "جندي أمريكي"),
    ("وتبقى القوات الأمريكية البالغ عددها نحو 2500 في العراق", "القوات الأمريكية"),
    ("وأعلن البنتاغون إرسال 1500 جندي إضافي إلى الشرق الأوسط", "البنتاغون"),
    ("تعرضت القواعد لأكثر من 160 هجوما من قبل جماعات مدعومة من إيران", "جماعات مدعومة من إيران"),
    ("ونفذت الفصائل المسلحة أكثر من 150 هجوما بالصواريخ والطائرات المسيرة", "الفصائل المسلحة"),
    ("ودربت قوات التحالف أكثر من 5 آلاف مقاتل من البيشمركة", "قوات التحالف"),
    # a subject before its verb, after إن، كان، فيما
    ("وقال تيلرسون إن بنك التصدير والاستيراد الأمريكي سيقدم ضمانات بقيمة 3 مليارات دولار",
     "بنك التصدير والاستيراد الأمريكي"),
    ("وكانت السفارة الأمريكية في بغداد قد أعلنت الشهر الماضي تسليم 4 طائرات مسيرة للجيش", "السفارة الأمريكية في بغداد"),
    ("وتعهدت السعودية بتقديم 1.5 مليار دولار، فيما أعلنت قطر تقديم مليار دولار", "السعودية"),
    # the object of a verb of giving is not part of its subject
    ("وسلمت الولايات المتحدة العراق 36 طائرة إف 16", "الولايات المتحدة"),
    ("وتمول الولايات المتحدة البرنامج بمبلغ 2.5 مليون دولار سنويا", "الولايات المتحدة"),
    ("وتشارك في البعثة فرنسا التي تنشر قرابة 600 عسكري", "فرنسا"),
    ("وتضم البعثة 12 مستشارا من القوات الخاصة الأمريكية", "مستشارا من القوات الخاصة الأمريكية"),
    ("ويبلغ عدد الجنود الأمريكيين في العراق 2500 جندي", "الجنود الأمريكيين"),
    ("وخفضت الولايات المتحدة عدد قواتها في العراق إلى نحو 2500", "الولايات المتحدة"),
    ("«الناتو» يرفع عدد أفراد بعثته في العراق من 500 إلى 4 آلاف", "الناتو"),
]


def test_the_second_pledge_of_a_sentence_has_its_own_donor():
    saudi, qatar = facts("وتعهدت السعودية بتقديم 1.5 مليار دولار، فيما أعلنت قطر تقديم مليار دولار.")
    assert (saudi.actor, qatar.actor) == ("السعودية", "قطر")


NO_ACTOR = [
    "عن تعهدات بقروض واستثمارات ومنح بلغت قيمتها الإجمالية 30 مليار دولار",  # منح is a noun here
    "وقتل 3 جنود في الهجوم",  # a bare noun names no group
    "وأرسلت 1500 جندي إضافي",  # إضافي says how many more, not whose
    "أسفرت عن إصابة ما لا يقل عن 70 عسكريا",  # عسكريا is the noun counted, not a nationality
    "وشنت ضربات على 7 منشآت",  # ضربات is the object of شنت, not its subject
]


@pytest.mark.parametrize("sentence", NO_ACTOR)
def test_no_actor(sentence):
    assert facts(sentence)[0].actor == ""


@pytest.mark.parametrize("sentence, actor", ACTORS)
def test_actor(sentence, actor):
    assert facts(sentence)[0].actor == actor


def test_others_share_the_group_counted_before():
    killed, wounded = facts("وأسفر عن مقتل 3 جنود أميركيين وإصابة 34 آخرين في قاعدة بالأردن")
    assert (killed.actor, wounded.actor) == ("جنود أميركيين", "جنود أميركيين")


def test_no_actor_from_a_plain_adjective_or_a_bare_noun():
    assert only_fact("وقتل 3 جنود في الهجوم").actor == ""
    assert only_fact("وأرسلت 1500 جندي إضافي").actor == ""


ATTRIBUTIONS = [
    ("قال المتحدث باسم البنتاغون جون كيربي إن 2500 جندي أمريكي سيبقون في العراق",
     "المتحدث باسم البنتاغون جون كيربي"),
    ("ففي نيسان/أبريل الماضي، قال قائد التحالف الدولي الجنرال ماثيو ماكفارلين إن هجماته تراجعت بنسبة 80 في المائة",
     "قائد التحالف الدولي الجنرال ماثيو ماكفارلين"),
    ("وبحسب وزارة الدفاع العراقية، قتل 3 جنود في الهجوم", "وزارة الدفاع العراقية"),
    ("وقتل 3 جنود عراقيين في هجوم شنه مسلحون، بحسب مصادر أمنية.", "مصادر أمنية"),
    ("وأفاد مصدر أمني لوكالة فرانس برس بأن 4 مدنيين أصيبوا بجروح", "مصدر أمني"),
    ("وقال هاشم في حديث لـ\"بغداد اليوم\"، إن أمريكا وفرت اكثر من 100 الف طن من أسلحة", "هاشم"),
    ("وقال وزير الدفاع الأمريكي في بيان، إن 900 جندي سيبقون في سوريا", "وزير الدفاع الأمريكي"),
    ("وأعلنت خلية الإعلام الأمني مقتل 5 إرهابيين بضربة جوية", "خلية الإعلام الأمني"),
    ("ووفقا للبيان المشترك، تم تدريب 5 آلاف عنصر", "البيان المشترك"),
    ("وقتل 6 مدنيين في القصف، نقلا عن مصادر طبية", "مصادر طبية"),
    ("وأكد الوفدان الأمريكي والعراقي التزامهما بتدريب 10 آلاف منتسب", "الوفدان الأمريكي والعراقي"),
    # the speaker before the verb
    ("واشنطن تعلن حزمة مساعدات أمنية للعراق بقيمة 250 مليون دولار", "واشنطن"),
    ("غير أن وزارة الدفاع الأمريكية أعلنت لاحقا أن 110 عسكريين أصيبوا بارتجاج في الدماغ", "وزارة الدفاع الأمريكية"),
    ("وكان الرئيس الأميركي جو بايدن قد أعلن مقتل 3 جنود أميركيين في الهجوم", "الرئيس الأميركي جو بايدن"),
    # after the figure: a source, or a speaker that closes the clause
    ("وتبلغ كلفة البرنامج نحو 2.5 مليون دينار أردني، وفق ما أفاد مصدر عسكري لـ(بترا).", "مصدر عسكري"),
    ("وقتل 3 جنود في الهجوم، قال مسؤول أمريكي.", "مسؤول أمريكي"),
]


@pytest.mark.parametrize("sentence, attribution", ATTRIBUTIONS)
def test_attribution(sentence, attribution):
    assert facts(sentence)[0].attribution == attribution


def test_a_speaker_goes_on_in_the_next_sentences():
    text = ("وقال المتحدث العسكري اللواء يحيى رسول إن العمليات مستمرة. "
            "وأضاف أن 12 إرهابيا اعتقلوا خلال المداهمات.")
    assert only_fact(text).attribution == "المتحدث العسكري اللواء يحيى رسول"


def test_bahasab_ma_is_not_a_source_but_its_verb_names_one():
    text = "وقتل 3 جنود، بحسب ما أفاد مصدر أمني."
    assert only_fact(text).attribution == "مصدر أمني"


def test_a_verb_after_the_figure_with_its_own_complement_does_not_attribute_it():
    saudi, qatar = facts("وتعهدت السعودية بتقديم 1.5 مليار دولار، فيما أعلنت قطر تقديم مليار دولار.")
    assert (saudi.attribution, qatar.attribution) == ("", "قطر")


def test_no_attribution_without_a_cue():
    assert only_fact("وقتل 3 جنود في الهجوم على القاعدة.").attribution == ""


AS_OF = [
    ("ووفروا حتى العام 2020 التدريب لأكثر من 240 ألف عنصر أمني", "2020"),
    ("وإن هجماته تراجعت بنسبة 80 في المائة مقارنة بالعام 2022", "2022"),
    ("وقتل 500 مدني في 2017 بحسب الأمم المتحدة", "2017"),
    # the year attached to the figure, not the first year of the sentence
    ("وبعد سيطرة التنظيم على الموصل في 2014، عاد حتى نهاية 2023 أكثر من 4 ملايين نازح", "2023"),
    ("ومنذ كانون الثاني 2024 نفذت الفصائل 60 هجوما", "2024"),
    ("وقتل خلال 2023 أكثر من 300 مدني في المحافظة", "2023"),
    # a year far from the figure, in another clause, is not its date
    ("وتم تشكيل التحالف الدولي في أيلول/سبتمبر 2014 من أجل إلحاق الهزيمة بداعش بعد أن سيطر "
     "التنظيم المتطرف على مناطق واسعة من العراق وسوريا ويضم 86 دولة", None),
    ("وقتل 3 جنود في الهجوم", None),
    # across a comma only when the date is right there: "في 2014، قتل" but not a clause away
    ("وفي 2017، قتل 500 مدني في المدينة", "2017"),
    ("وتأسس التحالف عام 2014 بعد سيطرة التنظيم على مساحات واسعة، ويضم كذلك مئات الجنود الأوروبيين", None),
]


@pytest.mark.parametrize("sentence, as_of", AS_OF)
def test_as_of(sentence, as_of):
    assert facts(sentence)[0].as_of == as_of


def test_bounds_come_with_the_qualifier():
    troops = only_fact("ونشر الجيش بين 100 و150 ألف جندي على الحدود")
    assert (troops.quantity.value_min, troops.quantity.value_max) == (100000, 150000)
    killed = only_fact("وسقط عشرات القتلى")
    assert (killed.quantity.value_min, killed.quantity.value_max, killed.quantity.qualifier) == (30, 99, "vague")
    trained = only_fact("ووفروا التدريب لأكثر من 240 ألف عنصر")
    assert (trained.quantity.value_min, trained.quantity.value_max) == (240000, None)


def test_units():
    assert only_fact("وسقط 3 قتلى").unit == "person"
    assert only_fact("ونفذت 3 هجمات").unit == "attack"
    assert only_fact("وضبطت 5 أطنان من المتفجرات").unit == "ton"
    assert only_fact("وأسقطت 4 طائرات مسيرة").unit == "item"
    assert only_fact("ويضم التحالف 86 دولة").unit == "country"


def test_evidence_and_traceability():
    text = "مقدمة قصيرة.\nوأسفر الهجوم عن مقتل 3 جنود أميركيين."
    sentences = [(0, 12), (13, len(text))]
    [mention] = [m for m in type_quantities(text, sentences) if m.fact_type != "other"]
    assert mention.sentence_index == 1
    assert text[mention.evidence_start : mention.evidence_end] == text[13:]
    assert text[mention.quantity.start : mention.quantity.end] == mention.quantity.text
    assert mention.rule == "cue:killed+noun:troops"


def test_no_sentences_given_means_one_sentence():
    [mention] = [m for m in type_quantities("وقتل 3 جنود", []) if m.fact_type != "other"]
    assert (mention.sentence_index, mention.evidence_start, mention.evidence_end) == (0, 0, len("وقتل 3 جنود"))



# --- bounded evidence --------------------------------------------------------------------------

EVIDENCE_BOUND = 600  # characters: docs/facts.md, `evidence`
_CLAUSE = "وأفادت مصادر محلية بأن الدوريات واصلت تفتيش القرى المحاذية للطريق الدولي طوال الليل، "


def test_a_long_sentence_is_quoted_around_its_figure():
    text = _CLAUSE * 8 + "وقتل 6 جنود في كمين قرب الحدود، " + _CLAUSE * 8
    [mention] = facts(text)
    start, end = mention.evidence_start, mention.evidence_end
    assert end - start <= EVIDENCE_BOUND < len(text)  # one sentence of about 1,400 characters
    assert start <= mention.quantity.start and mention.quantity.end <= end
    assert text[start - 1] == " " and text[end] == " "  # cut between words, not inside one
    assert "وقتل 6 جنود في كمين" in text[start:end]


def test_a_sentence_up_to_the_bound_is_the_evidence_whole():
    text = _CLAUSE * 3 + "وقتل 6 جنود في كمين قرب الحدود"
    [mention] = facts(text)
    assert (mention.evidence_start, mention.evidence_end) == (0, len(text))


def test_evidence_is_bounded_whatever_the_text():
    # one endless sentence of 6,000 figures: a whole sentence per mention would be 72 M characters
    text = "قتل " + "1 " * 6000 + "جندي"
    found = mentions(text)
    assert len(found) == 6000
    assert max(m.evidence_end - m.evidence_start for m in found) <= EVIDENCE_BOUND


# --- linear time -----------------------------------------------------------------------------

_UNIT = (
    "وقال المتحدث باسم الوزارة إن عدد القتلى ارتفع إلى 35 وأسفر الهجوم عن مقتل 4 وإصابة 11 آخرين، "
    "وأطلقت الولايات المتحدة ووزراء الدول حملة لجمع 600 مليون دولار في 2024 بحسب مصادر أمنية "
)


def test_typing_is_linear_in_sentences():
    assert_linear(
        lambda text: type_quantities(text, split_sentences(text)), lambda n: (_UNIT + ". ") * (n // len(_UNIT) + 1)
    )


def test_typing_is_linear_in_one_endless_sentence():
    # no full stop at all: every window must stay bounded inside one huge sentence
    assert_linear(lambda text: type_quantities(text, [(0, len(text))]), lambda n: _UNIT * (n // len(_UNIT) + 1))
