"""One text as the typing rules read it: its words (tokens), sentences, quantities and dates.

Every rule looks a bounded number of tokens around a figure, each distinct word is read once
(across articles), and the lists built for a whole text (dates, situations, attribution cues)
are built once, so typing is linear in the length of the text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, islice
from operator import attrgetter, eq, gt
from typing import TypeVar, cast

from arqam.extraction.numbers.candidates import find_quantities
from arqam.extraction.numbers.digits import AGENCY_DECIMAL
from arqam.extraction.numbers.quantity import Quantity
from arqam.extraction.text.arabic import PROCLITICS, fold, strip_diacritics
from arqam.extraction.text.date_intervals import interval
from arqam.extraction.text.dates import WORD_MARKS, WORD_RUN, DateMention, dates_in
from arqam.extraction.typing import vocabulary as vocab

# a word keeps its short vowels (قُتل، أُصيب): cleaned text has none, but a caller's text may
_TOKEN_RE = re.compile(rf"{WORD_RUN}|\d+{AGENCY_DECIMAL}\d+|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK_RE = re.compile(r"[.،,؛;:!?؟()\[\]\n«»–—]")
_STRONG_BREAK_RE = re.compile(r"[.؛;:!?؟\n]")
QUOTE_RE = re.compile("[\"«»“”]")
_PUNCT_RE = re.compile(r"[.،,؛;:!?؟()\[\]\n–—]")  # a clause break other than a quote mark

V = TypeVar("V")  # the values of a table looked up by word


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__,
class Token:  # many times slower to build, and every word of every article is a token
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


def lookup_keys(word: str) -> list[str]:
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


_NO_BREAKS = (False, False, False, False)
# the marks a word may hold that are no letters (str.isalnum): a token char is a letter, a digit or one of these
_MARK_SET = frozenset(c for c in map(chr, range(0x0610, 0x06EE)) if re.fullmatch(WORD_MARKS, c))


def tokenize(text: str) -> list[Token]:
    return tokenize_spans(text, [(0, len(text))])[0]


def tokenize_spans(text: str, spans: list[tuple[int, int]]) -> tuple[list[Token], dict[int, int]]:
    """The tokens of ``text`` that start in ``spans`` (ascending, disjoint, each beginning and ending
    between words), exactly as a scan of the whole text finds them, breaks before them included;
    and, for the first token of each span after the text's first word, where the word before it
    ends (the gap before it is read from there, not from the token before it in the list)."""
    tokens: list[Token] = []
    gap_starts: dict[int, int] = {}
    for span_start, span_end in spans:
        previous_end = _end_of_word_before(text, span_start)
        if previous_end:
            gap_starts[len(tokens)] = previous_end
        for match in _TOKEN_RE.finditer(text, span_start):
            start, end = match.span()
            if start >= span_end:
                break
            word = match.group()
            keys, definite = word_reading(word)
            gap = text[previous_end:start]
            clause, strong, quote, punct = _NO_BREAKS if gap == " " else _gap_breaks(gap)
            tokens.append(Token(start, end, word, keys[-1], clause, keys, keys[0], definite, strong, quote, punct))
            previous_end = end
    if "(" in text:
        _unbracket_figures(text, tokens, gap_starts)
    if any(mark in text for mark in _OPEN_QUOTES):
        _unquote_names(text, tokens, gap_starts)
    return tokens, gap_starts


def _end_of_word_before(text: str, offset: int) -> int:
    """Where the last word (or number) before ``offset`` ends, 0 if none: every letter, digit or
    mark is in a token and a token ends with one, so it is the offset after the last of them."""
    index = offset - 1
    while index >= 0 and not (text[index].isalnum() or text[index] in _MARK_SET):
        index -= 1
    return index + 1


def _gap_start(tokens: list[Token], gap_starts: dict[int, int], k: int) -> int:
    """Where the gap before token ``k`` begins: the end of the word before it in the text."""
    return gap_starts.get(k, tokens[k - 1].end if k else 0)


QUOTED_NAME_WORDS = 3  # words of a name in quotes that keeps its clause: «داعش»، «قوات سوريا الديمقراطية»
_OPEN_QUOTES, _CLOSE_QUOTES = "«\"“", "»\"”"
_OPEN_QUOTE_RE = re.compile("[«\"“]")


def _unquote_names(text: str, tokens: list[Token], gap_starts: dict[int, int]) -> None:
    """"9 آلاف من عناصر «داعش» في سجوننا": a short name in quotes breaks no clause (the quote
    marks stay marked)."""
    starts = [token.start for token in tokens]
    for mark in _OPEN_QUOTE_RE.finditer(text):
        i = bisect.bisect_left(starts, mark.end())
        if not (i > 0 or i in gap_starts) or i >= len(tokens):
            continue
        opening = text[_gap_start(tokens, gap_starts, i) : tokens[i].start].strip()
        if len(opening) != 1 or opening not in _OPEN_QUOTES:
            continue
        for k in range(i + 1, min(i + QUOTED_NAME_WORDS + 1, len(tokens))):
            gap = text[_gap_start(tokens, gap_starts, k) : tokens[k].start]
            if gap in (" ", "-", "/"):  # "إس إم-2"
                continue
            if len(gap.strip()) == 1 and gap.strip() in _CLOSE_QUOTES and gap.startswith(gap.strip()):
                for j in (i, k):
                    tokens[j].clause_break_before = tokens[j].strong_break_before = tokens[j].punct_before = False
            break


_TEXT_OF, _KEYS_OF = attrgetter("text"), attrgetter("keys")
_CLAUSE_BREAK_OF = attrgetter("clause_break_before")
_BRACKETED_DIGIT_RE = re.compile(r"\(\d")


def _unbracket_figures(text: str, tokens: list[Token], gap_starts: dict[int, int]) -> None:
    """"عثر على (7) أحزمة ناسفة"، "بسقوط (3) من منتسبي": official communiqués bracket their figures;
    the brackets around a lone number break no clause."""
    starts = None
    for bracketed in _BRACKETED_DIGIT_RE.finditer(text):
        starts = starts or [token.start for token in tokens]
        i = bisect.bisect_left(starts, bracketed.start() + 1)
        if i >= len(tokens) or starts[i] != bracketed.start() + 1:
            continue
        token = tokens[i]
        if text[token.end : token.end + 1] != ")":
            continue
        for k in (i, i + 1):
            if k < len(tokens):
                gap = text[_gap_start(tokens, gap_starts, k) : tokens[k].start].replace("(", "").replace(")", "")
                clause, strong, quote, punct = _NO_BREAKS if gap in ("", " ") else _gap_breaks(gap)
                tokens[k].clause_break_before, tokens[k].strong_break_before = clause, strong
                tokens[k].quote_before, tokens[k].punct_before = quote, punct


@lru_cache(maxsize=1 << 17)
def word_reading(word: str) -> tuple[tuple[str, ...], bool]:
    """A word's lexicon keys and whether it is definite: read once per distinct word, across articles."""
    keys = tuple(lookup_keys(word))
    return keys, _is_definite(keys[0])


