"""The scale benchmark: the whole pipeline on 1k, 10k or 100k synthetic articles, in one run.

``python -m bench --articles 10000`` (or ``make bench ARGS="--articles 10000"``), on two
corpora one after the other (``--corpus dense|news|both``, both by default): the dense one
(``bench/corpus.py``, a figure in nearly every sentence, 6.4 mentions per kB of cleaned text)
and the realistic one (``bench/news.py``, about 1.1 per kB as real news, longer articles, news
sites' furniture); with both, a table compares them at the end. The ``ARQAM_*`` variables of
the environment reach the benchmarked runs (``ARQAM_BATCH_ARTICLES=1000 make bench``) and the
report records them. For each corpus, it:

1. writes a seeded corpus into a work folder, as an inbox holds it: ``.txt`` and
   ``.html`` pages, a few ``.jsonl`` feeds; streamed to disk, never held whole;
2. times the extraction core in this process (one core) on a sample of it, and a
   bare baseline on the same files (read them, one ``re.finditer(r"\\d+")`` pass):
   their ratio says how much work extraction does per byte, on any machine;
3. runs ``arqam run`` on the inbox in a child process (its own Dagster home and
   warehouse in the work folder): wall time per stage, GX checks included, and the
   share of the run spent on data quality (``bench/stages.py`` says how);
   peak RSS of that process, and the memory of it with its worker processes,
   per stage; the warehouse's size on disk;
4. adds 1% new articles (the next ones of the same seeded corpus) and runs again:
   the incremental run's time, as a share of the full run's.

The report goes to ``bench/results/scale-<N>.json`` (``scale-news-<N>.json`` for the realistic
corpus) and a table to stdout, with
the targets beside the figures (2 cores: 100k end to end under 4 min,
the extraction core within 10x of the baseline, incremental under 3%, DQ under 10%).
Figures depend on the machine and its load: the JSON records both.
"""
from __future__ import annotations

import argparse
import html
import json
import math
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import PageWriter, article_name, load_language
from bench.stages import RunEvents, StageTime, attribute, read_run

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
WORK = Path(__file__).parent / "work"  # git-ignored: bench/work/
WORK_MARKER = ".arqam-bench"  # a work folder the benchmark made, and may empty
DIGIT_RUN = re.compile(r"\d+")

# How an inbox mixes formats: mostly text and HTML pages, a few JSON Lines feeds.
FORMAT_SHARES = (("txt", 0.60), ("html", 0.35), ("jsonl", 0.05))
JSONL_RECORDS_PER_FILE = 50
JSONL_HTML_SHARE = 0.3  # feed records that carry the page's HTML rather than its text
SITES = (("شفق نيوز", "shafaq.example"), ("السومرية نيوز", "alsumaria.example"), ("المدى", "almada.example"),
         ("رووداو", "rudaw.example"), ("الحرة", "alhurra.example"), ("العربية", "alarabiya.example"))
MENU = ("الرئيسية", "أخبار العراق", "سياسة", "أمن", "اقتصاد", "رياضة", "منوعات", "فيديو")

# The targets, on two cores.
TARGET_100K_SECONDS = 240.0
TARGET_EXTRACTION_RATIO = 10.0
TARGET_INCREMENTAL_SHARE = 0.03
TARGET_DQ_SHARE = 0.10
TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "dq_results")


# ---------------------------------------------------------------------------
# The corpus, as an inbox


@dataclass
class CorpusStats:
    first_index: int
    articles: int
    files: int = 0
    bytes: int = 0
    articles_by_format: dict[str, int] = field(default_factory=dict)
    files_by_format: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


def article_format(index: int, seed: int) -> str:
    """txt, html or jsonl: drawn per article, so a slice of the corpus has the same formats as the whole."""
    roll = random.Random(f"arqam-bench-format:{seed}:{index}").random()
    for name, share in FORMAT_SHARES:
        if roll < share:
            return name
        roll -= share
    return FORMAT_SHARES[-1][0]


CORPORA = ("dense", "news")  # bench/corpus.py: a figure in nearly every sentence; bench/news.py: as real news


def page_parts(index: int, seed: int, corpus: str = "dense") -> tuple[list[str], list[str], list[str]]:
    """Header blocks, body paragraphs and tail blocks of article ``index``, in the order
    ``bench.corpus`` (or ``bench.news``) draws them: ``"\\n\\n".join(header + body + tail) + "\\n"`` is its text page."""
    if corpus == "news":
        from bench.news import news_parts

        return news_parts(index, seed)
    writer = PageWriter(random.Random(f"arqam-bench:{seed}:{index}"), load_language())
    header = writer.header()
    body = writer.body()
    return header, body, writer.tail()


@dataclass(frozen=True)
class PageMeta:
    """What a site puts in the page head and a feed in its record: not in the article's text."""

    title: str
    url: str
    published: str
    site: str


def page_meta(index: int, seed: int) -> PageMeta:
    rng = random.Random(f"arqam-bench-meta:{seed}:{index}")
    site, domain = rng.choice(SITES)
    title = PageWriter(rng, load_language()).template("headline")
    published = datetime(rng.randint(2014, 2024), rng.randint(1, 12), rng.randint(1, 28),
                         rng.randint(0, 23), rng.randint(0, 59), tzinfo=UTC)
    return PageMeta(title, f"https://{domain}/news/{seed}-{index}", published.isoformat(), site)


def _block_html(block: str) -> str:
    """A block of lines as the page shows it: a list for bulleted lines, paragraphs with <br> otherwise."""
    out, items, lines = [], [], []

    def flush() -> None:
        if lines:
            out.append("<p>" + "<br>".join(lines) + "</p>")
            lines.clear()
        if items:
            out.append("<ul>" + "".join(f"<li><a href=\"#\">{item}</a></li>" for item in items) + "</ul>")
            items.clear()

    for line in block.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("- ", "• ")):
            if lines:
                flush()
            items.append(html.escape(stripped[2:].strip(), quote=False))
        else:
            if items:
                flush()
            lines.append(html.escape(line, quote=False))
    flush()
    return "".join(out)


