"""HTML: spans expanded into a full grid (text top-left, "" elsewhere), &nbsp; blank, charsets
honoured, navigation kept as text and layout tables read as text."""

import re

import pytest

from parsers.backends import load_document
from parsers.errors import NotAReport, TooLarge
from tests.expected import SAMPLES
from tests.fixtures import documents as fx

DEV = SAMPLES / "dev"


def rows_of(doc, table):
    return [
        [c.text for c in ln.cells]
        for ln in doc.lines
        if ln.is_row and ln.cells[0].where.startswith(f"table {table} ")
    ]


def test_h025_rowspan_colspan_and_blank_cells():
    doc = load_document((DEV / "h025.html").read_bytes(), "h025.html")
    t3 = rows_of(doc, 2)
    assert all(len(r) == 10 for r in t3)
    assert t3[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    # 予以公开: the 20-row label once, colspan=2 label then "", values in place, 总计 blank.
    assert t3[5] == ["三、本年度办理结果", "（一）予以公开", "", "258", "12", "", "", "1", "1", ""]
    assert t3[6][:4] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "3"]
    assert t3[24] == ["", "（七）总计", "", "767", "35", "", "", "2", "1", "805"]
    assert t3[25] == ["四、结转下年度继续办理", "", "", "72", "", "", "", "", "", "72"]
    t4 = rows_of(doc, 3)
    assert t4[-1] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]
    assert doc.lines[2].cells[0].where == "table 2 row 1 col 1" or doc.format == "html"
    assert doc.notes == []


def test_what_the_page_hides_is_not_read():
    """h025 with a digit hidden after every value, as a portal may ('258<span style="display:
    none">7</span>') and Word's HTML marks its hidden text, and a hidden row: read as shown. (Read
    into the numbers, the digits had published 135 wrong cells of the sample's 218.)"""
    page = (DEV / "h025.html").read_text("utf-8")
    hidden = re.sub(
        r"(<td[^>]*>(?:<p[^>]*>)?\d+)",
        r'\1<span style="DISPLAY: none">7</span><span style="mso-hide:all">7</span>',
        page,
    ).replace("</table>", "<tr hidden><td>五、其他</td><td>9</td></tr></table>")
    assert hidden.count("DISPLAY: none") > 70
    shown = load_document(page.encode(), "h025.html")
    assert load_document(hidden.encode(), "h025.html").lines == shown.lines


def test_a_source_wrapped_between_cjk_characters_shows_no_break():
    """A page's source wrapped at a width (an editor's, a crawl's): a browser shows no break
    between two CJK characters (CSS Text's segment break rule), a space elsewhere. Read as a space,
    the break had cut agencies ('上海市人民政 府办公厅'; h028 wrapped at 30 characters gave '合实验区')."""
    page = (
        "<html><head><title>上海市人民政\n府办公厅2024年度报告</title></head>"
        "<body><p>上海市人民政\n  府办公厅，\n共收到申请\n15件\n。</p></body></html>"
    )
    assert [ln.text for ln in load_document(page.encode(), "a.html").lines] == [
        "上海市人民政府办公厅2024年度报告",
        "上海市人民政府办公厅，共收到申请 15件。",
    ]


def test_a_preformatted_block_is_read_as_text():
    """A crawled page holding the report's text in <pre>: its lines are lines and its tab rows
    rows, as in a text file (run into one line, 004's table 二 had lost 20 cells, h013's pipe
    tables 69)."""
    page = "<body><p>首页</p><pre>一、总体情况\n本年度\n行政规范性文件\t62\t33\t440</pre></body>"
    lines = load_document(page.encode(), "a.html").lines
    assert [([c.text for c in ln.cells], ln.is_row) for ln in lines] == [
        (["首页"], False),
        (["一、总体情况"], False),
        (["本年度"], False),
        (["行政规范性文件", "62", "33", "440"], True),
    ]
    assert lines[3].cells[1].where == "block 2 line 3 cell 2"


