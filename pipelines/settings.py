"""Where arqam reads and writes: the inbox, the warehouse file, the data-quality reports.

Values come from the command line or the environment (ARQAM_INBOX,
ARQAM_WAREHOUSE, ARQAM_REPORTS, ARQAM_MAX_BYTES), with defaults inside the
project so that a fresh clone runs on its shipped corpus.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from extraction.ingest import DEFAULT_MAX_BYTES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INBOX = PROJECT_ROOT / "corpus" / "seeds"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "arqam.duckdb"
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    reports: Path
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_env(cls, inbox=None, warehouse=None, reports=None) -> "Settings":
        inbox = Path(inbox or os.environ.get("ARQAM_INBOX") or DEFAULT_INBOX).resolve()
        warehouse = Path(warehouse or os.environ.get("ARQAM_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve()
        reports = Path(reports or os.environ.get("ARQAM_REPORTS") or default_reports_dir(warehouse)).resolve()
        max_bytes = int(os.environ.get("ARQAM_MAX_BYTES") or DEFAULT_MAX_BYTES)
        return cls(inbox, warehouse, reports, max_bytes)


def default_reports_dir(warehouse: Path) -> Path:
    """Reports live beside their warehouse: warehouse/arqam.duckdb -> warehouse/arqam_quality/."""
    return warehouse.with_name(warehouse.stem + "_quality")
