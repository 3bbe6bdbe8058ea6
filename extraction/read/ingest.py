"""From inbox files to raw article rows and quarantine rows: nothing is lost.

Every file ends in exactly one place: its articles in ``raw_articles``, or a
row in ``quarantine`` that says why (a JSON Lines file may have both: its good
lines stored, each bad line quarantined with its number).  A file already
seen with the same bytes is skipped (the file hash is the idempotency key);
the same text under a second name is quarantined as a duplicate of the first;
a file read again replaces everything it gave before.

A file is not even opened when stat says it is the file read last time (its
size, mtime, ctime and inode as recorded then, see ``FileState``): hashing
every known file again is what an incremental run would otherwise spend its
time on.  Anything else about it that differs, and it is read and hashed as
before: a file touched but identical changes nothing, a changed one is a new
version.

The inbox is untrusted:

- files are opened without following links (``O_NOFOLLOW``) and without
  blocking (``O_NONBLOCK``), then checked with ``fstat``: a named pipe, a
  socket or a device is refused (``not_a_file``), never read;
- a symbolic link is followed only to a regular file inside the inbox; a
  link that points outside is refused (``outside_inbox``), a broken or looping
  link is ``unreadable``, a link to a folder is ``not_a_file``;
- a folder that cannot be listed and a file that cannot be opened are
  ``unreadable``;
- a file over the size limit (``ARQAM_MAX_BYTES``) is refused from its size
  alone (``too_large``), without reading a byte of it; a file that grows past
  the limit while it is read is refused too.  Files are hashed in 1 MiB
  chunks and JSON Lines are parsed line by line, so no file is ever held
  whole in memory but a text or HTML article (at most the limit);
- file names that are not UTF-8 are stored with their bad bytes escaped
  (``\\xff``); article ids are sanitized (``jsonl.sanitize_id``), and
  nothing is ever written under a name taken from an input.
"""
from __future__ import annotations

import hashlib
import io
import os
import stat as stat_module
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from arqam.extraction.read.articles import REASONS as READING_REASONS
from arqam.extraction.read.articles import RawArticle, Rejection
from arqam.extraction.read.documents import InputTooLarge, read_stream

if TYPE_CHECKING:
    from typing_extensions import Buffer  # collections.abc.Buffer from Python 3.12

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# every reason a quarantine row can give: the reader's, and the inbox's own
QUARANTINE_REASONS = (
    *READING_REASONS,
    "too_large",
    "unreadable",
    "not_a_file",
    "outside_inbox",
    "hidden_file",
    "duplicate",
    "id_conflict",
)
# refused for what another file holds: read again every run, since that may have changed or gone
READ_AGAIN_REASONS = ("duplicate", "id_conflict")
READABLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")
_CHUNK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# A file modified this close to its reading may be rewritten again within the same tick of the
# file system's clock (2 s on FAT, a kernel tick on ext4 or XFS) and keep its timestamps: the state
# of such a file is not recorded, and the next run hashes it again (git's "racy clean" rule).
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class InboxFile:
    relative_path: str  # with "/" separators; bytes that are not UTF-8 escaped as \xNN
    path: str | Path  # where it is, as os.lstat and os.open take it
    root: Path | None = None  # the inbox, to tell where a symbolic link points
    listing_error: str | None = None  # a folder that could not be listed
    hidden: bool = False  # its name starts with a dot: accounted for, never read


@dataclass(frozen=True, slots=True)
class FileState:
    """What stat says of a regular file.  All of it as recorded: the file was not rewritten since.

    Size and mtime, as rsync's quick check; ctime too, which no program can set back
    (``touch -d``, ``cp -p``, ``tar`` and ``rsync -t`` set mtime to what they like, and
    ctime to now); and the inode, which tells a file replaced by another (a rename over it).
    """

    byte_size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileState:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)

    def settled(self, read_at_ns: int) -> bool:
        """Last modified well before ``read_at_ns``: a later rewrite cannot share its timestamps."""
        return max(self.mtime_ns, self.ctime_ns) <= read_at_ns - RACY_NS


@dataclass
class IngestBatch:
    articles: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    skipped_unchanged: int = 0
    not_read: int = 0  # of the unchanged files, those skipped by their recorded state, never opened
    reread: list[str] = field(default_factory=list)  # source paths read this time: their old rows are replaced
    # source_path -> its inbox_files row as of this reading (None: forget the old one), for the
    # files read this time whose row is not the one recorded
    file_records: dict[str, dict | None] = field(default_factory=dict)


def _display_path(relative: str) -> str:
    """A relative path as text that UTF-8 can hold: undecodable bytes of a file name as \\xNN."""
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        return os.fsencode(relative).decode("utf-8", "backslashreplace")


