"""Page furniture: the words of a news page that are not the article.

Scraped pages carry the site around the article: section labels, font and
audio widgets, bylines, photo captions repeated with their credit, share and
comment boxes, tags, "read also" blocks, sometimes a whole second article.
Figures in that furniture are not facts of the article ("200 مليون دولار" in a
related headline), so it is cut before extraction.

The rules describe how news pages are built, not one site:

(a) tail cut — an end-of-article marker (source line, tags, comment box, rating,
    or a related-content heading with no paragraph after it) standing after the
    body ends the article: everything from it to the end goes;
(b) a related-content heading inside the body goes with the short link-like
    lines right after it, and only those;
(c) two or more consecutive short bulleted lines without final punctuation are
    a list of links;
(d) widget lines: a whole line of UI text (``data/furniture.tsv``);
(e) a line repeated verbatim (a photo caption shown twice) keeps its first copy;
(f) short non-sentence lines before the headline and after the last paragraph
    are labels and sign-offs.

Lines are matched on a *skeleton*: folded letters only, so digits, emoji,
punctuation and hamza or tanwin spelling do not matter.  Works on normalized
text (see ``normalize.py``); offsets of removed blocks are in the input text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extraction.arabic import fold
from extraction.lexicon import read_table
from extraction.normalize import normalize_arabic
from extraction.offsets import OffsetMap, OffsetMapBuilder


REASONS = (
    "header_furniture",
    "trailing_furniture",
    "related_articles",
    "list_of_links",
    "tags",
    "source_line",
    "widget",
    "navigation",
    "byline",
    "duplicate_line",
    "caption_credit",
)

# Roles of furniture.tsv whose phrases never occur in an article body.
MARKER_ROLES = ("related", "tags", "comment", "rating")
# Markers that end the article wherever they stand after the body.
_ALWAYS_ENDS = {"source": "source_line", "tags": "tags", "tags_soft": "tags", "comment": "widget", "rating": "widget"}
# Markers that end it only when no paragraph follows them.
_ENDS_IF_LAST = {"related": "related_articles", "related_soft": "related_articles", "share": "widget"}

_MAX_LINK_WORDS = 15  # a related headline is rarely longer
_MAX_LINKS_AFTER_HEADING = 12
_MAX_EDGE_WORDS = 5  # sign-offs, labels, rating buttons
_MAX_CREDIT_WORDS = 12

_WORD_RE = re.compile(r"[^\W_]+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CLOSERS = "\"'”’»)]}›*"
_SENTENCE_END = tuple(".!?؟…")
_BULLET_RE = re.compile(r"\s*[•·▪▫◦‣●○■□◆◇►▸▹➤➢✓✔*\-–—]\s")
_NAV_SEPARATOR_RE = re.compile(r"[|›»‹«>]+")
_SQUARE_CREDIT_RE = re.compile(r" ?\[[^\[\]\n]{1,150}\]$")
_PAREN_CREDIT_RE = re.compile(r" ?\([^()\n]{1,60}\)$")


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A span of the input that was cut, and why (one of ``REASONS``)."""

    start: int
    end: int
    reason: str
    text: str


def skeleton(text: str) -> str:
    """Folded letters of ``text``, one space between words: what a line *says*, spelling aside."""
    return " ".join(_LETTERS_RE.findall(fold(text).lower()))


@dataclass(frozen=True, slots=True)
class _Phrases:
    by_role: dict[str, frozenset[str]]  # role -> skeletons
    markers: tuple[str, ...]  # normalized spelling, for the data-quality check
    marker_re: re.Pattern  # folded markers, for the final sweep
    marker_role: dict[str, str]  # folded marker -> role


def _read_phrases() -> list[tuple[str, str]]:
    return [(phrase.strip(), role.strip()) for phrase, role, *_ in read_table("furniture.tsv")]


