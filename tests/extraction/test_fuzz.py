"""Fuzzing every public function of the core that takes text or bytes (hypothesis).

Inputs are untrusted: whatever the text, each function returns its documented
result (or raises only what its docstring documents), and every span it returns
lies inside its text, every offset map chains the derived text to its source.

Three kinds of text are drawn: any Unicode; text from the characters Arabic news
pages actually carry (letters, marks, tatweel, three digit scripts, separators,
bidi controls, presentation forms, page punctuation); and words of arqam's own
lexicons (number words, qualifiers, months, furniture phrases, actors ...) glued
by separators, which reach the deep paths of the parsers that random text never
does. Examples are bounded so the whole file runs in seconds.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from fractions import Fraction
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arqam.expectations.suites import suites
from arqam.extraction.claims.quantities import build_claims
from arqam.extraction.clean.article import clean_text
from arqam.extraction.clean.furniture import skeleton, strip_page_furniture
from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.facts.actors import actor_key, gazetteer, identify_actor, spelling_key, word_key
from arqam.extraction.facts.figures import distinct_facts
from arqam.extraction.numbers.digits import NUMBER, digits_value
from arqam.extraction.numbers.parser import find_quantities
from arqam.extraction.numbers.tokens import tokenize
from arqam.extraction.read.articles import REASONS, RawArticle, Rejection
from arqam.extraction.read.decode import decode_bytes
from arqam.extraction.read.documents import read_document
from arqam.extraction.read.html import html_to_article
from arqam.extraction.read.jsonl import sanitize_id
from arqam.extraction.read.mojibake import repair_mojibake
from arqam.extraction.tables.rows import clean_article_row, mention_rows
from arqam.extraction.text.arabic import NON_STANDARD_ARABIC_RE, arabic_share, fold, strip_diacritics, to_ascii_digits
from arqam.extraction.text.dates import find_dates
from arqam.extraction.text.lexicon import read_table
from arqam.extraction.text.offsets import OffsetMap
from arqam.extraction.typing import type_quantities
from arqam.extraction.typing.catalog import FACT_TYPES, OTHER, QUALIFIERS, QUANTITY_KINDS, allowed_type_unit_pairs

# ARQAM_FUZZ_EXAMPLES=2000 for a longer hunt; the default keeps the file to seconds
EXAMPLES = int(os.environ.get("ARQAM_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
FUZZ_FEW = settings(max_examples=max(1, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

# --- text strategies -----------------------------------------------------------------

NEWS_CHARACTERS = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"  # letters
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"  # harakat, hamza and madda marks
    "\u0640"  # tatweel
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    ".,،٫٬؛;:!?؟…-–—/|()[]{}«»\"'“”<>&@#%٪$*•+=_~"
    " \t\n\r\u00a0\u2009\u202f\u2028\x0b\x0c\x1c"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\u061c\u200c\u200d\ufeff"  # bidi, joiners, BOM
    "ﻻﻷﷲﺍﺑ"  # presentation forms
    "پچژگکیۀہ"  # Persian and Urdu letters
    "aAzZxFM"
    "\ue000\ue001\ue002\ufffd"  # private use (reading's sentinels), replacement character
)


@cache
def _lexicon_words() -> tuple[str, ...]:
    """First field of every language data file, split into words and phrases."""
    words: set[str] = set()
    for name in (
        "number_words.tsv", "scale_words.tsv", "qualifiers.tsv", "percent_words.tsv", "currencies.tsv",
        "months.tsv", "date_words.tsv", "counted_nouns.tsv", "furniture.tsv", "furniture_openers.tsv",
        "actors.tsv", "predicate_cues.tsv", "change_verbs.tsv", "attribution_cues.tsv",
    ):
        for row in read_table(name):
            for field in row[:3]:
                for phrase in re.split(r"[،,]", field):
                    phrase = phrase.strip()
                    if phrase and len(phrase) < 40:
                        words.add(phrase)
    return tuple(sorted(words))


SEPARATORS = [" ", " ", " ", "\n", "\n\n", "، ", ". ", ": ", " - ", " | ", "/", " و", "و", "ـ", "\u200f", "  ", "\t"]
FIGURES = ["2400", "٢٤٠٠", "۲۴۰۰", "2,400", "2.400", "1.5", "40 000", "26،013,94", "10:30", "2024", "24/08/2024",
           "[3]", "F-16", "+964 770 123 4567", "80%", "٪", "$", "1", "12", "100", "999999999999999999999"]

any_text = st.text(max_size=300)
news_text = st.text(alphabet=NEWS_CHARACTERS, max_size=300)
lexicon_text = st.lists(
    st.one_of(st.sampled_from(_lexicon_words()), st.sampled_from(FIGURES), st.sampled_from(SEPARATORS)),
    max_size=60,
).map("".join)
texts = st.one_of(any_text, news_text, lexicon_text)


def assert_map(offset_map: OffsetMap, derived: str, source: str) -> None:
    """The map chains ``derived`` to ``source``: lengths, monotone anchors, spans inside."""
    assert offset_map.derived_length == len(derived)
    assert offset_map.source_length == len(source)
    clean, raw = offset_map.to_lists()
    assert OffsetMap.from_lists(clean, raw) == offset_map  # non-decreasing, starts at (0, 0)
    previous = 0
    for position in range(0, len(derived) + 1, max(1, len(derived) // 40)):
        mapped = offset_map.to_source(position)
        assert previous <= mapped <= len(source)
        previous = mapped
    for start in range(0, len(derived), max(1, len(derived) // 10)):
        s, e = offset_map.span_to_source(start, min(len(derived), start + 7))
        assert 0 <= s <= e <= len(source)


# --- normalization, furniture, sentences, cleaning ---------------------------------------


@FUZZ
@given(texts)
def test_normalize_arabic(text):
    normalized, offset_map = normalize_arabic(text)
    assert isinstance(normalized, str)
    assert_map(offset_map, normalized, text)
    assert NON_STANDARD_ARABIC_RE.search(normalized) is None
    assert normalize_arabic(normalized)[0] == normalized  # idempotent


@FUZZ
@given(texts)
def test_strip_page_furniture(text):
    source = normalize_arabic(text)[0]  # what it is given in the pipeline (raw text: the next test)
    cleaned, offset_map, removed = strip_page_furniture(source)
    assert_map(offset_map, cleaned, source)
    for block in removed:
        assert 0 <= block.start <= block.end <= len(source)


@FUZZ
@given(texts)
def test_strip_page_furniture_on_unnormalized_text(text):
    cleaned, offset_map, removed = strip_page_furniture(text)
    assert_map(offset_map, cleaned, text)
    assert all(0 <= b.start <= b.end <= len(text) for b in removed)


@FUZZ
@given(texts)
def test_split_sentences(text):
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


@FUZZ
@given(texts)
def test_clean_text(raw):
    cleaned = clean_text(raw)
    assert_map(cleaned.offset_map, cleaned.text, raw)
    previous_end = 0
    for start, end in cleaned.sentences:
        assert previous_end <= start < end <= len(cleaned.text)
        previous_end = end
    for block in cleaned.removed:
        assert 0 <= block.start <= block.end <= len(raw)
        assert block.text == raw[block.start : block.end]


# --- numbers, dates, typing ---------------------------------------------------------------


@FUZZ
@given(texts)
def test_find_quantities(text):
    previous_start = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text) and q.text == text[q.start : q.end]
        assert q.start <= q.number_start <= q.number_end <= q.end
        assert q.start >= previous_start  # text order
        previous_start = q.start
        assert q.kind in QUANTITY_KINDS and q.qualifier in QUALIFIERS
        if q.value_min is not None:
            assert q.value_min <= q.value
        if q.value_max is not None:
            assert q.value <= q.value_max


@FUZZ
@given(texts)
def test_tokenize(text):
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text)


@FUZZ
@given(st.from_regex(NUMBER, fullmatch=True).filter(lambda s: len(s) < 60), st.booleans())
def test_digits_value(raw, before_scale):
    value = digits_value(raw, before_scale)
    assert value is None or isinstance(value, Fraction)


@FUZZ
@given(texts)
def test_find_dates(text):
    previous_end = 0
    for date in find_dates(text):
        assert previous_end <= date.start < date.end <= len(text)
        assert date.text == text[date.start : date.end]
        assert date.year is None or isinstance(date.year, int)
        previous_end = date.end


@FUZZ
@given(texts)
def test_type_quantities(text):
    sentences = split_sentences(text)
    for m in type_quantities(text, sentences):
        assert 0 <= m.evidence_start <= m.quantity.start < m.quantity.end <= m.evidence_end <= len(text)
        assert m.fact_type == OTHER or m.fact_type in FACT_TYPES
        assert not sentences or 0 <= m.sentence_index < len(sentences)
        assert isinstance(m.actor, str) and isinstance(m.attribution, str) and m.rule


@FUZZ
@given(texts)
def test_type_quantities_without_sentences(text):
    for m in type_quantities(text, []):
        assert 0 <= m.evidence_start <= m.quantity.start < m.quantity.end <= m.evidence_end <= len(text)


# --- actors, folding ---------------------------------------------------------------------


@FUZZ
@given(texts)
def test_actors_and_keys(text):
    actor = identify_actor(text)
    assert actor is None or (actor.key and actor.english)
    assert isinstance(actor_key(text), str) and isinstance(spelling_key(text), str)
    for word in text.split()[:10]:
        assert isinstance(word_key(word), str)


@FUZZ
@given(texts)
def test_folding(text):
    assert len(to_ascii_digits(text)) == len(text)
    assert isinstance(fold(text), str) and isinstance(strip_diacritics(text), str)
    assert isinstance(skeleton(text), str)


# --- the stages' rows, end to end ----------------------------------------------------------


@FUZZ_FEW
@given(texts)
def test_rows_facts_and_claims(raw):
    sha = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    row = clean_article_row("a1", sha, raw)
    clean = row["clean_text"]
    offset_map = OffsetMap.from_lists(row["map_clean"], row["map_raw"])
    assert_map(offset_map, clean, raw)
    sentences = list(zip(row["sentence_starts"], row["sentence_ends"]))
    mentions = mention_rows("a1", sha, clean, sentences, offset_map)
    for m in mentions:
        assert clean[m["start_offset"] : m["end_offset"]] == m["surface"]
        assert clean[m["evidence_start"] : m["evidence_end"]] == m["evidence"]
        assert 0 <= m["raw_start"] <= m["raw_end"] <= len(raw)
    facts = distinct_facts(mentions)
    assert {f["fact_type"] for f in facts} <= set(FACT_TYPES)
    claims = build_claims(facts)
    assert sorted(i for c in claims for i in c["fact_ids"]) == sorted(f["fact_id"] for f in facts)


@FUZZ
@given(st.lists(st.integers(-3, 50), max_size=8), st.lists(st.integers(-3, 50), max_size=8))
def test_offset_map_from_any_lists(derived, source):
    try:
        offset_map = OffsetMap.from_lists(derived, source)
    except ValueError:
        return  # the documented refusal
    for position in range(-2, offset_map.derived_length + 3):
        assert 0 <= offset_map.to_source(position) <= offset_map.source_length


# --- no article can stop a stage ----------------------------------------------------------
#
# A blocking check that fails stops its stage for the whole batch, and the article stays
# pending: one untrusted sentence ("وصل 0 جندي"، "300 دولة") would stop every article's facts,
# run after run. Whatever the text, the rows the core makes of it pass the suites' row checks.


def _suite_regex(table: str, check: str) -> re.Pattern:
    spec = next(e for e in suites()[table].expectations if e.name == check)
    return re.compile(spec.kwargs["regex"])


def assert_rows_pass_the_suites(raw: str) -> None:
    sha = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    row = clean_article_row("a1", sha, raw)
    clean = row["clean_text"]
    assert not _suite_regex("clean_articles", "no_page_furniture_left").search(clean)
    assert not _suite_regex("clean_articles", "standard_arabic_letters_only").search(clean)
    assert 0 <= row["arabic_ratio"] <= 1
    offset_map = OffsetMap.from_lists(row["map_clean"], row["map_raw"])
    sentences = list(zip(row["sentence_starts"], row["sentence_ends"]))
    mentions = mention_rows("a1", sha, clean, sentences, offset_map)
    for m in mentions:
        assert m["fact_type"] in FACT_TYPES or m["fact_type"] == OTHER
        assert m["kind"] in QUANTITY_KINDS and m["qualifier"] in QUALIFIERS and m["rule"].strip()
        assert m["end_offset"] > m["start_offset"]
        assert m["value_min"] is None or m["value"] >= m["value_min"]
        assert m["value_max"] is None or m["value_max"] >= m["value"]
    pairs = set(allowed_type_unit_pairs())
    known = {(actor.key, actor.english) for actor, _, _ in gazetteer()}
    for f in distinct_facts(mentions):
        assert 0 < f["value"] <= FACT_TYPES[f["fact_type"]].plausible_max, f
        assert (f["fact_type"], f["unit"]) in pairs and f["qualifier"] in QUALIFIERS
        assert f["evidence"].strip() and f["actor_key"] is not None
        named = identify_actor(f["actor"])
        assert f["actor_en"] == (named.english if named else None)
        assert f["actor_en"] is None or (f["actor_key"], f["actor_en"]) in known


@FUZZ_FEW
@given(texts)
def test_no_text_fails_a_row_check_of_a_later_stage(raw):
    assert_rows_pass_the_suites(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "قالت الوزارة إن 0 جندي وصلوا.",  # zero
        "شارك 300 دولة في التحالف.",  # more countries than exist
        "ارتفعت بنسبة 20000 في المائة.",
        "قتل سالب خمسة جنود.",  # negative
        "أرسلت واشنطن 6 ملايين جندي إلى العراق.",  # a typo of a zero too many
        "قالت الوزارة إن 999999999999 جندي وصلوا.",
    ],
)
def test_implausible_figures_are_mentions_not_facts(raw):
    assert_rows_pass_the_suites(raw)
    row = clean_article_row("a1", "s", raw)
    mentions = mention_rows("a1", "s", row["clean_text"], list(zip(row["sentence_starts"], row["sentence_ends"])),
                            OffsetMap.from_lists(row["map_clean"], row["map_raw"]))
    assert mentions and all(m["fact_type"] == OTHER and m["rule"].startswith("implausible_value:") for m in mentions)


@pytest.mark.parametrize("raw", ["وٓ", "يٓ", "قال وٓ 300 جندي", "ىٕ"])
def test_marks_that_compose_nothing_are_removed(raw):
    """Found by this file: waw + madda matched the composition pattern, had no composed letter, and raised."""
    normalized, offset_map = normalize_arabic(raw)
    assert_map(offset_map, normalized, raw)
    assert NON_STANDARD_ARABIC_RE.search(normalized) is None


@pytest.mark.parametrize(
    "raw",
    ["اقرأ أيضا", "The Pentagon said 2,500 US troops remain in Iraq after 160 attacks.", "اقرأ أيضا\nEnglish only here 300"],
)
def test_an_article_that_cleans_to_nothing_says_what_it_cut_and_gives_no_fact(raw):
    """Reading keeps it (a page of links only, an English wire); cleaning empties it by cuts, each with its reason."""
    assert read_document("inbox/a.txt", raw.encode("utf-8"))[0], "reading keeps it"
    assert_rows_pass_the_suites(raw)
    row = clean_article_row("a1", "s", raw)
    assert row["clean_text"].strip() == "" and row["removed"] and all(cut["reason"] for cut in row["removed"])
    assert mention_rows("a1", "s", row["clean_text"], [], OffsetMap.from_lists(row["map_clean"], row["map_raw"])) == []


# --- reading untrusted bytes ---------------------------------------------------------------

SAFE_ID = re.compile(r"[A-Za-z0-9_.\-\u0600-\u06FF]+")
SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".ndjson", ".TXT", ".json", ".zip", ""]
PREFIXES = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"PK\x03\x04", b"\x1f\x8b", b"%PDF", b"<html>",
            b'{"text": "', b"\x00", b"\xff"]

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
json_records = st.dictionaries(
    st.sampled_from(["id", "article_id", "guid", "url", "link", "title", "text", "content", "body", "article", "html",
                     "published", "date", "x"]),
    st.one_of(texts, json_values),
    max_size=6,
)


def _jsonl(records: list, junk: list[str]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=bool(i % 2)) for i, r in enumerate(records)] + junk
    return "\n".join(lines).encode("utf-8", "surrogatepass")


raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=300)).map(lambda p: p[0] + p[1]),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(texts, st.sampled_from(["utf-16-le", "utf-16-be", "cp1256", "iso8859_6", "utf-8"])).map(
        lambda p: p[0].encode(p[1], "replace")
    ),
    st.tuples(st.lists(json_records, max_size=4), st.lists(texts, max_size=2)).map(lambda p: _jsonl(*p)),
)


def assert_documented(source_path: str, articles: list, rejections: list) -> None:
    assert isinstance(articles, list) and isinstance(rejections, list)
    for article in articles:
        assert isinstance(article, RawArticle)
        assert SAFE_ID.fullmatch(article.article_id) and not article.article_id.startswith(".")
        assert article.article_id not in (".", "..") and len(article.article_id) <= 120
        assert article.raw_text.strip()
        encoded = article.raw_text.encode("utf-8")  # valid Unicode: no lone surrogate reaches the warehouse
        assert article.sha256 == hashlib.sha256(encoded).hexdigest()
        assert article.source_path == source_path
    for rejection in rejections:
        assert isinstance(rejection, Rejection)
        assert rejection.reason in REASONS and rejection.message
        # the catch-all of read_document is for reader bugs: fuzzing must not reach it
        assert "could not be read" not in rejection.message, rejection.message


@FUZZ
@given(st.sampled_from(SUFFIXES), raw_bytes)
def test_read_document_any_bytes(suffix, data):
    source_path = f"feeds/file{suffix}"
    articles, rejections = read_document(source_path, data)
    assert_documented(source_path, articles, rejections)
    assert articles or rejections  # nothing is dropped silently


@FUZZ
@given(st.lists(json_records, min_size=1, max_size=5))
def test_read_document_json_lines(records):
    articles, rejections = read_document("in/feed.jsonl", _jsonl(records, []))
    assert_documented("in/feed.jsonl", articles, rejections)
    assert len(articles) + len(rejections) == len(records)  # one outcome per record


@FUZZ
@given(st.lists(st.one_of(texts, st.sampled_from(["<p>", "</p>", "<br>", "<div>", "<script>", "<article>", "<a href='x'>",
                                                   "&#xe002;", "&#xe000;", "&amp;", "<!--", "-->", "<title>", "<meta charset='cp1256'>"])),
                max_size=30).map("".join))
def test_html_to_article(markup):
    text, title, url, published = html_to_article(markup)
    assert isinstance(text, str)
    assert all(v is None or isinstance(v, str) for v in (title, url, published))
    assert not set(text) & {"\ue000", "\ue001", "\ue002"}  # the flattening sentinels never leak out


@FUZZ
@given(texts)
def test_sanitize_id(value):
    cleaned = sanitize_id(value)
    assert cleaned == "" or SAFE_ID.fullmatch(cleaned)
    assert len(cleaned) <= 120
    assert not cleaned.startswith((".", "-", "_")) and not cleaned.endswith((".", "-", "_"))


@pytest.mark.parametrize("value", ["../../etc/passwd", "..\\..\\windows\\system32", "/etc/passwd", "a\x00b", "..", ".",
                                   "C:\\x", "~/.ssh/id_rsa", "%2e%2e%2f", "a/../../b", "\u202e/..", "x" * 5000])
def test_sanitize_id_leaves_no_path(value):
    cleaned = sanitize_id(value)
    assert "/" not in cleaned and "\\" not in cleaned and "\x00" not in cleaned and ":" not in cleaned
    assert cleaned not in (".", "..") and len(cleaned) <= 120


@FUZZ
@given(st.sampled_from(["txt", "html", "jsonl"]), raw_bytes)
def test_decode_bytes(source_format, data):
    decoded = decode_bytes(data, source_format)
    assert (decoded.text is None) == bool(decoded.problem)
    assert decoded.text is None or isinstance(decoded.text, str)


mojibake = st.one_of(texts, texts.map(lambda t: t.encode("utf-8", "surrogatepass").decode("cp1256", "replace")),
                     texts.map(lambda t: t.encode("utf-8", "surrogatepass").decode("latin-1")))


@FUZZ
@given(mojibake)
def test_repair_mojibake_and_arabic_share(text):
    repair = repair_mojibake(text)
    assert isinstance(repair.text, str) and repair.restored >= 0
    share, letters = arabic_share(text)
    assert 0 <= share <= 1 and letters >= 0


@FUZZ
@given(texts)
def test_data_docs_escaping_round_trips(value):
    """What GX (and so Data Docs) is given has no markup; what comes back is the value itself."""
    import html

    import pandas as pd

    from arqam.expectations.gx_bridge import escape_text, unescape_values

    escaped = escape_text(pd.DataFrame({"v": [value]}))["v"].iloc[0]
    assert "<" not in escaped and ">" not in escaped
    assert escaped == html.escape(value, quote=False)
    assert unescape_values(escaped) == value and unescape_values([escaped, (escaped,)]) == [value, (value,)]

