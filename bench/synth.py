"""Random annual reports that satisfy the statutory identities, as table grids ready to render.

A report is a `Truth` (what the parser should read back) plus the three statutory tables as
`Grid`s laid out like the national templates (spans and all), so every renderer in
`bench.render` draws the same cells. Everything follows from `(seed, i)`: a truth can be rebuilt
at any time to check a parse without storing it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
# Table 三 body: (row code, group label, sub-label); the 2021 template splits （六）其他处理.
_OUTCOMES = [
    ("3.1", "（一）予以公开", ""),
    ("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    *[
        (f"3.3.{i}", "（三）不予公开", f"{i}.{s}")
        for i, s in enumerate(
            [
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ],
            1,
        )
    ],
    *[
        (f"3.4.{i}", "（四）无法提供", f"{i}.{s}")
        for i, s in enumerate(
            ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1
        )
    ],
    *[
        (f"3.5.{i}", "（五）不予处理", f"{i}.{s}")
        for i, s in enumerate(
            [
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ],
            1,
        )
    ],
]
_OTHER = {
    "2019": [("3.6", "（六）其他处理", "")],
    "2021": [
        (f"3.6.{i}", "（六）其他处理", f"{i}.{s}")
        for i, s in enumerate(
            [
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "其他",
            ],
            1,
        )
    ],
}
PROCEEDINGS = ("review", "litigation_direct", "litigation_after_review")
RESULTS = ("upheld", "corrected", "other", "pending")
_RESULT_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_DEPARTMENTS = (
    "人民政府",
    "人民政府办公室",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "市场监督管理局",
    "教育局",
    "财政局",
    "民政局",
    "司法局",
    "应急管理局",
    "水利局",
)


@dataclass(frozen=True)
class Cell:
    text: str
    rows: int = 1
    cols: int = 1


Grid = list[list[Cell]]  # HTML-style: each row lists only the cells that start in it


@dataclass
class Truth:
    agency: str
    province: str
    city: str
    county: str | None
    admin_code: str
    report_year: int
    template: str
    requests: dict[tuple[str, str], int] = field(default_factory=dict)
    review_litigation: dict[tuple[str, str], int] = field(default_factory=dict)
    proactive: dict[tuple[str, str], float] = field(default_factory=dict)


@dataclass
class Report:
    truth: Truth
    serial: str  # 索引号: makes every file's bytes distinct
    grids: dict[str, Grid]  # "二", "三", "四"
    paragraphs: list[str]


@cache
def places() -> tuple:
    """Real counties and cities of the parser's own division library, chosen once: names unique
    nationally, so each truth's region is unambiguous."""
    from parsers.interpret.region import divisions

    divs = [d for d in divisions() if not d.code.startswith(("71", "81", "82"))]  # no HK/MO/TW
    names = Counter(d.name for d in divs)
    counties = sorted(
        (
            d
            for d in divs
            if d.level == 2 and d.city and names[d.name] == 1 and d.name.endswith(("区", "县"))
        ),
        key=lambda d: d.code,
    )
    cities = sorted((d for d in divs if d.level == 1 and names[d.name] == 1), key=lambda d: d.code)
    pick = random.Random(0)
    return tuple(pick.sample(counties, 200) + pick.sample(cities, 50))


@cache
def _agency_years(seed: int) -> list[tuple]:
    """Every (place, department, year) once, shuffled: report i of a corpus gets entry i, so no
    two reports of a corpus up to 24,000 share an agency and year (that would be a duplicate)."""
    combos = [(p, d, y) for p in places() for d in _DEPARTMENTS for y in range(2019, 2025)]
    random.Random(seed).shuffle(combos)
    return combos


def report(seed: int, i: int) -> Report:
    combos = _agency_years(seed)
    place, department, year = combos[i % len(combos)]
    rng = random.Random(f"{seed}:{i}")
    agency = (place.city or "") + (place.county or "") + department
    template = "2019" if year < 2021 else "2021"
    truth = Truth(agency, place.province, place.city, place.county, place.code, year, template)
    keyed = _Keyed(seed, agency)
    grids = {
        "二": _table2(rng, keyed, truth),
        "三": _table3(rng, keyed, truth),
        "四": _table4(rng, truth),
    }
    serial = f"{place.code}-{year}-{rng.randrange(10**8):08d}"
    return Report(truth, serial, grids, _paragraphs(rng, truth))


