"""Both cores used: reading and extraction of a batch mapped over a pool of worker processes.

Python runs one thread of Python code at a time, so a second core needs a
second process.  A stage hands ``BatchPool.map`` a core function of
``extraction.tables.batches`` and an Arrow batch; the batch is cut into slices of
about equal text, each slice goes to a worker as Arrow IPC bytes and comes
back the same way, and the slices are put back in order.  The rows are those
the function gives in one process (tested).

Workers are started by a forkserver (never a fork of the run's process, which
holds DuckDB and Dagster threads), once per run, and load the lexicons once.
A batch too small to pay for the trip is mapped in the run's own process.

Workers end with the run however it ends, SIGKILL included (see ``Lifeline``);
the forkserver and multiprocessing's resource tracker then end by themselves,
each at end-of-file on a pipe the run and the workers held.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import reduction
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from arqam.extraction.read.ingest import InboxFile, read_inbox_file, read_inbox_files
from arqam.extraction.tables.batches import from_ipc, split_rows, to_ipc

# Articles a stage validates and writes at a time: memory stays flat however large the inbox.
# A GX validation has a fixed cost whatever its rows, so fewer, larger batches spend less on
# data quality, for more memory at the peak; a smaller batch suits a machine short of memory
# (the measured trade-off: docs/performance.md).
DEFAULT_BATCH_ARTICLES = 10_000

Tag = TypeVar("Tag")  # what the caller pairs with a batch in map_ahead (the batch itself, its ids ...)

# slices per worker: small enough that a worker given long articles does not hold up the others
SLICES_PER_WORKER = 4


def default_processes() -> int:
    """The cores this process may use (its CPU affinity), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def split_runs(table: pa.Table, column: str, weights: list[int], parts: int) -> list[pa.Table]:
    """``split_rows``, never cutting a run of equal values of ``column`` (the rows of one article) in two."""
    values = table.column(column).to_pylist()
    starts = [row for row, value in enumerate(values) if row == 0 or value != values[row - 1]]
    ends = starts[1:] + [len(values)]
    runs = pa.table({"start": starts, "end": ends})
    pieces = split_rows(runs, [sum(weights[start:end]) for start, end in zip(starts, ends)], parts)
    return [table.slice(piece["start"][0].as_py(), piece["end"][-1].as_py() - piece["start"][0].as_py()) for piece in pieces]


class Lifeline:
    """The read end of a pipe whose write end only the run's process holds: it reads end-of-file
    when that process has ended, however it ended, since the kernel closes a dead process's files.

    A worker's parent is the forkserver, not the run, and a SIGKILLed run runs no clean-up, so
    nothing else tells a worker its run is gone.  The pipe belongs to the process, not to a
    thread (unlike prctl's parent-death signal, sent when the thread that started a child
    ends), so a pool started in a Dagster step's thread lives as long as the run.  Both ends
    are close-on-exec: no program the run starts holds the write end (only a fork of the run
    without exec would, and the run makes none).
    """

    def __init__(self, fd: int):
        self.fd = fd

    def __reduce__(self):
        # sent to a starting worker as a copy of the descriptor, as multiprocessing sends its queues' pipes
        return _received_lifeline, (reduction.DupFd(self.fd),)


def _received_lifeline(duplicate) -> Lifeline:
    return Lifeline(duplicate.detach())


def _exit_with_run(lifeline: Lifeline) -> None:
    while os.read(lifeline.fd, 1):  # nothing is ever written: only end-of-file returns
        pass
    os._exit(1)  # now, whatever the worker is in the middle of: its results have nowhere to go


def _start_worker(lifeline: Lifeline) -> None:
    """Watch the run before anything else (a run killed meanwhile is seen at once: end-of-file
    stays), then warm up."""
    threading.Thread(target=_exit_with_run, args=(lifeline,), name="exit-with-run", daemon=True).start()
    _warm_up()


def _warm_up() -> None:
    """Load the lexicons and compile the patterns once per worker, not in its first slice."""
    from arqam.extraction.clean.article import clean_text
    from arqam.extraction.typing import type_quantities

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
        self._lifeline: tuple[int, int] | None = None  # (read, write): open while workers may be started

    def map(
        self,
        function: Callable[[pa.Table, pa.Schema], pa.Table],
        batch: pa.Table,
        schema: pa.Schema,
        weights: list[int],
        together: str | None = None,
    ) -> pa.Table:
        """``function(batch, schema)``, computed over slices in parallel; ``weights`` is each row's text length.

        ``together``: a column the batch is sorted by whose equal values stay in one slice
        (the mentions of one article, for a function that needs all of them at once); the
        batch's size, for ``inline_below``, is then its number of distinct values (articles).
        """
        return self.submit(function, batch, schema, weights, together)()

    def submit(
        self,
        function: Callable[[pa.Table, pa.Schema], pa.Table],
        batch: pa.Table,
        schema: pa.Schema,
        weights: list[int],
        together: str | None = None,
    ) -> Callable[[], pa.Table]:
        """Start ``map`` and return at once; calling the result waits for the rows.

        A batch mapped in this process (one process, or too few rows) is mapped now.
        """
        size = pc.count_distinct(batch[together]).as_py() if together else batch.num_rows
        if self.processes == 1 or size < max(2, self.inline_below):
            rows = function(batch, schema)
            return lambda: rows
        parts = self.processes * SLICES_PER_WORKER
        slices = split_runs(batch, together, weights, parts) if together else split_rows(batch, weights, parts)
        executor = self._pool()
        futures = [executor.submit(_map_slice, function, to_ipc(part), schema) for part in slices]

        def rows() -> pa.Table:
            results = [from_ipc(future.result()) for future in futures]
            return pa.concat_tables(results) if results else schema.empty_table()

        return rows

    def map_ahead(
        self,
        function: Callable[[pa.Table, pa.Schema], pa.Table],
        batches: Iterable[tuple[Tag, pa.Table]],
        schema: pa.Schema,
        weigh: Callable[[pa.Table], list[int]],
        together: str | None = None,
    ) -> Iterator[tuple[Tag, pa.Table]]:
        """``(tag, function(batch))`` for each ``(tag, batch)``, in order, with the next batch already
        mapping in the workers while the caller validates and writes this one: the run's own
        process and the workers work at the same time instead of in turns.  ``weigh`` gives a
        batch's row weights (see ``map``)."""
        running: tuple[Tag, Callable[[], pa.Table]] | None = None
        for tag, batch in batches:
            started = (tag, self.submit(function, batch, schema, weigh(batch), together))
            if running is not None:
                yield running[0], running[1]()
            running = started
        if running is not None:
            yield running[0], running[1]()

    def read_files(self, files: list[InboxFile], seen: list[str | None], max_bytes: int) -> list:
        """``extraction.read.ingest.read_inbox_files``, the files spread over the workers (in order)."""
        if self.processes == 1 or len(files) < max(2, self.inline_below):
            return read_inbox_files(files, seen, max_bytes)
        chunk = max(1, len(files) // (self.processes * SLICES_PER_WORKER))
        return list(self._pool().map(read_inbox_file, files, seen, [max_bytes] * len(files), chunksize=chunk))

    def _pool(self) -> Executor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["arqam.extraction.tables.batches", "arqam.extraction.read.ingest"])
            self._lifeline = os.pipe()
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=_start_worker, initargs=(Lifeline(self._lifeline[0]),)
            )
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._lifeline is not None:  # only once the workers have ended: they take its end for the run's
            for fd in self._lifeline:
                os.close(fd)
            self._lifeline = None
