"""The desk in headless Chromium: keyboard only, 1280 and 390 px widths, axe-core, API keys, taking a text away."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.test_jobs import GUNICORN, service_env
from tests.support.browser import DESKTOP, PHONE, axe_violations, chromium, wait
from tests.support.desk_site import finished, paste, ready, sample_article, translate
from tests.support.servers import free_port, post, running, wait_for

FOCUSABLE = ("a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, "
             "[tabindex='0']")


def press(browser: WebDriver, key: str) -> None:
    """Press a key on whatever has focus (as a person would: not typed into an element)."""
    ActionChains(browser).send_keys(key).perform()


def focus_order(browser: WebDriver, until: str, limit: int = 80) -> list[str]:
    """Press Tab from a freshly loaded page until the element with id ``until`` has focus; the ids passed."""
    passed: list[str] = []
    for _ in range(limit):
        press(browser, Keys.TAB)
        active = browser.switch_to.active_element
        passed.append(active.get_attribute("id") or active.get_attribute("name") or active.text or active.tag_name)
        if passed[-1] == until:
            return passed
    raise AssertionError(f"Tab never reached #{until}: {passed}")


def test_the_desk_works_with_the_keyboard_alone(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    passed = focus_order(browser, "translate-button")
    # Focus follows the page's order: skip link, sections, the article, its settings, then Translate.
    in_dom = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter((e) => e.offsetParent !== null)"
        ".map((e) => e.id || e.name || e.innerText || e.tagName.toLowerCase());", FOCUSABLE)
    assert passed == in_dom[:len(passed)]
    assert passed.index("article-body") < passed.index("source-language") < passed.index("translate-button")
    # Type the article and translate, all from the keyboard.
    browser.find_element(By.ID, "article-body").send_keys(
        "Talks resume on Monday.\n\nThe ministry said 12 hostages remain in Gaza.")
    browser.find_element(By.ID, "translate-button").send_keys(Keys.ENTER)
    finished(browser)
    assert browser.switch_to.active_element.get_attribute("id") == "results-title"
    # Tab on to a block's Edit button; Enter opens the editor, Escape closes it and gives focus back.
    for _ in range(60):
        press(browser, Keys.TAB)
        if "edit" in (browser.switch_to.active_element.get_attribute("class") or ""):
            break
    edit = browser.switch_to.active_element
    assert "edit" in edit.get_attribute("class"), edit.get_attribute("outerHTML")
    label = edit.get_attribute("aria-label")
    edit.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.tag_name == "textarea"
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert browser.switch_to.active_element.get_attribute("aria-label") == label
    # A flag's reason is reachable by keyboard too (its mark takes focus).
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.flag")
    assert marks and all(m.get_attribute("tabindex") == "0" for m in marks)
    # The other views, from the navigation, by keyboard.
    link = browser.find_element(By.CSS_SELECTOR, "nav a[data-view=jobs]")
    link.send_keys(Keys.ENTER)
    wait(browser, 10).until(lambda b: b.find_element(By.ID, "view-jobs").is_displayed())
    assert browser.switch_to.active_element.get_attribute("id") == "jobs-title"
    assert link.get_attribute("aria-current") == "page"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_desk_fits_the_width_and_axe_finds_no_violation(desk_url: str, size: tuple[int, int]) -> None:
    with chromium(size) as browser:
        browser.get(desk_url + "/")
        ready(browser)
        assert browser.execute_script("return window.innerWidth") == size[0]
        paste(browser, sample_article(10))
        translate(browser, ("he", "ru"))
        for view in ("translate", "glossaries", "jobs"):
            browser.get(f"{desk_url}/#{view}")
            browser.refresh()  # the translation comes back on a reload: the grid is checked with it
            ready(browser)
            if view == "translate":
                finished(browser)
            fits = browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
            assert fits, f"{view} scrolls sideways at {size[0]} px"
            violations, passes = axe_violations(browser)
            assert passes > 10  # axe really ran
            assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == [], view
        # At phone width the rows stack, and each block says which language it is in.
        if size == PHONE:
            browser.get(desk_url + "/#translate")
            ready(browser)
            finished(browser)
            label = browser.find_element(By.CSS_SELECTOR, "#grid [data-column=he] .cell-label")
            assert label.is_displayed() and label.text == "Hebrew"


@pytest.fixture(scope="module")
def keyed_url(desk_packages: Path) -> Iterator[str]:
    """A second Targum, with API keys on."""
    with running(GUNICORN, service_env(desk_packages, TARGUM_API_KEYS="desk-key"), free_port()) as (url, process):
        wait_for(f"{url}/readyz", process)
        yield url


def test_with_keys_on_the_page_asks_for_one_and_keeps_it_for_the_session(keyed_url: str, browser: WebDriver) -> None:
    browser.get(keyed_url + "/")
    wait(browser, 30).until(lambda b: b.find_element(By.ID, "key-form").is_displayed())
    field = browser.find_element(By.ID, "api-key")
    assert browser.switch_to.active_element == field
    field.send_keys("wrong", Keys.ENTER)
    wait(browser, 30).until(lambda b: "not valid" in b.find_element(By.ID, "key-note").text)
    browser.find_element(By.ID, "api-key").send_keys("desk-key", Keys.ENTER)
    ready(browser)
    assert browser.execute_script("return sessionStorage.getItem('targum.apiKey')") == "desk-key"
    assert browser.execute_script("return localStorage.length") == 0  # never kept beyond the session
    paste(browser, "Talks resume on Monday.")
    assert translate(browser, ("he",))
    browser.refresh()  # the same tab: the key is still there
    ready(browser)
    assert browser.find_element(By.ID, "api-key").get_attribute("value") == ""


def test_with_keys_off_the_page_just_works(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    assert not browser.find_element(By.ID, "key-form").is_displayed()


def test_a_translation_downloads_as_text(desk_url: str, browser: WebDriver, tmp_path: Path) -> None:
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(desk_url + "/")
    ready(browser)
    body = "Talks resume on Monday.\n\nThe ministry said 12 hostages remain in Gaza."
    paste(browser, body)
    translate(browser, ("he",))
    browser.find_element(By.CSS_SELECTOR, "[aria-label='Download the Hebrew translation as a text file']").click()
    target = tmp_path / "article.he.txt"
    for _ in range(100):  # bounded: 10 s
        if target.exists():
            break
        time.sleep(0.1)
    _, _, expected = post(f"{desk_url}/v1/translate", {"article": {"body": body}, "targets": ["he"]})
    assert target.read_text(encoding="utf-8") == expected["translations"]["he"]["text"]
