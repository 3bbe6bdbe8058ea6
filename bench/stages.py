"""Where the time of one ``arqam run`` goes: a probe inside the run, and the stages from Dagster's event log.

The scale benchmark runs the real pipeline in a child process, through this module:

    python -m bench.stages --timings FILE [--profile FILE] -- run --inbox ... --warehouse ...

which wraps a few functions with timers, then calls ``pipelines.cli.main`` with
the arguments after ``--``: the same code as ``arqam run``, in the same kind of
process, so its peak memory is the pipeline's.  The timers cost microseconds per
call and are few (per stage: one per batch, and one per article for the
extraction functions); nothing of the pipeline is changed.

What is timed, by category:

- data quality (``DQ_CATEGORIES``): Dagster recording one "planned" event per
  check before the run starts (``dq_planning``, from the event log); opening the
  GX project (``gx_setup``, the GX import included: a thread opens it while the
  first stage reads the inbox, so this is what the run waits for it); building the
  frame a suite validates (``dq_frames``, its DuckDB reads included); running the
  checkpoint (``gx_validate``); bringing Data Docs up to date at the end of the run
  (``gx_docs``); Dagster recording the check results the gate yields (``dq_reporting``);
- ``extraction``: the pure core the assets call (reading the inbox, cleaning,
  mentions, facts, claims);
- ``duckdb``: warehouse reads and writes, migrations, the snapshot;
- ``arrow``: Python rows to Arrow tables;
- ``dagster``: Dagster planning the run and recording materializations;
- ``imports``, ``glue`` (row comparisons in the assets), ``summary``;
- ``other``: what is left of a part, Dagster's own step overhead mostly.

A stage's window (STEP_START to STEP_SUCCESS) comes from the Dagster event log
of the run (``read_run``); each timed span is counted in the stage during which
it started (``attribute``).
"""
from __future__ import annotations

import argparse
import cProfile
import ctypes
import importlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

DQ_CATEGORIES = ("dq_planning", "gx_setup", "dq_frames", "gx_validate", "gx_docs", "dq_reporting")
COALESCE_GAP = 0.01  # seconds: consecutive calls of one function closer than this are one span
# The Dagster steps of the job, in order, and how the benchmark names them.
STAGES = {
    "raw_articles": "raw_articles/quarantine",
    "clean_articles": "clean_articles",
    "fact_mentions": "fact_mentions",
    "facts": "facts",
    "claims": "claims",
    "snapshot": "snapshot",  # the copy readers open, published by a step of its own
}


@dataclass
class Span:
    """Calls of one timed function (consecutive calls merged), with wall-clock bounds."""

    name: str
    category: str
    started: float  # time.time(): the clock of Dagster's event timestamps
    ended: float
    seconds: float  # inclusive of nested spans
    own: float  # exclusive of nested spans
    calls: int = 1
    in_dq: bool = False  # inside a data-quality span: its time is data-quality time
    dq_root: bool = False  # a data-quality span not inside another one: counted once in the DQ total
    thread: str = ""  # a thread's other than the run's own (the gate opened in the background): not counted


@dataclass
class _Open:
    name: str
    category: str
    started_perf: float
    started_wall: float
    in_dq: bool
    children: float = 0.0