def render_html(index: int, seed: int, corpus: str = "dense") -> str:
    """Article ``index`` as a news site serves it: head, menu, the article with its furniture, sidebar, footer, scripts."""
    header, body, tail = page_parts(index, seed, corpus)
    meta = page_meta(index, seed)
    title = html.escape(meta.title)
    sidebar = "".join(f"<li><a href=\"/news/{index - k}\">{html.escape(meta.title)}</a></li>" for k in range(1, 4))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="ar" dir="rtl"><head><meta charset="utf-8">',
        f"<title>{title} | {html.escape(meta.site)}</title>",
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:url" content="{meta.url}">',
        f'<meta property="article:published_time" content="{meta.published}">',
        '<link rel="stylesheet" href="/static/site.css">',
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>",
        "</head><body>",
        "<nav class=\"menu\"><ul>" + "".join(f"<li><a href=\"/{i}\">{item}</a></li>" for i, item in enumerate(MENU)) + "</ul></nav>",
        "<main><article class=\"post\">",
        "<div class=\"post-header\">" + "\n".join(_block_html(block) for block in header) + "</div>",
        "<div class=\"post-body\">" + "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body) + "</div>",
        "<div class=\"post-footer\">" + "\n".join(_block_html(block) for block in tail) + "</div>",
        "</article>",
        f"<aside class=\"most-read\"><h3>الأكثر قراءة</h3><ul>{sidebar}</ul></aside>",
        "</main>",
        f"<footer><p>جميع الحقوق محفوظة © {html.escape(meta.site)}</p></footer>",
        '<script src="/static/app.js" defer></script>',
        "</body></html>",
        "",
    ])


def render_text(index: int, seed: int, corpus: str = "dense") -> str:
    header, body, tail = page_parts(index, seed, corpus)
    return "\n\n".join(header + body + tail) + "\n"


def jsonl_record(index: int, seed: int, corpus: str = "dense") -> str:
    meta = page_meta(index, seed)
    record = {"id": article_name(index, seed), "url": meta.url, "title": meta.title, "published": meta.published}
    if random.Random(f"arqam-bench-feed:{seed}:{index}").random() < JSONL_HTML_SHARE:
        record["html"] = render_html(index, seed, corpus)
    else:
        record["text"] = render_text(index, seed, corpus)
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_corpus(inbox: Path, count: int, seed: int, start: int = 0, corpus: str = "dense") -> CorpusStats:
    """Articles ``start .. start+count-1`` as inbox files, written one by one.

    Text and HTML articles are a file each, named by ``article_name`` (the id the
    pipeline gives them); feed articles go, in order, into ``.jsonl`` files of up to
    50 records named after their first article, so a later slice never touches the
    files of an earlier one (an incremental run sees new files only).
    """
    started = time.perf_counter()
    inbox.mkdir(parents=True, exist_ok=True)
    stats = CorpusStats(start, count)
    feed, feed_records = None, 0

    def count_file(fmt: str, size: int) -> None:
        stats.files += 1
        stats.bytes += size
        stats.files_by_format[fmt] = stats.files_by_format.get(fmt, 0) + 1

    try:
        for index in range(start, start + count):
            fmt = article_format(index, seed)
            stats.articles_by_format[fmt] = stats.articles_by_format.get(fmt, 0) + 1
            if fmt == "jsonl":
                if feed is None or feed_records == JSONL_RECORDS_PER_FILE:
                    if feed is not None:
                        feed.close()
                        count_file("jsonl", Path(feed.name).stat().st_size)
                    feed, feed_records = open(inbox / f"feed_{seed}_{index:06d}.jsonl", "w", encoding="utf-8"), 0  # noqa: SIM115 (closed at the next feed)
                feed.write(jsonl_record(index, seed, corpus))
                feed_records += 1
                continue
            text = render_text(index, seed, corpus) if fmt == "txt" else render_html(index, seed, corpus)
            data = text.encode("utf-8")
            (inbox / f"{article_name(index, seed)}.{fmt}").write_bytes(data)
            count_file(fmt, len(data))
    finally:
        if feed is not None:
            feed.close()
            count_file("jsonl", Path(feed.name).stat().st_size)
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


# ---------------------------------------------------------------------------
# Extraction throughput, in this process, against a bare baseline


@dataclass
class Pass:
    what: str
    seconds: float
    articles: int
    megabytes: float
    articles_per_second: float
    megabytes_per_second: float
    found: int  # digit runs for the baseline, facts for extraction


@dataclass
class ExtractionFigures:
    sample_files: int
    sample_articles: int
    sample_megabytes: float
    whole_corpus: bool
    baseline: Pass
    extraction: Pass
    ratio: float  # extraction seconds / baseline seconds, same files
    phases: dict[str, float]  # seconds: read (decode, HTML, JSON), clean, mentions, facts, claims
    mentions: int
    quarantined: int  # files or records the reader refused (expected 0)
    mentions_per_kb: float  # of cleaned text (UTF-8): 6.4 in the dense corpus, about 1.1 in real news


def sample_files(inbox: Path, sample: int, total_articles: int) -> list[Path]:
    """Evenly spaced files of the inbox, about ``sample`` articles' worth (all of them if 0 or more than the corpus)."""
    files = sorted(p for p in inbox.iterdir() if p.is_file())
    if sample <= 0 or sample >= total_articles:
        return files
    wanted = max(1, round(len(files) * sample / total_articles))
    return [files[math.floor(k * len(files) / wanted)] for k in range(wanted)]


def _baseline_pass(files: list[Path]) -> tuple[int, int]:
    """Read each file, decode it, one ``\\d+`` pass: (bytes read, digit runs found)."""
    size = found = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        for _match in DIGIT_RUN.finditer(data.decode("utf-8")):
            found += 1
    return size, found


