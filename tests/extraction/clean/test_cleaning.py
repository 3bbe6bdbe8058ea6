"""Normalization, offset maps, sentences: raw article text to clean text (page furniture: test_furniture.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.clean import normalize
from arqam.extraction.clean.article import clean_text
from arqam.extraction.clean.furniture import REASONS
from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.clean.sentences import _stripped, split_sentences
from arqam.extraction.text.arabic import NON_STANDARD_ARABIC_RE
from arqam.extraction.text.offsets import OffsetMap, OffsetMapBuilder, compose, rewrite
from tests.complexity import assert_linear

SEEDS = Path(__file__).resolve().parents[3] / "corpus" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# normalization

NORMALIZATION_TABLE = [
    # ligatures and presentation forms: NFKC, length changes
    ("\ufefb إله إلا الله", "لا إله إلا الله"),
    ("\ufe8d\ufedf\ufecc\ufeae\ufe8d\ufed5", "العراق"),
    ("محمد \ufdfa", "محمد صلى الله عليه وسلم"),
    # digits and Arabic punctuation
    ("٢٠٢٤", "2024"),
    ("۱۲۳", "123"),
    ("٣٫٥٪", "3.5%"),
    ("١٬٢٠٠", "1,200"),
    # Persian / Urdu letters
    ("ایران", "ايران"),
    ("کابل", "كابل"),
    ("پاکستان", "باكستان"),
    ("گروه", "كروه"),
    ("ہ ە", "ه ه"),
    ("ڤيينا", "فيينا"),
    # removed: tatweel, diacritics, superscript alef, invisible controls
    ("مـــرحـبـا", "مرحبا"),
    ("بِسْمِ اللَّهِ", "بسم الله"),
    ("جنودًا كثيرٌ", "جنودا كثير"),
    ("هٰذا", "هذا"),
    ("نص\u200bمخفي", "نصمخفي"),
    ("\u200fبغداد\u200e \u202bأربيل\u202c \u2067كركوك\u2069", "بغداد أربيل كركوك"),
    ("\ufeffخبر", "خبر"),
    ("\u061cعاجل", "عاجل"),
    ("مس\u00adتشار", "مستشار"),
    # hamza forms and ta marbuta stay as written
    ("أإآؤئ ة ى", "أإآؤئ ة ى"),
    # decomposed hamza and madda are composed, not dropped
    ("ا\u0654كد", "أكد"),
    ("ا\u0653خر", "آخر"),
    # whitespace
    ("قتل\u00a05\u2009جنود", "قتل 5 جنود"),
    ("سطر\r\nثان\rثالث", "سطر\nثان\nثالث"),
    ("كلمة  \t  أخرى", "كلمة أخرى"),
    ("نهاية السطر   \nالتالي", "نهاية السطر\nالتالي"),
    ("فقرة\n\n\n\n\nفقرة", "فقرة\n\nفقرة"),
    ("فقرة\n  \n\t\nفقرة", "فقرة\n\nفقرة"),
    ("نهاية النص  ", "نهاية النص"),
]


@pytest.mark.parametrize("raw, expected", NORMALIZATION_TABLE)
def test_normalization_table(raw, expected):
    normalized, offset_map = normalize_arabic(raw)
    assert normalized == expected
    assert offset_map.derived_length == len(expected)
    assert offset_map.source_length == len(raw)


def test_no_non_standard_arabic_character_survives():
    every_arabic_code_point = "".join(
        chr(c) for lo, hi in [(0x0600, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00)]
        for c in range(lo, hi)
    )
    normalized, _ = normalize_arabic(every_arabic_code_point)
    assert NON_STANDARD_ARABIC_RE.search(normalized) is None


def test_unchanged_text_has_an_identity_map_of_constant_size():
    text = seed("002").replace("\u0651", "").replace("ً", "")
    normalized, offset_map = normalize_arabic(text * 20)
    if normalized == text * 20:
        assert len(offset_map) == 2
    clean = "قتل 5 جنود في هجوم.\n\nوأصيب 3 آخرون."
    assert normalize_arabic(clean) == (clean, OffsetMap.identity(len(clean)))


def test_normalization_offsets_point_at_the_source_characters():
    raw = "قتلَ ٥ جنودٍ في \ufefbذقية"
    normalized, offset_map = normalize_arabic(raw)
    assert normalized == "قتل 5 جنود في لاذقية"
    five = normalized.index("5")
    assert raw[offset_map.to_source(five)] == "٥"
    # a deletion inside a span belongs to the span; one just after it does not
    start, end = offset_map.span_to_source(0, five + 1)
    assert raw[start:end] == "قتلَ ٥"
    assert raw[slice(*offset_map.span_to_source(0, 3))] == "قتل"
    # both letters of an expanded ligature map to the ligature
    lam = normalized.index("لاذقية")
    assert offset_map.span_to_source(lam, lam + 1) == offset_map.span_to_source(lam + 1, lam + 2)
    assert raw[slice(*offset_map.span_to_source(lam, lam + 2))] == "\ufefb"


def _normalize_by_full_scans(text: str) -> tuple[str, OffsetMap]:
    """Normalization as first written: the change pattern and the whitespace pattern tried at every
    character, every whitespace match rewritten (what the shortcuts of normalize.py must agree with)."""
    builder, pieces, position = OffsetMapBuilder(), [], 0
    for match in normalize._CHANGING_RE.finditer(text):
        start, end = match.span()
        pieces.append(text[position:start])
        builder.copy(start - position)
        normalize.rewrite_change(match.group(), pieces, builder)  # what a match becomes; the scan is what differs
        position = end
    pieces.append(text[position:])
    builder.copy(len(text) - position)
    mapped, character_map = "".join(pieces), builder.build()
    whitespace = re.compile(r"\n[ \t\n]*\n|[ \t]{2,}|\t| (?=\n|\Z)")
    tidied, whitespace_map = rewrite(mapped, whitespace, normalize._whitespace_replacement)
    return tidied, whitespace_map.then(character_map)


# the letters that compose with a following mark, the marks, other changing characters, whitespace
_NORMALIZATION_ALPHABET = "اويىب\u0653\u0654\u0655\u064e\u0640\r\n \t\u00a0\u200fﻻ٣."


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_NORMALIZATION_ALPHABET, max_size=40))
def test_normalization_agrees_with_full_scans(text):
    normalized, offset_map = normalize_arabic(text)
    expected, expected_map = _normalize_by_full_scans(text)
    assert normalized == expected
    assert offset_map.to_lists() == expected_map.to_lists()


@pytest.mark.parametrize(
    "unit",
    [
        " ",
        "\t ",
        "\n ",
        "\n \n",
        ".",
        "َ",
        "ﻻ",
        "شارك\nفقرة من الخبر تتحدث عن الهجوم الذي وقع أمس في المدينة وأسفر عن قتلى.\n",
        "اقرأ أيضا\nعنوان\n• رابط\n",
    ],
)
def test_normalization_and_cleaning_are_linear_on_adversarial_input(unit):
    assert_linear(clean_text, lambda n: unit * (n // len(unit) + 1) + "x", n=2000)
    cleaned = clean_text(unit * (20_000 // len(unit) + 1))  # 20,000 characters: the property does not grow with the size
    assert NON_STANDARD_ARABIC_RE.search(cleaned.text) is None


# ---------------------------------------------------------------------------
# offset maps

# An edit script: (kind, length) with kind in copy / replace-by-n / delete.
edits = st.lists(
    st.tuples(st.sampled_from(["copy", "replace", "delete"]), st.integers(1, 5), st.integers(1, 5)),
    max_size=30,
)


def apply(script, source: str) -> tuple[str, OffsetMap, list[int | None]]:
    """Run an edit script over ``source``; also return, per derived char, its source index if copied."""
    builder = OffsetMapBuilder()
    out, origin, position = [], [], 0
    for kind, length, new_length in script:
        length = min(length, len(source) - position)
        if length <= 0:
            break
        if kind == "copy":
            out.append(source[position : position + length])
            origin += range(position, position + length)
            builder.copy(length)
        elif kind == "replace":
            out.append("#" * new_length)
            origin += [None] * new_length
            builder.replace(length, new_length)
        else:
            builder.delete(length)
        position += length
    out.append(source[position:])
    origin += range(position, len(source))
    builder.copy(len(source) - position)
    return "".join(out), builder.build(), origin


SOURCE = "".join(chr(0x0621 + i % 26) for i in range(200))


@given(edits)
def test_copied_characters_map_to_themselves(script):
    derived, offset_map, origin = apply(script, SOURCE)
    assert offset_map.derived_length == len(derived)
    assert offset_map.source_length == len(SOURCE)
    for position, source_index in enumerate(origin):
        if source_index is not None:
            assert offset_map.to_source(position) == source_index
            assert offset_map.span_to_source(position, position + 1) == (source_index, source_index + 1)


@given(edits)
def test_maps_are_monotonic_and_survive_serialisation(script):
    derived, offset_map, _ = apply(script, SOURCE)
    sources = [offset_map.to_source(p) for p in range(len(derived) + 1)]
    assert sources == sorted(sources)
    assert all(0 <= s <= len(SOURCE) for s in sources)
    anchors_derived, anchors_source = offset_map.to_lists()
    assert OffsetMap.from_lists(anchors_derived, anchors_source) == offset_map
    for start in range(0, len(derived), 7):
        for end in range(start, len(derived) + 1, 5):
            a, b = offset_map.span_to_source(start, end)
            assert 0 <= a <= b <= len(SOURCE)


@given(st.lists(st.tuples(st.sampled_from(["copy", "replace", "delete"]), st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_builder_edits_are_its_general_rule(script):
    """copy and delete (written out for speed) record what _add, the builder's one rule, records."""
    fast, general = OffsetMapBuilder(), OffsetMapBuilder()
    for kind, length, new_length in script:
        if kind == "copy":
            fast.copy(length)
            general._add("same", length, length)
        elif kind == "delete":
            fast.delete(length)
            general._add("delete", length, 0)
        else:
            fast.replace(length, new_length)
            kind = "delete" if new_length == 0 else "same" if length == new_length else "replace"
            general._add(kind, length, new_length)
    assert fast.build().to_lists() == general.build().to_lists()


