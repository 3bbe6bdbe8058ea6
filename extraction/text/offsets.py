"""Where a character of a derived text came from in its source text.

Every transformation of an article (normalization, furniture removal) is
recorded while it runs as a sequence of edits: copy a run unchanged, replace a
span by a string, delete a span.  The result is an ``OffsetMap`` from positions
in the derived text to positions in the source text, so that a fact found in
the cleaned text can be shown in the raw text it was read from.

Representation: a list of *anchors* ``(derived, source)``, non-decreasing in
both coordinates, the last one being ``(len(derived), len(source))``.  Each
anchor opens a segment that runs to the next anchor.  Inside a segment
positions advance 1:1, clamped to the segment's source length; a segment of
derived length 0 is a deletion.  Runs of equal-length edits merge into one
segment, so the identity map has two anchors whatever the text length.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable


class OffsetMap:
    """Positions of a derived text -> positions of its source text (see the module docstring)."""

    __slots__ = ("_derived", "_source")

    def __init__(self, derived: list[int], source: list[int]) -> None:
        self._derived = derived
        self._source = source

    # -- construction -------------------------------------------------------------

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text to itself: O(1) size."""
        return cls([0, length], [0, length]) if length else cls([0], [0])

    @classmethod
    def from_lists(cls, derived: Iterable[int], source: Iterable[int]) -> OffsetMap:
        """Rebuild a map stored with ``to_lists``; rejects lists that are not a valid map."""
        derived, source = [int(p) for p in derived], [int(p) for p in source]
        if not derived or len(derived) != len(source):
            raise ValueError("anchor lists must be non-empty and of equal length")
        if derived[0] != 0 or source[0] != 0:
            raise ValueError("the first anchor must be (0, 0)")
        for i in range(1, len(derived)):
            if derived[i] < derived[i - 1] or source[i] < source[i - 1]:
                raise ValueError(f"anchors must be non-decreasing (at index {i})")
        return cls(derived, source)

    def to_lists(self) -> tuple[list[int], list[int]]:
        """Anchor positions in the derived and in the source text, for the warehouse."""
        return list(self._derived), list(self._source)

    # -- queries -------------------------------------------------------------------

    @property
    def derived_length(self) -> int:
        return self._derived[-1]

    @property
    def source_length(self) -> int:
        return self._source[-1]

    def __len__(self) -> int:
        """Number of anchors (the stored size of the map)."""
        return len(self._derived)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.to_lists() == other.to_lists()

    def __repr__(self) -> str:
        pairs = list(zip(self._derived, self._source))
        shown = pairs if len(pairs) <= 8 else [*pairs[:4], "...", *pairs[-3:]]
        return f"OffsetMap({shown})"

    def _segment(self, pos: int) -> int:
        """Index of the segment holding derived position ``pos`` (the last anchor at or before it)."""
        return bisect_right(self._derived, pos) - 1

    def to_source(self, pos: int) -> int:
        """The source position of the derived character at ``pos`` (``len`` maps to ``len``)."""
        derived, source = self._derived, self._source
        if pos <= 0:
            # a deletion at the very start belongs before the first character
            return source[self._segment(0)] if pos == 0 else 0
        if pos >= derived[-1]:
            return source[-1]
        i = self._segment(pos)
        source_length = source[i + 1] - source[i]
        return source[i] + min(pos - derived[i], max(source_length - 1, 0))

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span of derived ``[start, end)``; deletions strictly inside are included."""
        if end <= start:
            point = self.to_source(start)
            return point, point
        derived, source = self._derived, self._source
        start = max(start, 0)
        end = min(end, derived[-1])
        if end <= start:
            point = self.to_source(start)
            return point, point
        source_start = self.to_source(start)
        j = self._segment(end - 1)
        covered = end - derived[j]
        derived_length = derived[j + 1] - derived[j]
        source_length = source[j + 1] - source[j]
        if covered >= derived_length:
            source_end = source[j + 1]
        elif derived_length == source_length:
            source_end = source[j] + covered
        else:
            source_end = source[j] + min(covered, source_length)
            source_end = max(source_end, min(source_start + 1, source[j + 1]))
        return source_start, max(source_end, source_start)

    # -- composition ---------------------------------------------------------------

    def is_identity(self) -> bool:
        return len(self._derived) <= 2 and self._derived[-1] == self._source[-1]

    def then(self, other: OffsetMap) -> OffsetMap:
        """Compose: ``self`` maps derived -> intermediate, ``other`` intermediate -> source."""
        if self.source_length != other.derived_length:
            raise ValueError("the maps do not chain: self's source is not other's derived text")
        if other.is_identity():
            return self
        if self.is_identity():
            return other
        builder = OffsetMapBuilder()
        cursor = 0  # how far into the source the composed map has reached

        def emit(derived_length: int, source_start: int, source_end: int, one_to_one: bool) -> None:
            nonlocal cursor
            if source_start < cursor:  # two pieces inside one clamped segment of ``other``
                source_start, source_end = cursor, max(source_end, cursor)
                one_to_one = False
            if source_start > cursor:  # deleted by ``other`` between two pieces
                builder.delete(source_start - cursor)
            if one_to_one and source_end - source_start == derived_length:
                builder.copy(derived_length)
            else:
                builder.replace(source_end - source_start, derived_length)
            cursor = source_end

        d, m = self._derived, self._source
        od, os_ = other._derived, other._source
        j = 0  # current segment of ``other``; only moves forward
        for i in range(len(d) - 1):
            d0, d1, m0, m1 = d[i], d[i + 1], m[i], m[i + 1]
            if d1 == d0:
                continue  # deleted by ``self``: the gap before the next piece covers it
            if d1 - d0 != m1 - m0 or m1 == m0:
                start, end = other.span_to_source(m0, m1) if m1 > m0 else (other.to_source(m0),) * 2
                emit(d1 - d0, start, end, False)
                continue
            # 1:1 in ``self``: one piece per segment of ``other`` it overlaps
            a = m0
            while a < m1:
                while od[j + 1] <= a:
                    j += 1
                b = min(m1, od[j + 1])
                if od[j + 1] - od[j] == os_[j + 1] - os_[j]:
                    start = os_[j] + (a - od[j])
                    emit(b - a, start, start + (b - a), True)
                else:
                    start, end = other.span_to_source(a, b)
                    emit(b - a, start, end, False)
                a = b
        if other.source_length > cursor:
            builder.delete(other.source_length - cursor)
        return builder.build()


def compose(*maps: OffsetMap) -> OffsetMap:
    """``compose(a, b, c)`` maps a's derived text to c's source: ``a.then(b).then(c)``."""
    if not maps:
        raise ValueError("compose needs at least one map")
    result = maps[0]
    for following in maps[1:]:
        result = result.then(following)
    return result


class OffsetMapBuilder:
    """Records edits in source order and merges runs of the same kind into one segment."""

    __slots__ = ("_derived", "_source", "_d", "_s", "_open_kind")

    # kinds of the open segment: "same" (1:1), "delete", "replace" (never merged)
    def __init__(self) -> None:
        self._derived: list[int] = [0]
        self._source: list[int] = [0]
        self._d = 0
        self._s = 0
        self._open_kind: str | None = None

    def _add(self, kind: str, source_length: int, derived_length: int) -> None:
        if source_length == 0 and derived_length == 0:
            return
        if self._open_kind is not None and (kind != self._open_kind or kind == "replace"):
            self._derived.append(self._d)
            self._source.append(self._s)
        self._open_kind = kind
        self._d += derived_length
        self._s += source_length

    # copy and delete are _add written out for their kind: every run of kept or cut text is one
    # call, so a page makes thousands of them.

    def copy(self, length: int) -> None:
        """``length`` characters appear unchanged."""
        if length:
            if self._open_kind != "same":
                if self._open_kind is not None:
                    self._derived.append(self._d)
                    self._source.append(self._s)
                self._open_kind = "same"
            self._d += length
            self._s += length

    def replace(self, source_length: int, derived_length: int) -> None:
        """``source_length`` characters became ``derived_length`` characters."""
        if derived_length == 0:
            self.delete(source_length)
        elif source_length == derived_length:
            self.copy(source_length)
        else:
            self._add("replace", source_length, derived_length)

    def delete(self, length: int) -> None:
        """``length`` source characters are gone."""
        if length:
            if self._open_kind != "delete":
                if self._open_kind is not None:
                    self._derived.append(self._d)
                    self._source.append(self._s)
                self._open_kind = "delete"
            self._s += length

    def build(self) -> OffsetMap:
        derived, source = list(self._derived), list(self._source)
        if self._open_kind is not None:
            derived.append(self._d)
            source.append(self._s)
        return OffsetMap(derived, source)


def rewrite(text: str, pattern: re.Pattern[str], replacement_for: Callable[[re.Match[str]], str]) -> tuple[str, OffsetMap]:
    """Apply ``replacement_for(match) -> str`` at every match of ``pattern``, recording offsets.

    Only the matches are visited; the text between them is copied in runs.
    A replacement equal to the matched text is a plain copy.
    """
    builder = OffsetMapBuilder()
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacement_for(match)
        if new == match.group():
            continue
        if start > position:
            pieces.append(text[position:start])
            builder.copy(start - position)
        pieces.append(new)
        builder.replace(end - start, len(new))
        position = end
    if position == 0 and not pieces:
        return text, OffsetMap.identity(len(text))
    if position < len(text):
        pieces.append(text[position:])
        builder.copy(len(text) - position)
    return "".join(pieces), builder.build()
