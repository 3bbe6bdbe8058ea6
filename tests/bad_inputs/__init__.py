"""A deterministic corpus of bad inputs, and where each one must end.

``write_corpus(inbox, outside)`` writes every kind of file the inbox must
survive (the issue's list, and a few more) and returns what must become of
each: stored in ``raw_articles`` (with its id, encoding, flags and, where it
was repaired, its exact text) or quarantined with a given reason, one
expectation per file, or per line of a JSON Lines file.  The same call writes
the same bytes every time.

Special files (symbolic links, a named pipe, a file and a folder without read
permission) are made where the system allows them.  Root reads anything
whatever its mode, so tests running as root stand in for a user with
``deny_like_a_user`` (a file or folder with no read bit cannot be opened).

The 300 MB file is sparse (no disk, no time): it must be refused from its size
alone under ``CORPUS_MAX_BYTES``, never read.

Write it to a folder to try it by hand:

    .venv/bin/python -m tests.bad_inputs /tmp/bad_inbox
    ARQAM_MAX_BYTES=1048576 .venv/bin/arqam run --inbox /tmp/bad_inbox --warehouse /tmp/bad.duckdb
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# the size limit the corpus is written for: every file but the big one is far below it
CORPUS_MAX_BYTES = 1024 * 1024
BIG_BYTES = 300 * 1024 * 1024

PLACES = ["عين الأسد", "حرير", "التاجي", "فكتوريا", "بلد", "القيارة", "الحبانية", "كركوك", "الشدادي", "التنف"]


def article(n: int) -> str:
    """The n-th distinct Arabic article: two sentences with figures arqam extracts."""
    place = PLACES[n % len(PLACES)]
    return (
        f"قالت وزارة الدفاع إن {100 + n} جندي وصلوا إلى قاعدة {place} الأسبوع الماضي.\n"
        f"وأكدت مقتل {n % 7 + 2} مسلحين في اشتباك قرب القاعدة، وإصابة {n % 5 + 3} آخرين."
    )


ENGLISH = (
    "The Pentagon said 2,500 US troops remain stationed in Iraq and that 5 soldiers were killed "
    "in 160 attacks on bases since October."
)
FRENCH = "Le Pentagone a déclaré que 2 500 soldats américains restent stationnés en Irak après 160 attaques."


@dataclass(frozen=True)
class Expected:
    path: str  # relative to the inbox
    kind: str  # the kind of bad input, for messages
    reason: str | None  # the quarantine reason; None: stored in raw_articles
    record: int | None = None  # line of a JSON Lines file
    article_id: str | None = None
    flags: tuple[str, ...] = ()
    encoding: str | None = None
    text: str | None = None  # the raw_text it must be stored with


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("article.txt", date_time=(2024, 7, 1, 0, 0, 0))
        archive.writestr(info, article(90).encode("utf-8"))
    return buffer.getvalue()


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _noise(size: int, seed: str) -> bytes:
    """Deterministic bytes that look random."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def _mojibake(text: str, codec: str = "cp1256", times: int = 1) -> str:
    for _ in range(times):
        text = text.encode("utf-8").decode(codec, "replace")
    return text


def _lost_bytes_mojibake() -> str:
    """UTF-8 Arabic read as Windows-1252 with its five holes lost: every word with ف or a kasra is damaged."""
    return (
        "في فيلق فرقة في فيلق فرقة في الفلوجة في فجر في فبراير "
        "في فيلق فرقة في فيلق فرقة في الفلوجة في فجر في فبراير"
    ).encode().decode("cp1252", "replace")


def _html(body: str, head: str = "", charset: str = "utf-8") -> str:
    return f"<!DOCTYPE html><html lang='ar'><head><meta charset='{charset}'><title>خبر</title>{head}</head><body>{body}</body></html>"


