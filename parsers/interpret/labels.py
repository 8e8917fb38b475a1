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

_SHORT = 200  # characters: a label; labels repeat within a report and across reports
# A paragraph of running text is a label token too, keyed by each table reader's search of the
# document (tables 三 and 四 look for their titles in every label): the last few are kept.
_PARAGRAPH = 5_000


def label_key(text: str) -> str:
    """NFKC-fold (full-width → half-width), then drop spaces, brackets, quotes and punctuation."""
    if len(text) <= _SHORT:
        return _cached_key(text)
    if len(text) <= _PARAGRAPH:
        return _cached_paragraph_key(text)
    return _key(text)


def _key(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


_cached_key = lru_cache(maxsize=65536)(_key)
_cached_paragraph_key = lru_cache(maxsize=256)(_key)  # (a report's paragraphs, not more)


@lru_cache(maxsize=4096)
def keys(fragments: tuple[str, ...]) -> tuple[str, ...]:
    """label_key of each of a template label's match fragments, computed once."""
    return tuple(label_key(f) for f in fragments)
