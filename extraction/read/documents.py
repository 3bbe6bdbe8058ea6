"""Inbox file bytes -> articles, or the reason they cannot be read.

``read_stream`` (and ``read_document``, its in-memory form) never raises on
bad content: whatever arrives in the inbox ends either as ``RawArticle`` rows
or as ``Rejection`` rows with a machine-readable reason and a sentence a
person can act on.  Nothing is dropped silently.  Only the stream itself can
stop a read: ``InputTooLarge`` (the caller's size limit) and ``OSError``
(the disk) go up to the caller, who knows the file.

Formats, from the file extension: ``.txt`` (the decoded file is the article),
``.html``/``.htm`` (the text of the article element, page chrome dropped,
with a real HTML parser), ``.jsonl``/``.ndjson`` (one JSON object per line,
one article per object, read line by line: a feed is never held whole).

Decoding, in this order: a byte order mark (UTF-8, UTF-16 LE/BE); binary
signatures (PDF, images, archives ...) and NUL bytes (UTF-16 without a byte
order mark, told by where its zero bytes fall, else binary); UTF-8; UTF-8
with a few damaged bytes; the charset an HTML page declares; then a
statistical guess among the Arabic code pages (Windows-1256, ISO-8859-6).

What reading did to the text is recorded on the article, never hidden:

``invalid_bytes_replaced``
    The file is UTF-8 but for a few bytes (a character cut at the end of a
    truncated file, stray bytes): each bad sequence becomes U+FFFD and the
    article is kept.  Decided so because one bad byte in a long article should
    not cost its facts; a file where more than one byte in a hundred is bad,
    or where bad sequences are not rare next to good ones, is not "UTF-8 with
    damage" and goes on to the other decoders (and to ``undecodable``).
``encoding_guessed``
    No byte order mark, not UTF-8, no declared charset: the code page was
    chosen by statistical detection.
``mojibake_repaired``
    UTF-8 text that had been decoded as Windows-1256 (or Windows-1252 /
    Latin-1) and saved again ("ظ‚طھظ„" for "قتل") is restored; only whole
    words whose bytes form valid UTF-8 that decodes to Arabic are touched.
``mojibake_suspected``
    Text that still looks double-encoded after repair (bytes were lost on the
    way): kept as it is, flagged.  If too little Arabic is left to read, the
    article is quarantined as ``mojibake`` instead.
``published_unreadable``
    A publication date was given (the record's field, the page's metadata) that is not a date
    (``extraction.read.published``): the article keeps no date from it, and the note shows the value.
``not_arabic``
    Fewer than half of the article's letters are Arabic.  It is kept (an
    English wire story is still an input someone may look for) but arqam reads
    facts from Arabic text only: cleaning cuts lines in other scripts, so no
    fact is invented from it.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import PurePosixPath
from typing import BinaryIO

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from arqam.extraction.text.arabic import arabic_share
from arqam.extraction.numbers.digits import DIGITS_MAX, overlong_numbers
from arqam.extraction.read.published import choose as choose_published
from arqam.extraction.read.published import json_ld_dates

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

FORMAT_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# Legacy encodings Arabic text actually arrives in, for charset detection.
ARABIC_CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]

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

_MAGIC_NUMBERS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"PK\x05\x06": "an empty zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x00\x00\x00\x18ftyp": "an MP4 video",
    b"\x00\x00\x00\x1cftyp": "an MP4 video",
    b"\x00\x00\x00 ftyp": "an MP4 video",
    b"SQLite format 3\x00": "an SQLite database",
}

TEXT_FIELDS = ("text", "content", "body", "article")
ID_FIELDS = ("id", "article_id", "guid")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "source_url")
PUBLISHED_FIELDS = ("published", "published_at", "publishedAt", "date", "datePublished", "pubDate")

# Elements whose content is never article text.
HTML_DROPPED_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button",
    "nav", "footer", "aside", "select", "textarea", "object", "embed", "canvas",
]
# Elements that start a new line of text.
HTML_BLOCK_TAGS = frozenset(
    "address article blockquote body caption dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p pre section summary table tbody thead tfoot "
    "tr td th ul".split()
)
# Inline elements that pages set side by side as separate items (tags, links, labels of a
# widget: <span>الوسوم</span><a>العراق</a>): a space between them, or their words run together.
HTML_SPACED_TAGS = frozenset("a span button label time small cite abbr".split())
_PARAGRAPH_BREAK, _LINE_BREAK = "\ue000", "\ue001"  # private-use sentinels while flattening HTML
_INLINE_GAP = "\ue002"  # a space between inline items, unless the text already has one or punctuation follows
_INLINE_GAPS_RE = re.compile(f"{_INLINE_GAP}+")
_GAP_NOT_NEEDED_RE = re.compile(
    f"(?<=[ {_PARAGRAPH_BREAK}{_LINE_BREAK}]){_INLINE_GAP}+|{_INLINE_GAP}+(?=[ {_PARAGRAPH_BREAK}{_LINE_BREAK}"
    + r"،,.:;!?؟؛)\]»]|$)|^" + f"{_INLINE_GAP}+"
)
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
# Elements nested deeper than this are unwrapped before parsing (their text kept): the HTML
# parser's cost grows with depth times elements, and Blink caps the tree at the same depth.
MAX_HTML_DEPTH = 512
# a tag, never scanned past the next < or > (so each character is looked at a bounded number of times)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)(?:[\s/][^<>]*)?>")
# Elements that never deepen the tree: void ones, and those a sibling closes (<p><p>, <li><li>).
_FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc html head body".split()
)
_BREAKS_RE = re.compile(f" ?[{_PARAGRAPH_BREAK}{_LINE_BREAK}][ {_PARAGRAPH_BREAK}{_LINE_BREAK}]*")
_ID_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.\-\u0600-\u06FF]+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_MAX_ID_LENGTH = 120
_PLAUSIBLE_SAMPLE = 20_000
_LANGUAGE_SAMPLE = 100_000
_SNIFF_BYTES = 64 * 1024
# replacement characters; with the digits and separators around them, a figure damaged in transit
_DAMAGED_FIGURE_RE = re.compile("\ufffd+")
_FIGURE_SEPARATORS = frozenset(".,،٫٬")
_SENTINELS = {ord(_PARAGRAPH_BREAK): None, ord(_LINE_BREAK): None, ord(_INLINE_GAP): None}
_PUNCTUATION = set(".,;:!?'\"()[]{}<>-–—/\\«»،؛؟%…*&@#+=_|~`$^•·“”‘’")


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


class InputTooLarge(Exception):
    """Raised by a size-limited stream while it is read: the file is over the limit."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Bytes as text, or the reason code (``problem``) why they are not."""

    text: str | None
    encoding: str = ""
    problem: str = ""
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Bytes -> text


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC_NUMBERS.items():
        if data.startswith(magic):
            return kind
    return None


