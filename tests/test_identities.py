from hypothesis import given, settings

from parsers.identities import check
from parsers.report import Report, Value
from tests import tables


def _report(grid3, grid4, template="2019", found=("二", "三", "四")):
    wrap = lambda g: {k: Value(v, str(v), "test") for k, v in g.items()}
    return Report(
        template=template,
        requests=wrap(grid3),
        review_litigation=wrap(grid4),
        tables_found=set(found),
    )


def _by_name(checks):
    return {c.name: c for c in checks}


@settings(max_examples=20, deadline=None)
@given(tables.table3(), tables.table4())
def test_consistent_tables_pass_every_check(g3, g4):
    checks = check(_report(g3, g4))
    assert all(c.passed for c in checks), [c for c in checks if not c.passed]


@settings(max_examples=20, deadline=None)
@given(tables.table3(), tables.table4())
def test_each_family_catches_its_break(g3, g4):
    g3 = dict(g3)
    g3[("3.1", "natural_person")] += 1  # breaks outcome sum and row total, not 1+2=3.7+4
    names = {c.name for c in check(_report(g3, g4)) if not c.passed}
    assert names == {"table3 outcomes sum to 3.7", "table3 row total = six applicants"}


def test_table4_total_break_fails():
    g4 = {
        (p, r): 0
        for p in ("review", "litigation_direct", "litigation_after_review")
        for r in ("upheld", "corrected", "other", "pending", "total")
    }
    g4[("review", "upheld")] = 10
    c = _by_name(check(_report({}, g4)))["table4 total = upheld+corrected+other+pending"]
    assert not c.passed and c.severity == "error"


def test_nothing_to_compare_does_not_pass():
    checks = check(_report({}, {}, template=None, found=()))
    assert not any(c.passed for c in checks)
    assert "table 三 not found" in _by_name(checks)["template completeness"].detail


def test_blank_cells_are_not_evaluable_not_passed():
    g3 = {("1", "natural_person"): None}
    c = _by_name(check(_report(g3, {})))["table3 row total = six applicants"]
    assert not c.passed and c.severity == "warning"


def test_known_cells_past_their_total_contradict_it_whatever_the_blank_cells_hold():
    """Counts are never negative: a row whose known applicants sum past its printed total breaks
    its identity whatever its blank cells hold (a reading-order PDF text had put another row's 16
    beside a total of 0, its n/a mark leaving the row unchecked); known cells short of the total
    prove nothing."""
    row = dict.fromkeys(("commercial_enterprise", "research_institution", "social_welfare_org"), 0)
    row |= {"natural_person": None, "legal_service_org": 0, "other_org": 0}
    for commercial, passed, severity in ((16, False, "error"), (0, False, "warning")):
        g3 = {("4", a): v for a, v in (row | {"commercial_enterprise": commercial}).items()}
        g3[("4", "total")] = 0 if commercial else 5
        c = _by_name(check(_report(g3, {})))["table3 row total = six applicants"]
        assert (c.passed, c.severity) == (passed, severity), c.detail


def test_negative_and_fractional_counts_fail():
    g4 = {("review", "upheld"): -1, ("review", "total"): 1.5}
    assert not _by_name(check(_report({}, g4)))["non-negative whole counts"].passed
