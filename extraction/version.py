"""The version of the extraction rules: a hash of the core's code and language data.

A stage's output depends on the article *and* on the rules that processed it:
when a cue word or a parsing rule changes, every article must be processed
again.  Stages record this version with each article they have done, so a new
version makes the whole corpus pending, and an unchanged one makes a re-run a
no-op.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_CORE = Path(__file__).parent


def rules_files() -> list[Path]:
    """Every file the rules are made of: the core's modules, its subpackages' too, and its data."""
    return sorted([*_CORE.rglob("*.py"), *_CORE.glob("data/*.tsv")])


@cache
def rules_version() -> str:
    digest = hashlib.sha256()
    for path in rules_files():
        digest.update(path.relative_to(_CORE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
