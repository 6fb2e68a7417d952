"""A fixed set of API requests and their recorded answers, to prove a refactor changed no behaviour.

``python -m tests.web.replay.cases --record`` sends every case below to an app
built on the fixture packages and writes the answers to ``recorded.json``;
the replay test sends them again and compares. Timings, request ids, job ids
and timestamps are replaced by placeholders before comparing: they differ on
every run by design.

The recording was made on the code before the house refactor (issue 12).
Two answers were changed on purpose since, and only these: the unknown
target of ``/v1/translate`` (#15) and of ``/translate`` (#33) now come from
the one target check, so both quote the code and list ``targets``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TESTS = HERE.parent.parent
RECORDED = HERE / "recorded.json"


def _read(path: str) -> str:
    return (TESTS / path).read_text(encoding="utf-8")


def cases() -> list[dict[str, Any]]:
    """Each case: method, path, and a JSON body, a form or raw data."""
    sample = _read("articles/en-allisrael-netanyahu-putin.txt")
    hebrew = _read("articles/he-ynet-netanyahu-putin.txt")
    russian = _read("articles/ru-meduza-hostages.txt")
    english = _read("articles/en-jns-hostage-talks.txt")
    maariv = _read("articles/he-maariv-hostages.txt")
    newsru = _read("articles/ru-newsru-netanyahu-putin.txt")
    html = {name: _read(f"html/{name}") for name in ("drupal.html", "he-article.html", "word-paste.html",
                                                      "wordpress.html")}
    out: list[dict[str, Any]] = [
        {"method": "GET", "path": "/healthz"},
        {"method": "GET", "path": "/readyz"},
        {"method": "GET", "path": "/v1/languages"},
        {"method": "GET", "path": "/languages"},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": sample}, "targets": ["he", "ru", "en"]}},
        # the same again: now from the memory
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": sample}, "targets": ["he", "ru", "en"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": hebrew}, "targets": ["en", "ru"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": russian}, "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": english}, "targets": ["ru", "he"],
                                                              "options": {"translate_bylines": False}}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": maariv}, "targets": ["ru"],
                                                              "options": {"quote_style": "low-high"}}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": newsru}, "targets": ["en", "he"],
                                                              "options": {"beam_size": 1}}},
        {"method": "POST", "path": "/v1/translate", "json": {
            "article": {"title": "Putin calls Netanyahu", "body": "Latest Stories\n\nThe two leaders spoke on Tuesday."},
            "source": "en", "targets": ["ru"],
            "options": {"beam_size": 1, "translate_boilerplate": True, "quote_style": "curly"}}},
        {"method": "POST", "path": "/v1/translate", "json": {
            "article": {"body": "The prime minister said “we will not stop” on Tuesday."}, "source": "ru",
            "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {
            "article": {"body": "Der Ministerpräsident sagte am Dienstag, dass die Gespräche weitergehen."},
            "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "12345 67890"}, "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "Hello there."}, "targets": ["fr"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "Hi."},
                                                              "targets": ["he", "ru", "en", "a", "b", "c"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "  "}, "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "Hi."}, "targets": ["he"],
                                                              "options": {"beam_size": 99}}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "Hi."}, "targets": ["he"],
                                                              "options": {"colour": "red"}}},
        {"method": "POST", "path": "/v1/translate", "json": {"article": {"body": "Hi.", "format": "pdf"},
                                                              "targets": ["he"]}},
        {"method": "POST", "path": "/v1/translate", "data": "{not json", "content_type": "application/json"},
        {"method": "POST", "path": "/v1/translate", "data": "article=x", "content_type": "text/plain"},
        {"method": "POST", "path": "/v1/translate", "json": ["not", "an", "object"]},
        {"method": "POST", "path": "/v1/detect", "json": {"text": sample}},
        {"method": "POST", "path": "/v1/detect", "json": {"text": hebrew}},
        {"method": "POST", "path": "/v1/detect", "json": {"text": ""}},
        {"method": "POST", "path": "/v1/detect", "json": {}},
        {"method": "POST", "path": "/translate", "json": {"q": "The two leaders spoke on Tuesday.", "source": "en",
                                                          "target": "ru"}},
        {"method": "POST", "path": "/translate", "json": {"q": ["The two leaders spoke on Tuesday.",
                                                                "ראש הממשלה אמר כי ישראל תמשיך לפעול.", ""],
                                                          "source": "auto", "target": "ru", "alternatives": 2}},
        {"method": "POST", "path": "/translate", "form": {"q": "Президент России выразил обеспокоенность.",
                                                          "source": "auto", "target": "he"}},
        {"method": "POST", "path": "/translate", "json": {"q": html["wordpress.html"], "source": "en", "target": "he",
                                                          "format": "html"}},
        {"method": "POST", "path": "/translate", "json": {"q": "Hi", "target": "fr"}},
        {"method": "POST", "path": "/translate", "json": {"target": "he"}},
        {"method": "POST", "path": "/translate", "json": {"q": "Hi", "target": "he", "format": "pdf"}},
        {"method": "POST", "path": "/detect", "json": {"q": "The two leaders spoke on Tuesday for a long time."}},
        {"method": "POST", "path": "/detect", "form": {"q": "ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות."}},
        {"method": "GET", "path": "/no/such/page"},
        {"method": "DELETE", "path": "/v1/translate"},
        {"method": "GET", "path": "/v1/jobs/0123456789abcdef"},
        {"method": "POST", "path": "/v1/jobs", "json": {"article": {"body": "Hi there, friends."}, "targets": ["he"],
                                                        "callback_url": "http://127.0.0.1:9/hook",
                                                        "metadata": {"article_id": "a1", "revision": 3}}},
        {"method": "POST", "path": "/v1/jobs", "json": {"article": {"body": "Hi there, friends."}, "targets": ["he"],
                                                        "callback_url": "http://10.0.0.1/hook"}},
        {"method": "POST", "path": "/v1/jobs", "json": {"article": {"body": "Hi there, friends."}, "targets": ["he"]}},
    ]
    for body in html.values():
        out.append({"method": "POST", "path": "/v1/translate",
                    "json": {"article": {"body": body, "format": "html"}, "targets": ["he", "ru"]}})
    mixed = ("Netanyahu and Putin spoke on Tuesday\n\nThe two leaders spoke for the first time since December, "
             "the prime minister's office said.\n\nראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות כדי להחזיר את החטופים.\n\n"
             "Президент России выразил обеспокоенность гуманитарной ситуацией в секторе.\n\n"
             "The talks would go on next week, officials said.")
    out.append({"method": "POST", "path": "/v1/translate", "json": {"article": {"body": mixed}, "targets": ["he", "ru", "en"]}})
    out.append({"method": "POST", "path": "/v1/translate", "json": {
        "article": {"body": '<p>ראש הממשלה <a href="/x">אמר</a> כי <em>ישראל תמשיך</em> לפעול.</p><p>Президент <b>России</b> выразил.</p>',
                    "format": "html"}, "targets": ["ru", "en"]}})
    out.append({"method": "POST", "path": "/translate", "json": {
        "q": ['<p>ראש הממשלה <a href="/x">אמר</a> כי ישראל תמשיך.</p>', "<p>The <i>two</i> leaders spoke.</p>"],
        "source": "auto", "target": "ru", "format": "html"}})
    return out


_HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")
_ISO = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\b")


def normalise(value: Any) -> Any:
    """The answer with what differs on every run replaced: timings, the pid, job ids, timestamps."""
    if isinstance(value, dict):
        return {k: ("<varies>" if k in ("elapsed_ms", "pid") else normalise(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        return _ISO.sub("<time>", _HEX_ID.sub("<id>", value))
    return value


def send(client: Any, case: dict[str, Any]) -> dict[str, Any]:
    """One case through a Flask test client: status, media type and the normalised JSON body."""
    kwargs: dict[str, Any] = {}
    if "json" in case:
        kwargs["json"] = case["json"]
    elif "form" in case:
        kwargs["data"] = case["form"]
    elif "data" in case:
        kwargs["data"], kwargs["content_type"] = case["data"], case["content_type"]
    response = client.open(case["path"], method=case["method"], **kwargs)
    return {"status": response.status_code, "mimetype": response.mimetype,
            "body": normalise(response.get_json(silent=True))}


def replay_all(client: Any) -> list[dict[str, Any]]:
    """Every case in order, on one app (the memory fills as it goes, as it does in service)."""
    return [{"case": f"{c['method']} {c['path']} #{i}", **send(client, c)} for i, c in enumerate(cases())]


def record_settings(packages_dir: Path, instance_dir: Path) -> dict[str, Any]:
    """The settings changes the recording ran with (jobs on, callbacks to loopback allowed)."""
    return {"webhook_secrets": ("whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",),
            "callback_allowed_hosts": ("127.0.0.1",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", action="store_true", help="write recorded.json from the current code")
    args = parser.parse_args()
    import tempfile

    from app import create_app
    from tests.conftest import PAIRS, make_settings
    from tests.support.package_builder import build_fixture_package

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for pair in PAIRS:
            build_fixture_package(root / "packages", *pair)
        settings = make_settings(root / "packages", root / "instance",
                                 **record_settings(root / "packages", root / "instance"))
        app = create_app(settings)
        app.config.update(TESTING=True)
        answers = replay_all(app.test_client())
    text = json.dumps(answers, ensure_ascii=False, indent=1) + "\n"
    if args.record:
        RECORDED.write_text(text, encoding="utf-8")
    print(f"{len(answers)} answers" + (f" written to {RECORDED}" if args.record else ""))


if __name__ == "__main__":
    main()
