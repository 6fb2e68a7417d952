"""A real browser for the desk's tests: Debian's headless Chromium, driven by Selenium through chromedriver.

Chromium and chromedriver are installed from Debian's packages when missing
(as Redis and PostgreSQL are); Selenium is given both paths, so Selenium
Manager never looks for (or downloads) a browser or a driver. axe-core, the
accessibility engine, comes bundled in the ``axe-selenium-python`` package
(its ``axe.min.js``) and is run in the page by WebDriver, outside the page's
Content-Security-Policy.
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.debian import ensure_installed

DESKTOP = (1280, 900)
PHONE = (390, 844)


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or shutil.which(name, path="/usr/bin:/usr/lib/chromium")
        if found:
            return found
    return None


def ensure_chromium() -> tuple[str, str]:
    """(chromium, chromedriver), installing Debian's ``chromium`` and ``chromium-driver`` first when missing."""
    browser = ensure_installed("chromium", lambda: _which("chromium"), "chromium")
    driver = ensure_installed("chromium-driver", lambda: _which("chromedriver"), "chromedriver")
    return str(browser), str(driver)


@contextmanager
def chromium(size: tuple[int, int] = DESKTOP, downloads: Path | None = None) -> Iterator[WebDriver]:
    """A headless Chromium window of ``size`` CSS pixels; closed afterwards."""
    browser, driver = ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     "--force-device-scale-factor=1", "--lang=en-US", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(argument)
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=driver)
    session = webdriver.Chrome(options=options, service=service)
    try:
        session.set_window_size(*size)
        # The viewport, not the window, is what the page sees: make it the size asked for.
        session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": size[0], "height": size[1], "deviceScaleFactor": 1,
                                 "mobile": size[0] < 500})
        yield session
    finally:
        session.quit()


def wait(session: WebDriver, seconds: float = 60.0) -> WebDriverWait:
    """A bounded wait on the page; an element replaced by a re-render while looked at is looked for again."""
    return WebDriverWait(session, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def console_errors(session: WebDriver) -> list[str]:
    """The page's console errors so far (a CSP violation is one)."""
    return [entry["message"] for entry in session.get_log("browser") if entry["level"] == "SEVERE"]


def axe_source() -> str:
    """axe-core's script, as axe-selenium-python ships it."""
    import axe_selenium_python

    path = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


def axe_violations(session: WebDriver, options: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], int]:
    """axe-core's violations on the page as it is now (WCAG 2 A and AA rules), and how many rules passed."""
    session.execute_script(axe_source())
    wanted = options or {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
    result = session.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then((r) => done(JSON.stringify([r.violations, r.passes.length])),"
        " (e) => done(JSON.stringify([[{id: 'axe-error', help: String(e), nodes: []}], 0])));", wanted)
    violations, passes = json.loads(result)
    return list(violations), int(passes)
