"""The one cell normaliser: script conversion only for traditional text, debris removal that never
touches real content."""

from parsers.document import Cell, Line
from parsers.normalize import clean, document, is_traditional, join_wrapped


def test_pinyin_after_cjk_is_dropped_real_parentheses_survive():
    assert clean("柳北區(qū)人力資源") == "柳北區人力資源"
    assert clean("認(rèn)真") == "認真"
    assert clean("(一)予以公开") == "(一)予以公开"
    assert (
        clean("(本列数据的勾稽关系为:第一项加第二项之和)")
        == "(本列数据的勾稽关系为:第一项加第二项之和)"
    )
    assert clean("联系人(张三)") == "联系人(张三)"
    assert clean("website (gov)") == "website (gov)"  # no tone mark, not after CJK


def test_debris_beside_digits():
    assert clean("?0") == "0"
    assert clean("0?") == "0"
    assert clean("1\u200b2") == "12"
    assert clean("?") == ""
    assert clean("是否?") == "是否?"  # a real question mark is not beside a digit


def test_fullwidth_digits_and_spaces():
    assert clean("１２３") == "123"
    assert clean("\u00a0") == ""
    assert clean("规章\u00a0\u3000 5") == "规章 5"


def test_radical_glyphs_are_the_ideographs_they_stand_for():
    # PDF text of Word and WPS exports whose fonts name glyphs by radical code points
    assert clean("⼴州市⼈⺠政府") == "广州市人民政府"  # Kangxi ⼴ ⼈, supplement ⺠
    assert clean("政府⻔户⽹站") == "政府门户网站"
    assert clean("本年废⽌件数") == "本年废止件数"
    assert clean("\uf96f明") == "說明"  # a compatibility ideograph
    assert clean("⺾") == "⺾"  # a radical that is no character of its own stays


def test_character_references_a_crawl_left_are_their_characters():
    assert clean("&nbsp;") == ""
    assert clean("&#12288;&ensp;") == ""
    assert clean("规章&nbsp;5") == "规章 5"
    assert clean("R&amp;D") == "R&D"
    assert clean("R&D 5") == "R&D 5"  # an ampersand that begins no reference stays
    assert clean("&copy 2019") == "&copy 2019"  # (nor a name without its semicolon)


def test_join_wrapped_cell_text():
    assert join_wrapped("商业\n企业") == "商业企业"
    assert join_wrapped("只计这一情 形，不\n计其他情形") == "只计这一情形，不计其他情形"
    assert join_wrapped("hzzwgk@126.com\nfoo") == "hzzwgk@126.com foo"


def test_traditional_detection():
    assert is_traditional("柳北區人力資源和社會保障局政府信息公開工作年度報告")
    assert not is_traditional("柳北区人力资源和社会保障局政府信息公开工作年度报告，处理结果")


def test_document_converts_only_traditional_documents():
    lines = [
        Line((Cell("政府信息公開工作年度報告", "line 1"),)),
        Line(
            (Cell("規章", "line 2 cell 1"), Cell("?0", "line 2 cell 2"), Cell("", "line 2 cell 3")),
            True,
        ),
    ]
    doc = document(lines, "text")
    assert [[c.text for c in ln.cells] for ln in doc.lines] == [
        ["政府信息公开工作年度报告"],
        ["规章", "0", ""],
    ]
    assert doc.notes == ["converted from traditional characters"]
    assert doc.lines[1].cells[2].where == "line 2 cell 3"
    simple = document([Line((Cell("文件 發", "line 1"),))], "text")  # one stray character
    assert simple.lines[0].cells[0].text == "文件 發" and simple.notes == []


def test_a_simplified_page_converts_its_traditional_cells_only():
    """A mirror kept a report's title in traditional script above a simplified article: the title's
    agency and place must be read in simplified (廣州市 had been taken for 横州市), the rest is
    left as it is."""
    lines = [
        Line((Cell("廣州市海珠區人力資源和社會保障局 2019年政府信息公開工作年度報告", "line 1"),)),
        Line((Cell("2019年，本单位认真贯彻落实《条例》。" * 100, "line 2"),)),
        Line((Cell("文件 發", "line 3"),)),  # one stray character: no traditional cell
    ]
    doc = document(lines, "text")
    assert [ln.cells[0].text for ln in doc.lines] == [
        "广州市海珠区人力资源和社会保障局 2019年政府信息公开工作年度报告",
        "2019年，本单位认真贯彻落实《条例》。" * 100,
        "文件 發",
    ]
    assert doc.lines[1] is lines[1] and doc.notes == [
        "1 cells converted from traditional characters"
    ]


def test_every_character_only_traditional_script_writes_counts():
    """A traditional title of rarer characters (井岡山, 公積金) above a simplified article: it had
    been left as printed (two of its characters among the frequent ones counted), its agency
    without a region. Characters simplified text writes too (乾, 著) count for neither script."""
    title = "井岡山市住房公積金管理中心2019年政府信息公開工作年度報告"
    lines = [
        Line((Cell(title, "line 1"),)),
        Line((Cell("2019年，本单位认真贯彻。" * 50, "line 2"),)),
    ]
    assert document(lines, "text").lines[0].cells[0].text == (
        "井冈山市住房公积金管理中心2019年政府信息公开工作年度报告"
    )
    assert not is_traditional("乾隆年间著名的乾县著作" * 3)


def test_a_long_title_with_few_traditional_characters_is_converted():
    """A traditional title whose long agency writes one character otherwise (黃南…城市管理局):
    three of its 38 characters are traditional-only, and at one in ten it had stayed as printed,
    its agency in traditional script. Two in forty make a traditional cell; a longer simplified
    sentence with two stray ones is not."""
    title = "黃南藏族自治州同仁市城市管理局2019年政府信息公開工作年度報告"
    stray = "本机关认真贯彻落实条例，文件發布及時，公开工作有序推进，信息公开渠道进一步拓宽，公众满意度持续提升。"
    lines = [
        Line((Cell(title, "line 1"),)),
        Line((Cell(stray, "line 2"),)),
        Line((Cell("2019年，本单位认真贯彻。" * 100, "line 3"),)),  # (a simplified page)
    ]
    doc = document(lines, "text")
    assert [ln.cells[0].text for ln in doc.lines[:2]] == [
        "黄南藏族自治州同仁市城市管理局2019年政府信息公开工作年度报告",
        stray,
    ]
