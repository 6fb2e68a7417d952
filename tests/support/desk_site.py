"""The desk driven in a browser, for its tests and its screenshots: the packages, the page's steps.

``python -m tests.support.desk_site`` regenerates the README's screenshots
(``docs/desk-desktop.png``, ``docs/desk-phone.png``): it builds the fixture
packages, serves Targum with gunicorn on loopback, translates the sample
article into Hebrew and Russian in headless Chromium at 1280 and 390 CSS
pixels, and saves what the browser shows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from tests.support.browser import DESKTOP, PHONE, chromium, wait
from tests.support.package_builder import BuiltPackage, build_fixture_package

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT_ROOT / "tests" / "articles" / "en-allisrael-netanyahu-putin.txt"
PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))


def quirky_packages(built: Iterable[BuiltPackage], target: Path) -> Path:
    """A packages directory: copies of ``built``, with en→ru replaced by its ``digits`` quirk (numbers flagged)."""
    for package in built:
        if package.directory.name != "translate-en_ru-1_0":
            shutil.copytree(package.directory, target / package.directory.name)
    build_fixture_package(target, "en", "ru", quirk="digits")
    return target


def sample_article(paragraphs: int | None = None) -> str:
    """The sample article (its first ``paragraphs`` blank-line-separated parts, when given)."""
    text = SAMPLE.read_text(encoding="utf-8")
    if paragraphs is None:
        return text
    return "\n\n".join(text.split("\n\n")[:paragraphs])


def ready(session: WebDriver, seconds: float = 60) -> None:
    """Wait until the page has loaded the server's languages and glossaries."""
    wait(session, seconds).until(lambda s: s.execute_script("return document.body.dataset.ready") == "yes")


def click(session: WebDriver, css: str, index: int = 0, seconds: float = 30) -> None:
    """Click the ``index``-th element matching ``css`` once there is one, again if a re-render replaced it."""
    def clicked(s: WebDriver) -> bool:
        try:
            found = s.find_elements(By.CSS_SELECTOR, css)
            if len(found) <= index:
                return False
            found[index].click()
            return True
        except StaleElementReferenceException:
            return False

    wait(session, seconds).until(clicked)


def paste(session: WebDriver, text: str) -> None:
    """Put ``text`` in the article box as a paste does (the value, then an ``input`` event)."""
    session.execute_script("const area = document.getElementById('article-body'); area.value = arguments[0];"
                           "area.dispatchEvent(new Event('input', {bubbles: true}));", text)


def translate(session: WebDriver, targets: Iterable[str] = ("he", "ru"), seconds: float = 120) -> list[WebElement]:
    """Tick exactly ``targets``, press Translate, wait for the result; the grid's block rows."""
    wanted = set(targets)
    for box in session.find_elements(By.CSS_SELECTOR, "input[name=target]"):
        if box.is_selected() != (box.get_attribute("value") in wanted):
            box.click()
    session.find_element(By.ID, "translate-button").click()
    return finished(session, seconds)


def finished(session: WebDriver, seconds: float = 120) -> list[WebElement]:
    """Wait for the translation under way to end; the grid's block rows (it must have succeeded)."""
    wait(session, seconds).until(lambda s: s.execute_script("return document.body.dataset.translation") in
                                 ("done", "failed"))
    error = session.find_element(By.ID, "translate-error").text
    assert not error, error
    return session.find_elements(By.CSS_SELECTOR, "#grid .row:not(.head)")


def screenshots(url: str, out: Path) -> list[Path]:
    """The desk at desktop and phone widths, the sample article translated; the files written."""
    written = []
    for name, size in (("desk-desktop.png", DESKTOP), ("desk-phone.png", PHONE)):
        with chromium(size) as session:
            session.get(url + "/")
            ready(session)
            paste(session, sample_article(12))
            translate(session)
            # Show the result: on a desktop the column headers and the first blocks, a flagged one among them;
            # on a phone the headline in each language (past the folded boilerplate).
            where = "#results" if size == DESKTOP else "#grid .row.kind-headline"
            session.execute_script("document.querySelector(arguments[0]).scrollIntoView();", where)
            path = out / name
            session.save_screenshot(str(path))
            written.append(path)
    return written


def desk_env(packages: Path) -> dict[str, str]:
    """The environment of a Targum serving ``packages`` for the screenshots (one small worker, jobs on)."""
    return {"ARGOS_PACKAGES_DIR": str(packages), "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "2",
            "ARGOS_INTER_THREADS": "1", "TARGUM_WEBHOOK_SECRETS": "whsec_desk-screenshots"}


def main() -> None:
    """Serve the fixture packages with gunicorn and write the screenshots."""
    from tests.support.servers import free_port, running, wait_for

    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "app:app"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="targum-desk-") as tmp:
        built = [build_fixture_package(Path(tmp) / "built", *pair) for pair in PAIRS]
        packages = quirky_packages(built, Path(tmp) / "packages")
        with running(gunicorn, desk_env(packages), free_port()) as (url, process):
            wait_for(f"{url}/readyz", process)
            for path in screenshots(url, args.out):
                print(path)


if __name__ == "__main__":
    main()
