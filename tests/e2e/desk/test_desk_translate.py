"""The desk in headless Chromium: paste the sample article, translate into he and ru, read it block by block."""

from __future__ import annotations

import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.browser import console_errors, wait
from tests.support.desk_site import paste, ready, sample_article, translate
from tests.support.servers import post


def api_translation(url: str, body: str) -> dict:
    status, _, result = post(f"{url}/v1/translate", {"article": {"body": body}, "targets": ["he", "ru"]})
    assert status == 200, result
    return result


def test_the_sample_article_is_shown_block_by_block_in_aligned_rows(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    body = sample_article()
    paste(browser, body)
    rows = translate(browser, ("he", "ru"))
    expected = api_translation(desk_url, body)
    assert len(rows) == len(expected["blocks"])
    for row, block in zip(rows, expected["blocks"]):
        cells = row.find_elements(By.CSS_SELECTOR, "[role=cell]")
        assert [c.get_attribute("data-side") for c in cells] == ["source", "target", "target"]
        assert [c.get_attribute("data-column") for c in cells[1:]] == ["he", "ru"]
        assert {c.get_attribute("data-block") for c in cells} == {block["id"]}
        assert {c.get_attribute("data-kind") for c in cells} == {block["kind"]}
        assert block["kind"] in cells[0].find_element(By.CSS_SELECTOR, ".kind").text
    kinds = {block["kind"] for block in expected["blocks"]}
    assert {"headline", "caption", "paragraph", "boilerplate"} <= kinds  # the sample has each of these
    # The source is detected, and said so with its confidence.
    assert "detected" in browser.find_element(By.ID, "source-info").text
    assert browser.find_element(By.ID, "detected").text.startswith("Detected: en (")
    assert [e for e in console_errors(browser) if "favicon" not in e] == []  # no CSP violation, no script error


def test_the_hebrew_column_is_right_to_left_and_says_its_language(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, sample_article(8))
    translate(browser, ("he", "ru"))
    header = browser.find_element(By.CSS_SELECTOR, "#grid [role=columnheader][data-lang=he]")
    assert (header.get_attribute("lang"), header.get_attribute("dir")) == ("he", "rtl")
    hebrew = browser.find_elements(By.CSS_SELECTOR, "#grid [data-column=he][data-status=translated]")
    assert hebrew
    for cell in hebrew:
        assert (cell.get_attribute("lang"), cell.get_attribute("dir")) == ("he", "rtl")
        text = cell.find_element(By.CSS_SELECTOR, ".text")
        assert browser.execute_script("return getComputedStyle(arguments[0]).direction", text) == "rtl"
    for cell in browser.find_elements(By.CSS_SELECTOR, "#grid [data-column=ru][data-status=translated]"):
        assert (cell.get_attribute("lang"), cell.get_attribute("dir")) == ("ru", "ltr")
    # A kept block (boilerplate left alone) keeps its own language and direction, folded away but there.
    kept = browser.find_element(By.CSS_SELECTOR, "#grid [data-column=he][data-kind=boilerplate]")
    assert (kept.get_attribute("lang"), kept.get_attribute("dir")) == ("en", "ltr")
    fold = kept.find_element(By.CSS_SELECTOR, "details.fold")
    assert fold.get_attribute("open") is None
    fold.find_element(By.TAG_NAME, "summary").click()
    assert fold.find_element(By.CSS_SELECTOR, ".text").is_displayed()
    # Every text column says its language and direction.
    for cell in browser.find_elements(By.CSS_SELECTOR, "#grid [role=cell]"):
        assert cell.get_attribute("lang") and cell.get_attribute("dir") in ("ltr", "rtl")


def test_latin_names_in_a_hebrew_column_are_isolated(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    found = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import('/desk/static/text.js').then((text) => {
          const p = document.createElement('p');
          text.appendIsolated(p, 'נתניהו שוחח עם Vladimir Putin, ו-GPO.', 'rtl');
          const q = document.createElement('p');
          text.appendIsolated(q, 'Премьер נתניהו сказал.', 'ltr');
          done(JSON.stringify([[...p.querySelectorAll('bdi')].map((b) => b.textContent),
                               [...q.querySelectorAll('bdi')].map((b) => b.textContent)]));
        });""")
    assert json.loads(found) == [["Vladimir Putin", "GPO"], ["נתניהו"]]


def test_a_flagged_block_is_highlighted_with_its_reason(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, sample_article(6))
    translate(browser, ("ru",))
    flagged = browser.find_elements(By.CSS_SELECTOR, "#grid [data-column=ru].flagged")
    assert flagged, "the digits package's numbers must be flagged"
    cell = flagged[0]
    assert "number_mismatch" in cell.get_attribute("data-flag")
    mark = cell.find_element(By.CSS_SELECTOR, "mark.flag")
    reason = mark.get_attribute("data-reason")
    assert reason.startswith("number_mismatch: ") and mark.get_attribute("title") == reason
    described = browser.find_element(By.ID, mark.get_attribute("aria-describedby"))
    assert "number_mismatch" in described.text and described.is_displayed()
    # The reason shows on focus, not only on hover.
    browser.execute_script("arguments[0].focus()", mark)
    shown = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", mark)
    assert reason in shown
    # The span in the source that the flag points at is marked too.
    row = cell.find_element(By.XPATH, "..")
    assert row.find_elements(By.CSS_SELECTOR, "[data-side=source] mark.flag")


def test_a_translation_under_way_shows_its_progress_and_can_be_cancelled(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, sample_article())
    # Read, and cancel, in the same task as the click, before any answer can arrive (so no race with the server):
    # the page shows at once that it works, and Cancel stops it.
    state = browser.execute_script(
        "document.getElementById('translate-button').click();"
        "const progress = document.getElementById('progress');"
        "const seen = [progress.hidden, document.getElementById('progress-text').textContent,"
        " document.getElementById('translate-button').disabled, document.getElementById('cancel-button').hidden];"
        "document.getElementById('cancel-button').click();"
        "return seen;")
    hidden, text, disabled, cancel_hidden = state
    assert not hidden and text.startswith("Translating about ") and " blocks into he, ru… 0 s" in text
    assert disabled and not cancel_hidden
    wait(browser, 60).until(lambda b: b.execute_script("return document.body.dataset.translation") != "running")
    assert browser.execute_script("return document.body.dataset.translation") == "failed"
    assert browser.find_element(By.ID, "translate-error").text == "Not translated: Cancelled."
    assert browser.find_element(By.ID, "translate-button").is_enabled()
    assert not browser.find_element(By.ID, "progress").is_displayed()


def test_an_html_file_can_be_opened(desk_url: str, browser: WebDriver, tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text("<h1>Talks resume</h1><p>The talks resume on Monday in Cairo.</p>"
                    "<figure><img src='x.jpg'><figcaption>The delegations (Photo: Desk)</figcaption></figure>",
                    encoding="utf-8")
    browser.get(desk_url + "/")
    ready(browser)
    browser.find_element(By.ID, "article-file").send_keys(str(page))
    wait(browser, 10).until(lambda b: b.find_element(By.ID, "article-body").get_attribute("value").startswith("<h1>"))
    assert browser.find_element(By.ID, "article-format").get_attribute("value") == "html"
    rows = translate(browser, ("he",))
    kinds = [row.find_element(By.CSS_SELECTOR, "[data-side=source]").get_attribute("data-kind") for row in rows]
    assert kinds == ["headline", "paragraph", "caption"]