def _looks_like_text(text: str) -> bool:
    """Mostly letters, digits, whitespace and punctuation, in one script per word family.

    A wrong legacy code page still yields "letters" (cp1256 read as Latin-1 gives
    accented Latin); Arabic mixed with many accented Latin letters is a wrong guess.
    """
    sample = text[:_PLAUSIBLE_SAMPLE]
    if not sample.strip():
        return False
    good = letters = arabic = accented = 0
    for char in sample:
        if char.isalpha():
            letters += 1
            good += 1
            if "\u0600" <= char <= "\u06ff":
                arabic += 1
            elif "\u00c0" <= char <= "\u00ff":
                accented += 1
        elif char.isspace() or char.isdigit() or char in _PUNCTUATION:
            good += 1
        elif unicodedata.category(char) == "Cc":
            return False
    if letters == 0 or good / len(sample) < 0.85:
        return False
    return not (arabic > 0.1 * letters and accented > 0.1 * letters)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark: the high byte of (almost) every pair is 0x00 or 0x06.

    0x00 for ASCII (spaces, digits), 0x06 for the Arabic block; the low byte varies.
    A file of odd length (cut in the middle of a character) is judged on its whole pairs.
    """
    pairs = len(data) // 2
    if pairs == 0:
        return None
    even = data[: 2 * pairs]
    for encoding, high in (("utf-16-le", even[1::2]), ("utf-16-be", even[0::2])):
        if high.count(0) + high.count(6) >= 0.7 * pairs:
            return encoding
    return None


def _html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its <meta>, if Python knows the codec."""
    try:
        head = LexborHTMLParser(data[:4096].decode("latin-1")).head
    except Exception:  # noqa: BLE001 - a sniff, never fatal
        return None
    if head is None:
        return None
    declared = None
    meta = head.css_first("meta[charset]")
    if meta is not None:
        declared = meta.attributes.get("charset")
    else:
        for meta in head.css("meta[http-equiv]"):
            if (meta.attributes.get("http-equiv") or "").lower() == "content-type":
                content = meta.attributes.get("content") or ""
                _, _, declared = content.lower().partition("charset=")
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip().strip("\"';")).name
    except LookupError:
        return None


