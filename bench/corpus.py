"""Synthetic Arabic security-news pages, as many as a benchmark needs, the same on every run.

Five seed articles are too few to time anything; a benchmark needs megabytes
that look like what the pipeline reads: figures in every spelling, quotes and
attributions, and the page furniture (menus, "اقرأ أيضا" lists, tags, share and
comment boxes, view counters) around the body. The words live in ``data/``;
this module only assembles them.

Article ``i`` of seed ``s`` is drawn from its own ``random.Random``, so any slice
of a corpus can be made alone (``start=``), and a larger corpus begins with the
articles of a smaller one: what an incremental-run benchmark needs.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench import numerals

DATA = Path(__file__).parent / "data"
TEMPLATE_KINDS = ("headline", "lead", "sentence", "quote", "subheading", "caption", "related", "summary")
SLOT_RE = re.compile(r"\{([^{}]+)\}")
# figure slots that need nothing but the random generator
PLAIN_FIGURES = {"pct": numerals.spell_percent, "year": numerals.spell_year, "days": numerals.spell_days,
                 "time": numerals.spell_time, "phone": numerals.spell_phone}
MAX_NESTING = 4  # a vocabulary value may hold slots, whose values may hold slots ...


def read_rows(name: str, columns: int) -> list[list[str]]:
    """The rows of ``data/<name>``: tab-separated, ``#`` comments and blank lines skipped."""
    rows = []
    for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise ValueError(f"{name}:{number}: {len(fields)} fields, expected {columns}")
        rows.append(fields)
    return rows


@dataclass(frozen=True, slots=True)
class Figure:
    """A range of plausible values for one thing counted (troops, dollars pledged ...)."""

    low: int
    high: int
    step: int

    def draw(self, rng: random.Random) -> int:
        return rng.randrange(self.low, self.high + 1, self.step)


@dataclass(frozen=True, slots=True)
class FurnitureBlock:
    pick: str  # one | some | all
    lines: tuple[str, ...]

    def draw(self, rng: random.Random) -> list[str]:
        if self.pick == "one":
            return [rng.choice(self.lines)]
        if self.pick == "some":
            return [line for line in self.lines if rng.random() < 0.6] or [self.lines[0]]
        return list(self.lines)


@dataclass(frozen=True)
class Language:
    """Everything in ``data/``: templates by kind, word lists by slot, figures, furniture."""

    templates: dict[str, list[str]]
    vocabulary: dict[str, list[str]]
    figures: dict[str, Figure]
    furniture: dict[str, FurnitureBlock]


@cache
def load_language() -> Language:
    templates: dict[str, list[str]] = {kind: [] for kind in TEMPLATE_KINDS}
    for kind, template in read_rows("templates.tsv", 2):
        templates[kind].append(template)
    vocabulary: dict[str, list[str]] = {}
    for slot, value in read_rows("vocabulary.tsv", 2):
        vocabulary.setdefault(slot, []).append("" if value == "-" else value)
    figures = {name: Figure(int(low), int(high), int(step)) for name, low, high, step, _what in read_rows("figures.tsv", 5)}
    furniture_rows: dict[str, tuple[str, list[str]]] = {}
    for block, pick, line in read_rows("furniture.tsv", 3):
        furniture_rows.setdefault(block, (pick, []))[1].append(line)
    furniture = {block: FurnitureBlock(pick, tuple(lines)) for block, (pick, lines) in furniture_rows.items()}
    return Language(templates, vocabulary, figures, furniture)


def unknown_slots(language: Language) -> set[str]:
    """Slots used in the data that nothing fills: a typo in a template shows up here."""
    texts = [t for kind in language.templates.values() for t in kind]
    texts += [v for values in language.vocabulary.values() for v in values]
    texts += [line for block in language.furniture.values() for line in block.lines]
    writer = PageWriter(random.Random(0), language)
    missing = set()
    for slot in {s for text in texts for s in SLOT_RE.findall(text)}:
        try:
            writer.slot(slot)
        except KeyError:
            missing.add(slot)
    return missing


