"""Agency, region and report year from a report's title, signature or body."""

from __future__ import annotations

import pytest

from parsers import normalize
from parsers.document import Cell, Document, Line
from parsers.interpret import metadata


def _doc(*lines: str) -> Document:
    return Document([Line((Cell(t, f"line {i}"),)) for i, t in enumerate(lines, 1)], "text")


def test_title_gives_agency_and_year():
    m = metadata.read(
        _doc(
            "", "广州市海珠区人力资源和社会保障局 2019年政府信息公开工作年度报告", "2019年，本局……"
        )
    )
    assert (m.agency, m.report_year, m.admin_code, m.city) == (
        "广州市海珠区人力资源和社会保障局",
        2019,
        "440105",
        "广州市",
    )


def test_a_sidebar_printed_beside_the_title_is_no_part_of_the_agency():
    """A portal page printed by Chromium: the sidebar's links and the title share a line, as
    two cells; the agency came back as '政府信息公开指南政府信息公开制度 广州市…'."""
    doc = Document(
        [
            Line((Cell("首页", "page 1 x=54 y=39"),)),
            Line(
                (
                    Cell("政府信息公开指南政府信息公开制度", "page 1 x=56 y=93"),
                    Cell("广州市海珠区人力资源和社会保障局2019年政府信息公开工作年度报告", "x"),
                ),
                is_row=True,
            ),
            Line(
                (
                    Cell("年度报告", "y"),
                    Cell("本报告所列数据统计期限为2019年1月1日至2019年12月31日。", "z"),
                )
            ),
        ],
        "pdf",
    )
    m = metadata.read(doc)
    assert (m.agency, m.report_year) == ("广州市海珠区人力资源和社会保障局", 2019)


def test_year_before_agency_and_crawler_title_with_site_name():
    m = metadata.read(_doc("2019年上海市人民政府办公厅政府信息公开工作年度报告"))
    assert (m.agency, m.report_year, m.province, m.city, m.admin_code) == (
        "上海市人民政府办公厅",
        2019,
        "上海市",
        None,
        "310000",
    )
    m = metadata.read(
        _doc("平潭综合实验区2024年度政府信息公开工作年度报告_政府信息公开年报_某某网")
    )
    assert (m.agency, m.county, m.admin_code) == ("平潭综合实验区", "平潭县", "350128")


def test_agency_on_the_line_above_a_bare_title_and_year_from_the_body():
    m = metadata.read(
        _doc(
            "湘桥区人力资源和社会保障局",
            "政府信息公开工作年度报告",
            "一、总体情况",
            "2020年，我局政务公开工作……",
        )
    )
    assert (m.agency, m.report_year, m.city) == ("湘桥区人力资源和社会保障局", 2020, "潮州市")


def test_no_title_signature_and_statistics_period():
    m = metadata.read(
        _doc(
            "根据《条例》，我厅编写了2019年政府信息公开工作年度报告。本年度报告中所列数据的"
            "统计期限自2019年1月1日起至2019年12月31日止。",
            "……",
            "",
            "河北省教育厅",
            "2020年1月15日",
        )
    )
    assert (m.agency, m.report_year, m.province, m.city, m.admin_code) == (
        "河北省教育厅",
        2019,
        "河北省",
        None,
        "130000",
    )


@pytest.mark.parametrize(
    "period",
    [
        "报告中所列数据的统计截止时间为2019年12月31日。",
        "本报告所列数据截至2019年12月31日。",
        "本报告数据统计区间为2019年1月1日至12月31日。",
        "所列数据统计起止时间为2019年1月1日至12月31日。",
        "本报告中所列数据时限为2019年1月1日至2019年12月31日。",
        "报告中所列数据统计期为2019年1月1日至12月31日。",
        "报告期为2019年1月1日至12月31日。",
        "本报告统计数据期限为2019年1月1日至2019年12月31日。",
        "本报告所列数据时间段为2019年1月1日至12月31日。",
        "本报告所列数据范围为2019年1月1日至2019年12月31日。",
        # no period: the sentence saying which report it publishes
        "根据《条例》要求，现公布2019年度政府信息公开工作年度报告。",
        "现将河北省教育厅2019年政府信息公开工作年度报告公布如下。",
        "根据《条例》规定，特向社会公布本机关2019年度政府信息公开工作年度报告。",
    ],
)
def test_the_statistics_period_in_other_words_gives_the_year(period):
    """No title, and a signature dated early the next year but one: the period decides."""
    m = metadata.read(_doc(period, "一、总体情况", "我厅……", "河北省教育厅", "2021年1月15日"))
    assert m.report_year == 2019, m.notes


