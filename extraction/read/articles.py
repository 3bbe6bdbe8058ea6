"""What reading gives: a ``RawArticle`` or a ``Rejection`` with its reason, and the checks every
decoded text passes on the way (the limits of one article, its language, mojibake, digit runs too
long to be numbers, the publication date), recorded as flags on the article.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from arqam.extraction.numbers.digits import DIGITS_MAX, overlong_numbers
from arqam.extraction.read.decode import Decoded, binary_kind, first_bad_byte
from arqam.extraction.read.mojibake import LANGUAGE_SAMPLE, repair_mojibake
from arqam.extraction.read.published import choose as choose_published
from arqam.extraction.text.arabic import arabic_share

REASONS = (
    "empty",
    "binary",
    "undecodable",
    "bad_json",
    "no_text",
    "unsupported_type",
    "mojibake",
    "too_long",
    "too_many_figures",
)
# What reading did to a kept article's text (raw_articles.flags), in this order.
FLAGS = (
    "invalid_bytes_replaced", "encoding_guessed", "mojibake_repaired", "mojibake_suspected", "not_arabic",
    "number_too_long", "published_unreadable",
)


# An article is Arabic when at least this share of its letters are Arabic.
MIN_ARABIC_SHARE = 0.5

# What one article may hold. The work and memory of extraction grow with an article's
# characters and figures, so one pathological input (a data dump, a page glued into one
# line) would otherwise decide the run's peak memory and time; above these the article is
# refused with a reason instead. A long feature is a few tens of thousands of characters and
# a few hundred figures, far inside both.
MAX_ARTICLE_CHARS = 250_000
MAX_ARTICLE_FIGURES = 5_000
# The markup of one page, before it is parsed (parsing costs many times the page's size in
# memory); real pages with their scripts and inline data are a few megabytes at most.
MAX_PAGE_CHARS = 5_000_000
# a figure, for that count: a run of digits in any script (what the number parser starts from)
_DIGIT_RUN_RE = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class RawArticle:
    article_id: str
    source_path: str
    record_index: int | None  # 1-based line number for jsonl
    source_format: str  # txt | html | jsonl
    encoding: str
    sha256: str  # of raw_text as UTF-8: the content's identity, whatever the file encoding
    raw_text: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None  # UTC (extraction.read.published)
    flags: tuple[str, ...] = ()  # of FLAGS: what reading did to the text
    flag_notes: str | None = None  # the same, for a person
    published_source: str | None = None  # which part of the input gave ``published``


@dataclass(frozen=True, slots=True)
class Rejection:
    source_path: str
    record_index: int | None
    reason: str  # one of REASONS
    message: str


def _article(
    article_id: str,
    source_path: str,
    record_index: int | None,
    source_format: str,
    encoding: str,
    raw_text: str,
    title: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
    flags: tuple[str, ...] = (),
    flag_notes: str | None = None,
    published_source: str | None = None,
) -> RawArticle:
    digest = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
    return RawArticle(
        article_id, source_path, record_index, source_format, encoding, digest, raw_text, title, url, published,
        flags, flag_notes, published_source,
    )


def page_too_long(where: str, length: int) -> str:
    return f"{where} is {length:,} characters of HTML, over the {MAX_PAGE_CHARS:,} one page is parsed for: not read"


def _over_limits(body: str, where: str) -> tuple[str, str] | None:
    """``(reason, message)`` when the article is beyond what one article may hold, else None.

    Checked before any other work on the text, so a refused article costs one pass over it.
    >>> _over_limits("قتل " + "7 " * 6000 + "جنود", "the text")[0]
    'too_many_figures'
    """
    if len(body) > MAX_ARTICLE_CHARS:
        return "too_long", (
            f"{where} is {len(body):,} characters long, over the {MAX_ARTICLE_CHARS:,} one article is read for: "
            "not read (split it into its articles)"
        )
    figures = sum(1 for _ in _DIGIT_RUN_RE.finditer(body))
    if figures > MAX_ARTICLE_FIGURES:
        return "too_many_figures", (
            f"{where} holds {figures:,} numbers, over the {MAX_ARTICLE_FIGURES:,} one article is read for: "
            "a table or a data dump, not an article; not read"
        )
    return None


_CODE_PAGE_NAMES = {"cp1256": "Windows-1256", "cp1252": "Windows-1252 (or Latin-1)"}


def finish(
    article_id: str,
    source_path: str,
    record_index: int | None,
    source_format: str,
    decoded: Decoded,
    body: str,
    title: str | None = None,
    url: str | None = None,
    published: Sequence[tuple[str, str | None]] = (),
) -> RawArticle | Rejection:
    """The article, its text repaired where it can be and flagged; or why it is not an Arabic article.
    ``published``: every (source, value) the input gives for its publication date (``extraction.read.published``)."""
    where = f"line {record_index}" if record_index is not None else ("the page" if source_format == "html" else "the text")
    refusal = _over_limits(body, where)
    if refusal is not None:
        return Rejection(source_path, record_index, *refusal)
    flags, notes = set(decoded.flags), list(decoded.notes)
    repair = repair_mojibake(body)
    body, restored, wrong_codecs, suspected = repair.text, repair.restored, list(repair.codecs), repair.suspected
    if title:
        title_repair = repair_mojibake(title)
        title, restored = title_repair.text, restored + title_repair.restored
        wrong_codecs += [c for c in title_repair.codecs if c not in wrong_codecs]
    if restored:
        flags.add("mojibake_repaired")
        read_as = " and ".join(_CODE_PAGE_NAMES[c] for c in wrong_codecs)
        notes.append(f"{restored} characters restored: the text was UTF-8 read as {read_as} and saved again")
    if suspected:
        flags.add("mojibake_suspected")
        notes.append("parts still look like UTF-8 read as a single-byte code page and saved again, with bytes lost: kept as they are")
    share, letters = arabic_share(body, LANGUAGE_SAMPLE)
    if letters == 0:
        return Rejection(source_path, record_index, "no_text", f"{where} has no words: only digits, symbols and punctuation")
    if share < MIN_ARABIC_SHARE:
        if suspected:
            message = (
                f"{where} is garbled: Arabic UTF-8 read as a single-byte code page and saved again, with bytes lost, "
                f"so it cannot be restored ({share:.0%} of its letters are Arabic)"
            )
            return Rejection(source_path, record_index, "mojibake", message)
        flags.add("not_arabic")
        notes.append(
            f"not in Arabic ({share:.0%} of its letters are Arabic): kept, but arqam reads facts from Arabic text only"
        )
    overlong = overlong_numbers(body)
    if overlong:
        flags.add("number_too_long")
        notes.append(_overlong_note(overlong))
    when = choose_published(published, body)
    if when.note:
        flags.add("published_unreadable")
        notes.append(when.note)
    ordered = tuple(flag for flag in FLAGS if flag in flags)
    return _article(
        article_id, source_path, record_index, source_format, decoded.encoding, body, title, url, when.at,
        ordered, "; ".join(notes) or None, when.source,
    )


def _overlong_note(overlong: list[tuple[int, int]]) -> str:
    """The flag's note: the first such run, where it is, and how many there are.

    >>> _overlong_note([(40, 24)])
    'a run of 24 digits at character 40 is not read as a number (over 18 digits: an identifier, not an amount)'
    """
    offset, digits = overlong[0]
    where = f"{digits} digits at character {offset}"
    if len(overlong) == 1:
        return f"a run of {where} is not read as a number (over {DIGITS_MAX} digits: an identifier, not an amount)"
    return (f"{len(overlong)} runs of digits are not read as numbers (over {DIGITS_MAX} digits: identifiers, "
            f"not amounts); the first: {where}")


_PROBLEM_MESSAGES = {
    "binary": "the file is binary data, not text",
    "undecodable": "the bytes are not text in UTF-8, UTF-16 or an Arabic code page (cp1256, ISO-8859-6)",
}


def undecodable(source_path: str, problem: str, data: bytes) -> Rejection:
    kind = binary_kind(data)
    message = f"the file is {kind}, not text" if kind else _PROBLEM_MESSAGES[problem]
    if problem == "undecodable":
        message += f"; the first byte that is not UTF-8 is at offset {first_bad_byte(data):,}"
    return Rejection(source_path, None, problem, message)
