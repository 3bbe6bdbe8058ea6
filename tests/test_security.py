"""Untrusted input: linear-time regexes, no writes outside the warehouse and reports, no
decompression, parameterized SQL, escaped HTML, no code execution.

* Every compiled regex of the core is run the way arqam runs it (a scan, a match at a
  line start, a full match) on text crafted against it -- long runs of what it loops on,
  near misses, tatweel and marks, digit runs with separators, whitespace -- and must take
  linear time (``tests/complexity.py``: growth ratios, never absolute times). The public
  functions are measured the same way on the inputs that reach those regexes.
* One pipeline run over a hostile inbox: ids and urls that are paths, SQL, script;
  archive bombs under text extensions; a link out of the inbox. Nothing lands outside
  the run's folders, ids are safe names, SQL text is data, Data Docs escape what they show.
* Static audits of the source: SQL built from strings interpolates only whitelisted
  identifiers; nothing evaluates, unpickles or runs a program.
"""
from __future__ import annotations

import ast
import bz2
import contextlib
import gzip
import importlib
import json
import lzma
import os
import re
import struct
import tracemalloc
import uuid
import zlib
from pathlib import Path

import pandas as pd
import pytest

from arqam.extraction.clean import furniture
from arqam.extraction.clean.article import clean_text
from arqam.extraction.clean.furniture import strip_page_furniture
from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.facts.actors import identify_actor
from arqam.extraction.numbers import candidates
from arqam.extraction.numbers.parser import find_quantities
from arqam.extraction.read import mojibake
from arqam.extraction.read.documents import read_document
from arqam.extraction.read.html import html_to_article
from arqam.extraction.read.jsonl import sanitize_id
from arqam.extraction.text import dates
from arqam.extraction.text.dates import find_dates
from arqam.extraction.typing import type_quantities
from arqam.pipelines.settings import PROJECT_ROOT
from arqam.warehouse.store import Warehouse
from tests.complexity import assert_linear
from tests.conftest import make_settings, run_pipeline

SOURCE_PACKAGES = ("extraction", "assets", "expectations", "warehouse", "pipelines")


def repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


# ---------------------------------------------------------------------------------------
# 1. Regexes: every compiled pattern, the way it is used, on input crafted against it
# ---------------------------------------------------------------------------------------

SCAN, MATCH, FULL = "scan", "match", "fullmatch"  # finditer/search/sub/split | match at 0 | fullmatch


def _suite_regexes() -> dict[str, str]:
    from arqam.expectations.suites import suites

    return {
        f"{table}.{spec.name}": spec.kwargs["regex"]
        for table, suite in suites().items()
        for spec in suite.expectations
        if "regex" in spec.kwargs
    }


def _resolve(name: str) -> re.Pattern:
    """``module:attribute`` (or a furniture phrase pattern, a heading, a date pattern, a suite's regex)."""
    if name.startswith("phrases:"):
        return getattr(furniture._phrases(), name.split(":", 1)[1])
    if name.startswith("heading:"):
        return furniture._heading_regexes()[name.split(":", 1)[1]]
    if name.startswith("date:"):
        return dict(dates._PATTERNS)[name.split(":", 1)[1]]
    if name.startswith("mojibake:"):
        index, field = name.split(":")[1:]
        return getattr(mojibake._mojibake_kinds()[int(index)], field)
    if name.startswith("suite:"):
        return re.compile(_suite_regexes()[name.split(":", 1)[1]])
    if name.startswith("inline:"):
        return re.compile(INLINE[name])
    module, attribute = name.split(":")
    value = getattr(importlib.import_module(module), attribute.split("[")[0])
    return value[int(attribute.split("[")[1].rstrip("]"))] if "[" in attribute else value


# Patterns written inline in calls (re.split(r"...", ...)).
INLINE = {
    "inline:digits.digits_value": r"[.,٫٬،\s]",
    "inline:store._column": r"[a-z_][a-z0-9_]*",
}