def _jsonl_feed() -> tuple[bytes, list[Expected]]:
    """A feed with good lines and every kind of bad line, each bad one reported with its line number."""
    path = "feeds/wire.jsonl"
    lines: list[bytes] = []
    expected: list[Expected] = []

    def add(line: bytes | str | dict, reason: str | None, kind: str, **fields) -> None:
        if isinstance(line, dict):
            line = json.dumps(line, ensure_ascii=False)
        lines.append(line.encode("utf-8") if isinstance(line, str) else line)
        if reason != "blank":
            expected.append(Expected(path, kind, reason, record=len(lines), **fields))

    add({"id": "wire-1", "text": article(20), "title": "تعزيزات"}, None, "jsonl good line", article_id="wire-1")
    add("", "blank", "blank line")
    add('{"id": "wire-2", "text": "نص بلا نهاية', "bad_json", "jsonl broken line")
    add("[1, 2, 3]", "bad_json", "jsonl line not an object")
    add({"id": "wire-3", "title": "بلا نص"}, "no_text", "jsonl record without text")
    add({"id": "../../../etc/passwd", "text": article(21)}, None, "path traversal in an id", article_id="etc_passwd")
    add({"id": "/abs/path/x", "text": article(22)}, None, "absolute path as an id", article_id="abs_path_x")
    add({"id": "..", "url": "https://example.com/../../news/7", "text": article(23)}, None,
        "dot-dot id, url id", article_id="example.com_.._.._news_7")
    add({"id": "C:\\Windows\\system32", "text": article(24)}, None, "windows path as an id", article_id="C_Windows_system32")
    add({"id": "wire-4", "text": "Wire: " + ENGLISH}, None, "non-Arabic record (kept, flagged)", article_id="wire-4",
        flags=("not_arabic",))
    add({"id": "wire-5", "text": _mojibake(article(25))}, None, "mojibake record", article_id="wire-5",
        flags=("mojibake_repaired",), text=article(25))
    damaged = json.dumps({"id": "wire-6", "text": article(26)}, ensure_ascii=False).encode("utf-8")
    cut = damaged.index("جندي".encode()) + 1  # inside a two-byte letter
    add(damaged[:cut] + damaged[cut + 1:], None, "record with a broken UTF-8 sequence", article_id="wire-6",
        flags=("invalid_bytes_replaced",))
    add(json.dumps({"id": "wire-7", "text": article(27)}, ensure_ascii=False).encode("cp1256"), None,
        "record in another code page", article_id="wire-7", flags=("encoding_guessed",), encoding="cp1256", text=article(27))
    add("[" * 100_000 + "]" * 100_000, "bad_json", "JSON nested 100,000 deep")
    add({"id": "wire-8", "text": article(0)}, "duplicate", "record duplicating another file's article")
    add({"id": "wire-9", "text": article(28)}, "duplicate", "same id twice in a feed (the earlier one)")
    add({"id": "wire-9", "text": article(29)}, None, "same id twice in a feed (the later one)", article_id="wire-9")
    add({"id": "wire-10", "html": _html(f"<script>var a = '999 جندي';</script><article><p>{article(30)}</p></article>")},
        None, "record with HTML", article_id="wire-10")
    add({"id": "wire-11", "text": "12345 67 - 89"}, "no_text", "record of digits only")
    add(b"\xff\xfe\x00garbage\x00" * 3, "bad_json", "binary garbage line")
    add("   ", "blank", "whitespace line")
    return b"\n".join(lines) + b"\n", expected


