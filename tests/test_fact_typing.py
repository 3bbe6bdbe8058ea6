"""Typing by meaning: the counted noun and the predicate around the number decide the fact type."""
from __future__ import annotations

import pytest

from extraction.fact_typing import type_quantities


def typed(sentence: str) -> list[tuple[str, float, str]]:
    """(fact_type, value, qualifier) of every quantity that is a fact."""
    return [
        (m.fact_type, m.quantity.value, m.quantity.qualifier)
        for m in type_quantities(sentence, [(0, len(sentence))])
        if m.fact_type != "other"
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the noun decides
        ("وتقود مهام التحالف في العراق قوات أميركية مؤلفة من 2400 جندي متمركزين في قاعدتين رئيسيتين",
         [("troops", 2400, "exact"), ("sites", 2, "exact")]),
        ("تعرضت قواعد أميركية في العراق وسوريا لأكثر من 160 هجوما من قبل جماعات مدعومة من إيران",
         [("attacks", 160, "more_than")]),
        ("وتم تشكيل التحالف الدولي بقيادة الولايات المتحدة ويضم 86 دولة", [("countries", 86, "exact")]),
        ("وتعهدت 8 دول أعضاء بتأمين نصف هذا المبلغ", [("countries", 8, "exact")]),
        ("فشنت ضربات ضد عشرات الأهداف في 7 منشآت مرتبطة بإيران", [("sites", 30, "vague"), ("sites", 7, "exact")]),
        ("وهي من وفرت له اكثر من 100 الف طن من أسلحة ومعدات", [("weapons", 100000, "more_than")]),
        ("ليسقط من جرائمها اكثر من 40 الف شهيد", [("killed", 40000, "more_than")]),
        ("وقرابة مليوني نازح بدون مأوى", [("displaced", 2000000, "approximately")]),
        # money and percentages by the parser's kind
        ("أطلقت الولايات المتحدة حملة لجمع 600 مليون دولار لدعم الاستقرار", [("funding", 600000000, "exact")]),
        ("وإن هجماته تراجعت بنسبة 80 في المائة مقارنة بالعام 2022", [("percentage", 80, "exact")]),
        # people: the predicate decides
        ("وأسفر عن مقتل 3 جنود أميركيين وإصابة 34 آخرين في قاعدة بالأردن",
         [("killed", 3, "exact"), ("wounded", 34, "exact")]),
        ("بعد أقل من 24 ساعة من مقتل ثلاثة جنود أميركيين في هجوم في الأردن", [("killed", 3, "exact")]),
        ("ووفروا حتى العام 2020 التدريب لأكثر من 240 ألف عنصر أمني عراقي", [("trained_personnel", 240000, "more_than")]),
        ("أعلنت الشرطة إصابة 12 جنديا في انفجار عبوة", [("wounded", 12, "exact")]),
        ("وأكدت المصادر مقتل خمسة عناصر من الحشد", [("killed", 5, "exact")]),
        ("واعتقلت القوات الأمنية 20 شخصا في الموصل", [("detained", 20, "exact")]),
        # not facts: durations, multipliers, abstract counts, people with no predicate
        ("على مدار اكثر من 300 يوما", []),
        ("لتحليل ثلاثة عوامل لتحديد مستقبل التحالف", []),
        ("وثلاثة اضعافه من الجرحى والمفقودين", []),
        ("حضر الاجتماع 40 شخصا", []),
        ("وصلت الطائرة عند الساعة 10:30 من يوم 22 تموز 2024", []),
    ],
)
def test_fact_types(sentence, expected):
    assert typed(sentence) == expected


def test_evidence_and_traceability():
    text = "مقدمة قصيرة.\nوأسفر الهجوم عن مقتل 3 جنود أميركيين."
    sentences = [(0, 12), (13, len(text))]
    [mention] = [m for m in type_quantities(text, sentences) if m.fact_type != "other"]
    assert mention.sentence_index == 1
    assert text[mention.evidence_start : mention.evidence_end] == text[13:]
    assert text[mention.quantity.start : mention.quantity.end] == mention.quantity.text
    assert mention.rule == "cue:killed+noun:troops"


@pytest.mark.parametrize(
    "sentence, field, expected",
    [
        ("وأسفر عن مقتل 3 جنود أميركيين", "actor", "جنود أميركيين"),
        ("وتقود مهام التحالف قوات أميركية مؤلفة من 2400 جندي متمركزين", "actor", "قوات أميركية"),
        ("تعرضت القواعد لأكثر من 160 هجوما من قبل جماعات مدعومة من إيران", "actor", "جماعات مدعومة من إيران"),
        ("وقال هاشم إن أمريكا وفرت اكثر من 100 الف طن من أسلحة", "attribution", "هاشم"),
        ("ووفروا حتى العام 2020 التدريب لأكثر من 240 ألف عنصر أمني", "as_of", "2020"),
    ],
)
def test_fields(sentence, field, expected):
    [mention] = [m for m in type_quantities(sentence, [(0, len(sentence))]) if m.fact_type != "other"]
    assert getattr(mention, field) == expected