def _extraction_pass(files: list[Path], inbox: Path) -> tuple[int, int, int, int, int, dict[str, float], int]:
    """The core as the assets call it, article by article: (bytes, articles, mentions, facts, refused, phase seconds,
    bytes of cleaned text)."""
    from arqam.extraction.claims.quantities import build_claims
    from arqam.extraction.facts.figures import distinct_facts
    from arqam.extraction.read.documents import read_document
    from arqam.extraction.tables.rows import clean_article_row, mention_rows
    from arqam.extraction.text.offsets import OffsetMap

    clock = time.perf_counter
    phases = dict.fromkeys(("read", "clean", "mentions", "facts", "claims"), 0.0)
    size = articles = mentions = refused = clean_bytes = 0
    facts: list[dict] = []
    for path in files:
        t0 = clock()
        data = path.read_bytes()
        read, rejections = read_document(path.relative_to(inbox).as_posix(), data)
        t1 = clock()
        phases["read"] += t1 - t0
        size += len(data)
        refused += len(rejections)
        for article in read:
            t1 = clock()
            row = clean_article_row(article.article_id, article.sha256, article.raw_text)
            t2 = clock()
            sentences = list(zip(row["sentence_starts"], row["sentence_ends"]))
            rows = mention_rows(article.article_id, article.sha256, row["clean_text"], sentences,
                                OffsetMap.from_lists(row["map_clean"], row["map_raw"]))
            t3 = clock()
            facts += distinct_facts(rows)
            t4 = clock()
            phases["clean"] += t2 - t1
            phases["mentions"] += t3 - t2
            phases["facts"] += t4 - t3
            articles += 1
            mentions += len(rows)
            clean_bytes += len(row["clean_text"].encode("utf-8"))
    t5 = clock()
    build_claims(facts)
    phases["claims"] += clock() - t5
    return size, articles, mentions, len(facts), refused, phases, clean_bytes


def measure_extraction(inbox: Path, sample: int, total_articles: int, repeat: int) -> ExtractionFigures:
    """Baseline (best of 3: it is cheap) and extraction (best of ``repeat``) over the same sampled files."""
    files = sample_files(inbox, sample, total_articles)
    _extraction_pass(files[:1], inbox)  # warm up: data files loaded, patterns compiled
    baseline_seconds, (size, digit_runs) = _best(lambda: _baseline_pass(files), 3)
    seconds, (_size, articles, mentions, facts, refused, phases, clean_bytes) = _best(lambda: _extraction_pass(files, inbox), repeat)
    megabytes = size / 1e6

    def timed(what: str, secs: float, found: int) -> Pass:
        return Pass(what, round(secs, 4), articles, round(megabytes, 3), round(articles / secs, 1),
                    round(megabytes / secs, 3), found)

    return ExtractionFigures(
        sample_files=len(files),
        sample_articles=articles,
        sample_megabytes=round(megabytes, 3),
        whole_corpus=articles >= total_articles,
        baseline=timed('read + decode + re.finditer(r"\\d+")', baseline_seconds, digit_runs),
        extraction=timed("read_document + clean_article_row + mention_rows + distinct_facts (+ build_claims)", seconds, facts),
        ratio=round(seconds / baseline_seconds, 1),
        phases={name: round(value, 4) for name, value in phases.items()},
        mentions=mentions,
        quarantined=refused,
        mentions_per_kb=round(mentions / max(1, clean_bytes) * 1000, 3),
    )


def _best(call, repeat: int):
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


# ---------------------------------------------------------------------------
# End to end: `arqam run` in a child process


@dataclass
class Workdir:
    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    def warehouse(self, name: str = "main") -> Path:
        return self.root / name / "arqam.duckdb"

    def reports(self, name: str = "main") -> Path:
        return self.root / name / "arqam_quality"

    def dagster_home(self, name: str = "main") -> Path:
        return self.root / name / "dagster_home"

    def logs(self) -> Path:
        return self.root / "logs"


def prepare_workdir(root: Path) -> Workdir:
    """An empty work folder; one left by an earlier benchmark is emptied, anything else is refused."""
    if root.exists() and any(root.iterdir()):
        if not (root / WORK_MARKER).exists():
            raise SystemExit(f"bench: {root} is not empty and was not made by the benchmark; choose another --workdir")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / WORK_MARKER).write_text("made by python -m bench (scale); deleted at the end unless --keep\n")
    return Workdir(root)


@dataclass
class RunFigures:
    label: str
    exit_code: int
    status: str
    run_id: str
    wall_seconds: float  # the child process, start to exit
    cpu_seconds: float  # user + system of the run process (rusage: with the processes it waited for)
    tree_cpu_seconds: float | None  # sampled: the run process and every process under it (a pool's workers)
    peak_rss_mb: float  # ru_maxrss of the run process
    peak_memory_mb: float | None  # sampled: the run process and its worker processes (``sample_tree``)
    most_workers: int  # processes under the run process at one time (a pool's forkserver and workers)
    stages: list[dict]  # StageTime of startup, each stage, teardown, exit; with the peak memory of each
    dq_seconds: float
    dq_share: float  # of wall_seconds
    dq_parts: dict[str, float]
    work: dict[str, float]  # seconds by category, the whole run
    rows_written: dict[str, int]  # by asset, from the materializations of this run
    checks_evaluated: int
    checks_failed: list[str]
    table_rows: dict[str, int]  # after the run
    warehouse_bytes: int
    snapshot_bytes: int
    reports_bytes: int
    memory_spans: list[dict]  # the timed functions during which memory was highest: where it goes
    # after each write of the run (a batch landed): the run process's RSS, Arrow's and DuckDB's share, by stage
    memory_marks: list[dict]
    # sampled inside the run process (bench.stages.PeakSampler): at its highest RSS, what Arrow and C's heap
    # held (in use, freed but held, blocks of their own), in which part; and the most heap in use it saw
    memory_at_peak: dict
    unprobed: list[str]  # functions bench/stages.py could not time: the pipeline changed
    log: str
    profile: str | None = None


def _status_mb(pid: int, field: str) -> float | None:
    """A memory line of /proc/<pid>/status (VmRSS, RssAnon ...) in MB; None off Linux or once the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class TreeSample:
    """The run process and every process under it (a pool's forkserver and workers), at one moment."""

    memory_mb: float  # the run's RSS plus each descendant's anonymous RSS (shared library pages counted once)
    cpu_seconds: dict[int, float]  # pid -> its own user + system time so far (children not included)
    run_mb: float  # the run process's own RSS


def _process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, own CPU seconds), from /proc/<pid>/stat."""
    table = {}
    try:
        entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return table
    for name in entries:
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            table[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
        except (OSError, ValueError, IndexError):
            continue
    return table


def sample_tree(root: int) -> TreeSample | None:
    """Memory and CPU of ``root`` and its descendants; None off Linux or once ``root`` is gone."""
    main = _status_mb(root, "VmRSS")
    table = _process_table()
    if main is None or root not in table:
        return None
    children: dict[int, list[int]] = {}
    for pid, (parent, _cpu) in table.items():
        children.setdefault(parent, []).append(pid)
    tree, stack = [root], [root]
    while stack:
        kids = children.get(stack.pop(), [])
        tree += kids
        stack += kids
    memory = main + sum(_status_mb(pid, "RssAnon") or 0.0 for pid in tree[1:])
    return TreeSample(memory, {pid: table[pid][1] for pid in tree}, main)


def _folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def _table_rows(warehouse: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    finally:
        con.close()


def run_environment(settings: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a benchmarked run: this one's, ``ARQAM_*`` settings included, with ``settings`` over it."""
    return {**os.environ, **(settings or {})}


