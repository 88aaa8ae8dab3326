"""Who wrote a report and for which year: title, signing block, manifest."""
from __future__ import annotations

from pathlib import Path

import pytest

from gilint.audit import extract
from gilint.audit.identify import ManifestError, load_manifest

BASE = Path(__file__).resolve().parent.parent / "rules" / "_base_2021_markdown.txt"


def read(tmp_path, text, override=None):
    p = tmp_path / "r.md"
    p.write_text(text, encoding="utf-8")
    extract.init_worker({})
    return extract.read_one((str(p), None, override))


def test_body_and_year_from_the_title(tmp_path):
    rec = read(tmp_path, BASE.read_text(encoding="utf-8"))
    assert (rec["body"], rec["year"], rec["level"]) == ("柳泉镇人民政府", 2021, "township")
    assert rec["signed"] == "2022-01-20"


def test_body_from_the_signing_block_when_the_title_has_none(tmp_path):
    text = BASE.read_text(encoding="utf-8").replace("# 柳泉镇人民政府2021年", "# 2021年")
    rec = read(tmp_path, text)
    assert (rec["body"], rec["year"]) == ("柳泉镇人民政府", 2021)


def test_manifest_override_reaches_the_engine(tmp_path):
    # a county department per the manifest: GI403's national 1月31日 applies to its late report
    text = BASE.read_text(encoding="utf-8").replace("2022年1月20日", "2022年2月10日")
    assert [f["code"] for f in read(tmp_path, text)["findings"]] == []
    rec = read(tmp_path, text, ("柳泉县教育局", 2021, "county-department"))
    assert [f["code"] for f in rec["findings"]] == ["GI403"]


def test_manifest_paths_are_relative_to_the_csv(tmp_path):
    (tmp_path / "sub").mkdir()
    m = tmp_path / "sub" / "list.csv"
    m.write_text("path,body,year,level,parent\nr/2021.md, 柳泉镇 人民政府 ,2021,township,\n,柳泉镇人民政府,2022,,\n",
                 encoding="utf-8-sig")
    man = load_manifest(str(m))
    row = man.for_path(str(tmp_path / "sub" / "r" / "2021.md"))
    assert row is not None and row.body == "柳泉镇人民政府" and row.year == 2021
    assert [(r.body, r.year) for r in man.expected()] == [("柳泉镇人民政府", 2022)]


def test_manifest_listing_a_file_twice(tmp_path):
    m = tmp_path / "list.csv"
    m.write_text("path,body,year\na.txt,甲镇,2021\n./a.txt,甲镇,2021\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="listed twice"):
        load_manifest(str(m))
