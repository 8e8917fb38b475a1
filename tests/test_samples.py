"""Every real sample report, parsed, equals the values read off it by hand: every cell and field,
NULLs included (tests/samples/*.expected.json, copied from shared/samples)."""

from __future__ import annotations

import pytest

from parsers import parse
from tests.expected import SAMPLES, differences, load_expected

CASES = sorted(SAMPLES.rglob("*.expected.json"))


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.name.split(".")[0])
def test_sample_matches_hand_read_values(expected_path):
    exp = load_expected(expected_path)
    source = expected_path.with_name(exp["file"])
    report = parse(source.read_bytes(), source.name)
    assert differences(report, exp) == []