class Probe:
    """Timers wrapped around functions of the pipeline; spans collected in call order."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.unprobed: list[str] = []
        self.memory_marks: list[dict] = []  # what the run process holds after each write (``mark_memory``)
        self._stacks = threading.local()  # the open spans of each thread

    @property
    def _stack(self) -> list[_Open]:
        if not hasattr(self._stacks, "frames"):
            self._stacks.frames = []
        return self._stacks.frames

    def _enter(self, name: str, category: str) -> _Open:
        in_dq = category in DQ_CATEGORIES or any(frame.in_dq for frame in self._stack)
        frame = _Open(name, category, time.perf_counter(), time.time(), in_dq)
        self._stack.append(frame)
        return frame

    def _exit(self, frame: _Open) -> None:
        seconds = time.perf_counter() - frame.started_perf
        if self._stack and self._stack[-1] is frame:
            self._stack.pop()
        elif frame in self._stack:  # a generator closed out of order: drop what it left open
            del self._stack[self._stack.index(frame):]
        parent_in_dq = any(f.in_dq for f in self._stack)
        if self._stack:
            self._stack[-1].children += seconds
        ended = frame.started_wall + seconds
        thread = "" if threading.current_thread() is threading.main_thread() else threading.current_thread().name
        if thread:  # overlaps the run's own thread: listed, counted in no part (what the run waits for it is)
            self.spans.append(Span(frame.name, frame.category, frame.started_wall, ended, seconds, seconds - frame.children,
                                   in_dq=True, dq_root=False, thread=thread))
            return
        last = self.spans[-1] if self.spans else None
        if (last is not None and last.name == frame.name and last.in_dq == frame.in_dq and not last.thread
                and frame.started_wall - last.ended < COALESCE_GAP):
            last.ended, last.seconds = ended, last.seconds + seconds
            last.own, last.calls = last.own + seconds - frame.children, last.calls + 1
            return
        self.spans.append(Span(frame.name, frame.category, frame.started_wall, ended, seconds, seconds - frame.children,
                               in_dq=frame.in_dq, dq_root=frame.category in DQ_CATEGORIES and not parent_in_dq))

    @contextmanager
    def span(self, name: str, category: str) -> Iterator[None]:
        frame = self._enter(name, category)
        try:
            yield
        finally:
            self._exit(frame)

    def timed(self, function: Callable, name: str, category: str) -> Callable:
        """``function``, its calls timed as spans of ``category``."""
        def timed_call(*args, **kwargs):
            frame = self._enter(name, category)
            try:
                return function(*args, **kwargs)
            finally:
                self._exit(frame)

        timed_call.__wrapped__ = function
        timed_call.__name__ = getattr(function, "__name__", name)
        return timed_call

    def timed_producer(self, function: Callable, name: str, category: str) -> Callable:
        """A generator function whose work (each step to its next item) is timed, not the time its consumer takes."""
        probe = self

        def producing(*args, **kwargs):
            iterator = iter(function(*args, **kwargs))
            while True:
                frame = probe._enter(name, category)
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    probe._exit(frame)
                yield item

        producing.__wrapped__ = function
        return producing

    def timed_consumer(self, function: Callable, name: str) -> Callable:
        """A generator function whose consumer (Dagster) is timed on each item: check results are DQ time."""
        probe = self

        def consumed(*args, **kwargs):
            for item in function(*args, **kwargs):
                kind = type(item).__name__
                frame = probe._enter(f"dagster records {kind}", "dq_reporting" if kind == "AssetCheckResult" else "dagster")
                try:
                    yield item
                finally:
                    probe._exit(frame)

        consumed.__wrapped__ = function
        return consumed

    def wrap(self, target: str, category: str, how: str = "call") -> bool:
        """Replace ``module:attribute`` or ``module:Class.method`` by its timed self; False (and listed
        in ``unprobed``) if the pipeline no longer has it."""
        module_name, _, path = target.partition(":")
        try:
            owner = importlib.import_module(module_name)
            *classes, attribute = path.split(".")
            for name in classes:
                owner = getattr(owner, name)
            function = getattr(owner, attribute)
        except (ImportError, AttributeError):
            self.unprobed.append(target)
            return False
        if how == "producer":
            wrapped = self.timed_producer(function, target, category)
        elif how == "consumer":
            wrapped = self.timed_consumer(function, target)
        else:
            wrapped = self.timed(function, target, category)
        setattr(owner, attribute, wrapped)
        return True

    def mark_memory(self, store) -> None:
        """The run process's memory once a write has landed (a batch, its bookkeeping): resident in all,
        held by Arrow's allocator, and by DuckDB's buffer manager for the open warehouse.  What grows
        from batch to batch with the corpus is then seen by owner, not only as a peak."""
        duckdb_bytes = None
        try:
            with store.connect() as con:
                duckdb_bytes = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
        except Exception:  # noqa: BLE001 - a figure of the benchmark, never a failure of the run
            pass
        self.memory_marks.append({
            "at": time.time(),
            "rss_mb": round(process_rss_mb(), 1),
            "arrow_mb": arrow_mb(),
            "duckdb_mb": None if duckdb_bytes is None else round(duckdb_bytes / MB, 1),
            "heap_mb": heap_mb(),
        })

    def _mark_after_writes(self) -> None:
        from arqam.warehouse.store import Warehouse

        write, probe = Warehouse.write, self

        def write_then_mark(store, *args, **kwargs):
            try:
                return write(store, *args, **kwargs)
            finally:
                probe.mark_memory(store)

        write_then_mark.__wrapped__ = write
        Warehouse.write = write_then_mark

    def install(self) -> None:
        """Wrap the pipeline's functions (those that exist: a renamed one is listed in ``unprobed``)."""
        import arqam.expectations.frames

        for target, category, how in PROBES:
            self.wrap(target, category, how)
        builders = getattr(arqam.expectations.frames, "FRAME_BUILDERS", {})
        for table, builder in list(builders.items()):  # the gate reads this dict: wrapped in place
            builders[table] = self.timed(builder, f"frame for {table}", "dq_frames")
        if not builders:
            self.unprobed.append("arqam.expectations.frames:FRAME_BUILDERS")
        # the gate's results, as Dagster records them: where a stage yields them
        self.wrap("arqam.assets.gate:StageGate.report", "dq_reporting", "consumer")
        self._mark_after_writes()


