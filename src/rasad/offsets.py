"""Offset maps: where each character of a rewritten text came from.

A stage that rewrites text (the normalizer, ZWNJ repair) produces a list of
edits ``(start, end, replacement)`` over its input. :func:`apply_edits`
applies them and returns an :class:`OffsetMap` from output positions back to
input positions; maps compose, so normalized-text spans can always be traced
back to the raw text.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Edit = tuple[int, int, str]


@dataclass
class OffsetMap:
    """Piecewise map from positions in a new text to positions in an old one.

    ``anchors`` holds ``(new, old)`` pairs sorted by ``new``. Between two
    anchors positions advance together; inside a replaced region they are
    clamped to the old region.
    """

    anchors: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])

    def __post_init__(self) -> None:
        self._new = [a[0] for a in self.anchors]
        self._old = [a[1] for a in self.anchors]

    def to_old(self, pos: int) -> int:
        i = bisect_right(self._new, pos) - 1
        n, o = self.anchors[i]
        if i + 1 < len(self.anchors):
            n2, o2 = self.anchors[i + 1]
            if n2 - n != o2 - o:  # inside a replaced region: clamp to it
                return o + min(pos - n, max(o2 - o - 1, 0))
        return o + (pos - n)

    def to_new(self, pos: int) -> int:
        """Inverse direction (old -> new), first new position at or after ``pos``."""
        i = bisect_right(self._old, pos) - 1
        n, o = self.anchors[max(i, 0)]
        if i + 1 < len(self.anchors):
            n2, o2 = self.anchors[i + 1]
            if n2 - n != o2 - o:
                return n + min(pos - o, n2 - n)
        return n + (pos - o)

    def span_to_old(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_old(start)
            return s, s
        return self.to_old(start), self.to_old(end - 1) + 1

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: ``later`` maps newest->self's new; result maps newest->self's old."""
        points = {(n, self.to_old(o)) for n, o in later.anchors}
        later_points = set(later.anchors)
        for n1, o1 in self.anchors:
            q = later.to_new(n1)
            if later.to_old(q) == n1 or (q, n1) in later_points:  # several anchors may share q
                points.add((q, o1))
        return OffsetMap(sorted(points))

    def to_json(self) -> list[list[int]]:
        return [list(a) for a in self.anchors]

    @classmethod
    def from_json(cls, data: list[list[int]]) -> OffsetMap:
        return cls([(int(a), int(b)) for a, b in data]) if data else cls()


IDENTITY = OffsetMap()


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits (sorted by start) and map the result back."""
    if not edits:
        return text, OffsetMap()
    out: list[str] = []
    anchors = [(0, 0)]
    pos = 0
    new = 0
    for start, end, repl in edits:
        if start < pos:
            continue  # overlapping edit: first one wins
        out.append(text[pos:start])
        new += start - pos
        anchors.append((new, start))
        out.append(repl)
        new += len(repl)
        anchors.append((new, end))
        pos = end
    out.append(text[pos:])
    return "".join(out), OffsetMap(anchors)