def test_a_sentence_telling_of_the_last_report_gives_no_year():
    """A report tells what was done in the year it was written: publishing the last report."""
    body = "2021年1月，按时发布了2019年度政府信息公开工作年度报告。"
    m = metadata.read(_doc("一、总体情况", body, "河北省教育厅", "2021年1月15日"))
    assert m.report_year == 2020, m.notes


def test_a_cutoff_that_is_no_years_end_gives_no_year():
    m = metadata.read(_doc("本报告数据统计截止时间为2020年1月15日。", "一、总体情况", "我厅……"))
    assert "year from the statistics period" not in m.notes


@pytest.mark.parametrize("menu", ["政府信息公开", "政务公开"])
@pytest.mark.parametrize("bullet", ["", "•", "- "])
def test_a_breadcrumb_one_item_per_line_is_no_title(bullet, menu):
    """A portal page's breadcrumb as a converter writes it, an item per line (LibreOffice: '•'
    bullets in a PDF, none in a DOCX): '政府信息公开' over '政府信息公开年报' names no agency."""
    m = metadata.read(
        _doc(
            "登录 注册 你好， 注销",
            f"{bullet}首页",
            f"{bullet}{menu}",
            f"{bullet}{menu}年报",
            "平潭综合实验区2024年度政府信息公开工作年度报告",
            "来源：平潭综合实验区管委会办公室 时间：2025-03-10 15:35",
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        )
    )
    assert (m.agency, m.report_year, m.admin_code) == ("平潭综合实验区", 2024, "350128")


def test_a_portal_page_converted_to_markdown_names_the_report_by_its_title():
    """pandoc's markdown of h028's portal page: a long menu of markdown links and fenced divs
    before the title, the breadcrumb's last link a bare title ('[政府信息公开年报](../ …)', whose
    '[' had been taken for the agency), and the title beyond the first 60 lines."""
    menu = [f"- [栏目{i}](/column/{i}/)" for i in range(70)] + [":::"] * 40
    m = metadata.read(
        _doc(
            *menu,
            '- [政府信息公开年报](../ "政府信息公开年报"){.CurrChnlCls}',
            "平潭综合实验区2024年度政府信息公开工作年度报告",
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        )
    )
    assert (m.agency, m.report_year) == ("平潭综合实验区", 2024)


def test_an_agency_in_the_body_is_not_cut_inside_a_longer_name():
    """'平潭综合实验区管委会办公室' holds 委 (an agency's ending) inside 管委会: the name runs on."""
    m = metadata.read(
        _doc(
            "一、总体情况",
            "平潭综合实验区管委会办公室负责本机关政府信息公开工作。",
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        )
    )
    assert m.agency == "平潭综合实验区管委会办公室"


def test_without_title_or_signature_the_agency_is_the_subject_of_the_bodys_opening():
    """A web text extractor keeps the article without its title and signature (trafilatura of
    h028's page): '2024年，平潭综合实验区坚持…' names the reporting body; '我局' names none, and the
    body's first agency is read as before."""
    m = metadata.read(
        _doc(
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
            "一、总体情况",
            "2024年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，深化政务公开。",
            "实验区各部门主动公开政府信息。",
        )
    )
    assert (m.agency, m.admin_code, m.report_year) == ("平潭综合实验区", "350128", 2024)
    m = metadata.read(
        _doc(
            "一、总体情况",
            "2023年，我局认真贯彻落实《条例》，沭阳县财政局政府信息公开工作稳步推进。",
            "本报告所列数据统计期限为2023年1月1日至2023年12月31日。",
        )
    )
    assert m.agency == "沭阳县财政局"


