"""Realistic variants of the real sample reports, for tests/test_variants.py.

Two kinds, both judged against the sample's own hand-read values:

- text damage and label variants applied to a sample's text as published (``TRANSFORMS``): what
  mirror sites, converters and other agencies' wording do to the same report;
- the sample's values re-rendered from its expected.json in every layout real reports come in
  (``LAYOUTS``): tab copies, one cell per line, pipe tables, HTML with spans, markdown keeping its
  tables as HTML, tables drawn in characters (dash-ruled columns, grid tables), wrapped PDF text,
  digits run together — so a 2021 report also appears in the layouts only 2019 samples have.
"""

from __future__ import annotations

import copy
import html
import itertools
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

from parsers.templates import statutory
from tests.expected import SAMPLES, load_expected

# ---- the samples ------------------------------------------------------------------------------

# Cells read from outside the file (tests/test_samples.py): NULL in the file's own text.
NOT_IN_THE_FILE = {
    "h004": {"proactive/normative_documents/repealed", "proactive/normative_documents/in_force"},
    "h016": {"proactive/normative_documents/repealed", "proactive/normative_documents/in_force"},
}


def samples() -> list[tuple[str, Path, dict]]:
    out = []
    for p in sorted(SAMPLES.rglob("*.expected.json")):
        exp = load_expected(p)
        source = p.with_name(exp["file"])
        out.append((source.stem.split("_")[0], source, exp))
    return out


# ---- text transforms --------------------------------------------------------------------------


def _swap(pairs: dict[str, str]) -> Callable[[str], str]:
    return lambda t: re.sub("|".join(map(re.escape, pairs)), lambda m: pairs[m.group()], t)


def _tables(text: str, fn: Callable[[str], str]) -> str:
    """Apply fn to the stretch from table 二's title to the end of table 四 only (the narrative
    keeps its own numbers and words), and never inside HTML tags."""
    a = re.search(r"二\s*[、.．]\s*主动公开政府信息情况", text)
    if not a:
        return text
    b = text.find("存在的主要问题", a.start())
    b = len(text) if b < 0 else b
    parts = re.split(r"(<[^>]*>)", text[a.start() : b])
    inner = "".join(p if p.startswith("<") else fn(p) for p in parts)
    return text[: a.start()] + inner + text[b:]


def _cells(fn: Callable[[str], str]) -> Callable[[str], str]:
    """fn on every whole number that is a table cell of its own: between tabs, pipes, line
    breaks, spaces or tags (not digits run together with a label)."""
    sep = r"(?:(?<=^)|(?<=[\t|\n >]))(\d+)(?=$|[\t|\r\n <])"
    return lambda t: _tables(t, lambda s: re.sub(sep, lambda m: fn(m.group(1)), s, flags=re.M))


OCR_LETTERS = {"0": "O", "1": "l", "5": "S", "8": "B"}  # digits OCR takes for letters


def ocr_letters(page: str, every: int = 5) -> tuple[str, int]:
    """Every `every`-th table cell's number with its first look-alike digit read as a letter
    ('103' as 'l03', '0' as 'O'), as an OCR engine without a digits-only cell model prints it;
    and how many cells were so damaged."""
    seen = damaged = 0

    def damage(d: str) -> str:
        nonlocal seen, damaged
        seen += 1
        at = next((i for i, c in enumerate(d) if c in OCR_LETTERS), None)
        if seen % every or at is None:
            return d
        damaged += 1
        return d[:at] + OCR_LETTERS[d[at]] + d[at + 1 :]

    return _cells(damage)(page), damaged


SPECKS = ("'", ":", "、", "`", ";", ".", ",")  # specks in a number OCR prints as punctuation


def _every_nth(page: str, every: int, damage: Callable[[str, int], str]) -> tuple[str, int]:
    """damage(number, k) on every `every`-th table cell's number of two digits or more (k: how
    many so far); and how many were damaged."""
    seen = damaged = 0

    def one(d: str) -> str:
        nonlocal seen, damaged
        seen += 1
        if seen % every or len(d) < 2:
            return d
        damaged += 1
        return damage(d, damaged)

    return _cells(one)(page), damaged


def specks_in_numbers(page: str, every: int = 4) -> tuple[str, int]:
    """Every `every`-th table cell's number of two digits or more with a speck after its first
    digit, read as punctuation ('2'18', '2:73', '3、7'), the marks taken in turn (SPECKS); and
    how many cells were so damaged."""
    return _every_nth(page, every, lambda d, k: d[0] + SPECKS[k % len(SPECKS)] + d[1:])


def with_decreases(exp: dict) -> dict:
    """The gold with each table 二 row's 本年增/减 a decrease of all its prior items, where they
    are ten or more: no sample prints a decrease of two digits, which a speck can part."""
    out = copy.deepcopy(exp)
    for row in (out.get("proactive") or {}).values():
        if isinstance(row, dict) and "change" in row and (row.get("prior_year_items") or 0) >= 10:
            row["change"] = -row["prior_year_items"]
    return out


def specks_in_decreases(page: str) -> tuple[str, int]:
    """Every table cell's decrease of two digits or more ('-116') with a speck after its first
    digit ('-1、16', the marks taken in turn, SPECKS); and how many cells were so damaged."""
    damaged = 0

    def one(m: re.Match[str]) -> str:
        nonlocal damaged
        damaged += 1
        return f"{m.group(1)}{m.group(2)[0]}{SPECKS[damaged % len(SPECKS)]}{m.group(2)[1:]}"

    sep = r"(?:(?<=^)|(?<=[\t|\n >]))([-−])(\d{2,})(?=$|[\t|\r\n <])"
    return _tables(page, lambda s: re.sub(sep, one, s, flags=re.M)), damaged


def specks_after_numbers(page: str, every: int = 4) -> tuple[str, int]:
    """Every `every`-th table cell's number of two digits or more with a speck after it, read
    as a full stop or an enumeration comma ('35.', '12、'); and how many cells were so damaged."""
    return _every_nth(page, every, lambda d, k: d + ".、"[k % 2])


# Marks OCR reads a speck beside a digit as, that no label's enumerator is printed with.
SPECK_MARKS = "*'‘’,，。`"


def specks_beside_digits(page: str, every: int = 4) -> tuple[str, int]:
    """Every `every`-th table cell's number, a single digit too, with a speck before or after it
    read as a mark ('0*', "'3", '12，'; never as '.' or '、', which make '5.' an enumerator); and
    how many cells were so damaged."""
    seen = damaged = 0

    def one(d: str) -> str:
        nonlocal seen, damaged
        seen += 1
        if seen % every:
            return d
        damaged += 1
        mark = SPECK_MARKS[damaged % len(SPECK_MARKS)]
        return mark + d if damaged % 3 == 0 else d + mark

    return _cells(one)(page), damaged


def numbers_wrapped(page: str, every: int = 4) -> tuple[str, int]:
    """Every `every`-th table cell's number of two digits or more wrapped after its first digits
    onto the next line ('69' over '3957' for 693957): a narrow column in PDF text, a crawl that
    kept a cell's line break (a pipe row broken inside a cell); and how many were so wrapped."""
    cut = lambda d, k: 1 + k % (len(d) - 1)
    return _every_nth(page, every, lambda d, k: d[: cut(d, k)] + "\n" + d[cut(d, k) :])


# How OCR'd markdown prints a cell's lone '1' read as a pipe: a blank cell more ('| | |'), or the
# pipe beside the 1 ('| |1 |', '| 1| |'); either way the row has a cell more than its table.
ONE_AS_BAR = ("| | |", "| |1 |", "| 1| |")


def one_read_as_bar(page: str) -> Iterator[str]:
    """The pipe-table page once for each row holding a lone '1' and each way of misreading it
    as a pipe (ONE_AS_BAR), that row's first such cell damaged."""
    lines = page.split("\n")
    for i, line in enumerate(lines):
        if "| 1 |" in line:
            for damaged in ONE_AS_BAR:
                yield "\n".join([*lines[:i], line.replace("| 1 |", damaged, 1), *lines[i + 1 :]])


_NUMBER_WITH_A_1 = re.compile(r"(?<= )(?=\d*1)\d[\d.]+(?= \|)")


def one_in_a_number_read_as_bar(page: str) -> Iterator[str]:
    """The pipe-table page once for each row with a number of several digits holding a 1, its
    first such number's first 1 read as a pipe ('| 29| |' for '| 291 |', '| |7 |', '| 256|46 |')."""
    lines = page.split("\n")
    for i, line in enumerate(lines):
        if m := _NUMBER_WITH_A_1.search(line):
            number = m[0].replace("1", "|", 1)
            damaged = line[: m.start()] + number + line[m.end() :]
            yield "\n".join([*lines[:i], damaged, *lines[i + 1 :]])


_BAR_BETWEEN_NUMBERS = re.compile(r"(?<=\d) \| (?=\d)")