@given(edits, edits)
def test_composition_is_mapping_twice(first, second):
    intermediate, first_map, first_origin = apply(first, SOURCE)
    derived, second_map, second_origin = apply(second, intermediate)
    composed = second_map.then(first_map)
    assert composed == compose(second_map, first_map)
    assert composed.derived_length == len(derived)
    assert composed.source_length == len(SOURCE)
    for position, middle in enumerate(second_origin):
        if middle is not None and first_origin[middle] is not None:
            assert composed.to_source(position) == first_origin[middle]
            assert composed.span_to_source(position, position + 1) == (first_origin[middle], first_origin[middle] + 1)


def test_identity_map_is_constant_size_and_deletions_stay_inside_spans():
    assert OffsetMap.identity(10**6).to_lists() == ([0, 10**6], [0, 10**6])
    builder = OffsetMapBuilder()
    builder.copy(3)
    builder.delete(2)
    builder.copy(3)
    offset_map = builder.build()  # "abc" + (2 deleted) + "def"
    assert offset_map.span_to_source(0, 6) == (0, 8)
    assert offset_map.span_to_source(0, 3) == (0, 3)  # the deletion after the span is not in it
    assert offset_map.span_to_source(3, 6) == (5, 8)  # nor the one before it
    assert offset_map.to_source(3) == 5
    with pytest.raises(ValueError):
        OffsetMap.from_lists([0, 5, 3], [0, 5, 6])