def run_settings(settings: dict[str, str] | None = None) -> dict[str, str]:
    """The ``ARQAM_*`` variables a benchmarked run gets, for its report."""
    return {k: v for k, v in sorted(run_environment(settings).items()) if k.startswith("ARQAM_")}


def run_pipeline(work: Workdir, label: str, name: str = "main", profile: Path | None = None,
                 settings: dict[str, str] | None = None) -> RunFigures:
    """``arqam run`` over the inbox, through ``bench.stages``: wall time, rusage, memory per stage, Dagster events.

    The run gets this environment (``ARQAM_BATCH_ARTICLES=1000 make bench`` benchmarks
    batches of 1,000 articles) with ``settings`` (``{"ARQAM_WORKERS": "1"}``) over it;
    ``run_settings`` says which ``ARQAM_*`` values that makes.
    """
    home = work.dagster_home(name)
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")  # telemetry off
    work.logs().mkdir(parents=True, exist_ok=True)
    timings_path, log_path = work.logs() / f"{label}.timings.json", work.logs() / f"{label}.log"
    command = [sys.executable, "-m", "bench.stages", "--timings", str(timings_path)]
    if profile:
        command += ["--profile", str(profile)]
    command += ["--", "run", "--inbox", str(work.inbox), "--warehouse", str(work.warehouse(name)),
                "--reports", str(work.reports(name)), "--wait", "0"]
    env = run_environment(settings)
    env["DAGSTER_HOME"] = str(home)

    child = launch(command, env, log_path)
    timings = json.loads(timings_path.read_text(encoding="utf-8")) if timings_path.exists() else {"spans": [], "unprobed": []}
    try:
        events = read_run(home, created_after=child.launched)
    except RuntimeError:  # the child died before its run began
        events = RunEvents("", "NOT_STARTED", None, None, [], {}, 0, [])
    spans = sorted(timings["spans"] + events.event_spans, key=lambda span: span["started"])
    stages = attribute(spans, events.steps, child.launched, child.exited, timings.get("ended"))
    peak_by_stage = _peak_by_stage(child.memory_samples, stages)
    run_peak_by_stage = _peak_by_stage(child.run_samples, stages)
    dq_parts: dict[str, float] = {}
    work_total: dict[str, float] = {}
    for stage in stages:
        for key, value in stage.dq_parts.items():
            dq_parts[key] = dq_parts.get(key, 0.0) + value
        for key, value in stage.work.items():
            work_total[key] = work_total.get(key, 0.0) + value
    dq_seconds = sum(stage.dq_seconds for stage in stages)
    warehouse = work.warehouse(name)
    return RunFigures(
        label=label,
        exit_code=child.exit_code,
        status=events.status,
        run_id=events.run_id,
        wall_seconds=round(child.wall_seconds, 3),
        cpu_seconds=round(child.cpu_seconds, 3),
        tree_cpu_seconds=round(child.tree_cpu_seconds, 3) if child.tree_cpu_seconds is not None else None,
        peak_rss_mb=round(child.peak_rss_mb, 1),
        peak_memory_mb=round(max(m for _, m in child.memory_samples), 1) if child.memory_samples else None,
        most_workers=child.most_workers,
        # the most sampled in each part: the run process with its workers, and the run process alone
        stages=[{**asdict(stage), "peak_memory_mb": peak_by_stage.get(stage.stage),
                 "peak_run_process_mb": run_peak_by_stage.get(stage.stage)} for stage in stages],
        dq_seconds=round(dq_seconds, 3),
        dq_share=round(dq_seconds / child.wall_seconds, 4),
        dq_parts={k: round(v, 3) for k, v in sorted(dq_parts.items())},
        work={k: round(v, 3) for k, v in sorted(work_total.items(), key=lambda kv: -kv[1])},
        rows_written=events.rows_written,
        checks_evaluated=events.checks_evaluated,
        checks_failed=events.checks_failed,
        table_rows=_table_rows(warehouse) if warehouse.exists() else {},
        warehouse_bytes=sum(p.stat().st_size for p in (warehouse, warehouse.with_name(warehouse.name + ".wal")) if p.exists()),
        snapshot_bytes=_folder_bytes(warehouse.with_name("arqam_snapshot.duckdb")),
        reports_bytes=_folder_bytes(work.reports(name)),
        memory_spans=_memory_spans(child.memory_samples, spans),
        memory_marks=_marks_by_stage(timings.get("memory_marks", []), stages),
        memory_at_peak=_at_peak_by_stage(timings.get("memory_at_peak"), stages),
        unprobed=timings.get("unprobed", []),
        log=str(log_path),
        profile=str(profile) if profile else None,
    )


@dataclass
class Child:
    """A finished child process: when it ran, how it ended, what it used."""

    launched: float  # time.time()
    exited: float
    wall_seconds: float
    exit_code: int
    cpu_seconds: float  # rusage of the run process (and of the processes it waited for)
    tree_cpu_seconds: float | None  # sampled: own CPU of the run process and of every process under it
    peak_rss_mb: float  # ru_maxrss
    memory_samples: list[tuple[float, float]]  # (time.time(), MB of the process and its workers), every 0.2 s
    most_workers: int
    run_samples: list[tuple[float, float]]  # (time.time(), MB of the run process alone)


