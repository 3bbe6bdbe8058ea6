"""The Parquet path's assets, ops and sensor: the same extraction as a Dagster map over inbox batches, written as partitioned Parquet.

The warehouse path (``pipelines.definitions``) writes one DuckDB file, and DuckDB
takes one writing process per file: it stops at one machine.  Here every batch
of inbox files is an independent unit of work that reads its files, calls the
pure core (``extraction.tables.batches.extract_batch``) and writes its own Parquet
files, so any number of batches can run at once, in processes or on machines
that share nothing but the storage under the Parquet root (its layout: ``warehouse/parquet.py``).

Before a batch is written, the warehouse's own suites (``expectations/suites.py``)
check its five tables, as the warehouse path checks each stage: a failing check
writes none of them (the partition keeps its last good files), its results are
written all the same, and the step fails naming it.  The claims are checked the
same way before they are written.

A batch is a top-level folder of the inbox (``inbox/2026-11-23/...``: one per day
or per scrape), never a file: a Dagster run or step costs seconds of imports,
so a partition must carry enough files to pay for it (docs/stack.md).  The folder's
name is the partition key, and the ``batch=<key>`` folder is a Hive partition
that DuckDB, Spark, pyarrow and Dagster all read the same way.  Files at the top
of the inbox are the batch ``_root``; a folder whose name is not a safe key gets
``_`` and a hash of its name.  Nothing in the inbox is left out.

In Dagster:

- ``inbox_batches``: a ``DynamicPartitionsDefinition`` (one key per folder), and
  the partitioned assets ``parquet/<table>`` (one multi-asset: a batch's five
  tables are written by one step), with ``parquet/claims`` downstream of them;
- job ``parquet_batches``: one partition per run (the UI, the sensor and
  ``dagster job backfill`` launch one run per batch; the run launcher decides
  where: a subprocess, a Kubernetes pod, an ECS task ...);
- job ``parquet_backfill`` (``pipelines/parquet.py``, the code location): every batch in one run, as a dynamic map (one step
  per batch) under the multiprocess executor: N batches at once on this machine;
  the same job on ``k8s_job_executor`` or ``celery_executor`` (an argument of
  ``build_parquet_definitions``) runs one pod or worker per batch.  Each step records the materialization
  of its partitions, so the asset catalog shows the same state either way;
- sensor ``inbox_batches_sensor`` (stopped by default): adds a partition for each
  new folder and requests a run for each new or changed one.

See docs/distributed.md for how to run it and its limits.
"""


import contextlib
import functools
import hashlib
import os
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetSpec,
    AutomationCondition,
    ConfigurableResource,
    DefaultSensorStatus,
    DynamicOut,
    DynamicOutput,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    OpExecutionContext,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    asset,
    define_asset_job,
    graph,
    multi_asset,
    op,
    sensor,
)

from arqam.expectations.frames import FRAME_BUILDERS
from arqam.expectations.gx_bridge import QualityGate, ValidationOutcome
from arqam.extraction.claims.quantities import CLAIMS_ARTICLE_INPUT, CLAIMS_FACT_INPUT
from arqam.extraction.read.ingest import DEFAULT_MAX_BYTES, InboxFile, ingest, list_inbox
from arqam.extraction.tables.batches import claim_facts_batch, extract_batch
from arqam.warehouse.parquet import (
    BATCH_TABLES,
    claims_path,
    duckdb_views,
    facts_with_articles,
    partition_path,
    warehouse_schemas,
    without_stored_claims,
    write_parquet,
)

ROOT_BATCH = "_root"  # the files at the top of the inbox
CLAIMS_CHECKS = "_claims"  # the dq_results partition of the claims' checks (no batch key is named so)
_KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

BATCHES_JOB = "parquet_batches"
BACKFILL_JOB = "parquet_backfill"
inbox_batches = DynamicPartitionsDefinition(name="inbox_batches")

BATCHES_JOB = "parquet_batches"
BACKFILL_JOB = "parquet_backfill"
inbox_batches = DynamicPartitionsDefinition(name="inbox_batches")


# -- batches of the inbox -------------------------------------------------------------