MB = 1024 * 1024  # as the benchmark's other memory figures (ru_maxrss, /proc/<pid>/status) count them


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _mallinfo2() -> Callable[[], _MallInfo2] | None:
    """glibc's ``mallinfo2`` (2.33 and later), or None (another C library, another system)."""
    try:
        function = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return None
    function.restype = _MallInfo2
    return function


def heap_mb() -> dict[str, float] | None:
    """What C's allocator (glibc malloc: DuckDB's, and Python's larger objects) holds for this process,
    in MB: ``in_use`` by live allocations, ``free`` (freed, still held: resident until reused or
    trimmed), and ``large`` (blocks mapped on their own, returned when freed); None off glibc."""
    if _MALLINFO2 is None:
        return None
    info = _MALLINFO2()
    return {"in_use": round(info.uordblks / MB, 1), "free": round(info.fordblks / MB, 1), "large": round(info.hblkhd / MB, 1)}


_MALLINFO2 = _mallinfo2()


class PeakSampler:
    """The run process's resident memory sampled from inside, with what each allocator holds at the
    sample where it was highest: live heap against heap freed but still held says whether a peak
    is data the run needs or the allocator's leftovers.

    Resident memory is read every ``every`` seconds (a few microseconds).  The allocators are asked
    only when it passes its highest yet by ``step_mb``: glibc's ``mallinfo2`` walks every free
    chunk under the heap's lock (20 ms on a heap with 200,000 of them), which, every sample, would
    slow the run it measures.  ``most_heap_in_use_mb`` is the most of those answers.
    """

    def __init__(self, every: float = 0.05, step_mb: float = 8.0):
        self.every, self.step_mb = every, step_mb
        self.at_peak: dict | None = None
        self.most_heap_in_use_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="bench-peak-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"at_peak": self.at_peak, "most_heap_in_use_mb": self.most_heap_in_use_mb}

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            rss = process_rss_mb()
            if self.at_peak is not None and rss < self.at_peak["rss_mb"] + self.step_mb:
                continue
            heap = heap_mb()
            if heap is not None and (self.most_heap_in_use_mb is None or heap["in_use"] > self.most_heap_in_use_mb):
                self.most_heap_in_use_mb = heap["in_use"]
            self.at_peak = {"at": time.time(), "rss_mb": round(rss, 1),
                            "arrow_mb": arrow_mb(), "heap_mb": heap}


def arrow_mb() -> float:
    """What Arrow's allocator holds for this process's live buffers, in MB."""
    import pyarrow as pa

    return round(pa.total_allocated_bytes() / MB, 1)


