"""Candidate-first number parsing (``extraction/numbers/candidates.py``) finds exactly the quantities
of the full scan (``parser.find_quantities``), on a large corpus generated from the project's own
vocabulary: numbers in every form (digits of three scripts, words with proclitics and the article,
thin-space thousands, agency decimals, ranges, qualifiers, currencies, percents, labels, dates,
phones, Latin chunks, list markers), figures near sentence and window edges, long texts with
figures far apart and texts with figures clustered. Fact typing reads the quantities through this
path and nothing else of it, so equal quantities make equal mentions."""
from __future__ import annotations

import random

import pytest

from arqam.extraction.numbers import candidates
from arqam.extraction.numbers.parser import find_quantities
from arqam.extraction.numbers.tokens import tokenize
from arqam.extraction.text.arabic import to_ascii_digits
from arqam.extraction.text.lexicon import read_table

SEED = 18


def _forms(table: str, column: int) -> list[str]:
    return sorted({form for row in read_table(table) if len(row) > column for form in row[column].split()})


def _phrases(table: str) -> list[str]:
    return sorted({row[0] for row in read_table(table)})


NUMBER_WORDS = _forms("number_words.tsv", 0)
NOUNS = _forms("counted_nouns.tsv", 2)
CUES = _forms("predicate_cues.tsv", 1)
CHANGE = _forms("change_verbs.tsv", 0)
LABELS = _forms("identifier_words.tsv", 0)
CURRENCIES = _forms("currencies.tsv", 0)
QUALIFIERS = _phrases("qualifiers.tsv")
PERCENTS = _phrases("percent_words.tsv")
MONTHS = _phrases("months.tsv")
GLUE = _forms("glue_words.tsv", 0)
FILLER = sorted(set(NOUNS[:200] + CUES[:200] + GLUE + ["قال", "المتحدث", "باسم", "الوزارة", "إن", "القوات",
                                                         "في", "المدينة", "أمس", "وذكرت", "مصادر", "محلية"]))
