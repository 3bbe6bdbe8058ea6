"""What ``repair_mojibake`` says is still suspect is what the signatures find in the head of the
repaired text, whatever was repaired before: parts garbled once, twice, with bytes lost, or not at all."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.read.mojibake import LANGUAGE_SAMPLE, _mojibake_kinds, repair_mojibake

PARTS = ["قتل 5 جنود على قاعدة عين الأسد", "، وأصيب 12 آخرون", " «المصدر» ’قال‘ • © 2024", " US troops ", "\n"]


def garble(text: str, codecs: list[str]) -> str:
    for codec in codecs:
        text = text.encode("utf-8").decode(codec, "replace")
    return text


# each part garbled by up to two code pages, one after the other, maybe with a byte lost
part = st.tuples(st.sampled_from(PARTS), st.lists(st.sampled_from(["cp1256", "cp1252", "latin-1"]), max_size=2), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(part, max_size=12))
def test_suspected_is_what_the_signatures_find_in_the_repaired_head(parts):
    pieces = []
    for text, codecs, lose_a_byte in parts:
        garbled = garble(text, codecs)
        pieces.append(garbled[: len(garbled) // 2] + garbled[len(garbled) // 2 + 1 :] if lose_a_byte and codecs else garbled)
    repair = repair_mojibake("".join(pieces))
    left = sum(len(kind.signature_re.findall(repair.text[:LANGUAGE_SAMPLE])) for kind in _mojibake_kinds())
    assert repair.suspected == (left >= 3 or (repair.restored > 0 and left > 0))