W = "بغداد"  # a word
# (how it is used, [(unit repeated to the length, tail)]): each unit is what the pattern loops on,
# each tail the near miss that makes the attempt fail at the very end.
REGEXES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # numbers
    "arqam.extraction.numbers.tokens:_TOKEN_RE": (SCAN, [("1,", "x"), ("1 000", " 0000"), ("1\u202a,\u202a", "x"), ("١٬", "."), ("بـ", "1")]),
    "arqam.extraction.numbers.not_amounts:_LATIN_CHUNK_RE": (SCAN, [("1", "!"), ("ب1", "<"), ("1-", " "), ("~1", "")]),
    "arqam.extraction.numbers.digits:_NUMBER_RE": (SCAN, [("1,", "x"), ("1 000", " 0000"), ("1\u202a,\u202a", "x"), ("1", ""), ("1ر", "ر")]),
    "arqam.extraction.numbers.not_amounts:_URL_RE": (SCAN, [("www.", ""), ("http://", " ")]),
    "arqam.extraction.numbers.not_amounts:_ASCII_LETTER_RE": (SCAN, [("ب", "1")]),
    "arqam.extraction.numbers.not_amounts:_PHONE_RE": (SCAN, [("+1 ", "x"), ("00 12", "3"), ("0770 123 ", "1"), ("+", "1234567")]),
    "arqam.extraction.numbers.digits:_BIDI_RE": (SCAN, [("\u202a", "x")]),
    "arqam.extraction.numbers.parser:_BOUND_JOINER_RE": (FULL, [(" ", "x"), (" ، ", "!"), ("\n", "و!"), ("\u00a0", "ا")]),
    "arqam.extraction.numbers.candidates:_CANDIDATE_RE": (
        SCAN, [(" ", "x"), ("\u064e", "x"), ("\u064e\u0640", "ثلاث"), (" ثلاث", "x"), (" والال", "x"), ("1", "x"), ("، وب", "ال")]),
    "arqam.extraction.numbers.candidates:_WORD_AT_RE": (MATCH, [("\u064e", "x"), ("وال", "x"), ("ث\u064e", "x")]),
    "arqam.extraction.numbers.candidates:_DIGIT_RUN_RE": (SCAN, [("1", "x"), ("1 ", "")]),
    "arqam.extraction.numbers.candidates:_REACH_RE": (MATCH, [(" ", "x"), ("\n", ""), ("ا", " "), (" \n", "")]),
    "inline:digits.digits_value": (SCAN, [("1.", "x")]),
    "arqam.extraction.numbers.digits:_LONG_RUN_RE": (SCAN, [("1", "x"), ("1 ", "x"), ("1" * 17 + "x", "")]),
    # normalization, sentences, arabic
    "arqam.extraction.clean.normalize:_CHANGING_RE": (SCAN, [("ا\u0654", "x"), ("\u064e", "ب"), ("ﻻ", ""), ("\r", "\n"), ("و\u0653", "")]),
    "arqam.extraction.clean.normalize:_WHITESPACE_RE": (SCAN, [("\n" + " " * 50, "x"), (" \t", "x"), ("\n \n", "x"), (" ", "x"), ("\t", " x")]),
    "arqam.extraction.clean.normalize:_CHANGE_START_RE": (SCAN, [("ب", "\u064e"), ("ا", "\u0654"), ("\r", "x")]),
    "arqam.extraction.clean.sentences:_LINE_RE": (SCAN, [("x", "\n")]),
    "arqam.extraction.clean.sentences:_END_RE": (SCAN, [(".", "\"x"), ("!؟…", "»")]),
    "arqam.extraction.clean.sentences:_INITIAL_RE": (SCAN, [("ب ", "ب"), ("«", "ب")]),
    "arqam.extraction.clean.sentences:_LIST_NUMBER_RE": (MATCH, [("1", "x")]),
    "arqam.extraction.text.arabic:_DIACRITICS_RE": (SCAN, [("\u064eـ", "x")]),
    "arqam.extraction.text.arabic:NON_STANDARD_ARABIC_RE": (SCAN, [("ب", "\u064e")]),
    "arqam.extraction.text.arabic:_NON_ASCII_DIGIT_RE": (SCAN, [("ب", "١")]),
    "arqam.extraction.text.arabic:_ARABIC_LETTER_RE": (SCAN, [("x", "ب")]),
    "arqam.extraction.text.arabic:_ARABIC_LETTERS_RE": (SCAN, [("ب", "x"), ("بـ", "")]),
    "arqam.extraction.facts.actors:_WORD_RE": (SCAN, [("بـ", " ")]),
    # fact typing
    "arqam.extraction.typing.text:_TOKEN_RE": (SCAN, [("1.", "x"), ("1,1", ".")]),
    "arqam.extraction.typing.text:_CLAUSE_BREAK_RE": (SCAN, [("ب", ".")]),
    "arqam.extraction.typing.text:_STRONG_BREAK_RE": (SCAN, [("ب", ".")]),
    "arqam.extraction.typing.text:QUOTE_RE": (SCAN, [("ب", "«")]),
    "arqam.extraction.typing.text:_PUNCT_RE": (SCAN, [("ب", "،")]),
    "arqam.extraction.typing.text:_OPEN_QUOTE_RE": (SCAN, [("ب", "«"), ("\"", "x")]),
    "arqam.extraction.typing.text:_BRACKETED_DIGIT_RE": (SCAN, [("(", "x"), ("(1", " ")]),
    "arqam.extraction.typing.text:_WORD_CHAR_RE": (SCAN, [(". ", "ب"), ("_", "\u0670"), ("«»", "")]),
    # furniture: lines and their parts
    "arqam.extraction.clean.furniture:_WORD_RE": (SCAN, [("بـ", "_")]),
    "arqam.extraction.clean.furniture:_LETTERS_RE": (SCAN, [("ب\u064e", "1")]),
    "arqam.extraction.clean.furniture:_ARABIC_LETTER_RE": (SCAN, [("x", "ب")]),
    "arqam.extraction.clean.furniture:_BULLET_RE": (MATCH, [(" ", "x"), ("\n", "•x")]),
    "arqam.extraction.clean.furniture:_NAV_SEPARATOR_RE": (SCAN, [("&gt", ";"), ("|", "x"), ("ب", "&raquo")]),
    "arqam.extraction.clean.furniture:_TICKER_RE": (MATCH, [(" ", "x"), ("ب", "\n|"), (" ب", "x")]),
    "arqam.extraction.clean.furniture:_TICKER_SEPARATORS_RE": (SCAN, [("ب", "x"), (". ..", ". ")]),
    "arqam.extraction.clean.furniture:_DEGREES_RE": (SCAN, [("1", "x"), (" °", "x"), ("1 ", "ب")]),
    "arqam.extraction.clean.furniture:_RATE_RE": (SCAN, [("1", "x"), ("1,", "="), ("1 ب", " ="), ("ب", "1 =")]),
    "arqam.extraction.clean.furniture:_SQUARE_CREDIT_RE": (SCAN, [("[", "]x"), (" [ب", "]\n")]),
    "arqam.extraction.clean.furniture:_PAREN_CREDIT_RE": (SCAN, [("(", ")x"), (" (ب", ")\n")]),
    "arqam.extraction.clean.furniture:_DASH_CREDIT_RE": (SCAN, [(" - ", "\n"), (" -ب", "|")]),
    "arqam.extraction.clean.furniture:_PARENTHESIZED_RE": (FULL, [(" -", "(x"), ("((", ")x")]),
    "arqam.extraction.clean.furniture:_DIGIT_RE": (SCAN, [("ب", "1")]),
    "arqam.extraction.clean.furniture:_CLOCK_RE": (SCAN, [("1:", "x"), (":1", "1")]),
    "arqam.extraction.clean.furniture:_TIME_OR_DATE_RE": (SCAN, [("1:", "x"), ("1/1", "/"), ("1-", "x")]),
    "arqam.extraction.clean.furniture:_TRAILING_NUMBER_RE": (SCAN, [(" 1", "x"), ("1,000", ","), (" !! 1", "ب")]),
    "arqam.extraction.clean.furniture:_INLINE_MARKUP_RE": (SCAN, [("<a ", ">"), ("<!--", "x"), ("&#", "x"), ("[a ", "x"), ("a@", "b.c"),
                                                      ("www.", " "), ("pic.twitter.com/", "x")]),
    # the parts of _INLINE_MARKUP_RE, each alone too
    "arqam.extraction.clean.furniture:_TAG_RE": (SCAN, [("<a ", ">"), ("<!--", "x"), ("</a" + " " * 20, "<")]),
    "arqam.extraction.clean.furniture:_ENTITY_RE": (SCAN, [("&#", "x"), ("&ab", "")]),
    "arqam.extraction.clean.furniture:_SHORTCODE_RE": (SCAN, [("[a ", "x"), ("[/ab", "[")]),
    "arqam.extraction.clean.furniture:_URL_RE": (SCAN, [("www.", " "), ("https://", "«")]),
    "arqam.extraction.clean.furniture:_EMAIL_RE": (SCAN, [("a@", "b.c"), ("a.", "@b"), ("a@b.", "")]),
    "arqam.extraction.clean.furniture:_CODE_RE": (SCAN, [("function", "x"), ("var", " ")]),
    "arqam.extraction.clean.furniture:_BYLINE_PARTS_RE": (SCAN, [("-|", "x")]),
    "arqam.extraction.clean.furniture:_MANY_WORDS_RE": (MATCH, [("بب ", "_"), ("ب1-", ""), ("ب", "!")]),
    "arqam.extraction.clean.furniture:_MANY_LETTER_WORDS_RE": (MATCH, [("بب1", "_"), ("ب ", ""), ("ب", "1")]),
    "arqam.extraction.clean.furniture:_THREE_WORDS_RE": (MATCH, [("!", "ب ب"), ("بب", "!")]),
    "arqam.extraction.clean.furniture:_HEADING_SEPARATOR_RE": (SCAN, [("ب", ":")]),
    "arqam.extraction.clean.furniture:_DASH_RE": (SCAN, [("ب", "-")]),
    "arqam.extraction.clean.furniture:_TICKER_LABEL_END_RE": (SCAN, [("ب", "|")]),
    "arqam.extraction.clean.furniture:_AGENCY_SAYS_RE": (MATCH, [("ب", ":")]),
    "arqam.extraction.clean.furniture:_QUOTED_SITE_RE": (FULL, [("ب", ": «ب»!"), ("ب ", ":")]),
    "arqam.extraction.clean.furniture:_DATELINE_RES[0]": (MATCH, [("ب", " (رويترز)"), (W + " ", "(ب")]),
    "arqam.extraction.clean.furniture:_DATELINE_RES[1]": (MATCH, [("ب", " «ب"), (W + " - ", "«")]),
    "arqam.extraction.clean.furniture:_DATELINE_RES[2]": (MATCH, [("ب", " / ب"), (W + " ", "/")]),
    "arqam.extraction.clean.furniture:_COLON_CREDIT_RE": (MATCH, [("ب", " - ب"), (W + " - ", ":")]),
    "arqam.extraction.clean.furniture:_DASHED_CREDIT_RE": (MATCH, [("ب", " - ب -x"), (W + " ", "-")]),
    "phrases:marker_re": (SCAN, [("اقرا", " x"), ("ب ", "")]),
    "phrases:footnote_re": (SCAN, [("ب.[1]", "x"), ("[1]", "x"), ("بب.[", "")]),
    "phrases:worded_footnote_re": (SCAN, [("[", "x"), ("[ ", "عدل")]),
    "phrases:counter_tail_re": (SCAN, [(" 1", "x"), ("مشاهده 1 ", "x"), ("1,1", "مشاهده!")]),
    "phrases:wire_slug_re": (MATCH, [("تحديث", " 1")]),
    "phrases:lead_time_re": (SCAN, [("، اليوم", " x"), ("،(", "")]),
    "phrases:photo_label_re": (SCAN, [(" - صوره:", "(x"), (" -", "")]),
    "phrases:credit_opening_re": (MATCH, [("في", "x")]),
    # dates (tried at their candidate positions: a match there)
    "arqam.extraction.text.dates:_NEXT_WORD_RE": (MATCH, [("ب", "1")]),
    "arqam.extraction.text.dates:_WORD_HITS": (SCAN, [(" ينا", "x"), (" ـ", "ب")]),
    "arqam.extraction.text.dates:_WORD_AT": (MATCH, [("ينا", "")]),
    "arqam.extraction.text.dates:_LAM_HITS": (SCAN, [("لـ", "x"), ("ل\u0654", "")]),
    "arqam.extraction.text.dates:_YEAR_HITS": (SCAN, [("2014", "5"), ("1", "")]),
    "arqam.extraction.text.dates:_DIGIT_HITS": (SCAN, [("1/", "x"), ("1 ", "ه")]),
    "arqam.extraction.text.dates:_TOKEN": (SCAN, [("1ب", "_")]),
    "arqam.extraction.text.dates:_REV_ALEF": (MATCH, [("ـ", "x"), ("\u0654", "ب")]),
    "arqam.extraction.text.dates:_REV_WORDS_BEFORE": (MATCH, [("بـ", " 1")]),
    "arqam.extraction.text.dates:_REV_DAYS": (MATCH, [("1 ", "x"), ("و 1،", "ب"), ("ـ", "ب")]),
    # the warehouse
    "arqam.warehouse.store:_MIGRATION_NAME": (MATCH, [("1", "_a.sql"), ("a_", ".sq")]),
    "arqam.warehouse.store:_APPLIED_BEFORE": (SCAN, [("-- applied before: ", "x"), ("\n-- applied before: 1", "1x"), ("-", "\n")]),
    "inline:store._column": (FULL, [("a", "-")]),
}
for _role in furniture._heading_regexes():
    REGEXES[f"heading:{_role}"] = (MATCH, [("!", "اقرا"), ("ا", ":")])
