"""The realistic benchmark corpus: pages with as few figures, as much prose and as much furniture as real news.

The dense corpus (``bench/corpus.py``) puts a figure in nearly every sentence: good
to exercise every spelling of a number, but it has 6.4 mentions per kB of cleaned
text where real news has about 1.1, so a benchmark on it alone overstates the cost of
the mention stages and hides what the rest (reading, cleaning, the warehouse) costs.
This corpus reuses the dense corpus's words and figures and adds sentences without
figures (``data/news.tsv``) and the furniture of news sites (navigation, a breaking-
news ticker, bylines, "most read" and related lists, tags, share and comment boxes).

Calibration (``python -m bench.news --measure``; the method in ``density``): mentions
per kB of cleaned text (UTF-8), the article's cleaned length and the share of its raw
text that cleaning drops, measured with the pipeline's own core on:

- ``corpus/seeds/`` (five real pages, the reference): 1.14 mentions/kB; cleaned
  length median 10.1 kB, mean 8.7 kB; cleaning keeps 0.88 of the raw text;
- ``tests/news/tune/`` (press-style news written around figures, 189 articles): 6.24
  mentions/kB, median 3.1 kB, keeps 0.78: as dense as the dense corpus, so it
  calibrates the furniture, not the density;
- the dense corpus: 6.44 mentions/kB, median 3.8 kB, keeps 0.84;
- this corpus is drawn for 1.1 mentions/kB and a cleaned length of median 8 kB
  (log-normal, spread 0.45: mean about 8.8 kB); on 500 articles it measures 1.15
  mentions/kB, median 8.1 kB, mean 9.2 kB, keeps 0.87 (``docs/performance.md``).

Article ``i`` of seed ``s`` is drawn from its own ``random.Random``, as in the dense corpus.
"""
from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.corpus import Language, PageWriter, load_language, read_rows

NEWS_KINDS = ("prose", "ticker", "mostread", "nav")

# The draw's targets (see the module's docstring for how they were chosen).
TARGET_MENTIONS_PER_KB = 1.1
MEDIAN_BODY_BYTES = 8000
BODY_SPREAD = 0.45  # sigma of the log of the length
SHORTEST_BODY, LONGEST_BODY = 1500, 40_000
# Chance that a body sentence carries figures (prose sentences carry none): set by measuring
# the corpus (``python -m bench.news --measure``) until it gives the target density, the lead,
# quotes and the furniture that survives cleaning adding their own figures.
FIGURE_SENTENCE_SHARE = 0.145
FIGURE_LEAD_SHARE = 0.5  # leads of real news often state the count, often not


@cache
def news_language() -> tuple[Language, dict[str, list[str]]]:
    """The dense corpus's language, and the realistic corpus's own kinds of line by kind."""
    kinds: dict[str, list[str]] = {kind: [] for kind in NEWS_KINDS}
    for kind, template in read_rows("news.tsv", 2):
        kinds[kind].append(template)
    return load_language(), kinds