def launch(command: list[str], env: dict[str, str], log_path: Path) -> Child:
    """Run ``command`` to its end, sampling its process tree; its rusage from ``wait4`` (not other children's).

    A pool's workers are not children of the run process (a forkserver starts them),
    so its rusage misses their CPU: the samples of /proc see it.
    """
    samples: list[tuple[float, float]] = []
    run_samples: list[tuple[float, float]] = []
    cpu_by_pid: dict[int, float] = {}  # the last CPU time seen of each process of the tree
    most_workers = 0
    with open(log_path, "w", encoding="utf-8") as log:
        launched, started = time.time(), time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            sample = sample_tree(process.pid)
            if sample is not None:
                now = time.time()
                samples.append((now, sample.memory_mb))
                run_samples.append((now, sample.run_mb))
                cpu_by_pid.update(sample.cpu_seconds)
                most_workers = max(most_workers, len(sample.cpu_seconds) - 1)
            time.sleep(0.2)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
    max_rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    # each process's own CPU as last sampled (up to 0.2 s of each one's end is missed; nothing counted twice)
    tree_cpu = sum(cpu_by_pid.values()) if cpu_by_pid else None
    return Child(launched, launched + wall, wall, process.returncode, usage.ru_utime + usage.ru_stime, tree_cpu, max_rss,
                 samples, most_workers, run_samples)


def _marks_by_stage(marks: list[dict], stages: list) -> list[dict]:
    """Each memory mark with the part of the run it was taken in."""
    def stage_of(when: float) -> str:
        return next((stage.stage for stage in stages if stage.started <= when < stage.ended), "")

    return [{**mark, "stage": stage_of(mark["at"])} for mark in marks]


def _at_peak_by_stage(sampled: dict | None, stages: list) -> dict:
    """The run process's own peak sample with the part of the run it was taken in ({} if none was taken)."""
    if not sampled or not sampled.get("at_peak"):
        return {}
    return {**_marks_by_stage([sampled["at_peak"]], stages)[0], "most_heap_in_use_mb": sampled.get("most_heap_in_use_mb")}


def _memory_spans(samples: list[tuple[float, float]], spans: list[dict], keep: int = 8) -> list[dict]:
    """The timed spans (of 0.5 s or more: memory is sampled every 0.2 s) with the most memory sampled while they ran.

    A span inside one already listed (a DuckDB read inside a DQ frame) is not listed again.
    """
    candidates = []
    for span in spans:
        if span["seconds"] < 0.5:
            continue
        inside = [rss for when, rss in samples if span["started"] <= when <= span["ended"]]
        if inside:
            candidates.append((max(inside), span["seconds"], inside[0], span))
    found: list[dict] = []
    for peak, seconds, before, span in sorted(candidates, key=lambda c: (-c[0], -c[1])):
        if any(f["started"] <= span["started"] and span["ended"] <= f["ended"] for f in found):
            continue
        found.append({"span": span["name"], "category": span["category"], "seconds": round(seconds, 2),
                      "memory_before_mb": round(before, 1), "peak_memory_mb": round(peak, 1),
                      "started": span["started"], "ended": span["ended"]})
        if len(found) == keep:
            break
    return found


def _peak_by_stage(samples: list[tuple[float, float]], stages: list[StageTime]) -> dict[str, float | None]:
    """The most memory sampled during each part of the run (None for a part shorter than the sampling period)."""
    peaks = {}
    for stage in stages:
        inside = [rss for when, rss in samples if stage.started <= when < stage.ended]
        peaks[stage.stage] = round(max(inside), 1) if inside else None
    return peaks


# ---------------------------------------------------------------------------
# Profile of a run: where the time goes, by function and by package


def _package(filename: str, function: str) -> str:
    """Which library a profiled function belongs to; C functions by the type they are methods of."""
    if filename == "~":  # a built-in: '<method 'execute' of 'duckdb.DuckDBPyConnection' objects>'
        for needle, name in (("duckdb", "duckdb"), ("_regex", "regex"), ("re.Pattern", "re"), ("sqlite3", "sqlite3"),
                             ("pyarrow", "pyarrow"), ("pandas", "pandas"), ("numpy", "numpy"), ("selectolax", "selectolax"),
                             ("lexbor", "selectolax"), ("posix.", "os"), ("_io.", "io"), ("time.sleep", "sleep")):
            if needle in function:
                return f"{name} (C)"
        return "builtins (C)"
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    for folder in ("extraction", "assets", "expectations", "warehouse", "pipelines", "bench"):
        if f"/{folder}/" in path:
            return f"arqam {folder}"
    if "/lib/python3" in path:
        return "stdlib"
    return "other"


def summarize_profile(path: Path, lines: int) -> dict:
    stats = pstats.Stats(str(path))
    total = stats.total_tt or 1e-9
    by_package: dict[str, float] = {}
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        package = _package(filename, function)
        by_package[package] = by_package.get(package, 0.0) + own
        rows.append({"function": function, "where": f"{Path(filename).name}:{line}" if filename != "~" else "built-in",
                     "package": package, "calls": calls, "own_seconds": round(own, 3), "cumulative_seconds": round(cumulative, 3)})
    rows.sort(key=lambda r: -r["own_seconds"])
    return {
        "stats_file": str(path),
        "profiled_seconds": round(total, 3),
        "by_package": {k: {"seconds": round(v, 3), "share": round(v / total, 4)}
                       for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])},
        "top_functions": rows[:lines],
        "top_cumulative": sorted(rows, key=lambda r: -r["cumulative_seconds"])[:lines],
    }


# ---------------------------------------------------------------------------
# The report


def machine_info(load_at_start: list[float] | None = None) -> dict:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "load_average_at_start": load_at_start,  # 1, 5, 15 min: other work on the machine skews every figure
        "load_average_at_end": _load_average(),
    }


def _load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def target(name: str, limit: float, measured: float | None, unit: str, note: str = "") -> dict:
    return {"name": name, "target": limit, "measured": measured, "unit": unit,
            "met": None if measured is None else measured <= limit, "note": note}


PROJECT_FROM = 1000  # below this, a stage's fixed costs (GX setup, check reporting) swamp its per-article cost


def projected_100k_seconds(full: RunFigures, articles: int) -> tuple[float | None, str]:
    """100k end to end: measured if this is 100k, else startup, teardown and exit as they are plus the stages scaled linearly."""
    fixed = sum(s["seconds"] for s in full.stages if s["stage"] in ("startup", "teardown", "exit"))
    if articles == 100_000:
        return full.wall_seconds, "measured"
    if articles < PROJECT_FROM:
        return None, f"not projected from fewer than {PROJECT_FROM:,} articles"
    scaled = (full.wall_seconds - fixed) * 100_000 / articles + fixed
    return round(scaled, 1), f"projected linearly from {articles:,} articles (stages x{100_000 / articles:g})"