for _name in ("day_month", "month_year", "month_double", "two_word_month", "month_after_cue", "month_before_cue", "numeric_dmy",
              "numeric_ymd", "numeric_my", "time", "clock", "year_after_cue", "year_with_era", "hijri_year", "year_range",
              "from_year_to_year", "year_after_from", "year_after_weak_cue", "weekday", "relative_day"):
    REGEXES[f"date:{_name}"] = (MATCH, [("1 و ", "يناير"), ("ـ", "ب"), ("ال\u064e", "x"), ("1 ", "2014")])
# (the *_non_empty checks are no regex in GX: DuckDB's RE2, linear by construction, decides them in the frame)
for _check in ("raw_articles.sha256_is_hex_digest", "raw_articles.flags_allowed", "quarantine.source_path_non_empty",
               "clean_articles.no_page_furniture_left", "clean_articles.standard_arabic_letters_only"):
    REGEXES[f"suite:{_check}"] = (SCAN, [(" ", ""), ("a", "x"), ("اقرا ", ""), ("0", "g")])

# reading's patterns
READING_REGEXES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "arqam.extraction.read.html:_INLINE_GAPS_RE": (SCAN, [("\ue002", "x")]),
    "arqam.extraction.read.html:_INLINE_GAP_RE": (SCAN, [("\ue002", "x")]),
    "arqam.extraction.read.html:_HTML_SPACE_RE": (SCAN, [(" \t", "x"), (" ", "x"), ("\t", "")]),
    "arqam.extraction.read.html:_TAG_RE": (SCAN, [("<a", ""), ("<a ", "/"), ("</", "x"), ("<a b", ""), ("a", "<")]),
    "arqam.extraction.read.html:_BREAKS_RE": (SCAN, [(" \ue000", "x"), ("\ue000 ", "x")]),
    "arqam.extraction.read.jsonl:_ID_UNSAFE_RE": (SCAN, [("/", "a"), ("../", "")]),
    "arqam.extraction.read.jsonl:_SURROGATE_RE": (SCAN, [("a", "\ud800")]),
    "arqam.extraction.read.articles:_DIGIT_RUN_RE": (SCAN, [("1", "x"), ("١", " "), ("1 ", "")]),
    "mojibake:0:run_re": (SCAN, [("Ø§", "ب"), ("ط§", "x")]),
    "mojibake:0:signature_re": (SCAN, [("Ø", "x")]),
    "mojibake:1:run_re": (SCAN, [("Ø§", "ب"), ("Ã", "x")]),
    "mojibake:1:signature_re": (SCAN, [("Ø", "x")]),
}
# Scans that were quadratic (a run rescanned from each of its characters), fixed: measured through
# read_document, in test_reading_inputs_that_were_quadratic_are_linear below.
READING_SCANS_MEASURED_END_TO_END = ("arqam.extraction.read.decode:_DAMAGED_FIGURE_RE",)
REGEXES.update(READING_REGEXES)
# date_intervals.py's patterns (run over a date mention's text, measured here on any length)
REGEXES.update({
    "arqam.extraction.text.date_intervals:_NUMERIC_YMD": (SCAN, [("2024/", "x"), ("2024-1", "-"), ("1", "")]),
    "arqam.extraction.text.date_intervals:_NUMERIC_DMY": (SCAN, [("1/1", "/"), ("11.", "x"), ("1", "")]),
    "arqam.extraction.text.date_intervals:_NUMERIC_MY": (SCAN, [("1/", "x"), ("1/202", "")]),
    "arqam.extraction.text.date_intervals:_NUMBER": (SCAN, [("1", "x"), ("12345", "")]),
    "arqam.extraction.text.date_intervals:_HIJRI_ERA": (SCAN, [("144", " "), ("1445 ", "x"), ("1", "ه")]),
    "arqam.extraction.text.date_intervals:_WORDS": (SCAN, [("ب", "1"), ("ب1", "")]),
})
REGEXES["arqam.extraction.claims.places:_PLACE_RE"] = (SCAN, [("و", "x"), ("وب", "غدا"), ("عين ", "ال"), ("ل", "لموص")])


