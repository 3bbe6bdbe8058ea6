"""Fact typing tokenizes only the sentences its rules read (``Text(..., reach)``, ``mentions.READ``)
and types every figure exactly as when it tokenizes the whole text: on a large corpus generated
from the project's own vocabulary, with figures far apart and clustered, speakers named and bare
("وأضاف أن") a few sentences before a figure, places an article is about (camps, prisons) in its
lead or just before a figure, continuations (منهم، منها) in the sentence after, dates, quotes and
brackets at sentence edges, and sentences with no word at all ("***"). A reach one narrower than
``READ`` (or no margin) changes some mention here, so the corpus holds each reach to its width."""
from __future__ import annotations

import random

import pytest

from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.text.lexicon import read_table
from arqam.extraction.typing import mentions
from arqam.extraction.typing import text as typing_text
from arqam.extraction.typing.mentions import READ, type_quantities
from arqam.extraction.typing.text import Reach, Text, read_spans

SEED = 1818


def _forms(table: str, column: int, limit: int = 0) -> list[str]:
    forms = sorted({form for row in read_table(table) if len(row) > column for form in row[column].split()})
    return forms[:limit] if limit else forms


def _forms_of(table: str, kind: str, column: int) -> list[str]:
    return sorted({form for row in read_table(table) if row[0] == kind for form in row[column].split()})


NOUNS = _forms("counted_nouns.tsv", 2)
CUES = _forms("predicate_cues.tsv", 1)
SPEECH = _forms_of("attribution_cues.tsv", "speech", 1)
SOURCES = _forms_of("attribution_cues.tsv", "source", 1)
PARTICIPLES = _forms_of("attribution_cues.tsv", "participle", 1)
PLACES = [form for kind in ("camp", "prison", "return", "amnesty") for form in _forms_of("situations.tsv", kind, 6)]
PARTS = _forms_of("continuations.tsv", "part", 1)
NUMBER_WORDS = _forms("number_words.tsv", 0)
SPEAKERS = ["المتحدث باسم وزارة الدفاع", "مصدر أمني", "الشرطة المحلية", "قائد العمليات اللواء سعد",
            "وزارة الداخلية", "المرصد", "مسؤول عسكري رفيع"]
FILLER = ["في", "المدينة", "أمس", "القوات", "الأمنية", "المنطقة", "الحدود", "خلال", "الأسبوع", "الماضي",
          "بعد", "هجوم", "على", "قرية", "شمالي", "البلاد", "وسط", "اشتباكات", "مع", "مسلحين"]
WORDLESS = ["***", "—", "...", "(صورة)", "«»"]
ENDS = [". ", ".\n", "\n", "؟ ", "! ", "… ", ".» ", ".) ", "\n\n"]
OPENERS = ["", "", "", "«", "(", "- ", "و"]


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(words))


def _figure(rng: random.Random) -> str:
    number = str(rng.choice([rng.randint(2, 9), rng.randint(10, 999), rng.randint(1000, 50000)]))
    if rng.random() < 0.25:
        number = rng.choice(NUMBER_WORDS)
    parts = [rng.choice(CUES) if rng.random() < 0.7 else "", number, rng.choice(NOUNS)]
    if rng.random() < 0.2:
        parts.insert(1, rng.choice(["نحو", "أكثر من", "قرابة"]))
    if rng.random() < 0.2:
        parts.append(f"عام {rng.randint(2010, 2026)}")
    return " ".join(p for p in parts if p)


def _sentence(rng: random.Random, figures: bool) -> str:
    """A sentence with or without figures: a speaker's, a bare speaker's, a place's, a list's, or plain."""
    roll = rng.random()
    body = _filler(rng, rng.randint(0, 8))
    if figures:
        body = " ".join([body] + [_figure(rng) + "، " + _filler(rng, rng.randint(0, 6)) for _ in range(rng.randint(1, 3))])
    if roll < 0.2:
        body = f"{rng.choice(SPEECH)} {rng.choice(SPEAKERS)} إن {body}"
    elif roll < 0.32:
        body = f"و{rng.choice(SPEECH)} أن {body}"  # a bare verb: the speaker of the sentences before
    elif roll < 0.4:
        body = f"{body}، {rng.choice(SOURCES)} {rng.choice(SPEAKERS)}"
    elif roll < 0.45:
        body = f"{body}، {rng.choice(PARTICIPLES)} أن {_filler(rng, 3)}"
    elif roll < 0.6:
        body = f"{body} {rng.choice(['في', 'داخل', 'إلى'])} {rng.choice(PLACES)} {_filler(rng, 2)}"
    elif roll < 0.7 and figures:
        body = f"{body}، {rng.choice(PARTS)} {rng.randint(2, 20)} {rng.choice(NOUNS)}"
    elif roll < 0.75:
        body = f"{body} في {rng.randint(1, 28)} {rng.choice(['يناير', 'آذار', 'أكتوبر'])} {rng.randint(2015, 2026)}"
    return rng.choice(OPENERS) + body.strip()


