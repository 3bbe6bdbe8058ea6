"""Inbox file bytes -> articles, or the reason they cannot be read.

``read_document`` never raises: whatever arrives in the inbox ends either as
``RawArticle`` rows or as ``Rejection`` rows with a machine-readable reason and
a sentence a person can act on.  Nothing is dropped silently.

Formats, from the file extension: ``.txt`` (the decoded file is the article),
``.html``/``.htm`` (the text of the article element, page chrome dropped),
``.jsonl``/``.ndjson`` (one JSON object per line, one article per object).
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

REASONS = ("empty", "binary", "undecodable", "bad_json", "no_text", "unsupported_type")

FORMAT_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# Legacy encodings Arabic text actually arrives in, for charset detection.
ARABIC_CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]

_MAGIC_NUMBERS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
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
_BREAKS_RE = re.compile(f" ?[{_PARAGRAPH_BREAK}{_LINE_BREAK}][ {_PARAGRAPH_BREAK}{_LINE_BREAK}]*")
_ID_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.\-\u0600-\u06FF]+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_MAX_ID_LENGTH = 120
_PLAUSIBLE_SAMPLE = 20_000
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
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    source_path: str
    record_index: int | None
    reason: str  # one of REASONS
    message: str


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
    """
    if len(data) % 2:
        return None
    pairs = len(data) // 2
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
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


