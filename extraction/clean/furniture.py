"""Page furniture: the words of a news page that are not the article.

Scraped pages carry the site around the article: menus and section labels,
font, audio and share widgets, view counters and reading times, ad slots,
bylines and datelines, photo captions repeated with their credit, tags,
"read also" blocks (sometimes with a whole second article pasted under them),
comment boxes, encyclopedia footnotes and reference lists, markup left over
by the scraper, lines in other languages.  Figures in that furniture are not
facts of the article ("200 مليون دولار" in a related headline), so it is cut
before extraction, and every cut says why (``RemovedBlock.reason``).

The rules describe how news pages are built, not one site.  The language
knowledge (which words are widgets, section names, agencies, how a paragraph
that carries on an article opens) lives in ``data/furniture*.tsv``.

Whole lines (``_classify``, then structure):

(a) end of the article — a comment box, a rating widget or an encyclopedia's
    references heading after the body ends the article: everything from it
    to the end goes.  A source or tags line ends it too, unless the next body
    paragraph carries on the article (``وأضاف ...``, ``من جهته ...``): then
    only that line goes.  A related-content heading or share bar ends it when
    nothing but furniture follows;
(b) a related-content heading inside the body goes with the short link-like
    lines right after it; when a headline and a paragraph that opens like a
    lead follow (no connective, and a dateline or the day between commas:
    "أعلنت الوزارة، اليوم الأحد، ..."), that is another article pasted in,
    and it goes up to the next furniture marker or the end of the page;
(c) lists of links — two or more short bulleted lines, or three or more
    headline-like lines in a row after the body has begun, unless a sentence
    ending with ':' introduces them;
(d) navigation — a line of short items between separators (| › » >), or a
    run of one-to-three-word lines that names a site section;
(e) widget lines: a line of UI words only (share, print, font, listen ...);
    counters ("عدد المشاهدات: 1,234", "قراءة 3 دقائق", "منذ 3 ساعات", "💬 14");
    ad markers ("إعلان", "Advertisement"); copyright notices;
(f) bylines ("بقلم: فلان", "أنس البار |", "هسبريس - أ ف ب", "بروكسل: «الشرق الأوسط»");
(g) markup left by the scraper (tags, scripts, styles, bare URLs) and lines
    with no Arabic in them (other scripts), or in Persian or Kurdish;
(h) a line repeated (a photo caption shown twice, with or without its credit)
    keeps its first copy;
(i) short lines before the headline and after the last paragraph are labels
    and sign-offs; a block of three or more one-to-three-word lines between
    the headline and the first paragraph is an info box.

Parts of lines (the rest of the line stays):

(j) a photo credit ending a caption ("[مكتب رئيس الوزراء]", "(رويترز)", "- أرشيف");
(k) a dateline crediting a source at the start of a paragraph
    ("بغداد (رويترز) - ", "شفق نيوز/ ", "بيروت - «النهار»: "), a wire version
    label before a headline ("تحديث 2-");
(l) encyclopedia marks ("[1]", "[عدل]", "[بحاجة لمصدر]") after a sentence or
    at the end of a line, and anywhere when they hold words (a numbered mark
    inside a sentence stays: cutting there would leave the sentence's raw span
    holding text the sentence lacks, which test_cleaning's invariant forbids);
(m) markup inside a line (``<p>``, ``&nbsp;``, ``[caption ...]``, URLs, e-mails);
(n) a counter at the end of a metadata line ("... 10:30 | 1,234 مشاهدة");
(o) a related-content marker glued to the end of a paragraph ("... آخرون. اقرأ أيضا: ...").

"The body" begins at the first paragraph of sentences (a fifteen-word
headline is not it); markers before it are removed where they stand.

Lines are matched on a *skeleton*: folded letters only, so digits, emoji,
punctuation and hamza or tanwin spelling do not matter.  Works on normalized
text (see ``normalize.py``); offsets of removed blocks are in the input text.
Every pass is linear in the text: each line is looked at a bounded number of
times, and every regex is anchored or bounded around its repetitions.

Speed: a page is mostly paragraphs that no rule removes, so each rule asks first
what it can answer from what the line already holds, and runs its regexes only
where a match is possible: the line's first word against the first words of the
phrases that open a line, its whole skeleton in one table of every phrase, a
heading's separator near the start, a credit's bracket or dash near the end, a
count of words that stops at the largest threshold a rule compares it with, the
first three words of a line before its whole duplicate key.  The decisions are
those of the rules as first written, line by line: ``tests/furniture_reference.py``
keeps that version and ``tests/extraction/clean/test_furniture_equivalence.py`` compares the two.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.text.arabic import _DIACRITICS_RE, fold
from arqam.extraction.text.lexicon import read_table
from arqam.extraction.text.offsets import OffsetMap, OffsetMapBuilder

REASONS = (
    "header_furniture",  # labels and site names above the headline, info boxes below it
    "trailing_furniture",  # sign-offs and labels below the last paragraph
    "related_articles",  # a related-content heading and its links
    "pasted_article",  # another article pasted under a related-content heading
    "list_of_links",  # a list of headlines without a heading
    "tags",
    "source_line",
    "comments",  # the comment box and what follows it
    "references",  # an encyclopedia's notes, references and external links
    "widget",  # share, print, font, listen buttons; rating boxes; copyright lines
    "counter",  # view counters, reading times, "3 hours ago"
    "advertisement",
    "navigation",
    "byline",
    "dateline",
    "duplicate_line",
    "caption_credit",
    "footnote",
    "markup",
    "other_script",
)

# Roles of furniture.tsv whose phrases never occur in an article body.
MARKER_ROLES = ("related", "tags", "comment", "rating")
# Headings of link blocks (their link-like lines go with them).
_RELATED_ROLES = ("related", "related_soft", "sponsored")
# Markers that end the article wherever they stand after the body.
_ALWAYS_ENDS = {"comment": "comments", "comment_soft": "comments", "rating": "widget", "references": "references"}
# Markers that end it unless the next body paragraph carries the article on.
_ENDS_UNLESS_CONTINUED = {"source": "source_line", "tags": "tags", "tags_soft": "tags"}
# Markers that end it only when no paragraph follows them.
_ENDS_IF_LAST = {"related": "related_articles", "related_soft": "related_articles", "sponsored": "advertisement", "share": "widget"}
_END_ROLES = frozenset(_ALWAYS_ENDS) | frozenset(_ENDS_UNLESS_CONTINUED)
_STRUCTURAL_ROLES = _END_ROLES | frozenset(_ENDS_IF_LAST)
# Roles of single lines, and the reason they are removed with.
_LINE_REASONS = {
    "widget": "widget",
    "counter": "counter",
    "ad": "advertisement",
    "navigation": "navigation",
    "byline": "byline",
    "markup": "markup",
    "other_script": "other_script",
}

_MAX_PHRASE_WORDS = 6  # the longest phrase of furniture.tsv that opens a line
_MAX_LINK_WORDS = 15  # a related headline is rarely longer
_MAX_LINKS_AFTER_HEADING = 12
_MAX_EDGE_WORDS = 5  # sign-offs, labels, rating buttons
_MAX_CREDIT_WORDS = 12
_MAX_MENU_WORDS = 3  # a menu item, a section label, an info box row
_MAX_META_WORDS = 25  # a metadata line (date, byline, counters) is short
_LEAD_HEAD_CHARACTERS = 200  # a lead names its day in its first clause

_WORD_RE = re.compile(r"[^\W_]+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u063a\u0641-\u064a]")
_CLOSERS = "\"'”’»)]}›*"
_SENTENCE_END = tuple(".!?؟…")
_BULLET_RE = re.compile(r"\s*[•·▪▫◦‣●○■□◆◇►▸▹➤➢✓✔*\-–—]\s")
# A run of menu separators.  A pattern that opens with a repetition, or with an alternation that
# mixes a class with other alternatives, is tried in full at every character of a line; one that
# opens with one class, or whose alternatives each open with their own character, lets the scan
# jump to the next of those characters.  Hence one separator, each its own alternative, then more.
_NAV_SEPARATOR = r"(?:\||›|»|‹|«|>|&(?:gt|raquo|rsaquo|laquo|lsaquo);)"
_NAV_SEPARATOR_RE = re.compile(f"{_NAV_SEPARATOR}{_NAV_SEPARATOR}*")
_SQUARE_CREDIT_RE = re.compile(r" ?\[[^\[\]\n]{1,150}\]$")
_PAREN_CREDIT_RE = re.compile(r" ?\([^()\n]{1,60}\)$")
_DASH_CREDIT_RE = re.compile(r" [-–—|/] ?([^\-–—|/\n]{1,60})$")
_PARENTHESIZED_RE = re.compile(r"[\-–—\s]*\(\(?[^()\n]{1,300}\)\)?[.\s]*")
_DIGIT_RE = re.compile(r"\d")
_TIME_OR_DATE_RE = re.compile(r"\d{1,2}:\d{2}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_TRAILING_NUMBER_RE = re.compile(r"(?:(?<=\s)|^)(?:[^\w\s]{1,3} ?)?\d{1,3}(?:[,.]\d{3}){0,3}$|(?:(?<=\s)|^)\d{1,7}$")

# Markup a scraper leaves: tags, entities, shortcodes, bare URLs and e-mails.
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,15}(?:\s[^<>\n]{0,300})?/?>|<!--[^\n]{0,300}?-->")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#[xX][0-9a-fA-F]{1,5});")
_SHORTCODE_RE = re.compile(r"\[/?[a-z][a-z_\-]{1,20}(?:\s[^\[\]\n]{0,300})?\]")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]{1,300}|\bpic\.twitter\.com/\w{1,40}")
_EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,4}")
_INLINE_MARKUP_RE = re.compile("|".join(p.pattern for p in (_TAG_RE, _ENTITY_RE, _SHORTCODE_RE, _URL_RE, _EMAIL_RE)))
_CODE_RE = re.compile(r"[{};]|=>|\bfunction\s?\(|\b(?:var|const|let)\s\w|\bwindow\.|\bdocument\.|@media\b")
_SAFE_ENTITY_CHARACTERS = frozenset(" &<>\"'«»“”‘’–—…،؛؟-")


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




# ---------------------------------------------------------------------------
# Language data


@dataclass(frozen=True, slots=True)
class _Phrases:
    by_role: dict[str, frozenset[str]]  # role -> skeletons
    markers: tuple[str, ...]  # normalized spelling, for the data-quality check
    marker_re: re.Pattern  # folded markers, for the final sweep
    marker_role: dict[str, str]  # folded marker -> role
    widget_words: frozenset[str]  # every word of share and widget phrases
    credits: frozenset[str]  # photo credits and agencies
    footnote_re: re.Pattern  # encyclopedia marks: a chain of [..] at a safe place
    worded_footnote_re: re.Pattern  # [بحاجة لمصدر], [عدل]: anywhere
    counter_tail_re: re.Pattern  # a counter ending a metadata line (folded text)
    counter_labels: frozenset[str]  # words that make a number a counter anywhere ("مشاهدة")
    number_words: frozenset[str]  # cardinals and scale words (number_words.tsv, scale_words.tsv): "تسعة دقائق"
    lead_time_re: re.Pattern  # "، اليوم الأحد،": the day of a lead between commas (folded text)
    photo_label_re: re.Pattern  # " - صورة: فلان" ending a caption (folded text)
    credit_opening_re: re.Pattern  # a dateline credit does not open with a preposition (folded text)
    wire_slug_re: re.Pattern  # "تحديث 2-" before a headline (folded text)
    openers: dict[str, frozenset[str]]  # furniture_openers.tsv role -> skeletons
    other_language_words: frozenset[str]


def _read_phrases() -> list[tuple[str, str]]:
    return [(phrase.strip(), role.strip()) for phrase, role, *_ in read_table("furniture.tsv")]


def _trie(words: Iterable[str]) -> str:
    """A regex of ``words`` as a tree of their letters: at a position, it matches the longest word
    there (as an alternation longest first does), trying one branch per letter instead of every word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")" + ("?" if "" in node else "")

    return branch(root)


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of folded phrases, longest first, a space matching any run of separators."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s:]{1,3}") for p in ordered)


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
    roles = {role: frozenset(s) for role, s in by_role.items()}
    # the sweep matches skeletons; a marker's letters with single spaces
    marker_re = re.compile(_trie(marker_role))
    widget_words = frozenset(
        word
        for role in ("share", "widget")
        for phrase in roles[role]
        for word in phrase.split()
        if len(word) >= 3 and word not in roles["not_a_name"]
    )
    credits = roles["photo_credit"] | roles["agency"]
    footnote_words = _alternatives(roles["footnote"])
    mark = rf"\[\s?(?:\d{{1,3}}|[^\W\d_]|(?:{footnote_words})(?: \d{{1,3}})?)\s?\]"
    # safe places: right after a sentence end (two letters before it, whitespace after) or ending the line
    footnote_re = re.compile(
        rf"(?<=[^\W\d_][^\W\d_][.!?؟…])(?:{mark}){{1,6}}(?=\s)|(?<=\S)(?:{mark}){{1,6}}(?=\s*$)"
    )
    worded_footnote_re = re.compile(rf"\[\s?(?:{footnote_words})(?: \d{{1,3}})?\s?\]")
    counter = _alternatives(roles["counter_word"])
    counter_words = rf"(?:{counter})(?: (?:{counter})){{0,2}}"
    number = r"\d{1,3}(?:[,.]\d{1,3}){0,3}\s?[km]?"
    counter_tail_re = re.compile(
        rf"(?:^|\s)(?:[^\w\s]{{1,3}} ?)?(?:{number} ?{counter_words}|{counter_words} ?:? ?{number}(?: {counter_words})?)\s?$"
    )
    wire_slug_re = re.compile(rf"(?:{_alternatives(roles['wire_slug'])}) ?\d{{1,2}} ?[-–—] ?")
    openers: dict[str, set[str]] = {}
    for phrase, role, *_ in read_table("furniture_openers.tsv"):
        openers.setdefault(role.strip(), set()).add(skeleton(phrase))
    other_language = frozenset(skeleton(word) for word, *_ in read_table("furniture_other_languages.tsv"))
    number_words = frozenset(
        skeleton(form)
        for forms, _value, cls, *_ in read_table("number_words.tsv")
        if cls.strip() in ("unit", "ten", "hundred", "teen", "teen_head")
        for form in forms.split()
    ) | frozenset(skeleton(form) for forms, *_ in read_table("scale_words.tsv") for form in forms.split())
    times = _alternatives(openers["lead_time"])
    lead_time_re = re.compile(rf"[،,] ?\(?(?:(?:{times})\)? ?){{1,4}}[،,]")
    photo_label_re = re.compile(
        rf" ?(?:[-–—|/] ?|\( ?)(?:{_alternatives(roles['photo_label'])})\s?:[^\n()]{{1,60}}\)?$"
    )
    credit_opening_re = re.compile(rf"(?:{_alternatives(roles['not_a_name'])}) ")
    return _Phrases(
        by_role=roles,
        markers=tuple(markers),
        marker_re=marker_re,
        marker_role=marker_role,
        widget_words=widget_words,
        credits=credits,
        footnote_re=footnote_re,
        worded_footnote_re=worded_footnote_re,
        counter_tail_re=counter_tail_re,
        counter_labels=roles["counter_label"],
        number_words=number_words,
        lead_time_re=lead_time_re,
        photo_label_re=photo_label_re,
        credit_opening_re=credit_opening_re,
        wire_slug_re=wire_slug_re,
        openers={role: frozenset(s) for role, s in openers.items()},
        other_language_words=other_language,
    )