def _use(pattern: re.Pattern, how: str):
    if how == SCAN:
        return lambda text: sum(1 for _ in pattern.finditer(text))
    if how == MATCH:
        return pattern.match
    return pattern.fullmatch


@pytest.mark.parametrize("name", sorted(REGEXES))
def test_every_regex_is_linear_on_input_crafted_against_it(name):
    how, attacks = REGEXES[name]
    try:
        pattern = _resolve(name)
    except (AttributeError, KeyError, IndexError):
        pytest.skip(f"{name} is gone")
    for unit, tail in attacks:
        assert_linear(_use(pattern, how), lambda n, unit=unit, tail=tail: repeat(unit, n) + tail, n=2000)


def _discovered_patterns() -> dict[int, str]:
    """Every compiled regex the source packages hold, by identity: module attributes, lists and
    tuples of them, furniture's phrase patterns and headings, dates' patterns, reading's mojibake."""
    import pkgutil

    found: dict[int, str] = {}
    for package in SOURCE_PACKAGES:
        root = importlib.import_module(f"arqam.{package}")
        for info in pkgutil.walk_packages(root.__path__, prefix=f"arqam.{package}."):  # subpackages too
            module = importlib.import_module(info.name)
            for attribute, value in vars(module).items():
                items = [value] if isinstance(value, re.Pattern) else list(value) if type(value) in (list, tuple) else []
                for index, item in enumerate(items):
                    item = item[1] if type(item) is tuple and len(item) == 2 else item
                    if isinstance(item, re.Pattern):
                        found.setdefault(id(item), f"{module.__name__}:{attribute}" + (f"[{index}]" if items != [value] else ""))
    phrases = furniture._phrases()
    for field in phrases.__dataclass_fields__:
        if isinstance(getattr(phrases, field), re.Pattern):
            found[id(getattr(phrases, field))] = f"phrases:{field}"
    for kind in mojibake._mojibake_kinds():
        found.setdefault(id(kind.run_re), "mojibake run_re")
        found.setdefault(id(kind.signature_re), "mojibake signature_re")
    return found


