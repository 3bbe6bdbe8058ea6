"""Typing quantities as facts: the noun counted and the predicate around it decide.

A number alone says nothing: "3" is killed soldiers in "مقتل 3 جنود", wounded
in "وإصابة 34 آخرين", a duration in "300 يوما" and nothing at all in "3
عوامل".  The rules, in order:

1. the parser's kind: percentages are ``percentage``; money is ``funding`` unless a
   price, wage, loss or revenue word governs it (``data/money_not_funding.tsv``);
   ordinals and bare fractions are not facts; a number that ends a short quoted
   name ("البرج 22") is part of the name;
2. a count in apposition, "عددها"/"قوامها" right before the number, counts the noun
   named before it ("القوات الأمريكية البالغ عددها 2500"; ``data/count_heads.tsv``);
3. the counted noun right after the number (past a partitive من: "3 من عناصر",
   "4 من قوات البيشمركة"; inside the quantity when a qualifier follows it: "27 شخصا
   على الأقل"), or carried by a dual ("قاعدتين", "صاروخين"), looked up in
   ``data/counted_nouns.tsv``; a plural relative adjective counts people ("3
   أمريكيين"). A noun that names its fact type decides alone (هجوما → attacks,
   نازح → displaced); a weight is weapons only when weapons are weighed; "killed and
   wounded" together ("20 قتيلا وجريحا", "مقتل وإصابة 15") is neither type;
4. for people (soldiers, members of forces, people in general) the nearest predicate
   cue of the clause decides (``data/predicate_cues.tsv``: مقتل → killed, إصابة →
   wounded, تدريب → trained_personnel ...), then a casualty count head before the
   number ("ارتفع عدد المصابين ... إلى 40 عسكريا"); soldiers and members of forces
   with neither are troops, people in general are nothing;
5. with no noun after the number: a killed/wounded/detained/displaced predicate right
   before it ("مقتل 4 وإصابة 11 آخرين": the 4 are killed) or a verb right after it
   ("4 قتلوا"); a count head with its noun before it in either word order ("ارتفع عدد
   القتلى ... إلى 215"، "والجرحى 12"); a bare number joined by و to a figure just
   before it counts the same thing ("2500 جندي في العراق وقرابة 900 في سوريا").

Anything else is kept as ``other``: in ``fact_mentions`` for audit (the rule says
why), never in ``facts``.

The fields of a fact:

* ``actor`` — for killed, wounded, detained and displaced, the group counted: the
  noun with its relative adjectives or the force it belongs to ("جنود أميركيين",
  "عناصر من الحشد الشعبي", "قوات البيشمركة"; "آخرين" and a bare coordinated count
  share the group of their neighbour). For the others, the agent: a phrase after
  "من قبل" and the like (``data/actor_cues.tsv``), the force the personnel belong
  to (``data/force_nouns.tsv``), or the subject of the verb that governs the figure
  (``data/agent_verbs.tsv``: the donor of "أطلقت الولايات المتحدة ... حملة لجمع 600
  مليون دولار", of "إن واشنطن ستقدم", of "أعلن البنتاغون إرسال"). A subject is a noun
  phrase: definite words that are adjectives (``data/attributive_words.tsv``),
  genitives, words joined by و; a second definite noun is the verb's object, and
  adjectives that say how many more (إضافي, ``data/plain_adjectives.tsv``) are no actor.
* ``attribution`` — the speaker or source of the sentence: the name phrase after a
  verb of saying up to its complement ("قال المتحدث باسم البنتاغون جون كيربي إن"),
  the subject before the verb ("وكانت السفارة الأمريكية قد أعلنت"), the phrase after
  "بحسب"/"وفقا لـ" up to the end of the clause; a figure takes the nearest cue
  before it in its sentence, else a source or a closing speaker after it ("...، بحسب
  مصادر أمنية."); a verb with no name ("وأضاف أن") speaks for the last named speaker
  (``data/attribution_cues.tsv``, ``data/phrase_stops.tsv``).
* ``as_of`` — the year of the date nearest to the figure in its sentence, a few words
  away in the same clause ("حتى العام 2020 ... 240 ألف"), fewer across a comma; not
  any year of the sentence.
* ``evidence`` — the sentence of the figure, with its offsets.

Every search looks a bounded number of tokens around the figure, each distinct
word is read once, and the sentence-level lists (attribution cues, dates) are built
once, so the pass is linear in the length of the text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from extraction.arabic import PROCLITICS, fold
from extraction.dates import dates_in
from extraction.fact_types import FACT_TYPES, OTHER
from extraction.lexicon import folded_forms, read_table
from extraction.numbers import Quantity, find_quantities

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK_RE = re.compile(r"[.،,؛;:!?؟()\[\]\n«»]")
_STRONG_BREAK_RE = re.compile(r"[.؛;:!?؟\n]")
_QUOTE_RE = re.compile("[\"«»“”]")
_PUNCT_RE = re.compile(r"[.،,؛;:!?؟()\[\]\n]")  # a clause break other than a quote

CUE_WINDOW = 8  # tokens searched back for a predicate cue, within the clause
NOUN_WINDOW = 2  # tokens searched after the number for the counted noun (a partitive من between)
HEAD_WINDOW = 20  # tokens searched back for "عدد القتلى" before a number with no noun
APPOSITION_WINDOW = 8  # tokens searched back from "عددها" for the noun it refers to
AGENT_WINDOW = 20  # tokens searched back for the verb whose subject is the actor
SUBJECT_MAX = 12  # tokens of a subject phrase
SPEAKER_MAX = 10  # tokens of a speaker phrase
ACTOR_CUE_REACH = 8  # tokens after the figure where "من قبل" may stand
AS_OF_WINDOW = 10  # tokens between a figure and the date it refers to, in one clause
AS_OF_ACROSS_CLAUSE = 3  # ... and across a comma
CARRY_SENTENCES = 3  # "وأضاف أن" speaks for a speaker named this many sentences back at most

VICTIM_TYPES = ("killed", "wounded", "detained", "displaced")  # the actor is the group counted
CUE_ONLY_TYPES = VICTIM_TYPES  # predicates that imply people even with no noun: "مقتل 4"
PEOPLE_CLASSES = ("military", "person", "others")
_OTHER_CASUALTY = {"killed": "wounded", "wounded": "killed"}


@dataclass(frozen=True, slots=True)
class FactMention:
    quantity: Quantity
    fact_type: str  # a FACTS.md type or "other"
    unit: str | None
    counted: str | None  # the noun the number counts, as written
    actor: str
    attribution: str
    as_of: str | None
    sentence_index: int
    evidence_start: int
    evidence_end: int
    rule: str


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__,
class _Token:  # ten times slower to build, and every word of every article is a token
    start: int
    end: int
    text: str
    key: str  # folded, without proclitics or article
    clause_break_before: bool
    keys: tuple[str, ...] = ()  # every reading: folded, without a proclitic, without the article
    folded: str = ""
    definite: bool = False  # ال (after و or ف at most): a definite noun or adjective
    strong_break_before: bool = False  # . ؛ : ! ؟ or a line break before it
    quote_before: bool = False
    punct_before: bool = False  # a clause break other than a quote mark («الناتو» يرفع)


class _Typing(NamedTuple):
    fact_type: str
    unit: str | None
    counted: str | None
    rule: str
    noun_at: int | None = None  # the token of the counted noun (or of the noun before, or the antecedent)
    partitive: bool = False  # the noun came after a partitive من ("3 من عناصر الحشد")


class _Cue(NamedTuple):
    index: int  # token index of the verb or preposition
    sentence: int
    phrase: str  # the speaker or source ("" for a bare verb)
    backwards: bool  # may attribute a figure before it in its sentence (بحسب ...، ...، قال مسؤول.)


# --- language data ----------------------------------------------------------------------


@cache
def _noun_classes() -> dict[str, tuple[str, str]]:
    """folded noun form -> (class, unit)."""
    table = {}
    for cls, unit, forms, *_ in read_table("counted_nouns.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), (cls, unit))
    return table


@cache
def _predicate_cues() -> dict[str, str]:
    table = {}
    for fact_type, forms, *_ in read_table("predicate_cues.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), fact_type)
    return table


@cache
def _attribution_cues() -> dict[str, str]:
    """folded form -> speech | source."""
    table = {}
    for kind, forms, *_ in read_table("attribution_cues.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), kind.strip())
    return table


@cache
def _force_nouns() -> frozenset[str]:
    return folded_forms("force_nouns.tsv")


@cache
def _actor_cues() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in phrase.split()) for phrase, *_ in read_table("actor_cues.tsv"))


@cache
def _actor_cues_by_first_word() -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """The actor cues by their first word, each with its rank in the table (the first listed wins)."""
    by_word: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for rank, cue in enumerate(_actor_cues()):
        by_word.setdefault(cue[0], []).append((rank, cue))
    return {word: tuple(cues) for word, cues in by_word.items()}


@cache
def _agent_verbs() -> dict[str, dict[str, frozenset[str]]]:
    """kind (verb, masdar, light) -> folded form -> the fact types it governs."""
    tables: dict[str, dict[str, set[str]]] = {"verb": {}, "masdar": {}, "light": {}}
    for kind, types, forms, *_ in read_table("agent_verbs.tsv"):
        for form in forms.split():
            tables[kind.strip()].setdefault(fold(form), set()).update(t for t in types.split() if t != "-")
    return {kind: {k: frozenset(v) for k, v in table.items()} for kind, table in tables.items()}


@cache
def _attributive_words() -> frozenset[str]:
    return folded_forms("attributive_words.tsv")


@cache
def _illness_words() -> frozenset[str]:
    return folded_forms("illness_words.tsv")


@cache
def _dual_singulars() -> dict[str, str]:
    """folded dual form -> its singular (data/dual_nouns.tsv, the parser's list): صاروخين -> صاروخ."""
    return {fold(dual): singular for singular, duals, *_ in read_table("dual_nouns.tsv") for dual in duals.split()}


@cache
def _plain_adjectives() -> frozenset[str]:
    return folded_forms("plain_adjectives.tsv")


@cache
def _count_heads() -> dict[str, str]:
    return {fold(form): role.strip() for role, forms, *_ in read_table("count_heads.tsv") for form in forms.split()}


@cache
def _phrase_stops() -> dict[str, str]:
    table = {}
    for role, forms, *_ in read_table("phrase_stops.tsv"):
        for form in forms.split():
            table.setdefault(fold(form), role.strip())
    return table


@cache
def _frames() -> frozenset[str]:
    return frozenset(k for k, role in _phrase_stops().items() if role == "frame")


@cache
def _money_heads() -> frozenset[str]:
    return frozenset(fold(form) for forms, *_ in read_table("money_not_funding.tsv") for form in forms.split())


# --- tokens -----------------------------------------------------------------------------


def _lookup_keys(word: str) -> list[str]:
    """The word folded, then without its proclitics and article: every reading to look up."""
    key = fold(word)
    keys = [key]
    for clitic in PROCLITICS:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            keys.append(key[len(clitic) :])
    for k in list(keys):
        if k.startswith("ال") and len(k) > 3:
            keys.append(k[2:])
        if k.startswith("لل") and len(k) > 3:  # ل + ال
            keys.append(k[2:])
    return keys


def _is_definite(folded: str) -> bool:
    word = folded[1:] if len(folded) > 4 and folded[0] in "وف" and folded[1:3] == "ال" else folded
    return len(word) > 3 and word.startswith("ال")


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        start, end = match.span()
        keys, definite = _word_reading(word)
        gap = text[previous_end:start]
        clause, strong, quote, punct = _NO_BREAKS if gap == " " else _gap_breaks(gap)
        tokens.append(_Token(start, end, word, keys[-1], clause, keys, keys[0], definite, strong, quote, punct))
        previous_end = end
    return tokens


_NO_BREAKS = (False, False, False, False)


@lru_cache(maxsize=1 << 17)
def _word_reading(word: str) -> tuple[tuple[str, ...], bool]:
    """A word's lexicon keys and whether it is definite: read once per distinct word, across articles."""
    keys = tuple(_lookup_keys(word))
    return keys, _is_definite(keys[0])


@lru_cache(maxsize=1 << 12)
def _gap_breaks(gap: str) -> tuple[bool, bool, bool, bool]:
    """What the text between two words breaks: a clause, a sentence part, a quote, punctuation."""
    return (
        bool(_CLAUSE_BREAK_RE.search(gap)),
        bool(_STRONG_BREAK_RE.search(gap)),
        bool(_QUOTE_RE.search(gap)),
        bool(_PUNCT_RE.search(gap)),
    )


@lru_cache(maxsize=1 << 17)
def _verb_readings(folded: str) -> tuple[str, ...]:
    """A verb as written, without a glued و/ف, and without the future prefix س."""
    readings = [folded]
    if len(folded) >= 3 and folded[0] in "وف":
        readings.append(folded[1:])
    for reading in list(readings):
        if len(reading) > 3 and reading[0] == "س" and reading[1] in "يتنا":
            readings.append(reading[1:])
    return tuple(readings)


@lru_cache(maxsize=1 << 17)
def _cue_kind(word: str) -> str | None:
    """What ``word`` is as an attribution cue (data/attribution_cues.tsv): a verb of saying, a
    participle, a source preposition, or nothing; read once per distinct word, across articles."""
    table = _attribution_cues()
    keys, _definite = _word_reading(word)
    kind = next((table[r] for r in _verb_readings(keys[0]) if table.get(r) in ("speech", "participle")), None)
    return kind or next((table[k] for k in keys if table.get(k) == "source"), None)


@lru_cache(maxsize=1 << 17)
def _classify_noun(word: str) -> tuple[str, str] | None:
    classes = _noun_classes()
    for key in reversed(_word_reading(word)[0]):
        if key in classes:
            return classes[key]
    return None


@lru_cache(maxsize=1 << 17)
def _cue_of(word: str) -> str | None:
    cues = _predicate_cues()
    for key in reversed(_word_reading(word)[0]):
        if key in cues:
            return cues[key]
    return None


def _nisba(word: str) -> bool:
    """A relative adjective (أميركيين، عراقي، أمنية): the usual way an actor is named after a noun."""
    key = fold(word)
    return len(key) > 3 and key.endswith(("ي", "يه", "يين", "يون", "يا")) and not key.endswith("ايا")


def _people_nisba(token: _Token) -> bool:
    """A relative adjective used as a noun of people after a number: "3 أمريكيين"، "15 عراقيا"."""
    key = token.keys[-1]
    return len(key) >= 5 and (key.endswith(("يين", "يون")) or (key.endswith("يا") and not key.endswith("ايا")))


def _in(token: _Token, table) -> bool:
    return any(k in table for k in token.keys)


def _sentence_indices(offsets: list[int], sentence_starts: list[int]) -> list[int]:
    """The sentence of each offset (both lists ascending), in one walk: ``_Reader.sentence_of`` of each."""
    indices, sentence, following = [], 0, 1
    for offset in offsets:
        while following < len(sentence_starts) and sentence_starts[following] <= offset:
            sentence, following = following, following + 1
        indices.append(sentence)
    return indices


# --- the reader -------------------------------------------------------------------------


class _Reader:
    """One text: its tokens, quantities, sentences and dates, and the rules that read them."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.sentences = sentences if sentences else [(0, len(text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.token_sentence = _sentence_indices(self.starts, self.sentence_starts)
        self.quantities = find_quantities(text)
        self.spans = [
            (bisect.bisect_left(self.starts, q.start), bisect.bisect_left(self.starts, q.end)) for q in self.quantities
        ]
        self.in_quantity = bytearray(len(self.tokens))
        for before, after in self.spans:
            self.in_quantity[before:after] = b"\x01" * (after - before)
        self.in_date = bytearray(len(self.tokens))
        self.dates: list[tuple[int, int, int]] = []  # (first token, token after, year)
        for d in dates_in(text):
            first, last = bisect.bisect_left(self.starts, d.start), bisect.bisect_left(self.starts, d.end)
            self.in_date[first:last] = b"\x01" * (last - first)
            if d.year and last > first:
                self.dates.append((first, last, d.year))
        self.date_ends = [end for _, end, _ in self.dates]
        self.cues = self._find_cues()
        self.cue_indices = [c.index for c in self.cues]
        self.named_before, self.named_after = self._named_links()

    # small helpers

    def sentence_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def same_sentence(self, i: int, j: int) -> bool:
        size = len(self.tokens)
        return 0 <= i < size and 0 <= j < size and self.token_sentence[i] == self.token_sentence[j]

    def role(self, i: int) -> str | None:
        """The role of token i in data/phrase_stops.tsv (as written first, then without proclitics)."""
        stops = _phrase_stops()
        for key in self.tokens[i].keys:
            if key in stops:
                return stops[key]
        return None

    def is_force(self, i: int) -> bool:
        return _in(self.tokens[i], _force_nouns())

    def noun_class(self, i: int) -> tuple[str, str] | None:
        noun_class = _classify_noun(self.tokens[i].text)
        return None if noun_class and noun_class[0] == "not_a_noun" else noun_class

    def cue(self, i: int) -> str | None:
        return _cue_of(self.tokens[i].text) if 0 <= i < len(self.tokens) else None

    def verb_readings(self, i: int) -> tuple[str, ...]:
        return _verb_readings(self.tokens[i].folded)

    def agent_types(self, i: int) -> frozenset[str]:
        verbs = _agent_verbs()["verb"]
        for reading in self.verb_readings(i):
            if reading in verbs:
                return verbs[reading]
        return frozenset()

    def masdar_types(self, i: int) -> frozenset[str]:
        masdars = _agent_verbs()["masdar"]
        for key in self.tokens[i].keys:
            if key in masdars:
                return masdars[key]
        return frozenset()

    def is_masdar(self, i: int) -> bool:
        return bool(self.masdar_types(i))

    def governs_masdar(self, i: int) -> bool:
        """A verb that takes a verbal noun: قرر، أعلن، وافق (على) ..., or any verb of saying or giving."""
        light, speech = _agent_verbs()["light"], _attribution_cues()
        return any(r in light or speech.get(r) == "speech" for r in self.verb_readings(i)) or bool(self.agent_types(i))

    def plain_adjective(self, i: int) -> bool:
        return _in(self.tokens[i], _plain_adjectives())

    def span(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def linked(self, i: int) -> bool:
        """Token i continues the clause of token i-1 (no punctuation between, same sentence)."""
        return 0 < i < len(self.tokens) and not self.tokens[i].clause_break_before and self.same_sentence(i - 1, i)

    # --- typing -----------------------------------------------------------------------

    def decide(self, q: Quantity, before: int, after: int, previous: tuple[int, _Typing] | None = None) -> _Typing:
        """The type of one quantity; ``previous`` is the quantity before it (its end token, its typing)."""
        if q.kind == "cardinal" and self.quoted_name(q, before, after):
            return _Typing(OTHER, None, None, "name_in_quotes")
        if q.kind in ("cardinal", "vague"):
            apposition = self.apposition(before)  # "الجنود الذين يبلغ عددهم 900": their number, whatever follows
            if apposition is not None:
                return apposition
        if q.kind == "ordinal":
            return _Typing(OTHER, None, None, "ordinal")
        if q.kind == "percent":
            return _Typing("percentage", "percent", None, "percent")
        if q.kind == "money":
            if self.money_head(before):
                return _Typing(OTHER, None, None, "money_not_funding")
            return _Typing("funding", q.currency or "USD", None, "money")
        if q.kind == "fraction":
            return _Typing(OTHER, None, None, "fraction_without_amount")
        partitive = False
        if q.counted:
            noun_at = min(bisect.bisect_left(self.starts, q.number_start), len(self.tokens) - 1)
            noun_class, counted = _classify_noun(q.counted), q.counted
            if noun_class is None and fold(q.counted) in _dual_singulars():
                noun_class = _classify_noun(_dual_singulars()[fold(q.counted)])
        else:
            # "27 شخصا على الأقل": the parser keeps the noun inside the quantity when a qualifier follows it
            number_end = bisect.bisect_left(self.starts, q.number_end)
            noun_class, noun_at, partitive = self.noun_after(min(number_end, after), after)
            counted = self.tokens[noun_at].text if noun_at is not None else None
        if noun_class is None:
            return self.without_noun(before, after, previous)
        cls, unit = noun_class
        if cls == "weight":
            if self.weapons_weighed(noun_at):
                return _Typing("weapons", "ton", counted, "noun:weapons_by_weight", noun_at)
            return _Typing(OTHER, None, counted, "weight_without_weapons", noun_at)
        if cls in FACT_TYPES:
            if cls in _OTHER_CASUALTY and self.casualty_nouns_paired(noun_at, cls):
                return _Typing(OTHER, None, counted, "killed_and_wounded", noun_at)
            if cls in ("troops", "trained_personnel"):
                cue, cue_at = self.nearest_cue(before, noun_at)
                if cue and cue != cls:
                    if cue in _OTHER_CASUALTY and cue_at < before and self.casualty_cues_paired(cue_at, cue):
                        return _Typing(OTHER, None, counted, "killed_and_wounded", noun_at)
                    return _Typing(cue, "person", counted, f"cue:{cue}+noun:{cls}", noun_at, partitive)
                if cue is None:
                    head = self.count_head_before(before)  # "ارتفع عدد المصابين ... إلى 40 عسكريا"
                    if head is not None and head.fact_type in VICTIM_TYPES:
                        rule = f"noun_before:{head.fact_type}+noun:{cls}"
                        return _Typing(head.fact_type, "person", counted, rule, noun_at, partitive)
            return _Typing(cls, unit, counted, f"noun:{cls}", noun_at, partitive)
        if cls in PEOPLE_CLASSES:
            state = self.state_after(noun_at)  # "2.6 مليون شخص نازحين": what the people are, right after them
            if state is not None:
                return _Typing(state, "person", counted, f"noun:{cls}+state:{state}", noun_at, partitive)
            cue, cue_at = self.nearest_cue(before, noun_at)
            if cue == "troops" and cls != "military":
                cue = None  # people in general who are "present" are not troops
            if cue:
                if cue in _OTHER_CASUALTY and cue_at < before and self.casualty_cues_paired(cue_at, cue):
                    return _Typing(OTHER, None, counted, "killed_and_wounded", noun_at)
                return _Typing(cue, "person", counted, f"cue:{cue}+noun:{cls}", noun_at, partitive)
            head = self.count_head_before(before)
            if head is not None:
                return head
            if cls == "military":
                return _Typing("troops", "person", counted, "noun:military", noun_at, partitive)
            return _Typing(OTHER, None, counted, "people_without_predicate", noun_at)
        return _Typing(OTHER, None, counted, f"not_a_fact:{cls}", noun_at)

    def state_after(self, noun_at: int) -> str | None:
        """A victim noun right after a count of people, used as their state (أشخاص نازحين،
        مدنيين قتلى، عناصر جرحى): the type it names."""
        following = noun_at + 1
        if following >= len(self.tokens) or not self.same_sentence(noun_at, following) or self.tokens[following].clause_break_before:
            return None
        noun_class = self.noun_class(following)
        return noun_class[0] if noun_class is not None and noun_class[0] in VICTIM_TYPES else None

    def noun_after(self, after: int, outside: int | None = None) -> tuple[tuple[str, str] | None, int | None, bool]:
        """(class, token, partitive): the first word after the number, past a partitive من; after من a
        force counts its members ("4 من قوات البيشمركة"); a plural relative adjective counts people."""
        index, partitive = after, False
        outside = after if outside is None else outside
        for _ in range(NOUN_WINDOW):
            if index >= len(self.tokens) or self.tokens[index].clause_break_before:
                break
            if not self.same_sentence(after - 1, index):
                break
            if (self.in_quantity[index] and index >= outside) or self.tokens[index].text.isdigit():
                break
            if self.conjunct(index):
                break  # "5 والجرحى 12": the next conjunct, not the noun counted
            noun_class = self.noun_class(index)
            if noun_class is not None:
                return noun_class, index, partitive
            if _classify_noun(self.tokens[index].text):  # not_a_noun: an adverb
                break
            if self.role(index) is None and _people_nisba(self.tokens[index]):
                return ("person", "person"), index, partitive
            if partitive and self.is_force(index):
                return ("military", "person"), index, partitive
            if self.tokens[index].folded != "من" or partitive:
                break
            partitive = True
            index += 1
        return None, None, False

    def owned_noun_class(self, index: int) -> tuple[str, str] | None:
        """The class of a noun after a count head, which may carry a pronoun (أفرادها، قواتها);
        a force counts its members."""
        noun_class = self.noun_class(index)
        if noun_class is None:
            classes = _noun_classes()
            bare = [_without_pronoun(k) for k in self.tokens[index].keys]
            noun_class = next((classes[k] for k in bare if k in classes), None)
            if noun_class is None and (self.is_force(index) or any(k in _force_nouns() for k in bare)):
                noun_class = ("military", "person")
        return None if noun_class and noun_class[0] == "not_a_noun" else noun_class

    def conjunct(self, index: int) -> bool:
        """A word with a glued و or ف that is a noun only without it ("والجرحى"): a new conjunct."""
        token = self.tokens[index]
        if token.folded[:1] not in ("و", "ف") or len(token.folded) < 4:
            return False
        classes = _noun_classes()
        own = (token.folded, token.folded[2:] if token.folded.startswith("ال") else token.folded)
        return not any(k in classes for k in own) and any(k in classes for k in token.keys)

    def without_noun(self, before: int, after: int, previous: tuple[int, _Typing] | None) -> _Typing:
        """A number with no counted noun after it (apposition was tried first, in ``decide``)."""
        cue = self.adjacent_cue(before, after)
        if cue is not None:
            return cue
        head = self.count_head_before(before)
        if head is not None:
            return head
        ellipsis = self.ellipsis(before, after, previous)
        if ellipsis is not None:
            return ellipsis
        return _Typing(OTHER, None, None, "no_counted_noun")

    def quoted_name(self, q: Quantity, before: int, after: int) -> bool:
        """"البرج 22"، "مشروع 202": a number that ends a short quoted name, with words of the name
        before it, is part of the name, not an amount."""
        gap = self.text[q.end : self.tokens[after].start if after < len(self.tokens) else len(self.text)]
        if not _QUOTE_RE.search(gap):
            return False
        for index in range(before, max(before - 4, -1), -1):
            if self.tokens[index].quote_before:
                return index < before and not self.in_quantity[index]
            if index < before and not self.linked(index + 1):
                return False
        return False

    def nothing_counted_after(self, before: int, after: int) -> bool:
        """No noun follows the number: the clause ends, or a preposition, a conjunction, a
        complement, an adverb of time or a predicate comes next."""
        tokens = self.tokens
        return (
            after >= len(tokens)
            or tokens[after].clause_break_before
            or not self.same_sentence(before, after)
            or self.role(after) in ("preposition", "linking", "complement", "time")
            or tokens[after].folded[:1] in ("و", "ب")
            or self.cue(after) is not None
        )

    def ellipsis(self, before: int, after: int, previous: tuple[int, _Typing] | None) -> _Typing | None:
        """"نحو 2500 عسكري أمريكي في العراق و900 في سوريا": a bare number joined by و to a figure
        a few words before it counts the same thing."""
        first = self.tokens[before].folded if before < len(self.tokens) else ""
        glued = first.startswith("و") and not first.startswith("واحد")  # "وقرابة 900"، "وثلاثة"
        joined = glued or (before >= 1 and self.tokens[before - 1].folded == "و" and self.linked(before))
        if previous is None or before < 1 or not joined:
            return None
        previous_end, typing = previous
        if typing.fact_type in (OTHER, "funding", "percentage") or not 0 <= before - previous_end <= 6:
            return None
        if any(self.tokens[i].strong_break_before for i in range(previous_end, before + 1)):
            return None
        if not self.same_sentence(previous_end - 1, before) or not self.nothing_counted_after(before, after):
            return None
        return _Typing(typing.fact_type, typing.unit, None, f"ellipsis:{typing.fact_type}")

    def apposition(self, before: int) -> _Typing | None:
        """"القوات الأمريكية البالغ عددها 2500": the noun before "عددها" is counted."""
        head = before - 1
        if not self.linked(before) or not any(_count_heads().get(k) == "apposition" for k in self.tokens[head].keys):
            return None
        for index in range(head - 1, max(head - 1 - APPOSITION_WINDOW, -1), -1):
            if not self.same_sentence(index, head) or self.tokens[index + 1].strong_break_before:
                break
            noun_class = self.noun_class(index)
            if noun_class is None and self.is_force(index):
                noun_class = ("military", "person")
            if noun_class is None:
                continue
            cls, unit = noun_class
            if cls in ("military", "troops"):
                return _Typing("troops", "person", self.tokens[index].text, "apposition:troops", index)
            if cls in FACT_TYPES:
                return _Typing(cls, unit, self.tokens[index].text, f"apposition:{cls}", index)
            return None
        return None

    def adjacent_cue(self, before: int, after: int) -> _Typing | None:
        """"مقتل 4 وإصابة 11": a victim predicate right before the number (or a verb right after
        it: "4 قتلوا") makes it a count of people, when no other noun follows the number."""
        tokens = self.tokens
        nothing_counted = self.nothing_counted_after(before, after)
        cue_at = before - 1
        if self.linked(before) and tokens[cue_at].folded in ("علي", "عن") and self.linked(cue_at):
            cue_at -= 1  # القبض على 5
        cue = self.cue(cue_at) if self.linked(cue_at + 1) else None
        if cue in CUE_ONLY_TYPES and nothing_counted:
            if cue in _OTHER_CASUALTY and cue_at < before and self.casualty_cues_paired(cue_at, cue):
                return _Typing(OTHER, None, None, "killed_and_wounded")
            return _Typing(cue, "person", None, f"cue_only:{cue}")
        if after < len(tokens) and self.linked(after) and self.cue(after) in CUE_ONLY_TYPES:
            cue = self.cue(after)
            return _Typing(cue, "person", None, f"cue_only:{cue}")
        return None

    def count_head_before(self, before: int) -> _Typing | None:
        """"ارتفع عدد القتلى ... إلى 215"، "والجرحى 12": the noun of the count is before the number."""
        previous = before - 1
        if self.linked(before) and self.tokens[previous].definite:
            noun_class = self.noun_class(previous)
            if noun_class and noun_class[0] in VICTIM_TYPES and not self.in_quantity[previous]:
                rule = f"noun_before:{noun_class[0]}"
                return _Typing(noun_class[0], "person", self.tokens[previous].text, rule, previous)
        heads = _count_heads()
        for index in range(before - 1, max(before - 1 - HEAD_WINDOW, -1), -1):
            if not self.same_sentence(index, before - 1) or self.tokens[index + 1].strong_break_before:
                break
            if heads.get(self.tokens[index].keys[-1]) != "head" or index + 1 >= before:
                continue
            noun_at = index + 1
            noun_class = self.owned_noun_class(noun_at)  # عدد القتلى، عدد أفرادها، عدد قواتها
            if noun_class is None:
                return None
            cls, unit = noun_class
            if cls in ("military", "troops"):
                cls, unit = "troops", "person"
            if cls not in FACT_TYPES or (_heads_toll(self.tokens[index]) and cls not in VICTIM_TYPES):
                return None  # "حصيلة الهجوم": the toll of an attack, not a count of attacks
            if cls in _OTHER_CASUALTY and self.casualty_nouns_paired(noun_at, cls):
                return _Typing(OTHER, None, self.tokens[noun_at].text, "killed_and_wounded", noun_at)
            return _Typing(cls, unit, self.tokens[noun_at].text, f"noun_before:{cls}", noun_at)
        return None

    def nearest_cue(self, before: int, noun_at: int | None) -> tuple[str | None, int | None]:
        """The closest predicate cue before the number in its clause, else one right after the noun."""
        for index in range(before - 1, max(before - 1 - CUE_WINDOW, -1), -1):
            if not self.same_sentence(index, before - 1):
                break
            cue = self.cue(index)
            if cue:
                return cue, index
            if self.tokens[index].clause_break_before:
                break
        if noun_at is not None:
            for index in range(noun_at + 1, min(noun_at + 4, len(self.tokens))):
                if not self.linked(index):
                    break
                cue = self.cue(index)
                if cue:
                    return cue, index
        return None, None

    def casualty_cues_paired(self, cue_at: int, cue: str) -> bool:
        """"مقتل وإصابة 15": a killed cue and a wounded cue joined by و right before one number
        count both together (not "7 أشخاص حتفهم وأصيب 20": حتفهم belongs to the 7)."""
        other = _OTHER_CASUALTY[cue]
        tokens = self.tokens
        first = cue_at - 1
        if not (tokens[cue_at].folded.startswith("و") and self.linked(cue_at) and self.cue(first) == other):
            nxt = cue_at + 1
            if not (
                nxt < len(tokens)
                and self.linked(nxt)
                and tokens[nxt].folded.startswith("و")
                and not self.in_quantity[nxt]
                and self.cue(nxt) == other
            ):
                return False
            first = cue_at
        return not any(
            self.in_quantity[i] and self.same_sentence(i, first) for i in range(max(first - 3, 0), first)
        )

    def casualty_nouns_paired(self, noun_at: int, cls: str) -> bool:
        """"20 قتيلا وجريحا", "عدد القتلى والجرحى": one figure for both."""
        nxt = noun_at + 1
        if nxt >= len(self.tokens) or not self.linked(nxt) or not self.tokens[nxt].folded.startswith("و"):
            return False
        noun_class = self.noun_class(nxt)
        return bool(noun_class) and noun_class[0] == _OTHER_CASUALTY[cls]

    def weapons_weighed(self, noun_at: int) -> bool:
        """"100 ألف طن من الأسلحة"، "5 أطنان من المواد المتفجرة": a weight is weapons when what is
        weighed, named in the next few words of the clause, is weapons or munitions."""
        for index in range(noun_at + 1, min(noun_at + 6, len(self.tokens))):
            if not self.linked(index) or self.in_quantity[index]:
                return False
            noun_class = self.noun_class(index)
            if noun_class and noun_class[0] == "weapons":
                return True
        return False

    def illness_after(self, after: int) -> bool:
        """"أصيب 300 شخص بفيروس كورونا": a disease named a few words after the figure."""
        for index in range(after, min(after + 5, len(self.tokens))):
            if index > after and not self.linked(index):
                return False
            if _in(self.tokens[index], _illness_words()):
                return True
        return False

    def money_head(self, before: int) -> bool:
        """A price, wage, loss or revenue word governs the amount (سعر البرميل 80 دولارا، راتبه)."""
        heads = _money_heads()
        for index in range(before - 1, max(before - 4, -1), -1):
            if not self.same_sentence(index, before - 1):
                return False
            keys = self.tokens[index].keys
            if any(k in heads or _without_pronoun(k) in heads for k in keys):
                return True
            if self.tokens[index].clause_break_before:
                return False
        return False

    # --- actor ------------------------------------------------------------------------

    def actor(self, typing: _Typing, before: int, after: int) -> str:
        fact_type, noun_at = typing.fact_type, typing.noun_at
        if fact_type in VICTIM_TYPES:
            return self.group_phrase(noun_at, typing.partitive) if noun_at is not None else ""
        if fact_type in ("countries", "percentage"):
            return ""
        phrase = self.actor_cue_phrase(after)
        if phrase:
            return phrase
        if fact_type == "troops" and noun_at is not None:
            phrase = (
                self.group_phrase(noun_at, typing.partitive) or self.force_before(noun_at) or self.head_phrase(before)
            )
        elif fact_type == "sites" and noun_at is not None:
            phrase = self.force_before(noun_at)
        if not phrase:
            phrase = self.agent(fact_type, before)
        if not phrase and fact_type == "trained_personnel" and noun_at is not None:
            phrase = self.force_before(noun_at) or self.group_phrase(noun_at, typing.partitive)
        return phrase

    def group_phrase(self, noun_at: int, partitive: bool) -> str:
        """The counted noun and what names its group: relative adjectives ("جنود أميركيين"), the
        force after من ("عناصر من الحشد الشعبي"), the genitive after a partitive ("3 من عناصر
        الحشد الشعبي" → "عناصر الحشد الشعبي"). A bare noun ("جنود") names no group: ""."""
        tokens = self.tokens
        own_class = self.noun_class(noun_at)
        # a nation or group used as the noun (أمريكيين، مدنيين، إرهابيين) names itself; جنود، عسكريين do not
        named = (_people_nisba(tokens[noun_at]) and (own_class is None or own_class[0] == "person")) or (
            partitive and self.is_force(noun_at)
        )
        genitive = partitive and not tokens[noun_at].definite  # عناصر الحشد، قوات البيشمركة
        start = last = noun_at
        index = noun_at + 1
        while index < len(tokens) and index - noun_at <= 7 and self.linked(index) and not self.in_quantity[index]:
            if self.in_date[index] or self.role(index) not in (None, "linking"):
                break
            token = tokens[index]
            if token.folded == "من" and index + 1 < len(tokens) and self.linked(index + 1):
                nxt = index + 1
                if self.is_force(nxt) or _people_nisba(tokens[nxt]) or (
                    tokens[nxt].definite and (self.noun_class(nxt) or (None,))[0] in PEOPLE_CLASSES + ("troops",)
                ):
                    last, named = nxt, True
                    genitive = not tokens[nxt].definite
                    if (self.noun_class(noun_at) or (None,))[0] == "others" and start == noun_at:
                        start = nxt  # "11 آخرين من المدنيين": the group is المدنيين
                    index = nxt + 1
                    continue
                break
            if self.role(index) == "linking" or self.plain_adjective(index):
                break
            if self.adjective_like(index):
                last, named, genitive = index, True, False
            elif genitive and token.definite:
                last, named, genitive = index, True, False
            else:
                break
            index += 1
        return self.span(start, last) if named else ""

    def head_phrase(self, before: int) -> str:
        """The noun after a count head before the figure, with its adjectives: "يبلغ عدد الجنود
        الأمريكيين في العراق 2500 جندي" → "الجنود الأمريكيين"."""
        heads = _count_heads()
        for index in range(before - 1, max(before - 1 - HEAD_WINDOW, -1), -1):
            if not self.same_sentence(index, before - 1) or self.tokens[index + 1].clause_break_before:
                break
            if heads.get(self.tokens[index].keys[-1]) == "head" and index + 1 < before:
                noun = index + 1
                noun_class = self.noun_class(noun)
                if self.is_force(noun) or (noun_class and noun_class[0] in ("troops", "military")):
                    return self.noun_phrase(noun)
                return ""
        return ""

    def force_before(self, noun_at: int) -> str:
        """A force named earlier in the clause, with its adjectives: "قوات أميركية مؤلفة من 2400 جندي"."""
        for index in range(noun_at - 1, max(noun_at - 1 - CUE_WINDOW, -1), -1):
            if not self.same_sentence(index, noun_at):
                break
            if self.is_force(index) and not self.in_quantity[index]:
                phrase = self.noun_phrase(index)
                if phrase:
                    return phrase
            if self.tokens[index].clause_break_before:
                break
        return ""

    def noun_phrase(self, head: int) -> str:
        """A noun with its genitive (when it is indefinite) and its relative adjectives; "" when alone."""
        tokens = self.tokens
        last, genitive = head, not tokens[head].definite
        index = head + 1
        while index < len(tokens) and index - head <= 5 and self.linked(index) and not self.in_quantity[index]:
            if self.role(index) is not None or self.in_date[index] or self.plain_adjective(index):
                break
            if self.adjective_like(index):
                last, genitive = index, False
            elif genitive and tokens[index].definite:
                last = index
                genitive = False
            else:
                break
            index += 1
        return self.span(head, last) if last > head else ""

    def actor_cue_phrase(self, after: int) -> str:
        """An agent phrase after the figure: "160 هجوما من قبل جماعات مدعومة من إيران"."""
        tokens = self.tokens
        for index in range(after, min(after + ACTOR_CUE_REACH, len(tokens))):
            if index > after and not self.linked(index):
                break
            for _rank, cue in self._actor_cues_at(index):
                window = tokens[index : index + len(cue)]
                if len(window) == len(cue) and all(w in t.keys for t, w in zip(window, cue)):
                    first = index + len(cue)
                    picked = []
                    for j in range(first, min(first + 4, len(tokens))):
                        if (picked and not self.linked(j)) or self.in_quantity[j] or self.role(j) in (
                            "complement", "relative", "time", "conjunction"
                        ):
                            break
                        picked.append(j)
                    if picked:
                        return self.span(picked[0], picked[-1])
        return ""

    def _actor_cues_at(self, index: int) -> list[tuple[int, tuple[str, ...]]]:
        """The actor cues whose first word is a reading of token ``index``, in table order."""
        by_word = _actor_cues_by_first_word()
        return sorted(cue for key in self.tokens[index].keys for cue in by_word.get(key, ()))

    def agent(self, fact_type: str, before: int) -> str:
        """The subject of the nearest verb before the figure that governs figures of its type
        (أطلق، تعهد، قدم، خصص، نشر، شن، درب ...): after the verb, else before it."""
        for index in range(before - 1, max(before - 1 - AGENT_WINDOW, -1), -1):
            if not self.same_sentence(index, before - 1) or self.tokens[index + 1].strong_break_before:
                break
            if fact_type in self.agent_types(index):
                phrase = self.subject_before(index) or self.subject_after(index)
                if phrase:
                    return phrase
            if fact_type in self.masdar_types(index):
                for verb in range(index - 1, max(index - 5, -1), -1):  # أعلن البنتاغون إرسال
                    if not self.same_sentence(verb, index) or not self.linked(verb + 1):
                        break
                    if self.governs_masdar(verb):
                        phrase = self.subject_before(verb) or self.subject_after(verb)
                        if phrase:
                            return phrase
                        break
        return ""

    def subject_after(self, verb: int) -> str:
        """The subject right after a verb: "أطلقت الولايات المتحدة ووزراء الدول الأعضاء في التحالف
        الدولي حملة ..." → "الولايات المتحدة ووزراء الدول الأعضاء في التحالف الدولي"."""
        last = self.noun_phrase_end(verb + 1)
        return self.span(verb + 1, last) if last >= 0 else ""

    def noun_phrase_end(self, start: int, loose: bool = False, names: bool = False, limit: int | None = None) -> int:
        """The last token of the noun phrase that starts at ``start`` (-1 if none starts there): a
        head word, then definite words that are adjectives or genitives (after an indefinite head),
        words joined by و, في/من before a definite word (before any word when ``loose``), relative
        adjectives, and with ``names`` the words of a name after a title ("الرئيس الأميركي جو
        بايدن"). A definite noun after a definite word is the verb's object ("سلمت الولايات
        المتحدة العراق"), a word with a pronoun too ("التزامهما")."""
        tokens = self.tokens
        picked: list[int] = []
        index = start
        end = len(tokens) if limit is None else min(limit + 1, len(tokens))
        while index < end and len(picked) < SUBJECT_MAX:
            if (picked and not self.linked(index)) or self.in_quantity[index] or self.in_date[index]:
                break
            token, role = tokens[index], self.role(index)
            if role not in (None, "linking", "keep") or self.is_masdar(index) or self.cue(index):
                break
            if not picked:
                if role == "linking" or token.folded.startswith(("لل", "بال")) or self.object_noun(index):
                    break
                if self.looks_like_verb(index):
                    break  # "ومنح بلغت قيمتها": منح was a noun, and بلغت is no subject
                if any(k in _count_heads() for k in token.keys):
                    break  # "يرفع عدد أفراد بعثته": the count is the object
                picked.append(index)
            elif role == "linking":
                nxt = index + 1
                if nxt < len(tokens) and self.linked(nxt) and (tokens[nxt].definite or loose):
                    picked.append(index)
                else:
                    break
            elif self.suffixed(index):
                break  # "التزامهما": an object with its pronoun, not part of the subject
            elif self.plain_adjective(index):
                break
            elif _nisba(token.text):
                picked.append(index)
            elif token.definite:
                previous = picked[-1]
                coordinated = token.folded.startswith("و")  # التصدير والاستيراد، الولايات المتحدة والعراق
                if not (
                    coordinated
                    or self.adjective_like(index)
                    or self.construct_head(previous)
                    or self.role(previous) == "linking"
                ):
                    break  # "سلمت الولايات المتحدة العراق"، "تمول الولايات المتحدة البرنامج": the object
                picked.append(index)
            elif token.folded.startswith("و") and len(token.folded) > 3:
                picked.append(index)  # ووزراء، وبريطانيا
            elif loose and self.role(picked[-1]) == "linking":
                picked.append(index)  # في بغداد
            elif names and (tokens[picked[-1]].definite or _nisba(tokens[picked[-1]].text) or picked[-1] > start):
                picked.append(index)  # جو بايدن after الرئيس الأميركي
            else:
                break
            index += 1
        while picked and self.role(picked[-1]) == "linking":
            picked.pop()
        return picked[-1] if picked else -1

    def looks_like_verb(self, index: int) -> bool:
        """An indefinite four-letter word in ت with no long vowel before it: the feminine past tense
        of a verb (بلغت، قامت، وصلت), never a subject."""
        folded = self.tokens[index].folded
        return len(folded) == 4 and folded.endswith("ت") and folded[2] not in "اوي"

    def adjective_like(self, index: int) -> bool:
        """A relative adjective, a participle with the article (الأوروبي، المتحدة، المسلحة) or an
        adjective of data/attributive_words.tsv (الأعضاء، العام، الخاصة)."""
        token = self.tokens[index]
        return (
            _nisba(token.folded)
            or (token.definite and token.folded.startswith(("الم", "والم")))
            or _in(token, _attributive_words())
        )

    def construct_head(self, index: int) -> bool:
        """An indefinite noun that a definite genitive may follow (وزارة الدفاع، ووزراء الدول)."""
        token = self.tokens[index]
        return not token.definite and not _nisba(token.text) and self.role(index) is None

    def object_noun(self, index: int) -> bool:
        """A counted noun right after a verb is its object, not its subject ("فشنت ضربات")."""
        noun_class = self.noun_class(index)
        return bool(noun_class) and noun_class[0] in FACT_TYPES

    def subject_before(self, verb: int) -> str:
        """The subject before its verb, a noun phrase from a clause start (a complement, كان, a
        particle, a conjunction, a comma) to the verb: "إن واشنطن ستقدم"، "وكانت السفارة الأمريكية في
        بغداد قد أعلنت"; or the noun a relative pronoun refers to: "فرنسا التي تنشر"."""
        if verb < 1 or self.tokens[verb].punct_before or not self.same_sentence(verb - 1, verb):
            return ""  # a quote mark may stand between a subject and its verb: «الناتو» يرفع
        index = verb - 1
        relative = False
        while index >= 0 and self.same_sentence(index, verb) and (
            self.role(index) == "particle" or (self.role(index) == "relative" and self.tokens[index].definite)
        ):
            if self.role(index) == "relative":
                if self.subject_after(verb):
                    return ""  # "البرنامج الذي تموله الولايات المتحدة": the relative clause names its subject
                relative = True
            index -= 1  # قد، سوف; التي، الذي
        last = index
        picked: list[int] = []
        clean = False  # the phrase starts at the start of a clause
        while index >= 0 and self.same_sentence(index, verb) and len(picked) < 6:
            if self.in_quantity[index] or self.in_date[index]:
                break
            if index < last and not self.linked(index + 1):
                clean = True  # a comma: the phrase starts after it
                break
            role = self.role(index)
            if role == "linking" and picked:
                picked.append(index)  # "السفارة الأمريكية في بغداد قد أعلنت"
                index -= 1
                continue
            if role is not None or self.agent_types(index) or self.suffixed(index) or self.cue(index):
                clean = role in ("complement", "be", "particle", "conjunction")
                break
            if _attribution_cues().get(self.tokens[index].folded) or self.is_masdar(index):
                break
            picked.append(index)
            index -= 1
        else:
            clean = len(picked) < 6  # the start of the sentence
        sentence_start = clean and (index < 0 or not self.same_sentence(index, verb))
        if relative:  # the shortest noun phrase that ends right before the relative pronoun
            for start in sorted(picked, reverse=True):
                if self.noun_phrase_end(start, loose=True, limit=last) == last:
                    return self.span(start, last)
            return ""
        if not clean or not picked or self.role(picked[-1]) == "linking":
            return ""
        first = picked[-1]
        if sentence_start and first < last:
            # with no إن, كان or comma before it, the words must make one noun phrase that starts
            # like a subject: "وزير الدفاع الأمريكي قال"، not "وتشارك في البعثة فرنسا تنشر"
            if self.noun_phrase_end(first, loose=True, names=True, limit=last) != last:
                return ""
            if not (self.tokens[first].definite or (self.construct_head(first) and self.tokens[first + 1].definite)):
                return ""
        return self.span(first, last)

    # --- attribution ------------------------------------------------------------------

    def _find_cues(self) -> list[_Cue]:
        cues = []
        for index, token in enumerate(self.tokens):
            kind = _cue_kind(token.text)
            if kind is None:
                continue
            phrase, bare, closing = self.speaker(index, kind)
            if phrase or bare:
                cues.append(_Cue(index, self.token_sentence[index], phrase, kind == "source" or closing))
        return cues

    def _named_links(self) -> tuple[list[int], list[int]]:
        """For each cue, the last named one at or before it, and the first one at or after it that
        may attribute a figure before it (a source, or a speaker that closes its clause)."""
        before, last = [], -1
        for k, cue in enumerate(self.cues):
            if cue.phrase:
                last = k
            before.append(last)
        after, nxt = [0] * len(self.cues), -1
        for k in range(len(self.cues) - 1, -1, -1):
            if self.cues[k].phrase and self.cues[k].backwards:
                nxt = k
            after[k] = nxt
        return before, after

    def speaker(self, cue: int, kind: str) -> tuple[str, bool, bool]:
        """(the speaker or source the cue names, whether the cue is bare, whether the name closes the
        clause). After a verb of saying the name runs to its complement (إن، أن، :، a quote, a comma,
        في بيان، لوكالة ...): "قال المتحدث باسم البنتاغون جون كيربي إن". With no name after it, the
        subject before the verb ("وكانت السفارة قد أعلنت"); with none at all ("وأضاف أن") the cue is
        bare. When an object follows the verb instead of a complement ("أكد الوفدان التزامهما"، "تعلن
        حزمة مساعدات"), the subject is its noun phrase after the verb, or before it for a verb in the
        present tense (headlines: "واشنطن تعلن")."""
        tokens = self.tokens
        index = cue + 1
        strip_lam = False
        if kind == "source":
            while index < len(tokens) and self.linked(index) and tokens[index].folded in ("عن", "ل"):
                index += 1
            if index < len(tokens) and self.linked(index) and self.role(index) == "relative":
                return "", False, False  # بحسب ما أفادت ...: the verb that follows is the cue
            strip_lam = tokens[cue].folded.endswith(("وفقا", "طبقا", "وفق"))
        picked: list[int] = []
        end = "max"  # what ended the phrase: clause, complement, stop, object, or max (no end found)
        while index < len(tokens) and len(picked) < SPEAKER_MAX:
            token = tokens[index]
            role = self.role(index)
            if not self.same_sentence(cue, index) or token.clause_break_before or token.quote_before:
                end = "clause"
            elif role == "complement":
                end = "complement"
            elif self.in_date[index] or role in ("preposition", "time", "relative", "be", "particle", "conjunction"):
                end = "stop"
            elif self.frame_starts(index) and (picked or kind != "source"):
                end = "stop"
            elif self.in_quantity[index] or (kind != "source" and (self.cue(index) or self.is_masdar(index))):
                end = "object"
            elif role != "keep" and picked and self.weak_stop(index):
                end = "object"
            if end != "max":
                break
            picked.append(index)
            index += 1
        else:
            if index >= len(tokens):
                end = "clause"
        closing = end == "clause" or (end == "stop" and self.clause_ends_soon(index))
        if kind == "source":
            if picked and end in ("clause", "complement", "stop"):
                phrase = self.span(picked[0], picked[-1])
                return (_without_lam(phrase) if strip_lam else phrase), False, True
            return "", False, False
        participle = kind == "participle"
        if picked and (end in ("clause", "complement", "stop") or (end == "object" and self.cue(index))):
            return self.span(picked[0], picked[-1]), False, closing  # "أعلنت الشرطة إصابة 12"
        if not picked:
            phrase = "" if participle else self.subject_before(cue)
            return phrase, not phrase, False
        if participle:
            return "", True, False
        return self.subject_before(cue) or self.subject_after(cue), False, False

    def clause_ends_soon(self, index: int) -> bool:
        """Nothing that a verb of saying introduces (a complement, a figure, a predicate) comes
        before the end of the clause: "...، وفق ما أفاد مصدر عسكري لـ(بترا)."."""
        for i in range(index, min(index + SPEAKER_MAX, len(self.tokens))):
            if i > index and not self.linked(i):
                return True
            if self.role(i) == "complement" or self.in_quantity[i] or self.cue(i) or self.is_masdar(i):
                return False
        return index + SPEAKER_MAX >= len(self.tokens)

    def frame_starts(self, index: int) -> bool:
        """"في بيان"، "خلال مؤتمر صحفي"، "لوكالة الأنباء"، "لـ"بغداد اليوم"": where it was said."""
        token = self.tokens[index]
        frames = _frames()
        if token.folded.startswith("ل") and _in(token, frames):
            return True
        if token.folded in ("في", "خلال", "عبر", "ضمن") and index + 1 < len(self.tokens) and self.linked(index + 1):
            return _in(self.tokens[index + 1], frames)
        return False

    def weak_stop(self, index: int) -> bool:
        """A word that cannot continue a name but does not end a speaker phrase properly: a
        preposition with a verbal noun (بتطوير، بالتزام), a noun with a pronoun (التزامهما)."""
        folded = self.tokens[index].folded
        if folded.startswith("بال") or (folded.startswith("بت") and len(folded) > 4):
            return True
        return self.suffixed(index)

    def suffixed(self, index: int) -> bool:
        """A noun with a possessive pronoun (التزامهما، قواتها، عناصرهم)."""
        folded = self.tokens[index].folded
        return len(folded) >= 5 and folded.endswith(("هما", "هم", "ها"))

    def attribution(self, before: int, sentence: int) -> str:
        k = bisect.bisect_left(self.cue_indices, before) - 1
        if k >= 0 and self.cues[k].sentence == sentence:
            cue = self.cues[k]
            if cue.phrase:
                return cue.phrase
            named = self.named_before[k]
            if named >= 0 and sentence - self.cues[named].sentence <= CARRY_SENTENCES:
                return self.cues[named].phrase
            return ""
        if k + 1 < len(self.cues):
            later = self.named_after[k + 1]
            if later >= 0 and self.cues[later].sentence == sentence:
                return self.cues[later].phrase
        return ""

    # --- as_of ------------------------------------------------------------------------

    def as_of(self, before: int, after: int) -> str | None:
        """The year of the nearest dated mention in the figure's sentence, a few words away at most."""
        best: tuple[int, int] | None = None  # (distance, year)
        k = bisect.bisect_right(self.date_ends, before) - 1  # the last date ending before the figure
        if k >= 0:
            first, last, year = self.dates[k]
            if self.same_sentence(last - 1, before) and self.date_reaches(last, before):
                best = (before - last, year)
        k += 1
        while k < len(self.dates) and self.dates[k][0] < after:
            k += 1
        if k < len(self.dates):
            first, last, year = self.dates[k]
            if (
                self.same_sentence(first, max(after - 1, 0))
                and self.date_reaches(after, first)
                and (best is None or first - after < best[0])
            ):
                best = (first - after, year)
        return None if best is None else str(best[1])

    def date_reaches(self, left: int, right: int) -> bool:
        """A date and a figure with the tokens [left, right) between them belong together: a few
        words of one clause ("حتى العام 2020 التدريب لأكثر من"), or fewer across a comma ("في 2014،
        قتل 500")."""
        gap = right - left
        if gap > AS_OF_WINDOW:
            return False
        broken = any(self.tokens[i].clause_break_before for i in range(left, min(right + 1, len(self.tokens))))
        return not broken or gap <= AS_OF_ACROSS_CLAUSE


def _heads_toll(token: _Token) -> bool:
    """حصيلة: a toll counts casualties only."""
    return token.keys[-1] == "حصيله"


def _without_pronoun(key: str) -> str:
    """A folded noun without a possessive pronoun: راتبه → راتب، رواتبهم → رواتب."""
    for suffix in ("هما", "هم", "ها", "ه"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


def _without_lam(phrase: str) -> str:
    """"للبيان المشترك" → "البيان المشترك", "لوزارة الدفاع" → "وزارة الدفاع" (after وفقا/طبقا)."""
    if phrase.startswith("لل") and len(phrase.split()[0]) > 3:
        return "ال" + phrase[2:]
    if phrase.startswith("ل") and len(phrase.split()[0]) > 3:
        return phrase[1:]
    return phrase


def type_quantities(text: str, sentences: list[tuple[int, int]]) -> list[FactMention]:
    """Every quantity of ``text`` with its fact type (or ``other``), in text order."""
    reader = _Reader(text, sentences)
    typings: list[_Typing] = []
    for q, (before, after) in zip(reader.quantities, reader.spans):
        previous = (reader.spans[len(typings) - 1][1], typings[-1]) if typings else None
        typing = reader.decide(q, before, after, previous)
        if typing.fact_type == "wounded" and reader.illness_after(after):
            typing = _Typing(OTHER, None, typing.counted, "infection_not_wound", typing.noun_at)
        typings.append(typing)
    _share_types(reader, typings)
    actors = [
        reader.actor(t, before, after) if t.fact_type != OTHER else ""
        for t, (before, after) in zip(typings, reader.spans)
    ]
    _share_groups(reader, typings, actors)
    mentions = []
    for q, typing, actor, (before, after) in zip(reader.quantities, typings, actors, reader.spans):
        index = reader.sentence_of(q.start)
        sentence = reader.sentences[index] if sentences else (0, len(text))
        if typing.fact_type != OTHER and not _plausible(typing.fact_type, q):
            typing, actor = _Typing(OTHER, None, typing.counted, f"implausible_value:{typing.rule}", typing.noun_at), ""
        is_fact = typing.fact_type != OTHER
        mentions.append(
            FactMention(
                quantity=q,
                fact_type=typing.fact_type,
                unit=typing.unit,
                counted=typing.counted,
                actor=actor,
                attribution=reader.attribution(before, index) if is_fact else "",
                as_of=reader.as_of(before, after) if is_fact else None,
                sentence_index=index,
                evidence_start=min(sentence[0], q.start),
                evidence_end=max(sentence[1], q.end),
                rule=typing.rule,
            )
        )
    return mentions


def _plausible(fact_type: str, q: Quantity) -> bool:
    """Inside the facts suite's bounds (``value_plausible_*``): above zero, at most the type's maximum.

    A figure outside them (``0 جندي``، ``300 دولة``، a typo of six zeros) is kept as a mention
    typed ``other``: as a fact it would fail a blocking check of the facts stage, and one such
    sentence in an untrusted article would then stop every article's facts, run after run."""
    return 0 < q.value <= FACT_TYPES[fact_type].plausible_max


def _share_types(reader: _Reader, typings: list[_Typing]) -> None:
    """"من نحو 500 إلى 4 آلاف عنصر": the old value of a change counts what the new one counts."""
    for k in range(len(typings) - 2, -1, -1):
        if typings[k].rule != "no_counted_noun" or typings[k + 1].fact_type == OTHER:
            continue
        after, nxt = reader.spans[k][1], reader.spans[k + 1][0]
        if nxt == after + 1 and reader.tokens[after].folded in ("الي", "حتي") and reader.linked(after):
            if reader.linked(nxt) and typings[k + 1].counted:
                fact_type, unit = typings[k + 1].fact_type, typings[k + 1].unit
                typings[k] = _Typing(fact_type, unit, None, f"change_from:{fact_type}", typings[k + 1].noun_at)


def _share_groups(reader: _Reader, typings: list[_Typing], actors: list[str]) -> None:
    """Coordinated counts of people share their group: "مقتل 3 جنود أميركيين وإصابة 34 آخرين"
    (آخرين: the group before), "مقتل 4 وإصابة 11 جنديا عراقيا" (the bare 4: the group after)."""
    people = set(VICTIM_TYPES) | {"troops", "trained_personnel"}
    last_group: tuple[int, str] | None = None  # (sentence, actor)
    for k, typing in enumerate(typings):
        if typing.fact_type not in people:
            continue
        sentence = reader.token_sentence[min(reader.spans[k][0], len(reader.tokens) - 1)]
        others = _classify_noun(typing.counted or "") == ("others", "person")
        if not actors[k] and typing.noun_at is not None and others:
            if last_group and last_group[0] == sentence:
                actors[k] = last_group[1]
        if actors[k]:
            last_group = (sentence, actors[k])
    for k in range(len(typings) - 1, -1, -1):
        if actors[k] or not typings[k].rule.startswith("cue_only:"):
            continue
        before, after = reader.spans[k]
        if k + 1 < len(typings) and typings[k + 1].fact_type in people and actors[k + 1]:
            gap = reader.spans[k + 1][0] - after  # "مقتل 4 وإصابة 11 جنديا عراقيا"
            if 0 <= gap <= 2 and after < len(reader.tokens) and reader.tokens[after].folded.startswith("و"):
                if reader.same_sentence(after, reader.spans[k + 1][0]):
                    actors[k] = actors[k + 1]
                    continue
        if k > 0 and typings[k - 1].fact_type in people and actors[k - 1]:
            gap = before - reader.spans[k - 1][1]  # "مقتل 4 جنود عراقيين وإصابة 11"
            joined = reader.tokens[before - 1].folded.startswith("و") and reader.same_sentence(before - 1, before)
            if 0 <= gap <= 4 and joined:
                actors[k] = actors[k - 1]
