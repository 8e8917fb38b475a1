"""Sentences printed in place of tables 三 and 四 (statutory.toml ``statements``): each wording
agencies use states the zeros it implies, as derived values quoting it; sentences about other
things (fees, counts that are not zero) state nothing."""

from __future__ import annotations

import pytest

from parsers import parse
from parsers.identities import applicants, derive
from tests import variants as V

NO_APPLICATIONS = [
    "本年度未收到政府信息公开申请。",
    "本年度未收到申请人提出的政府信息公开申请。",
    "本年度没有收到群众提出的政府信息公开申请。",
    "2023年，本机关共收到政府信息公开申请0件。",
    "全年共收到0件政府信息公开申请。",
    "本年度收到的政府信息公开申请为零。",
    "本年度无依申请公开事项。",
    "本年度未收到依申请公开政府信息的申请。",
    "2023年度本单位未收到依申请公开信息。",
    "本年度我局未受理政府信息依申请公开。",
    "全年未收到依申请公开件。",
    "本年度我办未有政府信息公开申请。",
    "本年度依申请公开政府信息件数为0。",
    "全年共受理依申请公开0件。",
    "本年度政府信息公开零申请。",
    "本年度未收到任何单位和个人提出的政府信息公开申请。",
    "本年度未收到公民、法人和其他组织的政府信息公开申请。",
    "本年度未收到自然人、法人或其他组织的政府信息公开申请。",
    "本年度，本单位依申请公开政府信息数为0。",
    "全年收到政府信息公开申请共计0件。",
    "本年度本机关收到和处理政府信息公开申请均为0件。",
    "本年度未收到申请公开政府信息的申请。",
    "未收到有关政府信息公开的申请。",
    "本年度未有依申请公开的情况。",
    "全年未发生依申请公开政府信息情况。",
    "本年度我办未收到一件政府信息公开申请。",
    "今年以来，未收到群众申请公开政府信息。",
    "本年度无申请公开政府信息情况。",
    "本年度未有依申请公开政府信息事项发生。",
]
NO_CASES = [
    "本年度未发生政府信息公开行政复议、行政诉讼案件。",
    "本机关未因政府信息公开工作被申请行政复议或提起行政诉讼。",
    "无因政府信息公开被申请行政复议、提起行政诉讼的情况。",
    "本年度未发生因政府信息公开申请引发的行政复议和行政诉讼。",
    "未发生政府信息公开方面的行政复议和行政诉讼。",
    "未出现因政府信息公开引发的复议和诉讼。",
    "本年度未发生涉及政府信息公开的行政复议、行政诉讼案件。",
    "本年度我局政府信息公开行政复议、行政诉讼均为0件。",
    "未发生针对本机关政府信息公开工作的行政复议、行政诉讼。",
    "本年度，我局政府信息公开工作未被申请行政复议，未被提起行政诉讼。",
    "本年度本机关政府信息公开行政复议、行政诉讼数量为0。",
    "本年度未发生针对本机关的政府信息公开行政复议及行政诉讼。",
    "本年度我局因政府信息公开被申请行政复议0件，被提起行政诉讼0件。",
    "本年度行政复议0件，行政诉讼0件。",
    "未有因政府信息公开被申请行政复议和提起行政诉讼的情况。",
    "本年度，本机关未发生因政府信息公开而引起的行政复议、诉讼案件。",
    "无因政府信息公开申请行政复议、提起行政诉讼的情况。",
    "因政府信息公开申请行政复议、提起行政诉讼情况为零。",
    "本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。",
]
# (each below the heading of the table it is not about, or about something else)
STATING_NOTHING = [
    "本年度未发生依申请公开收费情况。",
    "无依申请公开信息处理费。",
    "本年度收到政府信息公开申请10件。",
    "政府信息公开申请0.5万字。",
    "行政复议2件，行政诉讼0件。",
    "行政复议、行政诉讼均为10件。",
    "本年度依申请公开政府信息10件。",
    "全年共受理依申请公开20件，均已按时答复。",
    "本年度未发生被纠错的行政复议、行政诉讼案件。",
    "本年度未被申请行政复议，被提起行政诉讼1件。",
    "申请人零投诉。",
    "本年度未收到涉及国家秘密的政府信息公开申请。",
    "本年度未收到涉及个人隐私的政府信息公开申请。",
    "本年度无逾期答复的政府信息公开申请。",
    "本年度未收到企业提出的政府信息公开申请，收到自然人申请3件。",
    "本年度被申请行政复议0件，被提起行政诉讼1件。",
    "行政复议0.5件，行政诉讼0件。",
    "本年度没有依申请公开政府信息被申请行政复议，被提起行政诉讼2件。",
    "本年度无申请公开政府信息被行政复议纠错的情况。",
    "本年度未收到群众申请公开政府信息收费的投诉。",
    "本年度未被申请行政复议，提起行政诉讼1件。",
]


def _report(table: str, sentence: str):
    text = "\n".join(
        f"{V.HEADINGS[t]}\n{sentence if t == table else ''}" for t in ("二", "三", "四")
    )
    return parse(text.encode(), "r.txt")


@pytest.mark.parametrize("sentence", NO_APPLICATIONS)
def test_a_sentence_stating_no_applications_derives_the_zeros_of_row_1(sentence):
    report = _report("三", sentence)
    derived = derive(report)
    for a in applicants():
        value, rule = derived[("requests", ("1", a))]
        assert value == 0 and rule.startswith("stated in words")
    assert all(v.value is None for v in report.requests.values())  # published: nothing


@pytest.mark.parametrize("sentence", NO_CASES)
def test_a_sentence_stating_no_cases_derives_every_zero_of_table_four(sentence):
    report = _report("四", sentence)
    derived = derive(report)
    cells = [derived[("review_litigation", k)] for k in report.review_litigation]
    assert len(cells) == 15 and all(v == 0 and r.startswith("stated in words") for v, r in cells)


@pytest.mark.parametrize("sentence", STATING_NOTHING)
def test_a_sentence_about_something_else_states_no_zero(sentence):
    for table in ("三", "四"):
        report = _report(table, sentence)
        assert report.stated == {}


def test_the_error_says_each_missing_table_once():
    """A heading without its table, and a table not found at all: each said once, with why."""
    report = parse("二、主动公开政府信息情况\n本年度未收到政府信息公开申请。\n".encode(), "r.txt")
    assert report.error.count("table 二") == 1 and report.error.count("table 四") == 1, report.error