PROCLITICS = ["", "", "", "و", "ب", "ل", "وب", "ال", "وال", "بال"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
THIN_SPACES = ["\u00a0", " ", "\u202f", "\u2009"]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _digits(rng: random.Random) -> str:
    value = str(rng.choice([rng.randint(0, 9), rng.randint(10, 999), rng.randint(1000, 99999), rng.randint(1900, 2100)]))
    form = rng.random()
    if form < 0.1:
        value = f"{rng.randint(1, 99)}ر{rng.randint(1, 9)}"
    elif form < 0.2:
        value = f"{rng.randint(1, 999)}{rng.choice(THIN_SPACES)}{rng.randint(0, 999):03d}"
    elif form < 0.3:
        value = f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"
    elif form < 0.38:
        value = f"{rng.randint(0, 99)}.{rng.randint(0, 99)}"
    elif form < 0.42:
        value = f"{rng.randint(1, 9)}/{rng.randint(2, 9)}"
    script = rng.random()
    return value.translate(INDIC) if script < 0.2 else value.translate(PERSIAN) if script < 0.3 else value


def _figure(rng: random.Random) -> str:
    """A figure with what the parser reads around it."""
    number = _digits(rng) if rng.random() < 0.6 else rng.choice(PROCLITICS) + rng.choice(NUMBER_WORDS)
    if rng.random() < 0.3:
        number += " " + rng.choice(NUMBER_WORDS)  # ثلاثة آلاف، 5 ملايين
    parts = [number]
    roll = rng.random()
    if roll < 0.15:
        parts = ["بين", number, "و" + _digits(rng)]
    elif roll < 0.25:
        parts = ["من", number, "إلى", _digits(rng)]
    elif roll < 0.35:
        parts = [rng.choice(LABELS), number]
    elif roll < 0.4:
        parts = [number, rng.choice(MONTHS), str(rng.randint(1990, 2030))]
    elif roll < 0.45:
        parts = [f"+964 {rng.randint(700, 799)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"]
    elif roll < 0.5:
        parts = [f"F-{rng.randint(10, 40)}"]
    elif roll < 0.55:
        parts = [f"({number})"]
    if rng.random() < 0.35:
        parts.insert(0, rng.choice(QUALIFIERS))
    if rng.random() < 0.15:
        parts.insert(0, " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, 9))))
        parts.insert(0, rng.choice(CHANGE))  # a change verb up to the parser's reach before
    roll = rng.random()
    if roll < 0.3:
        parts.append(rng.choice(NOUNS))
    elif roll < 0.45:
        parts.append(rng.choice(CURRENCIES))
    elif roll < 0.55:
        parts.append(rng.choice(PERCENTS))
    if rng.random() < 0.2:
        parts += [rng.choice(NOUNS), rng.choice(QUALIFIERS)]  # a bound after the counted noun
    return " ".join(parts)


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(words))


def _text(rng: random.Random) -> str:
    """Sentences with figures clustered, or far apart, or at the text's edges."""
    sentences = []
    for _ in range(rng.randint(1, 12)):
        gap = rng.choice([0, 1, 2, 5, 10, 11, 12, 13, 14, 20, 40, 120])
        pieces = [_filler(rng, rng.randint(0, gap))]
        for _ in range(rng.randint(0, 4)):
            pieces += [_figure(rng), _filler(rng, rng.randint(0, gap))]
        sentence = " ".join(p for p in pieces if p)
        sentences.append(sentence + rng.choice([".", "،", "؟", ":", "", "\n", "\n- ", "\n1. "]))
    return rng.choice(["", "", "\n", "2. "]) + rng.choice([" ", "\n", " "]).join(sentences)


def _corpus(count: int) -> list[str]:
    rng = random.Random(SEED)
    return [_text(rng) for _ in range(count)]


CORPUS = _corpus(1500)


def test_the_corpus_is_large_and_has_far_and_near_figures():
    sentences = sum(text.count(".") + text.count("\n") + 1 for text in CORPUS)
    assert sentences > 5000
    spans = [candidates.windows(to_ascii_digits(text)) for text in CORPUS]
    assert sum(len(s) > 1 for s in spans) > 300  # texts whose figures lie in separate windows
    assert sum(len(s) == 1 for s in spans) > 100


@pytest.mark.slow  # an equivalence over the whole corpus, as the suite's others
@pytest.mark.parametrize("part", range(5))
def test_windows_find_the_quantities_of_the_full_scan(part):
    for text in CORPUS[part::5]:
        # never one window for a dense text here: every text read through its windows
        assert candidates.find_quantities(text, dense=2.0) == find_quantities(text), text


def test_every_token_read_as_a_number_starts_at_a_candidate():
    for text in CORPUS[::3]:
        starts = {start for start, _ in candidates.candidates(to_ascii_digits(text))}
        for token in tokenize(text):
            if token.kind == "num" or token.reading is not None:
                assert token.start in starts, (text[token.start : token.end], text)


def test_a_window_is_the_whole_texts_tokens_there():
    for text in CORPUS[:300]:
        digits = to_ascii_digits(text)
        whole = [(t.start, t.end, t.kind, t.key, t.line_start, t.in_date, t.blocked, t.reading) for t in tokenize(text)]
        for first, last in candidates.windows(digits):
            inside = [t for t in whole if first <= t[0] < last]
            window = [(t.start, t.end, t.kind, t.key, t.line_start, t.in_date, t.blocked, t.reading)
                      for t in tokenize(text, (first, last), digits)]
            assert window == inside, text


def test_a_text_with_figures_everywhere_and_one_with_none():
    assert candidates.windows("لا رقم في هذا النص") == []
    assert candidates.find_quantities("لا رقم في هذا النص") == []
    dense = " ".join(f"{n} جنود" for n in range(1, 60))
    assert candidates.find_quantities(dense) == find_quantities(dense)
    assert len(candidates.windows(to_ascii_digits(dense))) == 1


def _whole_scan(digits: str) -> list[tuple[int, int]]:
    """The candidates of one scan of the whole text by the candidate regex: what ``candidates``
    finds piece by piece."""
    return ([(0, 1)] if candidates._WORD_AT_RE.match(digits) else []) + candidates._scan(digits, 0, len(digits))


# pieces that open, close and glue number words: marks and tatweel inside and around a word,
# digits glued before and after, whitespace of every kind, a non-ASCII digit, a Latin letter
_PIECES = ["ثلاث", "خمسة", "ألف", "الف", "مليون", "و", "ب", "ال", "لل", "ة", "ـ", "\u064e", "\u0651", "1", "20",
           "٣", "\u0967", "5ر1", "_", "،", "x", " ", "  ", "\n", "\t", "\u00a0", "\u2009", "\u200f", "كلمة"]


def test_candidates_found_piece_by_piece_are_those_of_one_scan_of_the_whole_text():
    rng = random.Random(SEED)
    texts = CORPUS[::2] + ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in texts:
        digits = to_ascii_digits(text)
        assert candidates.candidates(digits) == _whole_scan(digits), repr(text)


@pytest.mark.parametrize("limit", ["_PIECES_SEEN_MAX", "_PIECES_CHARS_MAX"])
def test_candidates_are_the_same_once_the_pieces_seen_are_forgotten(monkeypatch, limit):
    monkeypatch.setattr(candidates, "_PIECES_SEEN", {})
    monkeypatch.setattr(candidates, "_PIECES_WITH", set())
    monkeypatch.setattr(candidates, "_pieces_chars", [0])
    monkeypatch.setattr(candidates, limit, 50)  # forgotten many times over the texts
    largest = 0
    for text in CORPUS[:200]:
        digits = to_ascii_digits(text)
        assert candidates.candidates(digits) == _whole_scan(digits), text
        pieces = set(digits.split(" "))
        largest = max(largest, len(pieces) if limit == "_PIECES_SEEN_MAX" else sum(map(len, pieces)))
    kept = candidates._PIECES_SEEN
    assert (len(kept) if limit == "_PIECES_SEEN_MAX" else candidates._pieces_chars[0]) <= max(50, largest)
    assert {piece for piece, found in kept.items() if found} == candidates._PIECES_WITH
