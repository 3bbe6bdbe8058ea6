"""The repository points only at files it has: users do not have the spec it was built from."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["extraction", "pipelines", "assets", "warehouse", "expectations", "docs", "tests", "bench"]
SUFFIXES = {".py", ".tsv", ".sql", ".md", ".yaml", ".toml"}
SKIPPED = {ROOT / "tests" / "news" / "tune", ROOT / "tests" / "news" / "blind"}  # article text
# released migrations never change (docs/migrations.md): 001 and 006 name FACTS.md as released, and
# their copies in the fixtures keep the texts of every release
SKIPPED |= {ROOT / "tests" / "fixtures" / "warehouses" / "released"}
RELEASED_TEXT = {ROOT / "warehouse" / "sql" / "001_initial.sql", ROOT / "warehouse" / "sql" / "006_keys_kept_by_the_writer.sql"}
THIS_FILE = Path(__file__).resolve()
MARKDOWN_NAME = re.compile(r"[\w./-]*\b[A-Za-z_][\w-]*\.md\b")


def _files():
    yield ROOT / "README.md"
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if (path.suffix in SUFFIXES and path.is_file() and path != THIS_FILE and path not in RELEASED_TEXT
                    and not any(s in path.parents for s in SKIPPED)):
                yield path


def _exists(name: str, referrer: Path) -> bool:
    name = name.lstrip("./")
    candidates = [referrer.parent / name, ROOT / name, ROOT / "docs" / Path(name).name]
    return any(c.is_file() for c in candidates) or any(ROOT.rglob(Path(name).name))


def test_every_markdown_file_named_in_the_repository_exists_in_it():
    missing = []
    for path in _files():
        for match in MARKDOWN_NAME.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if not _exists(match.group(0), path):
                missing.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not missing, "\n".join(missing)


def test_the_check_sees_a_missing_file(tmp_path):
    referrer = tmp_path / "x.py"
    assert not _exists("NOWHERE_IN_ARQAM.md", referrer)
    assert _exists("docs/facts.md", referrer)