@lru_cache(maxsize=1 << 12)
def _gap_breaks(gap: str) -> tuple[bool, bool, bool, bool]:
    """What the text between two words breaks: a clause, a sentence part, a quote, punctuation."""
    return (
        bool(_CLAUSE_BREAK_RE.search(gap)),
        bool(_STRONG_BREAK_RE.search(gap)),
        bool(QUOTE_RE.search(gap)),
        bool(_PUNCT_RE.search(gap)),
    )


@lru_cache(maxsize=1 << 17)
def verb_readings(folded: str) -> tuple[str, ...]:
    """A verb as written, without a glued و/ف, and without the future prefix س."""
    readings = [folded]
    if len(folded) >= 3 and folded[0] in "وف":
        readings.append(folded[1:])
    for reading in list(readings):
        if len(reading) > 3 and reading[0] == "س" and reading[1] in "يتنا":
            readings.append(reading[1:])
    return tuple(readings)


@lru_cache(maxsize=1 << 17)
def agent_types(folded: str) -> frozenset[str]:
    """The fact types a verb governs as their agent's verb (``agent_verbs.tsv``: نشر troops, تعهد funding)."""
    verbs = vocab.agent_verbs()["verb"]
    return next((verbs[reading] for reading in verb_readings(folded) if reading in verbs), frozenset())


