"""Label normalisation shared by every table reader: one key for all the ways a label is printed
(half/full-width brackets, spaces inside labels, quote variants, 合计/总计 handled by the templates'
``match`` lists)."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\u200b-\u200f\ufeff\"'“”‘’「」『』《》〈〉()（）\[\]【】、，,。.．:：;；·•\-—_]")


def label_key(text: str) -> str:
    """NFKC-fold (full-width → half-width), then drop spaces, brackets, quotes and punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))
