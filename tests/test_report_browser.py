"""report.html in a real headless browser (Debian's chromium, driven by Playwright).

CI installs chromium (.ci/run) and sets REQUIRE_BROWSER=1, so there a missing browser is a
failure; on a developer's machine without chromium the test is skipped, saying why.
"""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline import stages
from tests.conftest import SAMPLE

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Flags for a root user on a machine with no network (see the machine's notes).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAYLOAD = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">'


def _browser_or_skip():
    if not os.path.exists(CHROMIUM):
        message = f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """The sample with HTML written into its first body paragraph, through every stage."""
    base = tmp_path_factory.mktemp("browser")
    raw = base / "injected.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    anchor = "这一年,我们迎难而上"  # the raw text has ASCII commas; the clean stage normalises them
    assert anchor in text
    raw.write_text(text.replace(anchor, PAYLOAD + anchor, 1), encoding="utf-8")
    doc = base / "injected"
    stages.run_stages(list(stages.STAGES), raw, doc)  # every stage, as make runs them
    return doc / "report.html"


@pytest.fixture(scope="module")
def browser_page(page_file):
    sync_api = _browser_or_skip()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        problems = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        yield page, problems
        browser.close()


def test_loads_without_console_errors(browser_page, tmp_path):
    page, problems = browser_page
    page.screenshot(path=str(tmp_path / "report_top.png"))  # look at it: pytest --basetemp shows where
    assert problems == []
    assert page.title().startswith("2024年湘潭县政府工作报告")


def test_figures_are_visible(browser_page):
    page, _ = browser_page
    images = page.locator("#figures img")
    assert images.count() >= 8
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 300")


def _numbers(page, table, column: int) -> list[float]:
    cells = table.locator(f"tbody tr td:nth-child({column + 1})")
    return [float(v) for v in cells.evaluate_all("cells => cells.map(c => c.dataset.value)") if v != ""]


def test_sorting_a_keyword_table(browser_page):
    page, _ = browser_page
    table = page.locator("#kw-1 table")
    heading = table.locator("thead th").nth(1)  # 频次 count
    heading.click()
    ascending = _numbers(page, table, 1)
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    assert heading.get_attribute("aria-sort") == "ascending"
    heading.click()
    assert _numbers(page, table, 1) == sorted(ascending, reverse=True)


def test_clicking_a_term_shows_its_context_lines(browser_page, tmp_path):
    page, problems = browser_page
    button = page.locator('#kw-all button.term[data-term="债务"]')
    page.locator("#kw-all summary").click()
    button.click()
    lines = page.locator("#kwic-lines li")
    assert lines.count() >= 10
    assert "债务" in page.locator("#kwic-title").inner_text()
    first = lines.first
    assert first.locator("mark").inner_text() == "债务"
    target = first.locator("a").get_attribute("href")
    assert page.locator(target.replace(".", "\\.")).count() == 1  # the line links to a paragraph of the page
    first.locator("a").click()
    assert page.evaluate("location.hash") == target
    page.screenshot(path=str(tmp_path / "report_kwic.png"))
    assert problems == []


def test_every_term_button_has_context_lines(browser_page):
    page, _ = browser_page
    missing = page.evaluate("""() => {
        const lines = JSON.parse(document.getElementById("kwic-data").textContent);
        return [...document.querySelectorAll("button.term")].map(b => b.dataset.term).filter(t => !Object.hasOwn(lines, t));
    }""")
    assert missing == []


def test_html_in_the_input_shows_as_text(browser_page):
    page, problems = browser_page
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#text img").count() == 0 and page.locator("#text script").count() == 0
    assert PAYLOAD in page.locator("#text").inner_text()
    assert not [p for p in problems if "dialog" in p]