class PageWriter:
    """Fills templates and lays out one page: header furniture, headline, body, tail furniture."""

    def __init__(self, rng: random.Random, language: Language) -> None:
        self.rng = rng
        self.language = language

    def fill(self, template: str, depth: int = 0) -> str:
        if depth > MAX_NESTING:
            raise ValueError(f"slots nested too deep in {template!r}")
        used: set[str] = set()  # "في الفلوجة والفلوجة" reads wrong: one sentence draws each word once
        text = SLOT_RE.sub(lambda m: self.fill(self.slot(m.group(1), used), depth + 1), template)
        return re.sub(r" {2,}", " ", text)

    def slot(self, name: str, used: set[str] | None = None) -> str:
        """The text of one ``{slot}``: a figure spelled at random, or a word from a list not in ``used``."""
        rng, language = self.rng, self.language
        renderer, _, argument = name.partition(":")
        if renderer == "n":
            return numerals.spell_count(language.figures[argument].draw(rng), rng)
        if renderer == "range":
            figure = language.figures[argument]
            low = figure.draw(rng)
            return numerals.spell_range(low, low + figure.step * rng.randint(1, 10), rng)
        if name == "date":
            return numerals.spell_date(rng, rng.choice(language.vocabulary["month"]), rng.choice(language.vocabulary["day"]))
        if name in PLAIN_FIGURES:
            return PLAIN_FIGURES[name](rng)
        words = language.vocabulary[name]
        word = rng.choice([w for w in words if w not in used] or words) if used else rng.choice(words)
        if used is not None:
            used.add(word)
        return word

    def template(self, kind: str) -> str:
        return self.fill(self.rng.choice(self.language.templates[kind]))

    def furniture(self, block: str) -> list[str]:
        return [self.fill(line) for line in self.language.furniture[block].draw(self.rng)]

    def body(self) -> list[str]:
        """The article: a lead, then paragraphs of one to three sentences, a quote now and then."""
        rng = self.rng
        lead = self.template("lead")
        if rng.random() < 0.3:
            lead = f"{self.slot('city')} - {self.slot('site')}: {lead}"
        paragraphs = [lead]
        sentences = rng.sample(self.language.templates["sentence"], rng.randint(8, 24))
        while sentences:
            roll = rng.random()
            if roll < 0.15:
                paragraphs.append(self.template("quote"))
            elif roll < 0.2:
                paragraphs.append(self.template("subheading"))
            count = rng.randint(1, 3)
            taken, sentences = sentences[:count], sentences[count:]
            paragraphs.append(" ".join(self.fill(s) for s in taken))
        return paragraphs

    def header(self) -> list[str]:
        rng = self.rng
        blocks = [self.furniture(b) for b in ("menu", "section") if rng.random() < 0.5]
        blocks.append([self.template("headline")])
        for block, chance in (("published", 0.8), ("widgets", 0.4), ("fontsize", 0.2), ("reading", 0.3),
                              ("views", 0.3), ("byline", 0.6)):
            if rng.random() < chance:
                blocks.append(self.furniture(block))
        if rng.random() < 0.5:
            caption = self.template("caption")
            blocks.append([caption, caption] if rng.random() < 0.4 else [caption])
        if rng.random() < 0.15:
            blocks.append([self.template("summary") for _ in range(rng.randint(2, 3))])
        return ["\n".join(lines) for lines in blocks]

    def related(self) -> list[str]:
        headlines = [self.template("related") for _ in range(self.rng.randint(3, 8))]
        bullet = self.rng.choice(("  • ", "- ", ""))
        return self.furniture("related") + [bullet + h for h in headlines]

    def tags(self) -> list[str]:
        tags = self.rng.sample(self.language.vocabulary["tag"], self.rng.randint(3, 6))
        return self.furniture("tags") + (["، ".join(tags)] if self.rng.random() < 0.5 else [" ".join(tags)])

    def tail(self) -> list[str]:
        rng = self.rng
        writers = {"related": self.related, "tags": self.tags}
        order = ["source", "tags", "related", "share", "views", "rating", "comment", "newsletter", "copyright", "signoff"]
        if rng.random() < 0.3:
            rng.shuffle(order)
        chosen = [b for b in order if rng.random() < 0.45]
        return ["\n".join(writers[b]() if b in writers else self.furniture(b)) for b in chosen]

    def page(self) -> str:
        return "\n\n".join(self.header() + self.body() + self.tail()) + "\n"


def article_name(index: int, seed: int) -> str:
    """The file stem, which the pipeline takes as the article id."""
    return f"synthetic_{seed}_{index:06d}"


def generate_article(index: int, seed: int) -> str:
    """Article ``index`` of corpus ``seed``: depends on nothing else, so slices agree."""
    return PageWriter(random.Random(f"arqam-bench:{seed}:{index}"), load_language()).page()


def generate_articles(count: int, seed: int = 0, start: int = 0) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of articles ``start .. start+count-1`` of corpus ``seed``."""
    for index in range(start, start + count):
        yield article_name(index, seed), generate_article(index, seed)


def write_articles(folder: Path, count: int, seed: int = 0, start: int = 0) -> list[Path]:
    """The articles as UTF-8 ``.txt`` files in ``folder`` (an inbox the pipeline can read)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_articles(count, seed, start):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