def bar_read_as(page: str, char: str) -> Iterator[str]:
    """The pipe-table page once for each row with two numbers side by side, the pipe between
    the middle such pair read as ``char`` ('1', 'l', 'I': '| 821 | 35 |' as '| 821 1 35 |'): two
    cells become one, and the row a cell short."""
    lines = page.split("\n")
    for i, line in enumerate(lines):
        if pairs := list(_BAR_BETWEEN_NUMBERS.finditer(line)):
            m = pairs[len(pairs) // 2]
            damaged = line[: m.start()] + f" {char} " + line[m.end() :]
            yield "\n".join([*lines[:i], damaged, *lines[i + 1 :]])


_PINYIN = {
    "区": "qū",
    "计": "jì",
    "请": "qǐng",
    "数": "shù",
    "开": "kāi",
    "处": "chǔ",
    "结": "jié",
    "报": "bào",
    "机": "jī",
    "关": "guān",
    "总": "zǒng",
    "复": "fù",
}


# Every Kangxi radical in place of the ideograph it is, and the supplement's whole characters
# that Word's and WPS's PDF fonts are seen to print (⺠ 民, ⻔ 门, ⻅ 见, ⻓ 长, ⻚ 页, ⻛ 风, ⻄ 西).
RADICAL_GLYPHS = str.maketrans(
    {
        **{unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2FD5, 0x2EFF, -1)},
        **dict(zip("民门见长页风西", "⺠⻔⻅⻓⻚⻛⻄", strict=True)),
    }
)


def _pinyin(text: str) -> str:
    return re.sub(
        "[" + "".join(_PINYIN) + "]", lambda m: f"{m.group()}({_PINYIN[m.group()]})", text
    )


def _traditional(text: str, config: str = "s2t") -> str:
    from opencc import OpenCC

    return OpenCC(config).convert(text)


def _debris(text: str) -> str:
    rnd = random.Random(3)
    return _cells(lambda d: rnd.choice(["?", "\u200b", ""]) + d + rnd.choice(["?", ""]))(text)


def _spaced_labels(text: str) -> str:
    """PDF letter spacing inside the row labels: '予 以 公 开'."""
    words = [
        "予以公开",
        "部分公开",
        "国家秘密",
        "第三方合法权益",
        "不掌握",
        "重复申请",
        "商业企业",
        "结转下年度",
        "本年新收",
        "结果维持",
        "尚未审结",
        "行政许可",
        "规范性文件",
    ]
    return _tables(text, lambda s: re.sub("|".join(words), lambda m: " ".join(m.group()), s))


# Applicant headers as some agencies word them.
APPLICANT_WORDS = {"商业企业": "企业", "社会公益组织": "公益组织", "法律服务机构": "律师事务所"}
_HAN_RUN = re.compile(r"(?<![\d.])[\u4e00-\u9fff]{2,}")  # (not a unit after its number: 7.88万元)


_TITLE = re.compile(
    r"[二三四]\s*[、.．]\s*(?:主动公开政府信息|收到和处理政府信息公开申请"
    r"|政府信息公开行政复议、行政诉讼)情况"
)


def _letter_spaced(text: str, sep: str = " ") -> str:
    """A space between every character of every table label, as PDF exports and some HTML pages
    spread a label over its cell (the sections' titles keep theirs): digits keep their own
    spacing."""
    parts = re.split(f"({_TITLE.pattern})", text)
    return "".join(
        p if _TITLE.fullmatch(p) else _HAN_RUN.sub(lambda m: sep.join(m.group()), p) for p in parts
    )


MISPRINTED_4 = "行政复议、行政诉诉讼情况"

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "half-width brackets": _swap({"（": "(", "）": ")"}),
    "full-width brackets": _swap({"(": "（", ")": "）"}),
    "spaces inside labels": _spaced_labels,
    "需另行制作": lambda t: t.replace("需要另行制作", "需另行制作"),
    "合计 for 总计": lambda t: _tables(t, lambda s: s.replace("总计", "合计")),
    "ascii quotes": _swap({"“": '"', "”": '"'}),
    "corner quotes": _swap({"“": "「", "”": "」"}),
    "no quotes": lambda t: re.sub(r"[“”\"「」](三安全一稳定)[“”\"「」]", r"\1", t),
    "上年度结转": lambda t: _tables(t, lambda s: s.replace("上年结转", "上年度结转")),
    "结转下一年度, unnumbered": lambda t: _tables(
        t, lambda s: re.sub(r"四\s*[、.．]\s*结转下年度继续办理", "结转下一年度继续办理", s)
    ),
    "结转至下一年度办理": lambda t: _tables(
        t, lambda s: s.replace("结转下年度继续办理", "结转至下一年度办理")
    ),
    "（七）总计 as 七、合计": lambda t: _tables(
        t, lambda s: re.sub(r"[（(]七[）)]\s*总计", "七、合计", s)
    ),
    "outcome rows unnumbered": lambda t: _tables(
        t, lambda s: re.sub(r"(?<![\d.])[1-8]\s*[.．]\s*(?=[\u4e00-\u9fff])", "", s)
    ),
    # A province's own form: a note in brackets after table 二's items.
    "notes after item names": lambda t: _tables(
        t,
        lambda s: re.sub(
            r"(?<![行政])(规章|规范性文件|行政许可)(?![（(])",
            r"\1（注：行政机关制定发布的，含“规定”“办法”等）",
            s,
        ),
    ),
    "notes on labels": lambda t: _tables(
        t, lambda s: re.sub(r"予以公开(?![（(]区分)", "予以公开（含部分）", s, count=1)
    ),
    # A stray character in table 四's heading: the table is found by its header cells.
    "misprinted table-四 heading": lambda t: t.replace("行政复议、行政诉讼情况", MISPRINTED_4),
    "traditional": _traditional,
    # A mirror site's Taiwan wording too (s2twp): 政府資訊公開, 規範性檔案, 本列資料.
    "traditional, Taiwan vocabulary": partial(_traditional, config="s2twp"),
    "pinyin": _pinyin,
    "traditional + pinyin": lambda t: _pinyin(_traditional(t)),
    "debris beside digits": _debris,
    "full-width digits": lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    # The text layer of a PDF whose font names glyphs by radical code points: 中华⼈⺠共和国.
    "radical glyphs": lambda t: t.translate(RADICAL_GLYPHS),
    "thousands separators": _cells(lambda d: f"{int(d):,}" if len(d) > 3 and d[0] != "0" else d),
    "CRLF": lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"),
    # A crawl keeping an HTML source's indentation, or paragraphs indented by a tab: tabs that
    # part no words (every line without one, indented by a tab and padded by two).
    "lines indented and padded by tabs": lambda t: re.sub(r"(?m)^([^\t\n]+)$", "\t\\1\t\t", t),
    # A crawl keeping its page's line breaks as tags too.
    "lines ending in <br>": lambda t: t.replace("\n", "<br>\n"),
    "lines ending in two <br/>": lambda t: t.replace("\n", " <br/><br />\n"),
    # HTML's &shy; between digits: invisible, shown only where a line breaks.
    "soft hyphens in numbers": _cells(lambda d: "\u00ad".join(d)),
    "公民 for 自然人": lambda t: _tables(t, lambda s: s.replace("自然人", "公民")),
    "个人 for 自然人": lambda t: _tables(t, lambda s: s.replace("自然人", "个人")),
    "applicants in other words": lambda t: _tables(t, _swap(APPLICANT_WORDS)),
    "letter-spaced labels": lambda t: _tables(t, _letter_spaced),
    "letter-spaced labels, full-width spaces": lambda t: _tables(
        t, partial(_letter_spaced, sep="\u3000")
    ),
}

# ---- flattened crawl text (issue 17, kind 2) ----------------------------------------------------


def flattened(page: str) -> str:
    """A crawl that dropped the tables' line breaks and tabs: cells apart by a space at most,
    table 三's last row (四、结转…) running into table 四's heading (四、…), table 四's last
    digits into 五、."""
    return _tables(page, lambda s: re.sub(r"\n", "", s).replace("\t", " "))


# ---- page breaks in a PDF's text ----------------------------------------------------------------

FOOTERS = ("- {} -", "共{n}页 第{}页", "— {} —", "第 {} 页 共 {n} 页", "{}/{n}", "第{}页")


def page_breaks(
    page: str, every: int = 9, footers: tuple[str, ...] = FOOTERS, head: str | None = None
) -> str:
    """A PDF's text as pdftotext gives it, pages breaking inside the tables: every ``every`` lines
    from table 二's heading to table 四's end, the page's number in its footer (each of
    ``footers`` in turn), then a form feed before the next page's first line, or before a
    running ``head`` atop it."""
    lines = page.split("\n")
    start = next(i for i, ln in enumerate(lines) if HEADINGS["二"] in ln)
    end = max(i for i, ln in enumerate(lines) if "行政复议" in ln) + 4
    out, n = lines[:start], (end - start) // every + 2
    for k, i in enumerate(range(start, min(end, len(lines)), every)):
        chunk = lines[i : min(i + every, end)]
        if k:
            footer = footers[(k - 1) % len(footers)].format(k, n=n)
            out += [footer, *(["\f" + head] if head else []), ("" if head else "\f") + chunk[0]]
            out += chunk[1:]
        else:
            out += chunk
    return "\n".join(out + lines[end:])


PORTAL_MENU = "首页 | 政务公开 | 办事服务 | 互动交流"
PORTAL_FOOTER = "使用帮助 | 联系我们 | 隐私保护 | 网站地图"


def one_line(page: str) -> str:
    """A portal page as a crawl's text of it all, joined by spaces on one line (BeautifulSoup's
    get_text(' ', strip=True)): the portal's menu before the report and its footer after, whose
    links are parted by pipes."""
    words = [w for w in re.split(r"\s+", page) if w]
    return " ".join([PORTAL_MENU, *words, PORTAL_FOOTER])