@dataclass(frozen=True)
class _Keyed:
    """Numbers that one agency's reports of different years share, drawn from the agency and
    year alone, so the cross-year identities hold across a corpus: row 2 of year y is row 4 of
    y-1; 现行有效 of y is 现行有效 of y-1 + issued - repealed."""

    seed: int
    agency: str

    def rng(self, *what) -> random.Random:
        return random.Random(":".join(map(str, (self.seed, self.agency, *what))))

    def scale(self) -> int:
        return self.rng("scale").choice((2, 8, 30, 120, 600))

    def carried_out(self, year: int, applicant: str) -> int:
        rng = self.rng("carry", year, applicant)
        busy = applicant == "natural_person" or rng.random() < 0.2
        return rng.randint(0, self.scale() // 8) if busy else 0

    def documents(self, year: int, item: str) -> tuple[int, int, int]:
        """(issued, repealed, in force) of a 2021-template item, in force chained from 2020."""
        scale = 3 if item == "regulations" else 30
        in_force = self.rng("in_force", item).randint(0, scale * 10)
        for y in range(2021, year + 1):
            rng = self.rng("documents", y, item)
            issued = rng.randint(0, scale)
            repealed = min(rng.randint(0, scale // 2), in_force + issued)
            in_force += issued - repealed
        return issued, repealed, in_force


def _table3(rng: random.Random, keyed: _Keyed, t: Truth) -> Grid:
    """Per column: 1 + 2 = 3.7 + 4 and 3.7 = the sum of the outcomes; total = the six columns."""
    outcomes = _OUTCOMES + _OTHER[t.template]
    scale = keyed.scale()
    weights = [30, 6, *[rng.random() for _ in outcomes[2:]]]
    for a in APPLICANTS:
        carried, carry_on = (
            keyed.carried_out(t.report_year - 1, a),
            keyed.carried_out(t.report_year, a),
        )
        busy = a == "natural_person" or rng.random() < 0.3
        new = rng.randint(0, scale if a == "natural_person" else scale // 6) if busy else 0
        new = max(new, carry_on - carried)  # what is carried on was received at some point
        handled = Counter(
            rng.choices([c for c, *_ in outcomes], weights, k=new + carried - carry_on)
        )
        values = {"1": new, "2": carried, "4": carry_on, "3.7": new + carried - carry_on}
        values |= {c: handled[c] for c, *_ in outcomes}
        t.requests |= {(row, a): v for row, v in values.items()}
    for row in {r for r, _ in t.requests}:
        t.requests[(row, "total")] = sum(t.requests[(row, a)] for a in APPLICANTS)

    def values(row: str) -> list[Cell]:
        return [Cell(str(t.requests[(row, a)])) for a in (*APPLICANTS, "total")]

    grid: Grid = [
        [
            Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            Cell("申请人情况", 1, 7),
        ],
        [Cell("自然人", 2), Cell("法人或其他组织", 1, 5), Cell("总计", 2)],
        [Cell(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [Cell("一、本年新收政府信息公开申请数量", 1, 3), *values("1")],
        [Cell("二、上年结转政府信息公开申请数量", 1, 3), *values("2")],
    ]
    spans = Counter(group for _, group, _ in outcomes)
    for i, (code, group, sub) in enumerate(outcomes):
        row = [Cell("三、本年度办理结果", len(outcomes) + 1)] if i == 0 else []
        if not sub:
            row.append(Cell(group, 1, 2))
        elif sub.startswith("1."):
            row += [Cell(group, spans[group]), Cell(sub)]
        else:
            row.append(Cell(sub))
        grid.append(row + values(code))
    grid.append([Cell("（七）总计", 1, 2), *values("3.7")])
    grid.append([Cell("四、结转下年度继续办理", 1, 3), *values("4")])
    return grid


def _table4(rng: random.Random, t: Truth) -> Grid:
    for p in PROCEEDINGS:
        counts = [rng.choice((0, 0, 0, 1, 2, rng.randint(0, 30))) for _ in RESULTS]
        t.review_litigation |= dict(
            zip(((p, r) for r in (*RESULTS, "total")), [*counts, sum(counts)])
        )
    return [
        [Cell("行政复议", 1, 5), Cell("行政诉讼", 1, 10)],
        [
            *[Cell(x, 2) for x in _RESULT_LABELS],
            Cell("未经复议直接起诉", 1, 5),
            Cell("复议后起诉", 1, 5),
        ],
        [Cell(x) for x in _RESULT_LABELS * 2],
        [Cell(str(t.review_litigation[(p, r)])) for p in PROCEEDINGS for r in (*RESULTS, "total")],
    ]


def _count(rng: random.Random, scale: int) -> int:
    return rng.choice((0, rng.randint(0, scale), rng.randint(0, scale * 20)))


def _change(rng: random.Random) -> tuple[int, str]:
    n = rng.randint(-5, 5)
    return n, rng.choice((str(n), f"增{n}" if n > 0 else f"减{-n}" if n < 0 else "0"))


def _table2(rng: random.Random, keyed: _Keyed, t: Truth) -> Grid:
    def item(code: str, label: str, *metrics: tuple) -> list[Cell]:
        """metrics: (metric, value, printed text[, colspan])."""
        t.proactive.update({(code, m[0]): m[1] for m in metrics})
        return [Cell(label), *[Cell(m[2], 1, m[3] if len(m) > 3 else 1) for m in metrics]]

    def counts(code: str, label: str, names: tuple[str, ...], scale: int) -> list[Cell]:
        return item(code, label, *[(m, v, str(v)) for m in names for v in [_count(rng, scale)]])

    def clause(n: str) -> list[Cell]:
        return [Cell(f"第二十条第（{n}）项", 1, 4)]

    if t.template == "2021":

        def documents(code: str, label: str) -> list[Cell]:
            values = keyed.documents(t.report_year, code)
            return item(
                code,
                label,
                *[(m, v, str(v)) for m, v in zip(("issued", "repealed", "in_force"), values)],
            )

        def decisions(code: str, label: str) -> list[Cell]:
            n = _count(rng, 300)
            return item(code, label, ("decisions", n, str(n), 3))

        fee = rng.randint(0, 5_000_000)  # hundredths of 万元, i.e. 100 yuan
        return [
            clause("一"),
            [Cell(x) for x in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")],
            documents("regulations", "规章"),
            documents("normative_documents", "行政规范性文件"),
            clause("五"),
            [Cell("信息内容"), Cell("本年处理决定数量", 1, 3)],
            decisions("licensing", "行政许可"),
            clause("六"),
            [Cell("信息内容"), Cell("本年处理决定数量", 1, 3)],
            decisions("penalties", "行政处罚"),
            decisions("coercion", "行政强制"),
            clause("八"),
            [Cell("信息内容"), Cell("本年收费金额（单位：万元）", 1, 3)],
            item("fees", "行政事业性收费", ("fee_amount", fee * 100, f"{fee / 100:.2f}", 3)),
        ]

    def services(code: str, label: str) -> list[Cell]:
        (c, text), prior, n = _change(rng), _count(rng, 50), _count(rng, 300)
        return item(
            code,
            label,
            ("prior_year_items", prior, str(prior)),
            ("change", c, text),
            ("decisions", n, str(n)),
        )

    (c, change), prior = _change(rng), _count(rng, 20)
    spent, projects = rng.randint(0, 2_000_000), _count(rng, 10)  # spent: hundredths of 万元
    header = ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
    return [
        clause("一"),
        [Cell(x) for x in ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")],
        counts("regulations", "规章", ("new_made", "new_published", "total_published"), 3),
        counts(
            "normative_documents",
            "规范性文件",
            ("new_made", "new_published", "total_published"),
            30,
        ),
        clause("五"),
        [Cell(x) for x in header],
        services("licensing", "行政许可"),
        services("other_services", "其他对外管理服务事项"),
        clause("六"),
        [Cell(x) for x in header],
        services("penalties", "行政处罚"),
        services("coercion", "行政强制"),
        clause("八"),
        [Cell(x) for x in header[:2]] + [Cell("本年增/减", 1, 2)],
        item(
            "fees",
            "行政事业性收费",
            ("prior_year_items", prior, str(prior)),
            ("change", c, change, 2),
        ),
        clause("九"),
        [Cell("信息内容"), Cell("采购项目数量"), Cell("采购总金额", 1, 2)],
        item(
            "procurement",
            "政府集中采购",
            ("procurement_projects", projects, str(projects)),
            ("procurement_amount", spent * 100, f"{spent / 100:.2f}万元", 2),
        ),
    ]


_SENTENCES = (
    "坚持以公开为常态、不公开为例外，进一步加强谋划部署，优化公开机制。",
    "强化信息发布、管理和平台建设，推进政务公开与业务工作深度融合。",
    "严格落实依申请公开工作流程，加强与申请人的沟通，明确真实诉求。",
    "对答复难度大、涉及部门多的申请件，加强部门间联系，确保答复内容合法有据。",
    "公开前严格履行保密审查和公开属性审核程序，确保信息准确、不涉密。",
    "充分利用政府网站、政务新媒体等平台，及时发布政策文件和解读材料。",
    "组织开展政务公开业务培训，提升工作人员政府信息公开处理能力。",
    "认真落实上级关于政府信息公开工作的要求和部署，工作取得较好成效。",
)


def _paragraphs(rng: random.Random, t: Truth) -> list[str]:
    """Body text around the tables, varying in length; the overview quotes table 三's totals in
    words, as reports do (the warehouse checks the text against the table)."""
    received, handled = t.requests[("1", "total")], t.requests[("3.7", "total")]
    overview = (
        f"{t.report_year}年，本机关共收到政府信息公开申请{received}件，"
        f"依法办结政府信息公开申请{handled}件。"
    )
    return [
        overview,
        *("".join(rng.choices(_SENTENCES, k=rng.randint(2, 6))) for _ in range(rng.randint(3, 8))),
    ]
