"""`arqam explain FACT_ID`: why the warehouse says what it says of one fact.

The raw passage the figure was read from (the figure marked), the rule trail that typed it, its
actor and attribution, every mention of the figure in the article, and what cleaning removed in
and around the passage (``clean_articles.removed``, raw offsets; the passage is found in the raw
text through the offset map ``map_clean``/``map_raw``).  Read from the snapshot, as every reader.
The same explanation is a section of the report (``pipelines.report``), rendered as HTML there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from arqam.extraction.text.offsets import OffsetMap

# the figure in the terminal's passage: brackets that mirror in right-to-left text
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
# shortest prefix of a fact id accepted for the whole id (ids are 24 hex digits)
MIN_PREFIX = 6


class UnknownFact(LookupError):
    """No fact has this id (or this prefix names none, or more than one)."""


@cache
def queries() -> dict[str, str]:
    """The named queries of ``warehouse/sql/report.sql``: each starts at a ``-- name: NAME`` line."""
    text = resources.files("arqam.warehouse").joinpath("sql", "report.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- name: (\w+)\s*$", text, flags=re.MULTILINE)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


@cache
def _rule_docs() -> dict[str, str]:
    from arqam.extraction.typing.rules import FALLBACK, RULES

    docs = {rule.name: " ".join(rule.doc.split("\n\n")[0].split()) for rule in RULES}
    docs[FALLBACK] = "no rule typed the figure"
    docs["change_from"] = "the old value of a change takes the type of the new one («من 5200 إلى 3000 جندي»)"
    docs["part_of"] = "a part takes the type of its whole («5 من أصل 7 طائرات»)"
    return docs


@dataclass(frozen=True)
class Step:
    """One part of a rule trail (``cue:killed`` of ``cue:killed+noun:troops``) and what it means."""

    part: str
    meaning: str


@dataclass(frozen=True)
class Mention:
    surface: str
    raw_start: int
    raw_end: int
    rule: str


@dataclass(frozen=True)
class Removal:
    """A piece of the raw text cleaning removed, and where it stands from the passage."""

    where: str  # "before", "inside" or "after"
    distance: int  # characters between it and the passage (0 inside)
    raw_start: int
    raw_end: int
    reason: str
    text: str


@dataclass(frozen=True)
class Explanation:
    fact_id: str
    article_id: str
    source: str
    url: str | None
    published: str | None
    fact_type: str
    label_en: str
    value: float
    value_min: float | None
    value_max: float | None
    qualifier: str
    unit: str
    actor: str
    actor_en: str | None
    actor_key: str | None
    attribution: str
    as_of: str | None
    rule: str
    passage_start: int  # the passage's span in raw_text
    passage_end: int
    before: str  # the passage: the raw text before the figure, the figure, after it
    figure: str
    after: str
    trail: list[Step] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


def rule_trail(rule: str) -> list[Step]:
    """``cue:killed+noun:troops`` -> the registry rule ``cue`` (its type, killed) and the class of the
    noun counted, each with what it means (the rule's own description, from the registry)."""
    docs = _rule_docs()
    steps = []
    for part in rule.split("+"):
        name, _, detail = part.partition(":")
        if name in docs:
            meaning = docs[name]
        elif name == "implausible_value":
            meaning = "typed, then refused: the value is outside what the type allows"
        else:
            meaning = "a step of typing"
        if detail and name in docs:
            meaning = f"{meaning} [{detail}]"
        steps.append(Step(part, meaning))
    return steps


def explain(con: duckdb.DuckDBPyConnection, fact_id: str, around: int = 400) -> Explanation:
    """The explanation of the fact ``fact_id`` (or of the one fact whose id starts with it); removals
    within ``around`` characters of the passage are shown besides those inside it."""
    wanted = fact_id.strip().lower()
    rows = con.execute(queries()["explain_fact"], [wanted]).fetchall() if len(wanted) >= MIN_PREFIX else []
    if not rows:
        raise UnknownFact(f"no fact has the id {fact_id!r}")
    if len(rows) > 1:
        raise UnknownFact(f"more than one fact has an id starting with {fact_id!r}: give more of it")
    names = [d[0] for d in con.description]
    row = dict(zip(names, rows[0]))
    raw = row["raw_text"]
    offsets = OffsetMap.from_lists(row["map_clean"], row["map_raw"])
    start, end = offsets.span_to_source(row["evidence_start"], row["evidence_end"])
    start, end = min(start, row["raw_start"]), max(end, row["raw_end"])
    mentions = [
        Mention(surface, raw_start, raw_end, rule)
        for _, surface, _, _, raw_start, raw_end, _, _, rule in con.execute(
            queries()["explain_mentions"], [row["mention_ids"]]
        ).fetchall()
    ]
    return Explanation(
        fact_id=row["fact_id"],
        article_id=row["article_id"],
        source=row["title"] or row["source_path"],
        url=row["url"],
        published=row["published"],
        fact_type=row["fact_type"],
        label_en=row["label_en"],
        value=row["value"],
        value_min=row["value_min"],
        value_max=row["value_max"],
        qualifier=row["qualifier"],
        unit=row["unit"],
        actor=row["actor"],
        actor_en=row["actor_en"],
        actor_key=row["actor_key"],
        attribution=row["attribution"],
        as_of=row["as_of"],
        rule=row["rule"],
        passage_start=start,
        passage_end=end,
        before=raw[start : row["raw_start"]],
        figure=raw[row["raw_start"] : row["raw_end"]],
        after=raw[row["raw_end"] : end],
        trail=rule_trail(row["rule"]),
        mentions=mentions,
        removed=removals_around(row["removed"], start, end, around),
    )


def removals_around(removed: list[dict], start: int, end: int, around: int) -> list[Removal]:
    """What cleaning removed inside the raw span [start, end), and within ``around`` characters of it."""
    found = []
    for piece in removed:
        s, e = piece["raw_start"], piece["raw_end"]
        if e <= start:
            where, distance = "before", start - e
        elif s >= end:
            where, distance = "after", s - end
        else:
            where, distance = "inside", 0
        if distance <= around:
            found.append(Removal(where, distance, s, e, piece["reason"], piece["text"]))
    return sorted(found, key=lambda r: r.raw_start)


def format_value(value: float, unit: str | None) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{text} {unit}" if unit else text


def value_line(e: Explanation) -> str:
    """'2,400 person, exact' or '300,000 person, vague (300,000 to 999,999)'."""
    line = f"{format_value(e.value, e.unit)}, {e.qualifier}"
    if e.value_min is not None and e.value_max is not None and (e.value_min, e.value_max) != (e.value, e.value):
        line += f" ({format_value(e.value_min, None)} to {format_value(e.value_max, None)})"
    return line


def _one_line(text: str) -> str:
    """The text on one line: each run of spaces and line breaks one space (kept at its ends)."""
    return re.sub(r"\s+", " ", text)


def as_text(e: Explanation) -> str:
    """The explanation for a terminal: Arabic as it is, the figure between ⟦ ⟧."""
    actor = e.actor or "(none stated)"
    if e.actor and e.actor_en:
        actor = f"{e.actor} — {e.actor_en}"
    lines = [
        f"fact {e.fact_id}: {e.label_en} ({e.fact_type}) = {value_line(e)}",
        f"  article      {e.article_id} ({e.source})" + (f" {e.url}" if e.url else ""),
        f"  published    {e.published or '(not given)'}",
        f"  actor        {actor}" + (f"   [key {e.actor_key}]" if e.actor_key else ""),
        f"  attribution  {e.attribution or '(none stated)'}",
        f"  as of        {e.as_of or '(not given)'}",
        "",
        f"the raw passage (raw_text {e.passage_start}–{e.passage_end}), the figure between {MARK_OPEN} {MARK_CLOSE}:",
        f"  {_one_line(e.before)}{MARK_OPEN}{e.figure}{MARK_CLOSE}{_one_line(e.after)}",
        "",
        f"how it was typed (rule {e.rule}):",
    ]
    lines += [f"  {step.part:<28} {step.meaning}" for step in e.trail]
    lines += ["", f"mentions of this figure in the article ({len(e.mentions)}):"]
    lines += [f"  «{m.surface}» at raw {m.raw_start}–{m.raw_end}, rule {m.rule}" for m in e.mentions]
    lines += ["", "what cleaning removed in and around the passage:"]
    if not e.removed:
        lines.append("  nothing")
    for r in e.removed:
        place = "inside the passage" if r.where == "inside" else f"{r.distance} characters {r.where} it"
        lines.append(f"  {r.reason} ({place}, raw {r.raw_start}–{r.raw_end}): «{_one_line(r.text)}»")
    return "\n".join(lines)


def explain_command(snapshot: Path, fact_id: str) -> tuple[int, str]:
    """(exit status, text) of `arqam explain`: 2 and one line for an id no fact has."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        try:
            return 0, as_text(explain(con, fact_id))
        except UnknownFact as unknown:
            return 2, f"arqam: {unknown} in {snapshot} (fact ids are in facts.fact_id, v_facts and the report)"
