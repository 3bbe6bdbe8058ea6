"""Fuzzing the whole inbox (hypothesis): drawn files with hostile names and bytes, read as the pipeline reads them.

The promise under test: every file of the inbox ends in ``raw_articles`` or in ``quarantine`` (a JSON
Lines file: each of its records), exactly once, with a reason and a message when it is refused;
nothing raises; reading again gives the same rows; memory stays proportional to the inbox.

An inbox is a few files.  Their names: any Unicode (marks, bidi controls, emoji, newlines, spaces,
backslashes), bytes that are not UTF-8, names near the system's 255-byte limit, leading dots (hidden),
nested folders, and twins of a name in another case or Unicode normalisation.  Their bytes: Arabic text
in UTF-8, UTF-16 (with and without a byte order mark) or cp1256, cut anywhere; random bytes and binary
signatures; NUL bytes; HTML fragments, deep nesting and entity floods; JSON Lines feeds of good, bad,
duplicate, huge and non-object records; empty files.

Two levels: the core (``list_inbox`` then ``ingest``, as ``assets/raw.py`` calls them) over many inboxes,
and ``arqam run`` itself over one drawn inbox, twice.  ARQAM_FUZZ_EXAMPLES (as in test_fuzz.py) sets the
number of inboxes: the default keeps the file to well under a minute.
"""
from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import tempfile
import tracemalloc
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from arqam.extraction.read.documents import FORMAT_BY_SUFFIX
from arqam.extraction.read.ingest import QUARANTINE_REASONS, ingest, known_articles, list_inbox

