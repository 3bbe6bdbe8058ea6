"""Reading the language data files in ``data/``: UTF-8 TSV, ``#`` comments, one entry a line."""
from __future__ import annotations

from importlib import resources

from arqam.extraction.text.arabic import fold


def read_table(name: str) -> list[list[str]]:
    """The rows of ``data/<name>`` as lists of fields (comments and blank lines skipped)."""
    text = resources.files("arqam.extraction").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def folded_forms(name: str, column: int = 0) -> frozenset[str]:
    """Every form of a word list (forms separated by spaces in ``column``), folded for lookups."""
    return frozenset(fold(form) for row in read_table(name) for form in row[column].split())