# ---------------------------------------------------------------------------
# clean_text: the invariant

arabic_ish = st.lists(
    st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآؤئةى٠١٢٣٤٥٦٧٨٩0123456789")
        + list("َُِّْـًٌٍٰ")
        + ["ﻻ", "ﷺ", "ﹰ", "ی", "ک", "پ", "\u200f", "\u200b", "\u00a0", "\t", "\r", "\n", "\r\n", " ", ".", "؟", "!", "،", ":", "•", "- ", "«", "»", "(", ")", "[", "]"]
        + ["اقرأ أيضا", "المصدر: ", "كلمات دلالية: ", "شارك", "مشاهدة", "ع. ", "1.5", "\n\n"]
    ),
    max_size=200,
).map("".join)


def assert_sentences_lead_back_to_raw(raw: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned.offset_map.derived_length == len(cleaned.text)
    assert cleaned.offset_map.source_length == len(raw)
    for start, end in cleaned.sentences:
        raw_start, raw_end = cleaned.offset_map.span_to_source(start, end)
        assert normalize_arabic(raw[raw_start:raw_end])[0] == cleaned.text[start:end]
    for block in cleaned.removed:
        assert raw[block.start : block.end] == block.text
        assert block.reason in REASONS


@settings(max_examples=400, deadline=None)
@given(arabic_ish)
def test_every_sentence_normalizes_back_from_its_raw_span(raw):
    assert_sentences_lead_back_to_raw(raw)
    assert NON_STANDARD_ARABIC_RE.search(clean_text(raw).text) is None


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sentences_lead_back_to_raw(prefix):
    assert_sentences_lead_back_to_raw(seed(prefix))


# ---------------------------------------------------------------------------
# sentences

SENTENCE_TABLE = [
    ("قتل 5 جنود. وأصيب 3 آخرون.", ["قتل 5 جنود.", "وأصيب 3 آخرون."]),
    ("هل انتهى الهجوم؟ نعم! انتهى", ["هل انتهى الهجوم؟", "نعم!", "انتهى"]),
    ("ارتفع العدد إلى 1.5 مليون. ثم توقف", ["ارتفع العدد إلى 1.5 مليون.", "ثم توقف"]),
    ("قال د. محمد إن الوضع مستقر. وأضاف", ["قال د. محمد إن الوضع مستقر.", "وأضاف"]),
    ("ع. ش", ["ع. ش"]),
    ('وقال: "انتهى الأمر." ثم غادر', ['وقال: "انتهى الأمر."', "ثم غادر"]),
    ("وأكد (أن القتال توقف.) وغادر", ["وأكد (أن القتال توقف.)", "وغادر"]),
    ("قال «لن نتراجع!» وأضاف", ["قال «لن نتراجع!»", "وأضاف"]),
    ("انتظر… ثم تحرك", ["انتظر…", "ثم تحرك"]),
    ("قتل جندي، وأصيب آخر؛ وفر المهاجمون", ["قتل جندي، وأصيب آخر؛ وفر المهاجمون"]),
    ("عنوان\n\n  فقرة أولى.  \nفقرة ثانية", ["عنوان", "فقرة أولى.", "فقرة ثانية"]),
    ("1. التهديد الذي يشكله داعش.\n2. المتطلبات.", ["1. التهديد الذي يشكله داعش.", "2. المتطلبات."]),
    ("ماذا؟! حقا؟", ["ماذا؟!", "حقا؟"]),
    ("", []),
    ("  \n\n ", []),
]


@pytest.mark.parametrize("text, expected", SENTENCE_TABLE)
def test_sentences_table(text, expected):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected


@given(arabic_ish)
def test_sentence_spans_are_ordered_stripped_and_non_empty(text):
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


@given(st.text(alphabet="ب. \t\u00a0\u2003\u3000\x1c\u200b", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_a_sentence_is_stripped_as_str_strip_strips(text, start, end):
    start, end = min(start, len(text)), min(end, len(text))
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    expected = (start + left, start + len(piece.rstrip())) if piece.strip() else None
    assert _stripped(text, start, end) == expected
