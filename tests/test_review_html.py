"""gilint check --format html: the review page in a real headless Chromium (Debian's, driven by
playwright): no console error, every finding of the JSON output present and leading to its
place, filters, A4 printing, and hostile document text kept as text."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from formats.builders import build_docx  # noqa: E402

from gilint.cli import main  # noqa: E402

SEEDS = sorted((HERE / "cases" / "seeds").glob("*.txt"))
CHROMIUM = os.environ.get("GILINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = HERE.parent / "build" / "test-artefacts"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api     # gilint[test]; the browser is Debian's Chromium
    assert os.path.exists(CHROMIUM), "Chromium is installed by scripts/setup-review.sh"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser, path: Path):
    """The page, with what it printed on the console, the dialogs it opened and the requests
    it made."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = {"console": [], "dialogs": [], "requests": [], "errors": []}
    page.on("console", lambda m: seen["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, seen


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    files = [str(p) for p in SEEDS]
    docx = tmp / "柳泉镇.docx"
    docx.write_bytes(build_docx(SEEDS[3].read_text(encoding="utf-8")))
    files.append(str(docx))
    out = tmp / "review.html"
    import io
    from contextlib import redirect_stdout
    buf = io.StringIO()
    with redirect_stdout(buf):
        main(["check", "--no-cache", "--format", "json", *files])
    findings = json.loads(buf.getvalue())
    assert main(["check", "--no-cache", "--format", "html", "-o", str(out), *files]) == 1
    return out, findings


def test_page_is_self_contained_and_escaped(seed_page):
    out, _ = seed_page
    page = out.read_text(encoding="utf-8")
    assert page.count("<script") == 1 and "Content-Security-Policy" in page
    import html
    csp = html.unescape(page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "script-src 'nonce-" in csp
    for ref in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert ref not in page.replace('content="no-referrer"', "")


def test_every_finding_present_and_leads_to_its_place(browser, seed_page, tmp_path):
    out, findings = seed_page
    page, seen = open_page(browser, out)
    cards = page.eval_on_selector_all(
        "li.finding", "els => els.map(e => [e.closest('section.file').querySelector('h2').textContent,"
                      " e.dataset.code, +e.dataset.line, +e.dataset.column, e.id])")
    want = sorted((f["path"], f["code"], f["line"], f["column"]) for f in findings if f["suppressed"] is None)
    assert sorted(tuple(c[:4]) for c in cards) == want
    text_of = {}
    for path, code, line, column, ident in cards:
        fi, j = ident.split("-d")
        page.click(f"#{ident} a.goto")
        target = page.evaluate("location.hash")
        assert target == f"#{fi}-m{j}"
        # the place it leads to is in view, in the file's text, on the finding's line
        where = page.evaluate("""h => { const el = document.querySelector(h);
            const r = el.getBoundingClientRect(); const line = el.closest('.line');
            return [r.top, r.bottom, innerHeight, line ? +line.querySelector('.ln').textContent : null,
                    el.closest('section.file').id]; }""", target)
        assert where[4] == fi
        assert where[3] == line, (ident, where, line)
        assert -2 <= where[0] < where[2], (ident, where)       # scrolled into view
        text_of[ident] = where
    assert not [m for m in seen["console"] if m[0] in ("error", "warning")], seen["console"]
    assert not seen["errors"] and not seen["dialogs"]
    assert all(u.startswith("file://") for u in seen["requests"]), seen["requests"]


def test_filters_and_screenshot(browser, seed_page):
    out, findings = seed_page
    page, seen = open_page(browser, out)
    total = page.locator("li.finding:not(.hidden)").count()
    assert total == len([f for f in findings if f["suppressed"] is None])
    page.uncheck("input.f-sev[value=warning]")
    left = page.locator("li.finding:not(.hidden)").count()
    assert left == len([f for f in findings if f["suppressed"] is None and f["severity"] != "warning"])
    page.check("input.f-sev[value=warning]")
    page.select_option("#f-rule", "GI104")
    assert page.locator("li.finding:not(.hidden)").count() == \
        len([f for f in findings if f["suppressed"] is None and f["code"] == "GI104"])
    assert page.locator("li.finding.hidden[data-code=GI202]").count() >= 1
    page.select_option("#f-rule", "")
    # the tables as read, with the cell GI202 names highlighted in 柳泉镇's grid
    assert page.locator("section.file:last-child figure.grid td.hit, "
                        "section.file:last-child figure.grid th").count() > 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelectorAll('section.file')[3].scrollIntoView()")
    page.evaluate("window.scrollBy(0, -40)")
    page.screenshot(path=str(ARTEFACTS / "review-page.png"))
    pdf = ARTEFACTS / "review-page-a4.pdf"
    page.emulate_media(media="print")
    assert page.locator(".filters").is_hidden()
    # A4 less its margins is ~186 mm ≈ 703 CSS px: nothing sticks out of the printed page
    page.set_viewport_size({"width": 703, "height": 1000})
    wide = page.evaluate("""Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName)""")
    assert wide == [] and page.evaluate("document.documentElement.scrollWidth") <= 703
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
    assert not [m for m in seen["console"] if m[0] == "error"]


def test_arithmetic_findings_show_their_terms(browser, tmp_path):
    real = HERE / "cases" / "real" / "008_hongzequ_2023.txt"
    out = tmp_path / "r.html"
    assert main(["check", "--no-cache", "--select", "GI305", "--format", "html", "-o", str(out), str(real)]) == 1
    page, _seen = open_page(browser, out)
    hits = page.eval_on_selector_all("figure.grid td.hit", "els => els.map(e => [e.textContent, e.title])")
    assert hits and all("GI305" in t for _v, t in hits)
    terms = page.eval_on_selector_all("figure.grid td.term", "els => els.map(e => e.textContent)")
    assert "10" in terms and "1" in terms


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
           "[点此查看](javascript:alert(1))", '<a href="javascript:alert(2)">链接</a>']


def test_hostile_text_stays_text(browser, tmp_path, capsys):
    text = SEEDS[3].read_text(encoding="utf-8")
    lines = text.split("\n")
    # into the body of 一 (a GI501 repetition makes one of them a highlighted finding too)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("2021") or ln.startswith("20"))
    lines.insert(at + 1, "".join(HOSTILE) + "重复的话重复的话。")
    src = tmp_path / "<img src=x onerror=alert(3)>.md"
    src.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "r.html"
    main(["check", "--no-cache", "--format", "html", "-o", str(out), str(src)])
    capsys.readouterr()
    page, seen = open_page(browser, out)
    body = page.inner_text("body")
    for h in HOSTILE:
        assert h in body
    assert src.name in body
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    assert page.eval_on_selector_all("a[href]", "els => els.filter(e => !e.getAttribute('href')"
                                                ".startsWith('#')).length") == 0
    page.locator("a.hl").first.click()                  # following a highlight opens nothing
    page.wait_for_timeout(300)
    assert not seen["dialogs"] and not seen["errors"]
    assert not [m for m in seen["console"] if m[0] == "error"]