def build_report(args, machine: dict, corpus: CorpusStats, increment: CorpusStats | None, extraction: ExtractionFigures | None,
                 full: RunFigures | None, incremental: RunFigures | None, profile: dict | None, work: Workdir) -> dict:
    targets = []
    if extraction:
        targets.append(target("extraction within 10x of the bare baseline", TARGET_EXTRACTION_RATIO, extraction.ratio, "x"))
    if full:
        seconds, how = projected_100k_seconds(full, args.articles)
        targets.append(target("100k articles end to end", TARGET_100K_SECONDS, seconds, "s", how))
        targets.append(target("data-quality share of the full run", TARGET_DQ_SHARE, full.dq_share, "share"))
    if full and incremental:
        share = round(incremental.wall_seconds / full.wall_seconds, 4)
        targets.append(target("incremental run (+1%) against the full run", TARGET_INCREMENTAL_SHARE, share, "share"))
    return {
        "benchmark": "scale",
        "articles": args.articles,
        "corpus_kind": args.corpus,
        "seed": args.seed,
        "workers": args.workers,  # None: the pipeline's default
        "settings": run_settings({"ARQAM_WORKERS": str(args.workers)} if args.workers else {}),  # ARQAM_* the runs got
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "targets_are_for": "2 cores",
        "corpus": {**asdict(corpus), "megabytes": round(corpus.megabytes, 3)},
        "increment": {**asdict(increment), "megabytes": round(increment.megabytes, 3)} if increment else None,
        "extraction": asdict(extraction) if extraction else None,
        "full_run": asdict(full) if full else None,
        "incremental_run": {**asdict(incremental), "new_articles": increment.articles,
                            "share_of_full_run": round(incremental.wall_seconds / full.wall_seconds, 4)}
        if (incremental and full and increment) else None,
        "peak_rss_mb": {"full_run": full.peak_rss_mb if full else None,
                        "incremental_run": incremental.peak_rss_mb if incremental else None},
        "peak_memory_mb": {"full_run": full.peak_memory_mb if full else None,
                           "incremental_run": incremental.peak_memory_mb if incremental else None},
        "warehouse": {"bytes": full.warehouse_bytes, "snapshot_bytes": full.snapshot_bytes, "reports_bytes": full.reports_bytes,
                      "bytes_per_article": round(full.warehouse_bytes / max(1, full.table_rows.get("raw_articles", 0)), 1),
                      "bytes_after_incremental_run": incremental.warehouse_bytes if incremental else None}
        if full else None,
        "targets": targets,
        "profile": profile,
        "workdir": str(work.root),
        "workdir_kept": args.keep,
        "ok": all(run.exit_code == 0 for run in (full, incremental) if run is not None),
    }


def _seconds(value: float) -> str:
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def _table(rows: list[tuple], right_from: int = 1) -> list[str]:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(str(cell).ljust(w) if i < right_from else str(cell).rjust(w)
                             for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]


def _cpu(run: dict) -> str:
    """CPU time of the run and its workers, and how many cores that kept busy on average."""
    cpu = run["tree_cpu_seconds"] if run.get("tree_cpu_seconds") is not None else run["cpu_seconds"]
    return f"CPU {cpu:,.1f} s ({cpu / run['wall_seconds']:.1f} cores)"