def test_a_markdown_table_one_row_a_paragraph_is_a_table():
    """A converter's markdown pasted into an editor, each row a paragraph: its rows are read as
    a pipe table's; a menu's pipes are a row too, as in a text file."""
    rows = ["| 信息内容 | 本年制发件数 |", "|---|---|", "| 规章 | 3 |", "", "| 规范性文件 | 5 |"]
    page = "<body><p>首页 | 政务公开 | 办事服务</p><p>二、主动公开</p>"
    page += "".join(f"<p>{r}</p>" for r in rows) + "<p>三、收到和处理</p></body>"
    lines = load_document(page.encode(), "a.html").lines
    assert [([c.text for c in ln.cells], ln.is_row) for ln in lines] == [
        (["首页", "政务公开", "办事服务"], True),
        (["二、主动公开"], False),
        (["信息内容", "本年制发件数"], True),
        (["规章", "3"], True),
        (["规范性文件", "5"], True),
        (["三、收到和处理"], False),
    ]


def test_a_drawn_tables_rules_in_running_text_are_no_text():
    page = "<body><p>规章0┌────┬──┐│行政处罚│103│0│37│└────┴──┘</p></body>"
    assert [ln.text for ln in load_document(page.encode(), "a.html").lines] == [
        "规章0 行政处罚 103 0 37"
    ]


def test_a_line_break_shown_as_text_breaks_the_line():
    page = "<body><p>行政处罚 110&lt;br&gt;0 &lt;BR /&gt;行政强制</p><td>1&lt;br/&gt;</td></body>"
    assert [ln.text for ln in load_document(page.encode(), "a.html").lines] == [
        "行政处罚 110",
        "0",
        "行政强制",
        "1",
    ]


def test_h028_crawled_page():
    doc = load_document((DEV / "h028.html").read_bytes(), "h028.html")
    assert doc.lines[0].cells[0].text.startswith("平潭综合实验区2024年度政府信息公开工作年度报告")
    t1 = rows_of(doc, 1)
    assert ["行政规范性文件", "62", "33", "440"] in t1
    assert ["行政事业性收费", "18651.06", "", ""] in t1
    t3 = rows_of(doc, 2)
    assert t3[23][:4] == [
        "",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1",
    ]
    assert t3[-1] == ["四、结转下年度继续办理", "", "", "0", "0", "0", "0", "0", "0", "0"]
    assert rows_of(doc, 3)[-1] == [
        "2",
        "1",
        "3",
        "1",
        "7",
        "0",
        "0",
        "0",
        "0",
        "0",
        "13",
        "2",
        "4",
        "0",
        "19",
    ]
    text = doc.text
    assert "本报告根据《中华人民共和国政府信息公开条例》" in text
    assert "function" not in text and "{" not in text  # scripts and styles dropped


def test_gbk_page_with_meta_charset_and_layout_table():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<style>td{color:red}</style></head><body><table><tr><td><p>年度报告</p>"
        "<table><tr><td rowspan=2>规章</td><td colspan=2>3</td><td>&nbsp;</td></tr>"
        "<tr><td>1</td><td>2</td><td>4</td></tr></table></td></tr></table>"
        "<script>var x = '政府';</script></body></html>"
    )
    doc = load_document(html.encode("gbk"), "r.htm")
    assert [[c.text for c in ln.cells] for ln in doc.lines] == [
        ["年度报告"],
        ["规章", "3", "", ""],
        ["", "1", "2", "4"],
    ]
    assert doc.lines[2].cells[3].where == "table 1 row 2 col 4"


def test_huge_spans_and_deep_nesting_do_not_blow_up():
    html = "<html><body>" + "<div>" * 5000 + "年度报告" + "</div>" * 5000
    html += '<table><tr><td colspan="99999999">a</td><td rowspan="99999">1</td></tr></table></body></html>'
    doc = load_document(html.encode(), "r.html")
    assert doc.lines[0].cells[0].text == "年度报告"
    assert len(doc.lines[1].cells) == 1001


def test_page_without_text():
    with pytest.raises(NotAReport, match="without any text"):
        load_document(b"<html><body><img src='x.png'></body></html>", "r.html")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_page_is_read_as_html(encoding):
    page = "<html><body><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>3</td></tr></table></body></html>"
    doc = load_document(page.encode(encoding), "r.htm")
    assert doc.format == "html"
    assert [c.text for c in doc.lines[-1].cells] == ["规章", "3"]