@cache
def _phrases() -> _Phrases:
    by_role: dict[str, set[str]] = {}
    markers: dict[str, None] = {}
    marker_role: dict[str, str] = {}
    for phrase, role in _read_phrases():
        by_role.setdefault(role, set()).add(skeleton(phrase))
        if role in MARKER_ROLES:
            normalized = normalize_arabic(phrase)[0]
            markers[normalized] = None
            marker_role[skeleton(normalized)] = role
    # the sweep matches folded text; a marker's letters with single spaces
    alternatives = sorted(marker_role, key=len, reverse=True)
    marker_re = re.compile("|".join(re.escape(a) for a in alternatives))
    return _Phrases(
        {role: frozenset(s) for role, s in by_role.items()}, tuple(markers), marker_re, marker_role
    )


FURNITURE_MARKERS: tuple[str, ...] = _phrases().markers


# ---------------------------------------------------------------------------
# Lines and what they look like


@dataclass(slots=True)
class _Line:
    start: int  # content start (leading spaces skipped)
    end: int  # content end (no newline)
    text: str
    words: int
    skeleton: str
    sentence_end: bool
    bullet: bool
    role: str | None = None  # furniture.tsv role or a structural one (navigation, byline)
    heading_only: bool = False  # a related/tags heading alone on its line (links follow it)

    @property
    def blank(self) -> bool:
        return self.start >= self.end


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS + " ").endswith(_SENTENCE_END)


def _split_lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        start = position + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        bullet = bool(_BULLET_RE.match(raw))
        lines.append(
            _Line(
                start,
                end,
                stripped,
                len(_WORD_RE.findall(stripped)),
                skeleton(stripped) if stripped else "",
                _ends_sentence(stripped),
                bullet,
            )
        )
        position += len(raw) + 1
    return lines