def preformatted(page: str) -> str:
    """A text file as a crawled page holding it in <pre>, below the portal's menu."""
    return f"<html><body><p>{PORTAL_MENU}</p><pre>{html.escape(page)}</pre></body></html>"


def paragraphs(page: str) -> str:
    """A text as an editor's page: each of its lines a paragraph (a table drawn in the text keeps
    its pipes or box-drawing characters, a line a paragraph)."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in page.split("\n"))
    return f"<html><body>{body}</body></html>"


_TEXT_RUN = re.compile(r">([^<>]+)<")


def hard_wrapped(page: str, width: int) -> str:
    """Text whose every line is broken at ``width`` characters, as a PDF's text breaks at the
    page's width and some crawls at theirs: inside words, names, numbers and titles."""
    return "\n".join(
        ln[i : i + width] for ln in page.split("\n") for i in range(0, len(ln) or 1, width)
    )


def source_wrapped(page: str, width: int = 30) -> str:
    """An HTML page whose source an editor or crawl wrapped: every text run between tags broken
    into lines of ``width`` characters, wherever they fall (between CJK characters mostly)."""
    return _TEXT_RUN.sub(lambda m: f">{hard_wrapped(m[1], width)}<", page)


# ---- related reports listed below the title (issue 17, kind 6) -----------------------------------


def _title_line(lines: list[str]) -> int | None:
    """Where a page's own title is, if it starts with one (a crawl may keep the article only)."""
    return next(
        (i for i, ln in enumerate(lines[:40]) if "信息公" in ln and "报告" in ln and len(ln) < 80),
        None,
    )


def related_reports(page: str, year: int, label: str = "相关链接") -> str | None:
    """A portal page's sidebar of related reports (the same year's, other agencies') that a crawl
    prints right below the report's title, under its label; None without a title line."""
    lines = page.split("\n")
    if (at := _title_line(lines)) is None:
        return None
    agencies = ("泗洪县人民政府", "宿迁市交通运输局")
    listed = [f"{agency}{year}年政府信息公开工作年度报告" for agency in agencies]
    return "\n".join([*lines[: at + 1], label, *listed, "", *lines[at + 1 :]])


def traditional_title(page: str) -> str | None:
    """The report's title in traditional script above its simplified article, as a mirror kept
    it; None without a title line."""
    lines = page.split("\n")
    if (at := _title_line(lines)) is None:
        return None
    lines[at] = _traditional(lines[at])
    return "\n".join(lines)


def placeless_title(page: str, agency: str, places: dict) -> str | None:
    """The title naming the agency by its level alone ('区人力资源和社会保障局…报告'), as a
    district's own portal prints it; None when the title does not name the agency with places."""
    lines = page.split("\n")
    if (at := _title_line(lines)) is None or agency not in lines[at]:
        return None
    rest, short = agency, None
    while head := next((rest[:i] for i in range(len(rest) - 1, 1, -1) if rest[:i] in places), ""):
        rest, short = rest[len(head) :], head[-1] + rest[len(head) :]
    if short is None:
        return None
    lines[at] = lines[at].replace(agency, short)
    return "\n".join(lines)


def title_year_in_chinese_numerals(page: str, year: int) -> str | None:
    """The title's year in Chinese numerals (二〇一九年), as many agencies print it; None without
    a title line."""
    lines = page.split("\n")
    if (at := _title_line(lines)) is None:
        return None
    numerals = str(year).translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
    lines[at] = lines[at].replace(str(year), numerals, 1)
    return "\n".join(lines)


def titles_wrapped(page: str) -> Iterator[str]:
    """The page's title broken over two lines at each place between two characters (inside the
    agency's name, its year, 政府信息公开), as PDF text prints a long centred title."""
    lines = page.split("\n")
    if (at := _title_line(lines)) is None:
        return
    title = lines[at]
    for cut in range(1, len(title)):
        if not (title[cut - 1].isspace() or title[cut].isspace()):
            yield "\n".join([*lines[:at], title[:cut], title[cut:], *lines[at + 1 :]])


# ---- table 三 broken into many pipe tables (issue 17, kind 3) -------------------------------------


def titles_before_tables(page: str) -> str:
    """The whole narrative first, the tables' titles in it, then the tables untitled, as
    trafilatura 2.3 keeps a report inside a portal page's layout table."""
    lines = page.split("\n")
    at = [lines.index(t) for t in TITLES] + [lines.index("五、存在的主要问题及改进情况")]
    # (a title's own blank line goes with it: a paragraph per cell reads one more as a cell)
    tables = [ln for a, b in itertools.pairwise(at) for ln in lines[a + 1 + (not lines[a + 1]) : b]]
    return "\n".join([*lines[: at[0]], *TITLES, *lines[at[-1] :], "", *tables])


def _pipe_cells(line: str) -> list[str] | None:
    return line.strip().strip("|").split("|") if line.startswith("|") else None


def _is_value(cell: str) -> bool:
    return cell.strip().isdigit() or cell.strip() in BLANKS.values()


def broken_pipe_tables(page: str, every: int = 4, detach: int = 3) -> str:
    """An OCR or markdown conversion of a pipe-table page that breaks table 三 every `every` rows
    into a new pipe table under a placeholder header (项目 | 数据1 … 数据6), and detaches every
    `detach`-th row's label from its values: the label on a row of its own, the values on the
    next, without the label columns, and across a table break when one falls there."""
    a, b = page.index(TITLES[1]), page.index(TITLES[2])
    header = [
        "",
        "| 项目 | " + " | ".join(f"数据{i}" for i in range(1, 7)) + " |",
        "|---" * 7 + "|",
    ]
    out, n = [], 0
    for line in page[a:b].split("\n"):
        cells = _pipe_cells(line)
        if not cells or not any(map(_is_value, cells)):
            out.append(line)
            continue
        n += 1
        labels, values = cells[:-7], cells[-7:]
        if n % detach == 0:
            out.append("| " + " | ".join(labels + [" "] * 7) + " |")
        if n % every == 0:
            out += header
        out.append("| " + " | ".join(values) + " |" if n % detach == 0 else line)
    return page[:a] + "\n".join(out) + page[b:]


def labels_lost(page: str) -> Iterator[str]:
    """The page with one row of table 三 at a time, each row that prints a value, its label
    cells left empty as a conversion may leave them, the row's cells kept in place."""
    a, b = page.index(TITLES[1]), page.index(TITLES[2])
    lines = page[a:b].split("\n")
    for i, line in enumerate(lines):
        cells = _pipe_cells(line)
        if cells and any(c.strip().isdigit() for c in cells) and not all(map(_is_value, cells)):
            kept = [c if _is_value(c) else "" for c in cells]
            lost = [*lines[:i], "| " + " | ".join(kept) + " |", *lines[i + 1 :]]
            yield page[:a] + "\n".join(lost) + page[b:]


def rows_merged(page: str, every: int = 3, sep: str = "<br>", across: bool = False) -> str:
    """An OCR'd table whose structure merged two rows into one (a faint rule between them):
    every `every`-th pair of table-三 rows as one pipe row, each cell holding both rows' text
    parted by `sep` ('1.属于国家秘密<br>2.其他法律…' | '4<br>0' | …), or the one that has text.
    Only rows whose labels stand in the same column, unless `across` ('四、结转下年度继续办理' |
    '（七）总计': the later row's label first)."""
    a, b = page.index(TITLES[1]), page.index(TITLES[2])
    out, n, held = [], 0, None
    for line in page[a:b].split("\n"):
        cells = _pipe_cells(line)
        if not cells or len(cells) < 8 or not all(map(_is_value, cells[-7:])):
            out.append(line)  # (not a row: the header's, whose cells are words)
            continue
        n += 1
        if (
            held is not None
            and len(cells) == len(held)
            and (across or _label_at(held) == _label_at(cells))
        ):
            both = [
                x.strip() + sep + y.strip() if x.strip() and y.strip() else x.strip() or y.strip()
                for x, y in zip(held, cells)
            ]
            out.append("| " + " | ".join(c.strip() for c in both) + " |")
            held = None
        elif n % every == 0:
            held = cells
        else:
            out += ["| " + " | ".join(c.strip() for c in held) + " |"] if held else []
            out.append(line)
            held = None
    return page[:a] + "\n".join(out) + page[b:]


# Table 二's rows that stand one under the other, as pairs an OCR'd table may merge.
ITEM_PAIRS = (
    ("规章", "规范性文件"),
    ("行政许可", "其他对外管理服务事项"),
    ("行政处罚", "行政强制"),
)


def items_merged(page: str, sep: str = "<br>") -> str:
    """Table 二's rows as `rows_merged` merges table 三's: each pair of ITEM_PAIRS printed one
    under the other in one pipe row ('规章<br>规范性文件' | '0<br>1' | …)."""
    a, b = page.index(TITLES[0]), page.index(TITLES[1])
    lines, out = page[a:b].split("\n"), []
    while lines:
        line, lines = lines[0], lines[1:]
        cells, below = _pipe_cells(line), _pipe_cells(lines[0]) if lines else None
        if (
            cells
            and below
            and len(cells) == len(below)
            and any(cells[0].strip() == x and below[0].strip().endswith(y) for x, y in ITEM_PAIRS)
        ):
            both = [
                x.strip() + sep + y.strip() if x.strip() and y.strip() else x.strip() or y.strip()
                for x, y in zip(cells, below)
            ]
            line, lines = "| " + " | ".join(both) + " |", lines[1:]
        out.append(line)
    return page[:a] + "\n".join(out) + page[b:]