@pytest.mark.parametrize(
    "opening,agency,year",
    [
        (  # the agency had been cut from it as '特编制湛江市人民政府'
            "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室2023年"
            "政府信息公开工作年度报告。本报告包括总体情况等内容。",
            "湛江市人民政府地方志办公室",
            2023,
        ),
        (  # a real page's opening (neither had been read)
            "根据《中华人民共和国政府信息公开条例》规定，现公布区统计局2023年政府信息公开工作年度"
            "报告。本报告由总体情况、主动公开政府信息情况等六部分组成。",
            "区统计局",
            2023,
        ),
        (
            "按照有关要求，现发布天津市河北区民政局2022年度政府信息公开工作年度报告。",
            "天津市河北区民政局",
            2022,
        ),
    ],
    ids=["特编制", "现公布", "现发布"],
)
def test_without_a_title_line_the_opening_sentence_names_the_report(opening, agency, year):
    """A crawl that kept the article without its title: the sentence opening it names the report
    it compiles or publishes."""
    m = metadata.read(
        _doc(
            opening,
            "一、总体情况",
            "2023年，我办坚持以习近平新时代中国特色社会主义思想为指导。",
        )
    )
    assert (m.agency, m.report_year) == (agency, year)


@pytest.mark.parametrize(
    "signed,code",
    [("平潭综合实验区", "350128"), ("沭阳县", "321322")],
)
def test_a_place_that_signs_its_own_report_is_the_agency(signed, code):
    """No title (LibreOffice dropped it from h028's page), and the report is signed by the place
    itself, as its title would name it: the place is the agency. (The body names no agency.)"""
    m = metadata.read(
        _doc(
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
            "一、总体情况",
            "2024年，本机关认真贯彻落实政府信息公开条例。",
            signed,
            "2025年1月20日",
        )
    )
    assert (m.agency, m.admin_code, m.report_year) == (signed, code, 2024)


@pytest.mark.parametrize(
    "short,full",
    [
        ("广东省人社厅", "广东省人力资源和社会保障厅"),
        ("广州市海珠区人社局", "广州市海珠区人力资源和社会保障局"),
        ("河北省工信厅", "河北省工业和信息化厅"),
        ("广州市海珠区政数局", "广州市海珠区政务服务数据管理局"),
    ],
)
def test_a_short_form_in_the_signature_is_the_full_name_the_body_gives(short, full):
    """Issue 17 (6): no title; the signature abbreviates the agency the body names in full."""
    m = metadata.read(
        _doc(
            "一、总体情况",
            f"2021年，{full}认真贯彻落实《中华人民共和国政府信息公开条例》。",
            "报告中所列数据统计期限为2021年1月1日至12月31日。",
            short,
            "2022年1月20日",
        )
    )
    assert (m.agency, m.report_year) == (full, 2021)
    assert m.province in full or m.city in full


def test_a_short_form_the_body_does_not_spell_out_stays_as_signed():
    m = metadata.read(
        _doc(
            "一、总体情况",
            "我厅认真贯彻。",
            "统计期限为2021年1月1日至12月31日。",
            "广东省人社厅",
            "2022年1月20日",
        )
    )
    assert m.agency == "广东省人社厅"


def test_a_regulation_named_in_the_body_is_no_agency():
    """Issue 17 (6): the regulation on handling applications, cut short at 办(理), is no agency;
    the report year comes from the statistics period when the title is absent."""
    for regulation in (
        "《广东省政府信息公开申请办理答复规范》",
        "广东省政府信息公开申请办理答复规范",
    ):
        m = metadata.read(
            _doc(
                "一、总体情况",
                f"我局严格执行{regulation}，依法做好依申请公开工作。",
                "报告中所列数据统计期限为2021年1月1日至12月31日。",
                "2022年1月10日",
            )
        )
        assert (m.agency, m.report_year) == (None, 2021), regulation


def test_the_notice_on_the_reports_format_is_no_title():
    """A wrapped line of the opening sentence begins inside the notice's name ('…政府信' /
    '息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》'): a name in
    title marks is no report title, and what precedes it no agency."""
    m = metadata.read(
        _doc(
            "本报告根据《中华人民共和国政府信息公开条例》、《国务院办公厅政府信",
            "息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》等编制。",
            "一、总体情况",
            "平潭综合实验区管委会办公室",
            "2025年1月20日",
        )
    )
    assert m.agency == "平潭综合实验区管委会办公室"