def batch_key(folder: str) -> str:
    """The partition key of a top-level inbox folder: its name if safe, else ``_`` and a hash of it.

    Folder names are untrusted input: a key becomes a path (``batch=<key>``), so
    only plain names pass as they are.
    """
    if _is_plain(folder):
        return folder
    return "_" + hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _is_plain(name: str) -> bool:
    """A name used as it is: safe in a path, a Hive partition and a Dagster key (no ``..``, which Dagster refuses)."""
    return 0 < len(name) <= 100 and name[0].isascii() and name[0].isalnum() and set(name) <= _KEY_CHARACTERS and ".." not in name


def _key_of(item: InboxFile) -> str:
    folder, inside, _ = item.relative_path.partition("/")
    return batch_key(folder) if inside or item.listing_error else ROOT_BATCH


def inbox_batch_files(inbox: str | Path) -> dict[str, list[InboxFile]]:
    """Every entry of the inbox, grouped by batch (key order)."""
    batches: dict[str, list[InboxFile]] = {}
    for item in list_inbox(inbox):
        batches.setdefault(_key_of(item), []).append(item)
    return dict(sorted(batches.items()))


def batch_files(inbox: str | Path, key: str) -> list[InboxFile]:
    """The entries of one batch, paths relative to the inbox (as the warehouse path names them).

    A plain folder is listed alone (a batch never walks the whole inbox); the
    ``_root`` batch and hashed keys fall back to grouping the whole listing.
    """
    inbox = Path(inbox)
    folder = inbox / key
    if key == ROOT_BATCH or not _is_plain(key) or not folder.is_dir() or folder.is_symlink():
        return inbox_batch_files(inbox).get(key, [])
    return [
        InboxFile(key if item.relative_path == "." else f"{key}/{item.relative_path}", item.path, inbox, item.listing_error,
                  item.hidden)
        for item in list_inbox(folder)
    ]