@lru_cache(maxsize=1 << 17)
def masdar_types(word: str) -> frozenset[str]:
    """The fact types a verbal noun governs (``agent_verbs.tsv``: إرسال troops, تدريب trained_personnel)."""
    masdars = vocab.agent_verbs()["masdar"]
    return next((masdars[key] for key in word_reading(word)[0] if key in masdars), frozenset())


@lru_cache(maxsize=1 << 17)
def classify_noun(word: str) -> tuple[str, str] | None:
    """The class of a counted noun (``counted_nouns.tsv``), the most specific reading first."""
    classes = vocab.noun_classes()
    keys = word_reading(word)[0]
    for key in reversed(keys):
        if key in classes:
            return classes[key]
    for key in reversed(keys):  # the accusative after 11..99 ("36 لغما"، "12 مسدسا") of a noun listed bare
        if len(key) > 3 and key[-1] == "ا" and classes.get(key[:-1], ("not_a_noun",))[0] not in ("not_a_noun", "duration"):
            return classes[key[:-1]]
    return None


@lru_cache(maxsize=1 << 17)
def cue_of(word: str) -> str | None:
    """The predicate cue a word is (``predicate_cues.tsv``), or None."""
    cues = vocab.predicate_cues()
    keys = word_reading(word)[0]
    if keys[0] in vocab.exact_predicate_cues():
        return vocab.exact_predicate_cues()[keys[0]]
    for key in reversed(keys):
        if key in cues:
            return cues[key]
    for key in reversed(keys):  # a verbal noun in the accusative: "تلقوا تدريبا"
        if len(key) > 4 and key.endswith("ا") and cues.get(key[:-1]) not in (None, "presence"):
            return cues[key[:-1]]
    return _without_its_pronoun(word, keys, cues)  # a verbal noun with a pronoun: تحييدهم، إصابتهم، مقتلهم


def _without_its_pronoun(word: str, keys: tuple[str, ...], table: Mapping[str, V]) -> V | None:
    """The entry of ``table`` for the word read without its possessive pronoun (سجوننا، مقتلهم), or None."""
    if not has_pronoun(word):
        return None
    for key in reversed(keys):
        for stem in pronoun_stems(key):
            if stem != key and stem in table:
                return table[stem]
    return None


def has_pronoun(word: str) -> bool:
    """The word ends in a possessive pronoun as written (ه، ها، هم، هما، هن، نا; not the ta marbuta ة,
    which folds to ه too: أسرة is no أسر + pronoun)."""
    return strip_diacritics(word).endswith(("ه", "ها", "هم", "هما", "هن", "نا"))


@lru_cache(maxsize=1 << 17)
def situation_of(word: str) -> tuple[str, str, str] | None:
    """The situation a single word evokes (``situations.tsv``), or None."""
    table = vocab.situations()
    keys = word_reading(word)[0]
    for key in reversed(keys):
        if key in table:
            return table[key]
    return _without_its_pronoun(word, keys, table)  # "سجوننا"، "مخيماتها"


@lru_cache(maxsize=1 << 17)
def situation_phrases_of(word: str) -> tuple[tuple[tuple[str, ...], tuple[str, str, str]], ...]:
    """The phrases of ``situations.tsv`` a word may begin (its readings in order): (words, meaning)."""
    phrases = vocab.situation_phrases()
    return tuple(entry for key in word_reading(word)[0] for entry in phrases.get(key, ()))


_SituationEntry = tuple[tuple[tuple[tuple[str, ...], tuple[str, str, str]], ...], tuple[str, str, str] | None]


@lru_cache(maxsize=1 << 17)
def _situation_entry(word: str) -> _SituationEntry | None:
    """The phrases a word may begin and the situation it evokes alone, or None when neither."""
    starts, meaning = situation_phrases_of(word), situation_of(word)
    return (starts, meaning) if starts or meaning is not None else None


@lru_cache(maxsize=1 << 17)
def head_roles(word: str) -> frozenset[str]:
    """The roles a word has in ``count_heads.tsv`` (عدد: head, يتسع: capacity, ارتفع: rise), any reading."""
    heads = vocab.count_heads()
    return frozenset(heads[k] for k in word_reading(word)[0] if k in heads)


