"""The language data of typing, read once from ``extraction/data``: every lookup table a rule uses.

Each table is a TSV file an Arabic speaker can read and extend (forms as written in the press;
lookups fold hamza, alef maqsura and ta marbuta, and remove the proclitics و ف ب ل ك and the
article). A new word of the press is a new form in its row, not a change of code.
"""
from __future__ import annotations

from functools import cache

from arqam.extraction.text.arabic import fold
from arqam.extraction.text.lexicon import folded_forms, read_table


@cache
def noun_classes() -> dict[str, tuple[str, str]]:
    """folded noun form -> (class, unit) (``counted_nouns.tsv``)."""
    table: dict[str, tuple[str, str]] = {}
    for cls, unit, forms, *_ in read_table("counted_nouns.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), (cls, unit))
    return table


@cache
def noun_phrases() -> dict[str, dict[str, tuple[str, str]]]:
    """A counted noun whose class depends on the word after it (``counted_phrases.tsv``):
    folded noun -> folded next word -> (class, unit). "12 نقطة مراقبة" counts sites, "10 نقاط" in a
    plan does not."""
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for cls, unit, nouns, complements, *_ in read_table("counted_phrases.tsv"):
        for noun in nouns.split():
            by_complement = table.setdefault(fold(noun), {})
            for complement in complements.split():
                by_complement.setdefault(fold(complement), (cls, unit))
    return table


@cache
def comparisons() -> tuple[tuple[str, ...], ...]:
    """The folded words of each phrase that compares a bare figure with the one before it
    (``comparisons.tsv``: "بعد أن كانت"، "مقارنة"، "لا يتجاوزون"), longest first."""
    phrases = {tuple(fold(w) for w in phrase.split()) for phrase, *_ in read_table("comparisons.tsv")}
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def comparison_edges() -> frozenset[str]:
    """The first and last words of the comparison phrases (a phrase ends right before a figure, or
    opens its quantity): a text without one of them right there needs no phrase matched."""
    edges = set()
    for phrase in comparisons():
        edges |= {phrase[0], phrase[-1], "و" + phrase[0], "ف" + phrase[0]}
    return frozenset(edges)


@cache
def predicate_cues() -> dict[str, str]:
    """folded form -> the fact type (or ``presence``) a word around a count of people gives it."""
    table: dict[str, str] = {}
    for fact_type, forms, *_ in read_table("predicate_cues.tsv"):
        for form in forms.split():
            if not form.startswith("="):
                table.setdefault(fold(form), fact_type)
    return table


@cache
def exact_predicate_cues() -> dict[str, str]:
    """Short forms that are cues only as written, whole (``=فر``: فرّ fled, never the ف of وفر)."""
    return {
        fold(form[1:]): fact_type
        for fact_type, forms, *_ in read_table("predicate_cues.tsv")
        for form in forms.split() if form.startswith("=")
    }


_LEVELS = {"presence": 1, "deployment": 2}


@cache
def _situation_rows() -> list[list[str]]:
    return [[field.strip() for field in row] for row in read_table("situations.tsv")]


@cache
def situations() -> dict[str, tuple[str, str, str]]:
    """folded form -> (situation, type of persons, type of items) (``situations.tsv``)."""
    table: dict[str, tuple[str, str, str]] = {}
    for situation, persons, items, _retypes, _beats, _topic, forms, *_ in _situation_rows():
        for form in forms.split():
            table.setdefault(fold(form), (situation, persons, items))
    return table


@cache
def topic_situations() -> frozenset[str]:
    """Situations that type the people of the sentences after them too (camps, prisons)."""
    return frozenset(row[0] for row in _situation_rows() if row[5] == "topic")


@cache
def situation_scope() -> dict[str, tuple[frozenset[str], int]]:
    """situation -> (the noun classes it retypes, the strongest predicate it beats: 1 presence,
    2 deployment)."""
    return {
        situation: (frozenset(retypes.split()) - {"-"}, _LEVELS.get(beats, 0))
        for situation, _persons, _items, retypes, beats, *_ in _situation_rows()
    }


@cache
def situation_phrases() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, str, str]], ...]]:
    """first folded word -> ((the phrase's folded words, (situation, persons, items)), ...), longest
    first (``situation_phrases.tsv``: "مركز احتجاز"، "أطلق سراح"، "حفل تخرج")."""
    rows = {situation: (persons, items) for situation, persons, items, *_ in _situation_rows()}
    by_word: dict[str, list[tuple[tuple[str, ...], tuple[str, str, str]]]] = {}
    for situation, phrase, *_ in read_table("situation_phrases.tsv"):
        words = tuple(fold(w) for w in phrase.split())
        persons, items = rows[situation.strip()]
        by_word.setdefault(words[0], []).append((words, (situation.strip(), persons, items)))
    return {word: tuple(sorted(phrases, key=lambda p: -len(p[0]))) for word, phrases in by_word.items()}


