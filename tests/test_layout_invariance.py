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
green and a layout that starts passing is noticed (remove its mark, or recompute them all with
`python tests/layouts/marks.py`: each reason is what the first failing example got wrong). The examples are drawn
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

# What today's reader does not read right (written by tests/layouts/marks.py). Remove a mark when
# its test starts passing (strict xfail turns an unexpected pass into a failure, so a stale mark
# cannot stay).
# the property (any report, all variation, defects)
XFAIL_LAYOUTS: dict[str, str] = {
    "pdftotext": "missing {('GI502', 5, None): 1}",
    "crawl_nosep": "extra {('GI108', 0, None): 1}",
}
# a clean report without page furniture
XFAIL_CLEAN: dict[str, str] = {
}
# a clean report with page furniture
XFAIL_FURNITURE: dict[str, str] = {
}
# layout → the defects it does not report right on their own
XFAIL_PAIRS: dict[str, set] = {
    "pipe_cells": {"blank_cell"},
    "pdftotext": {"conversion_artifact"},
    "crawl": {"title_without_government"},
    "crawl_nosep": {"title_without_government"},
}

cases = strategies()
plain = Variation.strategy(furniture=False)
furnished = Variation.strategy(furniture=True)
PAIR_SETTINGS = settings(SETTINGS, max_examples=max(2, EXAMPLES // 3))


# GILINT_LAYOUT_XFAIL=0 runs every test unmarked (to see what fails today, e.g. after a reader
# change: `GILINT_LAYOUT_XFAIL=0 pytest -q tests/test_layout_invariance.py | grep FAILED`).
MARKS = os.environ.get("GILINT_LAYOUT_XFAIL", "1") != "0"


def marked(names, marks: dict):
    if not MARKS:
        return list(names)
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=marks[n])) if n in marks else n
            for n in names]


def pairs():
    out = []
    for layout in LAYOUTS:
        for defect in sorted(DEFECTS):
            if MARKS and defect in XFAIL_PAIRS.get(layout, ()):
                out.append(pytest.param(layout, defect, marks=pytest.mark.xfail(
                    strict=True, reason=f"today's reader misses or misplaces {defect} in the {layout} layout")))
            else:
                out.append((layout, defect))
    return out


def assert_same(case, layout: str):
    r = case.render(layout)
    exp = case.model.expected()
    got = found(r)
    missing, extra = compare(exp, got, layout, case.model.allowed)
    assert not missing and not extra, (
        f"{layout}: {case}\nmissing {dict(missing)}\nextra {dict(extra)}\n"
        f"--- text (start) ---\n{r.text[:1500]}")


# ------------------------------------------------------------------------------ the property
@pytest.mark.parametrize("layout", marked(LAYOUTS, XFAIL_LAYOUTS))
@SETTINGS
@given(data=st.data())
def test_every_layout_gives_the_models_findings(layout, data):
    """Any report (from scratch or a case's figures), any variation including page furniture,
    up to three defects: the layout's findings are the model's."""
    assert_same(data.draw(cases(), label="case"), layout)


@pytest.mark.parametrize("layout,defect", pairs())
@PAIR_SETTINGS
@given(data=st.data())
def test_each_defect_in_each_layout(layout, defect, data):
    """One defect, no page furniture: the findings it causes, and no other, in this layout."""
    case = data.draw(cases(defects=(defect,), variations=plain), label="case")
    assert defect in case.model.defects
    assert_same(case, layout)


@pytest.mark.parametrize("layout", marked(LAYOUTS, XFAIL_CLEAN))
@SETTINGS
@given(data=st.data())
def test_clean_report_has_no_finding(layout, data):
    case = data.draw(cases(defects=(), from_cases=False, variations=plain), label="case")
    assert case.model.expected() == {}
    assert_same(case, layout)


@pytest.mark.parametrize("layout", marked(LAYOUTS, XFAIL_FURNITURE))
@SETTINGS
@given(data=st.data())
def test_page_furniture_is_not_content(layout, data):
    """Site navigation before the title, 附件下载 and footer lines after 六."""
    case = data.draw(cases(defects=(), from_cases=False, variations=furnished), label="case")
    assert_same(case, layout)


def test_case_models_keep_their_figures():
    """The seeds' and real cases' figures as gilint reads them, in the canonical layout: the
    findings the model derives from them (the cases' own arithmetic errors), no other."""
    paths = case_files()
    assert len(paths) >= 5
    for i, path in enumerate(paths):
        m = from_case(path, i)
        if m is None:
            continue
        r = render(CANONICAL, blocks(m, Variation()), random.Random(i))
        missing, extra = compare(m.expected(), found(r), CANONICAL, m.allowed)
        assert not missing and not extra, f"{path.name}: missing {dict(missing)} extra {dict(extra)}"


def test_generator_is_sound():
    """The generator itself: a clean model holds every identity; each defect changes the text
    or the figures and expects a finding; renderings are deterministic and keep every figure."""
    for seed in range(8):
        m = build(seed)
        assert m.expected() == {}, m
        bl = blocks(m, Variation())
        for layout in LAYOUTS:
            a = render(layout, bl, random.Random(seed))
            b = render(layout, bl, random.Random(seed))
            assert a.text == b.text
            assert m.s3["total"][6] in a.text
        assert "\n" not in render("crawl", bl, random.Random(0)).text.rstrip("\n")
        assert "- 1 -" in render("pdftotext", bl, random.Random(0)).text
    for name, (_slots, fn) in DEFECTS.items():
        m = build(random.Random(7), year=2022, body="沭阳县发展和改革局")
        before = repr(m)
        fn(m, random.Random(3))
        assert name in m.defects and repr(m) != before, name
        assert m.expected(), name
