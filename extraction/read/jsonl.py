"""JSON Lines: one article per object, its fields found under the names feeds use (``text``،
``content``، ``body``...), its id made safe for paths (``sanitize_id``); lines decoded one by one.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from arqam.extraction.read.articles import MAX_PAGE_CHARS, RawArticle, Rejection, finish, page_too_long
from arqam.extraction.read.decode import Decoded, decode_bytes, encoding_label, looks_like_text, with_damage
from arqam.extraction.read.html import html_article

TEXT_FIELDS = ("text", "content", "body", "article")
ID_FIELDS = ("id", "article_id", "guid")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "source_url")
PUBLISHED_FIELDS = ("published", "published_at", "publishedAt", "date", "datePublished", "pubDate")


_ID_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.\-\u0600-\u06FF]+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_MAX_ID_LENGTH = 120


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


def jsonl_record(source_path: str, stem: str, number: int, line: str, decoded: Decoded) -> RawArticle | Rejection:
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
            return Rejection(source_path, number, "too_long", page_too_long(f"line {number}", len(record["html"])))
        body, html_title, html_url, html_published = html_article(_valid_unicode(record["html"]))
        title, url, published = title or html_title, url or html_url, [*published, *html_published]
    if not body:
        fields = ", ".join(TEXT_FIELDS)
        return Rejection(source_path, number, "no_text", f"line {number} has no article text (none of the fields {fields}, html)")
    return finish(_record_id(record, stem, number), source_path, number, "jsonl", decoded, body, title, url, published)


def iter_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
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


class LineDecoder:
    """The lines of a JSON Lines file: UTF-8 (a few damaged bytes made U+FFFD), else the code page
    the file's first line that is not UTF-8 was found in, else each line on its own."""

    def __init__(self, label: str):
        self.label = label  # utf-8 or utf-8-sig
        self.legacy: str | None = None  # with the flags and notes of its first line
        self.flags: tuple[str, ...] = ()
        self.notes: tuple[str, ...] = ()

    def decode(self, raw: bytes) -> Decoded:
        try:
            return Decoded(raw.decode("utf-8"), self.label)
        except UnicodeDecodeError:
            pass
        damaged = with_damage(raw, "utf-8", self.label)
        if damaged is not None:
            return damaged
        if self.legacy is not None:
            try:
                text = raw.decode(self.legacy)
                if looks_like_text(text):
                    return Decoded(text, encoding_label(self.legacy), flags=self.flags, notes=self.notes)
            except UnicodeDecodeError:
                pass
        decoded = decode_bytes(raw, "jsonl")
        if decoded.text is not None and not decoded.encoding.startswith("utf"):
            self.legacy, self.flags, self.notes = decoded.encoding, decoded.flags, decoded.notes
        return decoded
