"""The one normaliser every backend calls on every cell text, once per document.

- traditional → simplified (OpenCC ``t2s``; not ``tw2sp``, which rewrites vocabulary): the whole
  text when the document is traditional (the pure-Python converter costs ~12 ms per report), else
  only the cells holding traditional-only characters; then the few Taiwan words a mirror's
  converter may have put in the tables' wording back (资讯 → 信息);
- pinyin that mirror sites insert after characters (``區(qū)``) is dropped: only a parenthesised
  single tone-marked syllable right after a CJK character, so ``(一)`` and ``(本列数据...)`` survive;
- ``?`` and zero-width debris beside digits (``?0``, ``0?``) and lone ``?`` cells are dropped;
- HTML character references a crawl left in its text (``&nbsp;``, ``&#12288;``, ``&amp;``) →
  their characters: a blank cell printed ``&nbsp;`` is blank, not a label;
- radical glyphs → the ideographs they stand for (``⼈⺠`` → ``人民``): a PDF font whose map names
  its glyphs by the Kangxi and CJK radical code points, as many Word and WPS exports embed;
- full-width digits → ASCII, NBSP and ideographic space → space, whitespace runs collapsed.
"""

from __future__ import annotations

import html
import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .document import Cell, Document, Line, SourceFormat

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han character of the unified blocks: what makes text Chinese to the backends.
HAN = re.compile(r"[\u3400-\u9fff]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(
    rf"(?<=[{_CJK}])[(（]\s*(?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\s*[)）]"
)
# Zero-width spaces, joiners, marks and BOMs (a character class's body).
# (a soft hyphen too: HTML's &shy;, shown only where a line breaks, had parted a number in two)
ZERO_WIDTH = "\u00ad\u200b-\u200f\u2060-\u2064\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# What a lossy decode or OCR leaves for a lost character or a speck beside a digit.
SPECKS = "?？\ufffd"
_DIGIT_DEBRIS = re.compile(f"[{SPECKS}]+(?=\\d)|(?<=\\d)[{SPECKS}]+")
_ONLY_DEBRIS = re.compile(f"[{SPECKS}]+")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
# A page number printed between two parts of a table ("- 3 -", "第3页", "共9页 第6页", "3/9"): page
# furniture.
PAGE_NUMBER = re.compile(
    r"^(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[/，,]?\s*第\s*\d+\s*页|\d{1,3}\s*/\s*\d{1,3})$"
)
# The radical code points a font may give its glyphs, to the ideographs: every Kangxi radical
# (U+2F00-U+2FD5) by its compatibility mapping; of the radicals supplement (U+2E80-U+2EF3, no
# mapping), those that are whole characters, as Unicode's EquivalentUnifiedIdeograph.txt pairs them;
# compatibility ideographs (U+F900-U+FAFF) by their canonical ones.
_SUPPLEMENT = dict(
    zip(
        "⺟⺠⻄⻅⻆⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
        "母民西见角贝车钅长门青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟",
        strict=True,
    )
)
_PLAIN = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
        **_SUPPLEMENT,
        **{
            chr(c): unicodedata.normalize("NFC", chr(c))
            for c in range(0xF900, 0xFB00)
            if len(unicodedata.normalize("NFC", chr(c))) == 1
        },
    }
)
# Whitespace in a wrapped grid cell is layout, not text, wherever it touches a CJK character or
# full-width punctuation ("商业\n企业", "情 形").
_CJKISH = rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]"
_WRAP_SPACE = re.compile(rf"(?<={_CJKISH})\s+|\s+(?={_CJKISH})")
_WHITESPACE = re.compile(r"\s+")
# Box-drawing characters: a table's rules drawn in text (w3m's, a pasted one's), no text.
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]+")
# A line break of running text between two CJK characters: a browser shows none (CSS Text's
# segment break rule), where a page's source was wrapped at its width ('上海市人民政\n府办公厅').
_SEGMENT_BREAK = re.compile(rf"(?<={_CJKISH})[^\S\n]*\n\s*(?={_CJKISH})")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # imported lazily: loading the dictionaries takes ~0.1 s

    return OpenCC("t2s")


# Taiwan wording a mirror site's converter (OpenCC s2twp) put in, back to the mainland's where
# the tables and agencies' names need it: 政府資訊公開, 工業和資訊化廳, 規範性檔案. Only these
# compounds: 档案 and 资料 are also words of their own (档案局).
_TAIWAN_WORDS = {
    "资讯": "信息",
    "规范性档案": "规范性文件",
    "公开档案": "公开文件",
    "资料管理局": "数据管理局",
    "本列资料": "本列数据",
}
_TAIWAN_RE = re.compile("|".join(_TAIWAN_WORDS))