def _label_at(cells: list[str]) -> int:
    """The column of a table-三 row's own label: the last of its label cells with text."""
    return max(k for k, c in enumerate(cells[:-7]) if c.strip())


def separators_wrapped(page: str, every: int = 3) -> str:
    """Every `every`-th table row of a web text extractor's page ('cell | cell | … ||') broken
    after a value's text, before the pipe that closes it ('… | 4' over ' | 0 | …'), as a
    crawler's hard wrap breaks a line."""
    a = page.index(TITLES[0])
    out, n = [], 0
    for line in page[a:].split("\n"):
        m = re.search(r"\d( \|)", line)
        n += bool(m)
        if m and n % every == 0:
            line = line[: m.start(1)] + "\n" + line[m.start(1) :]
        out.append(line)
    return page[:a] + "\n".join(out)


def a_cell_lost(page: str) -> Iterator[str]:
    """The pipe-table page once for each table-三 row with two values or more, that row's second
    value cell left out (a conversion that dropped a cell: the row a cell short of its header)."""
    a, b = page.index(TITLES[1]), page.index(TITLES[2])
    lines = page[a:b].split("\n")
    for i, line in enumerate(lines):
        cells = _pipe_cells(line)
        if not cells:
            continue
        values = [k for k, c in enumerate(cells) if c.strip() and _is_value(c)]
        if len(values) >= 2:
            cut = cells[: values[1]] + cells[values[1] + 1 :]
            row = "| " + " | ".join(c.strip() for c in cut) + " |"
            yield page[:a] + "\n".join([*lines[:i], row, *lines[i + 1 :]]) + page[b:]


def a_value_line_lost(page: str, every: int = 5) -> Iterator[str]:
    """A page with a line per cell once for every `every`-th line holding a number in its tables,
    that line left out (a crawl that lost a cell: no empty line holds its place)."""
    a, b = page.index(TITLES[0]), page.rindex("五、")
    lines = page[a:b].split("\n")
    numbers = [i for i, line in enumerate(lines) if re.fullmatch(r"[\d,.增减+\-万元]+", line)]
    for i in numbers[::every]:
        yield page[:a] + "\n".join(lines[:i] + lines[i + 1 :]) + page[b:]


def a_value_printed_late(page: str, by: int) -> Iterator[str]:
    """A page with a line per value once for each of table 三's values other than 0, printed `by`
    values later (pdftotext's reading order of a Chromium print: h001's 3.3.1 total a cell late,
    h004's 3.6.3 '1' after row 四's values)."""
    a, b = page.index(TITLES[1]), page.index(TITLES[2])
    lines = page[a:b].split("\n")
    numbers = [i for i, line in enumerate(lines) if re.fullmatch(r"\d+", line)]
    for k, i in enumerate(numbers[:-by]):
        if lines[i] != "0":
            moved = [*lines[:i], *lines[i + 1 : numbers[k + by] + 1], lines[i]]
            yield page[:a] + "\n".join(moved + lines[numbers[k + by] + 1 :]) + page[b:]


# ---- a column lost in conversion (issue 17, kind 4) ---------------------------------------------

_HAN = re.compile(r"[\u4e00-\u9fff]")
_THREE_VALUES = re.compile(r"^(.*?)(\S+)([ \t]+)(\S+)\3(\S+)$", re.M)


def without_a_middle_column(page: str) -> str:
    """Table 二 after a conversion lost a column's cells: each row of three values keeps its first
    and last, tab cells or running text with nothing left to hold the gap; the header keeps
    every column."""
    a, b = page.index(TITLES[0]), page.index(TITLES[1])
    table = _THREE_VALUES.sub(
        lambda m: m[0] if _HAN.search(m[2] + m[4] + m[5]) else f"{m[1]}{m[2]}{m[3]}{m[5]}",
        page[a:b],
    )
    return page[:a] + table + page[b:]


# ---- reports that do not print their tables ---------------------------------------------------

_TABLES_START = re.compile(r"二\s*[、.．]\s*主[动動]公[开開]政府信息情[况況]")
_TABLES_END = re.compile(r"五\s*[、.．]\s*[^\n]{0,12}?存在的主要[问問][题題]")
# What such reports print in the tables' place: the headings, and for tables 三 and 四 maybe a
# sentence saying there was nothing to count.
STATED_NONE = {
    "三": "本年度未收到政府信息公开申请。",
    "四": "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
}
HEADINGS = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
}


def without_tables(source: Path, sentences: bool) -> bytes | None:
    """The sample's text with its three tables cut out (tables printed as images a crawl dropped),
    their headings kept, and with ``sentences`` the 'nothing to report' sentences of tables 三
    and 四 in their place. None when the sample's text does not show where its tables are."""
    text = source.read_bytes().decode("utf-8")
    a, b = _TABLES_START.search(text), _TABLES_END.search(text)
    if not a or not b or b.start() < a.start():
        return None
    lines = [
        part
        for table, heading in HEADINGS.items()
        for part in (heading, STATED_NONE.get(table) if sentences else None)
        if part
    ]
    return (text[: a.start()] + "\n".join(lines) + "\n" + text[b.start() :]).encode()


ENCODINGS = {
    "gb18030": "gb18030",
    "utf-16 with BOM": "utf-16",
    "utf-16-le without BOM": "utf-16-le",
}


def text_variant(source: Path, transform: str) -> bytes:
    raw = source.read_bytes()
    text = raw.decode("utf-8-sig")
    if transform in ENCODINGS:
        return text.encode(ENCODINGS[transform])
    return TRANSFORMS[transform](text).encode("utf-8")


# ---- the report as tables with spans ---------------------------------------------------------

# A table is rows of (text, rowspan, colspan) cells, as an HTML table would have them.
Span = tuple[str, int, int]

_SECTIONS = {
    "regulations": "（一）",
    "normative_documents": "（一）",
    "licensing": "（五）",
    "other_services": "（五）",
    "penalties": "（六）",
    "coercion": "（六）",
    "fees": "（八）",
    "procurement": "（九）",
}
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _count(v, blank: str) -> str:
    return blank if v is None else str(v)


def _money(v, unit: str, blank: str) -> str:
    if v is None:
        return blank
    amount = Decimal(str(v)) / (10000 if unit == "万元" else 1)
    text = format(amount.normalize(), "f")
    return text


def table2(
    exp: dict, blank: str, money: dict[str, tuple[str, str]] | None = None
) -> list[list[Span]]:
    """``money``: metric code → (its header as printed, the unit its amounts are printed in)."""
    s = statutory()
    money = money or {}
    shape = "2021" if exp["template"] in ("2021", "hybrid") else "2019"
    rows: list[list[Span]] = []
    section = None
    for item in s.items:
        metrics = s.metrics_for(item, shape)
        if not metrics or item.code not in exp["proactive"]:
            continue
        if _SECTIONS[item.code] != section:
            section = _SECTIONS[item.code]
            width = 1 + max(len(s.metrics_for(i, shape)) for i in s.items)
            rows.append([(f"第二十条第{section}项", 1, width)])
            rows.append(
                [("信息内容", 1, 1)] + [(money.get(m, (s.metric(m).zh,))[0], 1, 1) for m in metrics]
            )
        label = (
            "行政规范性文件" if item.code == "normative_documents" and shape == "2021" else item.zh
        )
        cells = []
        for m in metrics:
            v = exp["proactive"][item.code][m]
            metric = s.metric(m)
            unit = money.get(m, (None, metric.default_money_unit))[1]
            cells.append(_money(v, unit, blank) if metric.unit == "yuan" else _count(v, blank))
        rows.append([(label, 1, 1)] + [(c, 1, 1) for c in cells])
    return rows


def table3(exp: dict, blank: str, extra_row: bool = False) -> list[list[Span]]:
    """The national table 三 with its spans: 三、本年度办理结果 over the outcome rows, each
    （三）-style group over its numbered rows."""
    s = statutory()
    rows_ = s.rows_for("2019" if exp["template"] in ("2019", "hybrid") else "2021")
    out: list[list[Span]] = [
        [(NOTE, 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(a.zh.split("·")[-1], 1, 1) for a in s.applicants[1:6]],
    ]
    outcomes = [r for r in rows_ if r.group]
    groups: dict[str, int] = {}
    for r in outcomes:
        groups[r.group] = groups.get(r.group, 0) + 1
    for r in rows_:
        vals = [(_count(exp["requests"][r.code][a.code], blank), 1, 1) for a in s.applicants]
        head, _, tail = r.zh.partition(" ")
        row: list[Span] = []
        if r is outcomes[0]:
            row.append(("三、本年度办理结果", len(outcomes), 1))
        if not r.group:
            row.append((r.zh, 1, 3))
        elif groups[r.group] == 1:
            row.append((head, 1, 2))
        elif tail:
            row += [(head, groups[r.group], 1), (tail, 1, 1)]
        else:
            row.append((r.zh, 1, 1))
        out.append(row + vals)
        if extra_row and r.code == "2":
            # An agency's own row inside the table: kept apart, never shifting the rows below.
            out.append(
                [("其中：通过互联网提交的申请", 1, 3)]
                + [(v, 1, 1) for v in ("1", "0", "0", "0", "0", "0", "1")]
            )
    return out


def table4(exp: dict, blank: str) -> list[list[Span]]:
    s = statutory()
    results = [r.zh for r in s.results]
    vals = [
        _count(exp["review_litigation"][p.code][r.code], blank)
        for p in s.proceedings
        for r in s.results
    ]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(r, 2, 1) for r in results] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(r, 1, 1) for r in results * 2],
        [(v, 1, 1) for v in vals],
    ]