FURNITURE_MARKERS: tuple[str, ...] = _phrases().markers


# ---------------------------------------------------------------------------
# Lines and what they look like


@dataclass(slots=True)
class _Line:
    start: int  # content start (leading spaces skipped)
    end: int  # content end (no newline)
    text: str
    folded: str  # fold(text).lower(), as long as text when the page is normalized
    words: int  # words and numbers, markup aside (up to _COUNT_CAP)
    letter_words: int  # words with letters only (up to _COUNT_CAP)
    skeleton: str
    runs: list[str]  # the skeleton's words
    exact_runs: bool  # they are the letter words of ``text`` as written, folded (no markup, no marks)
    sentence_end: bool
    bullet: bool
    has_digit: bool
    arabic: bool
    markup_only: bool  # nothing but tags, entities, URLs
    blank: bool
    aligned: bool  # offsets in ``folded`` are offsets in ``text`` (normalized text has no diacritics to fold away)
    role: str | None = None  # furniture.tsv role or a structural one (navigation, byline ...)
    heading_only: bool = False  # a related/tags heading alone on its line (links follow it)
    credit: int | None = -1  # _caption_credit of the whole line, once asked (-1: not asked yet)
    cuts: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, reason, replacement)



_CLOSERS_AND_SPACE = _CLOSERS + " "


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS_AND_SPACE).endswith(_SENTENCE_END)


