"""What ogi publishes of the numbers it read itself, by OCR (the one place where ogi, not the
agency, can get a printed number wrong). The statutory identities decide:

- a table whose identities hold is published as read;
- an identity that fails, with a cell in it whose reading is in doubt (a glyph read with low
  confidence, or with a likely runner-up digit: parsers.backends.ocr.provenance) and whose
  alternative reading would make the identity hold, has that cell left blank (None) with what was
  read and what it could have been in the note: never silently repaired (a single blank the
  identities imply still gets its `derived_value`, kept apart, in the warehouse);
- a cell the layout lost (OCR missed it) is left blank, however well the identities place it:
  the value they imply rests on other OCR readings, so it is a derived value, never published;
  the cells placed around it are blank too when one of their readings is in doubt (a stray
  mark read as a digit takes a cell's place and shifts the others);
- any other failed identity stays as read — every glyph read with confidence is what the
  document prints, and a misreading no single doubtful glyph explains is no guess to blank
  cells on: stored as read, and the checks flag it, as for text documents. Blanking cells
  that cannot explain the failure would only make the identity unevaluable and hide it.

Table 二 has no identity to test a reading against: a cell of it is left blank when a glyph's
runner-up digit is almost as likely as the digit read (``UNSURE``); so is a cell of table 三 or
四 that no identity can check (each identity it is in has a blank cell).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from . import identities
from .backends.ocr.provenance import Doubt, read_back
from .interpret.layout import LOST
from .report import Report, Value

UNSURE = 0.5  # table 二: a glyph this unsure (or with a runner-up digit this close) blanks its cell
_MAX_ALTERNATIVES = 6


def is_ocr(v: Value) -> bool:
    return " ocr " in f" {v.where} "


def apply(report: Report) -> None:
    """Blank the OCR'd cells that could explain a failed identity (see the module's doc)."""
    plan = identities._plan(report.template or "2019")
    for table, equations in (("requests", plan.equations3), ("review_litigation", plan.equations4)):
        cells: dict = getattr(report, table)
        if not any(map(is_ocr, cells.values())):
            continue
        _blank_lost(cells, table)
        blank = _explaining(cells, equations)
        for key, (alternatives, why) in blank.items():
            v = cells[key]
            cells[key] = replace(v, value=None, note=_note(v, alternatives, why))
        checked = _checkable(cells, equations)
        for key in list(cells):
            if key not in checked:
                _blank_if_unsure(cells, key, "no identity can check the reading (a cell blank)")
    for key in report.proactive:
        _blank_if_unsure(
            report.proactive, key, "table 二 has no identity to check the reading against"
        )


def _blank_if_unsure(cells: dict, key, why: str) -> None:
    """Blank an OCR'd cell nothing can check when a glyph of it is very unsure (UNSURE)."""
    v = cells[key]
    doubts = _doubts(v) if v.value is not None and is_ocr(v) else []
    if any(d.conf < UNSURE for d in doubts):
        cells[key] = replace(v, value=None, note=_note(v, _alternatives(v, doubts), why))


def _checkable(cells: dict, equations) -> set:
    """The cells in at least one identity whose every cell is known."""
    out: set = set()
    for _, left, right in equations:
        keys = (*left, *right)
        if all(cells.get(k) is not None and cells[k].value is not None for k in keys):
            out.update(keys)
    return out


def _blank_lost(cells: dict, table: str) -> None:
    """A cell OCR did not find is blank (its implied value only derived). The other cells of its
    layout (table 三's row, table 四 whole) were placed by counting the readings around it: if
    one of those readings is in doubt, it may be a stray mark (a rule's remnant read as "1")
    that took a cell's place, so none of them is published either."""
    layouts: dict = {}
    for key in cells:
        layouts.setdefault(key[0] if table == "requests" else table, []).append(key)
    for keys in layouts.values():
        lost = [k for k in keys if cells[k].where == LOST]
        if not lost:
            continue
        doubted = any(
            is_ocr(cells[k]) and cells[k].value is not None and _doubts(cells[k]) for k in keys
        )
        for k in keys:
            v = cells[k]
            if k in lost and v.value is not None:
                note = f"a cell OCR did not find; the identities imply {v.value:g}: left blank"
            elif doubted and k not in lost and v.value is not None:
                note = (
                    f"OCR read {v.raw!r}, placed by counting readings around a cell OCR did not "
                    "find, one of them in doubt (it may be a stray mark): left blank"
                )
            else:
                continue
            cells[k] = replace(
                v, value=None, note=f"{v.note}; {note}" if v.note and k not in lost else note
            )


def _explaining(cells: dict, equations) -> dict:
    """Cells to blank: key → (alternative values, the failed identities)."""
    grid = {k: v.value for k, v in cells.items()}
    failed = []
    for family, left, right in equations:
        lv, rv = identities._sum_known(grid, left), identities._sum_known(grid, right)
        if lv is not None and rv is not None and lv != rv:
            failed.append((family, left, right, lv - rv))
    out: dict = {}
    for family, left, right, diff in failed:
        why = f"{family} fails by {diff:g}"
        doubtful = {}
        for k in dict.fromkeys((*left, *right)):
            v = cells.get(k)
            if v is not None and v.value is not None and is_ocr(v) and (d := _doubts(v)):
                doubtful[k] = _alternatives(v, d)
        if not doubtful:
            continue  # read with confidence: the document's own inconsistency, flagged by checks
        # An alternative of a left cell lowers the difference by (value − alternative).
        sign = {k: 1 for k in left} | {k: -1 for k in right}
        explains = {
            k: alts
            for k, alts in doubtful.items()
            if any(sign[k] * (cells[k].value - a) == diff for a in alts)
        }
        for k, alts in explains.items():
            prev = out.get(k)
            out[k] = (alts, why if prev is None else f"{prev[1]}; {why}")
    return out


def _doubts(v: Value) -> list[Doubt]:
    """The doubtful glyphs of a cell's reading that are in its raw text."""
    got = read_back(v.where)
    if got is None:
        return []
    doubts = got[1]
    chars = re.sub(r"\s", "", v.raw)
    if " chars " in v.where:  # a piece of a cell: its own glyphs are not known by index
        return [d for d in doubts if d.read in chars]
    return [d for d in doubts if d.index < len(chars) and chars[d.index] == d.read]


def _alternatives(v: Value, doubts: list[Doubt]) -> list[int]:
    """Values the cell would have with its doubtful glyphs read as what they could be."""
    chars = list(re.sub(r"\s", "", v.raw))
    positions = []
    for d in doubts:
        at = (
            [d.index]
            if d.index < len(chars) and chars[d.index] == d.read
            else [i for i, c in enumerate(chars) if c == d.read]
        )
        positions += [(i, d.could_be) for i in at]
    out = []
    for choice in itertools.product(*[[chars[i], *could] for i, could in positions]):
        text = chars.copy()
        for (i, _), c in zip(positions, choice):
            text[i] = c
        digits = "".join(text)
        if digits.isdigit() and int(digits) != v.value and int(digits) not in out:
            out.append(int(digits))
        if len(out) >= _MAX_ALTERNATIVES:
            break
    return out


def _note(v: Value, alternatives: list[int], why: str) -> str:
    could = ", ".join(map(str, alternatives)) if alternatives else "unknown"
    note = f"OCR read {v.raw!r}, unsure (could be {could}); {why}: left blank"
    return f"{v.note}; {note}" if v.note else note