def process_rss_mb() -> float:
    """This process's resident memory (VmRSS) in MB; 0 off Linux."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except OSError:
        return 0.0


# What the probe times: "module:attribute" or "module:Class.method", its category, and how:
# "call" times each call; "producer" times a generator's steps, not its consumer's.  The
# assets' own names are wrapped where the asset looks them up (its module's globals).
PROBES = (
    ("arqam.expectations.gx_bridge:QualityGate.__init__", "gx_setup", "call"),
    # the gate is opened in a thread while the stage reads the inbox: what the run waits for it is this
    ("arqam.assets.resources:QualityResource.gate", "gx_setup", "call"),
    ("arqam.expectations.gx_bridge:QualityGate.validate", "gx_validate", "call"),
    ("arqam.expectations.gx_bridge:QualityGate.build_data_docs", "gx_docs", "call"),
    ("arqam.expectations.frames:_with_upstream", "duckdb", "call"),
    *((f"arqam.warehouse.store:Warehouse.{method}", "duckdb", "call")
      for method in ("query", "count", "write", "arrow_schema", "migrate", "publish_snapshot", "pending_articles")),
    ("arqam.warehouse.store:Warehouse.pending_batches", "duckdb", "producer"),
    ("arqam.warehouse.store:Warehouse.to_arrow", "arrow", "call"),
    ("arqam.assets.raw:list_inbox", "extraction", "call"),
    ("arqam.assets.raw:ingest", "extraction", "call"),
    ("arqam.assets.workers:BatchPool.map", "extraction", "call"),  # in this process or waiting for the workers
    ("arqam.assets.workers:BatchPool.map_ahead", "extraction", "producer"),  # waiting for the batch mapped ahead
    # claims built in this process (one batch); in the workers, waiting for them is BatchPool.map_ahead's
    ("arqam.assets.workers:claims_table", "extraction", "call"),
    ("arqam.warehouse.inbox:drop_unchanged", "glue", "call"),
    ("arqam.pipelines.summary:run_summary", "summary", "call"),
)
# Without them, the data-quality share cannot be measured: the test fails if one is gone.
ESSENTIAL_PROBES = ("arqam.expectations.gx_bridge:QualityGate.__init__", "arqam.expectations.gx_bridge:QualityGate.validate",
                    "arqam.expectations.frames:FRAME_BUILDERS")


# ---------------------------------------------------------------------------
# The child: python -m bench.stages --timings FILE [--profile FILE] -- <arqam arguments>


def child_main(argv: list[str] | None = None) -> int:
    started = time.time()
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description="arqam run, timed from inside")
    parser.add_argument("--timings", type=Path, required=True, help="JSON file for the spans")
    parser.add_argument("--profile", type=Path, help="also run under cProfile and write its stats here")
    parser.add_argument("arqam", nargs=argparse.REMAINDER, help="-- then the arguments of `arqam`")
    args = parser.parse_args(argv)
    arqam_args = args.arqam[1:] if args.arqam[:1] == ["--"] else args.arqam

    probe = Probe()
    sampler = PeakSampler()
    sampler.start()
    with probe.span("import pipelines", "imports"):
        import arqam.pipelines.cli
        import pipelines.definitions  # noqa: F401 - what `arqam run` imports before it starts the job
    probe.install()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    try:
        exit_code = arqam.pipelines.cli.main(arqam_args)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(args.profile))
        timings = {"started": started, "ended": time.time(), "pid": os.getpid(),
                   "spans": [asdict(s) for s in probe.spans], "unprobed": probe.unprobed,
                   "memory_marks": probe.memory_marks, "memory_at_peak": sampler.stop()}
        args.timings.write_text(json.dumps(timings), encoding="utf-8")
    return exit_code


# ---------------------------------------------------------------------------
# The parent: what the run's Dagster event log says, and the spans counted per stage


@dataclass
class StepWindow:
    step: str
    started: float
    ended: float
    status: str  # STEP_SUCCESS | STEP_FAILURE | unfinished


@dataclass
class RunEvents:
    run_id: str
    status: str
    started: float | None  # RUN_START
    ended: float | None  # RUN_SUCCESS / RUN_FAILURE
    steps: list[StepWindow]
    rows_written: dict[str, int]  # asset -> rows written by this run
    checks_evaluated: int
    checks_failed: list[str]
    # Dagster's own work before the run starts, as spans (same shape as the probe's):
    # planning the run, then recording one "check planned" event per check (DQ time)
    event_spans: list[dict] = field(default_factory=list)


def _event_span(name: str, category: str, started: float, ended: float) -> dict:
    seconds = max(0.0, ended - started)
    dq = category in DQ_CATEGORIES
    return asdict(Span(name, category, started, ended, seconds, seconds, 1, in_dq=dq, dq_root=dq))


def read_run(dagster_home: Path, created_after: float | None = None) -> RunEvents:
    """The newest run of the instance at ``dagster_home`` (the benchmark's own: nothing else runs there).

    ``created_after`` (a ``time.time()``): a run created before it is an earlier one, so this one never began.
    """
    from dagster import DagsterEventType, DagsterInstance

    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    try:
        with DagsterInstance.get() as instance:
            records = instance.get_run_records(limit=1)
            if not records:
                raise RuntimeError(f"no run in the Dagster instance at {dagster_home}")
            if created_after is not None and records[0].create_timestamp.timestamp() < created_after - 1:
                raise RuntimeError(f"no run in the Dagster instance at {dagster_home} since {created_after}")
            run = records[0].dagster_run
            logs = instance.all_logs(run.run_id)
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous

    started = ended = None
    opened: dict[str, float] = {}
    steps: list[StepWindow] = []
    rows_written: dict[str, int] = {}
    checks_evaluated, checks_failed = 0, []
    planned_checks: list[float] = []  # timestamps of ASSET_CHECK_EVALUATION_PLANNED
    before_checks = None  # the event just before the first of them
    for entry in logs:
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if kind == DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED:
            planned_checks.append(entry.timestamp)
        elif not planned_checks:
            before_checks = entry.timestamp
        if kind == DagsterEventType.RUN_START:
            started = entry.timestamp
        elif kind in (DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE):
            ended = entry.timestamp
        elif kind == DagsterEventType.STEP_START:
            opened[entry.step_key] = entry.timestamp
        elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE) and entry.step_key in opened:
            steps.append(StepWindow(entry.step_key, opened.pop(entry.step_key), entry.timestamp, event.event_type_value))
        elif kind == DagsterEventType.ASSET_MATERIALIZATION:
            materialization = event.event_specific_data.materialization
            value = materialization.metadata.get("rows_written")
            rows_written[materialization.asset_key.to_user_string()] = int(value.value) if value is not None else -1
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            checks_evaluated += 1
            evaluation = event.event_specific_data
            if not evaluation.passed:
                checks_failed.append(f"{evaluation.asset_key.to_user_string()}.{evaluation.check_name}")
    last = logs[-1].timestamp if logs else 0.0
    steps += [StepWindow(step, since, last, "unfinished") for step, since in opened.items()]
    steps.sort(key=lambda s: s.started)
    event_spans = []
    if logs and planned_checks:
        first = logs[0].timestamp
        checks_from = before_checks if before_checks is not None else first
        event_spans.append(_event_span("dagster plans the run", "dagster", first, checks_from))
        event_spans.append(_event_span(f"dagster records {len(planned_checks)} planned checks", "dq_planning",
                                       checks_from, planned_checks[-1]))
    return RunEvents(run.run_id, run.status.value, started, ended, steps, rows_written, checks_evaluated, checks_failed,
                     event_spans)


@dataclass
class StageTime:
    """One part of a run: its wall time, the data-quality share of it, the rest by category."""

    stage: str
    seconds: float
    started: float = 0.0  # wall clock, as Dagster's event timestamps
    ended: float = 0.0
    dq_seconds: float = 0.0
    dq_parts: dict[str, float] = field(default_factory=dict)  # gx_setup, dq_frames, gx_validate, dq_reporting
    work: dict[str, float] = field(default_factory=dict)  # extraction, duckdb, arrow, dagster, glue, other
    status: str = ""


def _stage_of(span_started: float, windows: list[tuple[str, float, float]]) -> str | None:
    for name, started, ended in windows:
        if started <= span_started < ended:
            return name
    return None


def attribute(spans: list[dict], steps: list[StepWindow], process_started: float, process_ended: float,
              main_returned: float | None = None) -> list[StageTime]:
    """The run cut in parts: startup, each stage, teardown, exit; each span counted where it started.

    ``startup`` is from the process start to the first step (imports, definitions,
    the warehouse lock and migrations); ``teardown`` from the last step to the end
    of ``arqam run`` (the resources closed, the summary printed); ``exit`` from
    there to the process end (the interpreter shutting down).
    """
    if steps:
        first, last = steps[0].started, steps[-1].ended
    else:
        first = last = process_ended
    returned = min(max(main_returned or process_ended, last), process_ended)
    windows = [("startup", process_started, first)]
    # a stage lasts until the next one starts (Dagster's few ms between steps included): the parts tile the run
    windows += [(STAGES.get(s.step, s.step), s.started, following.started if following else s.ended)
                for s, following in zip(steps, [*steps[1:], None])]
    windows.append(("teardown", last, returned))
    windows.append(("exit", returned, process_ended + 1e-9))
    parts = {name: StageTime(name, round(max(0.0, ended - started), 4), started, ended) for name, started, ended in windows}
    for step in steps:
        parts[STAGES.get(step.step, step.step)].status = step.status
    for span in spans:
        name = _stage_of(span["started"], windows)
        if name is None:
            continue
        part = parts[name]
        if span["dq_root"]:
            part.dq_seconds += span["seconds"]
            part.dq_parts[span["category"]] = part.dq_parts.get(span["category"], 0.0) + span["seconds"]
        if not span["in_dq"]:
            part.work[span["category"]] = part.work.get(span["category"], 0.0) + span["own"]
    for part in parts.values():
        accounted = part.dq_seconds + sum(part.work.values())
        part.work["other"] = max(0.0, part.seconds - accounted)
        part.dq_seconds = round(part.dq_seconds, 4)
        part.dq_parts = {k: round(v, 4) for k, v in sorted(part.dq_parts.items())}
        part.work = {k: round(v, 4) for k, v in sorted(part.work.items(), key=lambda kv: -kv[1])}
    return list(parts.values())


if __name__ == "__main__":
    code = child_main()
    import arqam.pipelines.cli

    arqam.pipelines.cli.exit_now(code)  # as the `arqam` command ends