# A count of words (or of letter words) is only ever compared with thresholds of 40 and below, so
# a line's count stops at _COUNT_CAP: one bounded match tells a long paragraph apart without listing
# its hundreds of words.
_COUNT_CAP = 41
_MANY_WORDS_RE = re.compile(rf"[\W_]*+(?:[^\W_]++[\W_]*+){{{_COUNT_CAP}}}")
_MANY_LETTER_WORDS_RE = re.compile(rf"[\W\d_]*+(?:[^\W\d_]++[\W\d_]*+){{{_COUNT_CAP}}}")


def _count(pattern: re.Pattern, many: re.Pattern, text: str) -> int:
    """Runs of ``pattern`` in ``text``, up to _COUNT_CAP (a text too short to hold that many runs,
    one character each and one between each two, is counted at once: most lines are short)."""
    if len(text) < 2 * _COUNT_CAP - 1:
        return len(pattern.findall(text))
    return _COUNT_CAP if many.match(text) else len(pattern.findall(text))


def _split_lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    folded = fold(text).lower()  # once for the page: folding line by line costs several times more
    folded_text = folded if len(folded) == len(text) else None
    # folding maps letter to letter and nothing else to a letter, one character for one, unless it
    # removes marks or lower-casing lengthens a letter: then a line's letter words are those of its skeleton
    same_letters = folded_text is not None and "\u0130" not in text and _DIACRITICS_RE.search(text) is None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            start = position + len(raw)
            lines.append(_Line(start, start, "", "", 0, 0, "", [], True, False, False, False, False, False, True, True))
            position += len(raw) + 1
            continue
        start = position + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        folded = folded_text[start:end] if folded_text is not None else fold(stripped).lower()
        shape = stripped
        if "<" in shape or "&" in shape or "[" in shape or "://" in shape or "@" in shape or "www." in shape:
            shape = _INLINE_MARKUP_RE.sub(" ", shape).strip()  # what the line says, markup aside
        exact_runs = shape is stripped and same_letters
        if exact_runs:
            runs = _LETTERS_RE.findall(folded)
            letter_words = min(len(runs), _COUNT_CAP)
        else:
            runs = _LETTERS_RE.findall(folded) if shape is stripped else skeleton(shape).split()
            letter_words = _count(_LETTERS_RE, _MANY_LETTER_WORDS_RE, shape)
        has_digit = _DIGIT_RE.search(shape) is not None
        # with no digit, a line's words are its letter words
        words = letter_words if exact_runs and not has_digit else _count(_WORD_RE, _MANY_WORDS_RE, shape)
        lines.append(
            _Line(
                start,
                end,
                stripped,
                folded,
                words,
                letter_words,
                " ".join(runs),
                runs,
                exact_runs,
                _ends_sentence(shape),
                bool(_BULLET_RE.match(raw)),
                has_digit,
                bool(_ARABIC_LETTER_RE.search(shape)),
                not shape,
                False,
                len(folded) == len(stripped),
            )
        )
        position += len(raw) + 1
    return lines


def _heading_regex(phrases: frozenset[str]) -> re.Pattern:
    """A line that opens with one of ``phrases`` followed by ':' '-' or '|' (folded text); a phrase
    that ends in "في" takes the site's name first ("أيضا في سبوتنيك: ...")."""
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(
        re.escape(p) + (r"(?: [^\s:：|\-–—]{1,20}){1,2}" if p.endswith(" في") else "") for p in ordered
    )
    return re.compile(rf"[\W\d_]{{0,10}}(?:{alternatives}) ?[:：\-–—|]")


@cache
def _heading_regexes() -> dict[str, re.Pattern]:
    return {role: _heading_regex(phrases) for role, phrases in _phrases().by_role.items()}


_HEADING_ROLES = ("related", "related_soft", "sponsored", "tags", "tags_soft", "references")
_NO_ROLES: frozenset[str] = frozenset()


@cache
def _skeleton_roles() -> dict[str, frozenset[str]]:
    """Skeleton -> the roles whose phrases include it: one lookup for a line's whole-line phrases."""
    roles: dict[str, set[str]] = {}
    for role, phrases in _phrases().by_role.items():
        for phrase in phrases:
            roles.setdefault(phrase, set()).add(role)
    return {phrase: frozenset(found) for phrase, found in roles.items()}


def _classify(line: _Line) -> str | None:
    """The furniture role of a line taken alone, or None for a line that may be text."""
    if line.blank:
        return None
    if line.markup_only:
        return "markup"
    phrases = _phrases()
    roles = phrases.by_role
    folded = line.folded
    hits = _skeleton_roles().get(line.skeleton, _NO_ROLES)  # the roles whose phrases the whole line is
    # a heading's separator comes within _heading_reach() characters of the line's start
    maybe_heading = _HEADING_SEPARATOR_RE.search(folded, 0, _heading_reach()) is not None
    if hits or maybe_heading:
        headings = _heading_regexes()
        for role in _HEADING_ROLES:
            if role in hits:
                line.heading_only = True
                return role
            if maybe_heading and role != "references" and headings[role].match(folded):
                return role
    words, sentence_end = line.words, line.sentence_end
    # a phrase that opens the line opens with the line's first word
    maybe_opener = bool(line.runs) and line.runs[0] in _opener_first_words()
    if words <= 10 and maybe_opener:
        for role in ("comment", "comment_soft", "rating"):
            if _opens_with(line, roles[role]):
                return role
    if words <= 12 and maybe_heading and _heading_regexes()["source"].match(folded):
        return "source"
    if "share" in hits and not sentence_end:
        return "share"
    if "ad" in hits:
        return "ad"
    if not line.arabic and _CODE_RE.search(line.text):
        return "markup"
    if words <= 8 and not sentence_end and _is_counter(line):
        return "counter"
    if "widget" in hits or not _WORD_RE.search(line.text):
        return "widget"
    if not sentence_end and line.letter_words and words <= 12 and phrases.widget_words.issuperset(line.runs):
        return "widget"  # "شارك فيسبوك إكس واتساب نسخ الرابط"
    if words <= 8 and not sentence_end and maybe_opener and _opens_with(line, roles["widget_prefix"]):
        return "widget"
    if words <= 20 and ("©" in line.text or _copyright_re().search(line.skeleton)):
        return "widget"
    if not line.arabic and line.letter_words:
        return "other_script"
    if _is_other_language(line):
        return "other_script"
    if not sentence_end and words <= 10 and _is_byline(line):
        return "byline"
    if (not sentence_end and _is_navigation(line)) or _is_ticker(line):
        return "navigation"
    if words <= 40 and _is_market_bar(line):
        return "widget"
    return None


_HEADING_SEPARATOR_RE = re.compile(r"[:：\-–—|]")


@cache
def _heading_reach() -> int:
    """How far into a line the separator of a heading (_heading_regex) can stand."""
    phrases = [p for role in (*_RELATED_ROLES, "tags", "tags_soft", "source") for p in _phrases().by_role[role]]
    tail = 2 * 21 if any(p.endswith(" في") for p in phrases) else 0  # the site's name after "في"
    return 10 + max(map(len, phrases)) + tail + 2


@cache
def _opener_first_words() -> frozenset[str]:
    """First words of the phrases that open a line (see _opens_with)."""
    roles = ("comment", "comment_soft", "rating", "widget_prefix")
    return frozenset(p.split(" ", 1)[0] for role in roles for p in _phrases().by_role[role])