EXAMPLES = int(os.environ.get("ARQAM_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
# a run of the whole job costs seconds: one inbox at the default, more for a longer hunt
WHOLE_JOB = settings(max_examples=max(1, EXAMPLES // 60), deadline=None, suppress_health_check=list(HealthCheck),
                     database=None)

# the size limit of the fuzzed inboxes: some drawn files are over it (refused from their size), most far below
MAX_BYTES = 96 * 1024
# Memory a reading may take (tracemalloc: Python's allocations, not the HTML parser's own), from the
# bytes of the files it reads: a constant for the reader's 1 MiB buffers (a chunk being hashed, the
# buffered stream, the bytes of one read: three at most at once), and a factor for a text that goes
# through a few passes of its whole length (decoded, flattened, repaired) and is kept as an article.
# Both are several times what the drawn inboxes were seen to take: a wide margin on a linear bound,
# which fails when a reading grows faster than its input (a tree expanded, a feed held whole twice over).
MEMORY_CONSTANT = 8 * 1024 * 1024
MEMORY_PER_BYTE = 32

# --- names -------------------------------------------------------------------------------------

NAME_CHARACTERS = (
    "abcXYZ019"
    " ._-~()[]{}'\"\\$*?#%&+,;=@!`^|<>:"
    "\n\t\r\x0b\x1b\x7f"
    "ابتثجحخةىءآ"
    "é\u0301Åİıßſﬁ"  # precomposed and combining, and letters whose case or normalisation changes their length
    "\u200b\u200f\u202e\u2066\ufeff\u00a0"
    "ＡＢ\U0001f600\U0001d400\ufffd"
)

name_text = st.text(alphabet=NAME_CHARACTERS, min_size=1, max_size=24).map(lambda text: text.encode("utf-8"))
not_utf8 = st.binary(min_size=1, max_size=16).map(lambda raw: raw.replace(b"/", b"\xff").replace(b"\x00", b"\xfe"))
long_name = st.tuples(st.sampled_from(["ن", "a", "\U0001f600", "é"]), st.integers(100, 255)).map(
    lambda p: (p[0] * p[1]).encode("utf-8")[:255]
)
component = st.one_of(name_text, name_text, name_text, not_utf8, long_name).filter(lambda c: c not in (b".", b".."))
READABLE = [b".txt", b".html", b".htm", b".jsonl", b".ndjson", b".TXT", b".Html", b".JSONL"]
SUFFIXES = [*READABLE, b".json", b".pdf", b"", b".txt.", b".txt.bak"]

# --- bytes -------------------------------------------------------------------------------------

SENTENCES = [  # our own sentences
    "أعلنت الشرطة أن 12 شخصا أصيبوا في حادث سير على الطريق السريع.",
    "وذكر المتحدث أن فرق الإنقاذ انتشلت 3 جثث من تحت الأنقاض مساء الأحد.",
    "قال مسؤول محلي إن نحو 40 عائلة نزحت من القرية بعد القصف.",
    "وأفاد شهود بأن دوريتين عسكريتين عبرتا الجسر قبل منتصف الليل.",
    "وصل 250 جنديا إلى المعسكر الشمالي ضمن خطة التناوب.",
    "The ministry said 7 people were hurt.",
]
words = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES), st.text(max_size=40))
texts = st.lists(words, max_size=6).map(lambda parts: " ".join(parts))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"]
MAGIC = [b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"\x7fELF", b"SQLite format 3\x00", b"GIF89a"]

encoded_text = st.tuples(texts, st.sampled_from(ENCODINGS)).map(lambda p: p[0].encode(p[1], "replace"))
# UTF-8 read as a single-byte code page and saved again (cp1252 loses the bytes it has no character for)
mojibake = st.tuples(texts, st.sampled_from(["cp1256", "cp1252", "latin-1"])).map(
    lambda p: p[0].encode("utf-8").decode(p[1], "replace").encode("utf-8")
)


@st.composite
def cut(draw, data: st.SearchStrategy[bytes]) -> bytes:
    """Bytes cut anywhere: in the middle of a character, of a pair of UTF-16, of a byte order mark."""
    whole = draw(data)
    return whole[: draw(st.integers(0, len(whole)))]


@st.composite
def with_nul_bytes(draw, data: st.SearchStrategy[bytes]) -> bytes:
    raw = bytearray(draw(data))
    for _ in range(draw(st.integers(1, 4))):
        raw.insert(draw(st.integers(0, len(raw))), 0)
    return bytes(raw)


HTML_PIECES = [
    "<html>", "<head>", "<title>", "</title>", "<meta charset='windows-1256'>", '<meta charset="no-such-codec">',
    '<meta property="og:title" content="', '">', "<body>", "<article>", "</article>", "<main>", "<p>", "</p>", "<br/>",
    "<div", " class='x'>", "</div>", "<script>", "</script>", "<style>", "<svg><text>", "<table><tr><td>", "<!--", "-->",
    "<![CDATA[", "]]>", "&amp;", "&#1575;", "&#x0;", "&#xD800;", "&#1114112;", "&nbsp;", "&bogus;", "&", "<", ">",
    "<a href='", "\ue000", "<time datetime='", "<h1>",
]
html_fragments = st.lists(st.one_of(st.sampled_from(HTML_PIECES), words), max_size=30).map(lambda p: "".join(p).encode())


@st.composite
def deep_nesting(draw) -> bytes:
    opening, closing = draw(st.sampled_from([("<div>", "</div>"), ("<b><i>", "</i></b>"), ("<span>", ""), ("[", "]"),
                                             ("{\"a\":", "}"), ("<article><p>", "")]))
    depth = draw(st.integers(0, 12_000))
    return (opening * depth + draw(st.sampled_from(SENTENCES)) + closing * draw(st.integers(0, depth))).encode()


entity_flood = st.tuples(st.sampled_from(["&amp;", "&#1575;", "&", "&#", "&#x", "&lt;b&gt;", "&nbsp;"]), st.integers(0, 20_000)).map(
    lambda p: ("<p>" + p[0] * p[1] + SENTENCES[0] + "</p>").encode()
)


@st.composite
def json_lines(draw) -> bytes:
    """A feed: good records, and bad ones of every kind, each on its line (the last may lack its newline)."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["good", "good", "duplicate", "same_id", "bad_json", "not_object", "huge", "html",
                                     "surrogate", "nested", "blank", "no_text", "control"]))
        identifier = draw(st.one_of(st.text(max_size=12), st.integers(-5, 10**20), st.booleans(), st.none(),
                                    st.sampled_from(["../../etc/passwd", ".", "..", "", "   "])))
        text = draw(texts)
        if kind == "good":
            lines.append(json.dumps({"id": identifier, "text": text, "title": draw(words)}, ensure_ascii=draw(st.booleans())))
        elif kind == "duplicate" and lines:
            lines.append(draw(st.sampled_from(lines)))
        elif kind == "same_id":
            lines.append(json.dumps({"id": "same", "text": text}))
        elif kind == "bad_json":
            whole = json.dumps({"id": identifier, "text": text})
            lines.append(whole[: draw(st.integers(0, len(whole) - 1))] or "{")
        elif kind == "not_object":
            lines.append(draw(st.sampled_from(["[1, 2]", "42", '"نص"', "null", "true", "[]", "{}"])))
        elif kind == "huge":
            lines.append(json.dumps({"id": identifier, "text": SENTENCES[1] * draw(st.integers(100, 800))}, ensure_ascii=False))
        elif kind == "html":
            lines.append(json.dumps({"url": "https://example.org/" + str(identifier), "html": draw(html_fragments).decode()}))
        elif kind == "surrogate":
            lines.append('{"text": "\\ud800' + SENTENCES[2] + '\\udfff", "title": "\\udc00"}')
        elif kind == "nested":
            depth = draw(st.integers(1, 50_000))
            lines.append("[" * depth + "]" * depth)
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   ", "\t", "\r", "\u00a0", "\u2028"])))
        elif kind == "no_text":
            lines.append(json.dumps({"id": identifier, "title": text, "text": draw(st.sampled_from(["", "  ", None, 5, ["x"]]))}))
        else:  # control characters escaped in JSON reach the text
            lines.append(json.dumps({"id": identifier, "text": "\u0000" + text + "\u001b\u0085"}))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    body = ending.join(lines) + draw(st.sampled_from(["", ending]))
    return (codecs.BOM_UTF8 if draw(st.booleans()) else b"") + body.encode("utf-8")


CONTENTS = [  # (kind, its bytes)
    ("text", encoded_text),
    ("cut text", cut(encoded_text)),
    ("mojibake", mojibake),
    ("random", st.binary(max_size=2000)),
    ("binary", st.tuples(st.sampled_from(MAGIC), st.binary(max_size=200)).map(lambda p: p[0] + p[1])),
    ("NUL bytes", with_nul_bytes(st.one_of(encoded_text, html_fragments))),
    ("html", html_fragments),
    ("cut html", cut(html_fragments)),
    ("nesting", deep_nesting()),
    ("entities", entity_flood),
    ("feed", json_lines()),
    ("feed", json_lines()),
    ("cut feed", cut(json_lines())),
    ("empty", st.sampled_from([b"", b" ", b"\n\n", b"\r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\xff"])),
    ("near the limit", st.integers(MAX_BYTES - 2, MAX_BYTES + 2).map(lambda n: (SENTENCES[0].encode() * (n // 100 + 1))[:n])),
]


@dataclass(frozen=True)
class DrawnFile:
    parts: tuple[bytes, ...]  # folders, then the file's name
    content: bytes
    kind: str


@st.composite
def drawn_file(draw) -> DrawnFile:
    parts = draw(st.lists(component, min_size=1, max_size=3))  # folders, then the name
    if draw(st.integers(0, 9)) == 0:  # hidden, or inside a hidden folder
        where = draw(st.integers(0, len(parts) - 1))
        parts[where] = (b"." + parts[where])[:255]
    suffix = draw(st.one_of(st.sampled_from(READABLE), st.sampled_from(READABLE), st.sampled_from(SUFFIXES)))
    parts[-1] = parts[-1][: 255 - len(suffix)] + suffix
    kind, content = CONTENTS[draw(st.integers(0, len(CONTENTS) - 1))]
    return DrawnFile(tuple(parts), draw(content), kind)


def twin_name(name: bytes, how: str) -> bytes:
    """The same name in another case or Unicode normalisation (a different file on Linux)."""
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        return name
    changed = {"upper": text.upper(), "lower": text.lower(), "NFD": unicodedata.normalize("NFD", text),
               "NFC": unicodedata.normalize("NFC", text), "casefold": text.casefold()}[how]
    return changed.encode("utf-8")[:255]


@st.composite
def inboxes(draw, max_files: int = 7) -> list[DrawnFile]:
    files = draw(st.lists(drawn_file(), min_size=1, max_size=max_files))
    for original in draw(st.lists(st.sampled_from(files), max_size=2)):
        how = draw(st.sampled_from(["upper", "lower", "NFD", "NFC", "casefold"]))
        content = original.content if draw(st.booleans()) else draw(encoded_text)
        files.append(DrawnFile((*original.parts[:-1], twin_name(original.parts[-1], how)), content, "twin"))
    return files


def write_inbox(root: Path, files: list[DrawnFile]) -> dict[bytes, DrawnFile]:
    """Write the files that can coexist (a name taken, or a folder's name taken by a file, is passed
    over); the written ones by their path relative to ``root``."""
    base = os.fsencode(root)
    os.makedirs(base, exist_ok=True)
    written: dict[bytes, DrawnFile] = {}
    for drawn in files:
        relative = b"/".join(drawn.parts)
        if relative in written:
            continue
        try:
            os.makedirs(os.path.join(base, *drawn.parts[:-1]), exist_ok=True)
            with open(os.path.join(base, relative), "xb") as handle:
                handle.write(drawn.content)
        except OSError:
            continue
        written[relative] = drawn
    return written


def shown(relative: bytes) -> str:
    """A path as the warehouse stores it: bytes that are not UTF-8 escaped as \\xNN."""
    return relative.decode("utf-8", "backslashreplace")


def entries(written: dict[bytes, DrawnFile]) -> dict[str, DrawnFile | None]:
    """What must be accounted for: each file, but a hidden one (or one inside a hidden folder) is
    accounted for as its hidden file or folder, once.  The drawn file, where the entry is a file read."""
    found: dict[str, DrawnFile | None] = {}
    for relative, drawn in written.items():
        hidden = next((i for i, part in enumerate(drawn.parts) if part.startswith(b".")), None)
        if hidden is None:
            found[shown(relative)] = drawn
        else:
            found[shown(b"/".join(drawn.parts[: hidden + 1]))] = None
    return found


def feed_records(drawn: DrawnFile) -> set[int | None] | None:
    """The line numbers a feed drawn whole must give a row each (its non-blank lines), or None where
    the file's bytes are not such a feed (cut, not a feed, not named as one, over the limit)."""
    if drawn.kind != "feed" or FORMAT_BY_SUFFIX.get(Path(drawn.parts[-1].decode("utf-8", "replace")).suffix.lower()) != "jsonl":
        return None
    if len(drawn.content) > MAX_BYTES:
        return None
    text = drawn.content.decode("utf-8-sig")
    records = {number for number, line in enumerate(text.split("\n"), start=1) if line.strip()}
    return records or {None}  # no record at all: the file is quarantined as empty


def rows_by_place(batch) -> dict[tuple[str, int | None], dict]:
    """(source_path, record_index) -> the row there; each place holds one row."""
    places: dict[tuple[str, int | None], dict] = {}
    for row in batch.articles + batch.quarantine:
        index = row["record_index"] if row.get("source_format", "jsonl") == "jsonl" else None
        key = (row["source_path"], index)
        assert key not in places, f"{key} is accounted for twice: {places[key]} and {row}"
        places[key] = row
    return places


def assert_every_entry_accounted_for_once(batch, expected: dict[str, DrawnFile | None]) -> None:
    places = rows_by_place(batch)
    by_file: dict[str, set] = {}
    for path, index in places:
        by_file.setdefault(path, set()).add(index)
    assert set(by_file) == set(expected), "files lost or made up"
    for path, indexes in by_file.items():
        assert None not in indexes or indexes == {None}, f"{path}: refused whole and read by line"
        records = feed_records(expected[path]) if expected[path] is not None else None
        if records is not None:
            assert indexes == records, f"{path}: the records of the feed are not each accounted for"
    for row in batch.quarantine:
        assert row["reason"] in QUARANTINE_REASONS and row["message"].strip(), row
        # the catch-all of read_stream is for reader bugs: fuzzing must not reach it
        assert "could not be read" not in row["message"], row["message"]
    ids = [row["article_id"] for row in batch.articles]
    hashes = [row["sha256"] for row in batch.articles]
    assert len(set(ids)) == len(ids) and len(set(hashes)) == len(hashes)
    for row in batch.articles:
        assert row["raw_text"].strip() and row["article_id"]
        for value in (row["raw_text"], row["title"], row["url"], row["published"], row["flag_notes"], row["source_path"]):
            assert value is None or value.encode("utf-8")  # no lone surrogate: the warehouse stores UTF-8


def read_inbox(root: Path):
    return ingest(list_inbox(root), {}, max_bytes=MAX_BYTES)


# --- the core ---------------------------------------------------------------------------------


@pytest.mark.slow
@FUZZ
@given(inboxes())
def test_every_drawn_file_and_record_is_accounted_for_once_and_read_the_same_again(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "inbox"
        written = write_inbox(root, files)
        expected = entries(written)
        tracemalloc.start()
        try:
            batch = read_inbox(root)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert_every_entry_accounted_for_once(batch, expected)
        read = sum(len(drawn.content) for drawn in written.values() if len(drawn.content) <= MAX_BYTES)
        assert peak <= MEMORY_CONSTANT + MEMORY_PER_BYTE * read, f"{peak:,} bytes to read {read:,}"

        again = read_inbox(root)
        assert again.articles == batch.articles and again.quarantine == batch.quarantine

        seen = {row["source_path"]: row["file_sha256"] for row in batch.articles + batch.quarantine}
        known = ingest(list_inbox(root), seen, known_articles({r["sha256"]: r["article_id"] for r in batch.articles}), max_bytes=MAX_BYTES)
        assert known.articles == [] and known.quarantine == [] and known.skipped_unchanged == len(expected)


# --- the whole job ------------------------------------------------------------------------------

JOB_TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "stage_progress",
              "article_versions")


@contextlib.contextmanager
def environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Dagster's record of the run's events kept in memory (as in DagsterInstance.ephemeral(), which the other
# whole-job tests use) rather than in SQLite: the command is arqam's own, end to end, and the seconds a
# run costs are the pipeline's, not a database commit per event of some seventy checks.
IN_MEMORY_EVENT_LOG = """
event_log_storage:
  module: dagster._core.storage.event_log
  class: InMemoryEventLogStorage
"""


def arqam_run(inbox: Path, warehouse: Path, home: Path) -> tuple[int, str]:
    """`arqam run` as the command line runs it, in this process (a new one would import Dagster again)."""
    from arqam.pipelines import cli

    if not (home / "dagster.yaml").exists():
        home.mkdir(parents=True, exist_ok=True)
        template = Path(cli.__file__).with_name("dagster.yaml").read_text(encoding="utf-8")
        (home / "dagster.yaml").write_text(template + IN_MEMORY_EVENT_LOG, encoding="utf-8")
    out = io.StringIO()
    with environment(DAGSTER_HOME=str(home), ARQAM_MAX_BYTES=str(MAX_BYTES)), contextlib.redirect_stdout(out):
        status = cli.main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)])
    return status, out.getvalue()


