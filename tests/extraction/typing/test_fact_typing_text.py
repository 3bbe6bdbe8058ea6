"""A ``Text`` reads each distinct word once: the lookups the rules ask of every figure (a word's
roles, the situation it evokes, whether the text has a word at all) are cached per word or built
once per text. These check that the cached readings say exactly what a plain lookup of every
reading of every word says, on the news corpus and on sentences of their own.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from arqam.extraction.clean.article import clean_text
from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.read.documents import read_document
from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.text import Text, situation_of
from tests.news.extract import article_files

NEWS = Path(__file__).parents[2] / "news"


@cache
def news_texts() -> tuple[Text, ...]:
    texts = []
    for folder in ("tune", "blind"):
        for path in article_files(NEWS / folder)[::4]:  # a quarter of each set: every writer's style
            articles, _ = read_document(path.name, path.read_bytes())
            for article in articles:
                clean = clean_text(article.raw_text).text
                texts.append(Text(clean, split_sentences(clean)))
    return tuple(texts)


def text_of(sentence: str) -> Text:
    return Text(sentence, split_sentences(sentence))


def reference_roles(table: dict[str, str], keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(table[k] for k in keys if k in table)


def reference_situations(t: Text) -> list[tuple[int, str, str, str]]:
    """Every situation cue, word by word: the longest phrase a word begins (``situation_phrases.tsv``)
    whose words follow it in one clause, else the situation the word evokes alone."""
    found, skip_to = [], 0
    phrases = vocab.situation_phrases()
    for index, token in enumerate(t.tokens):
        if index < skip_to or t.in_quantity[index]:
            continue
        match = next(
            (
                (words, meaning)
                for key in token.keys
                for words, meaning in phrases.get(key, ())
                if index + len(words) <= len(t.tokens)
                and all(words[k] in t.tokens[index + k].keys and t.linked(index + k) for k in range(1, len(words)))
            ),
            None,
        )
        if match is not None:
            found.append((index, *match[1]))
            skip_to = index + len(match[0])
        elif situation_of(token.text) is not None:
            found.append((index, *situation_of(token.text)))
    return found


def test_the_news_corpus_sample_is_not_empty():
    assert len(news_texts()) >= 50
    assert sum(len(t.tokens) for t in news_texts()) > 20_000


def test_a_words_roles_are_those_of_its_readings():
    heads, continuations = vocab.count_heads(), vocab.continuation_words()
    seen = 0
    for t in news_texts():
        for i, token in enumerate(t.tokens):
            assert t.head_roles(i) == reference_roles(heads, token.keys), token.text
            assert t.continuation_roles(i) == reference_roles(continuations, token.keys), token.text
            seen += bool(t.head_roles(i)) + bool(t.continuation_roles(i))
    assert seen > 500  # the corpus has count heads (عدد، ارتفع) and continuations (منهم، آخرون)


@pytest.mark.parametrize("sentence, index, roles", [
    ("وما زال مصير نحو 1300 مختطف مجهولا", 2, {"fate"}),
    ("يتسع السجن الجديد لـ 6 آلاف نزيل", 0, {"capacity"}),
    ("ارتفع عدد القتلى إلى 40", 0, {"rise"}),
])
def test_a_count_heads_role(sentence, index, roles):
    assert text_of(sentence).head_roles(index) == roles


@pytest.mark.parametrize("sentence, index, role", [
    ("قتل 12 شخصا بينهم 4 أطفال", 3, "part"),
    ("قتل 12 شخصا، هم 5 من عناصر الأمن و7 مدنيين", 3, "they"),
    ("بلغ عددهم 900 من أصل 1200", 4, "whole"),
])
def test_a_continuations_role(sentence, index, role):
    assert role in text_of(sentence).continuation_roles(index)


def test_a_text_has_a_key_exactly_when_one_of_its_words_reads_so():
    forms = vocab.role_forms(frozenset({"capacity", "fate", "settled", "missing"}))
    answers = []
    for t in news_texts():
        expected = any(not forms.isdisjoint(token.keys) for token in t.tokens)
        assert t.has_any_key(forms) is expected
        answers.append(expected)
    assert any(answers) and not all(answers)  # both answers occur: the check can fail either way


def test_has_any_key_reads_every_reading_of_a_word():
    t = text_of("وما زالت الأسر تنتظر معرفة مصيرهم")
    assert not t.has_any_key(frozenset({"مصير"}))  # مصيرهم: no reading without the pronoun here
    assert t.has_any_key(frozenset({"اسر"}))  # الأسر without its article
    assert not t.has_any_key(frozenset({"سجن"}))


def test_situations_are_those_of_a_word_by_word_scan():
    cues = 0
    for t in news_texts():
        assert t.situations() == reference_situations(t)
        cues += len(t.situations())
    assert cues > 200


@pytest.mark.parametrize("sentence, cues", [
    # a phrase (مركز احتجاز) is one cue, at its first word: احتجاز alone is not read again
    ("نقل 40 معتقلا إلى مركز احتجاز في الحسكة", [(4, "prison")]),
    ("يقيم 300 شخص في المخيم منذ أشهر", [(4, "camp")]),  # a word alone
    ("وصل 300 شخص إلى المركز الطبي", []),  # مركز begins phrases, but evokes nothing alone
])
def test_situation_cues_of_a_sentence(sentence, cues):
    assert [(index, name) for index, name, *_ in text_of(sentence).situations()] == cues


def test_a_token_is_linked_in_its_clause_of_its_sentence_only():
    text = "قتل 5 جنود، وأصيب 3. وقال مصدر إن 4 فروا"
    t = Text(text, split_sentences(text))
    linked = [t.linked(i) for i in range(len(t.tokens))]
    expected = [i > 0 and not t.tokens[i].clause_break_before and t.token_sentence[i - 1] == t.token_sentence[i]
                for i in range(len(t.tokens))]
    assert linked == expected
    assert linked[:4] == [False, True, True, False]  # "وأصيب" after the comma opens a clause
    assert not t.linked(t.starts.index(text.index("وقال")))  # a new sentence
