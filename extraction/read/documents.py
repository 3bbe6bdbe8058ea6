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

Where each part lives: ``decode`` (bytes to text), ``mojibake``, ``html`` (markup to
text), ``jsonl`` (records and their fields), ``articles`` (``RawArticle``,
``Rejection``, the limits of one article and its flags); this module reads a file
or a stream, by its format.
"""
from __future__ import annotations

import codecs
import io
from pathlib import PurePosixPath
from typing import BinaryIO

from arqam.extraction.read.articles import MAX_PAGE_CHARS, RawArticle, Rejection, finish, page_too_long, undecodable
from arqam.extraction.read.decode import binary_kind, decode_bytes, utf16_without_bom
from arqam.extraction.read.html import html_article
from arqam.extraction.read.jsonl import LineDecoder, iter_lines, jsonl_record, sanitize_id

FORMAT_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}


_SNIFF_BYTES = 64 * 1024


class InputTooLarge(Exception):
    """Raised by a size-limited stream while it is read: the file is over the limit."""


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
    decoder = LineDecoder("utf-8-sig" if bom else "utf-8")
    stem = sanitize_id(PurePosixPath(source_path).stem) or "record"
    articles: list[RawArticle] = []
    rejections: list[Rejection] = []
    for number, raw in enumerate(iter_lines(head, stream), start=1):
        if not raw or raw.isspace():  # not strip(): a line may be megabytes, and it would be copied
            continue
        decoded = decoder.decode(raw)
        if decoded.text is None:
            reason = "binary" if decoded.problem == "binary" else "undecodable"
            rejections.append(Rejection(source_path, number, reason, f"line {number} is not text in UTF-8 or an Arabic code page"))
            continue
        if decoded.text.isspace():
            continue
        item = jsonl_record(source_path, stem, number, decoded.text, decoded)
        if isinstance(item, RawArticle):
            articles.append(item)
        else:
            rejections.append(item)
    if not articles and not rejections:
        return [], [Rejection(source_path, None, "empty", "the file is empty or holds only blank lines")]
    return articles, rejections


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
    if binary_kind(head) or (b"\x00" in head and utf16_without_bom(head) is None):
        return undecodable(source_path, "binary", head)
    return None


def _read_whole(source_path: str, source_format: str, data: bytes) -> tuple[list[RawArticle], list[Rejection]]:
    if not data.strip():
        return [], [Rejection(source_path, None, "empty", "the file is empty or holds only whitespace")]
    decoded = decode_bytes(data, source_format)
    if decoded.text is None:
        return [], [undecodable(source_path, decoded.problem, data)]
    text = decoded.text
    if not text.strip():
        return [], [Rejection(source_path, None, "empty", "the file holds only whitespace")]
    if source_format == "jsonl":
        stem = sanitize_id(PurePosixPath(source_path).stem) or "record"
        items = [
            jsonl_record(source_path, stem, number, line, decoded)
            for number, line in enumerate(text.split("\n"), start=1)
            if line.strip()
        ]
        return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Rejection)]
    stem = sanitize_id(PurePosixPath(source_path).stem) or "article"
    if source_format == "html":
        if len(text) > MAX_PAGE_CHARS:
            return [], [Rejection(source_path, None, "too_long", page_too_long("the page", len(text)))]
        body, title, url, published = html_article(text)
        if not body.strip():
            return [], [Rejection(source_path, None, "no_text", "the page has no article text outside scripts and menus")]
        item = finish(stem, source_path, None, "html", decoded, body, title, url, published)
    else:
        item = finish(stem, source_path, None, "txt", decoded, text)
    return ([item], []) if isinstance(item, RawArticle) else ([], [item])
