"""The desk in headless Chromium: correct a block and see it approved after a reload; a glossary entry applied."""

from __future__ import annotations

import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.browser import wait
from tests.support.desk_site import click, finished, paste, ready, translate

ARTICLE = ("Putin calls Netanyahu\n\n"
           "The two leaders spoke on Tuesday about the war.\n\n"
           "They will meet again next week in Moscow.")


def cell(browser: WebDriver, column: str, block: str):  # noqa: ANN201 -- a WebElement
    return browser.find_element(By.CSS_SELECTOR, f"#grid [data-column={column}][data-block={block}]")


def test_a_corrected_block_is_approved_and_stays_approved_after_a_reload(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, ARTICLE)
    translate(browser, ("ru",))
    block = cell(browser, "ru", "b2")
    assert block.get_attribute("data-status") == "translated"
    block.find_element(By.CSS_SELECTOR, "button.edit").click()
    editor = browser.switch_to.active_element
    assert editor.tag_name == "textarea" and editor.get_attribute("lang") == "ru"
    editor.clear()
    editor.send_keys("Оба лидера говорили во вторник о войне.")
    block.find_element(By.CSS_SELECTOR, "form.correct button[type=submit]").click()
    wait(browser, 30).until(lambda b: cell(b, "ru", "b2").get_attribute("data-status") == "approved"
                            or cell(b, "ru", "b2").find_elements(By.CSS_SELECTOR, "form.correct .error:not(:empty)"))
    saved = cell(browser, "ru", "b2")
    assert saved.get_attribute("data-status") == "approved", saved.text
    assert saved.find_element(By.CSS_SELECTOR, ".text").text == "Оба лидера говорили во вторник о войне."
    # A reload translates the article again: the server now has the correction, and says the block is approved.
    browser.refresh()
    ready(browser)
    finished(browser)
    again = cell(browser, "ru", "b2")
    assert again.get_attribute("data-status") == "approved"
    assert again.find_element(By.CSS_SELECTOR, ".text").text == "Оба лидера говорили во вторник о войне."
    assert cell(browser, "ru", "b3").get_attribute("data-status") == "translated"


def test_an_edit_can_be_cancelled_with_escape(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, ARTICLE)
    translate(browser, ("he",))
    before = cell(browser, "he", "b3").find_element(By.CSS_SELECTOR, ".text").text
    cell(browser, "he", "b3").find_element(By.CSS_SELECTOR, "button.edit").click()
    editor = browser.switch_to.active_element
    assert editor.get_attribute("dir") == "rtl"
    editor.send_keys(" טיוטה", Keys.ESCAPE)
    restored = cell(browser, "he", "b3")
    assert not restored.find_elements(By.CSS_SELECTOR, "form.correct")
    assert restored.find_element(By.CSS_SELECTOR, ".text").text == before
    assert browser.switch_to.active_element == restored.find_element(By.CSS_SELECTOR, "button.edit")