def format_report(report: dict, history: list[dict]) -> str:
    corpus, machine = report["corpus"], report["machine"]
    formats = ", ".join(f"{corpus['articles_by_format'].get(f, 0):,} {f}" for f, _ in FORMAT_SHARES)
    lines = [f"arqam scale benchmark, {report.get('corpus_kind', 'dense')} corpus: {corpus['articles']:,} articles, "
             f"{corpus['megabytes']:.1f} MB in {corpus['files']:,} files "
             f"({formats}), seed {report['seed']}, written in {corpus['seconds']:.1f} s",
             f"machine: {machine['cpus_usable']} CPUs, Python {machine['python']}, {machine['platform']}, "
             f"load average {machine['load_average_at_start']} at the start, {machine['load_average_at_end']} at the end",
             "settings: " + (", ".join(f"{k}={v}" for k, v in report.get("settings", {}).items()) or "the pipeline's defaults")]
    extraction = report["extraction"]
    if extraction:
        lines += ["", f"extraction, in process on one core ({'the whole corpus:' if extraction['whole_corpus'] else 'a sample of'} "
                      f"{extraction['sample_articles']:,} articles, {extraction['sample_megabytes']:.1f} MB "
                      f"in {extraction['sample_files']:,} files):"]
        rows = [("pass", "seconds", "articles/s", "MB/s")]
        for key, name in (("baseline", "baseline: read + \\d+ scan"), ("extraction", "extraction core")):
            p = extraction[key]
            rows.append((name, f"{p['seconds']:.3f}", f"{p['articles_per_second']:,.0f}", f"{p['megabytes_per_second']:.2f}"))
        lines += _table(rows)
        total = sum(extraction["phases"].values()) or 1
        lines.append(f"  {extraction.get('mentions_per_kb', 0):.2f} mentions per kB of cleaned text;"
                     f" ratio extraction/baseline: {extraction['ratio']:,.1f}x;  extraction time: "
                     + ", ".join(f"{k} {v / total:.0%}" for k, v in extraction["phases"].items()))
    full = report["full_run"]
    if full:
        lines += ["", f"end to end, full run (arqam run, exit {full['exit_code']}, {full['status']}; "
                      f"{full['checks_evaluated']} check results):"]
        rows = [("part", "seconds", "share", "DQ s", "memory MB", "run process MB", "top of the rest")]
        for stage in full["stages"]:
            rest = ", ".join(f"{k} {v:.1f}" for k, v in list(stage["work"].items())[:3])
            memory, own = stage.get("peak_memory_mb"), stage.get("peak_run_process_mb")
            rows.append((stage["stage"], _seconds(stage["seconds"]), f"{stage['seconds'] / full['wall_seconds']:.0%}",
                         f"{stage['dq_seconds']:.2f}", f"{memory:,.0f}" if memory else "-", f"{own:,.0f}" if own else "-", rest))
        rows.append(("total", _seconds(full["wall_seconds"]), "100%", f"{full['dq_seconds']:.2f}",
                     f"{full['peak_memory_mb']:,.0f}" if full["peak_memory_mb"] else "-", f"{full['peak_rss_mb']:,.0f}",
                     _cpu(full)))
        lines += _table(rows)
        lines.append(f"  data quality: {full['dq_seconds']:.1f} s = {full['dq_share']:.1%} of the run ("
                     + ", ".join(f"{k} {v:.1f}" for k, v in full["dq_parts"].items()) + ")")
        lines.append(f"  end to end: {corpus['articles'] / full['wall_seconds']:,.1f} articles/s; peak RSS of the run process "
                     f"{full['peak_rss_mb']:,.0f} MB (memory MB: with its child processes, at most {full['most_workers']} at once: "
                     "pool workers, forkserver, Dagster's log watcher; sampled)")
        if full["memory_spans"]:
            lines.append("  most memory during: " + ", ".join(
                f"{m['span']} ({m['memory_before_mb']:,.0f} -> {m['peak_memory_mb']:,.0f} MB)" for m in full["memory_spans"][:3]))
        last_marks = {mark["stage"]: mark for mark in full.get("memory_marks", [])}  # the last write of each part
        if last_marks:
            lines.append("  run process after each part's last write (RSS / Arrow / DuckDB MB): " + ", ".join(
                f"{stage} {mark['rss_mb']:,.0f} / {mark['arrow_mb']:,.0f} / {mark['duckdb_mb'] or 0:,.0f}"
                for stage, mark in last_marks.items()))
        peak = full.get("memory_at_peak") or {}
        if peak.get("heap_mb"):
            heap = peak["heap_mb"]
            lines.append(f"  run process at its peak (sampled inside, {peak['stage'] or 'between parts'}): RSS {peak['rss_mb']:,.0f} MB, "
                         f"of which C's heap in use {heap['in_use']:,.0f}, freed but held {heap['free']:,.0f}, blocks of their own "
                         f"{heap['large']:,.0f}, Arrow {peak['arrow_mb']:,.0f}; the most heap in use at the sampler's new highs "
                         f"{peak['most_heap_in_use_mb']:,.0f} MB")
        warehouse = report["warehouse"]
        lines.append(f"  warehouse on disk: {warehouse['bytes'] / 1e6:,.1f} MB ({warehouse['bytes_per_article']:,.0f} bytes per article); "
                     f"snapshot {warehouse['snapshot_bytes'] / 1e6:,.1f} MB; quality reports {warehouse['reports_bytes'] / 1e6:,.1f} MB")
        if full["checks_failed"]:
            lines.append(f"  ! failed checks: {', '.join(full['checks_failed'])}")
    incremental = report["incremental_run"]
    if incremental:
        lines += ["", f"incremental run (+{incremental['new_articles']:,} articles, exit {incremental['exit_code']}, "
                      f"{incremental['status']}): {_seconds(incremental['wall_seconds'])} s = "
                      f"{incremental['share_of_full_run']:.1%} of the full run; peak RSS {incremental['peak_rss_mb']:,.0f} MB"
                      + (f", with workers {incremental['peak_memory_mb']:,.0f} MB" if incremental["peak_memory_mb"] else "")]
        lines.append("  " + ", ".join(f"{s['stage']} {s['seconds']:.1f}" for s in incremental["stages"])
                     + f"; DQ {incremental['dq_seconds']:.1f} s")
    if report["targets"]:
        lines += ["", f"targets ({report['targets_are_for']}; this machine: {machine['cpus_usable']} CPUs):"]
        rows = [("target", "limit", "measured", "")]
        for t in report["targets"]:
            unit = t["unit"]
            fmt = (lambda v: "-" if v is None else f"{v:.1%}") if unit == "share" else \
                (lambda v, unit=unit: "-" if v is None else f"{v:,.1f} {unit}")
            verdict = {True: "ok", False: "OVER", None: "n/a"}[t["met"]]
            rows.append((t["name"], fmt(t["target"]), fmt(t["measured"]), verdict + (f" ({t['note']})" if t["note"] else "")))
        lines += _table(rows, right_from=1)
    if len(history) > 1:
        lines += ["", "memory by corpus size (bench/results/scale-*.json):"]
        rows = [("articles", "batch", "full run s", "peak RSS MB", "with workers MB", "incremental RSS MB", "when")]
        for h in history:
            rows.append((f"{h['articles']:,}", h["batch"], _seconds(h["wall"]), f"{h['rss']:,.0f}",
                         f"{h['memory']:,.0f}" if h["memory"] else "-",
                         f"{h['rss_incremental']:,.0f}" if h["rss_incremental"] else "-", h["when"]))
        lines += _table(rows)
    profile = report["profile"]
    if profile:
        lines += ["", f"profile of a separate full run in one process under cProfile ({profile['profiled_seconds']:.1f} s of own time; "
                      f"stats in {profile['stats_file']}):", "  own time by package: "
                  + ", ".join(f"{k} {v['share']:.0%}" for k, v in list(profile["by_package"].items())[:10])]
        rows = [("function", "where", "package", "calls", "own s", "cum s")]
        rows += [(r["function"][:60], r["where"], r["package"], f"{r['calls']:,}", f"{r['own_seconds']:.2f}",
                  f"{r['cumulative_seconds']:.2f}") for r in profile["top_functions"]]
        lines += _table(rows, right_from=3)
    return "\n".join(lines)


def results_history(folder: Path, corpus: str = "dense") -> list[dict]:
    history = []
    for path in folder.glob("scale-*.json"):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
            if report.get("corpus_kind", "dense") != corpus:
                continue
            full = report["full_run"]
            incremental = report.get("incremental_run") or {}
            history.append({"articles": report["articles"], "wall": full["wall_seconds"], "rss": full["peak_rss_mb"],
                            "batch": (report.get("settings") or {}).get("ARQAM_BATCH_ARTICLES", "-"),
                            "memory": full.get("peak_memory_mb"), "rss_incremental": incremental.get("peak_rss_mb"),
                            "when": report["generated_at"]})
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(history, key=lambda h: h["articles"])


# ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                     epilog="The parser benchmark: python -m bench parser --help. "
                                            "ARQAM_* variables of the environment reach the benchmarked runs "
                                            "(ARQAM_BATCH_ARTICLES=1000 make bench).")
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000; the issue's sizes: 1000, 10000, 100000)")
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both",
                        help="dense: a figure in nearly every sentence (bench/corpus.py); news: as dense as real news "
                             "(bench/news.py); both (the default): one after the other, and a comparison")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--workdir", type=Path,
                        help="work folder (default bench/work/scale-<N> and scale-news-<N>; emptied first, deleted after unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (inbox, warehouse, logs, Dagster home)")
    parser.add_argument("--sample", type=int, default=2000,
                        help="articles of the corpus the extraction throughput is measured on (default 2000; 0: all)")
    parser.add_argument("--repeat", type=int, default=1, help="extraction pass: best of this many (default 1; the baseline is best of 3)")
    parser.add_argument("--increment", type=float, default=0.01, help="share of new articles for the incremental run (default 0.01)")
    parser.add_argument("--skip-e2e", action="store_true", help="only the corpus and the extraction throughput")
    parser.add_argument("--skip-extraction", action="store_true", help="only the end-to-end runs")
    parser.add_argument("--workers", type=int, help="extraction processes of the runs (ARQAM_WORKERS; default: the pipeline's)")
    parser.add_argument("--profile", action="store_true",
                        help="also run the full materialization once more, on its own warehouse, in one process (ARQAM_WORKERS=1), "
                             "under cProfile, and report hot spots")
    parser.add_argument("--profile-lines", type=int, default=25, help="functions listed from the profile (default 25)")
    parser.add_argument("--out", type=Path,
                        help="JSON report (default bench/results/scale-<N>.json, scale-news-<N>.json for the news corpus)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if not 0 < args.increment <= 1:
        parser.error("--increment must be in (0, 1]")
    return args


def corpus_args(args: argparse.Namespace, corpus: str) -> argparse.Namespace:
    """The arguments of the benchmark of one corpus: its own work folder and report."""
    both = args.corpus == "both"
    name = f"scale-{args.articles}" if corpus == "dense" else f"scale-{corpus}-{args.articles}"
    workdir = args.workdir / corpus if (args.workdir and both) else (args.workdir or WORK / name)
    if args.out and both:
        out = args.out.with_name(f"{args.out.stem}-{corpus}{args.out.suffix}")
    else:
        out = args.out or RESULTS / f"{name}.json"
    return argparse.Namespace(**{**vars(args), "corpus": corpus, "workdir": workdir, "out": out})


def main(argv: list[str] | None = None) -> dict:
    """Each corpus asked for, one after the other; with both, a comparison of the two at the end.

    The report returned is the last corpus's, with ``ok`` false if any run failed.
    """
    args = parse_args(argv)
    corpora = CORPORA if args.corpus == "both" else (args.corpus,)
    reports = [run_corpus(corpus_args(args, corpus)) for corpus in corpora]
    if len(reports) > 1:
        print()
        print(format_comparison(reports))
    return {**reports[-1], "ok": all(r.get("ok", True) for r in reports)}


def format_comparison(reports: list[dict]) -> str:
    """The corpora side by side: each one's density, and its cost against the baseline measured in the same run."""
    rows = [("corpus", "mentions/kB", "MB", "extraction/baseline", "extraction articles/s", "full run s",
             "articles/s end to end", "peak memory MB")]
    for r in reports:
        extraction, full = r["extraction"], r["full_run"]
        rows.append((r["corpus_kind"],
                     f"{extraction['mentions_per_kb']:.2f}" if extraction else "-",
                     f"{r['corpus']['megabytes']:.1f}",
                     f"{extraction['ratio']:.1f}x" if extraction else "-",
                     f"{extraction['extraction']['articles_per_second']:,.0f}" if extraction else "-",
                     _seconds(full["wall_seconds"]) if full else "-",
                     f"{r['articles'] / full['wall_seconds']:,.1f}" if full else "-",
                     f"{full['peak_memory_mb']:,.0f}" if full and full["peak_memory_mb"] else "-"))
    return "\n".join([f"both corpora ({reports[0]['articles']:,} articles each; the baseline, read + \\d+, "
                      "measured on each corpus's own files in the same run):", *_table(rows)])


def run_corpus(args: argparse.Namespace) -> dict:
    load_at_start = _load_average()
    work = prepare_workdir(args.workdir.resolve())
    extraction = full = incremental = increment = profile = None
    settings = {"ARQAM_WORKERS": str(args.workers)} if args.workers else {}
    try:
        print(f"bench: writing {args.articles:,} articles of the {args.corpus} corpus to {work.inbox} ...", flush=True)
        corpus = write_corpus(work.inbox, args.articles, args.seed, corpus=args.corpus)
        if not args.skip_extraction:
            print(f"bench: extraction throughput on {min(args.sample or args.articles, args.articles):,} articles ...", flush=True)
            extraction = measure_extraction(work.inbox, args.sample, args.articles, args.repeat)
        if not args.skip_e2e:
            print("bench: full run (arqam run) ...", flush=True)
            full = run_pipeline(work, "full", settings=settings)
            if args.profile:
                print("bench: full run under cProfile, on its own warehouse, in one process ...", flush=True)
                stats = args.out.with_suffix(".pstats")  # beside the report: kept when the work folder goes
                stats.parent.mkdir(parents=True, exist_ok=True)
                # one process: cProfile sees only its own, and worker processes would hide the extraction
                run_pipeline(work, "profiled", name="profiled", profile=stats, settings={**settings, "ARQAM_WORKERS": "1"})
                profile = summarize_profile(stats, args.profile_lines)
            new = max(1, math.ceil(args.articles * args.increment))
            print(f"bench: incremental run (+{new:,} articles) ...", flush=True)
            increment = write_corpus(work.inbox, new, args.seed, start=args.articles, corpus=args.corpus)
            incremental = run_pipeline(work, "incremental", settings=settings)
        report = build_report(args, machine_info(load_at_start), corpus, increment, extraction, full, incremental, profile, work)
        for run in (full, incremental):
            if run is not None and run.exit_code != 0:
                tail = Path(run.log).read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
                print(f"bench: the {run.label} run failed (exit {run.exit_code}); the end of its log:", *tail,
                      sep="\n", file=sys.stderr)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print()
        print(format_report(report, results_history(args.out.parent, args.corpus)))
        print(f"\nreport: {args.out}")
        if args.keep:
            print(f"work folder kept: {work.root}")
    finally:
        if not args.keep:
            shutil.rmtree(work.root, ignore_errors=True)
            if work.root.parent == WORK.resolve() and WORK.exists() and not any(WORK.iterdir()):
                WORK.rmdir()  # bench/work/ only while a benchmark runs or is kept
    return report


if __name__ == "__main__":
    main()