def _encoding_label(codec_name: str) -> str:
    """Python's codec name as people write it: utf-16-le, cp1256, iso8859_6."""
    return codec_name.replace("_", "-") if codec_name.startswith("utf") else codec_name


def _with_damage(data: bytes, encoding: str, label: str) -> Decoded | None:
    """``data`` in ``encoding`` with a few bad byte sequences made U+FFFD, or None if they are not few.

    Few: at most one byte in a hundred (at least 8 sequences allowed in a short file),
    and at least four good non-ASCII characters for each bad sequence, so that a file in
    another encoding (where almost every non-ASCII byte is "bad") is never taken for one.
    """
    text = data.decode(encoding, "replace")
    legit = data.count("\ufffd".encode("utf-8")) if encoding == "utf-8" else 0
    replaced = text.count("\ufffd") - legit
    if replaced <= 0:
        return Decoded(text, label)
    ascii_chars = len(text.encode("ascii", "ignore"))
    good_non_ascii = len(text) - ascii_chars - text.count("\ufffd")
    if replaced > max(8, len(data) // 100) or good_non_ascii < 4 * replaced:
        return None
    first = _first_bad_byte(data, encoding)
    note = (
        f"{replaced} byte sequence{'s' if replaced > 1 else ''} not valid in {_encoding_label(encoding)} "
        f"(the first at byte {first:,}) replaced by U+FFFD"
    )
    text, masked = _mask_damaged_figures(text)
    if masked:
        note += f"; {masked} figure{'s' if masked > 1 else ''} touched by the damage masked too (a figure with a lost digit is no figure)"
    return Decoded(text, label, flags=("invalid_bytes_replaced",), notes=(note,))


def _mask_damaged_figures(text: str) -> tuple[str, int]:
    """Replacement characters with digits right beside them: the whole figure becomes U+FFFD.

    "11\ufffd0 جندي" must not be read as "0 جندي".  Each damaged run is widened over the
    digits and separators next to it (each character looked at most twice: linear time).
    """

    def figure_char(char: str) -> bool:
        return char.isdigit() or char in _FIGURE_SEPARATORS

    spans: list[list[int]] = []
    for match in _DAMAGED_FIGURE_RE.finditer(text):
        start, end = match.start(), match.end()
        while start > 0 and figure_char(text[start - 1]):
            start -= 1
        while end < len(text) and figure_char(text[end]):
            end += 1
        around = text[start : match.start()] + text[match.end() : end]
        if not any(char.isdigit() for char in around):
            continue
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if not spans:
        return text, 0
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], "\ufffd" * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces), len(spans)


def _first_bad_byte(data: bytes, encoding: str = "utf-8") -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return error.start
    return -1