def decode_bytes(data: bytes, source_format: str) -> tuple[str | None, str, str]:
    """``(text, encoding, problem)``: the text and its encoding, or None and a reason code."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", ""
        except UnicodeDecodeError:
            return None, "", "undecodable"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError:
            return None, "", "undecodable"
    if _binary_kind(data):
        return None, "", "binary"
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding:
            try:
                text = data.decode(encoding)
                if _looks_like_text(text):
                    return text, encoding, ""
            except UnicodeDecodeError:
                pass
        return None, "", "binary"
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    if source_format == "html":
        declared = _html_declared_charset(data)
        if declared and declared != "utf-8":
            try:
                text = data.decode(declared)
                if _looks_like_text(text):
                    return text, _encoding_label(declared), ""
            except UnicodeDecodeError:
                pass
    try:
        matches = from_bytes(data, cp_isolation=ARABIC_CANDIDATE_ENCODINGS)
    except Exception:  # noqa: BLE001 - detection failing means undecodable
        matches = []
    for match in matches:
        text = str(match)
        if _looks_like_text(text):
            return text, _encoding_label(match.encoding), ""
    return None, "", "undecodable"


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
            out.append(item.text_content or "")
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
    text = _INLINE_GAPS_RE.sub(" ", _GAP_NOT_NEEDED_RE.sub("", text))

    def breaks(match: re.Match) -> str:
        run = match.group()
        if _PARAGRAPH_BREAK in run:
            return "\n\n"
        return "\n" * min(run.count(_LINE_BREAK), 2)

    text = _BREAKS_RE.sub(breaks, text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def html_to_article(markup: str) -> tuple[str, str | None, str | None, str | None]:
    """``(text, title, url, published)`` of an HTML page."""
    markup = markup.replace(_PARAGRAPH_BREAK, "").replace(_LINE_BREAK, "").replace(_INLINE_GAP, "")
    tree = LexborHTMLParser(markup)
    title = _attribute(tree.css_first('meta[property="og:title"]'), "content")
    if title is None:
        node = tree.css_first("title")
        title = node.text(strip=True) if node is not None else None
    url = _attribute(tree.css_first('meta[property="og:url"]'), "content") or _attribute(
        tree.css_first('link[rel="canonical"]'), "href"
    )
    published = (
        _attribute(tree.css_first('meta[property="article:published_time"]'), "content")
        or _attribute(tree.css_first("time[datetime]"), "datetime")
        or _attribute(tree.css_first('meta[itemprop="datePublished"]'), "content")
    )
    tree.strip_tags(HTML_DROPPED_TAGS)
    articles = tree.css("article")
    root = max(articles, key=lambda n: len(n.text(deep=True))) if articles else None
    root = root or tree.css_first("main") or tree.body or tree.root
    if not title:
        heading = root.css_first("h1") if root is not None else None
        title = heading.text(strip=True) if heading is not None else None
    text = _flatten(root) if root is not None else ""
    return text, title or None, url, published


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


def _read_jsonl(source_path: str, text: str, encoding: str) -> tuple[list[RawArticle], list[Rejection]]:
    stem = sanitize_id(PurePosixPath(source_path).stem) or "record"
    articles: list[RawArticle] = []
    rejections: list[Rejection] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            detail = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            rejections.append(
                Rejection(source_path, number, "bad_json", f"line {number} is not valid JSON ({detail})")
            )
            continue
        if not isinstance(record, dict):
            rejections.append(
                Rejection(source_path, number, "bad_json", f"line {number} is JSON but not an object")
            )
            continue
        title = _first_string(record, TITLE_FIELDS)
        url = _first_string(record, URL_FIELDS)
        published = _first_string(record, PUBLISHED_FIELDS)
        body = _first_string(record, TEXT_FIELDS, strip=False)
        if body is None and _first_string(record, ("html",)):
            body, html_title, html_url, html_published = html_to_article(_valid_unicode(record["html"]))
            title, url, published = title or html_title, url or html_url, published or html_published
        if not body:
            rejections.append(
                Rejection(
                    source_path,
                    number,
                    "no_text",
                    f"line {number} has no article text (none of the fields {', '.join(TEXT_FIELDS)}, html)",
                )
            )
            continue
        articles.append(_article(_record_id(record, stem, number), source_path, number, "jsonl", encoding, body, title, url, published))
    return articles, rejections


# ---------------------------------------------------------------------------


def _article(
    article_id: str,
    source_path: str,
    record_index: int | None,
    source_format: str,
    encoding: str,
    raw_text: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> RawArticle:
    digest = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
    return RawArticle(article_id, source_path, record_index, source_format, encoding, digest, raw_text, title, url, published)


_PROBLEM_MESSAGES = {
    "binary": "the file is binary data, not text",
    "undecodable": "the bytes are not text in UTF-8, UTF-16 or an Arabic code page (cp1256, ISO-8859-6)",
}


def _first_bad_utf8_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return -1


def read_document(source_path: str, data: bytes) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles in one inbox file, and the rejections of what could not be read."""
    try:
        return _read_document(source_path, data)
    except Exception as error:  # noqa: BLE001 - a reader bug must quarantine the file, not stop the run
        return [], [Rejection(source_path, None, "undecodable", f"the file could not be read: {error!r}")]


def _read_document(source_path: str, data: bytes) -> tuple[list[RawArticle], list[Rejection]]:
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
    if not data.strip():
        return [], [Rejection(source_path, None, "empty", "the file is empty or holds only whitespace")]
    text, encoding, problem = decode_bytes(data, source_format)
    if text is None:
        kind = _binary_kind(data)
        message = f"the file is {kind}, not text" if kind else _PROBLEM_MESSAGES[problem]
        if problem == "undecodable":
            message += f"; the first byte that is not UTF-8 is at offset {_first_bad_utf8_byte(data):,}"
        return [], [Rejection(source_path, None, problem, message)]
    if not text.strip():
        return [], [Rejection(source_path, None, "empty", "the file holds only whitespace")]
    if source_format == "jsonl":
        return _read_jsonl(source_path, text, encoding)
    stem = sanitize_id(path.stem) or "article"
    if source_format == "html":
        body, title, url, published = html_to_article(text)
        if not body.strip():
            return [], [Rejection(source_path, None, "no_text", "the page has no article text outside scripts and menus")]
        return [_article(stem, source_path, None, "html", encoding, body, title, url, published)], []
    return [_article(stem, source_path, None, "txt", encoding, text)], []
