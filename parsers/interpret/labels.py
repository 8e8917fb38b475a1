"""Label normalisation shared by every table reader: one key for all the ways a label is printed
(half/full-width brackets, spaces inside labels, quote variants, 合计/总计 handled by the templates'
``match`` lists)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(
    r"[\s\u200b-\u200f\ufeff\"'“”‘’「」『』《》〈〉()（）\[\]【】、，,。.．:：;；·•\-—_]"
)


def label_key(text: str) -> str:
    """NFKC-fold (full-width → half-width), then drop spaces, brackets, quotes and punctuation."""
    if len(text) <= 200:  # labels repeat within a report and across reports
        return _cached_key(text)
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def _cached_key(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def keys(fragments: tuple[str, ...]) -> tuple[str, ...]:
    """label_key of each of a template label's match fragments, computed once."""
    return tuple(label_key(f) for f in fragments)
