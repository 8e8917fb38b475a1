"""Text from files and documents as a terminal may show it: a name holding a newline or an escape
sequence must not forge or recolour a line of ogi's output."""

from __future__ import annotations

import unicodedata


def shown(value: object) -> str:
    """`value` as text with every control, format or unassigned character escaped (\\n, \\x1b,
    \\u202e), so that what is printed is one line of inert characters."""
    return "".join(_escape(c) for c in str(value))


def _escape(char: str) -> str:
    if unicodedata.category(char)[0] != "C":
        return char
    code = ord(char)
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
