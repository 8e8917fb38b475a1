"""Ruled tables in a page image: the ruling lines found by morphology (long thin runs of ink),
the lattice their positions make, and the cells, merged where a rule between two lattice cells is
missing (the statutory tables' spanning headers and labels).

Lines are removed from the image before text is read, so a rule beside a digit is not read as
part of it (a "0" between two rules reads as "。" or "[0]")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_LINE_INCHES = 0.25  # a rule is a run of ink at least this long: longer than any glyph's stroke
_MIN_TABLE_INCHES = 1.0  # a table is at least this wide and tall
_RULE_INCHES = 0.04  # a rule is at most this thick (3 pt: a scan's blur included); text is thicker


@dataclass
class Grid:
    xs: list[float]  # column boundaries, left to right (pixels)
    ys: list[float]  # row boundaries, top to bottom
    owner: np.ndarray  # (rows, cols) → index of the merged cell each lattice cell belongs to

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The lattice (row, column) holding a point, or None outside the grid."""
        if not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        return int(np.searchsorted(self.ys, y, side="right")) - 1, int(
            np.searchsorted(self.xs, x, side="right")
        ) - 1

    def top_left(self, r: int, c: int) -> tuple[int, int]:
        """The top-left lattice cell of the merged cell that (r, c) belongs to."""
        k = self.owner[r, c]
        rows, cols = np.nonzero(self.owner == k)
        return int(rows.min()), int(cols.min())

    def box(self, r: int, c: int, inset: float = 0) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of the merged cell that (r, c) belongs to, inset from its rules."""
        rows, cols = np.nonzero(self.owner == self.owner[r, c])
        return (
            self.xs[cols.min()] + inset,
            self.ys[rows.min()] + inset,
            self.xs[cols.max() + 1] - inset,
            self.ys[rows.max() + 1] - inset,
        )


def find(gray: np.ndarray, dpi: float) -> tuple[list[Grid], np.ndarray]:
    """The page's ruled tables, and the page with its rules painted white."""
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    run = max(15, int(dpi * _LINE_INCHES))
    bridge = max(3, int(dpi / 50))

    def kernel(w: int, h: int):
        return cv2.getStructuringElement(cv2.MORPH_RECT, (w, h))

    # Scanned rules are broken by grain and a pixel of leftover skew: small gaps are closed.
    # Vertical rules are closed before they are sought too: a border a row high (each cell with
    # a border of its own) is short, and grain breaks each of its pixel columns somewhere.
    # (Not horizontal ones: closed across, a line of CJK text joins into a rule.)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel(run, 1))
    vert = cv2.morphologyEx(
        cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel(1, bridge)), cv2.MORPH_OPEN, kernel(1, run)
    )
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, kernel(bridge, 1))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, kernel(1, bridge))
    horiz, vert = _thin(horiz, dpi, 1), _thin(vert, dpi, 0)
    lines = cv2.bitwise_or(horiz, vert)
    clean = gray.copy()
    clean[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255

    grids = []
    joined = cv2.dilate(lines, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    least = dpi * _MIN_TABLE_INCHES
    for k in range(1, n):
        x, y, w, h = stats[k, :4]
        if w < least or h < least / 3:
            continue
        g = _grid(horiz[y : y + h, x : x + w], vert[y : y + h, x : x + w], x, y, dpi)
        if g is not None:
            grids.append(g)
    return sorted(grids, key=lambda g: g.ys[0]), clean


def _thin(mask: np.ndarray, dpi: float, across: int) -> np.ndarray:
    """Only the runs of a mask that are thin across (``across``: 1 for rows, 0 for columns): a
    line of blurred text also makes a long run of ink, as thick as its characters are high."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    thick = stats[:, cv2.CC_STAT_HEIGHT if across else cv2.CC_STAT_WIDTH]
    keep = thick <= max(4, dpi * _RULE_INCHES)
    keep[0] = False
    return np.where(keep[labels], mask, 0).astype(mask.dtype)


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, float, float]]:
    """(position across, start, end along) of each rule in a mask of one direction."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    out = []
    for k in range(1, n):
        x, y, w, h = stats[k, :4]
        if axis == 0:  # horizontal rules
            out.append((y + h / 2, x, x + w))
        else:
            out.append((x + w / 2, y, y + h))
    return out


def _meets(seg, others, tol: float) -> int:
    """How many of the other direction's rules a rule crosses or touches."""
    at, a, b = seg
    return sum(a - tol <= p <= b + tol and s - tol <= at <= e + tol for p, s, e in others)


def _clusters(values: list[float], gap: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _open_sides(hs, xs: list[float], ys: list[float], tol: float) -> list[tuple]:
    """The left or right border a table's rules stop at but nobody drew (a browser prints a
    table as wide as the page, its last column with top and bottom rules and no right border):
    a vertical rule where at least two horizontal rules run on past the outermost vertical one
    and end together."""
    out = []
    for ends, beyond in (
        (max, lambda e: e > xs[-1] + 3 * tol),
        (min, lambda e: e < xs[0] - 3 * tol),
    ):
        edges = [s[2] if ends is max else s[1] for s in hs]
        far = [e for e in edges if beyond(e)]
        if len(far) >= 2:
            edge = ends(far)
            if sum(abs(e - edge) <= tol for e in far) >= 2:
                out.append((edge, ys[0], ys[-1]))
    return out


def _grid(horiz: np.ndarray, vert: np.ndarray, ox: int, oy: int, dpi: float) -> Grid | None:
    hs, vs = _segments(horiz, 0), _segments(vert, 1)
    tol = max(3.0, dpi / 30)
    # A rule meets rules of the other direction at both its ends or across: a strip of blurred
    # text inside a cell meets none.
    hs = [h for h in hs if _meets(h, vs, tol) >= 2]
    vs = [v for v in vs if _meets(v, hs, tol) >= 2]
    ys, xs = _clusters([s[0] for s in hs], tol), _clusters([s[0] for s in vs], tol)
    if len(ys) < 2 or len(xs) < 2:
        return None
    vs = vs + _open_sides(hs, xs, ys, tol)
    xs = _clusters([s[0] for s in vs], tol)
    rows, cols = len(ys) - 1, len(xs) - 1

    def covered(segs, at: float, a: float, b: float) -> bool:
        """Whether rules at `at` cover most of the span a..b."""
        got = sum(max(0.0, min(e, b) - max(s, a)) for p, s, e in segs if abs(p - at) <= tol)
        return got >= 0.5 * (b - a)

    parent = list(range(rows * cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[root(r * cols + c + 1)] = root(r * cols + c)
            if r + 1 < rows and not covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[root((r + 1) * cols + c)] = root(r * cols + c)
    owner = np.array([root(i) for i in range(rows * cols)]).reshape(rows, cols)
    return Grid([ox + x for x in xs], [oy + y for y in ys], owner)
