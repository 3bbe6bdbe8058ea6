"""Where arqam reads and writes: the inbox, the warehouse file, its snapshot, the reports.

Values come from the command line or the environment (ARQAM_INBOX,
ARQAM_WAREHOUSE, ARQAM_SNAPSHOT, ARQAM_REPORTS, ARQAM_MAX_BYTES,
ARQAM_LOCK_TIMEOUT, ARQAM_WORKERS, ARQAM_BATCH_ARTICLES,
ARQAM_DUCKDB_MEMORY_LIMIT, ARQAM_DUCKDB_THREADS, ARQAM_SENSOR), with defaults inside the project
so that a fresh clone runs on its shipped corpus.  A value that cannot be used raises
``SettingsError``, whose message is one line saying what was expected (``arqam`` prints
it and exits 2).
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from arqam.assets.workers import DEFAULT_BATCH_ARTICLES
from arqam.extraction.read.ingest import DEFAULT_MAX_BYTES
from arqam.warehouse.lock import DEFAULT_LOCK_TIMEOUT
from arqam.warehouse.store import DEFAULT_MEMORY_LIMIT, default_snapshot_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INBOX = PROJECT_ROOT / "corpus" / "seeds"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "arqam.duckdb"
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
# The inbox sensor starts runs as files arrive, from the moment `make dev` starts (ARQAM_SENSOR=off: stopped
# until someone starts it in the UI).  Dagster keeps a state set in the UI over this default.
DEFAULT_SENSOR = True


class SettingsError(ValueError):
    """A setting whose value cannot be used; the message is one line: the variable, its value, what was expected."""


def _bad(name: str, value: str, expected: str) -> SettingsError:
    return SettingsError(f"{name}={value!r} is not {expected}")


def unknown_name_message(what: str, name: str, known: Sequence[str]) -> str:
    """One line: the name is unknown, the close one if there is one, and every known name."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown {what} {name!r}{hint}: expected one of {', '.join(known)}"


def env_whole(name: str, default: int, minimum: int, expected: str) -> int:
    """The whole number in environment variable ``name`` (unset or empty: ``default``)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise _bad(name, value, f"a whole number: expected {expected}") from None
    if number < minimum:
        raise _bad(name, value, f"allowed: expected {expected}")
    return number


def env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise _bad(name, value, "a number: expected seconds, 0 or more (0: do not wait)") from None
    if not seconds >= 0 or seconds == float("inf"):  # NaN too
        raise _bad(name, value, "allowed: expected seconds, 0 or more (0: do not wait)")
    return seconds


def env_memory_limit(name: str, default: str) -> str:
    """A size in DuckDB's syntax, checked by DuckDB itself (a bad one would otherwise fail the run's first step)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        duckdb.connect(":memory:", config={"memory_limit": value}).close()
    except duckdb.Error:
        raise _bad(name, value, "a memory size: expected a number and a unit, as 512MB, 2GB, 1.5GiB, or a share as 25%") from None
    return value


def env_switch(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("on", "1", "true", "yes"):
        return True
    if value in ("off", "0", "false", "no"):
        return False
    raise _bad(name, value, "a switch: expected on or off")


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    reports: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    snapshot: Path | None = None  # None: beside the warehouse (default_snapshot_path)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    workers: int = 0  # extraction processes; 0: one per core this process may use
    batch_articles: int = DEFAULT_BATCH_ARTICLES
    duckdb_memory_limit: str = DEFAULT_MEMORY_LIMIT  # DuckDB's syntax: "1GB", "512MB", "25%"
    duckdb_threads: int = 0  # 0: DuckDB's default, one per core
    sensor: bool = DEFAULT_SENSOR  # the inbox sensor's default state in a new Dagster instance (ARQAM_SENSOR=on|off)

    def __post_init__(self) -> None:
        if self.snapshot is None:
            object.__setattr__(self, "snapshot", default_snapshot_path(self.warehouse))

    @classmethod
    def from_env(cls, inbox=None, warehouse=None, reports=None, snapshot=None, lock_timeout=None) -> Settings:
        inbox = Path(inbox or os.environ.get("ARQAM_INBOX") or DEFAULT_INBOX).resolve()
        warehouse = Path(warehouse or os.environ.get("ARQAM_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve()
        reports = Path(reports or os.environ.get("ARQAM_REPORTS") or default_reports_dir(warehouse)).resolve()
        snapshot = Path(snapshot or os.environ.get("ARQAM_SNAPSHOT") or default_snapshot_path(warehouse)).resolve()
        max_bytes = env_whole("ARQAM_MAX_BYTES", DEFAULT_MAX_BYTES, 1, "a size in bytes, 1 or more")
        if lock_timeout is None:
            lock_timeout = env_seconds("ARQAM_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)
        workers = env_whole("ARQAM_WORKERS", 0, 0, "a number of worker processes, 0 or more (0: one per core)")
        batch_articles = env_whole("ARQAM_BATCH_ARTICLES", DEFAULT_BATCH_ARTICLES, 1, "a number of articles, 1 or more")
        memory_limit = env_memory_limit("ARQAM_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
        threads = env_whole("ARQAM_DUCKDB_THREADS", 0, 0, "a number of DuckDB threads, 0 or more (0: one per core)")
        return cls(
            inbox, warehouse, reports, max_bytes, snapshot, float(lock_timeout), workers, batch_articles,
            memory_limit, threads, env_switch("ARQAM_SENSOR", DEFAULT_SENSOR),
        )


def default_reports_dir(warehouse: Path) -> Path:
    """Reports live beside their warehouse: warehouse/arqam.duckdb -> warehouse/arqam_quality/."""
    return warehouse.with_name(warehouse.stem + "_quality")