def test_every_compiled_regex_is_audited():
    """A new regex in the source needs its adversarial inputs above (the issue: every pattern, tested)."""
    audited = {id(_resolve(name)) for name in [*REGEXES, *READING_SCANS_MEASURED_END_TO_END] if not name.startswith(("suite:", "inline:"))}
    missing = sorted(name for key, name in _discovered_patterns().items() if key not in audited)
    assert not missing, f"regexes without an adversarial linear-time test in tests/test_security.py: {missing}"


# --- the public functions on the inputs that reach those regexes --------------------------

DATELINE = "بغداد (رويترز) - "
FUNCTION_ATTACKS = [
    # find_quantities
    (find_quantities, "5", " ", "x 7", 120),  # the gap between two bounds (cubic before the fix: 180x here)
    (find_quantities, "5", "\n", "x 7", 120),
    (find_quantities, "", "1,", "x"),
    (find_quantities, "", "1 000 ", "0000", 600),
    (find_quantities, "", "١٬", "."),
    (find_quantities, "", "1", ""),  # one digit run: an identifier, not an amount
    (find_quantities, "", "+1 ", "x", 600),
    (find_quantities, "", "ب1", "x", 600),
    (find_quantities, "", "1 و ", "x", 600),
    (find_quantities, "", "أكثر من 1 وأقل من 2 ", "", 600),
    (find_quantities, "", "ثلاثة ", "", 600),
    (find_quantities, "", "مئة و", "x", 600),
    (find_quantities, "", "بين 1 و", "x", 600),
    (find_quantities, "", "ـ", "1"),
    # split_sentences
    (split_sentences, "", "xx. ", ""),  # a line of many short sentences: the line was copied at each
    (lambda text: split_sentences(" " * len(text) + text), "", "xx. ", ""),  # ... and its indent rescanned (46x)
    (split_sentences, "", ".", "x"),
    (split_sentences, "", "ع. ", ""),
    (split_sentences, "", "1. ", ""),
    # normalize_arabic
    (normalize_arabic, "", "ا\u0654", ""),
    (normalize_arabic, "", " \t", "x"),
    (normalize_arabic, "\n", " ", "x"),
    (normalize_arabic, "", "\n \n", ""),
    (normalize_arabic, "", "\r", ""),
    (normalize_arabic, "", "ﻻ", ""),
    # strip_page_furniture (on normalized text, as in the pipeline; whitespace runs included)
    (strip_page_furniture, "", "سطر\n", "", 600),
    (strip_page_furniture, "", "اقرأ أيضا\n", "نص"),
    (strip_page_furniture, "", "| ", "x"),
    (strip_page_furniture, "", "[1]", "x"),
    (strip_page_furniture, "", "<a ", "x"),
    (strip_page_furniture, "", "&", "x"),
    (strip_page_furniture, "", "• ", "x"),
    (strip_page_furniture, "", "كلمة ", "."),
    (strip_page_furniture, DATELINE, "بغداد ", "(x"),
    (strip_page_furniture, "", "عدد القراءات: 5\n", ""),
    (strip_page_furniture, "", "مقالات مشابهة\nعنوان\n", ""),
    (strip_page_furniture, "", " ", "x"),
    (strip_page_furniture, "", "http://x.y/", " z"),
    (strip_page_furniture, "", "a@", "b.c"),
    # find_dates
    (find_dates, "", "ـ", " يناير"),
    (find_dates, "", "1 ", "يناير", 600),
    (find_dates, "", "عام ", ""),
    (find_dates, "", "الاحد", "", 600),
    (find_dates, "", "يناير 1 ", ""),
    (find_dates, "", "\u0654", "ال"),
    (find_dates, "", "2014-", ""),
    (find_dates, "", "10:30 ", ""),
    (find_dates, "", "ل", "الاحد"),
    (find_dates, "", "من 2014 إلى ", ""),
    (find_dates, "", "و 1 ", "يناير"),
    # the number candidates, piece by piece: many pieces that hold one, one piece as long as the text
    (candidates.candidates, "", "خمسة ", ""),
    (candidates.candidates, "", "1 ب ", ""),
    (candidates.candidates, "", "ـ\u064e", "ثلاث"),
    (candidates.candidates, "", "وال", "ف"),
    # fact typing, actors
    (lambda text: type_quantities(text, split_sentences(text)), "", "1 ", "", 300),
    (lambda text: type_quantities(text, split_sentences(text)), "", "قتل 5 جنود، ", "", 600),
    (lambda text: type_quantities(text, split_sentences(text)), "", "«", "1 جندي", 600),
    (lambda text: type_quantities(text, split_sentences(text)), "", "قال ", "1 جندي", 600),
    (lambda text: type_quantities(text, []), "", "بب ", "1 جندي", 600),
    (identify_actor, "", "قوات ", ""),
    (identify_actor, "", "جماعات مدعومة من ", ""),
    # the whole chain
    (clean_text, "", "وصل 300 جندي. ", ""),
    (clean_text, "", "ـ\u064e", "x"),
    # reading
    (lambda markup: html_to_article(markup), "<html><body>", "<div>", "x"),
    (lambda markup: html_to_article(markup), "<html><body>", "<a>x</a>", ""),
    (lambda line: read_document("a.jsonl", line.encode()), '{"text": "', "ب", '"}'),
    (lambda lines: read_document("a.jsonl", lines.encode()), "", "{}\n", ""),
    (lambda lines: read_document("a.jsonl", lines.encode()), "", "[", ""),
    (sanitize_id, "", "../", ""),
    (lambda text: mojibake.repair_mojibake(text), "", "Ø§Ù„", "x"),
    (lambda text: mojibake.repair_mojibake(text), "", "Ã˜Â§", "x"),
    (lambda text: mojibake.repair_mojibake(text), "", "طھ", " "),
]