def test_a_glossary_entry_added_on_the_desk_is_applied(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/#glossaries")
    ready(browser)
    browser.find_element(By.ID, "glossary-name").send_keys("desk-house")
    browser.find_element(By.CSS_SELECTOR, "#glossary-create button[type=submit]").click()
    wait(browser, 30).until(lambda b: b.find_element(By.ID, "glossary-detail").is_displayed())
    browser.find_element(By.ID, "entry-en").send_keys("Moscow")
    browser.find_element(By.ID, "entry-ru").send_keys("Москва-Сити")
    browser.find_element(By.ID, "entry-submit").click()
    wait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#entry-list tbody tr"))
    row = browser.find_element(By.CSS_SELECTOR, "#entry-list tbody tr")
    assert "Москва-Сити" in row.text and "Moscow" in row.text
    listed = browser.find_element(By.CSS_SELECTOR, "#glossary-list tbody tr")
    assert "desk-house" in listed.text and "1" in listed.text
    # Back to the article: the glossary is offered, ticked, and its house form is placed and marked.
    browser.find_element(By.CSS_SELECTOR, "nav a[data-view=translate]").click()
    choice = browser.find_element(By.XPATH, "//fieldset[@id='use-glossaries']//label[contains(., 'desk-house')]/input")
    choice.click()
    paste(browser, ARTICLE)
    translate(browser, ("ru",))
    marked = cell(browser, "ru", "b3").find_elements(By.CSS_SELECTOR, "mark.glossary")
    assert len(marked) == 1 and marked[0].text.endswith("-Сити")  # the house form, declined ("в Москве-Сити")
    assert "Moscow" in marked[0].get_attribute("title")
    # Edit the entry, then delete it: the glossary follows.
    browser.find_element(By.CSS_SELECTOR, "nav a[data-view=glossaries]").click()
    click(browser, "#glossary-list tbody tr button")  # Open
    click(browser, "#entry-list tbody tr button")  # Edit
    ru = browser.find_element(By.ID, "entry-ru")
    ru.clear()
    ru.send_keys("Москва")
    browser.find_element(By.ID, "entry-submit").click()
    wait(browser, 30).until(lambda b: "Москва-Сити" not in b.find_element(By.ID, "entry-list").text
                            and "Москва" in b.find_element(By.ID, "entry-list").text)
    click(browser, "#entry-list tbody tr button", index=1)  # Delete
    wait(browser, 30).until(lambda b: not b.find_elements(By.CSS_SELECTOR, "#entry-list tbody tr"))


def test_a_near_match_suggestion_is_taken_with_one_click(desk_url: str, browser: WebDriver) -> None:
    browser.get(desk_url + "/")
    ready(browser)
    paste(browser, "The council met on Sunday evening to discuss the budget.")
    translate(browser, ("ru",))
    cell(browser, "ru", "b1").find_element(By.CSS_SELECTOR, "button.edit").click()
    editor = browser.switch_to.active_element
    editor.clear()
    editor.send_keys("Совет собрался в воскресенье вечером, чтобы обсудить бюджет.")
    cell(browser, "ru", "b1").find_element(By.CSS_SELECTOR, "form.correct button[type=submit]").click()
    wait(browser, 30).until(lambda b: cell(b, "ru", "b1").get_attribute("data-status") == "approved")
    # A sentence almost the same: the block offers the correction; one click puts it in the editor.
    paste(browser, "The council met on Sunday evening to discuss the budgets.")
    translate(browser, ("ru",))
    block = cell(browser, "ru", "b1")
    assert block.get_attribute("data-status") == "translated"
    take = block.find_element(By.CSS_SELECTOR, ".suggestions button")
    assert "%" in take.text
    take.click()
    editor = browser.switch_to.active_element
    assert editor.get_attribute("value") == "Совет собрался в воскресенье вечером, чтобы обсудить бюджет."
    cell(browser, "ru", "b1").find_element(By.CSS_SELECTOR, "form.correct button[type=submit]").click()
    wait(browser, 30).until(lambda b: cell(b, "ru", "b1").get_attribute("data-status") == "approved")


def test_a_glossary_is_imported_from_csv_and_exported_as_csv(desk_url: str, browser: WebDriver,
                                                             tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    csv = tmp_path / "desk.csv"
    csv.write_text("en,ru,he\nCairo,Каир,קהיר\nthe Knesset,Кнессет,הכנסת\n", encoding="utf-8")
    browser.get(desk_url + "/#glossaries")
    ready(browser)
    browser.find_element(By.ID, "glossary-name").send_keys("desk-csv")
    browser.find_element(By.ID, "glossary-csv").send_keys(str(csv))
    browser.find_element(By.CSS_SELECTOR, "#glossary-create button[type=submit]").click()
    wait(browser, 30).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#entry-list tbody tr")) == 2)
    more = tmp_path / "more.csv"
    more.write_text("en,ru\nMonday,понедельник\n", encoding="utf-8")
    browser.find_element(By.ID, "entry-csv").send_keys(str(more))
    browser.find_element(By.CSS_SELECTOR, "#entry-import button[type=submit]").click()
    wait(browser, 30).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#entry-list tbody tr")) == 3)
    hebrew = browser.find_element(By.XPATH, "//table[@id='entry-list']//td[.='קהיר']")
    assert (hebrew.get_attribute("lang"), hebrew.get_attribute("dir")) == ("he", "rtl")
    row = browser.find_element(By.XPATH, "//table[@id='glossary-list']//tr[td[1]='desk-csv']")
    row.find_element(By.XPATH, ".//button[normalize-space()='Export CSV']").click()
    exported = downloads / "desk-csv.csv"
    for _ in range(100):  # bounded: 10 s
        if exported.exists():
            break
        time.sleep(0.1)
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[0].lstrip("\ufeff") == "he,ru,en,note,case_sensitive,keep"
    assert "קהיר,Каир,Cairo,,false,false" in lines and ",понедельник,Monday,,false,false" in lines