def list_inbox(root: str | Path) -> list[InboxFile]:
    """Every entry under ``root`` that is not a folder, in a stable order.

    Regular files, but also symbolic links, pipes, sockets and devices: each is an
    input that must end somewhere.  Folders are walked (never through a link), and
    one that cannot be listed is an entry of its own.  A hidden file or folder (its
    name starts with a dot: ``.DS_Store``, an editor's swap file, ``.git``) is an
    entry too, which is quarantined unread (``hidden_file``), its folder not walked.

    Paths are put together as text, never parsed: an incremental run lists every file
    of the inbox, and parsing each path took most of that.
    """
    root = Path(root)
    found: list[InboxFile] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]  # (folder, its path relative to root, "" or ending in "/")
    while stack:
        directory, prefix = stack.pop()
        try:
            with _os_scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            found.append(InboxFile(_display_path(prefix[:-1] or "."), Path(directory), root,
                                   f"cannot list the folder: {error.strerror}"))
            continue
        subdirs = []
        for entry in entries:
            relative = prefix + entry.name
            if entry.name.startswith("."):
                found.append(InboxFile(_display_path(relative), entry.path, root, hidden=True))
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                subdirs.append((entry.path, relative + "/"))
            else:
                found.append(InboxFile(_display_path(relative), entry.path, root))
        stack.extend(reversed(subdirs))
    return found


def quarantine_row(file_sha256: str, byte_size: int, rejection: Rejection) -> dict:
    key = f"{rejection.source_path}\x1f{rejection.record_index}\x1f{file_sha256}"
    return {
        "quarantine_id": hashlib.sha256(key.encode()).hexdigest()[:32],
        "source_path": rejection.source_path,
        "record_index": rejection.record_index,
        "file_sha256": file_sha256,
        "byte_size": byte_size,
        "reason": rejection.reason,
        "message": rejection.message,
    }


def article_row(article: RawArticle, file_sha256: str, byte_size: int) -> dict:
    return {
        "article_id": article.article_id,
        "source_path": article.source_path,
        "record_index": article.record_index,
        "source_format": article.source_format,
        "file_sha256": file_sha256,
        "sha256": article.sha256,
        "encoding": article.encoding,
        "byte_size": byte_size,
        "raw_text": article.raw_text,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "published_source": article.published_source,
        "flags": list(article.flags),
        "flag_notes": article.flag_notes,
    }


# ---------------------------------------------------------------------------
# Opening a file of the inbox, safely


def _os_open(path: str | Path, flags: int) -> int:
    """``os.open``: the one place files are opened (tests stand in for a user without rights here)."""
    return os.open(path, flags)


def _os_scandir(path: str | Path) -> AbstractContextManager[Iterator[os.DirEntry[str]]]:
    """``os.scandir``: the one place folders are listed (as ``_os_open``)."""
    return os.scandir(path)


def _clock_ns() -> int:
    """``time.time_ns``: the one place the clock is read (tests move it to make a file settled)."""
    return time.time_ns()


