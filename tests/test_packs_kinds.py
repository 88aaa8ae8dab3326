"""Declarative rule kinds: each fires, stays quiet, and fixes as documented; scopes; the regex
timeout; declared rules go through the Rule machinery (enable, severity, select, ignore)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gilint import lint
from gilint.packs import load_config
from gilint.tomlload import ConfigError
from gilint.record import replace   # (a Config is a record)

ROOT = Path(__file__).resolve().parent.parent

# A clean 2021-template report (Markdown headings, tab-separated tables); lint() finds nothing.
BASE = """# 柳泉镇人民政府2021年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。

## 一、总体情况

2021年，柳泉镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请6件，均在法定期限内答复。

（一）主动公开。通过政府门户网站主动公开各类政府信息。

（二）依申请公开。规范受理、登记、办理和答复流程。

（三）政府信息管理。严格执行信息发布前的保密审查制度。

## 二、主动公开政府信息情况

第二十条第（一）项			
信息内容	本年制发件数	本年废止件数	现行有效件数
规章	0	0	0
行政规范性文件	2	1	5
第二十条第（五）项			
信息内容	本年处理决定数量		
行政许可	12		
第二十条第（六）项			
信息内容	本年处理决定数量		
行政处罚	3		
行政强制	0		
第二十条第（八）项			
信息内容	本年收费金额（单位：万元）		
行政事业性收费	1.25		

## 三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）			申请人情况							
			自然人	法人或其他组织					总计
				商业企业	科研机构	社会公益组织	法律服务机构	其他	
一、本年新收政府信息公开申请数量			5	1	0	0	0	0	6
二、上年结转政府信息公开申请数量			1	0	0	0	0	0	1
三、本年度办理结果	（一）予以公开		3	1	0	0	0	0	4
	（二）部分公开（区分处理的，只计这一情形，不计其他情形）		1	0	0	0	0	0	1
	（三）不予公开	1.属于国家秘密	0	0	0	0	0	0	0
		2.其他法律行政法规禁止公开	0	0	0	0	0	0	0
		3.危及“三安全一稳定”	0	0	0	0	0	0	0
		4.保护第三方合法权益	0	0	0	0	0	0	0
		5.属于三类内部事务信息	0	0	0	0	0	0	0
		6.属于四类过程性信息	0	0	0	0	0	0	0
		7.属于行政执法案卷	0	0	0	0	0	0	0
		8.属于行政查询事项	0	0	0	0	0	0	0
	（四）无法提供	1.本机关不掌握相关政府信息	1	0	0	0	0	0	1
		2.没有现成信息需要另行制作	0	0	0	0	0	0	0
		3.补正后申请内容仍不明确	0	0	0	0	0	0	0
	（五）不予处理	1.信访举报投诉类申请	0	0	0	0	0	0	0
		2.重复申请	0	0	0	0	0	0	0
		3.要求提供公开出版物	0	0	0	0	0	0	0
		4.无正当理由大量反复申请	0	0	0	0	0	0	0
		5.要求行政机关确认或重新出具已获取信息	0	0	0	0	0	0	0
	（六）其他处理	1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
		2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
		3.其他	0	0	0	0	0	0	0
	（七）总计		5	1	0	0	0	0	6
四、结转下年度继续办理			1	0	0	0	0	0	1

## 四、政府信息公开行政复议、行政诉讼情况

行政复议					行政诉讼									
					未经复议直接起诉					复议后起诉				
结果维持	结果纠正	其他结果	尚未审结	总计	结果维持	结果纠正	其他结果	尚未审结	总计	结果维持	结果纠正	其他结果	尚未审结	总计
1	0	0	0	1	0	1	0	0	1	0	0	0	0	0

## 五、存在的主要问题及改进情况

（一）存在的主要问题。信息公开的及时性有待提高，公开内容不够全面。

（二）改进情况。加强业务培训，健全工作制度，提高公开质量。

## 六、其他需要报告的事项

本年度未收取信息处理费。


