"""The ``fact_mentions`` core as a multiple of a bare ``\\d+`` scan, in one run:

    python -m bench.mentions [--repeat 5] [--folder tests/news/tune ...] [--news 100] [--profile] [--json FILE]

Each folder's articles (by default the shipped seeds, the tune pages and ``--news`` articles of the
realistic benchmark corpus, ``bench/news.py``) are read and cleaned first, as the pipeline does (not
timed); then every measure below runs over all of them, in turn, ``--repeat`` times, and keeps its
least CPU time (the machine is shared: the least is the run least disturbed). Every figure is that
CPU time divided by the bare scan's, so the ratios hold on any machine:

- ``bare``: ``re.finditer(r"\\d+")`` over each cleaned text;
- ``numbers`` / ``numbers_windows``: the quantity parser alone, over the whole text
  (``numbers.parser.find_quantities``) or the windows around number candidates
  (``numbers.candidates.find_quantities``, what fact typing calls);
- ``typing_text`` / ``typing_text_whole``: fact typing's view of the text (``typing.text.Text``:
  the parser's quantities, its tokens, dates), tokenizing only the sentences typing reads
  (``mentions.READ``) or the whole text;
- ``core`` / ``core_whole``: ``type_quantities``, what ``mention_rows`` calls for every article,
  either way (``core_whole`` is the core as it was before typing read only its sentences; both
  must find the same mentions, which the run checks).

It also prints the share of the text typing reads and, with ``--profile``, where the core's time
goes (cProfile, by own time). On a shared machine CPU time moves with the load; with
``--instructions`` (needs valgrind) each measure also runs under cachegrind, one pass over the
folder less a run of none, and the ratios of the machine instructions of one warm pass are
printed as well: they do not move with the load.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pickle
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from arqam.extraction.clean.article import clean_text
from arqam.extraction.numbers import candidates
from arqam.extraction.numbers.parser import find_quantities
from arqam.extraction.read.documents import read_document
from arqam.extraction.typing import mentions as typing_mentions
from arqam.extraction.typing.mentions import type_quantities
from arqam.extraction.typing.text import Text, read_spans

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
FOLDERS = ("corpus/seeds", "tests/news/tune")
_BARE = re.compile(r"\d+")

Doc = tuple[str, list[tuple[int, int]]]


def articles(folder: Path) -> list[Doc]:
    """(clean text, sentences) of every article of ``folder``, as the pipeline cleans them."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES):
        for article in read_document(path.name, path.read_bytes())[0]:
            cleaned = clean_text(article.raw_text)
            found.append((cleaned.text, list(cleaned.sentences)))
    return found


def news_articles(count: int) -> list[Doc]:
    """The first ``count`` articles of the realistic benchmark corpus (seed 0), cleaned."""
    from bench.scale import write_corpus

    with tempfile.TemporaryDirectory(prefix="arqam-bench-mentions-") as tmp:
        write_corpus(Path(tmp), count, 0, corpus="news")
        return articles(Path(tmp))


@contextmanager
def whole_text():
    """Fact typing tokenizing every sentence: the core before it read only the sentences it needs."""
    read = typing_mentions.READ
    typing_mentions.READ = None
    try:
        yield
    finally:
        typing_mentions.READ = read


def _core_whole(text: str, sentences: list[tuple[int, int]]):
    with whole_text():
        return type_quantities(text, sentences)


MEASURES: dict[str, Callable[[str, list[tuple[int, int]]], object]] = {
    "bare": lambda text, _s: sum(1 for _ in _BARE.finditer(text)),
    "numbers": lambda text, _s: find_quantities(text),
    "numbers_windows": lambda text, _s: candidates.find_quantities(text),
    "typing_text_whole": Text,
    "typing_text": lambda text, sentences: Text(text, sentences, typing_mentions.READ),
    "core_whole": _core_whole,
    "core": type_quantities,
}


def measure(docs: list[Doc], repeat: int) -> dict[str, float]:
    """The least CPU seconds of each measure over ``docs``, the measures run in turn."""
    best = {name: float("inf") for name in MEASURES}
    for _ in range(repeat):
        for name, run in MEASURES.items():
            started = time.process_time()
            for text, sentences in docs:
                run(text, sentences)
            best[name] = min(best[name], time.process_time() - started)
    return best


