"""Layout invariance (issue 12): the same report must give the same findings whatever its
layout — Word cell-per-line, tabs, Markdown pipes, one cell per line between pipes,
space-aligned, pdftotext, HTML with merged cells, one-line crawls with and without separators —
and a clean report none.

Reports come from tests/layouts: a model built from the national templates (every identity
holding) or from a seed/real case's figures, with benign variation (bracket widths, spaces in
labels, page furniture, 注： lines, a signing block) and catalogue defects injected; the model
says which findings, as (code, section, row), a correct linter reports. Only in the crawl
without separators may a table whose split is ambiguous be GI001 instead (and then nothing
computed from its contents).

Layouts and defects today's reader gets wrong are marked xfail(strict=True), so the suite stays
green and a layout that starts passing is noticed (remove its mark). The examples are drawn
deterministically; GILINT_LAYOUT_EXAMPLES=200 draws more (and shrinks a failure to its smallest
case).
"""
from __future__ import annotations

import os
import random

import pytest

pytest.importorskip("lxml", reason="lxml not installed (pip install 'gilint[formats]')")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from layouts.blocks import Variation, blocks  # noqa: E402
from layouts.corpus import case_files, from_case  # noqa: E402
from layouts.defects import DEFECTS  # noqa: E402
from layouts.findings import compare, found  # noqa: E402
from layouts.generate import strategies  # noqa: E402
from layouts.model import build  # noqa: E402
from layouts.render import LAYOUTS, render  # noqa: E402

CANONICAL = "tabs"
EXAMPLES = int(os.environ.get("GILINT_LAYOUT_EXAMPLES", "6"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if EXAMPLES > 20 else []),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What today's reader does not read right. Remove a line when its test starts passing (strict
# xfail turns an unexpected pass into a failure, so a stale mark cannot stay).
XFAIL_LAYOUTS: dict[str, str] = {}
XFAIL_CLEAN: dict[str, str] = {}
XFAIL_DEFECTS: dict[str, str] = {}

cases = strategies()
READ_DEFECTS = tuple(sorted(set(DEFECTS) - set(XFAIL_DEFECTS)))
no_furniture = st.builds(Variation, st.booleans(), st.booleans(), st.just(False), st.booleans(), st.booleans())


def marked(names, marks: dict):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=marks[n])) if n in marks else n
            for n in names]


def assert_same(case, layout: str):
    r = case.render(layout)
    exp = case.model.expected()
    got = found(r)
    missing, extra = compare(exp, got, layout, case.model.allowed)
    assert not missing and not extra, (
        f"{layout}: defects {case.model.defects}, {case.variation}\n"
        f"missing {dict(missing)}\nextra {dict(extra)}\n--- text (start) ---\n{r.text[:1500]}")


# ------------------------------------------------------------------------------ the property
@pytest.mark.parametrize("layout", marked(LAYOUTS, XFAIL_LAYOUTS))
@SETTINGS
@given(data=st.data())
def test_every_layout_gives_the_models_findings(layout, data):
    """Any report, any variation, up to three defects (those the canonical layout is right on):
    the layout's findings are the model's."""
    assert_same(data.draw(cases(pool=READ_DEFECTS), label="case"), layout)


@pytest.mark.parametrize("layout", marked(LAYOUTS, XFAIL_CLEAN))
@SETTINGS
@given(data=st.data())
def test_clean_report_has_no_finding_in_any_layout(layout, data):
    case = data.draw(cases(defects=()), label="case")
    if not case.model.expected():            # a real case's own figures may break an identity
        assert_same(case, layout)


@pytest.mark.parametrize("defect", marked(sorted(DEFECTS), XFAIL_DEFECTS))
@SETTINGS
@given(data=st.data())
def test_each_defect_in_the_canonical_layout(defect, data):
    """Each defect alone, without page furniture, in the canonical layout."""
    case = data.draw(cases(defects=(defect,), variations=no_furniture), label="case")
    assert defect in case.model.defects
    assert_same(case, CANONICAL)
