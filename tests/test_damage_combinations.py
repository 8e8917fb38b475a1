"""Damage in combination: every sample in every layout (tests/variants.py), with two or three of
the damages a conversion, a crawl or OCR does to a page at once, in a text file or a page (a line
a paragraph, or all in <pre>). Whatever is lost, no number may be published wrong without a
failed check saying so: each damage is tested alone elsewhere, and eight wrong numbers were found
only where two met (a lost column in a flattened crawl, a speck in a number glued to two labels,
zero-width spaces in a drawn table, a merged row in Docling's markdown, a number wrapped beside a
blank cell below its label; a drawing flattened into a paragraph, a speck where a number
wrapped, a pipe read as a 1 in a paragraph)."""

from __future__ import annotations

from functools import partial

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.ocr_accuracy import judge
from parsers import parse
from parsers.errors import NotAReport
from tests import variants as V

SAMPLES = V.samples()


def _first(damage):
    return lambda page: damage(page)[0]


# A page's text damaged as a whole (wordings, OCR inside numbers, a crawl's lost structure).
DAMAGE = {
    "digits read as letters": _first(V.ocr_letters),
    "specks in numbers": _first(V.specks_in_numbers),
    "specks after numbers": _first(V.specks_after_numbers),
    "numbers wrapped": _first(V.numbers_wrapped),
    "flattened": V.flattened,
    "titles before the tables": V.titles_before_tables,
    "pipe tables broken": V.broken_pipe_tables,
    "rows merged": V.rows_merged,
    "rows merged across columns": partial(V.rows_merged, across=True),
    "items merged": V.items_merged,
    "separators wrapped": V.separators_wrapped,
    "a middle column lost": V.without_a_middle_column,
    "a speck beside a digit": _first(V.specks_beside_digits),
    "a row's label lost": lambda page: next(V.labels_lost(page)),
    **{
        name: V.TRANSFORMS[name]
        for name in (
            "traditional",
            "misprinted table-四 heading",
            "letter-spaced labels",
            "full-width digits",
            "outcome rows unnumbered",
            "notes on labels",
            "合计 for 总计",
            "pinyin",
            "debris beside digits",
            "lines indented and padded by tabs",
            "lines ending in <br>",
            "soft hyphens in numbers",
        )
    },
}
# (a damage that needs what a layout lacks — a pipe table, table 二's title — raises; skipped)
_INAPPLICABLE = (ValueError, IndexError, KeyError, StopIteration)
# What holds the damaged text: a text file, or a page (each line a paragraph, or in <pre>).
FORMS = {
    "text": lambda page: (page, "r.txt"),
    "paragraphs": lambda page: (V.paragraphs(page), "r.html"),
    "pre": lambda page: (V.preformatted(page), "r.html"),
}


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    sample=st.sampled_from(range(len(SAMPLES))),
    layout=st.sampled_from(sorted(V.LAYOUTS)),
    blank=st.sampled_from(sorted(V.BLANKS.values())),
    damages=st.lists(st.sampled_from(sorted(DAMAGE)), min_size=2, max_size=3, unique=True),
    form=st.sampled_from(sorted(FORMS)),
)
def test_damages_together_publish_no_wrong_number_unflagged(sample, layout, blank, damages, form):
    name, _, exp = SAMPLES[sample]
    page = V.LAYOUTS[layout](exp, blank)
    try:
        for damage in damages:
            page = DAMAGE[damage](page)
    except _INAPPLICABLE:
        return
    data, file_name = (page, "r.html") if layout == "html" else FORMS[form](page)
    try:
        report = parse(data.encode(), file_name)
    except NotAReport:  # (too damaged to be told a report: no number published at all)
        return
    verdict = judge(report, exp)
    assert not (verdict["wrong"] and verdict["checks_pass"]), (name, layout, damages, form, verdict)
