"""Who published a report, for which region and which year.

Agency: the report's title, else its signature (the name above the closing date), else the first
agency the body names — never the site a mirror copy was crawled from (a page title's ``_site``
tail is cut off). Region: from the agency's name through the division library (region.py).
Year: the title, else the statistics period (统计期限), else the year a body paragraph opens
with, else the signature date minus one.
"""

from __future__ import annotations

import re

from ..document import Document
from .region import locate
from .result import Metadata

_YEAR = r"((?:19|20)\d{2})\s*年"
# A title: [agency] [year 年(度)] [agency] 政府信息公开(工作)(年度)报告|年报. The parts before it may
# not hold sentence punctuation, so a body sentence quoting the title is no title.
_TITLE = re.compile(
    r"^(?P<pre>[^，。；：:、《》“”\d]{0,40}?)\s*(?:[（(]?" + _YEAR + r"度?[）)]?)?\s*"
    r"(?P<mid>[^，。；：:、《》“”\d]{0,30}?)\s*政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*"
    r"(?:报告|年报)"
)
_LEADERS = re.compile(r"^(?:#+\s*|标题\s*[:：]\s*|关于\s*|现将\s*)+")
_TITLE_WITHIN = 60  # lines: a title sits at the top (after a crawled page's navigation at most)
_DATE = re.compile(r"[（(]?" + _YEAR + r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日[）)]?")
_PERIOD = re.compile(r"统计(?:期限|期间|时限|周期)[^0-9\n]{0,12}" + _YEAR)
_OPENING = re.compile(r"^" + _YEAR + r"(?:度)?[，,、]")
_SENTENCE = re.compile(r"[，。；：:、,;！？!?《》“”]")
_AGENCY_END = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|局|厅|委|办|中心|院)"
_BODY_AGENCY = re.compile(r"([\u4e00-\u9fff]{2,30}?" + _AGENCY_END + r")")
_JUNK = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z（）()]")


def _lines(doc: Document) -> list[str]:
    return [" ".join(c.text for c in ln.cells).strip().strip("\u3000 ") for ln in doc.lines]


def _agency_like(text: str) -> bool:
    return 2 < len(text) <= 40 and not _SENTENCE.search(text) and not re.search(r"\d", text)


def _title(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) from the first title line; an agency printed on the line above a bare
    title ('湘桥区人力资源和社会保障局' / '政府信息公开工作年度报告') counts."""
    lines = [x for x in lines if x][:_TITLE_WITHIN]
    for i, line in enumerate(lines):
        m = _TITLE.match(_LEADERS.sub("", line))
        if not m:
            continue
        agency = (m["pre"] or m["mid"]).strip()
        if not agency:
            above = lines[i - 1] if i else ""
            agency = above if _agency_like(above) else None
        return agency or None, int(m[2]) if m[2] else None
    return None, None


def _signature(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) of the last dated line of the report and the name just above it."""
    for i in range(len(lines) - 1, -1, -1):
        line = _JUNK.sub("", lines[i])
        m = _DATE.fullmatch(line) or _DATE.search(line)
        if not m or len(line) > 40:
            continue
        name = line[: m.start()] or next((x for x in reversed(lines[:i]) if x.strip("?？ ")), "")
        name = _JUNK.sub("", name)
        return (name if _agency_like(name) else None), int(m[1])
    return None, None


def _body_agency(lines: list[str]) -> str | None:
    """The first agency-like name in the body that names a division."""
    for line in lines:
        for m in _BODY_AGENCY.finditer(line):
            name = re.sub(r"^.*?(?:\d{4}年度?|[年，,])", "", m[1])
            if locate(name).division:
                return name
    return None


def _year(lines: list[str], title_year: int | None, signed_year: int | None) -> tuple[int | None, str | None]:
    if title_year:
        return title_year, None
    for line in lines:
        if m := _PERIOD.search(line):
            return int(m[1]), "year from the statistics period"
    for line in lines:
        if m := _OPENING.match(line):
            return int(m[1]), "year from the body's opening"
    if signed_year:
        return signed_year - 1, "year: signature date minus one"
    return None, "no report year found"


def read(doc: Document) -> Metadata:
    lines = _lines(doc)
    notes: list[str] = []
    agency, title_year = _title(lines)
    signed, signed_year = _signature(lines)
    if not agency:
        agency = signed or _body_agency(lines)
        notes.append("agency from the signature" if signed else "agency from the body")
    year, why = _year(lines, title_year, signed_year)
    if why:
        notes.append(why)
    meta = Metadata(agency=agency, report_year=year, notes=notes)
    if not agency:
        notes.append("no agency found")
        return meta
    place = locate(agency, "\n".join(lines))
    notes.extend(place.notes)
    if place.corrected:
        meta.agency = agency.replace(*place.corrected)
    if place.division:
        d = place.division
        meta.province, meta.city, meta.county, meta.admin_code = d.province, d.city, d.county, d.code
    return meta