def test_signature_date_minus_one_is_the_last_resort():
    m = metadata.read(
        _doc("一、总体情况", "我局认真贯彻……", "柳北区人力资源和社会保障局", "2020年1月16日")
    )
    assert (m.agency, m.report_year, m.admin_code) == ("柳北区人力资源和社会保障局", 2019, "450205")
    assert any("minus one" in n for n in m.notes)


def test_misread_county_is_corrected_in_the_agency():
    m = metadata.read(_doc("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告"))
    assert (m.agency, m.report_year, m.city, m.admin_code) == (
        "沭阳县人民政府",
        2025,
        "宿迁市",
        "321322",
    )


def test_nothing_found():
    m = metadata.read(_doc("无关的文字"))
    assert m.agency is None and m.report_year is None and m.notes


@pytest.mark.parametrize(
    "lines",
    [
        ("广州市海珠区人民政府关于2022年政府信息公开工作年度报告",),
        ("关于广州市海珠区人民政府2022年政府信息公开工作年度报告的报告",),
        ("广州市海珠区人民政府2022年", "政府信息公开工作年度报告"),
        ("广州市海珠区人民政府2022年政府信息", "公开工作年度报告"),
        ("广州市海珠区人民政府政府信息公开工作2022年度报告",),
        # a people's government's 政府 shared with 政府信息公开
        ("广州市海珠区人民政府信息公开工作2022年度报告",),
        ("2022年度广州市海珠区人民政府信息公开工作年度报告",),
        ("【广州市海珠区人民政府】2022年度政府信息公开工作年度报告",),
        ("《广州市海珠区人民政府2022年政府信息公开工作年度报告》",),
        # the year in a portal's tag, or parted from the agency by a dash
        ("【2022年】广州市海珠区人民政府政府信息公开工作年度报告",),
        ("广州市海珠区人民政府-2022年政府信息公开工作年度报告",),
        ("广州市海珠区人民政府——2022年度政府信息公开工作年度报告",),
        ("广州市海珠区人民政府二〇二二年政府信息公开工作年度报告",),
        # other names of the same report
        ("广州市海珠区人民政府2022年政务公开工作年度报告",),
        ("广州市海珠区人民政府2022年度信息公开工作年度报告",),
        ("广州市海珠区人民政府关于2022年政府信息公开工作的年度报告",),
        ("广州市海珠区人民政府关于2022年度政府信息公开工作情况的报告",),
        ("一、总体情况", "我区……", "广州市海珠区人民政府", "二〇二三年一月十日"),
        ("一、总体情况", "我区……", "广州市海珠区人民政府", "2023-01-10"),
        ("一、总体情况", "我区……", "广州市海珠区人民政府", "2023年1月"),  # no day
        (  # where the seal goes, after the signature's name (the body names another agency)
            "一、总体情况",
            "我区通过广州市政务服务数据管理局的平台公开信息。",
            "广州市海珠区人民政府（盖章）",
            "2023年1月10日",
        ),
        # letter-spaced, as a centred heading or signature is spread in PDF and Word exports
        ("广 州 市 海 珠 区 人 民 政 府", "2 0 2 2 年 政 府 信 息 公 开 工 作 年 度 报 告"),
        ("广州市海珠区人民政府 2022 年 政 府 信 息 公 开 工 作 年 度 报 告",),
        ("一、总体情况", "我区……", "广 州 市 海 珠 区 人 民 政 府", "2023 年 1 月 10 日"),
        (
            "一、总体情况",
            "我区……",
            "广\u3000州\u3000市\u3000海\u3000珠\u3000区\u3000人\u3000民\u3000政\u3000府",
            "2023年1月10日",
        ),
    ],
)
def test_common_title_shapes_and_dates(lines):
    m = metadata.read(_doc(*lines))
    assert (m.agency, m.report_year, m.admin_code) == ("广州市海珠区人民政府", 2022, "440105")


# Report openings and endings as portals and authors print them: (lines, agency, province, city,
# county, admin_code, report_year). None where the text does not say.
_PORTAL = (
    "首页 > 政务公开 > 政府信息公开年报",
    "索引号：11321200014155023M/2024-00012",
    "发布机构：泰州市财政局",
    "发布日期：2024-01-20",
)
_JS, _TZ = "江苏省", "泰州市"


