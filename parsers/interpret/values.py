"""Reading one table cell as a count.

A blank cell is missing (None), never zero; a dash, slash or 无 means "not applicable" (None with a
note). Everything else must be a whole number once the debris that converters leave beside digits
(full-width forms, thousands separators, ``?`` and zero-width characters, a trailing unit) is
removed; anything that still is not a number is None with a note saying why, so a misread cell
never becomes a wrong number.
"""

from __future__ import annotations

import re
from functools import lru_cache

NOT_APPLICABLE = "not applicable"

# Zero-width and BOM characters, and the `?`/replacement characters a lossy decode leaves behind.
_DEBRIS = re.compile(r"[\u200b-\u200f\u2060\ufeff\ufffd?？]")
# `?` between two digits may stand for a lost separator: 0?0 could be two cells.
_SPLIT_DEBRIS = re.compile(r"\d[?？\ufffd]+\d")
_DASHES = re.compile(r"^[-‐‑‒–—―－─━~～/／\\、.·…]+$")
_NA_WORDS = {"无", "/无", "无/", "不适用", "空", "none", "n/a", "na"}
_UNITS = re.compile(r"(件|个|条|项|次|人|起|宗|例)$")
_THOUSANDS = re.compile(r"^\d{1,3}([,，]\d{3})+$")
_WHITESPACE = re.compile(r"\s+")


_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def _fold_width(text: str) -> str:
    """Full-width forms to ASCII only; NFKC would also turn ② or a footnote ² into a digit."""
    return text.translate(_FOLD)


_CACHED = 200  # cells up to this long are memoised: a report repeats "0" and its labels


def parse_count(text: str, *, signed: bool = False) -> tuple[int | None, str | None]:
    """(value, note) for one cell. Never raises. ``signed`` allows a leading minus (table 二's
    本年增/减); table counts are never negative."""
    if not isinstance(text, str):
        return None, "unreadable: not text"
    if text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS:
        return int(text), None  # the common case: a plain count
    if len(text) <= _CACHED:
        return _parse_count(text, signed)
    return _parse(text, signed)


_MAX_DIGITS = 4000  # int() refuses more than 4300 digits; no count is that long


@lru_cache(maxsize=65536)
def _parse_count(text: str, signed: bool) -> tuple[int | None, str | None]:
    return _parse(text, signed)


def _parse(text: str, signed: bool) -> tuple[int | None, str | None]:
    s = _WHITESPACE.sub("", _fold_width(text))
    if _SPLIT_DEBRIS.search(s):
        return None, f"unreadable: debris between digits in {text.strip()!r}"
    cleaned = _DEBRIS.sub("", s)
    notes = []
    if cleaned != s and cleaned:
        notes.append(f"removed debris from {text.strip()!r}")
    s = cleaned
    if not s:
        return None, None if not notes else "only debris: " + repr(text.strip())
    if _DASHES.match(s) or s.lower() in _NA_WORDS:
        return None, NOT_APPLICABLE
    sign = 1
    if signed and s[0] in "-−":
        sign, s = -1, s[1:]
    unit = _UNITS.search(s)
    if unit and s[: unit.start()]:
        s = s[: unit.start()]
    if _THOUSANDS.match(s):
        s = re.sub(r"[,，]", "", s)
        notes.append("thousands separator")
    if re.fullmatch(r"\d+\.0+", s):
        s = s.split(".")[0]
    if not s.isascii() or not s.isdigit():
        return None, f"unreadable: {text.strip()!r}"
    if len(s) > _MAX_DIGITS:
        return None, f"unreadable: a run of {len(s)} digits"
    return sign * int(s), "; ".join(notes) or None
