"""Typing that needs more than the nearest noun: the situation of the sentence, the list a
figure belongs to, the verb after it, the figure it continues, who counts as a force, the
numbers of newspapers, places counted as sites. Each table is a family of figures that real
news reports so (sentences written for these tests), and what an analyst records from each.
"""
from __future__ import annotations

import pytest

from arqam.extraction.clean.article import clean_text
from arqam.extraction.typing import type_quantities


def typed(text: str) -> list[tuple[str, float]]:
    """(fact_type, value in the fact's unit) of every fact of a text, as the pipeline reads it
    (cleaned first: short vowels, tatweel and presentation forms normalized)."""
    cleaned = clean_text(text)
    return [
        (m.fact_type, round(float(m.quantity.value), 6))
        for m in type_quantities(cleaned.text, cleaned.sentences)
        if m.fact_type != "other"
    ]


def check(cases):
    for text, expected in cases:
        assert typed(text) == expected, text


# 1. The situation decides the type, not only the counted noun -------------------------------

SITUATIONS = [
    # people in a camp, leaving one, returning from one, or fleeing are displaced
    ("يؤوي مخيم الجدعة حاليا قرابة 9 آلاف شخص", [("displaced", 9000)]),
    ("غادرت 240 أسرة تضم 915 فردا مخيم الهول باتجاه نينوى", [("displaced", 915)]),
    ("وصلت قافلة من 85 عائلة إلى قضاء سنجار", []),  # families only: no person count
    ("عاد نحو 1200 شخص من مخيمات زاخو إلى قراهم", [("displaced", 1200)]),
    # members of an armed group held, moved between prisons or handed over are detained, never troops
    ("نقلت قسد أكثر من 600 عنصر من التنظيم بين سجون الحسكة", [("detained", 600)]),
    ("يقبع في السجن المركزي نحو 4 آلاف من عناصر داعش", [("detained", 4000)]),
    ("تسلمت بغداد 150 عنصرا من التنظيم من مراكز الاحتجاز في سوريا", [("detained", 150)]),
    # the guards of a prison are no prisoners
    ("يحرس السجن أكثر من 800 عنصر من قوى الأمن الداخلي", [("troops", 800)]),
    # a course, a graduation: trained, even for officers sent
    ("أوفدت الوزارة 45 ضابطا إلى دورة أركان في مصر", [("trained_personnel", 45)]),
    # a hospital after an attack: wounded; people in need are no displaced
    ("نقل 16 شخصا إلى المستشفى بعد سقوط القذائف", [("wounded", 16)]),
    ("يحتاج 3 ملايين شخص في المخيمات إلى مساعدات غذائية", []),
]


def test_the_situation_types_generic_people():
    check(SITUATIONS)


# 2. Lists after a seizure verb -----------------------------------------------------------------

LISTS = [
    ("صادرت المفرزة 9 عبوات ناسفة و4 أحزمة ناسفة و600 إطلاقة و20 كغم من مادة TNT",
     [("weapons", 9), ("weapons", 4), ("weapons", 600), ("weapons", 0.02)]),
    ("عثرت القوة على قذيفتين ومدفعين ورمانتين يدويتين", [("weapons", 2), ("weapons", 2), ("weapons", 2)]),
    ("ضبطت الشرطة 3 قاذفات وصاعقين و12 مسدسا", [("weapons", 3), ("weapons", 2), ("weapons", 12)]),
    ("عثر في المخبأ على 7 مسيرات و2 طن من نترات الأمونيوم", [("weapons", 7), ("weapons", 2)]),
    ("ضبطت الشرطة 40 كغم من الحشيشة", []),  # drugs are no weapons
]


def test_every_item_of_a_seizure_list_is_weapons():
    check(LISTS)


# 3. The verb after the number, idioms and passives --------------------------------------------

VERBS = [
    ("11 من منتسبي الشرطة قُتلوا في الكمين", [("killed", 11)]),
    ("تفجير راح ضحيته 6 من المارة", [("killed", 6)]),
    ("قُتل مدني واحد في القصف", [("killed", 1)]),
    ("أُصيب جنديان أمريكيان بجروح طفيفة", [("wounded", 2)]),
    ("8 أشخاص لقوا حتفهم في الحريق الذي أشعله المهاجمون", [("killed", 8)]),
]


