"""The reader memoises what it makes of a line for the process (a table line's cells and kind,
a Word cell line, a stream line's cells, a row label's match): every such reading is relative
to the line, so the same report read again further down a text — the memos warm, every offset
different — must give the same model, moved. Checked in every layout the reader meets
(tests/layouts), on generated reports."""
from __future__ import annotations

import pytest

pytest.importorskip("lxml", reason="lxml not installed (pip install 'gilint[formats]')")

from layouts.generate import make_case  # noqa: E402
from layouts.render import LAYOUTS  # noqa: E402

from gilint.packs import default_config  # noqa: E402
from gilint.read.structure import SectionReader, _shifted, build_report  # noqa: E402


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_report_read_again_further_down_reads_the_same_moved(layout):
    settings = default_config().reading
    for seed in range(4):
        text = make_case(seed).render(layout).text
        first = build_report(text, settings, SectionReader(0))
        assert any(s.tables for s in first.sections), "the report has tables to read"
        pad = "\n" * (7 + seed)
        again = build_report(pad + text, settings, SectionReader(0))
        assert again.sections == [_shifted(s, len(pad)) for s in first.sections]


def test_the_cached_reader_moves_a_section_it_read_before():
    """The CLI's Analyzer keeps its sections across files: a section read in one report and met
    again at another place in the next is copied with new offsets, equal to a fresh reading."""
    settings = default_config().reading
    text = make_case(1).render("word").text
    reader = SectionReader()
    build_report(text, settings, reader)
    moved = build_report("\n\n\n" + text, settings, reader)
    fresh = build_report("\n\n\n" + text, settings, SectionReader(0))
    assert moved.sections == fresh.sections


_OTHER_DIGITS = str.maketrans("0123456789", "7395046182")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_table_line_read_by_its_shape_reads_as_itself(layout):
    """A table line not seen yet whose shape (its digits all 0) is known takes that shape's
    reading (cells.ShapeMemo): the reading must not depend on which digits the line holds."""
    from gilint.read.cells import _read_row, _respell_row
    from gilint.read.region import _line_kind
    lines = 0
    for seed in range(3):
        for t in make_case(seed).render(layout).text.splitlines():
            other = t.translate(_OTHER_DIGITS)
            if other == t:
                continue
            lines += 1
            assert _line_kind(other) == _line_kind(t), t
            assert _read_row(other) == _respell_row(_read_row(t), other), t
    assert lines, "lines with digits were read"


def test_the_row_memo_reads_a_line_of_a_known_shape_as_itself():
    from gilint.read.cells import _ROWS, _read_row
    one, two = "\t（一）予以公开\t21\t5\t0\t0\t0\t0\t26", "\t（一）予以公开\t87\t1\t3\t0\t0\t0\t91"
    _ROWS.cache_clear()
    assert _ROWS.all([one]) == [_read_row(one)]
    assert _ROWS.all([two]) == [_read_row(two)]
    assert [t for t, _a, _b in _ROWS.all([two])[0][1]][2:4] == ["87", "1"]


def _marks(report) -> list:
    """What the table reader marks on each cell besides its fields (gilint.model.Cell)."""
    return [(c.fragments, c.uncertain, c.line is not None) for s in report.sections for t in s.tables
            for row in t.rows for c in (row.label, *row.values, row.group) if c is not None]


@pytest.mark.parametrize("incremental", [False, True])   # (copied from another report; moved in place)
def test_a_moved_section_keeps_what_the_table_reader_marked_on_its_cells(incremental):
    """A label joined from fragments (and whether their order is certain) is read by the rules
    (GI202): a section met again at another place keeps those marks, as a fresh reading has them."""
    settings = default_config().reading
    text = make_case(0).render("pdftotext").text
    reader = SectionReader(incremental=incremental)
    build_report(text, settings, reader)
    moved = build_report("\n\n\n" + text, settings, reader)
    fresh = build_report("\n\n\n" + text, settings, SectionReader(0))
    marks = _marks(fresh)
    assert any(f > 1 for f, _u, _l in marks) and any(u for _f, u, _l in marks), "joined labels to keep"
    assert _marks(moved) == marks


def test_a_run_over_many_files_moves_the_sections_of_an_earlier_report_in_place():
    """In a run over many files (``incremental=False``) a section met again in the next report
    is the earlier reading moved in place (that report's model is done with): each report reads
    as a fresh reading does — a section repeated within one report included (its second reading
    is a copy: the first is this report's)."""
    settings = default_config().reading
    text = make_case(2).render("tabs").text
    first_end = text.index("二、")
    doubled = text[:first_end] + text[first_end:] + "\n" + text[first_end:]   # every section twice
    reader = SectionReader(incremental=False)
    for t in (text, "\n\n" + text, "前言\n" + text, doubled, "\n" + doubled, text):
        got = build_report(t, settings, reader)
        fresh = build_report(t, settings, SectionReader(0))
        assert got.sections == fresh.sections
        assert len({id(s) for s in got.sections}) == len(got.sections)
        assert _marks(got) == _marks(fresh)