@cache
def _copyright_re() -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in sorted(_phrases().by_role["copyright"], key=len, reverse=True)))


def _opens_with(line: _Line, phrases: frozenset[str]) -> bool:
    """The line's first words are one of ``phrases`` (whole words: "نشر في" does not open "نشر فيديو")."""
    words = line.runs
    return any(" ".join(words[:n]) in phrases for n in range(1, min(len(words), _MAX_PHRASE_WORDS) + 1))


def _is_counter(line: _Line) -> bool:
    """A view counter, reading time or "3 hours ago": counter words and a number (in digits or
    words: "قراءة 3 دقائق", "تسعة دقائق", "197.7 ألف مشاهدة"), or an icon and a number ("💬 14")."""
    if line.words > 8 or line.sentence_end:
        return False
    phrases = _phrases()
    words = line.runs
    if words and words[0] not in phrases.by_role["counter_word"] and words[0] not in phrases.number_words:
        return False  # every word is a counter word or a number
    counters = [w for w in words if w in phrases.by_role["counter_word"]]
    numbers = [w for w in words if w in phrases.number_words]
    stamp = any(word in phrases.by_role["time_stamp"] for word in words)  # "منذ ساعتين": no digit needed
    if len(counters) + len(numbers) < len(words) or not (line.has_digit or numbers or stamp):
        return False
    return bool(counters) or any(unicodedata.category(ch) == "So" for ch in line.text)


def _is_other_language(line: _Line) -> bool:
    """A Persian or Kurdish line, written in Arabic letters (see furniture_other_languages.tsv)."""
    words = line.runs
    if len(words) < 3 or _phrases().other_language_words.isdisjoint(words):
        return False
    foreign = sum(word in _phrases().other_language_words for word in words)
    return foreign >= 2 and 4 * foreign >= len(words)


_TICKER_RE = re.compile(r"[ \t]{0,3}([^|:\s][^|:\n]{0,19}?)[ \t]{0,3}[|:]")  # bounded: a label opens the line


_TICKER_LABEL_END_RE = re.compile(r"[|:]")  # _TICKER_RE's separator stands within 27 characters

_TICKER_HEADS = ("عاجل", "اخبار عاجله", "الاخبار العاجله", "خبر عاجل", "شريط الاخبار", "اخر الاخبار", "الان")
# an ellipsis between items: "شريط الأخبار: ... ... " (one character per alternative, as _NAV_SEPARATOR)
_TICKER_SEPARATORS_RE = re.compile(r"\||◄|►|●|•|▪|◆|■|…|\.\.\. ")


def _is_ticker(line: _Line) -> bool:
    """A breaking-news ticker: a section label, a separator and a headline ("عاجل | التخطيط: نسبة
    الفقر تنخفض إلى 17%"), or a ticker's label and its items on one line ("آخر الأخبار ◄ ... ◄ ..."،
    "شريط الأخبار: ... | ..."), with no full stop."""
    if line.sentence_end and not _TICKER_SEPARATORS_RE.search(line.text):
        return False
    match = _TICKER_RE.match(line.text) if _TICKER_LABEL_END_RE.search(line.text, 0, 27) else None
    if match is not None and skeleton(match.group(1)) in _phrases().by_role["section"] and line.words <= 30:
        return True
    words = line.runs
    if (words[0] if words else "") not in _first_words(_TICKER_HEADS):
        return False
    head = next((h for h in _TICKER_HEADS if " ".join(words[: len(h.split())]) == h), None)
    return head is not None and len(words) > len(head.split()) and (
        bool(_TICKER_SEPARATORS_RE.search(line.text)) or ":" in line.text or not line.sentence_end
    )


def _opens_with_words(line: _Line, heads: tuple[str, ...]) -> bool:
    """The line's first whole words are one of ``heads`` (skeleton forms)."""
    words = line.runs
    if (words[0] if words else "") not in _first_words(heads):
        return False
    return any(" ".join(words[: len(head.split())]) == head for head in heads)


@cache
def _first_words(heads: tuple[str, ...]) -> frozenset[str]:
    return frozenset(head.split()[0] for head in heads)


_MARKET_HEADS = ("سعر صرف", "اسعار الصرف", "اسعار العملات", "سعر الدولار", "اسعار الذهب", "اسعار النفط", "الطقس")
_DEGREES_RE = re.compile(r"\d\s?°|°\s?\d")
_RATE_RE = re.compile(r"\d[\d,.]{0,15}\s?[^\W\d_]{0,12}\s?=\s?\d")  # bounded: "100 دولار = 142,100"


def _is_market_bar(line: _Line) -> bool:
    """A currency, fuel, gold or weather bar: "سعر صرف الدولار: 89,700 ليرة | صفيحة البنزين ..."،
    "100 دولار = 142,100 دينار"، "أربيل 36°"."""
    if line.words > 40:
        return False
    if _opens_with_words(line, _MARKET_HEADS):
        return True
    return not line.sentence_end and bool(
        ("=" in line.text and _RATE_RE.search(line.text)) or ("°" in line.text and _DEGREES_RE.search(line.text))
    )


def _is_navigation(line: _Line) -> bool:
    """A menu or breadcrumb line: three or more short items between | › » separators."""
    if line.sentence_end or len(_NAV_SEPARATOR_RE.findall(line.text)) < 2:
        return False
    parts = [p for p in _NAV_SEPARATOR_RE.split(line.text) if p.strip()]
    return len(parts) >= 3 and all(
        len(_WORD_RE.findall(p)) <= 3 for p in parts
    )


_BYLINE_PARTS_RE = re.compile(r"[\-–—|/:،,«»()]+")
_AGENCY_SAYS_RE = re.compile(r"[^:\-–—|/]{1,40}:")
_QUOTED_SITE_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)? ?[:\-–—/] ?«[^«»\n]{1,40}»(?:[،,] ?[^\W\d_]+(?: [^\W\d_]+)?)?")


def _is_byline(line: _Line) -> bool:
    """"أنس البار |", "بقلم: فلان", "هسبريس - أ ف ب", "بروكسل: «الشرق الأوسط»": who wrote it, nothing else."""
    if line.sentence_end or line.words > 10:
        return False
    if line.words <= 6 and (line.text.endswith("|") or line.text.startswith("|")):
        return True
    phrases = _phrases()
    if line.exact_runs and (not line.runs or line.runs[0] not in _byline_first_words()):
        # the first word's skeleton opens the line's; a credit's first word is one of the line's words
        if line.words > 8 or _credit_first_words().isdisjoint(line.runs):
            return False
    first_word, _, rest = line.text.partition(" ")
    first = skeleton(first_word)
    labelled = first_word.endswith(":") or rest[:1] in (":", "-", "–", "|")
    if first in phrases.by_role["byline_prefix"]:
        return labelled or line.words <= 4
    if first in phrases.by_role["byline_label"]:
        return labelled
    if line.words > 8:
        return False
    parts = [p for p in (skeleton(p) for p in _BYLINE_PARTS_RE.split(line.text)) if p]
    credited = [p for p in parts if p in phrases.credits]
    if len(parts) < 2 or not credited or not all(p in credited or p.count(" ") < 3 for p in parts):
        return False  # places and names around an agency, nothing else
    # "رويترز: انسحاب أمريكي قريب" is a headline: the agency says something
    return not (parts[0] in credited and _AGENCY_SAYS_RE.match(line.text))


@cache
def _byline_first_words() -> frozenset[str]:
    roles = _phrases().by_role
    words = frozenset(p.split(" ", 1)[0] for p in roles["byline_prefix"] | roles["byline_label"])
    assert "" not in words, "an empty byline phrase would match a line whose first word has no letters"
    return words


@cache
def _credit_first_words() -> frozenset[str]:
    return frozenset(p.split(" ", 1)[0] for p in _phrases().credits)


def _is_quoted_site_byline(line: _Line) -> bool:
    """"بروكسل: «الشرق الأوسط»": a place and a quoted paper (under the headline only: "بايدن: «الحرب انتهت»" heads an article)."""
    return line.words <= 5 and not line.sentence_end and _QUOTED_SITE_RE.fullmatch(line.text) is not None


