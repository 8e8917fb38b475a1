"""MHTML (.mht, .mhtml): a web page and its pictures in one MIME message, as browsers save a page
("web archive") and Word a "single file web page", and as some office systems export their
'.doc' files.

Python's email package takes the message apart. Its page (the part the message names as its
start, else its first HTML part) is read by the HTML backend in the charset the part declares.
The pictures its img tags name, by the parts' Content-Location (relative to the page's own) or
Content-ID (``cid:``), go to ``pictures.Pictures`` as a Word file's do: counted, and read by OCR
where they stand when the statutory tables are not in the text.
"""

from __future__ import annotations

import email
from email.message import Message
from email.utils import collapse_rfc2231_value
from urllib.parse import urljoin

from ..document import Document
from ..errors import UnsupportedFormat
from . import html
from .pictures import Pictures


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The page's lines; ``ocr_pages``: its pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    message = email.message_from_bytes(data)
    parts = [p for p in message.walk() if not p.is_multipart()]
    page = _start(message, parts)
    if page is None:
        raise UnsupportedFormat("MHTML without a web page inside")
    base = str(page.get("Content-Location") or "")  # (str: a header may come as a Header)
    named: dict[str, Message] = {}
    for part in parts:
        if location := part.get("Content-Location"):
            named.setdefault(urljoin(base, str(location).strip()), part)
        if cid := part.get("Content-ID"):
            named.setdefault("cid:" + str(cid).strip().strip("<>"), part)

    def blob(src: str) -> bytes | None:
        part = named.get(src) or named.get(urljoin(base, src))
        data = part.get_payload(decode=True) if part is not None and part is not page else None
        return data if isinstance(data, bytes) else None

    markup = page.get_payload(decode=True)
    if not isinstance(markup, bytes) or not markup.strip():
        raise UnsupportedFormat("MHTML whose web page is empty")
    return html.page(markup, page.get_content_charset(), Pictures(ocr_pages), blob)


def _start(message: Message, parts: list[Message]) -> Message | None:
    """The part the message starts with (multipart/related's start parameter), else its first
    HTML part."""
    start = collapse_rfc2231_value(message.get_param("start") or "").strip("<>")
    if start:
        for part in parts:
            if str(part.get("Content-ID") or "").strip().strip("<>") == start:
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)