class NewsWriter(PageWriter):
    """A page of real-looking news: a long body of mostly prose, and the furniture of a news site."""

    def __init__(self, rng: random.Random) -> None:
        language, self.kinds = news_language()
        super().__init__(rng, language)

    def line(self, kind: str) -> str:
        return self.fill(self.rng.choice(self.kinds[kind]))

    def body_bytes(self) -> int:
        drawn = self.rng.lognormvariate(math.log(MEDIAN_BODY_BYTES), BODY_SPREAD)
        return int(min(LONGEST_BODY, max(SHORTEST_BODY, drawn)))

    def sentence(self) -> str:
        if self.rng.random() < FIGURE_SENTENCE_SHARE:
            return self.template("sentence")
        return self.line("prose")

    def body(self) -> list[str]:
        rng = self.rng
        lead = self.template("lead") if rng.random() < FIGURE_LEAD_SHARE else self.line("prose")
        if rng.random() < 0.4:
            lead = f"{self.slot('city')} - {self.slot('site')}: {lead}"
        paragraphs, size, wanted = [lead], len(lead.encode()), self.body_bytes()
        while size < wanted:
            roll = rng.random()
            if roll < 0.04:
                paragraph = self.template("quote")
            elif roll < 0.08:
                paragraph = self.template("subheading")
            else:
                paragraph = " ".join(self.sentence() for _ in range(rng.randint(1, 4)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode()) + 2
        return paragraphs

    def header(self) -> list[str]:
        rng = self.rng
        blocks = [[self.line("nav")]]
        if rng.random() < 0.5:
            blocks.append([self.line("ticker") for _ in range(rng.randint(2, 4))])
        if rng.random() < 0.4:
            blocks.append(self.furniture("section"))
        blocks.append([self.template("headline") if rng.random() < 0.5 else self.line("mostread")])
        for block, chance in (("published", 0.9), ("byline", 0.7), ("widgets", 0.3), ("reading", 0.2), ("views", 0.2)):
            if rng.random() < chance:
                blocks.append(self.furniture(block))
        if rng.random() < 0.6:
            blocks.append([self.template("caption")])
        return ["\n".join(lines) for lines in blocks]

    def most_read(self) -> list[str]:
        return ["الأكثر قراءة"] + [self.line("mostread") for _ in range(self.rng.randint(4, 6))]

    def tail(self) -> list[str]:
        rng = self.rng
        writers = {"related": self.related, "tags": self.tags, "mostread": self.most_read}
        chances = (("source", 0.3), ("tags", 0.6), ("share", 0.6), ("related", 0.7), ("mostread", 0.5),
                   ("comment", 0.3), ("newsletter", 0.3), ("copyright", 0.5))
        chosen = [b for b, chance in chances if rng.random() < chance]
        return ["\n".join(writers[b]() if b in writers else self.furniture(b)) for b in chosen]


def news_parts(index: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """Header blocks, body paragraphs and tail blocks of article ``index`` of the realistic corpus ``seed``."""
    writer = NewsWriter(random.Random(f"arqam-bench-news:{seed}:{index}"))
    header = writer.header()
    body = writer.body()
    return header, body, writer.tail()


# ---------------------------------------------------------------------------
# How dense a corpus is, measured with the pipeline's core


@dataclass
class Density:
    articles: int
    mentions: int
    clean_kb: float  # cleaned text, UTF-8, kB
    mentions_per_kb: float
    median_clean_bytes: float
    mean_clean_bytes: float
    kept_share: float  # cleaned bytes / raw text bytes: 1 - the furniture cleaning drops

    def line(self) -> str:
        return (f"{self.articles:,} articles: {self.mentions_per_kb:.2f} mentions/kB of cleaned text; cleaned length "
                f"median {self.median_clean_bytes / 1000:.1f} kB, mean {self.mean_clean_bytes / 1000:.1f} kB; "
                f"cleaning keeps {self.kept_share:.2f} of the raw text")


def density(folder: Path, limit: int = 0) -> Density:
    """Mentions per kB of cleaned text, cleaned lengths and the furniture share of the pages in ``folder``
    (``.txt``, ``.html``, ``.jsonl``; the first ``limit`` files if given), read, cleaned and
    searched as the pipeline does."""
    from arqam.extraction.read.documents import read_document
    from arqam.extraction.tables.rows import clean_article_row, mention_rows
    from arqam.extraction.text.offsets import OffsetMap

    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".jsonl"))
    if limit:
        files = files[:limit]
    lengths, raw_bytes, mentions = [], 0, 0
    for path in files:
        articles, _refused = read_document(path.relative_to(folder).as_posix(), path.read_bytes())
        for article in articles:
            row = clean_article_row(article.article_id, article.sha256, article.raw_text)
            sentences = list(zip(row["sentence_starts"], row["sentence_ends"]))
            mentions += len(mention_rows(article.article_id, article.sha256, row["clean_text"], sentences,
                                         OffsetMap.from_lists(row["map_clean"], row["map_raw"])))
            lengths.append(len(row["clean_text"].encode("utf-8")))
            raw_bytes += len(article.raw_text.encode("utf-8"))
    clean = sum(lengths)
    return Density(len(lengths), mentions, round(clean / 1000, 1), round(mentions / max(1, clean) * 1000, 3),
                   statistics.median(lengths) if lengths else 0.0, round(statistics.mean(lengths), 1) if lengths else 0.0,
                   round(clean / max(1, raw_bytes), 3))


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.news --measure [--articles N]``: the calibration table (reference pages, tuning news, both corpora)."""
    import argparse
    import tempfile

    from bench.scale import write_corpus

    parser = argparse.ArgumentParser(prog="python -m bench.news", description=main.__doc__)
    parser.add_argument("--measure", action="store_true", required=True)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    print(f"corpus/seeds (real pages):      {density(root / 'corpus' / 'seeds').line()}")
    print(f"tests/news/tune (press style):  {density(root / 'tests' / 'news' / 'tune').line()}")
    with tempfile.TemporaryDirectory(prefix="arqam-density-") as tmp:
        for corpus in ("dense", "news"):
            write_corpus(Path(tmp) / corpus, args.articles, 0, corpus=corpus)
            print(f"bench corpus {corpus + ':':<17} {density(Path(tmp) / corpus).line()}")


if __name__ == "__main__":
    main()
