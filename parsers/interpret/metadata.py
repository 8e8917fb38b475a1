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
    r"(?P<mid>[^，。；：:、《》“”\d]{0,30}?)\s*政府信息公开\s*(?:工作)?\s*"
    r"(?:(?P<late>(?:19|20)\d{2})\s*年度?)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
)
# "…人民政府关于2022年政府信息公开工作年度报告": the preposition is not part of the agency.
_ABOUT = re.compile(r"\s*关于$")
_LEADERS = re.compile(r"^(?:#+\s*|标题\s*[:：]\s*|关于\s*|现将\s*)+")
_TITLE_WITHIN = 60  # lines: a title sits at the top (after a crawled page's navigation at most)
_DATE = re.compile(r"[（(]?(?:" + _YEAR + r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日|((?:19|20)\d{2})"
                   r"[-./]\d{1,2}[-./]\d{1,2})[）)]?")
# Dates and years written in Chinese numerals (二〇二三年一月十日).
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=\s*年)")
_CN_DAY = re.compile(r"(?<=[年月])\s*([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=\s*[月日])")
_PERIOD = re.compile(r"统计(?:期限|期间|时限|周期)[^0-9\n]{0,12}" + _YEAR)
_OPENING = re.compile(r"^" + _YEAR + r"(?:度)?[，,、]")
_SENTENCE = re.compile(r"[，。；：:、,;！？!?《》“”]")
_AGENCY_END = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|局|厅|委|办|中心|院)"
_BODY_AGENCY = re.compile(r"([\u4e00-\u9fff]{2,30}?" + _AGENCY_END + r")")
_JUNK = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z（）()]")
_DATE_JUNK = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z（）()\-./]")  # keeps 2023-01-10's separators
_YEAR_TAIL = re.compile(r"(.*?)\s*[（(]?" + _YEAR + r"度?[）)]?")


def _lines(doc: Document) -> list[str]:
    return [_arabic(" ".join(c.text for c in ln.cells).strip().strip("\u3000 ")) for ln in doc.lines]


def _arabic(text: str) -> str:
    """Years, months and days in Chinese numerals as digits: 二〇二三年一月十日 → 2023年1月10日."""
    if "年" not in text:  # (both patterns need one: most lines are left alone at once)
        return text
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group()), text)

    def day(m: re.Match) -> str:
        tens, _, units = m.group(1).rpartition("十")
        if "十" not in m.group(1):
            return _CN_DIGITS[units]
        return str(10 * (int(_CN_DIGITS[tens]) if tens else 1) + (int(_CN_DIGITS[units]) if units else 0))

    return _CN_DAY.sub(day, text)


def _agency_like(text: str) -> bool:
    return 2 < len(text) <= 40 and not _SENTENCE.search(text) and not re.search(r"\d", text)


def _title(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) from the first title line; an agency printed on the line above a bare
    title ('湘桥区人力资源和社会保障局' / '政府信息公开工作年度报告') counts."""
    lines = [x for x in lines if x][:_TITLE_WITHIN]
    for i, line in enumerate(lines):
        m = _TITLE.match(_LEADERS.sub("", line))
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not m and following and not _TITLE.match(_LEADERS.sub("", following)):
            m = _TITLE.match(_LEADERS.sub("", line + following))  # a title split over two lines
        if not m:
            continue
        agency = _ABOUT.sub("", m["pre"] or m["mid"]).strip()
        year = m[2] or m["late"]
        if not agency and i:  # the agency (and maybe the year) on the line above a bare title
            above = _YEAR_TAIL.fullmatch(lines[i - 1])
            name = above[1] if above else lines[i - 1]
            agency = name if _agency_like(name) else None
            year = year or (above[2] if above and agency else None)
        return agency or None, int(year) if year else None
    return None, None


def _signature(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) of the last dated line of the report and the name just above it."""
    for i in range(len(lines) - 1, -1, -1):
        line = _DATE_JUNK.sub("", lines[i])
        m = _DATE.fullmatch(line) or _DATE.search(line)
        if not m or len(line) > 40:
            continue
        name = line[: m.start()] or next((x for x in reversed(lines[:i]) if x.strip("?？ ")), "")
        name = _JUNK.sub("", name)
        return (name if _agency_like(name) else None), int(m[1] or m[2])
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
