"""Typing quantities as facts: what a figure counts, whose it is, who says it, as of when.

A number alone says nothing: "3" is killed soldiers in "مقتل 3 جنود", wounded in "وإصابة 34
آخرين", detainees in "نقل 3 آلاف عنصر من التنظيم إلى السجون", a duration in "300 يوما" and
nothing at all in "3 عوامل". The type comes from the noun counted, the predicate around it, the
situation of its sentence and the figure it continues, read by a registry of small named rules
(``rules/``, each with its examples); the other fields each have a module:

* ``actor`` — whose quantity it is (the group counted, or the agent);
* ``attribution`` — who makes the claim (the speaker or source of the sentence);
* ``as_of`` — the year of the date the figure refers to;
* ``evidence`` — the sentence of the figure, with its offsets.

Anything no rule types is kept as ``other``: in ``fact_mentions`` for audit (the rule says why),
never in ``facts``. The language knowledge lives in ``extraction/data`` (``vocabulary.py`` reads it).
"""
from arqam.extraction.typing.mentions import FactMention, type_quantities

__all__ = ["FactMention", "type_quantities"]
