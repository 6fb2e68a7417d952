"""End to end: the real app under gunicorn on loopback, as production runs it."""

from __future__ import annotations

from pathlib import Path

from tests.support.package_builder import transliterate
from tests.support.servers import VENV, post, running, wait_for


def test_sample_article_into_three_languages(packages_dir: Path, free_port: int, sample_article: str) -> None:
    command = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "2", "TARGUM_WEB_THREADS": "2",
           "ARGOS_INTER_THREADS": "1", "TARGUM_EAGER_LOAD": "1"}
    with running(command, env, free_port) as (url, process):
        wait_for(f"{url}/readyz", process)
        status, headers, data = post(f"{url}/v1/translate",
                                     {"article": {"body": sample_article}, "targets": ["he", "ru", "en"]},
                                     {"X-Request-ID": "cms-revision-7"})
        assert status == 200, data
        assert headers["X-Request-ID"] == "cms-revision-7"
        assert data["source"]["language"] == "en" and data["source"]["detected"] is True
        source_ids = [(b["id"], b["kind"]) for b in data["blocks"]]
        assert source_ids[0] == ("b1", "boilerplate") and source_ids[1] == ("b2", "headline")
        for target, direction in (("he", "rtl"), ("ru", "ltr"), ("en", "ltr")):
            translation = data["translations"][target]
            assert translation["language"] == target and translation["dir"] == direction
            assert [(b["id"], b["kind"]) for b in translation["blocks"]] == source_ids
            assert translation["text"] and translation["html"].startswith(f'<article lang="{target}"')
            assert all(b["status"] in {"translated", "source", "kept_boilerplate"} for b in translation["blocks"])
        headline = data["blocks"][1]["text"]
        assert data["translations"]["he"]["blocks"][1]["text"] == transliterate(headline, "en", "he")
        assert set(data["stats"]) >= {"sentences", "cached_sentences", "elapsed_ms"}

        status, _, problem = post(f"{url}/v1/translate", {"article": {"body": "Hi."}, "targets": ["xx"]})
        assert status == 400 and problem["code"] == "unsupported_target_language"
        status, _, problem = post(f"{url}/nowhere", {})
        assert status == 404 and problem["code"] == "not_found"
