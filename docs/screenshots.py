"""The README's screenshots: the sample's page, first screen, on a laptop and on a phone.

    make && .venv/bin/python docs/screenshots.py

Needs chromium (apt-get install chromium) and Playwright (installed by make test's setup).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = {"desktop": (1366, 900), "phone": (414, 860)}


def main() -> int:
    from playwright.sync_api import sync_playwright

    pages = sorted((ROOT / "outputs").glob("*/report.html"))
    if not pages:
        print("No outputs/*/report.html: run make first", file=sys.stderr)
        return 1
    chromium = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        for name, (width, height) in SCREENS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(pages[0].as_uri())
            page.wait_for_load_state("load")
            page.screenshot(path=str(ROOT / "docs" / f"report_{name}.png"))
            page.close()
        browser.close()
    print("Wrote docs/report_desktop.png and docs/report_phone.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