def _placed(table: list[list[Span]]) -> list[list[tuple[int, str, int, int]]]:
    """Each row's cells as (grid column, text, rowspan, colspan): a cell starts at the first
    column no span from above covers."""
    taken, out = set(), []
    for r, row in enumerate(table):
        c, cells = 0, []
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            cells.append((c, text, rs, cs))
            c += cs
        out.append(cells)
    return out


def _grid(table: list[list[Span]], repeated: bool = False) -> list[list[str]]:
    """Expanded grid, text in the top-left position of a span and "" elsewhere (``repeated``:
    in every position the span covers)."""
    cells: dict[tuple[int, int], str] = {}
    for r, row in enumerate(_placed(table)):
        for c, text, rs, cs in row:
            for dr in range(rs):
                for dc in range(cs):
                    cells[(r + dr, c + dc)] = text if repeated or dr == dc == 0 else ""
    width = 1 + max(c for _, c in cells)
    return [[cells.get((r, c), "") for c in range(width)] for r in range(len(table))]


# ---- the whole report, laid out --------------------------------------------------------------

# Title shapes agencies use; the second is split over two lines as page layout leaves it.
TITLE_SHAPES = (
    "{agency}{year}年政府信息公开工作年度报告",
    "{agency}\n{year}年度政府信息公开工作报告",
    "关于{agency}{year}年政府信息公开工作年度报告的报告",
    "{year}年{agency}政府信息公开工作年度报告",
    "{agency}政府信息公开工作{year}年度报告",
)


def _heads(exp: dict, title: int = 0) -> tuple[list[str], list[str]]:
    agency, year = exp["agency"], exp["report_year"]
    head = [
        *TITLE_SHAPES[title].format(agency=agency, year=year).split("\n"),
        f"本报告所列数据统计期限为{year}年1月1日至{year}年12月31日。",
        "一、总体情况",
        f"{year}年，本机关认真贯彻落实政府信息公开条例。",
    ]
    tail = [
        "五、存在的主要问题及改进情况",
        "下一步将继续改进。",
        "六、其他需要报告的事项",
        "无。",
        agency,
        f"{year + 1}年1月20日",
    ]
    return head, tail


TITLES = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)


# What agencies print around the tables: a sentence with numbers under each title, a note below
# tables 三 and 四. Their numbers are no cells.
PROSE = (
    ("本年度主动公开政府信息1234条，其中规范性文件5件。", ""),
    (
        "本年度共收到政府信息公开申请15件，较上年增加3件，办结12件，结转3件。",
        "注：本表数据统计截至12月31日，共1张表。",
    ),
    ("本年度发生行政复议案件2件，行政诉讼案件1件。", "注：本年无行政复议，行政诉讼1件。"),
)


def _report_tables(exp: dict, blank: str, extra_row: bool, money: dict | None, prose: bool):
    """(title, sentence under it, table, note below it) for tables 二, 三 and 四."""
    tables = (table2(exp, blank, money), table3(exp, blank, extra_row), table4(exp, blank))
    texts = PROSE if prose else (("", ""),) * 3
    return [(t, above, table, below) for t, table, (above, below) in zip(TITLES, tables, texts)]


def _wrap(text: str, width: int = 9) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _lines_layout(
    exp: dict,
    blank: str,
    extra_row: bool,
    title: int,
    money,
    prose,
    row: Callable[[list[Span]], list[str]],
) -> str:
    """Text layouts: each table row becomes the lines `row` makes of its cells."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += [title] + ([above] if above else [])
        for r in table:
            lines.extend(row(r))
        lines += [below] if below else []
    return "\n".join(lines + tail)


def tab(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """Tab copy of a Word table: the cells a row has, without the spanned positions."""
    return _lines_layout(
        exp, blank, extra_row, title, money, prose, lambda r: ["\t".join(t for t, _, _ in r)]
    )


def cell_per_line(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A line per cell, an empty cell an empty line: the text nodes of a CMS table written with
    no whitespace between its tags, a blank cell holding &nbsp;."""
    return _lines_layout(exp, blank, extra_row, title, money, prose, lambda r: [t for t, _, _ in r])


def cell_per_line_spaced(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A line per cell, and an empty line above and below each table's title and the next
    section's (a CMS page's spacer paragraphs, <p>&nbsp;</p>, around its tables)."""
    page = cell_per_line(exp, blank, extra_row, title, money, prose)
    spaced = (*TITLES, "五、")
    return "\n".join(
        f"\n{line}\n" if line.startswith(spaced) else line for line in page.split("\n")
    )


def cell_per_line_parted(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A line per cell and an empty line after each row (as sample 003's crawl prints them): its
    empty lines are not only empty cells."""
    return _lines_layout(
        exp, blank, extra_row, title, money, prose, lambda r: [t for t, _, _ in r] + [""]
    )


