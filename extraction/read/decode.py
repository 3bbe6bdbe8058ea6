"""Bytes to text: byte order marks, binary signatures, UTF-16 without a byte order mark (told by
where its zero bytes fall), UTF-8 with a few damaged bytes (the figures they touch masked, never
read as other numbers), the charset an HTML page declares, then a statistical guess among the
Arabic code pages (Windows-1256, ISO-8859-6).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes
from selectolax.lexbor import LexborHTMLParser

# Legacy encodings Arabic text actually arrives in, for charset detection.
ARABIC_CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]


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


_PLAUSIBLE_SAMPLE = 20_000


# replacement characters; with the digits and separators around them, a figure damaged in transit
_DAMAGED_FIGURE_RE = re.compile("\ufffd+")
_FIGURE_SEPARATORS = frozenset(".,،٫٬")


_PUNCTUATION = set(".,;:!?'\"()[]{}<>-–—/\\«»،؛؟%…*&@#+=_|~`$^•·“”‘’")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Bytes as text, or the reason code (``problem``) why they are not."""

    text: str | None
    encoding: str = ""
    problem: str = ""
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC_NUMBERS.items():
        if data.startswith(magic):
            return kind
    return None


def looks_like_text(text: str) -> bool:
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


def utf16_without_bom(data: bytes) -> str | None:
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


def encoding_label(codec_name: str) -> str:
    """Python's codec name as people write it: utf-16-le, cp1256, iso8859_6."""
    return codec_name.replace("_", "-") if codec_name.startswith("utf") else codec_name


def with_damage(data: bytes, encoding: str, label: str) -> Decoded | None:
    """``data`` in ``encoding`` with a few bad byte sequences made U+FFFD, or None if they are not few.

    Few: at most one byte in a hundred (at least 8 sequences allowed in a short file),
    and at least four good non-ASCII characters for each bad sequence, so that a file in
    another encoding (where almost every non-ASCII byte is "bad") is never taken for one.
    """
    text = data.decode(encoding, "replace")
    legit = data.count("\ufffd".encode()) if encoding == "utf-8" else 0
    replaced = text.count("\ufffd") - legit
    if replaced <= 0:
        return Decoded(text, label)
    ascii_chars = len(text.encode("ascii", "ignore"))
    good_non_ascii = len(text) - ascii_chars - text.count("\ufffd")
    if replaced > max(8, len(data) // 100) or good_non_ascii < 4 * replaced:
        return None
    first = first_bad_byte(data, encoding)
    note = (
        f"{replaced} byte sequence{'s' if replaced > 1 else ''} not valid in {encoding_label(encoding)} "
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


def first_bad_byte(data: bytes, encoding: str = "utf-8") -> int:
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
            return with_damage(body, "utf-8", "utf-8-sig") or Decoded(None, problem="undecodable")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return with_damage(data, "utf-16", "utf-16") or Decoded(None, problem="undecodable")
    if binary_kind(data):
        return Decoded(None, problem="binary")
    if b"\x00" in data:
        encoding = utf16_without_bom(data)
        if encoding:
            decoded: Decoded | None
            try:
                decoded = Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                decoded = with_damage(data, encoding, encoding)
            if decoded is not None and decoded.text is not None and looks_like_text(decoded.text):
                return decoded
        return Decoded(None, problem="binary")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = with_damage(data, "utf-8", "utf-8")
    if damaged is not None:
        return damaged
    if source_format == "html":
        declared = _html_declared_charset(data)
        if declared and declared != "utf-8":
            try:
                text = data.decode(declared)
                if looks_like_text(text):
                    return Decoded(text, encoding_label(declared))
            except UnicodeDecodeError:
                pass
    matches: Iterable[CharsetMatch]
    try:
        matches = from_bytes(data, cp_isolation=ARABIC_CANDIDATE_ENCODINGS)
    except Exception:  # noqa: BLE001 - detection failing means undecodable
        matches = []
    for match in matches:
        text = str(match)
        if looks_like_text(text):
            label = encoding_label(match.encoding)
            note = f"no byte order mark, not UTF-8 and no declared charset: read as {label} by statistical detection"
            return Decoded(text, label, flags=("encoding_guessed",), notes=(note,))
    return Decoded(None, problem="undecodable")
