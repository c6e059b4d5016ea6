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
def browser():
    """One headless chromium for the module (Playwright allows one sync session at a time)."""
    sync_api = _browser_or_skip()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser_page(browser, page_file):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    yield page, problems
    page.close()


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


# Issue 19's checks, at a laptop's and a phone's screen.
SCREENS = {"desktop": (1366, 900), "phone": (414, 860)}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, page_file):
    width, height = SCREENS[request.param]
    page = browser.new_page(viewport={"width": width, "height": height})
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    yield page, request.param, problems
    assert problems == []
    page.close()


def _body_chapters(page_file) -> list[dict]:
    import json

    document = json.loads((page_file.parent / "clean" / "document.json").read_text(encoding="utf-8"))
    return [c for c in document["chapters"] if c["kind"] == "body"]


def test_first_screen_names_every_body_chapter_and_compares_them(screen, page_file, tmp_path):
    page, name, _ = screen
    height = page.viewport_size["height"]
    page.screenshot(path=str(tmp_path / f"first_screen_{name}.png"))
    names = page.locator("table.compare tbody th.chapter")
    chapters = _body_chapters(page_file)
    assert names.count() == len(chapters) >= 3
    for i, chapter in enumerate(chapters):
        cell = names.nth(i)
        box = cell.bounding_box()
        assert cell.is_visible() and box["y"] + box["height"] <= height, (name, chapter["title"])
        assert cell.inner_text().startswith(chapter["heading_number"])  # 一、客观总结全年工作…
        assert chapter["title"] in cell.locator("a").get_attribute("title")
    # the comparison itself: the first policy-area cells of every row are on the first screen too
    first_cells = page.locator("table.compare tbody tr td.cell:first-of-type")
    assert first_cells.count() == len(chapters)
    assert all(first_cells.nth(i).bounding_box()["y"] < height for i in range(len(chapters)))
    assert "经济" in page.locator("table.compare thead").inner_text()
    summary = page.locator(".summary").first
    assert summary.bounding_box()["y"] < height and "侧重" in summary.inner_text()
    assert page.locator(".badge a").get_attribute("href") == "#quality"


def test_no_sideways_scroll(screen):
    page, name, _ = screen
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.locator("#kw-all").evaluate("details => { details.open = true; }")  # more tables: still within the screen
    page.locator('#kw-all button.term').first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def test_the_context_panel_covers_no_table_header_and_counts_as_the_table(screen, tmp_path):
    page, name, _ = screen
    page.locator("#kw-all").evaluate("details => { details.open = true; }")
    button = page.locator("#kw-all tbody tr button.term").nth(2)
    term, table_count = button.get_attribute("data-term"), int(button.get_attribute("data-count"))
    button.click()
    panel = page.locator("#kwic")
    assert panel.is_visible()
    page.screenshot(path=str(tmp_path / f"panel_{name}.png"))
    box = panel.bounding_box()
    for header in page.locator("#kw-all thead th").all():
        cell = header.bounding_box()
        overlaps = not (cell["x"] + cell["width"] <= box["x"] or box["x"] + box["width"] <= cell["x"]
                        or cell["y"] + cell["height"] <= box["y"] or box["y"] + box["height"] <= cell["y"])
        assert not overlaps, (name, header.inner_text())
    # the count is the table's: the term's tokens, not every substring of the text
    assert page.locator("#kwic-title").inner_text() == term
    assert page.locator("#kwic-count").inner_text().startswith(f"{table_count} ")
    assert page.locator("#kwic-lines li").count() == min(table_count, 60)
    # a chapter's table: the panel gives that chapter's count too
    page.locator("#kw-1").evaluate("details => { details.open = true; }")
    row = page.locator("#kw-1 tbody tr").first
    chapter_button = row.locator("button.term")
    chapter_count = int(row.locator('td[data-column="count"]').inner_text())
    chapter_button.click()
    assert page.locator("#kwic-count").inner_text().endswith(f" {chapter_count}")
    page.locator("#kwic-close").click()
    assert not panel.is_visible()


def test_a_term_in_the_first_screen_opens_the_panel(screen):
    page, name, _ = screen
    page.locator("table.compare button.term").first.click()
    assert page.locator("#kwic").is_visible() and page.locator("#kwic-lines li").count() >= 1
    if name == "desktop":  # beside the page, which makes room: the page's content ends where the panel begins
        main = page.locator("main").bounding_box()
        assert main["x"] + main["width"] <= page.locator("#kwic").bounding_box()["x"] + 1


def test_the_pages_script_runs_on_a_page_without_the_context_panel(browser, tmp_path):
    """The corpus page shares report.js for its sortable tables but has no context panel."""
    from importlib import resources

    script = (resources.files("pipeline.reporting") / "templates" / "report.js").read_text(encoding="utf-8")
    page_file = tmp_path / "no_panel.html"
    page_file.write_text('<!DOCTYPE html><html><body><table class="sortable"><thead><tr><th>a</th></tr></thead>'
                         '<tbody><tr><td>2</td></tr><tr><td>1</td></tr></tbody></table>'
                         f'<script type="application/json" id="kwic-data">{{}}</script><script>{script}</script>'
                         '</body></html>', encoding="utf-8")
    page = browser.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.as_uri())
    page.locator("th").click()
    assert problems == [] and page.locator("td").first.inner_text() == "1"
    page.close()
