"""Agency, region and report year from a report's title, signature or body."""

from __future__ import annotations

import pytest

from parsers.document import Cell, Document, Line
from parsers.interpret import metadata


def _doc(*lines: str) -> Document:
    return Document([Line((Cell(t, f"line {i}"),)) for i, t in enumerate(lines, 1)], "text")


def test_title_gives_agency_and_year():
    m = metadata.read(_doc("", "广州市海珠区人力资源和社会保障局 2019年政府信息公开工作年度报告",
                           "2019年，本局……"))
    assert (m.agency, m.report_year, m.admin_code, m.city) == (
        "广州市海珠区人力资源和社会保障局", 2019, "440105", "广州市")


def test_year_before_agency_and_crawler_title_with_site_name():
    m = metadata.read(_doc("2019年上海市人民政府办公厅政府信息公开工作年度报告"))
    assert (m.agency, m.report_year, m.province, m.city, m.admin_code) == (
        "上海市人民政府办公厅", 2019, "上海市", None, "310000")
    m = metadata.read(_doc("平潭综合实验区2024年度政府信息公开工作年度报告_政府信息公开年报_某某网"))
    assert (m.agency, m.county, m.admin_code) == ("平潭综合实验区", "平潭县", "350128")


def test_agency_on_the_line_above_a_bare_title_and_year_from_the_body():
    m = metadata.read(_doc("湘桥区人力资源和社会保障局", "政府信息公开工作年度报告", "一、总体情况",
                           "2020年，我局政务公开工作……"))
    assert (m.agency, m.report_year, m.city) == ("湘桥区人力资源和社会保障局", 2020, "潮州市")


def test_no_title_signature_and_statistics_period():
    m = metadata.read(_doc("根据《条例》，我厅编写了2019年政府信息公开工作年度报告。本年度报告中所列数据的"
                           "统计期限自2019年1月1日起至2019年12月31日止。", "……", "", "河北省教育厅",
                           "2020年1月15日"))
    assert (m.agency, m.report_year, m.province, m.city, m.admin_code) == (
        "河北省教育厅", 2019, "河北省", None, "130000")


def test_signature_date_minus_one_is_the_last_resort():
    m = metadata.read(_doc("一、总体情况", "我局认真贯彻……", "柳北区人力资源和社会保障局", "2020年1月16日"))
    assert (m.agency, m.report_year, m.admin_code) == ("柳北区人力资源和社会保障局", 2019, "450205")
    assert any("minus one" in n for n in m.notes)


def test_misread_county_is_corrected_in_the_agency():
    m = metadata.read(_doc("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告"))
    assert (m.agency, m.report_year, m.city, m.admin_code) == ("沭阳县人民政府", 2025, "宿迁市", "321322")


def test_nothing_found():
    m = metadata.read(_doc("无关的文字"))
    assert m.agency is None and m.report_year is None and m.notes


@pytest.mark.parametrize("lines", [
    ("广州市海珠区人民政府关于2022年政府信息公开工作年度报告",),
    ("关于广州市海珠区人民政府2022年政府信息公开工作年度报告的报告",),
    ("广州市海珠区人民政府2022年", "政府信息公开工作年度报告"),
    ("广州市海珠区人民政府2022年政府信息", "公开工作年度报告"),
    ("广州市海珠区人民政府政府信息公开工作2022年度报告",),
    ("广州市海珠区人民政府二〇二二年政府信息公开工作年度报告",),
    ("一、总体情况", "我区……", "广州市海珠区人民政府", "二〇二三年一月十日"),
    ("一、总体情况", "我区……", "广州市海珠区人民政府", "2023-01-10"),
])
def test_common_title_shapes_and_dates(lines):
    m = metadata.read(_doc(*lines))
    assert (m.agency, m.report_year, m.admin_code) == ("广州市海珠区人民政府", 2022, "440105")