def write_corpus(inbox: Path, outside: Path, big_bytes: int = BIG_BYTES) -> list[Expected]:
    """Write the bad-input corpus into ``inbox`` (and link targets into ``outside``); return the expectations."""
    inbox.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    expected: list[Expected] = []

    def put(path: str, data: bytes | str, kind: str, reason: str | None, **fields) -> Path:
        target = inbox / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if reason is not None or "article_id" in fields:
            expected.append(Expected(path, kind, reason, **fields))
        else:
            expected.append(Expected(path, kind, None, article_id=Path(path).stem, **fields))
        return target

    # -- empty -------------------------------------------------------------------------
    put("empty/empty.txt", b"", "empty file", "empty")
    put("empty/whitespace.txt", " \n\t\r\n   \n", "whitespace-only file", "empty")
    put("empty/bom_only.txt", codecs.BOM_UTF8, "UTF-8 byte order mark and nothing else", "empty")
    put("empty/utf16_whitespace.txt", "  \n ".encode("utf-16"), "UTF-16 whitespace", "empty")
    put("empty/blank.jsonl", b"\n  \n\n", "JSON Lines of blank lines", "empty")
    put("empty/empty.html", "<html><body>  </body></html>", "HTML with no text", "no_text")

    # -- binary with a text extension -----------------------------------------------------
    put("binary/photo.txt", _png(), "PNG image named .txt", "binary")
    put("binary/report.html", _pdf(), "PDF named .html", "binary")
    put("binary/archive.txt", _zip(), "zip archive named .txt", "binary")
    put("binary/feed.jsonl", gzip.compress(b'{"id": "x", "text": "y"}\n', mtime=0), "gzip named .jsonl", "binary")
    put("binary/noise.txt", _noise(4096, "noise").replace(b"\x00", b"\x01")[:2048] + b"\x00" * 16 + _noise(2048, "more"),
        "random bytes with NULs", "binary")
    put("binary/executable.html", b"\x7fELF\x02\x01\x01\x00" + _noise(512, "elf"), "ELF executable named .html", "binary")

    # -- encodings (each a different article: the same text twice would be a duplicate) ----
    put("enc/utf8.txt", article(0), "UTF-8", None, encoding="utf-8", text=article(0))
    put("enc/utf8_bom.txt", codecs.BOM_UTF8 + article(1).encode("utf-8"), "UTF-8 with BOM", None,
        encoding="utf-8-sig", text=article(1))
    put("enc/utf16_le_bom.txt", codecs.BOM_UTF16_LE + article(2).encode("utf-16-le"),
        "UTF-16 LE with BOM", None, encoding="utf-16", text=article(2))
    put("enc/utf16_be_bom.txt", codecs.BOM_UTF16_BE + article(3).encode("utf-16-be"), "UTF-16 BE with BOM", None,
        encoding="utf-16", text=article(3))
    put("enc/utf16_le.txt", article(4).encode("utf-16-le"), "UTF-16 LE without BOM", None, encoding="utf-16-le", text=article(4))
    put("enc/utf16_be.txt", article(5).encode("utf-16-be"), "UTF-16 BE without BOM", None, encoding="utf-16-be", text=article(5))
    put("enc/cp1256.txt", article(6).encode("cp1256"), "Windows-1256", None, encoding="cp1256",
        flags=("encoding_guessed",), text=article(6))
    put("enc/iso8859_6.txt", article(7).encode("iso8859_6"), "ISO-8859-6", None, encoding="iso8859_6",
        flags=("encoding_guessed",), text=article(7))
    put("enc/declared_cp1256.html", _html(f"<p>{article(8)}</p>", charset="windows-1256").encode("cp1256"),
        "Windows-1256 HTML declaring its charset", None, encoding="cp1256")
    put("enc/unknown.txt", _noise(3000, "undecodable").replace(b"\x00", b"\x80"), "bytes in no encoding that can be told",
        "undecodable")
    put("enc/utf8_again_in_cp1256.txt", article(0).encode("cp1256"), "the UTF-8 article again, in Windows-1256",
        "duplicate")

    # -- damaged UTF-8 and UTF-16 ----------------------------------------------------------
    data = article(9).rstrip(".").encode("utf-8")  # ends with a two-byte letter
    put("damaged/truncated.txt", data[:-1], "UTF-8 cut inside its last character", None,
        encoding="utf-8", flags=("invalid_bytes_replaced",), text=article(9)[:-2] + "\ufffd")
    data = article(10).encode("utf-8")
    put("damaged/stray_bytes.txt", data[:40] + b"\xff\xfe" + data[40:], "UTF-8 with two stray bytes", None,
        encoding="utf-8", flags=("invalid_bytes_replaced",))
    put("damaged/truncated_utf16.txt", article(11).encode("utf-16-le")[:-1], "UTF-16 LE cut in half a character", None,
        encoding="utf-16-le", flags=("invalid_bytes_replaced",), text=article(11)[:-1] + "\ufffd")

    # -- mojibake --------------------------------------------------------------------------
    put("mojibake/garbled_cp1256.txt", _mojibake(article(12)), "UTF-8 read as Windows-1256 and saved again", None,
        flags=("mojibake_repaired",), text=article(12))
    put("mojibake/twice.txt", _mojibake(article(13), times=2), "garbled twice", None,
        flags=("mojibake_repaired",), text=article(13))
    put("mojibake/latin1.html", _html("<article><h1>" + _mojibake("تعزيزات", "latin-1") + "</h1><p>" + _mojibake(article(14), "latin-1") + "</p></article>"),
        "UTF-8 read as Latin-1 and saved again, in HTML", None, flags=("mojibake_repaired",),
        text="تعزيزات\n\n" + article(14).replace("\n", " "))
    partly = article(15) + "\n" + _mojibake(article(15), "cp1252")
    put("mojibake/bytes_lost.txt", partly, "garbled with bytes lost, Arabic left", None,
        flags=("mojibake_repaired", "mojibake_suspected"))
    put("mojibake/unrepairable.txt", _lost_bytes_mojibake(), "garbled with bytes lost, no Arabic left", "mojibake")

    # -- large -------------------------------------------------------------------------------
    big = inbox / "large" / "big.txt"
    big.parent.mkdir(parents=True, exist_ok=True)
    with open(big, "wb") as handle:  # sparse: no disk, no time
        handle.truncate(big_bytes)
    expected.append(Expected("large/big.txt", f"{big_bytes // 2**20} MB sparse file", "too_large"))
    put("large/just_over.jsonl", b'{"id": "j", "text": "' + "ن".encode() * (CORPUS_MAX_BYTES // 2) + b'"}\n',
        "JSON Lines just over the limit", "too_large")

    # -- HTML ----------------------------------------------------------------------------------
    put("html/broken.html", f"<html><body><div><p>{article(16)}<div><span>تابع<p></body>", "HTML with unclosed tags",
        None)
    put("html/nested.html", "<div>" * 20_000 + article(17) + "</div>" * 20_000, "HTML nested 20,000 deep", None)
    scripts = "".join(f"<script>var s{i} = '{i * 1000} جندي';</script><style>.c{i}{{color:red}}</style>" for i in range(200))
    put("html/scripts.html", _html(scripts + f"<article><p>{article(18)}</p></article>" + scripts, head=scripts),
        "HTML full of scripts and styles", None)
    put("html/scripts_only.html", _html(scripts + "<nav>الرئيسية</nav><footer>حقوق</footer>"), "HTML with text in scripts only",
        "no_text")
    put("html/comments.html", _html(f"<!-- 900 جندي --><p>{article(19)}</p><![CDATA[ 800 ]]><template>700 جندي</template>"),
        "HTML with comments, CDATA and templates", None)

    # -- JSON Lines ----------------------------------------------------------------------------
    feed, lines = _jsonl_feed()
    (inbox / "feeds").mkdir(parents=True, exist_ok=True)
    (inbox / "feeds" / "wire.jsonl").write_bytes(feed)
    expected += lines
    put("feeds/utf16.jsonl", json.dumps({"id": "u16-1", "text": article(31)}, ensure_ascii=False).encode("utf-16"),
        "JSON Lines in UTF-16", None, record=1, article_id="u16-1", encoding="utf-16")

    # -- language --------------------------------------------------------------------------------
    put("lang/english.txt", ENGLISH, "an English article (kept, flagged)", None, article_id="english",
        flags=("not_arabic",))
    put("lang/french.html", _html(f"<article><p>{FRENCH}</p></article>"), "a French article (kept, flagged)", None,
        article_id="french", flags=("not_arabic",))
    put("lang/digits.txt", "2024 - 12 - 500 000 / 17", "digits and punctuation only", "no_text")

    # -- names and duplicates ------------------------------------------------------------------------
    put("names/copy_of_utf8.txt", article(0), "the same article under a second name", "duplicate")
    put("names/one/report.txt", article(32), "an id first used here", None, article_id="report")
    put("names/two/report.txt", article(33), "the same id (file stem) from another file", "id_conflict")
    put("names/خبر عاجل.txt", article(34), "an Arabic file name with a space", None, article_id="خبر_عاجل")
    put("names/README", article(35), "no extension", "unsupported_type")
    put("names/photo.JPG", _png(), "an image with its own extension", "unsupported_type")
    put(".hidden/secret.txt", article(36), "hidden folder (never walked)", None, article_id="secret")
    expected.pop()  # the folder is the entry, quarantined unread: its files are not
    expected.append(Expected(".hidden", "a hidden folder, never walked", "hidden_file"))
    put(".hidden_file.txt", article(37), "hidden file", "hidden_file")
    try:
        odd = os.fsdecode(b"names/\xff\xfe-odd.txt")
        (inbox / odd).write_bytes(article(38).encode("utf-8"))
        expected.append(Expected("names/\\xff\\xfe-odd.txt", "a file name that is not UTF-8", None, article_id="xff_xfe-odd"))
    except (OSError, UnicodeError):
        pass

    # -- links, pipes, permissions -------------------------------------------------------------------------
    secret = outside / "outside_secret.txt"
    secret.write_text(article(39), encoding="utf-8")
    (outside / "outside_folder").mkdir(exist_ok=True)
    (outside / "outside_folder" / "x.txt").write_text(article(40), encoding="utf-8")
    links = inbox / "links"
    links.mkdir(exist_ok=True)
    (inbox / ".archive").mkdir(exist_ok=True)
    (inbox / ".archive" / "kept.txt").write_text(article(41), encoding="utf-8")
    expected.append(Expected(".archive", "a hidden folder (a link inside the inbox points into it)", "hidden_file"))
    made = [
        ("links/to_hidden_inside.txt", Path("../.archive/kept.txt"), "link to a file inside the inbox", None,
         {"article_id": "to_hidden_inside", "text": article(41)}),
        ("links/to_visible_inside.txt", Path("../enc/utf8.txt"), "link to another inbox file", "duplicate", {}),
        ("links/to_outside.txt", secret, "link to a file outside the inbox", "outside_inbox", {}),
        ("links/to_outside_relative.txt", Path(os.path.relpath(secret, links)), "relative link climbing out", "outside_inbox", {}),
        ("links/to_etc_passwd.txt", Path("/etc/passwd"), "link to /etc/passwd", "outside_inbox", {}),
        ("links/dangling.txt", Path("missing.txt"), "broken link", "unreadable", {}),
        ("links/loop.txt", Path("loop.txt"), "link to itself", "unreadable", {}),
        ("links/folder_inside", Path("../enc"), "link to a folder inside the inbox", "not_a_file", {}),
        ("links/folder_outside", outside / "outside_folder", "link to a folder outside the inbox", "outside_inbox", {}),
    ]
    for path, target, kind, reason, fields in made:
        try:
            (inbox / path).symlink_to(target)
        except (OSError, NotImplementedError):
            continue
        expected.append(Expected(path, kind, reason, **fields))
    if hasattr(os, "mkfifo"):
        try:
            os.mkfifo(inbox / "links" / "pipe.txt")
            expected.append(Expected("links/pipe.txt", "named pipe named .txt", "not_a_file"))
        except OSError:
            pass
    locked = put("perm/locked.txt", article(42), "file without read permission", "unreadable")
    locked.chmod(0)
    folder = inbox / "perm" / "locked_folder"
    folder.mkdir()
    (folder / "inside.txt").write_text(article(43), encoding="utf-8")
    folder.chmod(0)
    expected.append(Expected("perm/locked_folder", "folder without read permission", "unreadable"))
    return expected


def unlock(inbox: Path) -> None:
    """Give back the permissions the corpus took (so that a temporary folder can be removed)."""
    for path in (inbox / "perm" / "locked.txt", inbox / "perm" / "locked_folder"):
        if path.exists():
            path.chmod(0o755)


def deny_like_a_user(monkeypatch) -> None:
    """Opening or listing what has no read bit fails, as for a user who is not root."""
    from arqam.extraction.read import ingest

    real_open, real_scandir = ingest._os_open, ingest._os_scandir

    def denied(path) -> bool:
        try:
            return os.stat(path).st_mode & 0o444 == 0
        except OSError:
            return False

    def guarded_open(path, flags):
        if denied(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags)

    def guarded_scandir(path):
        if denied(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest, "_os_open", guarded_open)
    monkeypatch.setattr(ingest, "_os_scandir", guarded_scandir)