def _is_weak_byline(line: _Line) -> bool:
    """"من أحمد رشيد وتيمور أزهري": a wire byline, a name after "من" and no other word of a sentence."""
    if line.sentence_end or line.has_digit or not 2 <= line.words <= 6:
        return False
    words = line.skeleton.split()
    if words[0] not in _phrases().by_role["byline_weak"]:
        return False
    return not any(word in _phrases().by_role["not_a_name"] for word in words[1:])




def _is_body_paragraph(line: _Line) -> bool:
    return line.role is None and not line.bullet and (
        line.words >= 15 or (line.words >= 8 and line.sentence_end)
    )


def _is_prose(line: _Line) -> bool:
    """A paragraph of the article for sure: sentences, or too long for a headline."""
    return line.role is None and not line.bullet and (
        (line.words >= 8 and line.sentence_end) or line.words >= 25
    )


_DATA_ROW_WORDS = 4  # words on each side of the colon of a row of a fact box
_CLOCK_RE = re.compile(r"\d:\d")  # a colon between digits is a time ("13:40"), not a row


def _is_data_row(line: _Line) -> bool:
    """A row of a fact box or a timeline: a short label, a colon, a figure ("2016: 5200 جندي"،
    "القتلى: 12"، "سوريا: 25 عملية"); not a linked headline ("بغداد: مقتل 3 جنود في هجوم شمال المدينة")."""
    label, colon, value = line.text.partition(":") if ":" in line.text else line.text.partition("：")
    if not colon or not any(ch.isdigit() for ch in value) or _CLOCK_RE.search(line.text):
        return False
    return len(_WORD_RE.findall(label)) <= _DATA_ROW_WORDS and len(_WORD_RE.findall(value)) <= _DATA_ROW_WORDS


def _introduces(line: _Line) -> bool:
    """A heading that ends with a colon introduces what follows it ("أعداد القوات الأمريكية في العراق:")."""
    return line.text.rstrip().endswith((":", "："))


def _is_link_like(line: _Line) -> bool:
    """A short line with no full stop: a link's title (a question is one too: "ماذا نعرف عن ...؟")."""
    return not line.blank and 0 < line.words <= _MAX_LINK_WORDS and (
        not line.sentence_end or line.text.rstrip(_CLOSERS + " ").endswith(("?", "؟"))
    )


# ---------------------------------------------------------------------------
# How a paragraph opens (furniture_openers.tsv)


def _continues(line: _Line) -> bool:
    """The paragraph carries on the article above it: "وأضاف ..."، "من جهته ..."، "كما ..."."""
    openers = _phrases().openers
    words = line.skeleton.split()[:3]
    if not words:
        return False
    if any(" ".join(words[:n]) in openers["continues"] for n in (3, 2, 1)):
        return True
    first = words[0]
    return first.startswith("و") and len(first) >= 3 and first not in openers["not_conjunction"]


def _opens_like_a_lead(line: _Line) -> bool:
    """Not a continuation, and a dateline, or the day between commas in its first clause:
    "أعلنت الوزارة، اليوم الأحد، ..."، "كشف الوزير، مساء الخميس، ..." ("الخميس الماضي، قتل ..." is not)."""
    if _continues(line):
        return False
    if _dateline_end(line) is not None:
        return True
    head = fold(line.text[:_LEAD_HEAD_CHARACTERS]).lower()
    return _phrases().lead_time_re.search(head) is not None


# ---------------------------------------------------------------------------
# Structure: where the article ends, related blocks, pasted articles


@dataclass(slots=True)
class _Scan:
    """Indexes computed once, so that every structural question is answered in O(1)."""

    first_body: int  # the first paragraph of sentences (len(lines) when there is none)
    bodies_before: list[int]  # body paragraphs before each line
    next_body: list[int]  # index of the next body paragraph at or after each line
    next_marker: list[int]  # index of the next structural marker at or after each line
    next_end: list[int]  # index of the next end marker at or after each line


def _scan(lines: list[_Line]) -> _Scan:
    count = len(lines)
    body = [_is_body_paragraph(line) for line in lines]
    bodies_before = [0] * (count + 1)
    for i in range(count):
        bodies_before[i + 1] = bodies_before[i] + body[i]
    next_body, next_marker, next_end = [count] * (count + 1), [count] * (count + 1), [count] * (count + 1)
    for i in range(count - 1, -1, -1):
        role = lines[i].role
        next_body[i] = i if body[i] else next_body[i + 1]
        next_marker[i] = i if role in _STRUCTURAL_ROLES else next_marker[i + 1]
        next_end[i] = i if role in _END_ROLES else next_end[i + 1]
    # a fifteen-word headline is not where the body begins: the first paragraph of sentences is
    first_body = next((i for i in range(count) if _is_prose(lines[i])), count)
    return _Scan(first_body, bodies_before, next_body, next_marker, next_end)


def _links_after(lines: list[_Line], heading: int) -> int:
    """Index after the link-like lines that follow a related-content heading."""
    end = heading + 1
    taken = 0
    i = heading + 1
    while i < len(lines) and taken < _MAX_LINKS_AFTER_HEADING:
        if lines[i].blank:
            i += 1
            continue
        if not _is_link_like(lines[i]) or lines[i].role in _STRUCTURAL_ROLES:
            break
        taken += 1
        i += 1
        end = i
    return end


def _pasted_article_end(lines: list[_Line], heading: int, links_end: int, scan: _Scan) -> int | None:
    """(b) Where an article pasted under a related heading ends, or None when none is pasted there.

    A headline (a link line, or the heading line's own text) and then a paragraph
    that opens like a lead: another article, up to the next furniture marker.
    """
    if links_end == heading + 1 and lines[heading].heading_only:
        return None  # no headline
    j = links_end
    while j < len(lines) and lines[j].blank:
        j += 1
    if j >= len(lines) or not _is_body_paragraph(lines[j]) or not _opens_like_a_lead(lines[j]):
        return None
    return scan.next_marker[j + 1]


def _mark(lines: list[_Line], reasons: dict[int, str], start: int, end: int, reason: str) -> None:
    for j in range(start, end):
        if not lines[j].blank:
            reasons.setdefault(j, reason)


def _find_tail_cut(lines: list[_Line], reasons: dict[int, str], scan: _Scan) -> int:
    """(a, b) Index of the line where the article ends (len(lines) when nothing ends it).

    Markers before the body, and markers with the article going on after them,
    are removed where they stand (with their links, or the article pasted under them).
    """
    count = len(lines)
    i = 0
    while i < count:
        line = lines[i]
        role = line.role
        if role not in _STRUCTURAL_ROLES or i in reasons:
            i += 1
            continue
        links_end = _links_after(lines, i) if line.heading_only else i + 1
        reason = _ALWAYS_ENDS.get(role) or _ENDS_UNLESS_CONTINUED.get(role) or _ENDS_IF_LAST[role]
        if i > scan.first_body:
            if role in _ALWAYS_ENDS:
                return i
            if role in _ENDS_UNLESS_CONTINUED:
                following = scan.next_body[links_end]
                if following == count or scan.next_marker[links_end] < following or not _continues(lines[following]):
                    return i
            else:
                if role in _RELATED_ROLES:
                    pasted_end = _pasted_article_end(lines, i, links_end, scan)
                    if pasted_end is not None:
                        _mark(lines, reasons, i, links_end, reason)
                        _mark(lines, reasons, links_end, pasted_end, "pasted_article")
                        i = pasted_end
                        continue
                following = scan.next_end[links_end]
                if scan.bodies_before[following] == scan.bodies_before[links_end]:
                    return i  # nothing but furniture after it: the article ended here
        _mark(lines, reasons, i, links_end, reason)
        i = links_end
    return count


# ---------------------------------------------------------------------------
# Runs of short lines


def _introduces_list(text: str) -> bool:
    """A sentence ending with ':' introduces a list of content ("وشملت الخسائر:")."""
    return text.endswith(":") and len(_WORD_RE.findall(text)) >= 4


