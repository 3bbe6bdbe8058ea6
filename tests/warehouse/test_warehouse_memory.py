"""DuckDB's memory and threads are configuration: from the environment to every connection a run opens."""
from __future__ import annotations

from arqam.pipelines.definitions import build_resources
from arqam.pipelines.settings import Settings
from arqam.warehouse.store import DEFAULT_MEMORY_LIMIT, Replacement, Warehouse


def duckdb_settings(store: Warehouse, read_only: bool = False) -> tuple[str, int]:
    with store.connect(read_only=read_only) as con:
        return con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()


def test_the_environment_bounds_duckdb_in_the_runs_connections(tmp_path, monkeypatch):
    monkeypatch.setenv("ARQAM_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("ARQAM_DUCKDB_THREADS", "1")
    settings = Settings.from_env(inbox=tmp_path / "inbox", warehouse=tmp_path / "w.duckdb", reports=tmp_path / "q")
    assert (settings.duckdb_memory_limit, settings.duckdb_threads) == ("300MB", 1)
    resources = build_resources(settings)
    store = resources["warehouse"].store()
    store.migrate()
    assert duckdb_settings(store) == duckdb_settings(store, read_only=True) == ("286.1 MiB", 1)  # 300 MB in MiB


def test_by_default_duckdb_holds_at_most_256_megabytes(tmp_path, monkeypatch):
    for name in ("ARQAM_DUCKDB_MEMORY_LIMIT", "ARQAM_DUCKDB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(inbox=tmp_path / "inbox", warehouse=tmp_path / "w.duckdb", reports=tmp_path / "q")
    assert settings.duckdb_memory_limit == DEFAULT_MEMORY_LIMIT == "256MB"
    store = build_resources(settings)["warehouse"].store()
    store.migrate()
    limit, threads = duckdb_settings(store)
    assert limit == "244.1 MiB" and threads >= 1  # 256 MB; threads: DuckDB's own default


def test_the_run_summary_reads_the_warehouse_within_the_same_bounds(tmp_path, monkeypatch):
    """The summary after a run opens the warehouse too: with the configured limit, not DuckDB's 80% of the machine."""
    from arqam.pipelines import summary as summary

    monkeypatch.setenv("ARQAM_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("ARQAM_DUCKDB_THREADS", "1")
    settings = Settings.from_env(inbox=tmp_path / "inbox", warehouse=tmp_path / "w.duckdb", reports=tmp_path / "q")
    Warehouse(settings.warehouse).migrate()
    opened: list[tuple[str, int]] = []

    class Recording(Warehouse):
        def connect(self, read_only: bool = False):
            opened.append((self.memory_limit, self.threads))
            return super().connect(read_only=read_only)

    monkeypatch.setattr(summary, "Warehouse", Recording)
    assert "articles" in summary.run_summary(settings, "run-1", True, [])
    assert opened and set(opened) == {("300MB", 1)}


def duckdb_bytes(store: Warehouse) -> int:
    """What DuckDB holds in memory now: its buffer cache and whatever its queries keep."""
    with store.connect(read_only=True) as con:
        return con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]


def test_what_duckdb_holds_between_batches_does_not_grow_with_the_warehouse(tmp_path):
    """A run holds the warehouse open and reads, batch after batch, what each batch needs: DuckDB
    keeps every block it read in its cache, up to its limit, so without a release after each
    batch a run on a larger warehouse holds more (measured in bytes DuckDB holds: the same
    whatever the machine's load)."""
    store = Warehouse(tmp_path / "w.duckdb")
    store.migrate()
    held = []
    with store.held_open():
        for batch in range(12):
            ids = [f"a{batch:02d}_{i:04d}" for i in range(400)]
            rows = [{"article_id": a, "sha256": a, "raw_text": a * 600, "source_path": f"{a}.txt",
                     "source_format": "txt", "file_sha256": a, "encoding": "utf-8", "byte_size": 1} for a in ids]
            store.write([Replacement("raw_articles", store.to_arrow("raw_articles", rows), key="source_path",
                                     keys=[r["source_path"] for r in rows])])
            # the next stage reads the batch back, as a frame builder or a stage's batches do
            assert store.query("SELECT count(*) FROM raw_articles WHERE article_id IN (SELECT unnest(?))",
                               [ids]).column(0)[0].as_py() == 400
            store.query("SELECT sum(length(raw_text)) FROM raw_articles")  # a scan of the whole table, once a batch
            store.write([])  # a batch ends with a write (its progress)
            held.append(duckdb_bytes(store))
    assert held[-1] <= held[1] + 4 * 2**20, [round(h / 2**20, 1) for h in held]  # 12 batches hold what 2 did
