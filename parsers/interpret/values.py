"""Reading one table cell: a count, a signed change (table 二's 本年增/减) or an amount of money.

A blank cell is missing (None), never zero; a dash, slash or 无 means "not applicable" (None with a
note). Everything else must be a whole number once the debris that converters leave beside digits
(full-width forms, thousands separators, ``?`` and zero-width characters, a trailing unit) is
removed; anything that still is not a number is None with a note saying why, so a misread cell
never becomes a wrong number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..normalize import SPECKS, ZERO_WIDTH

NOT_APPLICABLE = "not applicable"

# Zero-width and BOM characters, and the `?`/replacement characters a lossy decode leaves behind.
_DEBRIS = re.compile(f"[{ZERO_WIDTH}{SPECKS}]")
# `?` between two digits may stand for a lost separator: 0?0 could be two cells.
_SPLIT_DEBRIS = re.compile(f"\\d[{SPECKS}]+\\d")
_DASHES = re.compile(r"^[-‐‑‒–—―－─━~～/／\\、.·…]+$")
_NA_WORDS = {"无", "/无", "无/", "不适用", "空", "none", "n/a", "na"}
# A count's unit printed in its cell ('9件', '3起', '12人次'), cut off before the digits are read.
COUNT_UNITS = "件|个|条|项|人次|次|人|起|宗|例"
_UNITS = re.compile(f"({COUNT_UNITS})$")
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


# Digits on both sides of a blank: "3 16" may be two values run into one cell (a lost rule, a
# ragged row) as well as 316, and "1 234" two values as well as 1234 grouped by a space.
_PARTED_DIGITS = re.compile(r"\d\s+\d")


def _parse(text: str, signed: bool) -> tuple[int | None, str | None]:
    folded = _fold_width(text).strip()
    if _PARTED_DIGITS.search(folded):
        return None, f"unreadable: digits parted by a blank in {folded!r} (two values in one cell?)"
    s = _WHITESPACE.sub("", folded)
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
    if re.fullmatch(r"\d+\.\d+", s):  # '6.0' is 6 printed with decimals, or a speck in 60
        return None, f"unreadable: a count with a decimal point in {text.strip()!r}"
    if not s.isascii() or not s.isdigit():
        return None, f"unreadable: {text.strip()!r}"
    if len(s) > _MAX_DIGITS:
        return None, f"unreadable: a run of {len(s)} digits"
    return sign * int(s), "; ".join(notes) or None


# ---- table 二: changes and money ----------------------------------------------------------------

_MAX_CHANGE_DIGITS = 15  # longer digit strings are no table value

_UNIT_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}


_FOLD_DROP = re.compile(r"[\s?\u200b-\u200f\ufeff]")


def _fold(text: str) -> str:
    return _FOLD_DROP.sub("", _fold_width(text))


def parse_change(text: str) -> tuple[int | None, str | None]:
    """本年增/减: '增3' → 3, '减2' / '-2' → -2, '持平' → 0; otherwise as a count. Never raises."""
    if not isinstance(text, str):
        return None, "unreadable: not text"
    s = _fold(text)
    m = re.fullmatch(
        r"(增加?|增长|新增|\+)(\d{1,15})[件个项]?|(减少?|下降|[-−—])(\d{1,15})[件个项]?", s
    )
    if m:
        return (int(m[2]), None) if m[2] else (-int(m[4]), None)
    if s in ("持平", "无变化", "不变"):
        return 0, f"{text.strip()!r} read as 0"
    if len(re.sub(r"\D", "", s)) > _MAX_CHANGE_DIGITS:
        return None, f"unreadable: {len(s)} characters of digits"
    return parse_count(text, signed=True)


_YUAN = re.compile(r"(?:^|[\d（(:：额位])元(?:$|[)）])")


@lru_cache(maxsize=4096)  # headers repeat on every row of table 二
def unit_of(text: str) -> str | None:
    """The money unit a cell or header names: '（单位：万元）', '7.88万元', '（元）'; also once
    label_key dropped the brackets (header text run together with a row label: '金额元')."""
    if "元" not in text:
        return None
    s = _fold(text)
    for unit in ("亿元", "千元", "万元"):
        if unit in s:
            return unit
    return "元" if _YUAN.search(s) else None


def parse_money(text: str, unit: str | None = "元") -> tuple[int | float | None, str | None]:
    """An amount in yuan. A unit in the cell wins over `unit` (the header's or the template's
    default). Integral amounts are ints. Never raises."""
    if not isinstance(text, str):
        return None, "unreadable: not text"
    s = _fold(text)
    if not s:
        return None, None
    if not re.search(r"\d", s) and parse_count(s)[1] == NOT_APPLICABLE:
        return None, NOT_APPLICABLE
    m = re.fullmatch(
        r"(\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,15})?)(亿元|千元|万元|万|元)?", s.replace("，", ",")
    )
    if not m:
        return None, f"unreadable amount: {text.strip()!r}"
    used = m[2] or unit or "元"
    decimals = len(m[1].partition(".")[2])
    if used in _UNIT_FACTORS and decimals > 2 + _UNIT_FACTORS[used].adjusted():  # 万元: 2 + 4
        # (finer than a fen: a speck read as a point, '7.8800' for 78800; or a unit not printed)
        return None, f"unreadable amount: {text.strip()!r} has more decimals than fen in {used}"
    try:
        amount = Decimal(m[1].replace(",", "")) * _UNIT_FACTORS[used]
    except (InvalidOperation, KeyError):
        return None, f"unreadable amount: {text.strip()!r}"
    value = int(amount) if amount == amount.to_integral_value() else float(amount)
    return value, None if used == "元" else f"{m[1]} {used} in yuan"
