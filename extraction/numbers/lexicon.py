"""The number words of Arabic and the word lists the parser's rules consult.

Every word is stored folded (``arabic.fold``) and bare, as tokens are read: ``ENTRIES`` maps a
number word, a scale word (ألف، مليون، آلاف، ألفين) or a dual noun that carries its own count
(قاعدتين، قذيفتين) to its class and value; the word sets are the words around a number that
decide what it is (a label before it: المادة 140; a verb of change: ارتفع من X إلى Y; a counted
noun: الجنود الـ2500).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from arqam.extraction.text.arabic import PROCLITICS, fold
from arqam.extraction.text.lexicon import read_table


@dataclass(frozen=True, slots=True)
class Entry:
    """What a (folded, bare) word means as a number."""

    cls: str  # a class of number_words.tsv, or scale / dual_scale / plural_scale / dual_noun
    value: Fraction


_SCALE_CLASSES = {"singular": "scale", "dual": "dual_scale", "plural": "plural_scale"}


def _load_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for forms, value, cls, *_ in read_table("number_words.tsv"):
        for form in forms.split():
            entries[fold(form)] = Entry(cls.strip(), Fraction(value.strip()))
    for forms, value, number, *_ in read_table("scale_words.tsv"):
        for form in forms.split():
            entries[fold(form)] = Entry(_SCALE_CLASSES[number.strip()], Fraction(value.strip()))
    duals = [form for _singular, forms, *_ in read_table("dual_nouns.tsv") for form in forms.split()]
    # a feminine counted noun in ة has its dual in تين/تان (قذيفة → قذيفتين، رمانة → رمانتين)
    duals += [
        form[:-1] + ending
        for cls, _unit, forms, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_COUNTED
        for form in forms.split() if form.endswith("ة") and len(form) > 3
        for ending in ("تين", "تان")
    ]
    counted_forms = {fold(form) for _cls, _unit, row, *_ in read_table("counted_nouns.tsv") for form in row.split()}
    duals += [
        form + "ان"
        for cls, _unit, row, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_PEOPLE_OR_THINGS_DUALS
        for form in row.split()
        if len(form) > 2 and not form.endswith(("ة", "ا", "ى", "ان", "ين", "ون", "ات")) and fold(form + "ان") not in counted_forms
    ]
    for form in duals:
        key = fold(form)
        if entries.get(key, Entry("dual_noun", Fraction(2))).cls != "dual_noun":
            continue  # a number word stays one (ثلاثة is no dual)
        entries[key] = Entry("dual_noun", Fraction(2))
        if form.endswith(("تين", "تان")):  # the construct state drops the ن: قاعدتي عين الأسد
            entries.setdefault(fold(form[:-1]), Entry("dual_noun", Fraction(2)))
    return entries


_NOT_COUNTED = frozenset({"not_a_noun", "abstract", "goods", "drugs", "household", "measure", "multiplier"})
# classes whose nouns a definite number after them does not count: "الفرقة الـ17" is a name
_NOT_PEOPLE_OR_THINGS = _NOT_COUNTED | {"unit", "duration", "incident"}
_NOT_PEOPLE_OR_THINGS_DUALS = _NOT_PEOPLE_OR_THINGS | {"weight", "others", "case"}


ARTICLE = "ال"


@lru_cache(maxsize=1 << 16)
def bare(key: str) -> str:
    """A folded word without its proclitics and article (بالمادة -> ماده)."""
    for proclitic in PROCLITICS:
        if key.startswith(proclitic) and len(key) - len(proclitic) >= 3:
            key = key[len(proclitic) :]
            break
    if key.startswith("لل") and len(key) >= 4:
        return key[2:]
    return key[2:] if key.startswith(ARTICLE) and len(key) >= 4 else key


def _words_of(table: str) -> frozenset[str]:
    """The folded forms of the first column of a word list."""
    return frozenset(fold(form) for forms, *_ in read_table(table) for form in forms.split())


ENTRIES = _load_entries()
IDENTIFIER_WORDS = _words_of("identifier_words.tsv")
GLUE_WORDS = _words_of("glue_words.tsv")  # هو٠، في2020: a missing space, not a designation
CHANGE_VERBS = _words_of("change_verbs.tsv")  # ارتفع من X إلى Y: two values, not a range
QUALIFIER_GAPS = _words_of("qualifier_gaps.tsv")  # تجاوزت قيمتها 3.5 مليار: the qualifier still bounds
FRACTION_HOMOGRAPHS = {fold(form): Fraction(value.strip()) for form, value, *_ in read_table("fraction_homographs.tsv")}
# nouns a number counts (جنود، قواعد، هجمات): after them a definite number is their count
COUNTED_NOUNS = frozenset(
    fold(form) for cls, _unit, forms, *_ in read_table("counted_nouns.tsv") if cls not in _NOT_PEOPLE_OR_THINGS
    for form in forms.split()
)
LABEL_NUMBER_WORDS = frozenset(  # "الصفحة ال١٩٢": after them a definite number reads as a number
    fold(form) for forms, _note, reading, *_ in read_table("identifier_words.tsv") if reading.strip() == "number"
    for form in forms.split()
)
ONE_AS_PRONOUN = {(fold(before), fold(one)) for before, ones, *_ in read_table("not_a_count.tsv") for one in ones.split()}
PRONOUNS = frozenset(fold(w) for w in ["هو", "هي", "هم", "هن"])  # ربع هو: the fraction named, not a fraction of
# a word glued before digits that is only proclitics: بـ7.5، لـ2400، الـ22، و200
PROCLITIC_WORDS = frozenset(PROCLITICS) | {p + ARTICLE for p in ("", "و", "ف", "ب", "ك", "وب")} | {"لل"}
VAGUE_LOW, VAGUE_HIGH = 3, 10  # a plural of a power of ten P means 3P .. 10P-1 (docs/facts.md)