def _child(docs_file: Path, name: str, passes: int) -> None:
    """``passes`` passes of measure ``name`` over the pickled articles (run under valgrind)."""
    docs = pickle.loads(docs_file.read_bytes())
    run = MEASURES[name]
    for text, sentences in docs:  # warm the caches (lexicon tables, words read) as the timed runs are
        type_quantities(text, sentences)
    for _ in range(passes):
        for text, sentences in docs:
            run(text, sentences)


def instructions(docs: list[Doc]) -> dict[str, int]:
    """The machine instructions of one warm pass of each measure over ``docs``: each measure's run
    of one pass under cachegrind minus a run of none (imports, reading and warming left out)."""
    from bench.work import parse_instructions

    with tempfile.TemporaryDirectory(prefix="arqam-bench-mentions-") as tmp:
        docs_file = Path(tmp) / "docs.pickle"
        docs_file.write_bytes(pickle.dumps(docs))
        runs = [("none", "bare", 0)] + [(name, name, 1) for name in MEASURES]
        children = {
            label: subprocess.Popen(
                ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                 sys.executable, "-m", "bench.mentions", "--child", str(docs_file), name, str(passes)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
            )
            for label, name, passes in runs
        }
        counts = {}
        for label, child in children.items():
            _, err = child.communicate()
            if child.returncode != 0:
                raise RuntimeError(f"{label} failed under valgrind: {err.strip()[-500:]}")
            counts[label] = parse_instructions(err)
    return {name: counts[name] - counts["none"] for name in MEASURES}


def report(name: str, docs: list[Doc], repeat: int, profile: bool, count: bool = False) -> dict:
    mentions = 0
    for text, sentences in docs:  # the same mentions both ways, and warm caches before timing
        found = type_quantities(text, sentences)
        assert found == _core_whole(text, sentences), name
        mentions += len(found)
    seconds = measure(docs, repeat)
    characters = sum(len(text) for text, _ in docs)
    read = 0
    for text, sentences in docs:
        t = Text(text, sentences)
        read += sum(last - first for first, last in read_spans(text, t.sentences, t.quantities, typing_mentions.READ))
    kb = sum(len(text.encode("utf-8")) for text, _ in docs) / 1000
    result = {
        "folder": name,
        "articles": len(docs),
        "characters": characters,
        "mentions_per_kb": round(mentions / max(kb, 1e-9), 2),
        "read_share": round(read / max(characters, 1), 3),
        "bare_ms": round(seconds["bare"] * 1000, 2),
        "ratios": {measure: round(value / seconds["bare"], 1) for measure, value in seconds.items()},
    }
    if count:
        counted = instructions(docs)
        result["instruction_ratios"] = {m: round(value / counted["bare"], 1) for m, value in counted.items()}
    if profile:
        stats = cProfile.Profile()
        stats.runcall(lambda: [type_quantities(t, s) for t, s in docs])
        out = io.StringIO()
        pstats.Stats(stats, stream=out).sort_stats("tottime").print_stats(25)
        result["profile"] = out.getvalue()
    return result


def main(argv: list[str] | None = None) -> list[dict]:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--folder", action="append", help="a folder of articles (repeatable)")
    options.add_argument("--news", type=int, default=100, help="articles of the realistic bench corpus (0: none)")
    options.add_argument("--repeat", type=int, default=5)
    options.add_argument("--profile", action="store_true")
    options.add_argument("--instructions", action="store_true", help="count instructions too (valgrind)")
    options.add_argument("--json", type=Path, help="write the results here too")
    options.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = options.parse_args(argv)
    if args.child:
        _child(Path(args.child[0]), args.child[1], int(args.child[2]))
        return []
    sets = [(folder, articles(Path(folder))) for folder in args.folder or FOLDERS]
    if args.news:
        sets.append((f"bench news corpus ({args.news})", news_articles(args.news)))
    results = [report(name, docs, args.repeat, args.profile, args.instructions) for name, docs in sets]
    for r in results:
        ratios = "  ".join(f"{name} {value}x" for name, value in r["ratios"].items() if name != "bare")
        print(f"{r['folder']}: {r['articles']} articles, {r['characters']} characters, "
              f"{r['mentions_per_kb']} mentions/kB, typing reads {r['read_share']:.0%}, bare scan {r['bare_ms']} ms CPU")
        print(f"  CPU: {ratios}")
        if "instruction_ratios" in r:
            counted = "  ".join(f"{name} {value}x" for name, value in r["instruction_ratios"].items() if name != "bare")
            print(f"  instructions: {counted}")
        if "profile" in r:
            print(r["profile"])
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
