"""The result cache for documents (.docx, HTML, PDF): a re-check of an unchanged document is
served from the cache (neither the engine nor the reader runs) with the same output as a fresh
check, and a changed document, a changed reader library or gilint's changed reader code
misses it. The text-file cases are in tests/test_cache.py."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import TESTS
from test_cache import RUN, env_without_cache_settings

pytest.importorskip("docx", reason="python-docx not installed (pip install 'gilint[formats]')")
pytest.importorskip("pdfplumber", reason="pdfplumber not installed (pip install 'gilint[formats]')")
pytest.importorskip("lxml", reason="lxml not installed")

from formats.builders import build_docx, build_html  # noqa: E402

from gilint import cache, cli  # noqa: E402
from gilint.read.formats.base import Document  # noqa: E402

SEED = TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"
PDF = TESTS / "cases" / "real" / "raw" / "008_hongzequ_2023.pdf"


def gilint(cwd, *args):
    """(exit status, stdout, stderr, whether the engine ran, whether a reader ran)."""
    p = subprocess.run([sys.executable, "-c", RUN.replace(
        "'gilint.engine' in sys.modules", "('gilint.engine' in sys.modules) + 2 * any("
        "m.startswith('gilint.read.formats.') for m in sys.modules)"), *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env_without_cache_settings())
    err, _, marker = p.stderr.rstrip().rpartition("\n")
    assert marker.startswith("ENGINE="), p.stderr
    ran = int(marker.split("=")[1])
    return p.returncode, p.stdout, err, bool(ran & 1), bool(ran & 2)


@pytest.fixture
def project(tmp_path):
    """A project (.git marks its root) with the seed as .docx and HTML and a real PDF."""
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "reports").mkdir()
    text = SEED.read_text(encoding="utf-8")
    (root / "reports" / "r.docx").write_bytes(build_docx(text))
    (root / "reports" / "r.html").write_bytes(build_html(text))
    shutil.copy(PDF, root / "reports" / "r.pdf")
    return root


@pytest.mark.parametrize("name", ["r.docx", "r.html", "r.pdf"])
def test_unchanged_document_is_served_from_the_cache(project, name):
    first = gilint(project, "check", "--format", "json", f"reports/{name}")
    assert first[3] and first[4], "the first check reads and lints"
    found = json.loads(first[1])
    assert found and all(d.get("location") for d in found), "findings located in the document"
    second = gilint(project, "check", "--format", "json", f"reports/{name}")
    assert not second[3] and not second[4], "a hit neither reads the document nor lints it"
    assert second[:3] == first[:3]
    for fmt in ("text", "json", "sarif"):
        cached = gilint(project, "check", "--format", fmt, f"reports/{name}")
        fresh = gilint(project, "check", "--no-cache", "--format", fmt, f"reports/{name}")
        assert cached[:3] == fresh[:3]


def test_changed_document_is_read_again(project):
    gilint(project, "check", "reports/r.docx")
    text = SEED.read_text(encoding="utf-8").replace("。", "。。", 1)   # one defect more
    (project / "reports" / "r.docx").write_bytes(build_docx(text))
    again = gilint(project, "check", "--format", "json", "reports/r.docx")
    assert again[3] and again[4]
    fresh = gilint(project, "check", "--no-cache", "--format", "json", "reports/r.docx")
    assert again[:3] == fresh[:3]


def _hit(project, monkeypatch, name):
    monkeypatch.chdir(project)
    monkeypatch.delenv("GILINT_NO_CACHE", raising=False)
    monkeypatch.delenv("GILINT_CACHE_DIR", raising=False)
    opts = cli.CheckOptions(cache_dir=cache.cache_dir())
    path = f"reports/{name}"
    assert cli.check_file(path, opts).checked
    data = (project / path).read_bytes()
    return lambda: cache.lookup(opts.cache_dir, path, path, opts, data)


def test_changed_reader_library_misses(project, monkeypatch):
    lookup = _hit(project, monkeypatch, "r.pdf")
    assert lookup() is not None
    stamp = cache.library_stamp
    monkeypatch.setattr(cache, "library_stamp",
                        lambda m: stamp(m) + ("!" if m == "pdfplumber" else ""))
    assert lookup() is None


def test_changed_reader_code_misses(project, monkeypatch):
    monkeypatch.setattr(cache, "_SALT", [])
    lookup = _hit(project, monkeypatch, "r.docx")
    assert lookup() is not None
    stamp = cache._stamp
    monkeypatch.setattr(cache, "_stamp", lambda p: stamp(p) + ("!" if p.endswith("docx.py") else ""))
    monkeypatch.setattr(cache, "_SALT", [])
    assert lookup() is None


def test_documents_of_plugin_readers_are_not_stored():
    class PluginDocument(Document):
        pass
    PluginDocument.__module__ = "someone_else.reader"
    assert cache.reader_libraries(PluginDocument(text="x", format="pdf")) is None
    assert cache.reader_libraries(PluginDocument(text="x", format="odt")) is None
    assert [m for m, _s in cache.reader_libraries(Document(text="x", format="pdf"))] == \
        list(cache.READER_LIBRARIES["pdf"])