def batch_fingerprints(inbox: str | Path) -> dict[str, str]:
    """key -> a hash of its files' names, sizes and times: changes when a file of the batch does."""
    fingerprints = {}
    for key, items in inbox_batch_files(inbox).items():
        digest = hashlib.sha256()
        for item in items:
            try:
                stat = os.lstat(item.path)
                digest.update(f"{item.relative_path}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
            except OSError:
                digest.update(f"{item.relative_path}\x1f?\n".encode())
        fingerprints[key] = digest.hexdigest()
    return fingerprints


# -- one batch: read, extract, write ---------------------------------------------------


def extract_inbox_batch(inbox: str | Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, pa.Table]:
    """The five tables of one batch: its files read (articles and quarantine: nothing lost), then extracted.

    Nothing is known of other batches: duplicates and id conflicts are caught
    inside the batch; across batches, the DuckDB views resolve them (``duckdb_views``).
    """
    schemas = warehouse_schemas()
    read = ingest(batch_files(inbox, key), seen_files={}, max_bytes=max_bytes)
    raw = pa.Table.from_pylist(read.articles, schema=schemas["raw_articles"])
    quarantine = pa.Table.from_pylist(read.quarantine, schema=schemas["quarantine"])
    return {"raw_articles": raw, "quarantine": quarantine, **extract_batch(raw, schemas)}


def write_batch(
    inbox: str | Path, root: str | Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES, run_id: str | None = None
) -> dict[str, int]:
    """Materialize one batch: its tables checked, every table's partition replaced (an empty batch writes
    empty files), then the checks' results (``dq_results``, under ``run_id``). Row counts.

    A failing check writes none of the batch's tables and raises ``ChecksFailed``; its results are
    written all the same.
    """
    tables = extract_inbox_batch(inbox, key, max_bytes)
    outcomes = validate_batch(tables)
    failed = failed_checks(outcomes)
    if not failed:
        for name, table in tables.items():
            write_parquet(table, partition_path(root, name, key))
    write_parquet(dq_results(outcomes, run_id), partition_path(root, "dq_results", key))
    if failed:
        raise ChecksFailed(f"batch {key} was not written", failed)
    return {name: table.num_rows for name, table in tables.items()}


def write_claims(root: str | Path, run_id: str | None = None) -> int:
    """Rebuild ``<root>/claims/part-0.parquet`` from the current facts of every batch: the claims'
    stored rows (claim_facts, one per fact), which the view ``claims`` compares when read.

    A row is made of its fact and its article, after the batches have chosen the current
    version of each article.  They are built by the core's own ``claim_facts_batch`` (the
    warehouse's claims stage calls it too: one rule, one place), over Arrow columns of
    the facts only, never a Python object per fact.  They are checked before they are
    written, as a batch is (``write_batch``), against the facts they were built from.
    """
    schema = warehouse_schemas()["claim_facts"]
    con = duckdb.connect()
    try:
        duckdb_views(con, root)
        # each fact with its article's publication date
        facts = facts_with_articles(con, CLAIMS_FACT_INPUT, CLAIMS_ARTICLE_INPUT)
        claims = claim_facts_batch(facts, schema)
        without_stored_claims(con, schema)
        outcomes = _validate({"claims": claims}, _Upstream(con))
    finally:
        con.close()
    failed = failed_checks(outcomes)
    if not failed:
        write_parquet(claims, claims_path(root))
    write_parquet(dq_results(outcomes, run_id), partition_path(root, "dq_results", CLAIMS_CHECKS))
    if failed:
        raise ChecksFailed("the claims were not written", failed)
    return claims.num_rows


# -- data quality: the warehouse's suites, before each write ---------------------------


class ChecksFailed(Exception):
    """A blocking data-quality check failed: what it checked was not written."""

    def __init__(self, not_written: str, failed: list[str]):
        super().__init__(f"data-quality checks failed: {not_written}: " + "; ".join(failed))
        self.failed = failed


@functools.cache
def quality_gate() -> QualityGate:
    """This process's suites, opened once (a step, a run): an in-memory GX project, since the
    steps of a backfill share no file but the Parquet, and the record is ``dq_results``."""
    return QualityGate(None)


class _Upstream:
    """What a suite's frame reads beside the rows it checks (``expectations/frames.py`` asks a
    ``Warehouse`` for a connection): here a DuckDB connection of this path, kept open."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    @contextlib.contextmanager
    def connect(self, read_only: bool = True):
        yield self.con


def validate_batch(tables: dict[str, pa.Table]) -> list[ValidationOutcome]:
    """Each of a batch's tables checked by its suite, the upstream tables its checks read (a
    cleaned article's raw text, the text at a mention's offsets ...) being the batch's own.

    Batches share nothing, so a batch is checked alone: ``no_duplicate_of_stored_article`` looks
    for the same text under another id in this batch (across batches, ``duckdb_views`` keeps one).
    The tables are copied into DuckDB: the frames read upstream rows by ``rowid``."""
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.from_arrow(table).create(name)
        return _validate(tables, _Upstream(con))
    finally:
        con.close()


def _validate(tables: dict[str, pa.Table], upstream: _Upstream) -> list[ValidationOutcome]:
    """The outcome of each table with rows (an empty one has nothing to check, as in the warehouse)."""
    gate = quality_gate()
    return [
        gate.validate(name, FRAME_BUILDERS[name](table, upstream), build_docs=False)
        for name, table in tables.items()
        if table.num_rows
    ]


def failed_checks(outcomes: list[ValidationOutcome]) -> list[str]:
    """``table.check (n unexpected)`` for each failing check, as the warehouse path names them."""
    return [f"{o.table}.{e.name} ({e.unexpected_count} unexpected)" for o in outcomes for e in o.failures()]


def dq_results(outcomes: list[ValidationOutcome], run_id: str | None) -> pa.Table:
    """The outcomes as rows of the warehouse's ``dq_results`` (a run of its own if no ``run_id``)."""
    run_id = run_id or str(uuid.uuid4())
    rows = [row for outcome in outcomes for row in outcome.dq_rows(run_id)]
    return pa.Table.from_pylist(rows, schema=warehouse_schemas()["dq_results"])


# -- Dagster ----------------------------------------------------------------------------


class ParquetPaths(ConfigurableResource):
    """Where the batches are read (``inbox``) and the Parquet written (``root``, shared by every worker)."""

    inbox: str
    root: str
    max_bytes: int = DEFAULT_MAX_BYTES