def _heading_regex(phrases: frozenset[str]) -> re.Pattern:
    """A line that opens with one of ``phrases`` followed by ':' '-' or '|' (folded text)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"[\W\d_]*(?:{alternatives}) ?[:：\-–—|]")


@cache
def _heading_regexes() -> dict[str, re.Pattern]:
    return {role: _heading_regex(phrases) for role, phrases in _phrases().by_role.items()}


def _classify(line: _Line) -> str | None:
    """The furniture role of a line taken alone, or None for a line that may be text."""
    if line.blank:
        return None
    roles, headings = _phrases().by_role, _heading_regexes()
    folded = fold(line.text).lower()
    for role in ("related", "related_soft", "tags", "tags_soft"):
        if line.skeleton in roles[role]:
            line.heading_only = True
            return role
        if headings[role].match(folded):
            return role
    if line.words <= 10:
        for role in ("comment", "rating"):
            if any(line.skeleton.startswith(p) for p in roles[role]):
                return role
    if line.words <= 12 and headings["source"].match(folded):
        return "source"
    if line.skeleton in roles["share"] and not line.sentence_end:
        return "share"
    if line.skeleton in roles["widget"] or not _WORD_RE.search(line.text):
        return "widget"
    if line.words <= 8 and not line.sentence_end and any(
        line.skeleton.startswith(p) for p in roles["widget_prefix"]
    ):
        return "widget"
    if _is_navigation(line):
        return "navigation"
    if _is_byline(line, roles["byline_prefix"]):
        return "byline"
    return None


def _is_navigation(line: _Line) -> bool:
    """A menu or breadcrumb line: three or more short items between | › » separators."""
    if line.sentence_end:
        return False
    parts = [p for p in _NAV_SEPARATOR_RE.split(line.text) if p.strip()]
    return len(parts) >= 3 and len(_NAV_SEPARATOR_RE.findall(line.text)) >= 2 and all(
        len(_WORD_RE.findall(p)) <= 3 for p in parts
    )


def _is_byline(line: _Line, prefixes: frozenset[str]) -> bool:
    """"أنس البار |" or "بقلم: فلان": a name with a separator or a byline word, nothing else."""
    if line.words > 6 or line.sentence_end:
        return False
    if line.text.endswith("|") or line.text.startswith("|"):
        return True
    first_word, _, rest = line.text.partition(" ")
    if skeleton(first_word) in prefixes or skeleton(first_word.rstrip(":")) in prefixes:
        return first_word.endswith(":") or rest[:1] in (":", "-", "–", "|") or line.words <= 4
    return False


def _is_body_paragraph(line: _Line) -> bool:
    return line.role is None and not line.bullet and (
        line.words >= 15 or (line.words >= 8 and line.sentence_end)
    )


def _is_link_like(line: _Line) -> bool:
    return not line.blank and 0 < line.words <= _MAX_LINK_WORDS and not line.sentence_end


# ---------------------------------------------------------------------------
# The rules


def _links_after(lines: list[_Line], heading: int) -> int:
    """Index after the link-like lines that follow a related-content heading."""
    end = heading + 1
    taken = 0
    i = heading + 1
    while i < len(lines) and taken < _MAX_LINKS_AFTER_HEADING:
        if lines[i].blank:
            i += 1
            continue
        if not _is_link_like(lines[i]) or lines[i].role in _ALWAYS_ENDS:
            break
        taken += 1
        i += 1
        end = i
    return end


def _find_tail_cut(lines: list[_Line], reasons: dict[int, str]) -> int:
    """Index of the line where the article ends (len(lines) when nothing ends it).

    Markers before the body, and related headings with paragraphs after them,
    are removed where they stand (with their links) instead.
    """
    count = len(lines)
    # body paragraphs before each line, and the next always-ending marker from each line
    bodies_before = [0] * (count + 1)
    for i, line in enumerate(lines):
        bodies_before[i + 1] = bodies_before[i] + _is_body_paragraph(line)
    next_end = [count] * (count + 1)
    for i in range(count - 1, -1, -1):
        next_end[i] = i if lines[i].role in _ALWAYS_ENDS else next_end[i + 1]
    first_body = next((i for i in range(count) if bodies_before[i + 1]), count)

    for i, line in enumerate(lines):
        role = line.role
        if role not in _ALWAYS_ENDS and role not in _ENDS_IF_LAST:
            continue
        links_end = _links_after(lines, i) if line.heading_only else i + 1
        if i > first_body:
            if role in _ALWAYS_ENDS:
                return i
            following = next_end[links_end]
            if bodies_before[following] == bodies_before[links_end]:
                return i  # nothing but furniture after it: the article ended here
        reason = _ALWAYS_ENDS.get(role) or _ENDS_IF_LAST[role]
        for j in range(i, links_end):
            if not lines[j].blank:
                reasons.setdefault(j, reason)
    return count


def _mark_link_lists(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(c) Runs of two or more short bulleted lines, unless a sentence ending in ':' introduces them."""
    run: list[int] = []
    introduced = False

    def close() -> None:
        if len(run) >= 2 and not introduced:
            for j in run:
                reasons.setdefault(j, "list_of_links")

    previous_text = ""
    for i in range(limit):
        line = lines[i]
        if line.blank:
            continue
        if line.bullet and _is_link_like(line) and i not in reasons:
            if not run:
                introduced = _introduces_list(previous_text)
            run.append(i)
        else:
            close()
            run = []
        previous_text = line.text
    close()


def _introduces_list(text: str) -> bool:
    """A sentence ending with ':' introduces a list of content ("وشملت الخسائر:")."""
    return text.endswith(":") and len(_WORD_RE.findall(text)) >= 4