@pytest.mark.parametrize("index", range(len(FUNCTION_ATTACKS)))
def test_public_functions_are_linear_on_adversarial_text(index):
    function, head, unit, tail, *size = FUNCTION_ATTACKS[index]
    assert_linear(function, lambda n: head + repeat(unit, n) + tail, n=size[0] if size else 1500)


@pytest.mark.parametrize(
    "make, size",
    [
        # U+E002 is reading's inline-gap sentinel; as an entity it survives into the flattened text, where a
        # pattern once rescanned the run from each of its characters
        (lambda n: read_document("a.html", ("<p>x" + "&#xe002;" * n + "y</p>").encode()), 1000),
        # a long digit run and one damaged byte: _DAMAGED_FIGURE_RE rescans the run from every digit
        (lambda n: read_document("a.txt", ("بغداد " * 20).encode() + b"1" * n + " وصل 300 جندي".encode() + b"\xff"), 1000),
    ],
)
def test_reading_inputs_that_were_quadratic_are_linear(make, size):
    assert_linear(make, lambda n: n, n=size)


# ---------------------------------------------------------------------------------------
# 2. Archives and other bombs: refused from their first bytes, never decompressed
# ---------------------------------------------------------------------------------------

MB = 1 << 20
BOMB_MB = 64  # what each archive below would inflate to


def gzip_bomb() -> bytes:
    """Gzip members of a megabyte of zeros, one after another: 64 MB from 64 kB."""
    return gzip.compress(bytes(MB), 9) * BOMB_MB


