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