@pytest.mark.parametrize(
    "lines, agency, province, city, county, code, year",
    [
        # year: in the title, never the publication's
        (
            ("泰州市财政局2023年度政府信息公开工作年度报告",),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            ("泰州市财政局二〇二三年政府信息公开工作年度报告",),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            _PORTAL
            + (
                "泰州市财政局2023年政府信息公开工作年度报告",
                "一、总体情况",
                "泰州市财政局",
                "2024年1月20日",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            ("泰州市财政局政府信息公开工作年度报告（2023年）", "一、总体情况"),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        # a breadcrumb is no title; a title without a year takes the statistics period's
        (
            _PORTAL
            + (
                "政府信息公开工作年度报告",
                "本报告所列数据统计期限自2022年1月1日至2022年12月31日。",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2022,
        ),
        (
            (
                "泰州市财政局政府信息公开工作年度报告",
                "本报告统计时间为2022年1月1日至2022年12月31日。",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2022,
        ),
        # other years' and sibling agencies' reports listed around the real title
        (
            (
                "首页 > 政务公开 > 年报",
                "泰州市财政局2021年政府信息公开工作年度报告",
                "泰州市财政局2022年政府信息公开工作年度报告",
                "当前位置：年报",
                "泰州市财政局2023年政府信息公开工作年度报告",
                "一、总体情况",
                "本报告所列数据统计期限自2023年1月1日至2023年12月31日。",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            (
                "泰州市人民政府2023年政府信息公开工作年度报告",
                "泰州市财政局2023年政府信息公开工作年度报告",
                "泰州市教育局2023年政府信息公开工作年度报告",
                "一、总体情况",
            ),
            "泰州市教育局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        # related reports a portal lists between the title and the article: under their label,
        # or unlabelled where the article names its agency (with or without its city)
        (
            (
                "泰州市财政局2023年政府信息公开工作年度报告",
                "相关链接：",
                "泰州市教育局2023年政府信息公开工作年度报告",
                "泰州市人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            (
                "泰州市海陵区财政局2023年政府信息公开工作年度报告",
                "泰州市教育局2023年政府信息公开工作年度报告",
                "泰州市人民政府2023年政府信息公开工作年度报告",
                "2023年，海陵区财政局认真贯彻《条例》。",
            ),
            "泰州市海陵区财政局",
            _JS,
            _TZ,
            "海陵区",
            "321202",
            2023,
        ),
        # a district's portal names the agency by its level alone; the page names it in full
        (
            (
                "区财政局2023年政府信息公开工作年度报告",
                "一、总体情况",
                "2023年，泰州市海陵区财政局认真贯彻《条例》。",
            ),
            "泰州市海陵区财政局",
            _JS,
            _TZ,
            "海陵区",
            "321202",
            2023,
        ),
        # a title without a year, then a list of the year's reports
        (
            (
                "泰州市财政局",
                "政府信息公开工作年度报告",
                "推荐阅读",
                "泰州市教育局2023年政府信息公开工作年度报告",
                "一、总体情况",
                "本报告所列数据统计期限自2023年1月1日至2023年12月31日。",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        # a traditional title in a simplified page
        (
            ("泰州市财政局二〇二三年度政府信息公開工作年度報告",),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        # agency: whose report it is, not who forwards it
        (
            ("泰州市人民政府办公室关于报送2023年政府信息公开工作年度报告的函",),
            "泰州市人民政府办公室",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            ("关于印发泰州市财政局2023年政府信息公开工作年度报告的通知",),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            ("泰州市人民政府办公室关于泰兴市2023年政府信息公开工作年度报告的报告",),
            "泰兴市",
            _JS,
            _TZ,
            "泰兴市",
            "321283",
            2023,
        ),
        (
            ("中共泰兴市委宣传部2023年政府信息公开工作年度报告",),
            "中共泰兴市委宣传部",
            _JS,
            _TZ,
            "泰兴市",
            "321283",
            2023,
        ),
        (
            ("沛县2023年县财政局政府信息公开工作年度报告",),
            "沛县财政局",
            _JS,
            "徐州市",
            "沛县",
            "320322",
            2023,
        ),
        # an agency named by its level or its township alone: the body says which county (and
        # names the agency in full)
        (
            ("县财政局2023年政府信息公开工作年度报告", "一、总体情况", "沛县财政局认真贯彻……"),
            "沛县财政局",
            _JS,
            "徐州市",
            "沛县",
            "320322",
            2023,
        ),
        (
            (
                "龙固镇人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
                "徐州市沛县龙固镇位于……",
            ),
            "龙固镇人民政府",
            _JS,
            "徐州市",
            "沛县",
            "320322",
            2023,
        ),
        (
            ("县财政局2023年政府信息公开工作年度报告", "一、总体情况"),
            "县财政局",
            None,
            None,
            None,
            None,
            2023,
        ),
        (
            ("南京市鼓楼区宁海路街道办事处2023年政府信息公开工作年度报告",),
            "南京市鼓楼区宁海路街道办事处",
            _JS,
            "南京市",
            "鼓楼区",
            "320106",
            2023,
        ),
        (
            ("浙江省生态环境厅2023年政府信息公开工作年度报告",),
            "浙江省生态环境厅",
            "浙江省",
            None,
            None,
            "330000",
            2023,
        ),
        (
            ("国家税务总局泰州市税务局2023年政府信息公开工作年度报告",),
            "国家税务总局泰州市税务局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (
            ("苏州市人民政府2023年政府信息公开工作年度报告",),
            "苏州市人民政府",
            _JS,
            "苏州市",
            None,
            "320500",
            2023,
        ),
        # region: a county made a district is today's district; a shared name needs the text's help
        (
            ("吴江市人民政府2011年政府信息公开工作年度报告",),
            "吴江市人民政府",
            _JS,
            "苏州市",
            "吴江区",
            "320509",
            2011,
        ),
        (
            ("富阳市人民政府2013年政府信息公开工作年度报告",),
            "富阳市人民政府",
            "浙江省",
            "杭州市",
            "富阳区",
            "330111",
            2013,
        ),
        (
            ("通州市人民政府2008年政府信息公开工作年度报告",),
            "通州市人民政府",
            None,
            None,
            None,
            None,
            2008,
        ),
        (
            (
                "朝阳区人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
                "北京市朝阳区人民政府办公室",
            ),
            "朝阳区人民政府",
            "北京市",
            None,
            "朝阳区",
            "110105",
            2023,
        ),
        (
            ("长春市朝阳区人民政府2023年政府信息公开工作年度报告",),
            "长春市朝阳区人民政府",
            "吉林省",
            "长春市",
            "朝阳区",
            "220104",
            2023,
        ),
        (
            ("通州区人民政府2023年政府信息公开工作年度报告", "南通市通州区"),
            "通州区人民政府",
            _JS,
            "南通市",
            "通州区",
            "320612",
            2023,
        ),
        (
            ("鼓楼区人民政府2023年政府信息公开工作年度报告",),
            "鼓楼区人民政府",
            None,
            None,
            None,
            None,
            2023,
        ),
        # endings: a label before a date is no signature
        (
            ("一、总体情况", "我局……", "泰州市财政局", "二〇二四年一月二十日"),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        (("一、总体情况", "我局……", "发布日期：2024-01-20"), None, None, None, None, None, 2023),
        # related reports listed after the signature of an article without its title: their
        # first had been taken for the title
        (
            (
                "一、总体情况",
                "我局……",
                "泰州市财政局",
                "2024年1月20日",
                "相关文章",
                "泗洪县人民政府2023年政府信息公开工作年度报告",
                "宿迁市交通运输局2023年政府信息公开工作年度报告",
            ),
            "泰州市财政局",
            _JS,
            _TZ,
            None,
            "321200",
            2023,
        ),
        # a title naming the agency by its level, the signature in full with a place of one
        # character before the level: the place had been lost (县财政局)
        (
            ("县财政局2023年度政府信息公开工作年度报告", "一、总体情况", "我局……", "唐县财政局"),
            "唐县财政局",
            "河北省",
            "保定市",
            "唐县",
            "130627",
            2023,
        ),
    ],
)
def test_portal_openings_and_endings(lines, agency, province, city, county, code, year):
    m = metadata.read(_doc(*lines))
    assert (m.agency, m.province, m.city, m.county, m.admin_code, m.report_year) == (
        agency,
        province,
        city,
        county,
        code,
        year,
    ), m.notes
    assert m.admin_code or m.notes  # an unknown region says why


def test_traditional_report_is_read_after_conversion():
    doc = normalize.document(
        [
            Line((Cell(t, "x"),))
            for t in (
                "泰州市財政局二〇二三年度政府信息公開工作年度報告",
                "一、總體情況",
                "本機關認真貫徹執行條例，報告期內主動公開政府資訊，依申請公開辦理結果見下表。",
            )
        ],
        "text",
    )
    m = metadata.read(doc)
    assert (m.agency, m.admin_code, m.report_year) == ("泰州市财政局", "321200", 2023)


@pytest.mark.parametrize(
    "period",
    [
        "本报告中所列数据的统计期限为2021.1.1-2021.12.31。",
        "本报告所列数据统计期限为2021-01-01至2021-12-31。",
        "本报告所列数据统计期限为二〇二一年一月一日至十二月三十一日。",
    ],
)
def test_the_statistics_period_in_any_date_form_gives_the_year(period):
    """No title, a signature dated the next year (which would give the year by itself), and the
    statistics period in numeric dates: the year is the period's, said to be."""
    m = metadata.read(_doc("一、总体情况", "我局认真贯彻。", period, "某局", "2023年1月20日"))
    assert m.report_year == 2021 and "year from the statistics period" in m.notes


def test_a_sentence_naming_the_report_broken_before_it_is_no_title():
    """A report without a title whose opening sentence names it, as a PDF's text wraps it at the
    page's width ('…我厅编' / '写了2019年…年度报告。本年度…'): the line begins as a title would, but
    the sentence goes on after it; '写了' had been the agency. The signature names it."""
    m = metadata.read(
        _doc(
            "根据《中华人民共和国政府信息公开条例》和省政府有关政府信息公开的要求，我厅编",
            "写了2019年政府信息公开工作年度报告。本年度报告中所列数据的统计期限自20",
            "19年1月1日起至2019年12月31日止。",
            "一、总体情况",
            "2019年，我厅……",
            "河北省教育厅",
            "2020年1月20日",
        )
    )
    assert (m.agency, m.report_year) == ("河北省教育厅", 2019)


def test_the_template_notice_quoted_across_lines_is_no_title():
    """h004's opening sentence wrapped at 30 characters: the template notice's name, in title
    marks opened on the line above ('…关于印发〈中华' / '人民共和国政府信息公开工作年度报告格式〉的
    通知》…'), begins a line as a title would; '人民共和国' had been the agency, taken over the
    portal's own title above it."""
    m = metadata.read(
        _doc(
            "标题: 平潭综合实验区2024年度政府信息公开工作年度报告",
            "发布机构: 平潭综合实验区管委会办公室",
            "本报告根据《中华人民共和国政府信息公开条例》（国务院令第71",
            "1号）、《国务院办公厅政府信息与政务公开办公室关于印发〈中华",
            "人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办",
            "函〔2021〕30号）等文件要求编制。本报告所列数据统计期限为2024年1",
            "月1日至2024年12月31日。一、总体情况 2024年，平",
        )
    )
    assert (m.agency, m.report_year) == ("平潭综合实验区", 2024)


@pytest.mark.parametrize(
    "wrapped",
    [
        ["本地目录: zwgk/zfxxgknb/202503/97791_平潭综合", "实验区2024年度政府信息公开工作年度报告"],
        ["本地目录: zwgk/zfxxgknb/202503/97791_平潭综合实验区2024年", "度政府信息公开工作年度报告"],
    ],
)
def test_a_crawl_header_wrapped_inside_the_title_names_no_other_agency(wrapped):
    """h004's crawl header wrapped at 44 and 52 characters: the local path's title, broken after
    the agency's first places or inside its year, begins a line as a title would; '实验区' and '度'
    had been the agency, taken over the page's own title."""
    m = metadata.read(
        _doc(
            "标题: 平潭综合实验区2024年度政府信息公开工作年度报告",
            "发布机构: 平潭综合实验区管委会办公室",
            *wrapped,
            "==================== 正文 ====================",
            "本报告所列数据统计期限为2024年1月1日至2024年12月31日。一、总体情况",
            "2024年，平潭综合实验区坚持……",
        )
    )
    assert (m.agency, m.report_year) == ("平潭综合实验区", 2024)