def _text(rng: random.Random) -> str:
    """A headline, a lead and a body whose figures are a few sentences apart or many."""
    share = rng.choice([0.05, 0.15, 0.3, 0.6])
    pieces = []
    for index in range(rng.randint(3, 30)):
        if rng.random() < 0.06:
            sentence = rng.choice(WORDLESS)
        else:
            sentence = _sentence(rng, figures=(index > 0 or rng.random() < 0.3) and rng.random() < share)
        pieces.append(sentence + rng.choice(ENDS))
    return "".join(pieces).strip()


CORPUS = [_text(random.Random(f"{SEED}:{i}")) for i in range(1200)]


def _typed(text: str, reach: Reach | None, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(mentions, "READ", reach)
        return type_quantities(text, split_sentences(text))


def _differing(texts: list[str], reach: Reach | None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [text for text in texts if _typed(text, reach, monkeypatch) != _typed(text, None, monkeypatch)]


def test_the_corpus_has_texts_read_in_part_and_figures_of_every_kind():
    partial = 0
    typed: set[str] = set()
    attributed = as_of = 0
    for text in CORPUS[::4]:
        sentences = split_sentences(text)
        t = Text(text, sentences)
        spans = read_spans(text, sentences, t.quantities, READ)
        partial += sum(last - first for first, last in spans) < len(text) * 0.7
        for m in type_quantities(text, sentences):
            typed.add(m.fact_type)
            attributed += bool(m.attribution)
            as_of += bool(m.as_of)
    assert partial > 60  # texts of which typing reads less than 70%
    assert {"killed", "wounded", "detained", "displaced"} <= typed
    assert attributed > 200 and as_of > 20


@pytest.mark.slow  # an equivalence over the whole corpus, as the suite's others
@pytest.mark.parametrize("part", range(4))
def test_typing_its_sentences_types_as_typing_the_whole_text(part, monkeypatch):
    assert _differing(CORPUS[part::4], READ, monkeypatch) == []


def test_typing_its_sentences_types_the_shipped_kinds_of_text(monkeypatch):
    assert _differing(CORPUS[::10], READ, monkeypatch) == []


@pytest.mark.parametrize(
    "narrower",
    [Reach(READ.before - 1, READ.lead), Reach(READ.before, READ.lead - 1)],
    ids=["one sentence less before a figure", "one sentence less of the lead"],
)
def test_a_narrower_reach_types_some_figure_otherwise(narrower, monkeypatch):
    # without the margin, which would read the sentence a narrower reach leaves out
    monkeypatch.setattr(typing_text, "MARGIN_SENTENCES", 0)
    assert _differing(CORPUS[:600], narrower, monkeypatch)


def test_the_margin_reads_the_word_after_a_figure_that_ends_its_sentence(monkeypatch):
    """"«الأبطال 300." then a quote in the next sentence: whether the number ends a quoted name
    depends on the text up to the next word (``clues.quoted_name``), in the sentence after."""
    calm = "عاد الهدوء إلى المدينة بعد أيام من التوتر"
    text = ". ".join([calm] * 6 + ["وصل الوفد إلى «الأبطال 300", "وقال السكان «نريد الأمان» في المدينة"] + [calm] * 3) + "."
    assert _differing([text], READ, monkeypatch) == []
    monkeypatch.setattr(typing_text, "MARGIN_SENTENCES", 0)
    assert _differing([text], READ, monkeypatch) == [text]


def test_a_text_all_of_whose_sentences_are_read_is_one_span():
    text = "قتل 5 جنود. وأصيب 3 آخرون."
    sentences = split_sentences(text)
    assert read_spans(text, sentences, Text(text, sentences).quantities, READ) == [(0, len(text))]
    far = ". ".join(["عاد الهدوء إلى المدينة"] * 12 + ["قتل 5 جنود في هجوم"] + ["عاد الهدوء إلى المدينة"] * 12)
    sentences = split_sentences(far)
    spans = read_spans(far, sentences, Text(far, sentences).quantities, READ)
    # the lead and its margin; the figure's sentence, READ.before before it, and a margin on each side
    assert [(sentences.index(next(s for s in sentences if s[0] == a)), sentences.index(next(s for s in sentences if s[1] == b)))
            for a, b in spans] == [(0, READ.lead), (12 - READ.before - 1, 13)]