def test_deeply_nested_tables_are_read_to_the_innermost():
    """Each table used to look for tables inside itself, reading every nested level again:
    6,000 levels took ~12 s, the time limit of a small file (its time is now measured by
    `make bench`: bench/worst_cases.py)."""
    doc = load_document(fx.nested_tables_html(6000), "nested.html")
    assert [c.text for c in doc.lines[-1].cells] == ["外", "内"]  # the innermost is data


def test_a_page_lexbor_cannot_allocate_is_too_large_not_a_bug(monkeypatch):
    """lexbor says only "Can't parse HTML." when an allocation fails (a 50 MB table under the
    worker's memory limit): the reason says what happened."""
    from parsers.backends import html

    def out_of_memory(markup):
        raise html.SelectolaxError("Can't parse HTML.")

    monkeypatch.setattr(html, "LexborHTMLParser", out_of_memory)
    with pytest.raises(TooLarge, match="HTML page too large for the parser's memory"):
        load_document(b"<html><body><table></table></body></html>", "big.html")


def test_a_fragment_is_html_and_markdown_opening_with_a_tag_is_text():
    """A saved article body (no <html>) is HTML, its tags on most lines; markdown that opens with
    a page's <div> (pandoc's GitHub markdown) is text: as HTML its lines would run together."""
    paragraphs = [f"第{i}段文字。" for i in range(12)]
    fragment = '<div class="article">\n' + "".join(f"<p>\n{p}\n</p>\n" for p in paragraphs)
    markdown = '<div class="nav">\n\n-   首页\n\n</div>\n\n' + "\n\n".join(paragraphs)
    table = "<table>\n" + "".join(f"<tr><td>{p}</td></tr>\n" for p in paragraphs) + "</table>\n"
    assert load_document(fragment.encode(), "a.txt").format == "html"
    assert load_document(markdown.encode(), "a.md").format == "text"
    # (its HTML tables are read by the text backend too: their lines are not counted)
    assert load_document((markdown + "\n\n" + table).encode(), "a.md").format == "markdown"
    assert load_document(f"<html><body>{markdown}</body></html>".encode(), "a").format == "html"


@pytest.mark.parametrize(
    "opening", ["<section>", '<span style="font-size:16px">', "<h1>", "<strong>"]
)
def test_a_content_field_is_html_whatever_tag_it_opens_with(opening):
    """A crawl's content field, no page around it, opening with another tag than a page's (a
    WeChat article's <section>, an editor's <span>): HTML. Read as text, its tags had stayed in
    the cells ('0</p>'), its paragraphs run into the lines around them."""
    field = opening + "根据条例编制本报告。" + "".join(f"<p>第{i}段文字。</p>" for i in range(12))
    doc = load_document(field.encode(), "a.txt")
    assert doc.format == "html" and doc.lines[-1].cells[0].text == "第11段文字。"


@pytest.mark.parametrize("tag", ["<br>", "<br/>", "</p>", "</div>"])
def test_text_whose_lines_html_tags_part_is_html(tag):
    """The report on one line, its lines parted by tags (a content field, '根据…<br>一、总体情况
    <br>…'), opening with text: HTML. Text with a few tags among its lines, or markdown whose
    table cells break by <br>, stays text."""
    lines = [f"第{i}段文字。" for i in range(12)]
    assert load_document(tag.join(lines).encode(), "a.txt").format == "html"
    assert (
        load_document("\n".join(lines[:-2] + [tag.join(lines[-2:])]).encode(), "a").format == "text"
    )
    md = "| 项目 | 数量 |\n|---|---|\n| " + "<br>".join(lines) + " | 1 |\n"
    assert load_document(md.encode(), "a.md").format == "markdown"


def test_a_page_of_pictures_only_is_no_empty_page():
    """A page holding nothing but its pictures (data URIs) has them to be read: not 'a page
    without any text'. With neither, it is."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (800, 400), 255).save(buf, "PNG")
    src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    assert load_document(
        f"<html><body><img src='{src}'></body></html>".encode(), "r.html"
    ).unread_pages == [1]
    with pytest.raises(NotAReport, match="without any text"):
        load_document(b"<html><body><img src='x.png'></body></html>", "r.html")
