"""Both cores used: reading and extraction of a batch mapped over a pool of worker processes.

Python runs one thread of Python code at a time, so a second core needs a
second process.  A stage hands ``BatchPool.map`` a core function of
``extraction.batches`` and an Arrow batch; the batch is cut into slices of
about equal text, each slice goes to a worker as Arrow IPC bytes and comes
back the same way, and the slices are put back in order.  The rows are those
the function gives in one process (tested).

Workers are started by a forkserver (never a fork of the run's process, which
holds DuckDB and Dagster threads), once per run, and load the lexicons once.
A batch too small to pay for the trip is mapped in the run's own process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor

import pyarrow as pa
import pyarrow.compute as pc

from extraction.batches import from_ipc, split_rows, to_ipc
from extraction.ingest import InboxFile, read_inbox_file, read_inbox_files

# slices per worker: small enough that a worker given long articles does not hold up the others
SLICES_PER_WORKER = 4


def default_processes() -> int:
    """The cores this process may use (its CPU affinity), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    """Load the lexicons and compile the patterns once per worker, not in its first slice."""
    from extraction.cleaning import clean_text
    from extraction.fact_typing import type_quantities

    cleaned = clean_text("قالت الوزارة إن 2500 جندي أمريكي في العراق.")
    type_quantities(cleaned.text, cleaned.sentences)


def _map_slice(function: Callable[[pa.Table, pa.Schema], pa.Table], data: bytes, schema: pa.Schema) -> bytes:
    return to_ipc(function(from_ipc(data), schema))


class BatchPool:
    """Maps a core function over an Arrow batch in ``processes`` worker processes.

    ``inline_below``: batches with fewer rows are mapped in this process (a pool's
    start costs about a second; five articles are done sooner).
    """

    def __init__(self, processes: int, inline_below: int = 64):
        self.processes = max(1, processes)
        self.inline_below = inline_below
        self._executor: Executor | None = None

    def map(
        self, function: Callable[[pa.Table, pa.Schema], pa.Table], batch: pa.Table, schema: pa.Schema, weights: list[int]
    ) -> pa.Table:
        """``function(batch, schema)``, computed over slices in parallel; ``weights`` is each row's text length."""
        return self.submit(function, batch, schema, weights)()

    def submit(
        self, function: Callable[[pa.Table, pa.Schema], pa.Table], batch: pa.Table, schema: pa.Schema, weights: list[int]
    ) -> Callable[[], pa.Table]:
        """Start ``map`` and return at once; calling the result waits for the rows.

        A batch mapped in this process (one process, or too few rows) is mapped now.
        """
        if self.processes == 1 or batch.num_rows < max(2, self.inline_below):
            rows = function(batch, schema)
            return lambda: rows
        slices = split_rows(batch, weights, self.processes * SLICES_PER_WORKER)
        executor = self._pool()
        futures = [executor.submit(_map_slice, function, to_ipc(part), schema) for part in slices]

        def rows() -> pa.Table:
            results = [from_ipc(future.result()) for future in futures]
            return pa.concat_tables(results) if results else schema.empty_table()

        return rows

    def map_ahead(
        self,
        function: Callable[[pa.Table, pa.Schema], pa.Table],
        batches: Iterable[pa.Table],
        schema: pa.Schema,
        text_column: str,
    ) -> Iterator[tuple[pa.Table, pa.Table]]:
        """``(batch, function(batch))`` for each batch, in order, with the next batch already mapping
        in the workers while the caller validates and writes this one: the run's own process and
        the workers work at the same time instead of in turns."""
        running: tuple[pa.Table, Callable[[], pa.Table]] | None = None
        for batch in batches:
            started = (batch, self.submit(function, batch, schema, pc.utf8_length(batch[text_column]).to_pylist()))
            if running is not None:
                yield running[0], running[1]()
            running = started
        if running is not None:
            yield running[0], running[1]()

    def read_files(self, files: list[InboxFile], seen: list[str | None], max_bytes: int) -> list:
        """``extraction.ingest.read_inbox_files``, the files spread over the workers (in order)."""
        if self.processes == 1 or len(files) < max(2, self.inline_below):
            return read_inbox_files(files, seen, max_bytes)
        chunk = max(1, len(files) // (self.processes * SLICES_PER_WORKER))
        return list(self._pool().map(read_inbox_file, files, seen, [max_bytes] * len(files), chunksize=chunk))

    def _pool(self) -> Executor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["extraction.batches", "extraction.ingest"])
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_warm_up)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
