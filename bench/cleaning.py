"""Cleaning (``clean_text``: normalize, page furniture, sentences) as a multiple of a bare scan.

    python -m bench.cleaning [--repeat 5]

On every article the project ships (``tests.behaviour.article_files``: the seeds, the test
articles, the tuning and blind news), in one process: the bare baseline (read each file,
decode it, one ``\\d+`` pass, as ``bench/scale.py`` counts it), then ``clean_text`` with the
furniture rules as they are and with their reference (``tests/furniture_reference.py``, the
per-line implementation the fast one must agree with).  CPU time (``time.process_time``),
the best of ``--repeat`` runs of each, so the ratios of one run compare like with like.
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

DIGIT_RUN = re.compile(r"\d+")


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def measure(repeat: int = 5) -> dict[str, float]:
    from arqam.extraction.clean import article
    from arqam.extraction.read.documents import read_document
    from tests import furniture_reference
    from tests.behaviour import article_files

    files = article_files()
    texts = [a.raw_text for path in files for a in read_document(path.name, path.read_bytes())[0]]

    def baseline() -> int:
        found = 0
        for path in files:
            for _match in DIGIT_RUN.finditer(Path(path).read_bytes().decode("utf-8", errors="replace")):
                found += 1
        return found

    def cleaning() -> None:
        for text in texts:
            article.clean_text(text)

    fast = article.strip_page_furniture
    seconds = {"baseline": _best(baseline, repeat * 4), "cleaning": _best(cleaning, repeat)}
    article.strip_page_furniture = furniture_reference.strip_page_furniture
    try:
        seconds["cleaning_reference"] = _best(cleaning, repeat)
    finally:
        article.strip_page_furniture = fast
    return {
        "files": len(files),
        "articles": len(texts),
        "characters": sum(map(len, texts)),
        **seconds,
        "ratio": seconds["cleaning"] / seconds["baseline"],
        "ratio_reference": seconds["cleaning_reference"] / seconds["baseline"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cleaning", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    figures = measure(parser.parse_args(argv).repeat)
    print(
        f"{figures['articles']} articles ({figures['files']} files, {figures['characters']:,} characters)\n"
        f"bare scan            {figures['baseline'] * 1000:8.1f} ms CPU\n"
        f"cleaning             {figures['cleaning'] * 1000:8.1f} ms CPU  {figures['ratio']:5.1f}x the scan\n"
        f"cleaning, reference  {figures['cleaning_reference'] * 1000:8.1f} ms CPU  {figures['ratio_reference']:5.1f}x the scan"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
