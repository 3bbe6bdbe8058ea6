"""From raw article text to the cleaned text that facts are read from.

normalize (``normalize.py``) -> strip page furniture (``furniture.py``) -> split
sentences (``sentences.py``).  The two offset maps are composed, so every
offset in the cleaned text leads back to the raw text: an analyst can always
see a fact where the article printed it.
"""
from __future__ import annotations

from dataclasses import dataclass

from arqam.extraction.clean.furniture import RemovedBlock, strip_page_furniture
from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.text.offsets import OffsetMap


@dataclass(frozen=True, slots=True)
class CleanedText:
    text: str
    offset_map: OffsetMap  # clean offsets -> raw offsets
    sentences: list[tuple[int, int]]  # spans of ``text``
    removed: list[RemovedBlock]  # in raw offsets, ``text`` is the raw text of the block


def clean_text(raw_text: str) -> CleanedText:
    """Normalize, cut the page furniture, split sentences; offsets map back to ``raw_text``."""
    normalized, normalized_to_raw = normalize_arabic(raw_text)
    cleaned, clean_to_normalized, removed = strip_page_furniture(normalized)
    clean_to_raw = clean_to_normalized.then(normalized_to_raw)
    removed_in_raw = []
    for block in removed:
        start, end = normalized_to_raw.span_to_source(block.start, block.end)
        removed_in_raw.append(RemovedBlock(start, end, block.reason, raw_text[start:end]))
    return CleanedText(cleaned, clean_to_raw, split_sentences(cleaned), removed_in_raw)
