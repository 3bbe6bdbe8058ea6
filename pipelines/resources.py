"""Dagster resources: the warehouse, the inbox and the quality gate, all configured."""
from __future__ import annotations

from dagster import ConfigurableResource
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from expectations.gx_bridge import QualityGate
from extraction.ingest import DEFAULT_MAX_BYTES
from warehouse.store import Warehouse


class WarehouseResource(DuckDBResource):
    """The DuckDB warehouse file (``database``), with arqam's read/write layer."""

    def setup_for_execution(self, context) -> None:
        Warehouse(self.database).migrate()

    def store(self) -> Warehouse:
        return Warehouse(self.database)


class InboxResource(ConfigurableResource):
    """The folder new articles are dropped into (.txt, .html, .jsonl)."""

    path: str
    max_bytes: int = DEFAULT_MAX_BYTES


class QualityResource(ConfigurableResource):
    """The Great Expectations project (suites, results, Data Docs) under ``project_dir``."""

    project_dir: str
    _gate: QualityGate | None = PrivateAttr(default=None)

    def gate(self) -> QualityGate:
        if self._gate is None:
            self._gate = QualityGate(self.project_dir)
        return self._gate
