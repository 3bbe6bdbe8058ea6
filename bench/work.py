"""``python -m bench work --against REV``: the work of one warm extraction pass, counted in machine
instructions, at this tree and at another revision of the project.

Wall time moves with the machine's load (on a shared machine two runs of the same code differ
by 10% or more); the instructions a pass executes do not. Each tree's pass runs under valgrind's
cachegrind (``--cache-sim=no``: instruction counts only) once with one pass and once with two, on
the same synthetic corpus; the difference is one pass with warm caches, without the imports and
the first reading of the data files. The ratio of the two trees says how much more work this
tree's extraction does per article, on any machine.

Needs valgrind (``apt install valgrind``), which runs a pass many times slower than a plain one, so
the default corpus is small (300 articles; its duration: docs/performance.md). The report goes to
``bench/results/work-<rev>.json``.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.scale import write_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# one or more passes of the core over every file of the inbox, as the benchmark measures it
CHILD = """
import sys
from pathlib import Path
root, inbox, passes = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, root)
from bench.scale import _extraction_pass
files = sorted(p for p in inbox.rglob("*") if p.is_file())
for _ in range(passes):
    _extraction_pass(files, inbox)
"""

_REFS_RE = re.compile(r"I\s+refs:\s+([\d,]+)")


def parse_instructions(valgrind_output: str) -> int:
    """The instruction count of cachegrind's summary ("==12== I   refs:      28,888,555,630")."""
    match = _REFS_RE.search(valgrind_output)
    if match is None:
        raise ValueError("no instruction count in valgrind's output: " + valgrind_output.strip()[-300:])
    return int(match.group(1).replace(",", ""))


def _command(root: Path, inbox: Path, passes: int) -> list[str]:
    return ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
            sys.executable, "-c", CHILD, str(root), str(inbox), str(passes)]


def pass_instructions(root: Path, inbox: Path) -> tuple[int, int]:
    """(instructions of one warm pass, of the whole one-pass run) of the tree at ``root``: the one-
    and the two-pass runs side by side."""
    runs = [subprocess.Popen(_command(root, inbox, passes), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for passes in (1, 2)]
    counts = []
    for run in runs:
        _, err = run.communicate()
        if run.returncode != 0:
            raise RuntimeError(f"the extraction pass of {root} failed under valgrind: {err.strip()[-500:]}")
        counts.append(parse_instructions(err))
    one, two = counts
    return two - one, one


def _revision(rev: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench work", description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="the git revision to compare with (a commit, a tag)")
    parser.add_argument("--articles", type=int, default=300, help="synthetic articles in the corpus (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench work: valgrind is not installed (it counts the instructions); apt install valgrind", file=sys.stderr)
        return 2
    try:
        against = _revision(args.against)
    except subprocess.CalledProcessError as error:
        print(f"bench work: no revision {args.against!r} in this repository: {error.stderr.strip()}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="arqam-work-") as tmp:
        inbox, other = Path(tmp) / "inbox", Path(tmp) / against
        write_corpus(inbox, args.articles, args.seed)
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(other), against], cwd=ROOT, check=True)
        try:
            then, then_total = pass_instructions(other, inbox)
            now, now_total = pass_instructions(ROOT, inbox)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False)
    report = {
        "against": against, "articles": args.articles, "seed": args.seed,
        "instructions_per_pass": {"against": then, "this_tree": now},
        "instructions_one_pass_run": {"against": then_total, "this_tree": now_total},
        "ratio": round(now / then, 3),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"work-{against}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"one warm extraction pass over {args.articles} articles: {then / 1e9:.2f}G instructions at {against}, "
          f"{now / 1e9:.2f}G in this tree: {report['ratio']:.3f}x")
    return 0
