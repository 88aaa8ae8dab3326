"""Compiled `regex` patterns stored between runs (gilint.storedre): a pattern read back from
the store is the pattern `regex.compile` makes — same pickled form, same matches on real
reports — and a missing, damaged or locale-dependent entry is compiled as without a store."""
from __future__ import annotations

import collections
import copyreg
import marshal
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from gilint import stored, storedre

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"


def _lint_once(cache_home: Path) -> str:
    """One `gilint check --no-cache` over the in-repo cases, which stores their patterns."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("GILINT_CACHE_DIR", None)
    files = sorted(str(p) for p in CASES.rglob("*.txt"))
    p = subprocess.run([sys.executable, "-m", "gilint", "check", "--no-cache", "--format", "json", *files],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert p.returncode in (0, 1), p.stderr
    return p.stdout


def _store_file(cache_home: Path) -> Path:
    files = [f for f in (cache_home / "gilint" / "patterns").iterdir() if f.is_file()]
    assert len(files) == 1
    return files[0]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(storedre, "_known", None)
    monkeypatch.setattr(storedre, "_new", {})
    monkeypatch.setattr(storedre, "_used", set())
    return tmp_path


def test_every_stored_pattern_is_the_compiled_one_and_matches_alike_on_real_reports(cache_home):
    first = _lint_once(cache_home)
    entries = marshal.loads(stored.unseal(storedre._MAGIC, _store_file(cache_home).read_bytes()))
    texts = [p.read_text(encoding="utf-8") for p in sorted(CASES.rglob("*.txt"))]
    reduce = copyreg.dispatch_table[regex.Pattern]   # what pickle keeps of a pattern
    matched, engines = 0, collections.Counter()
    for key, entry in entries.items():
        engine, source, flags = key[0], key[-2], key[-1]
        engines[engine] += 1
        if engine == "re":
            fresh, rebuilt = re.compile(source, flags), storedre.compile_re(source, flags)
            assert rebuilt == fresh, source            # re patterns compare by their code
        else:
            fresh, rebuilt = regex.compile(source, flags), storedre.compile(source, flags)
            # the arguments of a real compile: all alike but the engine's code, which `regex`
            # orders partly by hashes (so it differs from one process to the next), same codes
            constructor, args = entry
            made = reduce(fresh)[1]
            assert constructor == "regex._regex.compile" and key[1] == regex.__version__
            assert args[:2] == made[:2] and args[3:] == made[3:] and sorted(args[2]) == sorted(made[2]), source
        assert rebuilt is not fresh and type(rebuilt) is type(fresh)
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == \
            (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        for text in texts:
            want = [(m.span(), m.groups()) for m in fresh.finditer(text)]
            assert [(m.span(), m.groups()) for m in rebuilt.finditer(text)] == want, source
            matched += len(want)
    # the reader's, the rules' and the national pack's patterns, of both engines
    assert engines["regex"] > 40 and engines["re"] > 5
    assert matched > 1000
    assert not storedre._new          # every one came from the store
    assert _lint_once(cache_home) == first   # and a run served from it finds the same


def test_a_damaged_store_is_compiled_again_with_the_same_findings(cache_home):
    first = _lint_once(cache_home)
    f = _store_file(cache_home)
    data = bytearray(f.read_bytes())
    data[-5] ^= 0xFF
    f.write_bytes(bytes(data))
    assert storedre._load() == {}
    assert _lint_once(cache_home) == first
    assert storedre.compile(r"\d+年").search("2021年").group() == "2021年"
    assert storedre.compile_re(r"[\u3400-\u9fff]+").search("2021年度").group() == "年度"


def test_a_pattern_compiled_once_is_stored_at_save_and_read_back(cache_home):
    p = storedre.compile(r"(?P<year>\d{4})\s*年度", regex.M)
    q = storedre.compile_re(r"(?P<year>\d{4})\s*[\u3400-\u9fff]+", re.M)
    assert p.search("本报告\n2021 年度").group("year") == q.search("本报告\n2021 年度").group("year") == "2021"
    storedre.save()
    storedre._known = None
    again = storedre.compile(r"(?P<year>\d{4})\s*年度", regex.M)
    q_again = storedre.compile_re(r"(?P<year>\d{4})\s*[\u3400-\u9fff]+", re.M)
    assert not storedre._new and pickle.dumps(again) == pickle.dumps(p)   # (one process: one hash seed)
    assert q_again == q and q_again is not q and q_again.groupindex == {"year": 1}


def test_a_full_store_keeps_the_patterns_in_use(cache_home, monkeypatch):
    monkeypatch.setattr(storedre, "_MAX_ENTRIES", 6)
    for n in range(5):
        storedre.compile(rf"a{{{n + 1}}}年")
    storedre.save()
    storedre._known = None
    assert storedre.compile(r"a{2}年").search("aa年") and not storedre._new   # one in use
    for n in range(3):
        storedre.compile_re(rf"b{{{n + 1}}}")
    storedre.save()
    kept = marshal.loads(stored.unseal(storedre._MAGIC, _store_file(cache_home).read_bytes()))
    assert sorted(key[-2] for key in kept) == ["a{2}年", "b{1}", "b{2}", "b{3}"]


def test_locale_dependent_patterns_are_never_stored(cache_home):
    for source, flags in ((r"(?L)\w+", 0), (r"(?iL:\w)+", 0)):
        assert storedre.compile(source.encode(), flags).search(b"ab")
    assert storedre.compile_re(rb"\w+", re.LOCALE).search(b"ab")
    assert storedre.compile(r"\w+", 0).search("ab") and storedre.compile_re(r"\w+").search("ab")
    assert sorted(key[0] for key in storedre._new) == ["re", "regex"]


def test_an_invalid_pattern_raises_as_the_engine_does(cache_home):
    with pytest.raises(regex.error):
        storedre.compile(r"(unclosed")
    with pytest.raises(re.error):
        storedre.compile_re(r"(unclosed")
    assert not storedre._new


def test_a_stored_entry_naming_another_function_is_not_called(cache_home, monkeypatch):
    """The store is data: an entry naming any function but regex's constructor is compiled anew."""
    called = []
    monkeypatch.setattr("builtins.print", lambda *a: called.append(a))
    key = ("regex", regex.__version__, int(regex.DEFAULT_VERSION), r"\d+年", 0)
    monkeypatch.setattr(storedre, "_known", {key: ("builtins.print", ("stored",))})
    assert storedre.compile(r"\d+年").search("2021年").group() == "2021年"
    assert called == [] and key not in storedre._known


def test_a_run_with_jobs_stores_its_workers_patterns(tmp_path):
    """--jobs workers end without atexit handlers: each stores what it compiled itself."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("GILINT_CACHE_DIR", None)
    files = [str(p) for p in sorted((CASES / "seeds").glob("*.txt"))[:2]]
    p = subprocess.run([sys.executable, "-m", "gilint", "check", "-q", "--no-cache", "-j", "2", *files],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert p.returncode == 1, p.stderr
    entries = marshal.loads(stored.unseal(storedre._MAGIC, _store_file(tmp_path).read_bytes()))
    assert len(entries) > 40
