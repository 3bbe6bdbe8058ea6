"""Where arqam reads and writes: the inbox, the warehouse file, its snapshot, the reports.

Values come from the command line or the environment (ARQAM_INBOX,
ARQAM_WAREHOUSE, ARQAM_SNAPSHOT, ARQAM_REPORTS, ARQAM_MAX_BYTES,
ARQAM_LOCK_TIMEOUT, ARQAM_WORKERS, ARQAM_BATCH_ARTICLES, ARQAM_BATCH_FACTS,
ARQAM_DUCKDB_MEMORY_LIMIT, ARQAM_DUCKDB_THREADS), with defaults inside the project
so that a fresh clone runs on its shipped corpus.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from arqam.extraction.ingest import DEFAULT_MAX_BYTES
from arqam.warehouse.store import DEFAULT_MEMORY_LIMIT, default_snapshot_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INBOX = PROJECT_ROOT / "corpus" / "seeds"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "arqam.duckdb"
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
# How long a run waits for another run on the same warehouse to finish before it gives up.
DEFAULT_LOCK_TIMEOUT = 600.0
# Articles a stage validates and writes at a time: memory stays flat however large the inbox.
# A GX validation costs about 0.2 s whatever its rows: at 100k articles, batches of 10,000
# against 5,000 took data quality from 48.6 s to 38.5 s (11.0% to 9.3% of a run 7% shorter)
# for 380 MB more at the peak (bench/scale.py).
DEFAULT_BATCH_ARTICLES = 10_000
# Facts the claims stage reads at a time (whole quantities: a larger quantity is read alone).
DEFAULT_BATCH_FACTS = 250_000


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
    batch_facts: int = DEFAULT_BATCH_FACTS
    duckdb_memory_limit: str = DEFAULT_MEMORY_LIMIT  # DuckDB's syntax: "1GB", "512MB", "25%"
    duckdb_threads: int = 0  # 0: DuckDB's default, one per core

    def __post_init__(self) -> None:
        if self.snapshot is None:
            object.__setattr__(self, "snapshot", default_snapshot_path(self.warehouse))

    @classmethod
    def from_env(cls, inbox=None, warehouse=None, reports=None, snapshot=None, lock_timeout=None) -> Settings:
        inbox = Path(inbox or os.environ.get("ARQAM_INBOX") or DEFAULT_INBOX).resolve()
        warehouse = Path(warehouse or os.environ.get("ARQAM_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve()
        reports = Path(reports or os.environ.get("ARQAM_REPORTS") or default_reports_dir(warehouse)).resolve()
        snapshot = Path(snapshot or os.environ.get("ARQAM_SNAPSHOT") or default_snapshot_path(warehouse)).resolve()
        max_bytes = int(os.environ.get("ARQAM_MAX_BYTES") or DEFAULT_MAX_BYTES)
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("ARQAM_LOCK_TIMEOUT") or DEFAULT_LOCK_TIMEOUT)
        workers = int(os.environ.get("ARQAM_WORKERS") or 0)
        batch_articles = int(os.environ.get("ARQAM_BATCH_ARTICLES") or DEFAULT_BATCH_ARTICLES)
        batch_facts = int(os.environ.get("ARQAM_BATCH_FACTS") or DEFAULT_BATCH_FACTS)
        memory_limit = os.environ.get("ARQAM_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
        threads = int(os.environ.get("ARQAM_DUCKDB_THREADS") or 0)
        return cls(
            inbox, warehouse, reports, max_bytes, snapshot, float(lock_timeout), workers, batch_articles, batch_facts,
            memory_limit, threads,
        )


def default_reports_dir(warehouse: Path) -> Path:
    """Reports live beside their warehouse: warehouse/arqam.duckdb -> warehouse/arqam_quality/."""
    return warehouse.with_name(warehouse.stem + "_quality")

