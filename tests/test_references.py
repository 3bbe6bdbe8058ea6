"""The repository points only at files it has: users do not have the spec it was built from.

Every tracked text file is read for names of Markdown files (``docs/facts.md``, ``../README.md``,
``SOURCE.md``); each must be a file of the repository, found from the folder of the file that names
it or from the project's root (a bare name also in ``docs/``).  URLs are not references.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from arqam.pipelines.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT  # wherever tests/ keeps this file
SUFFIXES = {".py", ".tsv", ".sql", ".md", ".yaml", ".yml", ".toml", ".cfg", ".txt", ".html", ".json", ".jsonl"}
NAMES = {"Makefile", "Dockerfile"}
SKIPPED = {ROOT / "tests" / "news" / "tune", ROOT / "tests" / "news" / "blind"}  # article text, not ours
# released migrations never change (docs/migrations.md): 001 and 006 name FACTS.md as released, and
# their copies in the fixtures keep the texts of every release
SKIPPED |= {ROOT / "tests" / "fixtures" / "warehouses" / "released"}
RELEASED_TEXT = {ROOT / "warehouse" / "sql" / "001_initial.sql", ROOT / "warehouse" / "sql" / "006_keys_kept_by_the_writer.sql"}
THIS_FILE = Path(__file__).resolve()  # its examples name missing pages on purpose
# names another test writes on purpose as pages that do not exist (the check of the README's links),
# by the test module's file name, wherever tests/ keeps it
EXAMPLES = {("test_readme_queries.py", "there.md"), ("test_readme_queries.py", "page.md"), ("test_readme_queries.py", "nowhere.md")}
MARKDOWN_NAME = re.compile(r"(?<![\w./-])(?:\.\.?/)*[\w-]+(?:/[\w.-]+)*\.md\b")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")


def tracked_files() -> list[Path]:
    """The files git tracks (every file under the root when this is not a git checkout)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        paths = [ROOT / name for name in listed.decode("utf-8", "surrogateescape").split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in ROOT.rglob("*") if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)]
    return [p for p in paths if p.is_file()]


def text_files() -> list[Path]:
    return [
        path for path in tracked_files()
        if (path.suffix in SUFFIXES or path.name in NAMES) and path not in RELEASED_TEXT | {THIS_FILE}
        and not any(skipped in path.parents for skipped in SKIPPED)
    ]


def markdown_names(text: str) -> list[str]:
    """The names of Markdown files in ``text``, URLs left out."""
    return MARKDOWN_NAME.findall(URL.sub(" ", text))


def exists(name: str, referrer: Path) -> bool:
    candidates = [referrer.parent / name, ROOT / name]
    if "/" not in name:
        candidates.append(ROOT / "docs" / name)
    return any(candidate.is_file() for candidate in candidates)


def missing_references(paths) -> list[str]:
    missing = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix() if ROOT in path.parents else str(path)
        for name in markdown_names(path.read_text(encoding="utf-8", errors="replace")):
            if (path.name, name) not in EXAMPLES and not exists(name, path):
                missing.append(f"{relative}: {name}")
    return missing


def test_every_markdown_file_named_in_the_repository_exists_in_it():
    files = text_files()
    assert ROOT / "README.md" in files and ROOT / "pipelines" / "settings.py" in files
    missing = missing_references(files)
    assert not missing, "\n".join(missing)


def test_the_check_sees_a_missing_file_and_leaves_urls_and_file_names_alone(tmp_path):
    referrer = tmp_path / "x.py"
    assert not exists("NOWHERE_IN_ARQAM.md", referrer) and not exists("docs/nowhere.md", referrer)
    assert exists("docs/facts.md", referrer) and exists("facts.md", referrer)  # a bare name: in docs/
    assert exists("../README.md", ROOT / "docs" / "facts.md")
    assert not exists("settings.py.md", ROOT / "pipelines" / "x.py")
    text = "see docs/facts.md, [x](../README.md), https://example.org/GONE.md and arqam.md_files; GONE.md"
    assert markdown_names(text) == ["docs/facts.md", "../README.md", "GONE.md"]
    referrer.write_text(text.replace("../README.md", "docs/typing.md"), encoding="utf-8")
    assert missing_references([referrer]) == [f"{referrer}: GONE.md"]
