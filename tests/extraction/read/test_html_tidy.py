"""The flattened page's sentinels made whitespace by passes that look only where they may change
something: the same text as the whole-text passes they replace (kept here as the reference)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.read.html import _INLINE_GAP, _LINE_BREAK, _PARAGRAPH_BREAK, _tidy

_GAPS_REF = re.compile(f"{_INLINE_GAP}+")
_GAP_NOT_NEEDED_REF = re.compile(
    f"(?<=[ {_PARAGRAPH_BREAK}{_LINE_BREAK}]){_INLINE_GAP}+|{_INLINE_GAP}+(?=[ {_PARAGRAPH_BREAK}{_LINE_BREAK}"
    + r"،,.:;!?؟؛)\]»]|$)|^" + f"{_INLINE_GAP}+"
)
_SPACE_REF = re.compile(r"[ \t\n\r\f]+")
_BREAKS_REF = re.compile(f" ?[{_PARAGRAPH_BREAK}{_LINE_BREAK}][ {_PARAGRAPH_BREAK}{_LINE_BREAK}]*")


def reference(flat: str) -> str:
    """Every pass over the whole text, as flattening did before."""
    text = _SPACE_REF.sub(" ", flat)
    text = _GAPS_REF.sub(_INLINE_GAP, text)
    text = _GAPS_REF.sub(" ", _GAP_NOT_NEEDED_REF.sub("", text))

    def breaks(match: re.Match) -> str:
        run = match.group()
        if _PARAGRAPH_BREAK in run:
            return "\n\n"
        return "\n" * min(run.count(_LINE_BREAK), 2)

    text = _BREAKS_REF.sub(breaks, text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


PIECES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\f", "قال", "x", "،", ".", "»", "(", _PARAGRAPH_BREAK,
                          _LINE_BREAK, _INLINE_GAP, _INLINE_GAP * 2, "\u00a0", "\u2003"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_same_text_as_the_whole_text_passes(flat):
    assert _tidy(flat) == reference(flat)


def test_gaps_breaks_and_spaces_at_every_edge():
    for flat in (f"{_INLINE_GAP}a{_INLINE_GAP}b{_INLINE_GAP}", f"a {_PARAGRAPH_BREAK}b", f"a{_INLINE_GAP}\n",
                 f" {_LINE_BREAK}{_LINE_BREAK}{_LINE_BREAK}x", f"a{_INLINE_GAP}، b{_INLINE_GAP}{_INLINE_GAP}c"):
        assert _tidy(flat) == reference(flat), repr(flat)
