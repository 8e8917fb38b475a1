"""Imported once by the parse forkserver (ingest.pool): parsing a tiny report loads every lazy
table the parsers keep (the division list, the traditional → simplified dictionary, the statutory
templates), so each worker forked from it starts warm instead of paying ~1 s of loading for its
first file — which is what lets even a run of two small files go to isolated workers."""

from ingest.contract import parse

_TINY_REPORT = (
    "江苏省淮安市洪泽区人民政府2023年政府信息公开工作年度报告\n"
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "本年度收到申請 3 件。\n"
)

parse(_TINY_REPORT.encode(), "warm-up.txt")