def decode_bytes(data: bytes, source_format: str) -> Decoded:
    """The text of ``data`` with its encoding and what decoding did, or a reason code."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return _with_damage(body, "utf-8", "utf-8-sig") or Decoded(None, problem="undecodable")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return _with_damage(data, "utf-16", "utf-16") or Decoded(None, problem="undecodable")
    if _binary_kind(data):
        return Decoded(None, problem="binary")
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding:
            try:
                decoded = Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                decoded = _with_damage(data, encoding, encoding)
            if decoded is not None and _looks_like_text(decoded.text):
                return decoded
        return Decoded(None, problem="binary")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _with_damage(data, "utf-8", "utf-8")
    if damaged is not None:
        return damaged
    if source_format == "html":
        declared = _html_declared_charset(data)
        if declared and declared != "utf-8":
            try:
                text = data.decode(declared)
                if _looks_like_text(text):
                    return Decoded(text, _encoding_label(declared))
            except UnicodeDecodeError:
                pass
    try:
        matches = from_bytes(data, cp_isolation=ARABIC_CANDIDATE_ENCODINGS)
    except Exception:  # noqa: BLE001 - detection failing means undecodable
        matches = []
    for match in matches:
        text = str(match)
        if _looks_like_text(text):
            label = _encoding_label(match.encoding)
            note = f"no byte order mark, not UTF-8 and no declared charset: read as {label} by statistical detection"
            return Decoded(text, label, flags=("encoding_guessed",), notes=(note,))
    return Decoded(None, problem="undecodable")


# ---------------------------------------------------------------------------
# Mojibake: UTF-8 text decoded as a single-byte code page and saved again


@dataclass(frozen=True)
class _Mojibake:
    codec: str  # the code page the UTF-8 bytes were wrongly read as
    byte_of: dict  # character -> the byte it came from
    run_re: re.Pattern  # a whole non-ASCII run that is a sequence of lead and continuation characters
    signature_re: re.Pattern  # a lead character of an Arabic UTF-8 sequence, then a continuation


def _byte_map(codec: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            char = chr(byte)  # cp1252's five holes: what Latin-1 decoders leave there
        table.setdefault(char, byte)
    if codec == "cp1252":  # read as Latin-1 instead: C1 controls
        for byte in range(0x80, 0xA0):
            table.setdefault(chr(byte), byte)
    return table


def _char_class(chars) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


@cache
def _mojibake_kinds() -> tuple[_Mojibake, ...]:
    kinds = []
    for codec in ("cp1256", "cp1252"):
        byte_of = _byte_map(codec)
        leads = [c for c, b in byte_of.items() if 0xC2 <= b <= 0xF4]
        continuations = [c for c, b in byte_of.items() if 0x80 <= b <= 0xBF]
        # the first byte of a character of the Arabic block (D8-DB); of "Ø"/"Ù" themselves, for text garbled twice
        arabic_leads = [c for c, b in byte_of.items() if 0xD8 <= b <= 0xDB or (codec == "cp1252" and b in (0xC2, 0xC3))]
        # punctuation that really follows a letter in Arabic text ("الأوسط،", "حفظ»") is no signature
        loose = set("،؛؟«»\u00a0")
        strict = [c for c in continuations if c not in loose]
        if codec == "cp1252":
            strict.append("\ufffd")  # a byte lost when the wrong reading was saved
        lead, cont = _char_class(leads), _char_class(continuations)
        kinds.append(
            _Mojibake(
                codec,
                byte_of,
                re.compile(f"(?<![^\\x00-\\x7f])(?:[{lead}][{cont}]+)+[{lead}]?(?![^\\x00-\\x7f])"),
                re.compile(f"[{_char_class(arabic_leads)}][{_char_class(strict)}]"),
            )
        )
    return tuple(kinds)


def _plausible_repair(text: str, symbols_ok: bool = False) -> bool:
    """What a repaired run decodes to: Arabic, with punctuation and symbols, and no other letter;
    or, with ``symbols_ok`` (in a text found garbled), punctuation and symbols alone ("•", "©", emoji).

    (Surrogates stand for bytes left as they were: see ``_decode_once``.)
    """
    arabic = False
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFE:
            arabic = True
            continue
        category = unicodedata.category(char)
        if category[0] in "SPZ" or category in ("Cf", "Cs", "Nd", "No") or char == "\ufe0f":
            continue
        return False  # a Latin letter, a control character ...: this was no garbled Arabic
    return arabic or symbols_ok


def _decode_once(run: str, kind: _Mojibake) -> tuple[str, int]:
    """The run's characters as the bytes they were, decoded as UTF-8: ``(text, characters restored)``.

    Bytes that are no UTF-8 where they stand keep the character they were.
    """
    decoded = bytes(kind.byte_of[c] for c in run).decode("utf-8", "surrogateescape")
    out, position, restored = [], 0, 0
    for char in decoded:
        if "\udc80" <= char <= "\udcff":
            out.append(run[position])
            position += 1
        else:
            position += len(char.encode("utf-8"))
            if char != "\ufeff":  # a byte order mark caught in the mess is not text
                out.append(char)
            restored += 1
    return "".join(out), restored


def _repair_run(run: str, kind: _Mojibake, symbols_ok: bool = False) -> tuple[str, int]:
    """The run decoded once as the UTF-8 it was, and how many characters that restored;
    ``(run, 0)`` unless the result is Arabic (or, with ``symbols_ok``, symbols), or garbled again."""
    decoded, restored = _decode_once(run, kind)
    if not restored:
        return run, 0
    if not _plausible_repair(decoded, symbols_ok) and not kind.run_re.fullmatch(decoded):
        return run, 0  # neither Arabic nor garbled again (the next pass will take that one)
    return decoded, restored


@dataclass(frozen=True, slots=True)
class MojibakeRepair:
    text: str
    restored: int  # characters restored
    codecs: tuple[str, ...]  # the code pages the text had been wrongly read as
    suspected: bool  # still looks double-encoded after the repair


def repair_mojibake(text: str) -> MojibakeRepair:
    """Undo UTF-8 read as Windows-1256 (or -1252 / Latin-1) and saved again, word by word.

    A word is restored only when it is wholly made of such pairs, its bytes are
    valid UTF-8 and they decode to Arabic; at least two restored characters are
    needed to touch a text at all (one Arabic letter followed by "»" can happen).
    Text garbled twice (or three times) is repaired a level at a time, while the
    whole text still shows the signature of garbled Arabic.
    """
    kinds = _mojibake_kinds()
    restored_total, used = 0, []
    for _ in range(3):
        changed = False
        for kind in kinds:
            if not kind.signature_re.search(text):
                continue
            counts = [0]

            def fix(match: re.Match, kind=kind, counts=counts, symbols_ok=False) -> str:
                repaired, restored = _repair_run(match.group(), kind, symbols_ok)
                counts[0] += restored
                return repaired

            kind.run_re.sub(fix, text)
            if counts[0] >= 2:
                # garbled for sure: the symbols and punctuation garbled with it are repaired too ("â€¢" is "•")
                counts[0] = 0
                candidate = kind.run_re.sub(lambda match, kind=kind: fix(match, kind, counts, True), text)
                text, restored_total, changed = candidate, restored_total + counts[0], True
                if kind.codec not in used:
                    used.append(kind.codec)
        if not changed:
            break
    left = sum(len(kind.signature_re.findall(text[:_LANGUAGE_SAMPLE])) for kind in kinds)
    suspected = left >= 3 or (restored_total > 0 and left > 0)  # once garbled, any trace left is damage
    return MojibakeRepair(text, restored_total, tuple(used), suspected)


# ---------------------------------------------------------------------------
# HTML -> text


def _attribute(node, name: str) -> str | None:
    if node is None:
        return None
    value = (node.attributes.get(name) or "").strip()
    return value or None


def _flatten(root) -> str:
    """Text of ``root``: block elements on their own lines, HTML whitespace collapsed."""
    out: list[str] = []
    stack: list = [root]
    while stack:  # explicit stack: deeply nested pages must not hit the recursion limit
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        tag = item.tag
        if tag == "-text":
            out.append((item.text_content or "").translate(_SENTINELS))  # "&#xe002;" in a page is no gap of ours
            continue
        if tag is None or tag.startswith("-") or tag in HTML_DROPPED_TAGS:
            continue  # comments, doctype, chrome
        if tag == "br":
            out.append(_LINE_BREAK)
            continue
        if tag in HTML_BLOCK_TAGS:
            out.append(_PARAGRAPH_BREAK)
            stack.append(_PARAGRAPH_BREAK)
        elif tag in HTML_SPACED_TAGS:
            out.append(_INLINE_GAP)
            stack.append(_INLINE_GAP)
        stack.extend(reversed(list(item.iter(include_text=True))))
    text = _HTML_SPACE_RE.sub(" ", "".join(out))
    text = _INLINE_GAPS_RE.sub(_INLINE_GAP, text)  # one gap per run first: _GAP_NOT_NEEDED_RE stays linear
    text = _INLINE_GAPS_RE.sub(" ", _GAP_NOT_NEEDED_RE.sub("", text))

    def breaks(match: re.Match) -> str:
        run = match.group()
        if _PARAGRAPH_BREAK in run:
            return "\n\n"
        return "\n" * min(run.count(_LINE_BREAK), 2)

    text = _BREAKS_RE.sub(breaks, text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def unwrap_deep_nesting(markup: str, limit: int = MAX_HTML_DEPTH) -> str:
    """``markup`` with the tags of elements nested deeper than ``limit`` removed, their text kept.

    A page of 100,000 nested <div> (a few hundred kB) costs the parser minutes, as its
    work grows with depth; real pages are never more than a few dozen deep.  The depth
    is counted on the tags alone, in one pass (a close tag with no open one is ignored).
    """
    if markup.count("<") <= limit:
        return markup
    pieces: list[str] = []
    depth = excess = position = 0
    for tag in _TAG_RE.finditer(markup):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _FLAT_TAGS:
            continue
        if not closing:
            if depth < limit:
                depth += 1
                continue
            excess += 1
        elif excess:
            excess -= 1
        else:
            depth = max(0, depth - 1)
            continue
        pieces.append(markup[position : tag.start()])
        position = tag.end()
    if not pieces:
        return markup
    pieces.append(markup[position:])
    return "".join(pieces)


def html_to_article(markup: str) -> tuple[str, str | None, str | None, str | None]:
    """``(text, title, url, published)`` of an HTML page (``published`` as the page writes it)."""
    text, title, url, dates = html_article(markup)
    return text, title, url, next((value for _, value in dates), None)


def html_article(markup: str) -> tuple[str, str | None, str | None, list[tuple[str, str]]]:
    """``(text, title, url, dates)`` of an HTML page; ``dates``: (source, value) of every publication
    date the page gives, in the order they are believed (``extraction.read.published``)."""
    markup = markup.replace(_PARAGRAPH_BREAK, "").replace(_LINE_BREAK, "").replace(_INLINE_GAP, "")
    tree = LexborHTMLParser(unwrap_deep_nesting(markup))
    title = _attribute(tree.css_first('meta[property="og:title"]'), "content")
    if title is None:
        node = tree.css_first("title")
        title = node.text(strip=True) if node is not None else None
    url = _attribute(tree.css_first('meta[property="og:url"]'), "content") or _attribute(
        tree.css_first('link[rel="canonical"]'), "href"
    )
    dates = [
        ("html_meta", _attribute(tree.css_first('meta[property="article:published_time"]'), "content")),
        ("html_meta", _attribute(tree.css_first('meta[itemprop="datePublished"]'), "content")),
        *(("json_ld", value) for value in json_ld_dates(
            node.text(deep=True) for node in tree.css('script[type="application/ld+json"]'))),
        ("html_time", _attribute(tree.css_first("time[datetime]"), "datetime")),
    ]
    tree.strip_tags(HTML_DROPPED_TAGS)
    articles = tree.css("article")
    root = max(articles, key=lambda n: len(n.text(deep=True))) if articles else None
    root = root or tree.css_first("main") or tree.body or tree.root
    if not title:
        heading = root.css_first("h1") if root is not None else None
        title = heading.text(strip=True) if heading is not None else None
    text = _flatten(root) if root is not None else ""
    return text, title or None, url, [(source, value) for source, value in dates if value]


# ---------------------------------------------------------------------------
# JSON lines


def sanitize_id(value: str) -> str:
    """An article id safe in paths and URLs: letters (Latin, Arabic), digits, ``_ . -``."""
    cleaned = _ID_UNSAFE_RE.sub("_", value).strip("._-")
    if len(cleaned) > _MAX_ID_LENGTH:
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]
        cleaned = f"{cleaned[: _MAX_ID_LENGTH - 13]}-{digest}"
    return cleaned


def _valid_unicode(value: str) -> str:
    """JSON may escape lone surrogates ("\\ud800"): pair them up, or make them U+FFFD, so UTF-8 can hold the text."""
    if _SURROGATE_RE.search(value) is None:
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _first_string(record: dict, fields: tuple[str, ...], strip: bool = True) -> str | None:
    """The first of ``fields`` holding non-blank text (a numeric id counts as text)."""
    for field in fields:
        value = record.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and field in ID_FIELDS:
            value = str(value)
        if isinstance(value, str) and value.strip():
            value = _valid_unicode(value)
            return value.strip() if strip else value
    return None


def _record_id(record: dict, stem: str, line_number: int) -> str:
    given = _first_string(record, ID_FIELDS)
    if given and sanitize_id(given):
        return sanitize_id(given)
    url = _first_string(record, URL_FIELDS)
    if url:
        without_scheme = url.split("://", 1)[-1]
        if sanitize_id(without_scheme):
            return sanitize_id(without_scheme)
    return f"{stem}-L{line_number:05d}"


def _jsonl_record(source_path: str, stem: str, number: int, line: str, decoded: Decoded) -> RawArticle | Rejection:
    """The article of one JSON line, or why it is not one."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        return Rejection(source_path, number, "bad_json", f"line {number} is not valid JSON ({detail})")
    if not isinstance(record, dict):
        return Rejection(source_path, number, "bad_json", f"line {number} is JSON but not an object")
    title = _first_string(record, TITLE_FIELDS)
    url = _first_string(record, URL_FIELDS)
    published = [("jsonl_field", _first_string(record, PUBLISHED_FIELDS))]
    body = _first_string(record, TEXT_FIELDS, strip=False)
    if body is None and _first_string(record, ("html",)):
        if len(record["html"]) > MAX_PAGE_CHARS:
            return Rejection(source_path, number, "too_long", _page_too_long(f"line {number}", len(record["html"])))
        body, html_title, html_url, html_published = html_article(_valid_unicode(record["html"]))
        title, url, published = title or html_title, url or html_url, published + html_published
    if not body:
        fields = ", ".join(TEXT_FIELDS)
        return Rejection(source_path, number, "no_text", f"line {number} has no article text (none of the fields {fields}, html)")
    return _finish(_record_id(record, stem, number), source_path, number, "jsonl", decoded, body, title, url, published)


