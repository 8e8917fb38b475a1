"""Who published a report, for which region and which year.

Agency: the report's title (the report's owner, not an office forwarding it), else its
signature (the name above the closing date), else a portal's info box (发布机构), else the first
agency the body names — never the site a mirror copy was crawled from (a page title's ``_site``
tail is cut off). Region: from the agency's name through the division library (region.py).
Year: the title (of several a portal lists, the report's own), else the statistics period
(统计期限), else the sentence saying it publishes the report (现公布2023年度…报告), else the year a
body paragraph opens with, else the signature date minus one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document
from .region import by_name, locate
from .result import Metadata

_YEAR = r"((?:19|20)\d{2})\s*年"
# A title: [agency] [year 年(度)] [agency] (政府)信息公开|政务公开(工作)(情况)(的)(年度)报告|年报.
# The parts before it may not hold sentence punctuation or title marks (《》〈〉), so a body
# sentence quoting a title, or naming the notice on the report's format (…关于印发〈…年度报告格式〉
# 的通知), is no title.
# Nor breadcrumb separators: '首页 > 政务公开 > 政府信息公开年报' is navigation. Traditional forms
# (公開, 報告) are read where a simplified page keeps a traditional title. A people's government's
# title shares its 政府 with 政府信息公开 (宜章县人民政府信息公开工作年度报告).
_TITLE = re.compile(
    r"^(?P<pre>[^，。；：:、《》〈〉“”>＞›»|\d]{0,40}?)\s*(?:[（(【\[]?"
    + _YEAR
    + r"度?[）)】\]]?)?\s*"
    r"(?P<mid>[^，。；：:、《》〈〉“”>＞›»|\d]{0,30}?)\s*(?:(?<!人民)(?:政府)?信息|政务)公[开開]\s*(?:工作)?\s*"
    r"(?:情况)?\s*的?\s*"
    r"(?:(?P<late>(?:19|20)\d{2})\s*年度?)?\s*(?:年度)?\s*(?:工作)?\s*(?:[报報]告|年[报報])"
    r"(?:\s*[（(](?P<after>(?:19|20)\d{2})\s*年?度?[）)])?"
)
# "…人民政府关于2022年政府信息公开工作年度报告": the preposition is not part of the agency.
_DISCLOSURE = re.compile(r"(?:信息|政务)公[开開]")  # what every title names
_ABOUT = re.compile(r"\s*关于$")
# '…要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。', '…规定，现公布区统计局
# 2023年…报告。': the report's title within the sentence that opens it.
_COMPILED = re.compile(r"[，,]\s*(?:特|现|今|并)?(?:编制|编写|形成|公布|发布)(?:了|完成)?(?=\S)")
_FORWARD = re.compile(r"^(?:报送|印发|公布|发布|公开|呈报|上报)")  # 关于报送…报告: the sender's own
# A line of the article: a numbered heading (一、总体情况) or a sentence.
_BODY_LINE = re.compile(r"^[一二三四五六七八九十]+、|[，。；]")
# What may precede a title: a markdown heading's marks, a list's bullet, a link's or emphasis's
# opening, a label, a preposition.
_LEADERS = re.compile(
    r"^(?:#+\s*|[•●○◆◇■□▪►▶·]\s*|[-*+]\s+|\[|\*+|标题\s*[:：]\s*|关于\s*|现将\s*)+"
)
_TITLE_WITHIN = (
    100  # lines with Chinese: a title sits at the top (after a portal's navigation at most)
)
_HAN = re.compile(r"[\u4e00-\u9fff]")  # lines without any (markup, image links) are not counted
_DATE = re.compile(
    r"[（(]?(?:" + _YEAR + r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日|((?:19|20)\d{2})"
    r"[-./]\d{1,2}[-./]\d{1,2})[）)]?"
)
# Dates and years written in Chinese numerals (二〇二三年一月十日).
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
}
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=\s*年)")
_CN_DAY = re.compile(
    r"(?<=[年月])\s*([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=\s*[月日])"
)
# The statistics period (本报告所列数据统计期限自2023年1月1日…), or its end (…数据截至2023年12月31日).
_PERIOD = re.compile(
    r"(?:统计(?:数据的?)?(?:期限|期间|时限|周期|时间|时段|区间|起止时间|期)"
    r"|所列数据[^0-9\n，。]{0,6}?(?:时限|期限|时间|期间|区间|范围)"
    r"|报告期(?:为|是|[:：]))[^0-9\n]{0,12}"
    + r"(?:"
    + _YEAR
    + r"|((?:19|20)\d{2})[./-]\d{1,2}[./-]\d{1,2})"  # (2023.1.1-2023.12.31)
    + r"|(?:统计|所列数据)[^0-9\n，。]{0,6}?(?:截至|截止)"
    r"[^0-9\n]{0,8}" + _YEAR + r"\s*12\s*月\s*31\s*日"
)
_OPENING = re.compile(r"^" + _YEAR + r"(?:度)?[，,、]")
# A sentence naming the report it opens ('…规定，现公布2023年度政府信息公开工作年度报告。', '现将
# 某局2023年…报告公布如下'), never one telling of an earlier report ('2023年1月发布了2022年度…').
_NAMING = re.compile(
    r"(?:现|特|今)(?:将|向社会)?(?:予以)?(?:编制|编写|形成|公布|发布)?(?:了|完成)?[^，。；\d]{0,20}?"
    + _YEAR
    + r"度?[^，。；\d]{0,20}?(?:政府信息|政务)公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
)
_SENTENCE = re.compile(r"[，。；：:、,;！？!?《》“”]")
_AGENCY_END = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|局|厅|委|办|中心|院)"
)
# An agency's name ends in a kind of body (…街道办事处, …宣传部); a label before a signature's
# date (发布日期：, 统计期限自) does not.
_AGENCY_KIND = re.compile(r"(?:" + _AGENCY_END + r"|政府|机关|[部处所站队署馆会社校台])$")
# A portal page's info box names the publisher: 发布机构：泰州市财政局.
_INFO_AGENCY = re.compile(r"^(?:发布机构|发文机关|发布单位|信息来源|来源)\s*[:：]\s*(\S+)")
# (not cut inside a longer name: 平潭综合实验区管委会 is no 平潭综合实验区管委)
_BODY_AGENCY = re.compile(r"([\u4e00-\u9fff]{2,30}?" + _AGENCY_END + r")(?![会员])")
_JUNK = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z（）()]")
# A signature's date without its day, on a line of its own (2024年1月).
_MONTH = re.compile(_YEAR + r"\s*\d{1,2}\s*月")
# Where the seal goes, printed after a signature's name: 某局（盖章）.
_SEAL = re.compile(r"[（(](?:盖章|印章|公章|章|印|签章)[）)]$")
_DATE_JUNK = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z（）()\-./]")  # keeps 2023-01-10's separators
_YEAR_TAIL = re.compile(r"(.*?)\s*[（(]?" + _YEAR + r"度?[）)]?")


def _lines(doc: Document) -> list[str]:
    return [_line(_CELLS.join([c.text for c in ln.cells])) for ln in doc.lines]


def _line(text: str) -> str:
    return _cached_line(text) if len(text) <= _CACHED else _line_of(text)


def _line_of(text: str) -> str:
    return _arabic(_unspread(text.strip().strip("\u3000 ")))


_CACHED = 200  # lines up to this long are memoised: a template's headings and labels repeat
_cached_line = lru_cache(maxsize=16384)(_line_of)


_SPREAD = 200  # characters: a letter-spaced heading's line is never longer


def _unspread(line: str) -> str:
    """A heading letter-spaced over the page's width ('广 州 市 … 2 0 2 2 年 政 府 信 息 …'), as
    PDF and Word exports print a centred title, without its spaces: mostly lone characters. (Not
    a page a crawl joined on one line, its labels letter-spaced: its menu's words would run into
    the title.)"""
    if len(line) > _SPREAD:
        return line
    pieces = line.split()
    if len(pieces) < 4 or sum(len(p) == 1 for p in pieces) * 4 < len(pieces) * 3:
        return line
    return "".join(pieces) if _HAN.search(line) else line


_CELLS = "\t"  # between the cells of a line: a title is printed in one of them


def _title_cell(line: str) -> str:
    """The cell of a line that may hold a title: a portal's sidebar printed beside the title
    ('政府信息公开指南 | 某局2019年政府信息公开工作年度报告') is no part of it."""
    cells = [c for c in line.split(_CELLS) if _DISCLOSURE.search(c)]
    cell = cells[-1] if cells else line
    # (a title line in title marks, '《某局2021年政府信息公开工作年度报告》', is the title; a
    # sentence quoting one is not)
    quoted = _QUOTED.fullmatch(cell.strip())
    return quoted[1] if quoted else cell


_QUOTED = re.compile(r"《([^《》]+)》")


def _arabic(text: str) -> str:
    """Years, months and days in Chinese numerals as digits: 二〇二三年一月十日 → 2023年1月10日."""
    if "年" not in text:  # (both patterns need one: most lines are left alone at once)
        return text
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group()), text)

    def day(m: re.Match) -> str:
        tens, _, units = m.group(1).rpartition("十")
        if "十" not in m.group(1):
            return _CN_DIGITS[units]
        return str(
            10 * (int(_CN_DIGITS[tens]) if tens else 1) + (int(_CN_DIGITS[units]) if units else 0)
        )

    return _CN_DAY.sub(day, text)


def _agency_like(text: str) -> bool:
    return 2 < len(text) <= 40 and not _SENTENCE.search(text) and not re.search(r"\d", text)


def _titles(lines: list[str], within: range):
    """(line, agency, year) of each title among lines[within]; an agency printed on the line above
    a bare title ('湘桥区人力资源和社会保障局' / '政府信息公开工作年度报告') counts."""
    for i in within:
        line = _title_cell(lines[i])
        following = _title_cell(lines[i + 1]) if i + 1 < len(lines) else ""
        if not _DISCLOSURE.search(line + following):
            continue  # (the title pattern is slow to fail; most lines skip it)
        m = _title_line(_LEADERS.sub("", line))
        for at in _DISCLOSURE.finditer(line) if not m and "|" in line else ():
            # (a page joined on one line: the portal's menu, its links parted by pipes, first;
            # '政务公开' may be one of its links)
            if m := _title_line(line[line.rfind("|", 0, at.start()) + 1 :].strip()):
                break
        if not m and (named := _COMPILED.search(line)):
            m = _TITLE.match(line[named.end() :])  # no title line: the opening sentence names it
        if not m and following and not _TITLE.match(_LEADERS.sub("", following)):
            m = _title_line(_LEADERS.sub("", line + following))  # a title split over two lines
        if not m:
            continue
        agency, year = _reading(m)
        if agency and _NOT_AN_AGENCY.search(agency):
            continue  # navigation run together: '政府信息公开' over '政府信息公开年报'
        if not agency and i:  # the agency (and maybe the year) on the line above a bare title
            above = _YEAR_TAIL.fullmatch(_LEADERS.sub("", lines[i - 1]))
            name = above[1] if above else _LEADERS.sub("", lines[i - 1])
            agency = name if _agency_like(name) and not _NOT_AN_AGENCY.search(name) else None
            year = year or (above[2] if above and agency else None)
        if agency or year:  # (a bare '政府信息公开年报' is a menu's item)
            yield i, agency or None, int(year) if year else None


def _title_line(text: str) -> re.Match | None:
    """The title a line begins with, unless a sentence goes on after it or it ends a name quoted
    from the line above: a PDF's text may break a body sentence right before the report it names
    ('…我厅编' / '写了2019年政府信息公开工作年度报告。本年度…'), or inside the name of the
    template's notice ('…〈中华' / '人民共和国政府信息公开工作年度报告格式〉的通知》'), which had
    made '写了' and '人民共和国' agencies."""
    m = _TITLE.match(text)
    if m is None or _SENTENCE_ON.match(text, m.end()):
        return None
    return None if sum(map(text.count, "》〉")) > sum(map(text.count, "《〈")) else m


_SENTENCE_ON = re.compile(r"\s*[，。；,;]\s*\S")


def _reading(m: re.Match) -> tuple[str | None, str | None]:
    """(agency, year) a title match names; a single character names none (the '度' of a title
    wrapped inside its year, '…2024年' / '度政府信息公开工作年度报告')."""
    agency = _joined(_owner(m["pre"]), _ABOUT.sub("", m["mid"]).strip())
    return agency if agency and len(agency) > 1 else None, m[2] or m["late"] or m["after"]


def _unwrapped(
    titles: list[tuple[int, str | None, int | None]],
    top: list[str],
    kept: list[int],
    lines: list[str],
) -> list[tuple[int, str | None, int | None]]:
    """Titles wrapped anywhere in their agency's name or year, as a centred title's lines break
    ('2019年广州市海珠区人力资' / '源和社会保障局政府…', '…农业农村局2019年政' / '府信息公开…'): the
    line above and the title read as one, where that names an agency, places first, and the piece
    below alone names none, or the report names the whole elsewhere (a site's name above a title
    never; where the piece below begins with no place, the whole without its first places
    counts). (top holds the lines with Chinese, kept their places: the line above may hold the
    year's digits alone.)"""
    out = []
    for i, agency, year in titles:
        aboves = [x for x in reversed(lines[: kept[i]]) if x.strip()][:2]
        with_next = _title_cell(top[i]) + (top[i + 1] if i + 1 < len(top) else "")
        whole = _across(aboves[:1], top[i], with_next) or _across(aboves[::-1], top[i], with_next)
        if whole and whole[0] != agency and _wrapped(agency, whole[0], lines, [*aboves, top[i]]):
            agency, year = whole[0], year or (int(whole[1]) if whole[1] else None)
        out.append((i, agency, year))
    return out


def _across(aboves: list[str], line: str, with_next: str) -> tuple[str, str | None] | None:
    """(agency, year) of the title on a line read together with the lines above (the agency
    may stand over a title wrapped itself), when none is a title or a sentence of its own.
    ``with_next``: the line and the next, as a title split over two lines was read."""
    above = "".join(_LEADERS.sub("", x) for x in aboves)
    if not aboves or any(
        _BODY_LINE.search(x) or (_DISCLOSURE.search(x) and _TITLE.match(_LEADERS.sub("", x)))
        for x in aboves
    ):
        return None
    upto = len(_arabic(above))  # (a match must reach into the title's own line)
    for text in (_title_cell(line), with_next):
        # (a year in Chinese numerals broken over the lines is read as a year once joined)
        if (m := _TITLE.match(_arabic(above + text))) and m.end() > upto:
            agency, year = _reading(m)
            if agency:
                return agency, year
    return None


def _wrapped(piece: str | None, whole: str, lines: list[str], title: list[str]) -> bool:
    """Whether the agency read across a title's lines is its own (see _unwrapped)."""
    if not (_places_led(whole) and _names_an_agency(whole)):
        return False
    if not piece or not _names_an_agency(piece):
        return True
    named = [whole] if _places_led(piece) else _forms(whole)
    return any(f in x for x in lines if x not in title for f in named)


def _places_led(name: str) -> bool:
    return name in by_name() or bool(_leading_places(name))


def _title(lines: list[str]) -> tuple[str | None, int | None, str | None]:
    """(agency, year, note) of the report's own title. A portal page may list other reports (other
    years', sibling agencies') around it: then the titles of the year the body states (or of
    none), of those the ones whose agency the article names most, and of those the last one above
    the body (navigation and sidebars mostly come before the article)."""
    kept = [i for i, x in enumerate(lines) if _HAN.search(x)][:_TITLE_WITHIN]
    top = [lines[i] for i in kept]
    start = next((i for i, x in enumerate(top) if _BODY_LINE.search(x)), len(top))
    # (those above the body, else the first below that no related-reports label lists)
    found = (
        _unlisted(list(_titles(top, range(start))), top, kept)
        or (_unlisted(list(_titles(top, range(start, len(top)))), top, kept)[:1])
    )
    found = _whole_names(_unwrapped(found, top, kept, lines))
    if not _differ(found):
        return found[0][1:] + (None,) if found else (None, None, None)
    body_year = _body_year(lines)[0]
    stated = [t for t in found if t[2] in (body_year, None)] or found
    stated = _named_most(stated, top[start:], _signature(lines)[0])
    own = ([t for t in stated if t[0] < start] or stated[:1])[-1]
    return own[1:] + (f"{len(found)} report titles at the top; took {own[1]} {own[2]}",)


def _unlisted(titles: list[tuple[int, str | None, int | None]], top: list[str], kept: list[int]):
    """The titles that no 'related reports' label (相关链接, 推荐阅读) lists: those on the lines
    right below one, up to a blank line. (top holds the lines with Chinese, kept their places.)"""
    at = {t[0] for t in titles}
    listed: set[int] = set()
    for i, line in enumerate(top):
        if _RELATED.match(line):
            j = i + 1
            while j in at and kept[j] == kept[j - 1] + 1:
                listed.add(j)
                j += 1
    return [t for t in titles if t[0] not in listed]


_RELATED = re.compile(
    r"^\W*(?:相关|推荐|延伸|热点|更多|其他)(?:链接|阅读|文章|报告|信息|新闻|内容|稿件|年报)\W*$"
)


def _named_most(
    titles: list[tuple[int, str | None, int | None]], body: list[str], signed: str | None
) -> list[tuple[int, str | None, int | None]]:
    """The titles whose agency the article names most often (in its sentences or its signature),
    if it names any: a list of related reports printed between a title and its article is never
    written about. A name counts without the places it starts with but one (the body calls
    广州市花都区人力资源和社会保障局 花都区人力资源和社会保障局)."""
    prose = [x for x in body if _PROSE.search(x)] + ([signed] if signed else [])
    named = {t: sum(any(f in x for f in _forms(t[1])) for x in prose) for t in titles if t[1]}
    most = max(named.values(), default=0)
    return [t for t in titles if named.get(t) == most] if most else titles


def _forms(agency: str) -> list[str]:
    """An agency's name and the same without leading places, while a place still begins it."""
    heads = _leading_places(agency)
    return [agency[len("".join(heads[:k])) :] for k in range(max(1, len(heads)))]


def _leading_places(text: str, keep: int = 1) -> list[str]:
    """The division names text begins with, one after another ('广州市海珠区人力…': 广州市,
    海珠区), leaving at least ``keep`` characters after them."""
    places, heads, at = by_name(), [], 0
    while head := next(
        (text[at:i] for i in range(len(text) - keep, at + 1, -1) if text[at:i] in places), ""
    ):
        heads.append(head)
        at += len(head)
    return heads


_PROSE = re.compile(r"[，。；]")  # a sentence, not a link's or a menu's text


def _whole_names(
    titles: list[tuple[int, str | None, int | None]],
) -> list[tuple[int, str | None, int | None]]:
    """The titles, each naming the longest agency of the year whose name ends with its own: a
    title wrapped after its agency's first places ('…/97791_平潭综合' / '实验区2024年度…报告' in a
    crawl's header) is the same report as the whole one ('实验区' had been taken for it)."""
    out = []
    for i, agency, year in titles:
        if agency:
            longer = [a for _, a, y in titles if a and a.endswith(agency) and y in (year, None)]
            agency = max(longer, key=len)
        out.append((i, agency, year))
    return out


def _differ(titles: list[tuple[int, str | None, int | None]]) -> bool:
    """Whether titles name different agencies or years (a page title and a heading agree)."""
    return any(len({t[k] for t in titles} - {None}) > 1 for k in (1, 2))


def _joined(place: str | None, body: str) -> str | None:
    """The agency of a title that names it around the year: '沛县2023年县财政局' is 沛县财政局;
    otherwise the name before the year, else the one after it."""
    if place and body and place in by_name() and _AGENCY_KIND.search(body):
        return place + body[body[0] == place[-1] :]
    return place or body or None


def _owner(pre: str) -> str | None:
    """Whose report a title before its year names: '泰州市人民政府办公室关于报送…' is the office's own;
    '泰州市人民政府办公室关于泰州市…' is 泰州市's, which the office only forwards; '关于印发泰州市
    财政局…' (the preposition gone with the title's leaders) is 泰州市财政局's."""
    sender, _, subject = _last_words(pre.strip(_BRACKETS)).partition("关于")
    subject = _FORWARD.sub("", subject).strip()
    return (subject if _names_an_agency(subject) else _FORWARD.sub("", sender).strip()) or None


def _last_words(pre: str) -> str:
    """The words before a title that may be its agency's: the last, and the places before it
    ('广州市 海珠区人社局'). A page a crawl joined on one line puts the portal's menu there
    ('首页 政务公开 互动交流 广州市…')."""
    words = pre.split()
    k = len(words) - 1
    while k > 0 and words[k - 1] in by_name():
        k -= 1
    return " ".join(words[k:])


# A portal's tag around the publisher ('【泰州市财政局】2023年…报告'), and a dash parting it from
# the rest of the title ('泰州市财政局——2023年…', '泰州市财政局-2023年…').
_BRACKETS = "【】[] -—–－"


def _names_an_agency(text: str) -> bool:
    """An agency's name (…人力资源和社会保障局), or a place's that publishes in its own name
    (平潭综合实验区, 沭阳县)."""
    return _agency_like(text) and bool(text in by_name() or _AGENCY_KIND.search(text))


def _signature(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) of the last dated line of the report and the name just above it."""
    for i in range(len(lines) - 1, -1, -1):
        line = _DATE_JUNK.sub("", lines[i])
        m = _DATE.fullmatch(line) or _DATE.search(line) or _MONTH.fullmatch(line)
        if not m or len(line) > 40:
            continue
        name = line[: m.start()] or next((x for x in reversed(lines[:i]) if x.strip("?？ ")), "")
        name = _SEAL.sub("", _JUNK.sub("", name))
        return (name if _names_an_agency(name) else None), int(m[1] or m[2])
    return None, None


def _other_agency(lines: list[str], signed: str | None) -> tuple[str | None, str]:
    """The agency when the title names none, and where it came from."""
    if signed:
        full = _expanded(signed, lines)
        if full:
            return full, f"agency from the signature, {signed} as the body names it in full"
        return signed, "agency from the signature"
    if published := _info_agency(lines):
        return published, "agency from the info box"
    return _body_agency(lines), "agency from the body"


def _info_agency(lines: list[str]) -> str | None:
    """The publisher an info box above the article names."""
    for line in lines[:_TITLE_WITHIN]:
        if (m := _INFO_AGENCY.match(line)) and _agency_like(m[1]):
            return m[1]
    return None


def _body_agency(lines: list[str]) -> str | None:
    """The subject of the body's opening ('2024年，平潭综合实验区坚持…': a text extractor keeps
    the article without its title or signature), else the first agency-like name in the body
    that names a division; never inside the title of a document (《广东省政府信息公开申请办理答复
    规范》 names a regulation, not its publisher), nor a name about disclosure itself
    (…政府信息公开申请办 is a regulation's name cut short)."""
    for line in lines:
        m = _OPENING.match(line)
        s = m and _SUBJECT.match(line, m.end())
        if s and _names_an_agency(s[1]) and locate(s[1]).division:
            return s[1]
    for line in lines:
        for m in _BODY_AGENCY.finditer(_DOCUMENT_TITLE.sub("。", line)):
            name = re.sub(r"^.*?(?:\d{4}年度?|[年，,])", "", m[1])
            if not _NOT_AN_AGENCY.search(name) and locate(name).division:
                return name
    return None


# The subject of an opening sentence, up to the verb of the year's work.
_SUBJECT = re.compile(
    r"([\u4e00-\u9fff（）()]{2,30}?)(?:坚持|认真|深入|全面|始终|紧紧|紧扣|围绕|持续|严格|按照|"
    r"依照|依据|根据|以习近平|高度|继续|进一步|积极|着力|聚焦|牢牢|切实|不断|大力|扎实)"
)
_DOCUMENT_TITLE = re.compile(r"《[^《》]*》")
_NOT_AN_AGENCY = re.compile(r"信息公开|政务公开|申请")


def _expanded(short: str, lines: list[str]) -> str | None:
    """The full name the body gives an agency the signature abbreviates (广东省人社厅 →
    广东省人力资源和社会保障厅): a name in the body with the same place and kind of body whose
    words hold the abbreviation's characters in order, longer than it."""
    kind = re.search(_AGENCY_END + "$", short)
    if not kind:
        return None
    place = "".join(_leading_places(short))  # (广州市海珠区: a city, then a district)
    middle = short[len(place) : kind.start()]
    if not 1 < len(middle) <= 4:
        return None  # (an abbreviation is a few characters: 人社, 发改, 住建)
    gap = r"[\u4e00-\u9fff]{0,8}?"
    pattern = re.compile(
        re.escape(place)
        + r"\s*("
        + gap.join(map(re.escape, middle))
        + gap
        + re.escape(kind[0])
        + ")"
    )
    found = {place + m[1] for line in lines for m in pattern.finditer(line)}
    found = {f for f in found if len(f) > len(short) and not _NOT_AN_AGENCY.search(f)}
    return found.pop() if len(found) == 1 else None


def _with_places(agency: str, lines: list[str], signed: str | None) -> str | None:
    """The full name of an agency a title names by its level alone, as a district's portal does
    ('区人力资源和社会保障局'): the name with the places before it where the report gives them
    ('广州市海珠区人力资源和社会保障局'): its signature's, else the longest, if the others are
    its tails (another agency of that level, in a related report's title listed below the
    article, '泗洪县人民政府…', had left '县人民政府' for 平定县人民政府, no region)."""
    if agency[0] not in _LEVELS or _leading_places(agency):
        return None
    if signed and signed.endswith(agency) and _places_head(signed[: -len(agency)], agency):
        return signed
    found = set()
    for line in lines:
        for m in re.finditer(re.escape(agency), line):
            before = line[max(0, m.start() - 20) : m.start()]
            head = next(
                (before[i:] for i in range(len(before)) if _places_head(before[i:], agency)),
                None,
            )
            if head:
                found.add(head + agency)
    longest = max(found, key=len, default=None)
    return longest if longest and all(longest.endswith(f) for f in found) else None


def _places_head(head: str, agency: str) -> bool:
    """Whether head is the places before an agency named by its level ('海珠', '平定' before
    '县人民政府': the place's name, its level the agency's first character)."""
    return bool(head) and (_places_only(head) or _places_only(head + agency[0]))


_LEVELS = "省市区县州盟旗"


def _places_only(text: str) -> bool:
    """Whether text is a run of division names ('广州市海珠区')."""
    return "".join(_leading_places(text, keep=0)) == text


def _body_year(lines: list[str]) -> tuple[int | None, str | None]:
    """The year the body states: its statistics period, else the year of the report a sentence
    says it publishes, else the year a paragraph opens with."""
    for line in lines:
        if m := _PERIOD.search(line):
            return int(m[1] or m[2] or m[3]), "year from the statistics period"
    for line in lines:
        if m := _NAMING.search(line):
            return int(m[1]), "year from the sentence naming the report"
    for line in lines:
        if m := _OPENING.match(line):
            return int(m[1]), "year from the body's opening"
    return None, None


def _year(
    lines: list[str], title_year: int | None, signed_year: int | None
) -> tuple[int | None, str | None]:
    if title_year:
        return title_year, None
    year, why = _body_year(lines)
    if year:
        return year, why
    if signed_year:
        return signed_year - 1, "year: signature date minus one"
    return None, "no report year found"


def read(doc: Document) -> Metadata:
    lines = _lines(doc)
    notes: list[str] = []
    agency, title_year, why = _title(lines)
    if why:
        notes.append(why)
    signed, signed_year = _signature(lines)
    if agency and (full := _with_places(agency, lines, signed)):
        notes.append(f"agency: {agency} as the report names it with its places")
        agency = full
    if not agency:
        agency, why = _other_agency(lines, signed)
        notes.append(why)
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
        meta.province, meta.city, meta.county, meta.admin_code = (
            d.province,
            d.city,
            d.county,
            d.code,
        )
    return meta