def _runs(
    lines: list[_Line], reasons: dict[int, str], start: int, limit: int, member: Callable[[_Line], object]
) -> Iterator[tuple[list[int], bool]]:
    """Runs of lines that ``member`` accepts (blank and already removed lines do not break a run),
    each with whether a sentence ending in ':' introduces it."""
    run: list[int] = []
    introduced = False
    previous_text = ""
    for i in range(start, limit):
        line = lines[i]
        if line.blank or i in reasons:
            continue
        if member(line):
            if not run:
                introduced = _introduces_list(previous_text)
            run.append(i)
        else:
            if run:
                yield run, introduced
            run = []
        previous_text = line.text
    if run:
        yield run, introduced


def _mark_link_lists(lines: list[_Line], reasons: dict[int, str], scan: _Scan, limit: int) -> None:
    """(c) Bulleted short lines (two or more), and headline-like lines (three or more) after the body began."""
    bulleted = [
        run
        for run, introduced in _runs(lines, reasons, 0, limit, lambda line: line.bullet and _is_link_like(line))
        if len(run) >= 2 and not introduced
    ]
    headlines = [
        run
        for run, introduced in _runs(
            lines, reasons, min(scan.first_body + 1, limit), limit,
            lambda line: line.role is None and _is_link_like(line) and not _is_data_row(line) and not _introduces(line),
        )
        if len(run) >= 3 and not introduced and sum(lines[j].letter_words >= 5 for j in run) >= 2
    ]
    for run in bulleted + headlines:
        for j in run:
            reasons.setdefault(j, "list_of_links")


_TICKER_LABELS = frozenset({"عاجل", "خبر عاجل", "اخبار عاجله", "الان", "الآن"})
_MIN_TICKER_ITEMS = 2  # one line under "عاجل" is the article's own headline; two or more, a ticker