def _key(table: str) -> AssetKey:
    return AssetKey(["parquet", table])


@multi_asset(
    specs=[
        AssetSpec(_key(table), group_name="parquet", description=f"{table}, one Parquet file per inbox batch")
        for table in BATCH_TABLES
    ],
    partitions_def=inbox_batches,
    can_subset=False,
)
def batch_tables(context: AssetExecutionContext, parquet: ParquetPaths):
    """One inbox batch, read and extracted by the core, checked, its five partitions written."""
    with _failing_on_checks():
        counts = write_batch(parquet.inbox, parquet.root, context.partition_key, parquet.max_bytes, context.run_id)
    for table, rows in counts.items():
        yield MaterializeResult(asset_key=_key(table), metadata={"rows": rows})


@asset(
    key=_key("claims"),
    deps=[_key("facts")],
    group_name="parquet",
    # requested (by the automation sensor) once every known batch has facts, then after any batch changes
    automation_condition=AutomationCondition.eager(),
)
def parquet_claims(context: AssetExecutionContext, parquet: ParquetPaths) -> MaterializeResult:
    """The same figure across the articles of every batch (rebuilt whole after the batches)."""
    with _failing_on_checks():
        return MaterializeResult(metadata={"rows": write_claims(parquet.root, context.run_id)})


@contextlib.contextmanager
def _failing_on_checks():
    """A failing check fails the step with its one-line cause (a ``Failure``, not a traceback)."""
    try:
        yield
    except ChecksFailed as failed:
        raise Failure(description=str(failed), metadata={"failed_checks": failed.failed}) from None


@op(out=DynamicOut(str))
def discover_batches(context: OpExecutionContext, parquet: ParquetPaths):
    """One output per batch of the inbox; new keys are added to ``inbox_batches``."""
    keys = list(inbox_batch_files(parquet.inbox))
    known = set(context.instance.get_dynamic_partitions(inbox_batches.name))
    context.instance.add_dynamic_partitions(inbox_batches.name, [key for key in keys if key not in known])
    for key in keys:
        yield DynamicOutput(key, mapping_key=_mapping_key(key))


@op
def extract_one_batch(context: OpExecutionContext, parquet: ParquetPaths, key: str) -> dict:
    """The map: one batch in this step's own process (or pod), as the partitioned asset does it."""
    with _failing_on_checks():
        counts = write_batch(parquet.inbox, parquet.root, key, parquet.max_bytes, context.run_id)
    for table, rows in counts.items():
        context.log_event(AssetMaterialization(_key(table), partition=key, metadata={"rows": rows}))
    return counts


@op
def rebuild_claims(context: OpExecutionContext, parquet: ParquetPaths, batches: list[dict]) -> int:
    with _failing_on_checks():
        rows = write_claims(parquet.root, context.run_id)
    context.log_event(AssetMaterialization(_key("claims"), metadata={"rows": rows, "batches": len(batches)}))
    return rows


@graph(description="Every inbox batch at once (a map over batches), then claims.")
def parquet_backfill():
    rebuild_claims(discover_batches().map(extract_one_batch).collect())


def _mapping_key(key: str) -> str:
    """A Dagster mapping key (letters, digits, ``_``) for a batch key, unique per key."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in key)
    return plain if plain == key else f"{plain}_{hashlib.sha256(key.encode()).hexdigest()[:8]}"


parquet_batches = define_asset_job(
    BATCHES_JOB, selection=[_key(table) for table in BATCH_TABLES],
    description="One inbox batch per run: its five Parquet partitions.",
)


@sensor(job=parquet_batches, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED)
def inbox_batches_sensor(context: SensorEvaluationContext, parquet: ParquetPaths):
    """A partition for each new inbox folder, a run for each new or changed one (the fingerprint is the run key)."""
    fingerprints = batch_fingerprints(parquet.inbox)
    known = set(context.instance.get_dynamic_partitions(inbox_batches.name))
    new = [key for key in fingerprints if key not in known]
    return SensorResult(
        run_requests=[RunRequest(partition_key=key, run_key=f"{key}:{fp}") for key, fp in fingerprints.items()],
        dynamic_partitions_requests=[inbox_batches.build_add_request(new)] if new else [],
    )