柳泉镇人民政府
2022年1月20日
"""


def apply(text: str, fix) -> str:
    for e in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.new_text + text[e.end:]
    return text


@pytest.fixture
def pack(tmp_path):
    n = [0]

    def make(body: str, prefix: str = "QX"):
        n[0] += 1
        f = tmp_path / f"pack{n[0]}.toml"
        f.write_text(f'prefix = "{prefix}"\n' + body, encoding="utf-8")
        return load_config(f)
    return make


def found(config, text=BASE, code=None):
    return [f for f in lint(text, config) if code is None or f.code == code]


def test_base_is_clean(pack):
    assert found(pack('[rules.QX101]\nkind = "forbidden"\nphrases = ["不存在的词"]\n')) == []


# -- forbidden -------------------------------------------------------------------------------
FORBIDDEN = '''
[rules.QX101]
kind = "forbidden"
name = "vague-etc"
message = "不用“{match}”"
severity = "error"
scope = "paragraphs"
phrases = ["等等"]
'''


def test_forbidden_fires_and_not(pack):
    c = pack(FORBIDDEN)
    text = BASE.replace("保密审查制度。", "保密审查制度等等。")
    [f] = found(c, text)
    assert (f.code, f.name, f.severity, f.message) == ("QX101", "vague-etc", "error", "不用“等等”")
    assert text[f.start:f.end] == "等等" and f.fix is None
    assert found(c) == []


def test_forbidden_fix_replace_delete_and_regex_groups(pack):
    text = BASE.replace("保密审查制度。", "保密审查制度等等。")
    [f] = found(pack(FORBIDDEN + 'replace = "等"\n'), text)
    assert f.fix.safe is False and apply(text, f.fix) == BASE.replace("保密审查制度。", "保密审查制度等。")
    [f] = found(pack(FORBIDDEN + 'replace = ""\nsafe = true\n'), text)
    assert f.fix.safe is True and apply(text, f.fix) == BASE
    c = pack('[rules.QX101]\nkind = "forbidden"\npatterns = [\'(\\d+)\\s*余件\']\nreplace = "\\\\1件"\n')
    text = BASE.replace("申请6件", "申请6余件")
    [f] = found(c, text)
    assert text[f.start:f.end] == "6余件" and apply(text, f.fix) == BASE


def test_forbidden_scopes(pack):
    text = BASE.replace("# 柳泉镇人民政府2021年", "# 柳泉镇人民政府（等等）2021年")
    assert found(pack(FORBIDDEN), text) == []                      # paragraphs: not the title
    assert len(found(pack(FORBIDDEN.replace('"paragraphs"', '"title"')), text)) == 1
    assert len(found(pack(FORBIDDEN.replace('scope = "paragraphs"', 'scope = "text"')), text)) == 1
    five = BASE.replace("提高公开质量。", "提高公开质量等等。")
    in5 = FORBIDDEN + "section = 5\n"
    assert len(found(pack(in5), five)) == 1
    assert found(pack(FORBIDDEN + "section = [1, 2]\n"), five) == []
    cell = BASE.replace("行政许可\t12", "行政许可等等\t12")
    assert len(found(pack(FORBIDDEN.replace('"paragraphs"', '"cells"')), cell, "QX101")) == 1
    assert found(pack(FORBIDDEN), cell, "QX101") == []
    head = BASE.replace("（一）主动公开。", "（一）主动公开等等。")
    assert len(found(pack(FORBIDDEN.replace('"paragraphs"', '"headings"')), head)) == 1
    date = FORBIDDEN.replace('phrases = ["等等"]', 'phrases = ["1月20日"]')
    assert len(found(pack(date.replace('"paragraphs"', '"closing"')))) == 1
    assert found(pack(date.replace('"paragraphs"', '"preamble"'))) == []
    pre = BASE.replace("编制。", "编制等等。")
    assert len(found(pack(FORBIDDEN.replace('"paragraphs"', '"preamble"')), pre)) == 1
    assert found(pack(FORBIDDEN.replace('"paragraphs"', '"preamble"')), five) == []
    assert len(found(pack(FORBIDDEN.replace('"paragraphs"', '["title", "paragraphs"]')), text)) == 1


def test_forbidden_ignore_case(pack):
    text = BASE.replace("保密审查制度。", "保密审查制度（Word版）。")
    body = '[rules.QX101]\nkind = "forbidden"\nphrases = ["word版"]\n'
    assert found(pack(body), text) == []
    assert len(found(pack(body + "ignore-case = true\n"), text)) == 1


# -- substitution ----------------------------------------------------------------------------------
SUBST = '''
[rules.QX201]
kind = "substitution"
swap = { "截止目前" = "截至目前", "网站" = "门户网站", "其它" = "其他" }
'''


def test_substitution_fires_with_a_safe_fix(pack):
    c = pack(SUBST)
    text = BASE.replace("均在法定期限内答复。", "截止目前均在法定期限内答复，其它事项另报。")
    fs = found(c, text)
    assert [text[f.start:f.end] for f in fs] == ["截止目前", "其它"]
    assert fs[0].message == "应为“截至目前”，而非“截止目前”" and fs[0].severity == "warning"
    assert all(f.fix.safe for f in fs)
    fixed = apply(apply(text, fs[1].fix), fs[0].fix)
    assert "截至目前均在法定期限内答复，其他事项另报" in fixed and found(c, fixed) == []


def test_substitution_does_not_fire_on_the_right_term(pack):
    c = pack(SUBST)
    assert found(c) == []                                # BASE says 政府门户网站: already right
    text = BASE.replace("通过政府门户网站", "通过政府网站")
    [f] = found(c, text)
    assert text[f.start:f.end] == "网站" and apply(text, f.fix) == BASE


def test_substitution_regex_and_unsafe(pack):
    c = pack('[rules.QX201]\nkind = "substitution"\nregex = true\nsafe = false\n'
             'swap = { \'(\\d{4})年度内\' = "\\\\1年内" }\n')
    text = BASE.replace("2021年，柳泉镇", "2021年度内，柳泉镇")
    [f] = found(c, text)
    assert f.fix.safe is False and f.message == "应为“2021年内”，而非“2021年度内”"


# -- required --------------------------------------------------------------------------------------
REQUIRED = '''
[rules.QX301]
kind = "required"
section = 1
scope = "headings"
headings = ["主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"]
'''


def test_required_headings(pack):
    c = pack(REQUIRED)
    fs = found(c)
    assert [f.message for f in fs] == ["“一、总体情况”缺少“平台建设”", "“一、总体情况”缺少“监督保障”"]
    assert all(BASE[f.start:f.end] == "一、总体情况" and f.fix is None for f in fs)
    full = BASE.replace("\n\n## 二、", "\n\n（四）平台建设。完善门户网站。\n\n（五）监督保障。开展培训。\n\n## 二、")
    assert found(c, full) == []
    # a sub-heading counts only up to its first 。: body text run into it does not
    runin = BASE.replace("（三）政府信息管理。严格执行", "（三）政府信息管理。平台建设和监督保障")
    assert len(found(c, runin)) == 2


def test_required_any_phrases_patterns_and_missing_section(pack):
    c = pack('[rules.QX301]\nkind = "required"\nscope = "preamble"\nmode = "any"\n'
             'phrases = ["联系电话", "联系方式"]\n')
    [f] = found(c)
    assert f.message == "导语缺少“联系电话”或“联系方式”" and BASE[f.start:f.end].startswith("柳泉镇人民政府2021年")
    assert found(c, BASE.replace("编制。", "编制。联系方式：0000-1234567。")) == []
    c = pack('[rules.QX302]\nkind = "required"\nsection = 6\npatterns = [\'信息处理费\']\n')
    assert found(c) == []
    assert len(found(c, BASE.replace("本年度未收取信息处理费。", "无。"))) == 1
    no6 = BASE[:BASE.index("## 六、")] + "\n柳泉镇人民政府\n2022年1月20日\n"
    assert found(c, no6, "QX302") == []                  # a missing section is GI101's business


def test_required_insert_fix(pack):
    c = pack(REQUIRED + 'insert = "（四）{expected}情况。"\n')
    fs = found(c)
    assert all(f.fix is not None and f.fix.safe is False for f in fs)
    fixed = apply(BASE, fs[0].fix)
    assert "（三）政府信息管理。严格执行信息发布前的保密审查制度。\n（四）平台建设情况。\n\n## 二、" in fixed
    assert [f.message for f in found(c, fixed)] == ["“一、总体情况”缺少“监督保障”"]


# -- range ---------------------------------------------------------------------------------------------
def test_range_section3_cell(pack):
    body = '[rules.QX401]\nkind = "range"\ntable = "section3"\nrow = "new"\ncolumn = "总计"\nmax = {}\n'
    [f] = found(pack(body.format(5)))
    line = next(x for x in BASE.split("\n") if x.startswith("一、本年新收"))
    assert BASE[f.start:f.end] == "6" and BASE.rfind(line, 0, f.start + 1) >= 0
    assert f.message == "“一、本年新收政府信息公开申请数量”行“总计”列为6，超出范围≤5" and f.fix is None
    assert found(pack(body.format(6))) == []
    [f] = found(pack(body.replace('column = "总计"', "column = 1").format(4)))      # 自然人
    assert BASE[f.start:f.end] == "5"


def test_range_section2_by_label_and_min(pack):
    body = ('[rules.QX401]\nkind = "range"\nsection = 2\nrow = "行政许可"\ncolumn = "处理决定数量"\n'
            'max = 10\nmessage = "{row}{column}{value}>{max}"\n')
    [f] = found(pack(body))
    assert BASE[f.start:f.end] == "12" and f.message == "行政许可本年处理决定数量12>10"
    assert found(pack(body.replace("max = 10", "max = 12"))) == []
    rows = found(pack('[rules.QX401]\nkind = "range"\nsection = 3\nrow = ["carried_in", "carried_out"]\nmin = 2\n'))
    assert len(rows) == 14                                # two rows × seven columns below 2
    s4 = found(pack('[rules.QX401]\nkind = "range"\ntable = "section4"\nrow = "行政复议"\ncolumn = "总计"\nmax = 0\n'))
    assert len(s4) == 1 and BASE[s4[0].start:s4[0].end] == "1"


# -- deadline -----------------------------------------------------------------------------------------------
def test_deadline_kind(pack):
    body = '[rules.QX501]\nkind = "deadline"\ndeadline = "{}"\n'
    [f] = found(pack(body.format("01-15")))
    assert BASE[f.start:f.end] == "2022年1月20日" and f.fix is None
    assert f.message == "日期“2022年1月20日”晚于期限2022年1月15日"
    assert found(pack(body.format("01-20"))) == []
    by_level = pack('[report]\ndeadline = { township = "01-10", default = "03-31" }\n'
                    '[rules.QX501]\nkind = "deadline"\nmessage = "{date}>{deadline}"\n')
    assert [f.message for f in found(by_level, code="QX501")] == ["2022年1月20日>2022年1月10日"]
    assert {f.code for f in found(by_level)} == {"QX501", "GI403"}      # the deadline enabled GI403
    dept = pack('[report]\nlevel = "county-department"\ndeadline = { township = "01-10", default = "03-31" }\n'
                '[rules.QX501]\nkind = "deadline"\n')
    assert found(dept) == []


def test_deadline_scope_pattern_and_which(pack):
    text = BASE.replace("本年度未收取信息处理费。", "本报告于2022-02-03经审定。")
    c = pack('[rules.QX501]\nkind = "deadline"\ndeadline = "01-31"\nscope = "paragraphs"\nsection = 6\n'
             "pattern = '(?P<year>\\d{4})-(?P<month>\\d\\d)-(?P<day>\\d\\d)'\n")
    [f] = found(c, text)
    assert text[f.start:f.end] == "2022-02-03"
    two = BASE.replace("2022年1月20日", "2022年3月1日\n2022年1月2日")
    body = '[rules.QX501]\nkind = "deadline"\ndeadline = "01-31"\nwhich = "{}"\n'
    assert found(pack(body.format("last")), two) == []
    assert len(found(pack(body.format("first")), two)) == 1
    assert len(found(pack(body.format("all")), two)) == 1


# -- the Rule machinery -----------------------------------------------------------------------------------------
def test_declared_rules_obey_enable_severity_select_ignore(pack, tmp_path):
    text = BASE.replace("保密审查制度。", "保密审查制度等等。")
    c = pack(FORBIDDEN)
    assert [f.code for f in found(c, text)] == ["QX101"]
    assert found(replace(c, ignore=frozenset({"QX"})), text) == []
    assert found(replace(c, select=frozenset({"GI"})), text) == []
    assert len(found(replace(c, select=frozenset({"QX101"})), text)) == 1
    off = pack(FORBIDDEN + "enabled = false\n")
    assert found(off, text) == []
    (tmp_path / "base.toml").write_text('prefix = "QX"\n' + FORBIDDEN + "enabled = false\n", encoding="utf-8")
    (tmp_path / "top.toml").write_text('extends = ["base.toml"]\n[rules.QX101]\nenabled = true\n'
                                       'severity = "info"\n', encoding="utf-8")
    [f] = found(load_config(tmp_path / "top.toml"), text)
    assert f.severity == "info"
    assert "QX101" in c.rules and c.declared[0].code == "QX101"
    assert "Declared by the pack" in c.declared[0].documentation()


def test_declared_rules_run_on_out_of_scope_years_unless_they_need_a_template(pack):
    old = BASE.replace("2021", "2017")
    text = old.replace("保密审查制度。", "保密审查制度等等。")
    c = pack(FORBIDDEN + '[rules.QX401]\nkind = "range"\nsection = 3\nrow = "new"\nmax = 0\n')
    assert {f.code for f in found(c, text)} == {"GI003", "QX101"}


# -- the regex timeout ---------------------------------------------------------------------------------------------
CATASTROPHIC = "[rules.QX101]\nkind = \"forbidden\"\nscope = \"paragraphs\"\npatterns = ['(a+)+$']\n"
LONG = BASE.replace("提高公开质量。", "提高公开质量。\n\n" + "a" * 30000 + "b")


def test_catastrophic_regex_is_a_configuration_error_not_a_hang(pack):
    c = pack(CATASTROPHIC)
    t = time.monotonic()
    with pytest.raises(ConfigError) as e:
        lint(LONG, c)
    assert time.monotonic() - t < 10
    assert "QX101" in str(e.value) and "took longer than" in str(e.value)
    assert e.value.line == 2 and e.value.path.endswith(".toml")      # the rule's declaration
    assert found(c) == []                                             # harmless on normal text


def test_catastrophic_regex_in_the_cli(tmp_path):
    (tmp_path / "gilint.toml").write_text('prefix = "QX"\n' + CATASTROPHIC, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(LONG, encoding="utf-8")
    t = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "gilint", "check", str(tmp_path / "draft.txt")],
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert time.monotonic() - t < 30
    assert r.returncode == 2 and "QX101" in r.stderr and "took longer than" in r.stderr, r.stderr
