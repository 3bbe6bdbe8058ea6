"""Stable ids derived from content: the same inputs give the same id on every run."""
from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """A 24-hex-digit id of ``parts`` (joined with a separator no text contains)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]