def test_the_verb_after_the_number_or_an_idiom_types_it():
    check(VERBS)


# 4. A figure that continues the one before -----------------------------------------------------

CONTINUATIONS = [
    ("ارتفعت حصيلة الهجوم إلى 30 قتيلا، 18 منهم من الشرطة و12 آخرون من المدنيين",
     [("killed", 30), ("killed", 18), ("killed", 12)]),
    ("قتل 5 جنود في الاشتباكات. وأصيب 9 آخرون بجروح", [("killed", 5), ("wounded", 9)]),
    ("اعتقلت القوات 20 مطلوبا، 3 منهم أصيبوا أثناء المداهمة", [("detained", 20), ("wounded", 3)]),
    ("أسقطت الدفاعات 11 مسيرة من أصل 14 أطلقت نحو القاعدة", [("weapons", 11), ("weapons", 14)]),
    # the part before its whole takes the whole's noun
    ("اعترضت الدفاعات 9 من أصل 13 طائرة مسيرة", [("weapons", 9), ("weapons", 13)]),
    # a figure set against the one before it, a row of a box, a part after a comma
    ("يضم الجهاز 60 ألف منتسب بعد أن كان بحدود 35 ألفا قبل عامين", [("troops", 60000), ("troops", 35000)]),
    ("أعداد القوات في القاعدة:\n2021: 1200 جندي\n2023: نحو 900", [("troops", 1200), ("troops", 900)]),
    ("رصد المرصد 48 غارة على ريف إدلب، 30 في جبل الزاوية و18 في سهل الغاب",
     [("attacks", 48), ("attacks", 30), ("attacks", 18)]),
    # the tally of what was counted just before it
    ("تبنت الفصائل 12 عملية في الأسبوع الأول والحصيلة ترتفع إلى 31", [("attacks", 12), ("attacks", 31)]),
]


def test_a_part_or_more_of_a_figure_inherits_its_type():
    check(CONTINUATIONS)


# 5. Who counts as a force -------------------------------------------------------------------------

FORCES = [
    ("تنشر واشنطن 2000 جندي في سوريا، بينهم 300 من مشاة البحرية", [("troops", 2000), ("troops", 300)]),
    ("تخرج 150 ضابطا من دورة القيادة في بغداد", [("trained_personnel", 150)]),
    ("يتولى 60 مدربا بريطانيا تدريب قوات البيشمركة", [("troops", 60)]),  # trainers are troops
    ("يقبع 900 أسير من قوات النظام في سجون الفصائل", [("detained", 900)]),  # prisoners are no troops
]


def test_who_counts_as_troops():
    check(FORCES)


# 6. Newspaper number conventions -------------------------------------------------------------------

CONVENTIONS = [
    ("قدمت الكويت منحة بقيمة 5ر2 مليار دولار", [("funding", 2500000000)]),
    ("بلغت مخصصات الأمن 412,800 مليون دولار", [("funding", 412800000)]),
    ("تعهدت الإمارات بمليارين دولار وقدمت ألمانيا بليوني يورو", [("funding", 2000000000), ("funding", 2000000000)]),
    ("ارتفعت موازنة الدفاع 4ر8 في المائة", [("percentage", 8.4)]),
]


def test_newspaper_decimals_and_scale_duals():
    check(CONVENTIONS)


# 7. Sites include prisons, camps, centres and hideouts counted as places -----------------------

SITES = [
    ("أغلقت السلطات 4 سجون وخمسة مراكز احتجاز في الشمال", [("sites", 4), ("sites", 5)]),
    ("دمرت الغارات 6 مضافات ونفقين للتنظيم", [("sites", 6), ("sites", 2)]),
    ("أقامت القوات 25 نقطة مراقبة على الحدود", [("sites", 25)]),
    ("أغلق 11 مخيما في محافظة دهوك خلال العام", [("sites", 11)]),
]


def test_places_counted_are_sites():
    check(SITES)


@pytest.mark.parametrize("text", [
    "تتكون الخطة من 10 نقاط",  # points of a plan
    "يتسع السجن لـ 3 آلاف نزيل",  # a capacity
    "جرت تسوية أوضاع 200 شخص",  # a status settlement
    "وقدمت الحكومة منحة قدرها مليون دينار لكل عائلة عائدة",  # per family
])
def test_what_looks_like_a_figure_in_context_is_not_one(text):
    assert typed(text) == []