def zip_bomb() -> bytes:
    """A zip archive with one deflated member, x.txt: 64 MB of zeros in 64 kB."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = b"".join(deflate.compress(bytes(MB)) for _ in range(BOMB_MB)) + deflate.flush()
    crc = 0
    for _ in range(BOMB_MB):
        crc = zlib.crc32(bytes(MB), crc)
    name, size = b"x.txt", BOMB_MB * MB
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name),
                          0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end


def bz2_bomb() -> bytes:
    packer = bz2.BZ2Compressor(9)
    return b"".join(packer.compress(bytes(MB)) for _ in range(BOMB_MB // 4)) + packer.flush()


def xz_bomb() -> bytes:
    packer = lzma.LZMACompressor(preset=0)
    return b"".join(packer.compress(bytes(MB)) for _ in range(BOMB_MB // 4)) + packer.flush()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"gzip": gzip_bomb(), "zip": zip_bomb(), "bz2": bz2_bomb(), "xz": xz_bomb()}


def test_the_bombs_are_real(bombs):
    import io
    import zipfile

    assert len(bombs["zip"]) < MB and zipfile.ZipFile(io.BytesIO(bombs["zip"])).getinfo("x.txt").file_size == BOMB_MB * MB
    assert gzip.decompress(bombs["gzip"][: 2 * len(gzip.compress(bytes(MB), 9))]) == bytes(2 * MB)


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ".htm", ".ndjson"])
@pytest.mark.parametrize("kind", ["gzip", "zip", "bz2", "xz"])
def test_an_archive_under_a_text_name_is_refused_without_decompression(bombs, kind, suffix):
    data = bombs[kind]
    tracemalloc.start()
    try:
        articles, rejections = read_document(f"inbox/bomb{suffix}", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not articles and rejections
    assert {r.reason for r in rejections} <= {"binary", "undecodable", "bad_json"}
    if kind in ("gzip", "zip"):
        assert {r.reason for r in rejections} == {"binary"}
    assert peak < 20 * len(data) + 8 * MB, f"{peak:,} bytes allocated reading {len(data):,}: decompressed?"


@pytest.mark.parametrize(
    "line, reason",
    [
        ("[" * 200_000, "bad_json"),  # nesting past the recursion limit
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "bad_json"),
        ('{"id": ' + "9" * 50_000 + ', "text": "نص"}', "bad_json"),  # an integer past Python's digit limit
    ],
)
def test_json_bombs_are_bad_json(line, reason):
    articles, rejections = read_document("inbox/feed.jsonl", line.encode())
    assert not articles and [r.reason for r in rejections] == [reason]


def test_nested_html_is_read():
    articles, rejections = read_document("inbox/deep.html", ("<div>" * 2000 + "وصل 300 جندي أمريكي إلى بغداد").encode())
    assert rejections or "300" in articles[0].raw_text


# ---------------------------------------------------------------------------------------
# 3. One run over a hostile inbox
# ---------------------------------------------------------------------------------------

MARKER = f"arqam_pwned_{uuid.uuid4().hex[:12]}"
SQL = "'); DROP TABLE facts; --"
SQL2 = "x' OR '1'='1'; DELETE FROM raw_articles; --"
XSS = "<script>alert(1)</script>"
XSS2 = '"><img src=x onerror=alert(2)>'
TRAVERSING_IDS = [
    f"../../../../../../../../../../tmp/{MARKER}_a",
    f"/tmp/{MARKER}_b/passwd",
    f"..\\..\\..\\{MARKER}_c",
    f"{MARKER}_d\x00.txt",
    "x" * 5000 + MARKER,
    f"C:\\Windows\\{MARKER}_e",
    f"~/{MARKER}_f",
    f"{MARKER}/../../..",
    f"file:///etc/{MARKER}_g",
    SQL,
    XSS,
]


ARABIC_PADDING = "\nوقال المتحدث باسم الوزارة إن القوات ستبقى في القاعدة حتى نهاية العام الجاري." * 4


def _article(n: int, extra: str = "") -> str:
    return f"بغداد - قالت وزارة الدفاع إن {100 + n} جندي أمريكي وصلوا إلى قاعدة عين الأسد. {extra}\nوأكدت مقتل {n + 1} مسلحين."


def _hostile_inbox(inbox: Path, outside: Path) -> None:
    inbox.mkdir(parents=True)
    records = [{"id": value, "text": _article(i)} for i, value in enumerate(TRAVERSING_IDS)]
    records += [
        {"url": f"https://example.com/../../../{MARKER}_h", "text": _article(50)},
        {"guid": f"..\\{MARKER}_i", "title": XSS, "text": _article(51, f"{SQL} {SQL2} {XSS} {XSS2}") + ARABIC_PADDING},
        {"id": "poison", "text": "قالت الوزارة إن 0 جندي وصلوا. وشارك 300 دولة في التحالف. " + _article(52)},
    ]
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    (inbox / f"{SQL}.txt").write_text(_article(60, SQL), encoding="utf-8")
    (inbox / f"{XSS2}.txt").write_text(_article(61, XSS), encoding="utf-8")
    (inbox / "page.html").write_text(
        f"<html><head><title>{XSS}</title></head><body><article><p>{_article(62)}</p><script>alert(3)</script>"
        f"<p>&lt;script&gt;alert(4)&lt;/script&gt; {XSS2}</p></article></body></html>",
        encoding="utf-8",
    )
    (inbox / "bomb.txt").write_bytes(gzip_bomb())
    (inbox / "bomb.jsonl").write_bytes(gzip_bomb())
    (inbox / "bomb.html").write_bytes(zip_bomb())
    (inbox / "bomb.zip").write_bytes(zip_bomb())
    (inbox / "nested.jsonl").write_text("[" * 100_000, encoding="utf-8")
    (inbox / " ").write_text("نص", encoding="utf-8")  # a name of spaces: quarantined, never a failing check
    outside.write_text(f"{MARKER} السر: وصل 999 جندي", encoding="utf-8")
    (inbox / "link.txt").symlink_to(outside)
    (inbox / "linked_folder").symlink_to(outside.parent, target_is_directory=True)


def _names_with_marker(roots_recursive: list[Path], roots_listed: list[Path]) -> list[str]:
    found = []
    for root in roots_listed:
        with contextlib.suppress(OSError):
            found += [str(root / name) for name in os.listdir(root) if MARKER in name]
    for root in roots_recursive:
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = [d for d in subdirs if d not in (".venv", ".git", "node_modules", "__pycache__")]
            found += [os.path.join(directory, name) for name in subdirs + files if MARKER in name]
    return found


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    outside = root / "outside" / "secret.txt"
    outside.parent.mkdir()
    _hostile_inbox(root / "inbox", outside)
    before = {p for p in root.rglob("*")}
    settings = make_settings(root)
    result = run_pipeline(settings, raise_on_error=False)
    return root, settings, result, before


def test_the_hostile_run_succeeds(hostile_run):
    _, settings, result, _ = hostile_run
    assert result.success, [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    store = Warehouse(settings.warehouse)
    # every record and file is an article, but the record whose id is the SQL file's name (id_conflict)
    assert store.count("raw_articles") == len(TRAVERSING_IDS) - 1 + 3 + 3
    # the implausible figures of "poison" are mentions typed other, not facts that stop the facts stage
    assert store.query("SELECT count(*) AS n FROM facts WHERE article_id = 'poison'").to_pylist() == [{"n": 2}]


def test_nothing_is_written_outside_the_warehouse_and_report_folders(hostile_run, tmp_path_factory):
    root, settings, _, before = hostile_run
    allowed = [root / "inbox", settings.warehouse.parent, settings.reports, root / "outside"]
    new = [p for p in root.rglob("*") if p not in before]
    assert new and all(any(p == a or a in p.parents for a in allowed) for p in new), [
        p for p in new if not any(a in p.parents for a in allowed)
    ]
    assert not list((root / "outside").iterdir())[1:], "nothing written beside the linked secret"
    ancestors = [root, *root.parents]
    listed = [*ancestors, Path.cwd(), Path.home(), Path("/tmp"), PROJECT_ROOT, settings.reports, settings.warehouse.parent]
    recursive = [tmp_path_factory.getbasetemp(), PROJECT_ROOT]
    assert _names_with_marker(recursive, listed) == []


def test_ids_are_safe_names_and_sources_stay_in_the_inbox(hostile_run):
    _, settings, _, _ = hostile_run
    store = Warehouse(settings.warehouse)
    ids = store.query("SELECT article_id FROM raw_articles").column(0).to_pylist()
    for article_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\u0600-\u06FF]{1,120}", article_id), article_id
        assert not article_id.startswith((".", "-", "_"))
    assert any(MARKER in i for i in ids)  # the traversing ids were kept as names, not dropped
    for table in ("raw_articles", "quarantine"):
        for path in store.query(f"SELECT DISTINCT source_path FROM {table}").column(0).to_pylist():
            assert not path.startswith(("/", "\\")) and ".." not in Path(path).parts, path


def test_archives_links_and_json_bombs_are_quarantined(hostile_run):
    _, settings, _, _ = hostile_run
    rows = Warehouse(settings.warehouse).query("SELECT source_path, reason FROM quarantine").to_pylist()
    reasons = {row["source_path"]: row["reason"] for row in rows}
    assert reasons["bomb.txt"] == reasons["bomb.jsonl"] == reasons["bomb.html"] == "binary"
    assert reasons["bomb.zip"] == "unsupported_type"
    assert reasons["nested.jsonl"] == "bad_json"
    assert reasons[" "] == "unsupported_type"
    assert "link.txt" in reasons and reasons["link.txt"] != "binary"  # not followed out of the inbox
    texts = Warehouse(settings.warehouse).query("SELECT raw_text FROM raw_articles").column(0).to_pylist()
    assert not any(MARKER in text for text in texts), "the secret outside the inbox was read"


def test_sql_in_ids_names_and_text_is_data(hostile_run):
    from arqam.pipelines.summary import facts_listing
    from arqam.warehouse.store import STAGE_TABLES

    _, settings, _, _ = hostile_run
    store = Warehouse(settings.warehouse)
    assert all(store.count(table) >= 0 for table in STAGE_TABLES)  # every table still there
    assert store.count("facts") > 0
    sources = store.query("SELECT source_path FROM raw_articles").column(0).to_pylist()
    assert f"{SQL}.txt" in sources  # the name, verbatim
    texts = store.query("SELECT raw_text FROM raw_articles WHERE raw_text LIKE ?", ["%DROP TABLE%"]).column(0).to_pylist()
    assert len(texts) >= 2 and any(SQL2 in t for t in texts)
    assert facts_listing(settings.warehouse, fact_type=SQL, article=SQL) == "no facts"
    assert store.count("facts") > 0 and store.count("raw_articles") > 0


def test_the_quality_report_escapes_what_it_shows(hostile_run):
    """Data Docs show a failing check's unexpected values: hostile values must arrive escaped."""
    from arqam.expectations.frames import quarantine_frame
    from arqam.expectations.gx_bridge import QualityGate

    _, settings, _, _ = hostile_run
    gate = QualityGate(settings.reports)
    store = Warehouse(settings.warehouse)
    batch = {
        "quarantine_id": [XSS, XSS, "q3"],
        "reason": [XSS2, "binary", "</script><script>alert(5)</script>"],
        "message": [XSS, "&lt;b&gt;", "m"],
        "source_path": [f"{SQL}.txt", XSS2, "a.txt"],
        "file_sha256": ["0" * 64] * 3,
        "byte_size": [1, 2, 3],
    }
    frame = quarantine_frame(store.to_arrow("quarantine", pd.DataFrame(batch).to_dict("records")), store)
    outcome = gate.validate("quarantine", frame)
    samples = {e.name: e.unexpected_sample for e in outcome.failures()}
    assert samples["quarantine_id_unique"] == [XSS, XSS]  # dq_results and Dagster get the values as they are
    assert set(samples["reason_allowed"]) == {XSS2, "</script><script>alert(5)</script>"}
    pages = list(Path(settings.reports).rglob("*.html"))
    assert pages
    shown = "\n".join(page.read_text(encoding="utf-8", errors="replace") for page in pages)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # the values are on the page ...
    for payload in (XSS, "<img src=x onerror", "<script>alert(5)", "<script>alert(3)", "<script>alert(4)"):
        assert payload not in shown  # ... never as markup


