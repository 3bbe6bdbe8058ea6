"""When an article was published: a timestamp, and which part of the input said so.

The sources, in the order they are believed (``PUBLISHED_SOURCES``):

``jsonl_field``
    The record's own field (``published``, ``date``, ``pubDate`` ...): what the user or the feed
    states.  It always wins: when it is given but cannot be read as a date, the article keeps
    no date (flagged ``published_unreadable``) rather than one guessed from elsewhere.
``html_meta``
    ``<meta property="article:published_time">`` (Open Graph), or ``itemprop="datePublished"``.
``json_ld``
    ``datePublished`` of the page's JSON-LD (``<script type="application/ld+json">``).
``html_time``
    The first ``<time datetime="...">`` of the page.
``dateline``
    A date at the head of the text, where wire copy and many sites put it: on one of the first
    lines, after at most a few words (the city), and followed by nothing, or by a bracket or a
    dash (``بغداد - 5 آذار 2024 (رويترز) -``; a line that is only ``25 يوليو 2024``).  It must name
    a day and a year.

A page's own metadata that cannot be read is passed over for the next source, and flagged.
Timestamps with an offset are stored in UTC, without the offset; a date alone is its midnight.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from arqam.extraction.text.arabic import to_ascii_digits
from arqam.extraction.text.date_intervals import YEAR_MAX, YEAR_MIN, interval
from arqam.extraction.text.dates import find_dates

PUBLISHED_SOURCES = ("jsonl_field", "html_meta", "json_ld", "html_time", "dateline")
# what is read of a value, and of the text for a dateline: a date is short, and a dateline near the top
MAX_VALUE_CHARS = 200
DATELINE_LINES = 3
DATELINE_LINE_CHARS = 200
DATELINE_WORDS_BEFORE = 4  # the city, a weekday: ``بغداد - الخميس 5 آذار 2024``
# what may follow a dateline's date on its line: nothing, the agency in brackets, a dash
_AFTER_DATELINE = "([-–—:|/"
# JSON-LD read from a page: the scripts' size and nesting are bounded, as the page's are
MAX_JSON_LD_CHARS = 200_000
MAX_JSON_LD_DEPTH = 20


@dataclass(frozen=True, slots=True)
class Published:
    at: datetime | None  # UTC, no offset
    source: str | None  # of PUBLISHED_SOURCES
    note: str | None = None  # a value that could not be read, for the reading's flag note


def parse_timestamp(value: str) -> datetime | None:
    """``value`` as a UTC timestamp: ISO 8601 (``2024-07-25T10:30:00+03:00``, ``2024-07-25``),
    RFC 2822 (``Thu, 25 Jul 2024 07:30:00 GMT``, as RSS writes it), or a day written out
    (``25 تموز 2024``، ``25/07/2024``); None if it is none of them or outside 1900..2100."""
    text = to_ascii_digits(value).strip()
    if not text or len(text) > MAX_VALUE_CHARS:
        return None
    for reader in (_iso, _rfc2822, _written_day):
        try:
            at = reader(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            at = None
        if at is not None:
            if at.tzinfo is not None:
                at = at.astimezone(UTC).replace(tzinfo=None)
            return at if YEAR_MIN <= at.year <= YEAR_MAX else None
    return None


def _iso(text: str) -> datetime | None:
    return datetime.fromisoformat(text)


def _rfc2822(text: str) -> datetime | None:
    return parsedate_to_datetime(text)


def _written_day(text: str) -> datetime | None:
    """The one date mention of ``text`` when it names a single day."""
    mentions = find_dates(text)
    days = [span for mention in mentions if (span := interval(mention.text)) and span[0] == span[1]]
    if len(days) != 1:
        return None
    return datetime(days[0][0].year, days[0][0].month, days[0][0].day)


def dateline(text: str) -> datetime | None:
    """The day of a dateline at the head of ``text`` (see the module's note), or None."""
    lines = [line for line in text[: DATELINE_LINES * DATELINE_LINE_CHARS * 2].split("\n") if line.strip()]
    for line in lines[:DATELINE_LINES]:
        line = line[:DATELINE_LINE_CHARS]
        for mention in find_dates(line):
            span = interval(mention.text)
            if span is None or span[0] != span[1]:
                continue
            before, after = line[: mention.start], line[mention.end :].strip()
            if len(re.findall(r"[^\W\d_]+", before)) > DATELINE_WORDS_BEFORE:
                continue
            if after and after[0] not in _AFTER_DATELINE:
                continue
            return datetime(span[0].year, span[0].month, span[0].day)
    return None


def choose(candidates: Iterable[tuple[str, str | None]], text: str) -> Published:
    """The publication time of an article from ``(source, value)`` candidates, in any order, and
    its text (for a dateline).  The first source of ``PUBLISHED_SOURCES`` with a readable value
    wins; the user's field, when given, wins even unreadable (no date, and a note)."""
    given = {}
    for source, value in candidates:
        if value is not None and str(value).strip() and source not in given:
            given[source] = str(value).strip()
    unreadable: list[str] = []
    for source in PUBLISHED_SOURCES[:-1]:
        if source not in given:
            continue
        at = parse_timestamp(given[source])
        if at is not None:
            return Published(at, source, _note(unreadable))
        unreadable.append(f"{source} {_shown(given[source])}")
        if source == "jsonl_field":
            return Published(None, None, _note(unreadable))
    at = dateline(text)
    return Published(at, "dateline" if at else None, _note(unreadable))


def _shown(value: str) -> str:
    return json.dumps(value[:60] + ("…" if len(value) > 60 else ""), ensure_ascii=False)


def _note(unreadable: list[str]) -> str | None:
    if not unreadable:
        return None
    return "publication date not readable as a date, not used: " + "; ".join(unreadable)


def json_ld_dates(scripts: Iterable[str]) -> Iterator[str]:
    """Every ``datePublished`` of JSON-LD scripts, in order (a page may hold a graph of objects)."""
    for script in scripts:
        if len(script) > MAX_JSON_LD_CHARS:
            continue
        try:
            document = json.loads(script)
        except (ValueError, RecursionError):
            continue
        stack = [(document, 0)]
        while stack:
            item, depth = stack.pop()
            if depth > MAX_JSON_LD_DEPTH:
                continue
            if isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str):
                    yield value
                stack.extend((child, depth + 1) for child in reversed(list(item.values())) if isinstance(child, (dict, list)))
            elif isinstance(item, list):
                stack.extend((child, depth + 1) for child in reversed(item) if isinstance(child, (dict, list)))