@cache
def continuation_words() -> dict[str, str]:
    """folded form -> how it continues the figure before (``continuations.tsv``): part (منهم،
    بينهم) or more (آخرون، أخرى)."""
    return {fold(form): role.strip() for role, forms, *_ in read_table("continuations.tsv") for form in forms.split()}


@cache
def attribution_cues() -> dict[str, str]:
    """folded form -> speech | participle | source."""
    table: dict[str, str] = {}
    for kind, forms, *_ in read_table("attribution_cues.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), kind.strip())
    return table


@cache
def force_nouns() -> frozenset[str]:
    return folded_forms("force_nouns.tsv")


@cache
def actor_cues() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in phrase.split()) for phrase, *_ in read_table("actor_cues.tsv"))


@cache
def actor_cues_by_first_word() -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """The actor cues by their first word, each with its rank in the table (the first listed wins)."""
    by_word: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for rank, cue in enumerate(actor_cues()):
        by_word.setdefault(cue[0], []).append((rank, cue))
    return {word: tuple(cues) for word, cues in by_word.items()}


@cache
def agent_verbs() -> dict[str, dict[str, frozenset[str]]]:
    """kind (verb, masdar, light) -> folded form -> the fact types it governs."""
    tables: dict[str, dict[str, set[str]]] = {"verb": {}, "masdar": {}, "light": {}}
    for kind, types, forms, *_ in read_table("agent_verbs.tsv"):
        for form in forms.split():
            tables[kind.strip()].setdefault(fold(form), set()).update(t for t in types.split() if t != "-")
    return {kind: {k: frozenset(v) for k, v in table.items()} for kind, table in tables.items()}


@cache
def attributive_words() -> frozenset[str]:
    return folded_forms("attributive_words.tsv")


@cache
def illness_words() -> frozenset[str]:
    return folded_forms("illness_words.tsv")


@cache
def dual_singulars() -> dict[str, str]:
    """folded dual form -> its singular (data/dual_nouns.tsv, the parser's list): صاروخين -> صاروخ."""
    return {fold(dual): singular for singular, duals, *_ in read_table("dual_nouns.tsv") for dual in duals.split()}


@cache
def dual_singular_forms() -> frozenset[str]:
    """The singulars of data/dual_nouns.tsv, folded: one item (صاروخ، مسيرة), not a plural."""
    return frozenset(fold(singular) for singular, *_ in read_table("dual_nouns.tsv"))


@cache
def plain_adjectives() -> frozenset[str]:
    return folded_forms("plain_adjectives.tsv")


@cache
def count_heads() -> dict[str, str]:
    return {fold(form): role.strip() for role, forms, *_ in read_table("count_heads.tsv") for form in forms.split()}


@cache
def role_forms(roles: frozenset[str]) -> frozenset[str]:
    """The folded forms of ``count_heads.tsv`` that have one of ``roles``."""
    return frozenset(form for form, role in count_heads().items() if role in roles)


@cache
def phrase_stops() -> dict[str, str]:
    table: dict[str, str] = {}
    for role, forms, *_ in read_table("phrase_stops.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), role.strip())
    return table


@cache
def frames() -> frozenset[str]:
    return frozenset(k for k, role in phrase_stops().items() if role == "frame")


@cache
def money_heads() -> frozenset[str]:
    return frozenset(fold(form) for forms, *_ in read_table("money_not_funding.tsv") for form in forms.split())


@cache
def weight_units() -> dict[str, float]:
    """folded form -> tons per unit (``weights.tsv``): طن 1، كغم 0.001."""
    return {fold(form): float(tons) for tons, forms, *_ in read_table("weights.tsv") for form in forms.split()}
