"""How fast ``find_quantities`` reads Arabic text, as a multiple of a bare ``\\d+`` scan.

Absolute speed depends on the machine and on its load; a ratio to a plain
``re.finditer(r"\\d+")`` pass over the same characters, timed in the same run,
says how much work the parser does per character wherever it runs. The target
is a parser within 20x of that scan.

Both passes see exactly the same characters: the articles, end to end. The
scan goes over them in one string; the parser is called article by article,
as the pipeline calls it. Each is timed best of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import platform
import pstats
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from arqam.extraction.numbers.parser import find_quantities
from bench.corpus import generate_articles

RESULTS = Path(__file__).parent / "results"
TARGET_RATIO = 20.0
DIGIT_RUN = re.compile(r"\d+")
PROFILE_LINES = 15


@dataclass(frozen=True)
class Corpus:
    articles: list[str]
    seed: int

    @property
    def text(self) -> str:
        return "".join(self.articles)

    @property
    def chars(self) -> int:
        return sum(map(len, self.articles))

    @property
    def megabytes(self) -> float:
        return sum(len(a.encode("utf-8")) for a in self.articles) / 1e6


def build_corpus(megabytes: float, seed: int) -> Corpus:
    """Synthetic articles until their UTF-8 size reaches ``megabytes`` (at least one article)."""
    articles, size = [], 0
    for _name, text in generate_articles(sys.maxsize, seed):
        articles.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            return Corpus(articles, seed)
    raise AssertionError("unreachable")


def scan_digits(text: str) -> int:
    """The baseline: one pass of ``re.finditer(r"\\d+")``, every match consumed."""
    matches = 0
    for _match in DIGIT_RUN.finditer(text):
        matches += 1
    return matches


def parse_articles(articles: list[str]) -> int:
    """The parser as the pipeline calls it: once per article. Returns the quantities found."""
    return sum(len(find_quantities(article)) for article in articles)


def best_time(call: Callable[[], int], repeat: int) -> tuple[float, int]:
    """(fastest wall time of ``repeat`` calls, what the call returned)."""
    best, result = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


@dataclass(frozen=True)
class Pass:
    what: str
    seconds: float
    chars_per_second: float
    megabytes_per_second: float
    found: int  # digit runs for the scan, quantities for the parser


def timed_pass(what: str, call: Callable[[], int], corpus: Corpus, repeat: int) -> Pass:
    seconds, found = best_time(call, repeat)
    return Pass(what, seconds, corpus.chars / seconds, corpus.megabytes / seconds, found)


def run(corpus: Corpus, repeat: int) -> dict:
    """Both passes over one corpus; the report as a JSON-ready dict."""
    text = corpus.text
    find_quantities(corpus.articles[0])  # warm up: first call compiles patterns
    baseline = timed_pass('re.finditer(r"\\d+") over the whole text', lambda: scan_digits(text), corpus, repeat)
    parser = timed_pass("arqam.extraction.numbers.parser.find_quantities, article by article",
                        lambda: parse_articles(corpus.articles), corpus, repeat)
    ratio = parser.seconds / baseline.seconds
    return {
        "benchmark": "parser",
        "corpus": {"articles": len(corpus.articles), "chars": corpus.chars,
                   "megabytes": round(corpus.megabytes, 3), "seed": corpus.seed},
        "repeat": repeat,
        "baseline": asdict(baseline),
        "parser": asdict(parser),
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "within_target": ratio <= TARGET_RATIO,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def format_report(report: dict) -> str:
    corpus, baseline, parser = report["corpus"], report["baseline"], report["parser"]
    rows = [("pass", "seconds", "chars/s", "MB/s", "found")]
    for name, data in (("digit scan", baseline), ("parser", parser)):
        rows.append((name, f"{data['seconds']:.4f}", f"{data['chars_per_second']:,.0f}",
                     f"{data['megabytes_per_second']:.2f}", f"{data['found']:,}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"parser benchmark: {corpus['articles']:,} articles, {corpus['chars']:,} chars "
             f"({corpus['megabytes']} MB UTF-8), seed {corpus['seed']}, best of {report['repeat']}"]
    lines += ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
              for row in rows]
    verdict = "within target" if report["within_target"] else "OVER TARGET"
    lines.append(f"ratio parser/scan: {report['ratio']:.1f}x  (target <= {report['target_ratio']:.0f}x: {verdict})")
    return "\n".join(lines)


def profile_parser(articles: list[str], sort: str, lines: int = PROFILE_LINES) -> str:
    """The parser's top functions under cProfile, for finding hot spots (not for timing)."""
    profiler = cProfile.Profile()
    profiler.runcall(parse_articles, articles)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(lines)
    return out.getvalue()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of UTF-8 text (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per pass (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--out", type=Path, default=RESULTS / "parser.json", help="JSON report path")
    parser.add_argument("--profile", action="store_true",
                        help=f"also print the parser's top {PROFILE_LINES} functions under cProfile")
    parser.add_argument("--profile-sort", default="tottime", choices=("tottime", "cumulative", "ncalls"),
                        help="cProfile order (default tottime: time inside the function itself)")
    args = parser.parse_args(argv)
    if args.mb <= 0 or args.repeat < 1:
        parser.error("--mb must be positive and --repeat at least 1")
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    corpus = build_corpus(args.mb, args.seed)
    report = run(corpus, args.repeat)
    print(format_report(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"report: {args.out}")
    if args.profile:
        print(profile_parser(corpus.articles, args.profile_sort))
    return report


if __name__ == "__main__":
    main()