def _iter_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, one at a time, without their newline."""
    parts = head.split(b"\n")
    yield from parts[:-1]
    tail = parts[-1]
    for line in iter(stream.readline, b""):
        if tail:
            line, tail = tail + line, b""
        yield line[:-1] if line.endswith(b"\n") else line
    if tail:
        yield tail


class _LineDecoder:
    """The lines of a JSON Lines file: UTF-8 (a few damaged bytes made U+FFFD), else the code page
    the file's first line that is not UTF-8 was found in, else each line on its own."""

    def __init__(self, label: str):
        self.label = label  # utf-8 or utf-8-sig
        self.legacy: str | None = None

    def decode(self, raw: bytes) -> Decoded:
        try:
            return Decoded(raw.decode("utf-8"), self.label)
        except UnicodeDecodeError:
            pass
        damaged = _with_damage(raw, "utf-8", self.label)
        if damaged is not None:
            return damaged
        if self.legacy is not None:
            try:
                text = raw.decode(self.legacy)
                if _looks_like_text(text):
                    return Decoded(text, _encoding_label(self.legacy), flags=self.flags, notes=self.notes)
            except UnicodeDecodeError:
                pass
        decoded = decode_bytes(raw, "jsonl")
        if decoded.text is not None and not decoded.encoding.startswith("utf"):
            self.legacy, self.flags, self.notes = decoded.encoding, decoded.flags, decoded.notes
        return decoded