def test_escaping_for_data_docs_decides_every_check_the_same():
    """Every value the suites compare with is left as it is by the escaping, so no check changes."""
    import html

    from arqam.expectations.gx_bridge import escape_text, unescape_values
    from arqam.expectations.suites import suites

    for suite in suites().values():
        for spec in suite.expectations:
            for key in ("value_set", "value_pairs_set"):
                for value in spec.kwargs.get(key, ()):
                    for item in value if isinstance(value, (list, tuple)) else [value]:
                        assert not isinstance(item, str) or html.escape(item, quote=False) == item, (suite.table, item)
    frame = pd.DataFrame({"a": [XSS, "&amp;", None, "ب<", "&"], "n": [1, 2, 3, 4, 5]})
    escaped = escape_text(frame)
    assert escaped["n"].tolist() == frame["n"].tolist()
    assert [unescape_values(v) if isinstance(v, str) else v for v in escaped["a"]][:2] == [XSS, "&amp;"]
    assert "<" not in "".join(v for v in escaped["a"] if isinstance(v, str))


# ---------------------------------------------------------------------------------------
# 4. Static audits of the source: SQL built from strings, code execution
# ---------------------------------------------------------------------------------------


def _source_files():
    for package in SOURCE_PACKAGES:
        yield from sorted((PROJECT_ROOT / package).rglob("*.py"))


# what may be interpolated into SQL text: identifiers checked against the schema, code constants
SQL_SAFE_INTERPOLATIONS = {
    "_table", "_column", "_column_list", "table", "columns", "sql_list", "QUANTITY_KEY",
}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|FROM|WHERE|COPY|ATTACH|PRAGMA|SET)\b")


def test_sql_text_interpolates_only_whitelisted_identifiers():
    """Values go to DuckDB as parameters (?); an f-string or % or .format into SQL may only name a table or
    column through the whitelists of warehouse/store.py, or a column list written in the code."""
    problems = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if not SQL_WORDS.search(text):
                    continue
                for value in node.values:
                    if isinstance(value, ast.FormattedValue):
                        expr = value.value
                        name = expr.func.id if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) else (
                            expr.id if isinstance(expr, ast.Name) else ast.unparse(expr))
                        if name not in SQL_SAFE_INTERPOLATIONS and not text.startswith(("arqam", "the ")):
                            problems.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {{{ast.unparse(expr)}}} in SQL")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
                if isinstance(node.left.value, str) and SQL_WORDS.search(node.left.value):
                    problems.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: % formatting into SQL")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                  and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
                  and SQL_WORDS.search(node.func.value.value)):
                problems.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: .format into SQL")
    assert not problems, problems


def test_the_identifier_whitelists_refuse_injection():
    from arqam.warehouse.store import _column, _table

    for bad in ("facts; DROP TABLE facts", "facts --", "raw_articles r", '"facts"', "facts\x00"):
        with pytest.raises(ValueError):
            _table(bad)
    for bad in ("article_id; --", "a b", "A", "1a", "article_id)", ""):
        with pytest.raises(ValueError):
            _column(bad)


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "system", "popen", "Popen", "run", "call", "check_output",
                   "check_call", "loads", "load", "spawn", "execv", "execvp", "startfile"}
ALLOWED_CALLS = {("json", "loads"), ("re", "compile"), ("checkpoint", "run")}  # (object, method)
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "subprocess", "dill", "cloudpickle", "yaml", "ctypes", "tarfile",
                     "zipfile", "gzip", "bz2", "lzma", "zlib"}


def test_nothing_in_the_source_executes_code_or_opens_archives():
    """No eval/exec, no subprocess or shell, no unpickling, no archive modules (archives are refused, never opened).
    json.loads is the one ``loads`` allowed."""
    problems = []
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                problems += [f"{path.name}: import {m}" for m in modules if m.split(".")[0] in FORBIDDEN_MODULES]
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
                if name in FORBIDDEN_CALLS and (owner, name) not in ALLOWED_CALLS:
                    problems.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {ast.unparse(func)}()")
                if any(k.arg == "shell" for k in node.keywords):
                    problems.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: shell=")
    assert not problems, problems
