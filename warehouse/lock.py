"""One run at a time on a warehouse: an ``flock`` held for the whole run, naming its holder.

DuckDB lets one process write a file.  Two runs started at once (a schedule and
a person, two schedulers) must not both write it: the second waits for the
first, or is refused with a message that names the first.  The kernel releases
an ``flock`` when its process ends, however it ends, so a lock left by a killed
run never blocks the next one; the file's content (JSON: pid, command, start,
Dagster run id) tells the next holder which run died holding it.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

# How long a run waits for another run on the same warehouse to finish before it gives up.
DEFAULT_LOCK_TIMEOUT = 600.0


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a warehouse lock, as its holder wrote it into the lock file.

    ``unsettled``: holders before it that died holding the lock and whose runs
    nobody has marked finished yet (see ``WarehouseLock.settle``).
    """

    pid: int
    command: str
    started_at: str
    host: str = ""
    run_id: str | None = None
    unsettled: tuple[LockHolder, ...] = ()

    def describe(self) -> str:
        where = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        parts = [f"{self.command}, pid {self.pid}{where}"]
        if self.run_id:
            parts.append(f"Dagster run {self.run_id}")
        parts.append(f"started {self.started_at}")
        return ", ".join(parts)

    @classmethod
    def parse(cls, text: str) -> LockHolder | None:
        try:
            return cls._from_dict(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    @classmethod
    def _from_dict(cls, data: dict) -> LockHolder:
        fields = {k: data[k] for k in ("pid", "command", "started_at", "host", "run_id") if k in data}
        return cls(**fields, unsettled=tuple(cls._from_dict(d) for d in data.get("unsettled") or ()))


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse (and did not let go within the time we could wait)."""

    def __init__(self, warehouse: Path, holder: LockHolder | None, waited: float):
        self.warehouse = warehouse
        self.holder = holder
        self.waited = waited
        who = f"another run ({holder.describe()})" if holder else "another run"
        after = f"after waiting {waited:.0f} s" if waited >= 1 else "without waiting"
        super().__init__(f"the warehouse {warehouse} is in use by {who}; refused {after}")


def lock_path(warehouse: str | Path) -> Path:
    """warehouse/arqam.duckdb -> warehouse/arqam.duckdb.lock"""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


class WarehouseLock:
    """The exclusive right to write one warehouse file, held for a whole run.

    An ``flock`` on ``<warehouse>.lock``, which the kernel releases when the
    holding process exits or is killed: a lock left by a killed run never blocks
    the next one.  The file names its holder (JSON: pid, command, start, Dagster
    run id) for whoever waits; a holder that lets go cleanly empties it, so a
    holder found there by the next one is a run that died (``acquire`` returns it).

    Taken once per run, never again by the same process: ``arqam run`` takes it
    before its seconds of imports, for the Dagster run it then starts, and that
    run's warehouse resource finds it held for its run (``held_for_run``); a run
    started otherwise (the UI, a schedule) takes it in the resource.
    """

    def __init__(self, warehouse: str | Path, command: str = "arqam", run_id: str | None = None):
        self.warehouse = Path(warehouse).resolve()
        self.path = lock_path(self.warehouse)
        self.command = command
        self.run_id = run_id
        self._fd: int | None = None

    def acquire(
        self,
        timeout: float = 0.0,
        on_wait: Callable[[LockHolder | None], None] | None = None,
        poll: float = 0.1,
    ) -> list[LockHolder]:
        """Take the lock, waiting up to ``timeout`` seconds, else raise ``WarehouseBusy``.

        Returns the holders that died holding it and are not settled yet (newest
        first).  They stay named in the lock file until
        ``settle`` is called, so a run killed before it settles passes them on.
        ``on_wait`` is called once, with the current holder, when we have to wait.
        """
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        started = time.monotonic()
        told = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise
                waited = time.monotonic() - started
                if waited >= timeout:
                    raise WarehouseBusy(self.warehouse, _read_holder(fd), waited)
                if not told:
                    told = True
                    if on_wait is not None:
                        on_wait(_read_holder(fd))
                time.sleep(min(poll, max(0.001, timeout - waited)))
        except BaseException:
            os.close(fd)
            raise
        previous = _read_holder(fd, attempts=1)
        dead = [replace(previous, unsettled=()), *previous.unsettled] if previous else []
        holder = LockHolder(
            pid=os.getpid(),
            command=self.command,
            started_at=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
            host=socket.gethostname(),
            run_id=self.run_id,
            unsettled=tuple(dead[:100]),
        )
        _write_holder(fd, holder)
        self._fd = fd
        return dead

    def settle(self) -> None:
        """The dead holders returned by ``acquire`` are dealt with: stop naming them."""
        if self._fd is None:
            raise RuntimeError(f"{self.path} is not held by this object")
        _settle(self._fd)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # let go cleanly: nobody to report as dead
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> WarehouseLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def current_holder(warehouse: str | Path) -> LockHolder | None:
    """Who holds the warehouse's lock now; None when nobody does."""
    path = lock_path(warehouse)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _read_holder(fd) or LockHolder(pid=0, command="an unnamed process", started_at="at an unknown time")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def held_for_run(warehouse: str | Path, run_id: str | None) -> LockHolder | None:
    """The holder of the warehouse's lock if it is this process, holding it for Dagster run ``run_id``
    (``arqam run`` took it for that run); None otherwise.  The kernel says the lock is held, and only
    its holder writes the file, so a file naming this process and this run is this process's lock."""
    holder = current_holder(warehouse)
    if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname() and holder.run_id == run_id:
        return holder
    return None


def settle(warehouse: str | Path) -> None:
    """The dead holders named in the lock, which this process holds, are dealt with: stop naming them."""
    holder = current_holder(warehouse)
    if holder is None or holder.pid != os.getpid() or holder.host != socket.gethostname():
        raise RuntimeError(f"{lock_path(warehouse)} is not held by this process")
    fd = os.open(lock_path(warehouse), os.O_RDWR | os.O_CLOEXEC)
    try:
        _settle(fd)
    finally:
        os.close(fd)


def _settle(fd: int) -> None:
    holder = _read_holder(fd)
    if holder is not None and holder.unsettled:
        _write_holder(fd, replace(holder, unsettled=()))


def _read_holder(fd: int, attempts: int = 5) -> LockHolder | None:
    for attempt in range(attempts):  # the holder may be writing it this instant
        holder = LockHolder.parse(os.pread(fd, 1 << 20, 0).decode("utf-8", "replace"))
        if holder is not None or attempt == attempts - 1:
            return holder
        time.sleep(0.02)
    return None


def _write_holder(fd: int, holder: LockHolder) -> None:
    data = (json.dumps(asdict(holder)) + "\n").encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)
