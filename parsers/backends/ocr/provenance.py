"""How an OCR'd cell says where it was read and how sure the reading is, inside ``Cell.where``
(which becomes ``Value.where`` and the warehouse's ``source_where``, so `ogi explain` and the
trust rules read it back from any cached parse):

    page 2 ocr bbox=198,158,231,169pt conf=0.62 doubt=1:7>1@0.62

``bbox`` is the printed text's box (points from the page's top-left for PDFs, ``px`` for image
files; on a page that had to be turned to be read, ``turned=90`` (degrees clockwise) follows it,
and the box is on the page so turned), ``conf`` the lowest glyph confidence, and each ``doubt`` a
glyph the engine may have misread: its index among the cell's non-space characters, what was
read, ``>`` the characters it could be (the recogniser's runner-up and the digits it is known to
confuse; every digit for one a scanner's streak crossed), ``@`` its confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .engine import Glyph

SURE = 0.90  # a glyph read with less confidence than this is in doubt
_RUNNER_UP = 0.05  # a runner-up digit this likely puts its glyph in doubt too
# Digits OCR confuses with each other, and the marks a lone zero is read as.
CONFUSABLE = {"1": "7", "7": "1", "0": "86", "8": "036", "6": "058", "3": "8", "5": "6"}
ZERO_LOOKALIKES = frozenset("。oO〇°○")
ANY_DIGIT = "0123456789"  # the runner-up of a digit a streak crossed: it could be any

_WHERE = re.compile(r"\bocr\b.*?\bconf=(?P<conf>[\d.]+)(?: doubt=(?P<doubt>\S+))?")


@dataclass(frozen=True)
class Doubt:
    index: int  # among the cell's non-space characters
    read: str
    could_be: str
    conf: float


def digits_of(glyphs: list[Glyph]) -> list[Glyph]:
    """A run of glyphs that is a number, with marks read in place of a zero made "0" (kept
    doubtful); other runs unchanged. A table cell never holds a lone full stop."""
    chars = {g.char for g in glyphs}
    if (
        not chars <= ZERO_LOOKALIKES | set("0123456789")
        or chars <= ZERO_LOOKALIKES
        and len(glyphs) > 1
    ):
        return glyphs
    return [_zero(g) for g in glyphs]


def _zero(g: Glyph) -> Glyph:
    """A glyph of a number: a mark read in place of a zero is a zero, in doubt; a zero whose
    runner-up is such a mark (the model hesitating between 0 and O) is a zero with both
    readings' confidence."""
    if g.char in ZERO_LOOKALIKES:  # a round mark, however sure the model was of which one
        return Glyph("0", SURE - 0.01, g.char, g.conf, g.x0, g.x1)
    if g.char == "0" and g.alt in ZERO_LOOKALIKES:
        return Glyph("0", g.conf + g.alt_conf, "", 0.0, g.x0, g.x1)
    return g


def where(
    prefix: str,
    box: tuple[float, float, float, float],
    unit: str,
    glyphs: list[Glyph],
    turned: int = 0,
) -> str:
    text = ",".join(f"{v:.0f}" for v in box) + unit + (f" turned={turned}" if turned else "")
    conf = min((g.conf for g in glyphs), default=1.0)
    doubts = []
    for i, g in enumerate(g for g in glyphs if not g.char.isspace()):
        could = _could_be(g)
        if could:
            doubts.append(f"{i}:{g.char}>{could}@{g.conf:.2f}")
    out = f"{prefix} ocr bbox={text} conf={conf:.2f}"
    return out + (" doubt=" + ",".join(doubts) if doubts else "")


def _could_be(g: Glyph) -> str:
    """What a digit glyph in doubt could be instead; "" when it is not in doubt."""
    if not g.char.isdigit():
        return ""
    runner = g.alt if g.alt.isdigit() and g.alt_conf >= _RUNNER_UP else ""
    if g.conf >= SURE and not runner:
        return ""
    return "".join(dict.fromkeys(runner + CONFUSABLE.get(g.char, "")))


def read_back(where_text: str) -> tuple[float, list[Doubt]] | None:
    """(lowest confidence, doubtful glyphs) of an OCR'd cell's ``where``; None for a cell not
    read by OCR."""
    m = _WHERE.search(where_text)
    if not m:
        return None
    doubts = []
    for part in (m.group("doubt") or "").split(","):
        if pm := re.fullmatch(r"(\d+):(.)>([^@]*)@([\d.]+)", part):
            doubts.append(Doubt(int(pm.group(1)), pm.group(2), pm.group(3), float(pm.group(4))))
    return float(m.group("conf")), doubts
