"""The audit dashboard in a real headless Chromium (Debian's, through Python playwright): no
console error, nothing fetched from the network, each view screenshotted, every finding in the
database reachable from the overview by following links, untrusted text escaped."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from tests.audit.gen_series import build

CHROMIUM = "/usr/bin/chromium"   # installed by scripts/setup-review.sh (run by scripts/test.sh)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("series")
    build(corpus, defects=True)
    # a hostile file: markup in the body's name and in the prose must stay text
    evil = corpus / "evil.txt"
    base = (corpus / "南湖镇人民政府" / "2019.txt")
    base = base if base.exists() else next(corpus.glob("南湖镇人民政府/2019.*"))
    evil.write_text(base.read_text(encoding="utf-8").replace("南湖镇人民政府", "南湖<script>alert(1)</script>镇人民政府")
                    .replace("本年度未收取信息处理费。", "<img src=x onerror=alert(2)>本年度未收取信息处理费。"),
                    encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    r = subprocess.run([sys.executable, "-m", "gilint", "audit", str(corpus), "--manifest",
                        str(corpus / "manifest.csv"), "-o", str(out), "-j", "2", "-q"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    return out


def test_dashboard_in_chromium(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), "Chromium missing: run scripts/setup-review.sh"
    con = sqlite3.connect(dashboard / "audit.sqlite")
    in_db = {str(i) for (i,) in con.execute("SELECT id FROM findings")}
    assert len(in_db) > 9
    errors, requests, reached, shots = [], [], set(), []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        seen, todo = set(), [(dashboard / "index.html").as_uri()]
        while todo:   # breadth-first over the links, from the overview
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            page.goto(url)
            reached.update(page.eval_on_selector_all("[data-finding]", "els => els.map(e => e.dataset.finding)"))
            name = url.rsplit("/", 1)[-1]
            if name == "index.html" or name.split("-")[0] not in {s.split("-")[0] for s in shots}:
                shot = tmp_path / f"{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 1000
                shots.append(name)
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                href = urldefrag(href)[0]
                if href.startswith("file:") and href not in seen:
                    todo.append(href)
        evil = next(u for u in seen if "report-" in u and "evil" in Path(u.replace("file://", "")).read_text(encoding="utf-8"))
        page.goto(evil)
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        assert "<script>alert(1)</script>" in page.inner_text("body")
        browser.close()
    assert errors == []
    assert requests == []
    assert {s.split("-")[0] for s in shots} >= {"index.html", "rule", "body", "report"}
    assert in_db <= reached, f"not reachable from the overview: {sorted(in_db - reached)[:10]}"
