"""The desk's jobs view in headless Chromium: a webhook job's callback attempts, and delivering one again."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.test_jobs import wait_job
from tests.support.browser import wait
from tests.support.desk_site import ready
from tests.support.receiver import receiver
from tests.support.servers import post


def attempts(browser: WebDriver, job_id: str) -> list[str]:
    """The status code of each attempt the job's row lists (read in one go: the list is re-rendered as it polls)."""
    return list(browser.execute_script(
        "return [...document.querySelectorAll(`#job-list tr[data-job='${arguments[0]}'] .attempts li`)]"
        ".map((li) => li.dataset.status);", job_id))


def test_the_jobs_view_shows_each_callback_attempt_and_delivers_again(
    desk_url: str, browser: WebDriver, tmp_path: Path,
) -> None:
    with receiver(tmp_path / "hook.jsonl", "503,200") as hook:
        status, _, accepted = post(f"{desk_url}/v1/jobs", {
            "article": {"body": "The talks resume on Monday."}, "source": "en", "targets": ["he"],
            "callback_url": hook.url, "metadata": {"article_id": "desk-1"}})
        assert status == 202, accepted
        job_id = accepted["id"]
        wait_job(desk_url, job_id, lambda d: d["callback"]["status"] == "delivered")
        browser.get(desk_url + "/#jobs")
        ready(browser)
        wait(browser, 30).until(lambda b: attempts(b, job_id) == ["503", "200"])
        row = browser.find_element(By.CSS_SELECTOR, f"#job-list tr[data-job='{job_id}']")
        assert "succeeded" in row.text and "delivered" in row.text and "desk-1" in row.text
        first, second = row.find_elements(By.CSS_SELECTOR, ".attempts li")
        assert first.text.startswith("HTTP 503 · retry · ") and " UTC · the receiver answered 503" in first.text
        assert second.text.startswith("HTTP 200 · delivered · ")
        again = row.find_element(By.XPATH, ".//button[normalize-space()='Deliver again']")
        assert again.is_enabled()
        again.click()
        # The page looks again while the delivery is under way, and shows the third attempt.
        wait(browser, 60).until(lambda b: attempts(b, job_id) == ["503", "200", "200"])
        hook.wait(lambda got: len(got) == 3)
    row = browser.find_element(By.CSS_SELECTOR, f"#job-list tr[data-job='{job_id}']")
    assert row.find_element(By.CSS_SELECTOR, ".callback-status").text == "delivered"