def warehouse_rows(warehouse: Path) -> dict[str, list[str]]:
    from arqam.warehouse.store import Warehouse

    store = Warehouse(warehouse)
    return {table: sorted(map(repr, store.query(f"SELECT * FROM {table}").to_pylist())) for table in JOB_TABLES}


def outcomes(articles: list[dict], quarantine: list[dict]) -> dict[tuple[str, int | None], str]:
    """Where each file (each record of a feed) ended: its article id, or its quarantine reason."""
    return {
        **{(r["source_path"], r["record_index"] if r["source_format"] == "jsonl" else None): r["article_id"] for r in articles},
        **{(r["source_path"], r["record_index"]): "quarantine: " + r["reason"] for r in quarantine},
    }


@pytest.mark.job
@WHOLE_JOB
@given(inboxes(max_files=5))
def test_a_drawn_inbox_through_arqam_run_lands_every_file_once_and_a_second_run_keeps_the_rows(files):
    """No input fails the run: a file that cannot be read is quarantined, and the run goes on for the rest."""
    assume(len({drawn.kind for drawn in files}) >= 3)  # not the simplest inbox: a run costs seconds
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        expected = entries(write_inbox(root / "inbox", files))
        warehouse = root / "wh" / "arqam.duckdb"
        status, out = arqam_run(root / "inbox", warehouse, root / "home")
        assert status == 0, out

        first = warehouse_rows(warehouse)
        from arqam.warehouse.store import Warehouse

        store = Warehouse(warehouse)
        articles = store.query("SELECT * FROM raw_articles").to_pylist()
        quarantine = store.query("SELECT * FROM quarantine").to_pylist()
        landed = outcomes(articles, quarantine)
        assert len(landed) == len(articles) + len(quarantine), "a file or record is both stored and quarantined"
        assert {path for path, _ in landed} == set(expected), "files lost or made up"
        core = read_inbox(root / "inbox")
        assert landed == outcomes(core.articles, core.quarantine)  # the job stores what the core reads

        status, out = arqam_run(root / "inbox", warehouse, root / "home")
        assert status == 0, out
        assert warehouse_rows(warehouse) == first