def _mainland(text: str) -> str:
    return _TAIWAN_RE.sub(lambda m: _TAIWAN_WORDS[m[0]], text)


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern:
    """Characters only traditional script writes: those OpenCC's t2s table changes that are no
    simplified character themselves (乾 and 著 are, and count for neither script). (Read from
    the library's table, not imported with it: most reports never need the converter.)"""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("opencc is not installed: its character tables are needed")
    tables = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    simplified = {ln.split("\t")[0] for ln in _rows(tables / "STCharacters.txt")}
    only = {
        k
        for k, v in (ln.split("\t") for ln in _rows(tables / "TSCharacters.txt"))
        if len(k) == 1 and k not in v.split() and k not in simplified
    }
    return re.compile("[" + "".join(sorted(only)) + "]")


def _rows(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def without_zero_width(text: str) -> str:
    """The text without zero-width characters (spaces, joiners, marks, BOMs): crawled pages carry
    them, invisible, and they take no column where a table is aligned by characters."""
    return _ZERO_WIDTH.sub("", text)


@lru_cache(maxsize=8192)
def char_columns(ch: str) -> int:
    """Columns a character takes where text is set in fixed columns: a wide (Chinese) one two."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def is_traditional(text: str) -> bool:
    """True when traditional-only characters make up a noticeable share of the text."""
    return _mostly_traditional(len(_traditional_re().findall(text)), len(text))


def _mostly_traditional(hits: int, length: int) -> bool:
    return hits >= 3 and hits * 200 >= length


def _traditional_cell(text: str) -> bool:
    """A cell written in traditional script, not a simplified one with a stray character: two
    of its characters in every 40 or more (a title's 公開 and 報告 give two, and a long agency
    may write no other: '黃南藏族自治州同仁市城市管理局…' had stayed traditional at one in 10)."""
    hits = len(_traditional_re().findall(text))
    return hits >= 2 and hits * _CELL_SHARE >= len(text)


_CELL_SHARE = 20  # characters a cell may hold for each traditional-only one among them


def without_segment_breaks(text: str) -> str:
    """Running text of a page as a browser shows it: no break where the source's lines wrapped
    between CJK characters (other breaks are a space, as whitespace is)."""
    return _SEGMENT_BREAK.sub("", text)


def without_rules(text: str) -> str:
    """Running text without the rules of a table drawn in it ('│行政处罚│103│0│37│' on one line,
    a drawn table flattened): read with them, 103 had been split as digits run together."""
    return _BOX_DRAWING.sub(" ", text)


def join_wrapped(text: str) -> str:
    """Text of one grid cell (PDF, HTML, Word): drop the line breaks and letter spacing that
    layout put between CJK characters; other whitespace becomes one space."""
    return _WHITESPACE.sub(" ", _WRAP_SPACE.sub("", text)).strip()


_CACHED = 200  # cells up to this long are memoised: reports repeat "0", "" and their labels


def clean(text: str) -> str:
    """Everything except the script conversion (which is decided per document)."""
    return _cached_clean(text) if len(text) <= _CACHED else _clean(text)


@lru_cache(maxsize=65536)
def _cached_clean(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    if "&" in text:
        text = _REFERENCE.sub(lambda m: html.unescape(m[0]), text)
    text = without_zero_width(text).translate(_PLAIN)
    text = _PINYIN.sub("", text)
    text = _DIGIT_DEBRIS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return "" if _ONLY_DEBRIS.fullmatch(text) else text


def document(lines: list[Line], fmt: SourceFormat, notes: list[str] | None = None) -> Document:
    """Normalise every cell of a backend's lines and wrap them in a Document."""
    notes = list(notes or [])
    raw = [c.text for ln in lines for c in ln.cells]
    texts = [clean(t).replace("\n", " ") for t in raw]
    joined = "\n".join(texts)
    hits = len(_traditional_re().findall(joined))  # (one scan of the text for both tests below)
    if _mostly_traditional(hits, len(joined)):
        # One conversion of the whole text: per-cell calls would pay the converter's overhead
        # hundreds of times. Cells hold no newlines, so splitting gives the cells back.
        texts = _mainland(_t2s().convert(joined)).split("\n")
        notes.append("converted from traditional characters")
    elif hits and (mixed := [i for i, t in enumerate(texts) if _traditional_cell(t)]):
        # A simplified page with a few traditional cells (a title a mirror kept as it was): those
        # cells alone, so that the agency and its place are read in the script the library has.
        for i in mixed:
            texts[i] = _mainland(_t2s().convert(texts[i]))
        notes.append(f"{len(mixed)} cells converted from traditional characters")
    if texts == raw:  # nothing to normalise: the lines are kept as they are
        return Document(lines=list(lines), format=fmt, notes=notes)
    out = []
    at = 0
    for ln in lines:
        new = texts[at : at + len(ln.cells)]
        at += len(new)
        # (a cell, or a whole line, that normalising left unchanged is kept as it is)
        if new == [c.text for c in ln.cells]:
            out.append(ln)
        else:
            out.append(
                Line(
                    tuple(c if t == c.text else Cell(t, c.where) for c, t in zip(ln.cells, new)),
                    is_row=ln.is_row,
                )
            )
    return Document(lines=out, format=fmt, notes=notes)