def _read_jsonl_stream(source_path: str, stream: BinaryIO) -> tuple[list[RawArticle], list[Rejection]]:
    """A JSON Lines file read line by line: good lines kept, each bad line reported with its number.

    A file in UTF-16 is read whole instead (its newlines are two bytes), within the size limit.
    """
    head = stream.read(_SNIFF_BYTES)
    refusal = _binary_head(source_path, head)
    if refusal is not None:
        return [], [refusal]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return _read_whole(source_path, "jsonl", head + stream.read())
    bom = head.startswith(codecs.BOM_UTF8)
    if bom:
        head = head[len(codecs.BOM_UTF8):]
    decoder = _LineDecoder("utf-8-sig" if bom else "utf-8")
    stem = sanitize_id(PurePosixPath(source_path).stem) or "record"
    articles: list[RawArticle] = []
    rejections: list[Rejection] = []
    for number, raw in enumerate(_iter_lines(head, stream), start=1):
        if not raw or raw.isspace():  # not strip(): a line may be megabytes, and it would be copied
            continue
        decoded = decoder.decode(raw)
        if decoded.text is None:
            reason = "binary" if decoded.problem == "binary" else "undecodable"
            rejections.append(Rejection(source_path, number, reason, f"line {number} is not text in UTF-8 or an Arabic code page"))
            continue
        if decoded.text.isspace():
            continue
        item = _jsonl_record(source_path, stem, number, decoded.text, decoded)
        (articles if isinstance(item, RawArticle) else rejections).append(item)
    if not articles and not rejections:
        return [], [Rejection(source_path, None, "empty", "the file is empty or holds only blank lines")]
    return articles, rejections


