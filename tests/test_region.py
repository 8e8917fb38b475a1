"""The division library (jionlp's data files, read directly) and how an agency's name is placed."""

from __future__ import annotations

import pytest

from parsers.interpret import region


def test_library_has_the_three_levels():
    codes = region.by_code()
    assert codes["130000"].level == 0 and codes["130000"].name == "河北省"
    assert codes["450200"].level == 1 and codes["450200"].province == "广西壮族自治区"
    assert codes["440105"] == region.Division("440105", "海珠区", 2, "广东省", "广州市", "海珠区")
    assert all(len(d.code) == 6 for d in region.divisions())


@pytest.mark.parametrize(
    "agency, body, code, city",
    [
        ("广州市海珠区人力资源和社会保障局", "", "440105", "广州市"),
        ("湘桥区人力资源和社会保障局", "", "445102", "潮州市"),  # unique nationally
        ("河北省教育厅", "", "130000", None),  # provincial: no city or county
        ("上海市人民政府办公厅", "", "310000", None),  # municipality: no city level
        ("上海市嘉定区人民政府", "", "310114", None),
        ("北京市朝阳区人民政府", "", "110105", None),  # shared name settled by the province
        ("鼓楼区教育局", "南京市鼓楼区教育局地址：南京市", "320106", "南京市"),  # by the body
        ("平潭综合实验区", "", "350128", "福州市"),  # special zone (regions.toml)
        ("襄樊市人民政府", "", "420600", "襄阳市"),  # renamed (china_location_change.txt)
        ("仙桃市人民政府", "", "429004", None),  # province-administered county-level city
        # autonomous divisions by their short forms (the library's, and regions.toml's)
        ("恩施州人民政府", "", "422800", "恩施土家族苗族自治州"),
        ("黔东南州财政局", "", "522600", "黔东南苗族侗族自治州"),
        ("巴州人民政府", "", "652800", "巴音郭楞蒙古自治州"),
        ("博州财政局", "", "652700", "博尔塔拉蒙古自治州"),
        ("北川县人民政府", "", "510726", "绵阳市"),
        ("长阳自治县教育局", "", "420528", "宜昌市"),
        ("莫旗人民政府", "", "150722", "呼伦贝尔市"),
        ("恩施市人民政府", "", "422801", "恩施土家族苗族自治州"),  # the full names still come first
        # national-level new areas and development zones (regions.toml)
        ("河北雄安新区管理委员会", "", "130600", "保定市"),
        ("重庆两江新区管理委员会", "", "500000", None),
        ("广州开发区管理委员会", "", "440100", "广州市"),
        # two-character districts, named right after their city
        ("阳泉市郊区人民政府", "", "140311", "阳泉市"),
        ("山西省晋城市城区人民政府", "", "140502", "晋城市"),
        ("攀枝花市东区财政局", "", "510402", "攀枝花市"),
        ("西区财政局", "攀枝花市西区财政局", "510403", "攀枝花市"),
    ],
)
def test_locate(agency, body, code, city):
    place = region.locate(agency, body)
    assert place.division is not None and place.division.code == code
    assert place.division.city == city


def test_shared_name_without_context_keeps_what_the_candidates_agree_on():
    place = region.locate("朝阳区人民政府")  # 北京 and 长春: no common province
    assert place.division is None and "2 divisions" in place.notes[0]
    place = region.locate("鼓楼区人民政府")  # 南京, 徐州 (江苏), 开封 (河南), 福州 (福建)
    assert place.division is None
    place = region.locate("鼓楼区人民政府", "江苏省 江苏省")  # both 江苏 ones remain: the province
    assert place.division is not None and place.division.code == "320000"


def test_ocr_misread_is_corrected_only_to_a_unique_look_alike():
    place = region.locate("沐阳县人民政府")
    assert place.corrected == ("沐阳县", "沭阳县")
    assert place.division is not None and place.division.code == "321322"
    assert region.correct_misread("海珠区人民政府") is None  # a real name is never corrected
    assert region.correct_misread("人民政府") is None


def test_mentions_skip_two_character_district_words():
    assert region.mentions("城区和郊区的广州市") == ["广州市"]
    assert region.mentions("沛县人民政府") == ["沛县"]
    assert region.mentions("广州市城区") == ["广州市"]  # (广州 has no district 城区)
    assert region.mentions("阳泉市郊区") == ["阳泉市", "郊区"]


def test_every_county_named_with_its_city_is_located():
    """Every county-level division of the library, named as its government names itself
    (province, city and own name; a municipality's districts after the municipality), is read
    as that division: 阳泉市郊区 and 汕尾市城区 had been read as their cities. (The library also
    lists 兰州新区 and 天府新区, under statistical codes, no division's: regions.toml maps them
    onto the divisions whose territory they are.)"""
    zones = {d.code for d in region.divisions() if d.name in ("兰州新区", "天府新区")}
    wrong = []
    for d in region.divisions():
        if d.level == 2 and d.code not in zones:
            agency = f"{d.province}{d.city or ''}{d.county}人民政府"
            place = region.locate(agency)
            if place.division is None or place.division.code != d.code:
                wrong.append(agency)
    assert wrong == []


def test_a_county_made_a_district_is_read_as_the_district_only_when_unique():
    assert region.made_district("吴江市人民政府") == ("吴江市", "吴江区")
    assert region.made_district("苏州市人民政府") is None  # a current name is never moved
    place = region.locate("通州市人民政府")  # 通州区 of 北京 and of 南通: no code guessed
    assert place.division is None and any("2 divisions" in n for n in place.notes)
    place = region.locate("通州市人民政府", "南通市通州市人民政府")
    assert place.division is not None and place.division.code == "320612"


def test_township_or_level_only_agency_placed_by_how_the_body_qualifies_it():
    place = region.locate("龙固镇人民政府", "……徐州市沛县龙固镇位于……")
    assert place.division is not None and place.division.code == "320322"
    place = region.locate("县财政局", "沛县财政局认真贯彻……全县财政局系统")
    assert place.division is not None and place.division.code == "320322"
    place = region.locate("县财政局", "沛县财政局……丰县财政局")  # two counties: none chosen
    assert place.division is None