@lru_cache(maxsize=1 << 17)
def continuation_roles(word: str) -> frozenset[str]:
    """The roles a word has in ``continuations.tsv`` (منهم: part, آخرون: more, لكل: per), any reading."""
    words = vocab.continuation_words()
    return frozenset(words[k] for k in word_reading(word)[0] if k in words)


def nisba(word: str) -> bool:
    """A relative adjective (أميركيين، عراقي، أمنية): the usual way an actor is named after a noun."""
    key = fold(word)
    return len(key) > 3 and key.endswith(("ي", "يه", "يين", "يون", "يا")) and not key.endswith("ايا")


def people_nisba(token: Token) -> bool:
    """A relative adjective used as a noun of people after a number: "3 أمريكيين"، "15 عراقيا"."""
    key = token.keys[-1]
    return len(key) >= 5 and (key.endswith(("يين", "يون")) or (key.endswith("يا") and not key.endswith("ايا")))


def has_key_in(token: Token, table: Container[str]) -> bool:
    return any(k in table for k in token.keys)


def without_pronoun(key: str) -> str:
    """A folded noun without a possessive pronoun: راتبه → راتب، رواتبهم → رواتب، جنودنا → جنود."""
    for suffix in ("هما", "هم", "ها", "ه", "نا"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


def pronoun_stems(key: str) -> tuple[str, ...]:
    """A folded noun without a possessive pronoun, read both ways when the stem ends in ت: قواتها →
    قوات، بعثته → بعثه (a ta marbuta is written ت before a pronoun)."""
    stem = without_pronoun(key)
    if stem != key and stem.endswith("ت") and len(stem) > 3:
        return stem, stem[:-1] + "ه"
    return (stem,)


@dataclass(frozen=True, slots=True)
class Reach:
    """The sentences fact typing reads besides the figures' own: ``before`` sentences before each
    figure's (where its attribution, topic or antecedent may be) and the article's first ``lead``."""

    before: int
    lead: int


# Sentences read on each side of those a rule reads, counting only sentences with a word: a rule may
# look one word past its sentence (t.tokens[i - 1], the word after a figure that ends a sentence).
MARGIN_SENTENCES = 1
_WORD_CHAR_RE = re.compile(rf"[^\W_]|{WORD_MARKS}")


def read_spans(
    text: str, sentences: list[tuple[int, int]], quantities: list[Quantity], reach: Reach
) -> list[tuple[int, int]]:
    """The spans of ``text`` fact typing reads: the sentences of its figures, ``reach.before``
    sentences before each, the lead, and ``MARGIN_SENTENCES`` with a word on each side of those;
    consecutive sentences joined. A text all of whose sentences are read is one span."""
    count = len(sentences)
    read = bytearray(count)
    starts = [start for start, _ in sentences]

    def worded(index: int) -> bool:
        return _WORD_CHAR_RE.search(text, *sentences[index]) is not None

    def mark(first: int, last: int) -> None:  # sentences first..last and the margins around them
        first, last = max(first, 0), min(last, count - 1)
        for _ in range(MARGIN_SENTENCES):
            first -= 1
            while first > 0 and not worded(first):
                first -= 1
            last += 1
            while last < count - 1 and not worded(last):
                last += 1
        first, last = max(first, 0), min(last, count - 1)
        read[first : last + 1] = b"\x01" * (last + 1 - first)

    mark(0, reach.lead - 1)
    seen = -1
    for q in quantities:
        sentence = max(bisect.bisect_right(starts, q.start) - 1, 0)
        if sentence != seen:
            mark(sentence - reach.before, max(bisect.bisect_right(starts, max(q.end - 1, q.start)) - 1, 0))
            seen = sentence
    if all(read):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < count:
        if not read[index]:
            index += 1
            continue
        first = index
        while index < count and read[index]:
            index += 1
        spans.append((sentences[first][0], sentences[index - 1][1]))
    return spans


def _sentence_indices(offsets: list[int], sentence_starts: list[int]) -> list[int]:
    """The sentence of each offset (both lists ascending), in one walk."""
    indices, sentence, following = [], 0, 1
    for offset in offsets:
        while following < len(sentence_starts) and sentence_starts[following] <= offset:
            sentence, following = following, following + 1
        indices.append(sentence)
    return indices


class Text:
    """One text: its tokens, quantities, sentences and dates, and the small tests every rule uses."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], reach: Reach | None = None) -> None:
        """With ``reach``, only the sentences a rule may read are tokenized (``read_spans``): a
        token's index is then its place among those, every rule reading the same words."""
        self.text = text
        self.sentences = sentences if sentences else [(0, len(text))]
        self.quantities = find_quantities(text)
        spans = read_spans(text, self.sentences, self.quantities, reach) if reach else [(0, len(text))]
        self.tokens, self._gap_starts = tokenize_spans(text, spans)
        self.starts = [t.start for t in self.tokens]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.token_sentence = _sentence_indices(self.starts, self.sentence_starts)
        # token i > 0 continues the clause of token i-1 when in its sentence with no clause break
        # before it: (same sentence) > (break before), which only True > False is
        sentence_of_token = self.token_sentence
        self._linked = bytearray(1 if self.tokens else 0)
        self._linked += bytearray(map(
            gt,
            map(eq, sentence_of_token, islice(sentence_of_token, 1, None)),
            map(_CLAUSE_BREAK_OF, islice(self.tokens, 1, None)),
        ))
        self.spans = [
            (bisect.bisect_left(self.starts, q.start), bisect.bisect_left(self.starts, q.end)) for q in self.quantities
        ]
        self.in_quantity = bytearray(len(self.tokens))
        for before, after in self.spans:
            self.in_quantity[before:after] = b"\x01" * (after - before)
        self.in_date = bytearray(len(self.tokens))
        self.dates: list[tuple[int, int, int | None]] = []  # (first token, token after, year)
        # the mention of each of self.dates: a year, or a Hijri date with its year (year None)
        self.date_mentions: list[DateMention] = []
        for d in dates_in(text):
            first, last = bisect.bisect_left(self.starts, d.start), bisect.bisect_left(self.starts, d.end)
            self.in_date[first:last] = b"\x01" * (last - first)
            if last > first and (d.year or interval(d.text) is not None):
                self.dates.append((first, last, d.year))
                self.date_mentions.append(d)
        self.date_ends = [end for _, end, _ in self.dates]
        self._situations: list[tuple[int, str, str, str]] | None = None
        self._keys: frozenset[str] | None = None

    # --- positions ----------------------------------------------------------------------

    def sentence_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def same_sentence(self, i: int, j: int) -> bool:
        size = len(self.tokens)
        return 0 <= i < size and 0 <= j < size and self.token_sentence[i] == self.token_sentence[j]

    def aside_opens(self, i: int, reach: int = 4) -> bool:
        """Token i opens a short aside in brackets that closes within ``reach`` tokens: "اعتقلت قوى
        الأمن الداخلي (الأسايش) 14 شخصا" is one clause."""
        if not 0 < i < len(self.tokens) or self.text[self.gap_start(i) : self.tokens[i].start].strip() != "(":
            return False
        for j in range(i + 1, min(i + reach + 1, len(self.tokens))):
            gap = self.text[self.gap_start(j) : self.tokens[j].start].strip()
            if gap:
                return gap == ")"
        return False

    def gap_start(self, i: int) -> int:
        """Where the text between token i and the word before it begins."""
        return _gap_start(self.tokens, self._gap_starts, i)

    def linked(self, i: int) -> bool:
        """Token i continues the clause of token i-1 (no punctuation between, same sentence)."""
        return 0 < i < len(self._linked) and self._linked[i] == 1

    def span(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    # --- what a word is -----------------------------------------------------------------

    def role(self, i: int) -> str | None:
        """The role of token i in data/phrase_stops.tsv (as written first, then without proclitics)."""
        stops = vocab.phrase_stops()
        for key in self.tokens[i].keys:
            if key in stops:
                return stops[key]
        return None

    def head_roles(self, i: int) -> frozenset[str]:
        return head_roles(self.tokens[i].text)

    def has_any_key(self, forms: frozenset[str]) -> bool:
        """Some word of the text has one of ``forms`` among its readings: a rule whose words the
        text lacks passes every figure of it without looking."""
        if self._keys is None:
            self._keys = frozenset(chain.from_iterable(map(_KEYS_OF, self.tokens)))
        return not forms.isdisjoint(self._keys)

    def continuation_roles(self, i: int) -> frozenset[str]:
        return continuation_roles(self.tokens[i].text)

    def is_force(self, i: int) -> bool:
        return has_key_in(self.tokens[i], vocab.force_nouns())

    def noun_class(self, i: int) -> tuple[str, str] | None:
        """The class of the noun at token i: as a phrase with the word after it first ("نقاط
        تفتيش" are sites, ``counted_phrases.tsv``), else as a word (``counted_nouns.tsv``)."""
        phrases = vocab.noun_phrases()
        by_next = next((phrases[k] for k in reversed(self.tokens[i].keys) if k in phrases), None)
        if by_next and self.linked(i + 1):
            following = i + 1
            if self.tokens[following].folded == "من" and self.linked(following + 1):
                following += 1  # "ثلاث جولات من الضربات": the phrase with a partitive من
            phrase_class = next((by_next[k] for k in self.tokens[following].keys if k in by_next), None)
            if phrase_class is not None:
                return phrase_class
        noun_class = classify_noun(self.tokens[i].text)
        return None if noun_class and noun_class[0] == "not_a_noun" else noun_class

    def cue(self, i: int) -> str | None:
        return cue_of(self.tokens[i].text) if 0 <= i < len(self.tokens) else None

    def verb_readings(self, i: int) -> tuple[str, ...]:
        return verb_readings(self.tokens[i].folded)

    def agent_types(self, i: int) -> frozenset[str]:
        return agent_types(self.tokens[i].folded)

    def masdar_types(self, i: int) -> frozenset[str]:
        return masdar_types(self.tokens[i].text)

    def is_masdar(self, i: int) -> bool:
        return bool(self.masdar_types(i))

    def governs_masdar(self, i: int) -> bool:
        """A verb that takes a verbal noun: قرر، أعلن، وافق (على) ..., or any verb of saying or giving."""
        light, speech = vocab.agent_verbs()["light"], vocab.attribution_cues()
        return any(r in light or speech.get(r) == "speech" for r in self.verb_readings(i)) or bool(self.agent_types(i))

    def plain_adjective(self, i: int) -> bool:
        return has_key_in(self.tokens[i], vocab.plain_adjectives())

    def suffixed(self, i: int) -> bool:
        """A noun with a possessive pronoun (التزامهما، قواتها، عناصرهم)."""
        folded = self.tokens[i].folded
        return len(folded) >= 5 and folded.endswith(("هما", "هم", "ها"))

    def adjective_like(self, i: int) -> bool:
        """A relative adjective, a participle with the article (الأوروبي، المتحدة، المسلحة) or an
        adjective of data/attributive_words.tsv (الأعضاء، العام، الخاصة)."""
        token = self.tokens[i]
        return (
            nisba(token.folded)
            or (token.definite and token.folded.startswith(("الم", "والم")))
            or has_key_in(token, vocab.attributive_words())
        )

    def construct_head(self, i: int) -> bool:
        """An indefinite noun that a definite genitive may follow (وزارة الدفاع، ووزراء الدول)."""
        token = self.tokens[i]
        return not token.definite and not nisba(token.text) and self.role(i) is None

    # --- situations -----------------------------------------------------------------------

    def situations(self) -> list[tuple[int, str, str, str]]:
        """Every situation cue of the text, in order: (token, situation, persons' type, items' type)."""
        if self._situations is None:
            found: list[tuple[int, str, str, str]] = []
            tokens = self.tokens
            skip_to = 0
            entries = list(map(_situation_entry, map(_TEXT_OF, tokens)))  # few words evoke one: only they are looked at
            for index, entry in compress(enumerate(entries), entries):
                if index < skip_to or self.in_quantity[index]:
                    continue
                starts, alone = cast(_SituationEntry, entry)
                matched = False
                for words, meaning in starts:
                    last = index + len(words) - 1
                    if last < len(tokens) and all(
                        words[k] in tokens[index + k].keys and self.linked(index + k) for k in range(1, len(words))
                    ):
                        found.append((index, *meaning))
                        skip_to, matched = last + 1, True
                        break
                if not matched and alone is not None:
                    found.append((index, *alone))
            self._situations = found
        return self._situations
