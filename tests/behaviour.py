"""The extraction's behaviour, fingerprinted: what every article the project ships becomes.

Every article of the project (the shipped seeds, the test articles, the news written for the
blind and tuning sets) goes through the core as the pipeline takes it, in one batch: its
cleaned text, its mentions, its facts and the claims of the whole batch.  Each article's rows
are written as canonical JSON and hashed; ``tests/fixtures/behaviour.json`` holds the hashes
of the landed rules.  A refactoring (a module moved, a class split, a faster scan) must leave
every hash as it was (``tests/extraction/test_behaviour_unchanged.py``); a change of the rules changes
some, on purpose, and the file is written again::

    .venv/bin/python -m tests.behaviour --write
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "behaviour.json"
FOLDERS = ("corpus/seeds", "tests/articles", "tests/news/tune", "tests/news/blind")
SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}


def article_files() -> list[Path]:
    return sorted(
        path for folder in FOLDERS for path in (ROOT / folder).iterdir() if path.suffix in SUFFIXES
    )


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value))


def _digest(rows: list[dict]) -> str:
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def fingerprint() -> dict[str, str]:
    """``{"<file>:<table>": hash}`` for every article's rows of every table, and the batch's claims."""
    import pyarrow as pa

    from arqam.api import _schemas
    from arqam.extraction.read.documents import read_document
    from arqam.extraction.read.ingest import article_row
    from arqam.extraction.tables.batches import claims_batch, extract_batch

    schemas = _schemas()
    rows, names = [], {}
    for path in article_files():
        data = path.read_bytes()
        articles, _ = read_document(path.name, data)
        for article in articles:
            rows.append(article_row(article, hashlib.sha256(data).hexdigest(), len(data)))
            names[article.article_id] = path.relative_to(ROOT).as_posix()
    raw = pa.Table.from_pylist(rows, schema=schemas["raw_articles"])
    tables = extract_batch(raw, schemas)
    result: dict[str, str] = {}
    for table in ("clean_articles", "fact_mentions", "facts"):
        by_article: dict[str, list[dict]] = {}
        for row in tables[table].to_pylist():
            by_article.setdefault(row["article_id"], []).append(row)
        for article_id, name in names.items():
            result[f"{name}#{article_id}:{table}"] = _digest(by_article.get(article_id, []))
    facts = tables["facts"]
    published = dict(zip(raw.column("article_id").to_pylist(), raw.column("published").to_pylist()))
    facts = facts.append_column(
        pa.field("published", schemas["raw_articles"].field("published").type),
        pa.array([published[a] for a in facts.column("article_id").to_pylist()], schemas["raw_articles"].field("published").type),
    )
    result["claims"] = _digest(claims_batch(facts, schemas["claims"]).to_pylist())
    return result


def main(argv: list[str]) -> int:
    current = fingerprint()
    if argv[1:] == ["--write"]:
        GOLDEN.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(current)} fingerprints written to {GOLDEN.relative_to(ROOT)}")
        return 0
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(key for key in golden.keys() | current.keys() if golden.get(key) != current.get(key))
    print("\n".join(changed) or f"all {len(current)} fingerprints unchanged")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