_KINDS = (
    (stat_module.S_ISFIFO, "a named pipe"),
    (stat_module.S_ISSOCK, "a socket"),
    (stat_module.S_ISCHR, "a character device"),
    (stat_module.S_ISBLK, "a block device"),
    (stat_module.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@dataclass
class _Problem:
    rejection: Rejection
    fingerprint: str
    size: int = 0


def _fingerprint(reason: str, stat: os.stat_result | None, extra: str = "") -> str:
    """The state of a file that was not read: a change to it (size, time, mode, link target) is a new state."""
    state = f"{reason}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_mode}:{extra}" if stat else f"{reason}:{extra}"
    return hashlib.sha256(state.encode("utf-8", "surrogateescape")).hexdigest()


def _inside(path: str, root: str) -> bool:
    return path == root or os.path.commonpath([path, root]) == root


def _open(item: InboxFile, max_bytes: int) -> tuple[int | None, _Problem | None]:
    """A file descriptor of a regular file within the size limit, or why there is none."""

    def problem(reason: str, message: str, stat: os.stat_result | None, extra: str = "", size: int = 0) -> tuple[None, _Problem]:
        return None, _Problem(Rejection(item.relative_path, None, reason, message), _fingerprint(reason, stat, extra), size)

    if item.listing_error:
        return problem("unreadable", item.listing_error, None)
    if item.hidden:
        try:
            lstat = os.lstat(item.path)
        except OSError:
            lstat = None
        kind = "folder" if lstat is not None and stat_module.S_ISDIR(lstat.st_mode) else "file"
        return problem("hidden_file", f"a hidden {kind} (its name starts with a dot): not read", lstat)
    try:
        lstat = os.lstat(item.path)
    except OSError as error:
        return problem("unreadable", f"cannot read the file: {error.strerror}", None)
    target, link = item.path, ""
    if stat_module.S_ISLNK(lstat.st_mode):
        try:
            link = os.readlink(item.path)
        except OSError:
            link = "?"
        root = os.path.realpath(item.root) if item.root is not None else None
        target = Path(os.path.realpath(item.path))
        if root is None or not _inside(str(target), root):
            shown = _display_path(link)
            return problem("outside_inbox", f"a symbolic link to {shown}, outside the inbox: not followed", lstat, link)
        try:
            stat = os.stat(target)
        except OSError as error:
            shown = _display_path(link)
            return problem("unreadable", f"a symbolic link to {shown}, which cannot be opened: {error.strerror}", lstat, link)
        if not stat_module.S_ISREG(stat.st_mode):
            return problem("not_a_file", f"a symbolic link to {_kind(stat.st_mode)}: only files are read", lstat, link)
    else:
        stat = lstat
        if not stat_module.S_ISREG(stat.st_mode):
            return problem("not_a_file", f"{_kind(stat.st_mode)}, not a regular file: not read", stat)
    if stat.st_size > max_bytes:
        message = f"{stat.st_size:,} bytes is over the {max_bytes:,}-byte limit (ARQAM_MAX_BYTES): not read"
        return problem("too_large", message, stat, link, stat.st_size)
    try:
        fd = _os_open(target, _OPEN_FLAGS)
    except OSError as error:
        return problem("unreadable", f"cannot read the file: {error.strerror}", stat, link)
    try:
        opened = os.fstat(fd)
    except OSError as error:
        os.close(fd)
        return problem("unreadable", f"cannot read the file: {error.strerror}", stat, link)
    if not stat_module.S_ISREG(opened.st_mode):  # swapped between the check and the opening
        os.close(fd)
        return problem("not_a_file", f"{_kind(opened.st_mode)}, not a regular file: not read", opened, link)
    if opened.st_size > max_bytes:
        os.close(fd)
        message = f"{opened.st_size:,} bytes is over the {max_bytes:,}-byte limit (ARQAM_MAX_BYTES): not read"
        return problem("too_large", message, opened, link, opened.st_size)
    return fd, None


class _LimitedReader(io.RawIOBase):
    """Reads a file descriptor, hashing every byte, and refuses to go past ``max_bytes``."""

    def __init__(self, fd: int, max_bytes: int):
        self.fd, self.max_bytes = fd, max_bytes
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer)
        data = os.read(self.fd, min(len(view), _CHUNK))
        self.size += len(data)
        if self.size > self.max_bytes:
            raise InputTooLarge(f"the file grew past {self.max_bytes:,} bytes while it was read")
        self.digest.update(data)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:  # the descriptor belongs to the caller
        super().close()


def _hash(fd: int, max_bytes: int) -> tuple[str, int]:
    reader = _LimitedReader(fd, max_bytes)
    buffer = bytearray(_CHUNK)
    while reader.readinto(buffer):
        pass
    return reader.digest.hexdigest(), reader.size


@dataclass
class _Read:
    file_sha256: str
    size: int
    articles: list[RawArticle]
    rejections: list[Rejection]
    unchanged: bool = False  # the file is as ``seen_sha256`` says: nothing to store
    state: FileState | None = None  # the file's state when read, if it can be recorded (``_recordable``)


def _recordable(item: InboxFile, before: os.stat_result, fd: int, read_at_ns: int) -> FileState | None:
    """The state of the file just read, if a later run may trust it to skip the file; else None.

    Not when the file was modified within ``RACY_NS`` of its reading, nor when it changed
    while it was read (the bytes hashed may be of neither state), nor for a symbolic link
    (the state is the target's, while the next run looks at the link).
    """
    state = FileState.of(before)
    if not state.settled(read_at_ns):
        return None
    try:
        if FileState.of(os.fstat(fd)) != state or os.lstat(item.path).st_ino != state.inode:
            return None
    except OSError:
        return None
    return state


def read_inbox_file(item: InboxFile, seen_sha256: str | None, max_bytes: int) -> _Read:
    """The articles and rejections of one inbox file, or ``unchanged`` if it is the file of ``seen_sha256``.

    The file is streamed: hashed in chunks to tell whether it changed, then parsed
    from the same descriptor (a text or HTML file whole, JSON Lines line by line)
    while its hash is computed again, so the recorded hash is that of the bytes read.
    """
    read_at = _clock_ns()
    fd, problem = _open(item, max_bytes)
    if problem is not None:
        unchanged = seen_sha256 == problem.fingerprint
        return _Read(problem.fingerprint, problem.size, [], [] if unchanged else [problem.rejection], unchanged)
    assert fd is not None  # no problem: a descriptor
    try:
        before = os.fstat(fd)
        if seen_sha256 is not None:
            digest, size = _hash(fd, max_bytes)
            if digest == seen_sha256:
                return _Read(digest, size, [], [], True, _recordable(item, before, fd, read_at))
            os.lseek(fd, 0, os.SEEK_SET)
        reader = _LimitedReader(fd, max_bytes)
        stream = io.BufferedReader(reader, buffer_size=_CHUNK)
        articles, rejections = read_stream(item.relative_path, stream)
        while stream.read(_CHUNK):  # what the reader did not need is hashed too
            pass
        state = _recordable(item, before, fd, read_at)
        return _Read(reader.digest.hexdigest(), reader.size, articles, rejections, state=state)
    except InputTooLarge as error:
        now = os.fstat(fd)
        message = f"{error}: over the limit (ARQAM_MAX_BYTES), not read"
        return _Read(_fingerprint("too_large", now), now.st_size, [], [Rejection(item.relative_path, None, "too_large", message)])
    except OSError as error:  # a disk error while reading: tried again once the file is touched or changed
        try:
            now = os.fstat(fd)
        except OSError:
            now = None
        fingerprint = _fingerprint("unreadable", now, str(error.errno))
        return _Read(fingerprint, 0, [], [Rejection(item.relative_path, None, "unreadable", f"cannot read the file: {error.strerror}")])
    finally:
        os.close(fd)


def read_inbox_files(files: list[InboxFile], seen: list[str | None], max_bytes: int) -> list[_Read]:
    """``read_inbox_file`` over ``files``, in this process."""
    return [read_inbox_file(item, seen_sha256, max_bytes) for item, seen_sha256 in zip(files, seen)]


def file_record(path: str, file_sha256: str, state: FileState) -> dict:
    """A row of ``inbox_files``: the state of the file at ``path`` when its bytes hashed to ``file_sha256``."""
    return {
        "source_path": path,
        "file_sha256": file_sha256,
        "byte_size": state.byte_size,
        "mtime_ns": state.mtime_ns,
        "ctime_ns": state.ctime_ns,
        "inode": state.inode,
    }


def unchanged_since_recorded(item: InboxFile, record: Mapping | None, seen_sha256: str | None, max_bytes: int) -> bool:
    """True when the file need not be opened: stat says it is the file whose reading gave what is stored.

    ``record``: its inbox_files row; trusted only if it was made from the bytes every
    stored row of the file comes from (``seen_sha256``).  The file must still be a
    regular file (not a link) within the size limit, with the recorded state.
    """
    if record is None or seen_sha256 is None or record["file_sha256"] != seen_sha256 or item.listing_error or item.hidden:
        return False
    try:
        stat = os.lstat(item.path)
    except OSError:
        return False
    if not stat_module.S_ISREG(stat.st_mode) or stat.st_size > max_bytes:
        return False
    # FileState's fields, compared without building one: every file of the inbox comes here
    return (stat.st_size == record["byte_size"] and stat.st_mtime_ns == record["mtime_ns"]
            and stat.st_ctime_ns == record["ctime_ns"] and stat.st_ino == record["inode"])


def ingest(
    files: Iterable[InboxFile],
    seen_files: Mapping[str, str],
    stored_articles: Callable[[list[str], list[str]], tuple[Mapping[str, str], Mapping[str, str]]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    read_files: Callable[[list[InboxFile], list[str | None], int], Iterable[_Read]] | None = None,
    file_records: Mapping[str, Mapping] | None = None,
) -> IngestBatch:
    """Read new or changed files.

    ``read_files(files, seen_sha256s, max_bytes)`` reads them, in order (``read_inbox_files``
    by default; a pool of processes can do it, the files are independent).  What is
    stored is decided here, in file order, so it does not depend on how they were read.

    ``seen_files``: source_path -> file sha256 of every file already in the
    warehouse (stored or quarantined).  ``stored_articles(sha256s, article_ids)``:
    called once the files are read, with the hashes and ids of the articles they hold,
    it returns (article sha256 -> article_id, article_id -> source_path) of the stored
    articles with those keys: what they could duplicate, and the file each id came from
    (an id may be given a new version only by the file it came from).  The warehouse is
    asked about a batch's articles, and nothing of the others is held in memory; None:
    nothing is stored (``known_articles`` answers from mappings held in memory).  A file
    read again replaces all it gave before (``IngestBatch.reread``), and the ids it held
    are free for other files.  ``file_records``: source_path -> inbox_files row of the
    files whose state was recorded: one ``unchanged_since_recorded`` is skipped without
    being opened.
    """
    batch = IngestBatch()
    read: list[_Read] = []
    records = file_records or {}
    to_read = []
    for item in files:
        if unchanged_since_recorded(item, records.get(item.relative_path), seen_files.get(item.relative_path), max_bytes):
            batch.skipped_unchanged += 1
            batch.not_read += 1
        else:
            to_read.append(item)
    seen = [seen_files.get(item.relative_path) for item in to_read]
    for item, result in zip(to_read, (read_files or read_inbox_files)(to_read, seen, max_bytes)):
        path = item.relative_path
        record = file_record(path, result.file_sha256, result.state) if result.state is not None else None
        if record != records.get(path):
            batch.file_records[path] = record
        if result.unchanged:
            batch.skipped_unchanged += 1
        else:
            read.append(result)
            batch.reread.append(path)
    # A file read again gives up the ids it held: they may now come from another file.  Its old
    # texts stay known until the write replaces them, as the raw_articles suite sees them.
    reread = set(batch.reread)
    held = [article for result in read for article in result.articles]
    stored_hashes, stored_sources = (
        stored_articles(sorted({a.sha256 for a in held}), sorted({a.article_id for a in held}))
        if held and stored_articles is not None
        else ({}, {})
    )
    sources = {aid: src for aid, src in stored_sources.items() if src not in reread}
    hashes = dict(stored_hashes)
    for result in read:
        batch.quarantine.extend(quarantine_row(result.file_sha256, result.size, r) for r in result.rejections)
        for article in result.articles:
            refusal = _refusal(article, sources, hashes)
            if refusal is not None:
                batch.quarantine.append(quarantine_row(result.file_sha256, result.size, refusal))
                continue
            hashes[article.sha256] = article.article_id
            sources[article.article_id] = article.source_path
            batch.articles.append(article_row(article, result.file_sha256, result.size))
    return _no_record_for_files_read_again(_last_version_wins(batch), records)


def known_articles(
    hashes: Mapping[str, str], sources: Mapping[str, str] | None = None
) -> Callable[[list[str], list[str]], tuple[dict[str, str], dict[str, str]]]:
    """``ingest``'s ``stored_articles`` over mappings held in memory: article sha256 -> article_id,
    article_id -> source_path of every stored article."""
    sources = sources or {}

    def stored_articles(sha256s: list[str], article_ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        return (
            {sha: hashes[sha] for sha in sha256s if sha in hashes},
            {aid: sources[aid] for aid in article_ids if aid in sources},
        )

    return stored_articles


def _no_record_for_files_read_again(batch: IngestBatch, records: Mapping[str, Mapping]) -> IngestBatch:
    """A file with a row refused for what another file holds is read every run: its state is of no use."""
    for path in {row["source_path"] for row in batch.quarantine if row["reason"] in READ_AGAIN_REASONS}:
        if path in records:
            batch.file_records[path] = None
        else:
            batch.file_records.pop(path, None)
    return batch


def _refusal(article: RawArticle, sources: Mapping[str, str], hashes: Mapping[str, str]) -> Rejection | None:
    """Why a readable article cannot be stored: its id belongs to another file, or its text is stored already."""
    owner = sources.get(article.article_id)
    if owner is not None and owner != article.source_path:
        message = f"article id {article.article_id} already comes from {owner}: rename one of the files"
        return Rejection(article.source_path, article.record_index, "id_conflict", message)
    original = hashes.get(article.sha256)
    if original is not None and original != article.article_id:
        message = f"the same text as article {original}: stored once"
        return Rejection(article.source_path, article.record_index, "duplicate", message)
    return None


def _last_version_wins(batch: IngestBatch) -> IngestBatch:
    """Two records with one article_id in a batch: keep the last, quarantine the earlier."""
    by_id: dict[str, dict] = {}
    for row in batch.articles:
        earlier = by_id.get(row["article_id"])
        if earlier is not None:
            batch.quarantine.append(
                quarantine_row(
                    earlier["file_sha256"],
                    earlier["byte_size"],
                    Rejection(
                        earlier["source_path"],
                        earlier["record_index"],
                        "duplicate",
                        f"article id {row['article_id']} appears again in {row['source_path']}: the later one is kept",
                    ),
                )
            )
        by_id[row["article_id"]] = row
    batch.articles = list(by_id.values())
    return batch