def paragraph_per_cell(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """Every cell a paragraph, as lynx -dump prints a page whose cells hold <p>: one blank line
    after each line of the page, one more for each empty cell."""
    page = cell_per_line(exp, blank, extra_row, title, money, prose)
    return "".join("\n" if not line.strip() else line + "\n\n" for line in page.split("\n"))


def docx2txt_text(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A Word file as docx2txt (textract's Word reader) prints it: every paragraph, each cell's
    too, ends with a blank line, so an empty cell is two more blank lines; and a merged cell's
    continuation in the rows below its first is a cell of its own, empty, printed before the
    label it stands beside."""
    head, tail = _heads(exp, title)
    paragraphs = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        paragraphs += [title] + ([above] if above else [])
        starts: dict[tuple[int, int], str] = {}
        for r, row in enumerate(_placed(table)):
            for c, text, rs, _ in row:
                starts.update({(r + d, c): "" for d in range(1, rs)})
                starts[r, c] = text
        for r in range(len(table)):
            paragraphs += [text for (row, _), text in sorted(starts.items()) if row == r]
        paragraphs += [below] if below else []
    return "".join(f"{p}\n\n" for p in paragraphs + tail)


_VALUE = re.compile(r"[\d.\-/无—]+")


def _labels_and_values(r: list[Span]) -> tuple[list[str], list[str]]:
    return (
        [t for t, _, _ in r if t and not _VALUE.fullmatch(t)],
        [t for t, _, _ in r if _VALUE.fullmatch(t)],
    )


def pdf_text_row(r: list[Span], width: int) -> list[str]:
    labels, values = _labels_and_values(r)
    out = [w for t in labels for w in _wrap(t, width)]
    return out + ([" ".join(values)] if values else [])


def pdf_text(exp, blank="", extra_row=False, title=0, money=None, prose=False, width=9) -> str:
    """pdftotext of a ruled table: long labels wrapped over lines, the row's numbers on one line
    after them."""
    return _lines_layout(
        exp, blank, extra_row, title, money, prose, lambda r: pdf_text_row(r, width)
    )


def pdf_layout(exp, blank="", extra_row=False, title=0, money=None, prose=False, width=5) -> str:
    """pdftotext -layout of a table with narrow label columns: the row's numbers on the first
    line of its own label, the label's other lines below them."""

    def row(r: list[Span]) -> list[str]:
        labels, values = _labels_and_values(r)
        if not labels or not values:
            return [w for t in labels for w in _wrap(t, width)] + (
                [" ".join(values)] if values else []
            )
        own = _wrap(labels[-1], width)
        own[0] += " " + " ".join(values)
        return [w for t in labels[:-1] for w in _wrap(t, width)] + own

    return _lines_layout(exp, blank, extra_row, title, money, prose, row)


def pdf_layout_centred(
    exp, blank="", extra_row=False, title=0, money=None, prose=False, width=9
) -> str:
    """pdftotext -layout of a browser's print: a group label centred in its rowspan, on the line
    of its first row's values, between the lines of that row's own label ('1.信访举报投诉类申' over
    '（五）不予处理 0 0 …' over '请')."""

    def row(r: list[Span]) -> list[str]:
        labels, values = _labels_and_values(r)
        if len(labels) < 2 or not values or not labels[-2].startswith("（"):
            return pdf_text_row(r, width)
        own = _wrap(labels[-1], width)
        before = [w for t in labels[:-2] for w in _wrap(t, width)]
        return [*before, own[0], f"{labels[-2]} {' '.join(values)}", *own[1:]]

    return _lines_layout(exp, blank, extra_row, title, money, prose, row)


def pdf_layout_pieces(
    exp, blank="", extra_row=False, title=0, money=None, prose=False, width=9
) -> str:
    """pdftotext -layout of an office suite's print: a group label in a narrow rowspan column,
    cut into pieces ('（五）' / '不予处' / '理'), the first on the values line of the group's
    middle row, the others under that row's label."""
    pieces: list[str] = []
    rows_before = 0  # rows of the group before the one the pieces sit beside

    def row(r: list[Span]) -> list[str]:
        nonlocal pieces, rows_before
        head = next(((t, span) for t, span, _ in r if span > 1 and t.startswith("（")), None)
        if head:
            pieces, rows_before = _wrap(head[0], 3), head[1] // 2
            r = [c for c in r if c[0] != head[0]]
        labels, values = _labels_and_values(r)
        if not (pieces and values and rows_before == 0):
            rows_before -= 1
            return pdf_text_row(r, width)
        own = [w for t in labels for w in _wrap(t, width)] or [""]
        first, *rest = pieces
        pieces = []
        return [own[0], f"{first} {' '.join(values)}", *own[1:], *rest]

    return _lines_layout(exp, blank, extra_row, title, money, prose, row)


def _printed(text: str) -> float:
    """Columns a text takes on a page as pdftotext -layout sets it: a Chinese character about
    1.75 (measured on LibreOffice's prints), a digit one."""
    return sum(1.75 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fitted(text: str, width: int) -> list[str]:
    """The text wrapped so that each line, as printed, is at most ``width`` columns wide (a
    character at least)."""
    lines = [""]
    for ch in text:
        if lines[-1] and _printed(lines[-1] + ch) > width:
            lines.append("")
        lines[-1] += ch
    return lines


def _cell_lines(text: str, c: int, cs: int, wraps: list[int], narrow: list[bool]) -> list[str]:
    """A cell's lines in its columns: a narrow value column wraps its header at its width as
    printed ('本' / '年')."""
    width = sum(wraps[c : c + cs])
    return _fitted(text, width) if narrow[c] else _wrap(text, width)


def laid_out_grid(
    exp, blank="", extra_row=False, title=0, money=None, prose=False, digits=0, tight=False
) -> str:
    """pdftotext -layout of a table without rules: every cell at its column, a blank cell as
    nothing, each cell's text wrapped in its column's width (labels at 8 characters), the
    lines of a row one under another, an empty line between rows (LibreOffice's prints) or none
    (``tight``, Chromium's). ``digits``: the value columns that many digits wide, so that longer
    numbers wrap under their first digits ('70' over '5'); 0 for columns as wide as their
    numbers."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for name, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += [name] + ([above] if above else [])
        grid, placed = _grid(table), _placed(table)
        valued = [any(_VALUE.fullmatch(r[c]) for r in grid if r[c]) for c in range(len(grid[0]))]
        wraps = [
            (digits or max(len(r[c]) for r in grid if _VALUE.fullmatch(r[c]))) if valued[c] else 8
            for c in range(len(grid[0]))
        ]
        narrow = [bool(digits) and v for v in valued]
        cut = partial(_cell_lines, wraps=wraps, narrow=narrow)
        starts = [0]
        for c in range(len(wraps)):  # (a column as wide as its widest line, spans aside)
            own = [t for row in placed for at, t, _, cs in row if at == c and cs == 1]
            wide = max((_printed(p) for t in own for p in cut(t, c, 1)), default=1)
            starts.append(starts[-1] + round(wide) + 3)
        for row in placed:
            pieces = [(starts[c], cut(text, c, cs)) for c, text, _, cs in row if text]
            for k in range(max((len(p) for _, p in pieces), default=0)):
                line = ""
                for at, parts in pieces:
                    if k < len(parts):
                        line += " " * max(at - len(line), 2 if line else 0) + parts[k]
                lines.append(line.rstrip())
            if not tight:
                lines.append("")
        lines += [below] if below else []
    return "\n".join(lines + tail)


_GROUP_HEAD = re.compile(r"（[一二三四五六七八九十]+）")


def reading_order(
    exp,
    blank="",
    extra_row=False,
    title=0,
    money=None,
    prose=False,
    zeros_together=False,
    narrow_four=False,
    total_above=False,
    lines=False,
) -> str:
    """pdftotext's text of a printed page in its reading order (its default): every cell a
    paragraph, an empty cell none; a group head (（三）不予公开…) and the labels of the rows beside
    its middle printed after the table, their values left under the label before, as Chromium's
    prints read; table 二's widest label (其他对外管理服务事项) on one line with its first value,
    their baselines met; table 四's litigation columns, headers and values, after the report's
    text. ``zeros_together``: table 三's first two cells, both 0, one word ('00'), as a portal
    page's narrow columns set them. ``narrow_four``: table 四 as a page narrow enough to hold it
    prints: each header cell in two lines ('结果' over '维持'), the litigation columns right after
    the review's values. ``total_above``: the first result row's total printed before its
    group's head (三、本年度办理结果), after the row above's values. ``lines``: a line per
    cell, no blank line between (PyMuPDF's text of the page), the widest label and its first
    value run together ('其他对外管理服务事项116')."""
    head, tail = _heads(exp, title)
    out, apart = list(head), []
    for name, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        out += [name, above]
        if name == TITLES[2]:
            results = [r.zh for r in statutory().results]
            values = [t for t, _, _ in table[-1] if t]
            n = len(results)
            if narrow_four:
                results = [h for r in results for h in (r[: len(r) // 2], r[len(r) // 2 :])]
            out += ["行政复议", "行政诉讼", *results, *values[:n]]
            apart = ["未经复议直接起诉", "复议后起诉", *results * 2, *values[n:]]
            if narrow_four:
                out, apart = out + apart, []
        else:
            heads = {(k, t): span for k, r in enumerate(table) for t, span, _ in r}
            heads = {at: n for at, n in heads.items() if n > 2 and _GROUP_HEAD.match(at[1])}
            middle = {k + m for (k, _), n in heads.items() for m in {n // 2, (n - 1) // 2}}
            later = []
            rows = [_labels_and_values(r) for r in table]
            widest = (
                max((ls[-1] for ls, vs in rows if ls and vs), key=len)
                if name == TITLES[0]
                else None
            )
            for k, (labels, values) in enumerate(rows):
                later += [t for t in labels if (k, t) in heads or k in middle]
                labels = [t for t in labels if (k, t) not in heads and k not in middle]
                if zeros_together and name == TITLES[1] and values[:2] == ["0", "0"]:
                    values = ["00", *values[2:]]
                if values and labels and labels[-1] == widest:
                    glued = f"{widest}{'' if lines else ' '}{values[0]}"
                    labels, values = [*labels[:-1], glued], values[1:]
                first_result = name == TITLES[1] and labels[:1] and labels[0].startswith("三、")
                if total_above and first_result and values:
                    labels, values = [values[-1], *labels], values[:-1]
                out += labels + values
            out += later
        out.append(below)
    page = [*out, *tail[:4], *apart, *tail[4:]]
    return ("\n" if lines else "\n\n").join(p for p in page if p)


def column_blocks(exp, blank="", page_rows=(2,)) -> str:
    """Table 三 as pdfminer.six's text of a ruled PDF prints it: each page's row labels, then
    that page's values a column at a time (each cell a text box, a column's boxes one after
    another); a page per ``page_rows`` rows, the rest on the last. The other tables a cell a
    line."""
    page = cell_per_line(exp, blank)
    table = table3(exp, blank)
    header, body = table[:3], table[3:]
    cuts = [0, *itertools.accumulate(page_rows), len(body)]
    lines = [TITLES[1]] + [t for r in header for t, _, _ in r]
    for a, b in itertools.pairwise(cuts):
        rows = body[a:b]
        lines += [t for r in rows for t, _, _ in r[: len(r) - 7]]
        lines += [r[len(r) - 7 + c][0] for c in range(7) for r in rows]
    start, end = page.index(TITLES[1]), page.index(TITLES[2])
    return page[:start] + "\n".join(lines) + "\n" + page[end:]


def values_above_their_label(exp, blank="") -> str:
    """Table 二 a cell a line, each section of one row printing its values before its label
    (pdftotext's reading order of h001's WPS PDF: '本年处理决定数量' / '550' / '行政许可')."""
    lines = cell_per_line(exp, blank).split("\n")
    items = {i.zh for i in statutory().items}
    heads = [k for k, line in enumerate(lines) if line.startswith(("信息内容", "第二十条", "三、"))]
    for a, b in itertools.pairwise(heads):
        labels = [k for k in range(a, b) if lines[k] in items or lines[k].endswith("规范性文件")]
        if len(labels) == 1:
            k = labels[0]
            lines[k:b] = [*lines[k + 1 : b], lines[k]]
    return "\n".join(lines)


def vertical_group_labels(exp, blank="") -> str:
    """A line per cell, table 三's rowspan labels ('三、本年度办理结果', '（四）无法提供') a
    character a line, as PyMuPDF prints a narrow cell's vertical text (h001's PDF)."""
    heads = {t for r in table3(exp, blank) for t, rows, _ in r if rows > 1 and len(t) < 12}
    return "\n".join(
        "\n".join(line) if line in heads else line for line in cell_per_line(exp, blank).split("\n")
    )


def narrow_table_two(exp, blank="") -> str:
    """A line per cell, table 二's words a character a line but its sections' titles: pypdf's
    and PyMuPDF's text of a Word report printing its tables as one, table 二's four columns as
    narrow as table 三's ('规' / '章' / '0' / '0' / '0')."""
    lines = cell_per_line(exp, blank).split("\n")
    a, b = lines.index(TITLES[0]), lines.index(TITLES[1])
    lines[a + 1 : b] = [
        "\n".join(line) if not re.search(r"\d|第二十条", line) and len(line) > 1 else line
        for line in lines[a + 1 : b]
    ]
    return "\n".join(lines)


def values_above_labels(exp, blank="", group="（四）") -> str:
    """Table 三 a row a line, labels then values, but the rows of one group (``group``) their
    values' line above their label's (pdfplumber's text of h001's PDF: '10 0 0 0 0 0 10' /
    '1.本机关不掌握相关政府信息' / '（四）无法提供' / '3 0 0 0 0 0 3' / '2.没有现成…')."""
    page = cell_per_line(exp, blank)
    table = table3(exp, blank)
    lines = [TITLES[1]] + [" ".join(t for t, _, _ in r) for r in table[:3]]
    inside = False
    for r in table[3:]:
        labels, values = [t for t, _, _ in r[:-7]], " ".join(t for t, _, _ in r[-7:])
        inside = (
            any(t.startswith(group) for t in labels)
            or inside
            and not any(t.startswith("（") for t in labels)
        )
        lines += [values, *labels] if inside else [" ".join([*labels, values])]
    start, end = page.index(TITLES[1]), page.index(TITLES[2])
    return page[:start] + "\n".join(lines) + "\n" + page[end:]


def letters_beside_rows(exp, blank="") -> str:
    """Table 三 a row a line, as pdfplumber's extract_text joins a page's characters by height
    (h001's PDF): a group's rowspan label a line at its rows' middle, but 三、本年度办理结果's
    vertical letters at the start of its middle rows' lines ('三 2.其他…' / '、' / '本 3.危及…'),
    some alone on a line of their own ('、', '年', '结'), each row after a lone letter its
    values' line above its label's."""
    page = cell_per_line(exp, blank)
    table = table3(exp, blank)
    lines = [TITLES[1]] + [" ".join(t for t, _, _ in r) for r in table[:3]]
    body = table[3:]
    heads = {k: t for k, r in enumerate(body) for t, rows, _ in r[:-7] if rows > 1}
    spans = {k: rows for k, r in enumerate(body) for _, rows, _ in r[:-7] if rows > 1}
    top = next(k for k, t in heads.items() if t.startswith("三、"))
    letters = list(enumerate(heads[top]))  # (its letters 1, 3 and 7 stand alone: h001's)
    alone = {1, 3, 7}
    first = top + (spans[top] - len(letters) + len(alone)) // 2
    middles = {k + spans[k] // 2: t for k, t in heads.items() if k != top}
    for k, r in enumerate(body):
        labels = [t for t, rows, _ in r[:-7] if rows == 1]
        values = " ".join(t for t, _, _ in r[-7:])
        if k in middles:
            lines.append(middles[k])
        row = [" ".join([*labels, values])]
        if first <= k and letters:
            if letters[0][0] in alone:
                lines.append(letters.pop(0)[1])
                row = [values, " ".join(labels)]
            row[-1] = f"{letters.pop(0)[1]} {row[-1]}"
        lines += row
    start, end = page.index(TITLES[1]), page.index(TITLES[2])
    return page[:start] + "\n".join(lines) + "\n" + page[end:]


def column_runs(exp, blank="", blocks=(1, 1, 1, 1, 10, 4, 2, 2)) -> str:
    """Table 三 as pdftotext's reading order prints a WPS or Word PDF's (h001): rows one after
    another, but each block of several (``blocks``, then one by one) its values a column at a
    time, then its labels; a single row its label, then its values. The other tables a cell a
    line."""
    page = cell_per_line(exp, blank)
    table = table3(exp, blank)
    header, body = table[:3], table[3:]
    lines = [TITLES[1]] + [t for r in header for t, _, _ in r]
    cuts = [c for c in itertools.accumulate((0, *blocks)) if c < len(body)] + [len(body)]
    cuts += range(cuts[-2] + 1, len(body))
    for a, b in itertools.pairwise(sorted(set(cuts))):
        labels = [t for r in body[a:b] for t, _, _ in r[: len(r) - 7]]
        values = [r[len(r) - 7 + c][0] for c in range(7) for r in body[a:b]]
        lines += labels + values if b - a == 1 else values + labels
    start, end = page.index(TITLES[1]), page.index(TITLES[2])
    return page[:start] + "\n".join(lines) + "\n" + page[end:]


def run_together(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A flattened page: each table on one line, cells concatenated with no separator."""
    head, tail = _heads(exp, title)
    body = [
        title + above + "".join(t for r in table for t, _, _ in r) + below
        for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose)
    ]
    return "\n".join(head + body + tail)


def pipe(exp, blank="", extra_row=False, title=0, money=None, prose=False, repeated=False) -> str:
    """A markdown pipe table per statutory table, on the full grid (``repeated``: a spanned
    cell's text in every position it covers, as Docling's markdown and pandas.read_html give)."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        grid = _grid(table, repeated)
        lines += ["", title, ""] + ([above, ""] if above else [])
        lines.append("| " + " | ".join(grid[0]) + " |")
        lines.append("|" + "---|" * len(grid[0]))
        lines += ["| " + " | ".join(r) + " |" for r in grid[1:]]
        lines += ["", below] if below else []
    return "\n".join(lines + [""] + tail)


def _extracted(table: list[list[Span]], own_lines: bool, kept_blanks: bool) -> list[str]:
    """A table as trafilatura writes it: each row's cells, each followed by ' | ', then one '|'
    per cell the row lacks against the widest row. Spanned cells are not written, nor blank
    ones, unless they hold an empty paragraph (``kept_blanks``): then they end their line. Where
    every cell holds a paragraph (``own_lines``), each ends its line ('规章 |', a kept blank
    '|') and the padding has a line of its own."""
    width = max(sum(cs for _, _, cs in r) for r in table)
    lines = []
    for r in table:
        kept = [t for t, _, _ in r if t.strip() or kept_blanks]
        pad = "|" * (width - len(kept))
        if own_lines:
            lines += [f"{t} |" if t.strip() else "|" for t in kept] + ([pad] if pad else [])
            continue
        row = "".join(f"{t} | " if t.strip() else "\n| " for t in kept) + pad
        lines += [line.rstrip() for line in row.removeprefix("\n").split("\n")]
    return lines


def extracted(
    exp,
    blank="",
    extra_row=False,
    title=0,
    money=None,
    prose=False,
    own_lines=False,
    kept_blanks=False,
) -> str:
    """A portal page through trafilatura (a common crawler's text extractor)."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += [title] + ([above] if above else []) + _extracted(table, own_lines, kept_blanks)
        lines += [below] if below else []
    return "\n".join(lines + tail)


def html2text_page(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A page through html2text (a crawler's markdown converter): a table's cells as its rows
    have them (no spanned positions), joined by '| ' with no pipe at the ends, a rule of '---'
    under the first row, two spaces ending each line."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += ["", title, ""] + ([above, ""] if above else [])
        rows = ["| ".join(t for t, _, _ in r) + "  " for r in table]
        lines += [rows[0], "|".join(["---"] * len(table[0])) + "  ", *rows[1:]]
        lines += ["", below] if below else []
    return "\n".join(lines + [""] + tail)


def markdownify_page(
    exp, blank="", extra_row=False, title=0, money=None, prose=False, nested=False
) -> str:
    """A page through markdownify (a crawler's markdown converter): each row's cells as the row
    has them, a spanned cell followed by ' |' per further column it spans, nothing where
    a cell from a row above spans down (rows of uneven length); an empty header row as wide as the
    first row, then the rule. ``nested``: the page's tables sit in a layout table's cell, so each
    runs together on one line."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += ["", title, ""] + ([above, ""] if above else [])
        width = sum(cs for _, _, cs in table[0])
        rows = ["|" + "  |" * width, "|" + " --- |" * width]
        # (markdownify's cell: ' text |', and ' |' for each further column it spans)
        rows += ["|" + "".join(f" {t} |" + " |" * (cs - 1) for t, _, cs in r) for r in table]
        lines += [" ".join(rows)] if nested else rows
        lines += ["", below] if below else []
    return "\n".join(lines + [""] + tail)


def _display(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display(text))


def drawn(
    exp, blank="", extra_row=False, title=0, money=None, prose=False, grid=False, empty_row=False
) -> str:
    """Each statutory table drawn in characters as pandoc's markdown writes it: columns under
    runs of dashes, a row per line (``grid``: ``+---+`` rules between rows, ``|`` between
    cells), aligned in display width (a Chinese character takes two columns). ``empty_row``:
    a row of empty cells after each table's second row, which pandoc writes as a line of
    spaces (pandoc 3's plain text of such a table)."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        rows = _grid(table)
        if empty_row:
            rows.insert(2, [""] * len(rows[0]))
        widths = [max(3, *(_display(r[c]) for r in rows)) for c in range(len(rows[0]))]
        lines += ["", title, ""] + ([above, ""] if above else [])
        if grid:
            rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
            lines.append(rule)
            for r in rows:
                lines += ["| " + " | ".join(map(_pad, r, widths)) + " |", rule]
        else:
            rule = "  " + " ".join("-" * w for w in widths)
            lines += [rule, *("  " + " ".join(map(_pad, r, widths)).rstrip() for r in rows), rule]
        lines += ["", below] if below else []
    return "\n".join(lines + [""] + tail)


# A box-drawing joint by its arms: (up, down, left, right).
_JOINTS = {
    (0, 1, 0, 1): "┌", (0, 1, 1, 0): "┐", (1, 0, 0, 1): "└", (1, 0, 1, 0): "┘",
    (1, 1, 0, 1): "├", (1, 1, 1, 0): "┤", (0, 1, 1, 1): "┬", (1, 0, 1, 1): "┴",
    (1, 1, 1, 1): "┼", (1, 1, 0, 0): "│", (0, 0, 1, 1): "─", (0, 0, 0, 0): " ",
}  # fmt: skip


def _boxed_table(table: list[list[Span]], ascii: bool = False) -> list[str]:
    """A table drawn with its merged cells as w3m draws a page's (``ascii``: in +, - and |): a
    rule only where two cells meet, each cell's text on its first line, padded over the
    columns it spans."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    text: dict[tuple[int, int], str] = {}
    for r, row in enumerate(_placed(table)):
        for c, t, rs, cs in row:
            text[r, c] = t
            owner.update(((r + dr, c + dc), (r, c)) for dr in range(rs) for dc in range(cs))
    n_rows, n_cols = len(table), 1 + max(c for _, c in owner)
    for r in range(n_rows):  # (a row short of the table's width: blank cells to its end)
        for c in range(n_cols):
            owner.setdefault((r, c), (r, c))
    widths = [3] * n_cols
    for row in _placed(table):
        for c, t, _, cs in row:
            short = _display(t) - (sum(widths[c : c + cs]) + cs - 1)
            widths[c + cs - 1] += max(0, short)

    def bar(r: int, c: int) -> bool:  # a line between columns c-1 and c, in row r
        return 0 <= r < n_rows and (c in (0, n_cols) or owner[r, c - 1] != owner[r, c])

    def rule(r: int, c: int) -> bool:  # a line between rows r-1 and r, under column c
        return 0 <= c < n_cols and (r in (0, n_rows) or owner[r - 1, c] != owner[r, c])

    lines = []
    for r in range(n_rows + 1):
        line = ""
        for c in range(n_cols + 1):
            arms = (bar(r - 1, c), bar(r, c), rule(r, c - 1), rule(r, c))
            joint = _JOINTS[tuple(map(int, arms))]
            line += {"│": "|", "─": "-", " ": " "}.get(joint, "+") if ascii else joint
            if c < n_cols:
                line += ("-" if ascii else "─") * widths[c] if rule(r, c) else " " * widths[c]
        lines.append(line)
        if r == n_rows:
            break
        line, c = "", 0
        while c < n_cols:
            k = 1
            while c + k < n_cols and owner[r, c + k] == owner[r, c]:
                k += 1
            first = owner[r, c] == (r, c)
            line += ("|" if ascii else "│") + _pad(
                text.get((r, c), "") if first else "", sum(widths[c : c + k]) + k - 1
            )
            c += k
        lines.append(line + ("|" if ascii else "│"))
    return lines


def boxed(exp, blank="", extra_row=False, title=0, money=None, prose=False, ascii=False) -> str:
    """Each statutory table drawn with its merged cells, as w3m's text of a page has it."""
    head, tail = _heads(exp, title)
    lines = list(head)
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        lines += ["", title, ""] + ([above, ""] if above else [])
        lines += _boxed_table(table, ascii)
        lines += ["", below] if below else []
    return "\n".join(lines + [""] + tail)


def html_page(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A published page: tables with rowspan/colspan, text in paragraphs."""
    head, tail = _heads(exp, title)
    parts = [
        "<html><head><meta charset='utf-8'><title>"
        + html.escape(head[0])
        + "_门户网站</title></head><body>"
    ]
    parts += [f"<p>{html.escape(x)}</p>" for x in head]
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        parts += [f"<p>{html.escape(x)}</p>" for x in (title, above) if x]
        parts.append("<table border='1'>")
        for r in table:
            parts.append(
                "<tr>"
                + "".join(
                    f"<td rowspan='{rs}' colspan='{cs}'>{html.escape(t)}</td>" for t, rs, cs in r
                )
                + "</tr>"
            )
        parts.append("</table>")
        parts += [f"<p>{html.escape(below)}</p>"] if below else []
    parts += [f"<p>{html.escape(x)}</p>" for x in tail]
    return "".join(parts) + "</body></html>"


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs) -> None:
        self._skip = tag in ("title", "script", "style")

    def handle_data(self, data) -> None:
        if not self._skip:
            self.nodes.append(data)


def text_nodes_joined(exp, blank="", extra_row=False, title=0, money=None, prose=False, sep="\t"):
    """A crawl's text of a page whose markup has no whitespace between tags: its text nodes
    joined by ``sep`` (BeautifulSoup's get_text(sep)), the whole page on one line."""
    parser = _TextNodes()
    parser.feed(html_page(exp, blank, extra_row, title, money, prose))
    return sep.join(parser.nodes)


def _latex_tabular(table: list[list[Span]]) -> list[str]:
    """A table as Mathpix and Nougat write one with merged cells: ``\\multicolumn`` across,
    ``\\multirow`` down (the rows below leave the cell empty), a rule under every row, and a
    long label's lines as a tabular of their own inside its cell."""
    width = len(_grid(table)[0])
    below: dict[tuple[int, int], int] = {}  # (row, column) a cell from above covers → its width
    out = ["\\begin{tabular}{|" + "c|" * width + "}", "\\hline"]
    for r, row in enumerate(_placed(table)):
        starts = {c: (text, rs, cs) for c, text, rs, cs in row}
        for c, _, rs, cs in row:
            below.update({(r + dr, c): cs for dr in range(1, rs)})
        cells, c = [], 0
        while c < width:
            text, rs, cs = starts.get(c) or ("", 1, below.get((r, c), 1))
            if len(text) > _LATEX_LINE:
                lines = [text[i : i + _LATEX_LINE] for i in range(0, len(text), _LATEX_LINE)]
                text = "\\begin{tabular}{c}" + " \\\\ ".join(lines) + "\\end{tabular}"
            cell = f"\\multirow{{{rs}}}{{*}}{{{text}}}" if rs > 1 else text
            cells.append(f"\\multicolumn{{{cs}}}{{|c|}}{{{cell}}}" if cs > 1 else cell)
            c += cs
        out.append(" & ".join(cells) + " \\\\ \\hline")
    return [*out, "\\end{tabular}"]


_LATEX_LINE = 12  # characters of a label's line in a LaTeX table's cell


def latex_tables(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """OCR to markdown that writes tables in LaTeX (Mathpix, Nougat): paragraphs as lines."""
    head, tail = _heads(exp, title)
    body = []
    for title, above, table, below in _report_tables(exp, blank, extra_row, money, prose):
        body += [title, above, *_latex_tabular(table), below]
    return "\n\n".join([*head, *(x for x in body if x), *tail])


def markdown_html_tables(exp, blank="", extra_row=False, title=0, money=None, prose=False) -> str:
    """A markdown conversion that keeps tables with merged cells as HTML (pandoc's gfm, MinerU):
    paragraphs as lines of text, each table as its markup."""
    page = html_page(exp, blank, extra_row, title, money, prose)
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    body = re.sub(r"<p>(.*?)</p>", lambda m: html.unescape(m[1]) + "\n\n", body)
    return body.replace("<table", "\n<table").replace("</table>", "</table>\n\n")


LAYOUTS: dict[str, Callable[..., str]] = {
    "tab": tab,
    "cell per line": cell_per_line,
    "cell per line, rows parted by an empty line": cell_per_line_parted,
    "cell per line, spacer paragraphs around the tables": cell_per_line_spaced,
    "a paragraph per cell": paragraph_per_cell,
    "docx2txt": docx2txt_text,
    "pdf text": pdf_text,
    "pdf text, narrow label columns": partial(pdf_text, width=5),
    "pdf layout": pdf_layout,
    "pdf layout, centred group labels": pdf_layout_centred,
    "pdf layout, group labels in pieces": pdf_layout_pieces,
    "pipe": pipe,
    "pipe, spans repeated": partial(pipe, repeated=True),
    "web text extractor": extracted,
    "web text extractor, blank paragraphs": partial(extracted, kept_blanks=True),
    "web text extractor, a line per cell": partial(extracted, own_lines=True),
    "web text extractor, a line per cell, blank paragraphs": partial(
        extracted, own_lines=True, kept_blanks=True
    ),
    "html2text": html2text_page,
    "markdownify": markdownify_page,
    "markdownify, inside a layout table": partial(markdownify_page, nested=True),
    "html": html_page,
    "markdown, HTML tables": markdown_html_tables,
    "markdown, LaTeX tables": latex_tables,
    "dash-ruled columns": drawn,
    "grid table": partial(drawn, grid=True),
    "boxed, merged cells": boxed,
    "ascii grid, merged cells": partial(boxed, ascii=True),
    "run together": run_together,
    "text nodes joined by tabs": text_nodes_joined,
    "pdf text in reading order": reading_order,
    "pdf text in reading order, zeros run together": partial(reading_order, zeros_together=True),
    "pdf text in reading order, table 四 narrow": partial(reading_order, narrow_four=True),
    "pdf text in reading order, a total above": partial(reading_order, total_above=True),
    "pdf text in reading order, a line per cell": partial(reading_order, lines=True),
}
# pdftotext -layout's grids: read by where their characters stand (tests/test_variants.py).
LAID_OUT: dict[str, Callable[..., str]] = {
    "laid out on a grid": laid_out_grid,
    "laid out on a grid, no line between rows": partial(laid_out_grid, tight=True),
    "laid out on a grid, narrow value columns": partial(laid_out_grid, digits=2),
}
# How a NULL cell is printed.
BLANKS = {"blank": "", "dash": "-", "slash": "/", "无": "无"}