def _mark_tickers(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """A breaking-news label alone on its line ("عاجل") followed by two or more headlines: a ticker."""
    for i in range(limit):
        if lines[i].blank or i in reasons or lines[i].skeleton not in _TICKER_LABELS:
            continue
        items = []
        j = i + 1
        while j < limit and (lines[j].blank or (_is_link_like(lines[j]) and j not in reasons)):
            if not lines[j].blank:
                items.append(j)
            elif items:
                break
            j += 1
        if len(items) >= _MIN_TICKER_ITEMS:
            for k in (i, *items):
                reasons[k] = "navigation"


def _is_menu_item(line: _Line) -> bool:
    return (
        not line.has_digit
        and not line.sentence_end
        and 0 < line.words <= _MAX_MENU_WORDS
        and line.letter_words == line.words
    )


def _mark_menus(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(d) Runs of one-to-three-word lines naming a site section (or five and more): a menu."""
    sections = _phrases().by_role["section"]
    for run, introduced in _runs(lines, reasons, 0, limit, _is_menu_item):
        if introduced or len(run) < 3:
            continue
        if len(run) >= 5 or any(lines[j].skeleton in sections for j in run):
            for j in run:
                reasons.setdefault(j, "navigation")


def _mark_sections_outside_body(lines: list[_Line], reasons: dict[int, str], scan: _Scan, limit: int) -> None:
    """(d) A section name alone on its line before the first paragraph or after the last one."""
    sections = _phrases().by_role["section"]
    last_body = next((i for i in range(limit - 1, -1, -1) if _is_body_paragraph(lines[i])), -1)
    for i in range(limit):
        if scan.first_body <= i <= last_body or i in reasons or lines[i].blank:
            continue
        if lines[i].skeleton in sections and not lines[i].has_digit:
            reasons[i] = "navigation"


def _mark_info_box(lines: list[_Line], reasons: dict[int, str], scan: _Scan, headline: int | None) -> None:
    """(i) Three or more one-to-three-word lines in a row between the headline and the first paragraph."""
    if headline is None:
        return
    short = lambda line: 0 < line.words <= _MAX_MENU_WORDS and not line.sentence_end  # noqa: E731
    for run, introduced in _runs(lines, reasons, headline + 1, min(scan.first_body, len(lines)), short):
        if len(run) >= 3 and not introduced:
            for j in run:
                reasons.setdefault(j, "header_furniture")


def _headline(lines: list[_Line], reasons: dict[int, str], limit: int) -> int | None:
    return next((i for i in range(limit) if not lines[i].blank and i not in reasons and lines[i].words >= 3), None)


def _mark_edges(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(i) Labels before the headline; sign-offs and buttons after the last paragraph."""
    kept = [i for i in range(limit) if not lines[i].blank and i not in reasons]
    headline = _headline(lines, reasons, limit)
    for i in kept:
        if headline is not None and i >= headline:
            break
        reasons[i] = "header_furniture"
    trailing_phrases = _phrases().by_role["trailing"]
    for i in reversed(kept):
        if headline is not None and i <= headline:
            break
        line = lines[i]
        if _is_data_row(line) and line.skeleton not in trailing_phrases:
            break  # "2023: نحو 900": the last row of the article's own box
        if (
            line.skeleton in trailing_phrases
            or (line.letter_words <= _MAX_EDGE_WORDS and not line.sentence_end)
            or _PARENTHESIZED_RE.fullmatch(line.text)
        ):
            reasons[i] = "trailing_furniture"
        else:
            break


def _dedupe_source(line: _Line) -> str | None:
    """The folded text a caption's key is made of (credit aside), or None when the key is the line's text."""
    folded = line.folded if line.aligned else fold(line.text).lower()
    credit = _line_credit(line)
    if credit is not None and line.aligned:
        folded = folded[:credit]
    return folded if _THREE_WORDS_RE.match(folded) else None


def _dedupe_key(line: _Line, source: str | None) -> str:
    """A caption and its copy agree on this, credit and punctuation aside."""
    return line.text if source is None else " ".join(_WORD_RE.findall(source))


def _dedupe_head(line: _Line, source: str | None) -> str:
    """The first three words of ``_dedupe_key``: equal keys have equal heads, and a head is cheap."""
    text = line.text if source is None else source
    found = _THREE_WORDS_RE.match(text)
    return " ".join(_WORD_RE.findall(text, 0, found.end() if found else len(text)))


_THREE_WORDS_RE = re.compile(r"[\W_]*+(?:[^\W_]++[\W_]*+){3}")


def _mark_duplicates(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(h) A line repeated (credit, spacing and punctuation aside) keeps its first occurrence.

    Keys are compared only between lines whose first three words agree (most lines share them
    with no other), so a paragraph's words are listed only when another line could repeat it."""
    seen: dict[str, set[str]] = {}  # head -> keys of the lines seen with it
    pending: dict[str, list[tuple[_Line, str | None]]] = {}  # head -> lines seen, keys not made yet
    for i in range(limit):
        line = lines[i]
        if line.blank or i in reasons:
            continue
        source = _dedupe_source(line)
        head = _dedupe_head(line, source)
        if head not in pending:
            pending[head] = [(line, source)]
            seen[head] = set()
            continue
        keys = seen[head]
        keys.update(_dedupe_key(*waiting) for waiting in pending[head])
        pending[head] = []
        key = _dedupe_key(line, source)
        if key in keys:
            reasons[i] = "duplicate_line"
        keys.add(key)


def _sweep_markers(lines: list[_Line], reasons: dict[int, str], limit: int) -> None:
    """(o) No line that still holds a marker phrase survives (the data-quality check relies on it).

    A marker glued after the last sentence of a paragraph takes only the rest of the line.
    """
    phrases = _phrases()
    role_reason = {"related": "related_articles", "tags": "tags", "comment": "comments", "rating": "widget"}
    for i in range(limit):
        line = lines[i]
        if i in reasons or line.blank:
            continue
        found = phrases.marker_re.search(line.skeleton)
        if not found:
            continue
        reason = role_reason[phrases.marker_role[found.group()]]
        start = _glued_marker_start(line, found.group())
        if start is None:
            reasons[i] = reason
        else:
            line.cuts.append((start, line.end, reason, ""))


def _glued_marker_start(line: _Line, marker: str) -> int | None:
    """Offset (in the text) of a marker that follows a whole paragraph on the same line."""
    if not line.aligned:
        return None
    folded = line.folded
    found = re.search(re.escape(marker).replace(r"\ ", r"\W{1,3}"), folded)
    if found is None or found.start() == 0:
        return None
    before = line.text[: found.start()].rstrip()
    if not before.endswith(_SENTENCE_END) or len(_WORD_RE.findall(before)) < 8:
        return None
    return line.start + len(before)


# ---------------------------------------------------------------------------
# Parts of lines


def _caption_credit(text: str, folded: str | None = None) -> int | None:
    """Offset in ``text`` where a trailing photo credit ("[مكتب رئيس الوزراء]", "(فيسبوك)", "- أرشيف") starts.
    ``folded``: fold(text).lower(), when the caller has it."""
    phrases = _phrases()
    last = text[-1:]
    # each credit ends the text: its closing bracket is the last character, its dash or colon is near the end
    # (and each starts so near the end that the search starts there: the leftmost match is the same)
    length = len(text)
    square = _SQUARE_CREDIT_RE.search(text, max(0, length - 160)) if last == "]" else None
    if square and square.start() > 0 and len(_WORD_RE.findall(square.group())) <= _MAX_CREDIT_WORDS:
        return square.start()
    paren = _PAREN_CREDIT_RE.search(text, max(0, length - _CREDIT_TAIL)) if last == ")" else None
    if paren and paren.start() > 0 and skeleton(paren.group()) in phrases.credits:
        return paren.start()
    tail = text[-_CREDIT_TAIL:]
    dash = _DASH_CREDIT_RE.search(text, max(0, length - _CREDIT_TAIL)) if _DASH_RE.search(tail) else None
    if dash and dash.start() > 0 and skeleton(dash.group(1)) in phrases.credits:
        return dash.start()
    if ":" not in (text if folded is None else folded[-_CREDIT_TAIL:]):
        return None  # no colon of a photo label
    folded = fold(text).lower() if folded is None else folded
    label = phrases.photo_label_re.search(folded, max(0, length - _label_reach())) if len(folded) == length else None
    if label and label.start() > 0 and len(_WORD_RE.findall(label.group())) <= _MAX_CREDIT_WORDS:
        return label.start()
    return None


def _line_credit(line: _Line) -> int | None:
    """``_caption_credit`` of the whole line, asked once (duplicates and the line's cuts both ask)."""
    if line.credit == -1:
        line.credit = _caption_credit(line.text, line.folded if line.aligned else None)
    return line.credit


_CREDIT_TAIL = 64  # a dash credit's dash, a photo label's colon: within 60 characters of the end


@cache
def _label_reach() -> int:
    """How far from the end a photo label (photo_label_re) can start."""
    return max(map(len, _phrases().by_role["photo_label"])) * 4 + 72  # a space in a phrase matches up to 3
_DASH_RE = re.compile(r"[\-–—|/]")

# Datelines that credit a source, at the start of a paragraph (see _dateline_end).
_W = r"[^\W\d_]+"
_PLACE = rf"{_W}(?: {_W}){{0,2}}"
_DAY = rf"(?:[،,]? (?:في )?\d{{1,2}} {_W}(?: \d{{4}})?)?"
_CREDIT_IN_BRACKETS = r"(?:\([^()\n\d]{2,40}\)|/[^/\n\d]{2,40}/)"
_QUOTED_CREDIT = r"(?:«[^«»\n]{2,40}»|\"[^\"\n]{2,40}\")"
_CREDIT_WORDS = rf"{_W}(?:[ .]{{1,2}}{_W}){{0,3}}"
_DATELINE_RES = (
    # بغداد (رويترز) - ، عمان 12 أيار (بترا) - ، القاهرة في 12 مايو /أ ش أ/ -
    re.compile(rf"{_PLACE}{_DAY} ?{_CREDIT_IN_BRACKETS} ?[-–—:] ?"),
    # بيروت - «النهار»: ، بيروت «القدس العربي»: ، بغداد - الصباح الجديد:
    re.compile(rf"{_PLACE}(?: ?[-–—] ?| ){_QUOTED_CREDIT}(?:[،,] ?{_W})? ?[:\-–—] ?"),
    # شفق نيوز/ ، بغداد/ المسلة:
    re.compile(rf"{_PLACE} ?/ (?:{_CREDIT_WORDS} ?: ?)?"),
)
# بغداد - الصباح الجديد: (the credit never opens with a preposition: "أكد الوزير - في تصريح: ...")
_COLON_CREDIT_RE = re.compile(rf"{_W}(?: {_W})? ?[-–—] ?({_CREDIT_WORDS}) ?: ?")
# واشنطن - أ ف ب - : a dash on both sides, the credit a known agency
_DASHED_CREDIT_RE = re.compile(rf"{_PLACE} ?[-–—] ?({_CREDIT_WORDS}) ?[-–—:] ?")


def _dateline_end(line: _Line) -> int | None:
    """Length of a dateline that credits a source at the start of a paragraph, if one is there."""
    if line.words < 10:
        return None
    text = line.text
    for pattern in _DATELINE_RES:
        found = pattern.match(text)
        if found and len(_WORD_RE.findall(text[found.end() :])) >= 6:
            return found.end()
    phrases = _phrases()
    found = _COLON_CREDIT_RE.match(text)
    if found and not phrases.credit_opening_re.match(fold(found.group(1)).lower() + " "):
        if len(_WORD_RE.findall(text[found.end() :])) >= 6:
            return found.end()
    found = _DASHED_CREDIT_RE.match(text)
    if found and skeleton(found.group(1)) in phrases.credits and len(_WORD_RE.findall(text[found.end() :])) >= 6:
        return found.end()
    return None


def _markup_cuts(line: _Line) -> list[tuple[int, int, str, str]]:
    """(m) Tags, entities, shortcodes, URLs and e-mails inside a line; an entity becomes its character."""
    text = line.text
    if not ("<" in text or "&" in text or "[" in text or "://" in text or "@" in text or "www." in text):
        return []
    cuts = []
    for found in _INLINE_MARKUP_RE.finditer(text):
        start, end = found.span()
        replacement = ""
        if found.group().startswith("&"):
            decoded = html.unescape(found.group()).replace("\xa0", " ")
            replacement = decoded if decoded in _SAFE_ENTITY_CHARACTERS else ""
        elif start > 0 and end < len(text) and not text[start - 1].isspace() and not text[end].isspace():
            replacement = " "  # "جنود<br>وأصيب": keep the words apart
        cuts.append((line.start + start, line.start + end, "markup", replacement))
    return cuts


def _footnote_cuts(line: _Line) -> list[tuple[int, int, str, str]]:
    """(l) Encyclopedia marks: numbered ones after a sentence or ending the line, worded ones anywhere."""
    text = line.text
    if "[" not in text:
        return []
    phrases = _phrases()
    if line.aligned:
        text = line.folded  # the marks' words are in folded spelling
    spans = [m.span() for m in phrases.footnote_re.finditer(text)]
    spans += [m.span() for m in phrases.worded_footnote_re.finditer(text)]
    return [(line.start + s, line.start + e, "footnote", "") for s, e in spans]


def _counter_tail(line: _Line) -> int | None:
    """(n) Offset where a counter ends a metadata line: "... 10:30 | عدد القراءات: 523", "... 08:15 2,118"."""
    if _is_body_paragraph(line) or line.words > _MAX_META_WORDS or not line.aligned:
        return None
    if not (line.text[-1:].isdigit() or line.folded[-1:].isdigit() or line.folded.endswith(_counter_ends())):
        return None  # both patterns end the line with a number or a counter word
    found = _phrases().counter_tail_re.search(line.folded)
    if found is None and _TIME_OR_DATE_RE.search(line.text):
        number = _TRAILING_NUMBER_RE.search(line.text)
        if number and number.start() > 0 and _TIME_OR_DATE_RE.search(line.text[: number.start()].split()[-1]):
            found = number
    elif found is not None:
        # "منذ 3 أيام" ends a headline as well as a metadata line: a counter needs a label or a separator
        labelled = any(word in _phrases().counter_labels for word in skeleton(found.group()).split())
        if not labelled and line.text[: found.start()].rstrip()[-1:] not in tuple("|•·"):
            return None
    if found is None or found.start() == 0:
        return None
    start = found.start()
    while start > 0 and line.text[start - 1] in " |•·-–—/":
        start -= 1
    return start if start > 0 else None


@cache
def _counter_ends() -> tuple[str, ...]:
    """How a counter_tail_re match can end: a number's k or m, a counter phrase's last word."""
    return ("k", "m", *sorted({p.rsplit(" ", 1)[-1] for p in _phrases().by_role["counter_word"]}))


def _doubled_half(line: _Line) -> int | None:
    """(h) A caption written twice on one line ("X X"): offset of the second copy."""
    text = line.text
    half = len(text) // 2  # "X X": an odd length, a space in the middle, six words or more
    if len(text) % 2 == 0 or text[half] != " " or text[:half] != text[half + 1 :] or text.count(" ") < 5:
        return None
    return half


def _line_cuts(line: _Line, is_lead_candidate: bool) -> None:
    """Every cut inside a kept line, in text order, overlapping ones merged into the first."""
    cuts = list(line.cuts)
    cuts += _markup_cuts(line)
    cuts += _footnote_cuts(line)
    slug = _phrases().wire_slug_re.match(line.folded) if line.aligned else None
    if slug and line.words <= 30:
        cuts.append((line.start, line.start + slug.end(), "header_furniture", ""))
    if is_lead_candidate:
        dateline = _dateline_end(line)
        if dateline is not None:
            cuts.append((line.start, line.start + dateline, "dateline", ""))
    before = _text_before_cuts(line, cuts)
    if before == line.text:  # nothing closes the line: the credit asked of it for duplicates
        credit = _line_credit(line)
    else:
        credit = _caption_credit(before, line.folded[: len(before)] if line.aligned else None)
    if credit is not None:
        cuts.append((line.start + credit, line.end, "caption_credit", ""))
    counter = _counter_tail(line)
    if counter is not None:
        cuts.append((line.start + counter, line.end, "counter", ""))
    doubled = _doubled_half(line)
    if doubled is not None:
        cuts.append((line.start + doubled, line.end, "duplicate_line", ""))
    cuts.sort(key=lambda c: (c[0], -c[1]))
    merged: list[tuple[int, int, str, str]] = []
    for cut in cuts:
        if merged and cut[0] < merged[-1][1]:
            continue
        merged.append(cut)
    line.cuts = _swallow_spaces(line, merged)


def _text_before_cuts(line: _Line, cuts: list[tuple[int, int, str, str]]) -> str:
    """The line without the cuts that close it (a credit stands before a trailing footnote or tag)."""
    text = line.text
    end = len(text)
    for start, stop, _reason, _replacement in sorted(cuts, key=lambda c: -c[0]):
        if start - line.start < end and not text[stop - line.start : end].strip():
            end = start - line.start
    return text[:end].rstrip()


def _swallow_spaces(line: _Line, cuts: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A cut opening a line takes the spaces after it; a cut closing it, the spaces before it."""
    text, base = line.text, line.start
    out = []
    for start, end, reason, replacement in cuts:
        if start == line.start or not text[: start - base].strip():
            start = line.start
            while end < line.end and text[end - base] == " ":
                end += 1
        if end == line.end or not text[end - base :].strip():
            end = line.end
            while start > line.start and text[start - base - 1] == " ":
                start -= 1
        out.append((start, end, reason, replacement))
    return out


# ---------------------------------------------------------------------------


def strip_page_furniture(text: str) -> tuple[str, OffsetMap, list[RemovedBlock]]:
    """The article without its page furniture, the map back to ``text``, and what was cut."""
    lines = _split_lines(text)
    channel = _is_channel_page(text)
    for line in lines:
        line.role = _classify(line)
        if channel and line.role == "navigation" and _is_ticker(line):
            line.role = None  # "🔴 عاجل | ..." opens a post of the channel, not a ticker of a site
    scan = _scan(lines)

    reasons: dict[int, str] = {}
    cut = _find_tail_cut(lines, reasons, scan)
    if cut < len(lines):
        line_role = lines[cut].role
        tail_reason = None if line_role is None else (
            _ALWAYS_ENDS.get(line_role) or _ENDS_UNLESS_CONTINUED.get(line_role) or _ENDS_IF_LAST.get(line_role)
        )
        for i in range(cut, len(lines)):
            if not lines[i].blank:
                reasons[i] = tail_reason or "trailing_furniture"
    for i in range(cut):
        role = lines[i].role
        reason = _LINE_REASONS.get(role) if role is not None else None
        if reason and i not in reasons:
            reasons[i] = reason
    if not channel:
        _mark_tickers(lines, reasons, cut)
    headline = _headline(lines, reasons, cut)
    for i in range(0 if headline is None else headline + 1, min(scan.first_body, cut)):
        if i not in reasons and (_is_weak_byline(lines[i]) or _is_quoted_site_byline(lines[i])):
            reasons[i] = "byline"
    if not channel:  # a channel's posts are short lines with no full stop, and they are its text
        _mark_link_lists(lines, reasons, scan, cut)
    _mark_menus(lines, reasons, cut)
    _mark_duplicates(lines, reasons, cut)
    _mark_info_box(lines, reasons, scan, _headline(lines, reasons, cut))
    _mark_edges(lines, reasons, cut)
    _mark_sections_outside_body(lines, reasons, scan, cut)
    _sweep_markers(lines, reasons, cut)

    # the lead, or the paragraph after it (a long caption may pass for the first paragraph)
    first = scan.first_body
    lead_candidates = {first, scan.next_body[min(first + 1, len(lines))]}
    for i in range(cut):
        line = lines[i]
        if i in reasons or line.blank:
            continue
        _line_cuts(line, i in lead_candidates)
        if line.cuts and _nothing_left(line):
            reasons[i] = line.cuts[0][2]
            line.cuts = []
    return _assemble(text, lines, reasons)


_CHANNEL_MARKS = ("t.me/", "telegram.me/", "Preview channel", "Join channel")


def _is_channel_page(text: str) -> bool:
    """A messaging channel's web preview (Telegram): a feed of posts, each a few short lines.
    (A mark has no line break and no space at its ends: it is in the page where it is in a line.)"""
    return any(mark in text for mark in _CHANNEL_MARKS)


def _nothing_left(line: _Line) -> bool:
    """The cuts take the whole line (only spaces and punctuation would be left)."""
    position, left = line.start, []
    for start, end, _reason, replacement in line.cuts:
        left.append(line.text[position - line.start : start - line.start])
        left.append(replacement)
        position = end
    left.append(line.text[position - line.start :])
    return not _WORD_RE.search("".join(left))


def _assemble(text: str, lines: list[_Line], reasons: dict[int, str]) -> tuple[str, OffsetMap, list[RemovedBlock]]:
    if not text:
        return "", OffsetMap.identity(0), []
    builder = OffsetMapBuilder()
    pieces: list[str] = []
    position = 0  # how far into ``text`` the output has reached
    kept = [i for i, line in enumerate(lines) if not line.blank and i not in reasons]
    for n, i in enumerate(kept):
        line = lines[i]
        start = line.cuts[0][1] if line.cuts and line.cuts[0][0] == line.start and not line.cuts[0][3] else line.start
        cuts = line.cuts[1:] if start != line.start else line.cuts
        gap = text[position:start]
        separator = "" if n == 0 else ("\n\n" if "\n\n" in gap else "\n")
        if separator and gap.startswith(separator):
            builder.copy(len(separator))
            builder.delete(len(gap) - len(separator))
        else:
            builder.replace(len(gap), len(separator))
        pieces.append(separator)
        position = start
        for cut_start, cut_end, _reason, replacement in cuts:
            pieces.append(text[position:cut_start])
            builder.copy(cut_start - position)
            pieces.append(replacement)
            builder.replace(cut_end - cut_start, len(replacement))
            position = cut_end
        pieces.append(text[position : line.end])
        builder.copy(max(0, line.end - position))
        position = max(position, line.end)
    builder.delete(len(text) - position)
    return "".join(pieces), builder.build(), _removed_blocks(text, lines, reasons)


def _removed_blocks(text: str, lines: list[_Line], reasons: dict[int, str]) -> list[RemovedBlock]:
    """Removed lines (consecutive ones with the same reason merged) and cuts inside lines, in text order."""
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
        else:
            spans.extend((start, end, reason) for start, end, reason, _replacement in line.cuts)
    return [RemovedBlock(start, end, reason, text[start:end]) for start, end, reason in spans]