# ---------------------------------------------------------------------------
# Documents


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


def _page_too_long(where: str, length: int) -> str:
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


def _finish(
    article_id: str,
    source_path: str,
    record_index: int | None,
    source_format: str,
    decoded: Decoded,
    body: str,
    title: str | None = None,
    url: str | None = None,
    published: list[tuple[str, str | None]] = (),
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
    share, letters = arabic_share(body, _LANGUAGE_SAMPLE)
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


def _undecodable(source_path: str, problem: str, data: bytes) -> Rejection:
    kind = _binary_kind(data)
    message = f"the file is {kind}, not text" if kind else _PROBLEM_MESSAGES[problem]
    if problem == "undecodable":
        message += f"; the first byte that is not UTF-8 is at offset {_first_bad_byte(data):,}"
    return Rejection(source_path, None, problem, message)


def read_document(source_path: str, data: bytes) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles in one file held in memory, and the rejections of what could not be read."""
    return read_stream(source_path, io.BytesIO(data))


def read_stream(source_path: str, stream: BinaryIO) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles in one file, read from ``stream``, and the rejections of what could not be read.

    JSON Lines are read line by line; a text or HTML file is one article and is read whole
    (the caller's stream bounds its size: see ``extraction.read.ingest``).
    """
    try:
        return _read_stream(source_path, stream)
    except (InputTooLarge, OSError):
        raise  # the file, not its content: the caller says why
    except Exception as error:  # noqa: BLE001 - a reader bug must quarantine the file, not stop the run
        return [], [Rejection(source_path, None, "undecodable", f"the file could not be read: {error!r}")]


def _read_stream(source_path: str, stream: BinaryIO) -> tuple[list[RawArticle], list[Rejection]]:
    path = PurePosixPath(source_path)
    source_format = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if source_format is None:
        suffix = path.suffix or "no extension"
        return [], [
            Rejection(
                source_path,
                None,
                "unsupported_type",
                f"{suffix} files are not read; use .txt, .html, .htm, .jsonl or .ndjson",
            )
        ]
    if source_format == "jsonl":
        return _read_jsonl_stream(source_path, stream)
    head = stream.read(_SNIFF_BYTES)
    refusal = _binary_head(source_path, head)
    if refusal is not None:
        return [], [refusal]
    return _read_whole(source_path, source_format, head + stream.read())


def _binary_head(source_path: str, head: bytes) -> Rejection | None:
    """A file whose first bytes show it is binary, refused before the rest of it is read."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if _binary_kind(head) or (b"\x00" in head and _utf16_without_bom(head) is None):
        return _undecodable(source_path, "binary", head)
    return None


def _read_whole(source_path: str, source_format: str, data: bytes) -> tuple[list[RawArticle], list[Rejection]]:
    if not data.strip():
        return [], [Rejection(source_path, None, "empty", "the file is empty or holds only whitespace")]
    decoded = decode_bytes(data, source_format)
    if decoded.text is None:
        return [], [_undecodable(source_path, decoded.problem, data)]
    text = decoded.text
    if not text.strip():
        return [], [Rejection(source_path, None, "empty", "the file holds only whitespace")]
    if source_format == "jsonl":
        stem = sanitize_id(PurePosixPath(source_path).stem) or "record"
        items = [
            _jsonl_record(source_path, stem, number, line, decoded)
            for number, line in enumerate(text.split("\n"), start=1)
            if line.strip()
        ]
        return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Rejection)]
    stem = sanitize_id(PurePosixPath(source_path).stem) or "article"
    if source_format == "html":
        if len(text) > MAX_PAGE_CHARS:
            return [], [Rejection(source_path, None, "too_long", _page_too_long("the page", len(text)))]
        body, title, url, published = html_article(text)
        if not body.strip():
            return [], [Rejection(source_path, None, "no_text", "the page has no article text outside scripts and menus")]
        item = _finish(stem, source_path, None, "html", decoded, body, title, url, published)
    else:
        item = _finish(stem, source_path, None, "txt", decoded, text)
    return ([item], []) if isinstance(item, RawArticle) else ([], [item])