def _mark_edges(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(f) Labels before the headline; sign-offs and buttons after the last paragraph."""
    kept = [i for i in range(limit) if not lines[i].blank and i not in reasons]
    headline = next((i for i in kept if lines[i].words >= 3), None)
    for i in kept:
        if headline is not None and i >= headline:
            break
        reasons[i] = "header_furniture"
    trailing_phrases = _phrases().by_role["trailing"]
    for i in reversed(kept):
        if headline is not None and i <= headline:
            break
        line = lines[i]
        if line.skeleton in trailing_phrases or (line.words <= _MAX_EDGE_WORDS and not line.sentence_end):
            reasons[i] = "trailing_furniture"
        else:
            break


def _mark_duplicates(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(e) A line repeated verbatim keeps its first occurrence."""
    seen: set[str] = set()
    for i in range(limit):
        line = lines[i]
        if line.blank or i in reasons:
            continue
        if line.text in seen:
            reasons[i] = "duplicate_line"
        seen.add(line.text)


def _sweep_markers(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """No line that still holds a marker phrase survives (the data-quality check relies on it)."""
    phrases = _phrases()
    role_reason = {"related": "related_articles", "tags": "tags", "comment": "widget", "rating": "widget"}
    for i in range(limit):
        if i in reasons or lines[i].blank:
            continue
        found = phrases.marker_re.search(lines[i].skeleton)
        if found:
            reasons[i] = role_reason[phrases.marker_role[found.group()]]


def _caption_credit(line: _Line) -> int | None:
    """Offset in the line where a trailing photo credit ("[مكتب رئيس الوزراء]", "(فيسبوك)") starts."""
    text = line.text
    square = _SQUARE_CREDIT_RE.search(text)
    if square and square.start() > 0 and len(_WORD_RE.findall(square.group())) <= _MAX_CREDIT_WORDS:
        return square.start()
    paren = _PAREN_CREDIT_RE.search(text)
    if paren and paren.start() > 0 and skeleton(paren.group()) in _phrases().by_role["photo_credit"]:
        return paren.start()
    return None


# ---------------------------------------------------------------------------


def strip_page_furniture(text: str) -> tuple[str, OffsetMap, list[RemovedBlock]]:
    """The article without its page furniture, the map back to ``text``, and what was cut."""
    lines = _split_lines(text)
    for line in lines:
        line.role = _classify(line)

    reasons: dict[int, str] = {}
    cut = _find_tail_cut(lines, reasons)
    for i in range(cut, len(lines)):
        if not lines[i].blank:
            line_role = lines[cut].role
            reasons[i] = _ALWAYS_ENDS.get(line_role) or _ENDS_IF_LAST.get(line_role, "trailing_furniture")
    for i in range(cut):
        role = lines[i].role
        if role in ("widget", "navigation", "byline") and i not in reasons:
            reasons[i] = role
    _mark_link_lists(lines, reasons, cut)
    _mark_duplicates(lines, reasons, cut)
    _mark_edges(lines, reasons, cut)
    _sweep_markers(lines, reasons, cut)

    credits: dict[int, int] = {}
    for i in range(cut):
        if i not in reasons and not lines[i].blank:
            offset = _caption_credit(lines[i])
            if offset is not None:
                credits[i] = lines[i].start + offset
    return _assemble(text, lines, reasons, credits)


def _assemble(
    text: str, lines: list[_Line], reasons: dict[int, str], credits: dict[int, int]
) -> tuple[str, OffsetMap, list[RemovedBlock]]:
    if not text:
        return "", OffsetMap.identity(0), []
    builder = OffsetMapBuilder()
    pieces: list[str] = []
    position = 0  # how far into ``text`` the output has reached
    kept = [i for i, line in enumerate(lines) if not line.blank and i not in reasons]
    for n, i in enumerate(kept):
        line = lines[i]
        gap = text[position : line.start]
        separator = "" if n == 0 else ("\n\n" if "\n\n" in gap else "\n")
        if separator and gap.startswith(separator):
            builder.copy(len(separator))
            builder.delete(len(gap) - len(separator))
        else:
            builder.replace(len(gap), len(separator))
        pieces.append(separator)
        end = credits.get(i, line.end)
        pieces.append(text[line.start : end])
        builder.copy(end - line.start)
        position = end
    builder.delete(len(text) - position)
    return "".join(pieces), builder.build(), _removed_blocks(text, lines, reasons, credits)


def _removed_blocks(
    text: str, lines: list[_Line], reasons: dict[int, str], credits: dict[int, int]
) -> list[RemovedBlock]:
    """Removed lines, consecutive ones with the same reason merged, and cut credits, in text order."""
    spans: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if i in reasons:
            reason = reasons[i]
            previous = spans[-1] if spans else None
            between = text[previous[1] : line.start] if previous else ""
            if previous and previous[2] == reason and not between.strip():
                spans[-1] = (previous[0], line.end, reason)
            else:
                spans.append((line.start, line.end, reason))
        elif i in credits:
            spans.append((credits[i], line.end, "caption_credit"))
    return [RemovedBlock(start, end, reason, text[start:end]) for start, end, reason in spans]
