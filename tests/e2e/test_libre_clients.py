"""LibreTranslate's clients against a gunicorn-served Targum on the fixture packages, keys off and on.

* libretranslatepy, deep-translator and wagtail-localize's ``LibreTranslator``, the real Python packages
  (wagtail-localize's with Django configured in memory: the translator needs no database);
* Mastodon's ``TranslationService::LibreTranslate`` and Discourse's
  ``DiscourseTranslator::LibreTranslate``: their exact requests replayed
  (method, path, body encoding, fields, headers, as their Ruby source builds
  them), and the answers checked against what that code reads;
* LibreTranslate 1.9's own ``tests/test_api/`` cases, rewritten to run over
  HTTP with our languages (es → ru), deliberate differences noted inline.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest
from deep_translator import LibreTranslator
from deep_translator.exceptions import AuthorizationException, ServerException
from libretranslatepy import LibreTranslateAPI

from tests.support.package_builder import transliterate
from tests.support.servers import VENV, running, wait_for

GUNICORN = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
KEY = "newsroom-key"
EN_1 = "The two leaders spoke on Tuesday for the first time since December."
EN_2 = "The prime minister said that the talks would go on next week."
RU = "Президент России выразил обеспокоенность гуманитарной ситуацией в секторе."
HE = "ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות כדי להחזיר את החטופים."
LANGUAGES = {"en": ["he", "ru"], "he": ["en", "ru"], "ru": ["en", "he"]}


@contextmanager
def targum(packages_dir: Path, port: int, keys: bool) -> Iterator[str]:
    """Targum under gunicorn on loopback (API keys on or off); yields its base URL."""
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "1"}
    if keys:
        env["TARGUM_API_KEYS"] = KEY
    with running(GUNICORN, env, port) as (url, process):
        wait_for(f"{url}/readyz", process)
        yield url


def call(method: str, url: str, *, json_body: Any = None, form: dict[str, str] | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, str, Any]:
    """One HTTP request; the status, the media type and the decoded JSON body (error statuses included)."""
    data, sent = None, dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body).encode()
        sent.setdefault("Content-Type", "application/json")
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), json.load(exc)


# --- the Python clients ---------------------------------------------------------------------------------------


def test_libretranslatepy(packages_dir: Path, free_port: int) -> None:
    with targum(packages_dir, free_port, keys=False) as url:
        lt = LibreTranslateAPI(url + "/")
        assert lt.translate(EN_1, "en", "ru") == transliterate(EN_1, "en", "ru")
        assert lt.translate(f"{EN_1}\n\n{EN_2}", "auto", "iw") == (
            f"{transliterate(EN_1, 'en', 'he')}\n\n{transliterate(EN_2, 'en', 'he')}")
        assert lt.translate(HE, "iw", "ru") == transliterate(transliterate(HE, "he", "en"), "en", "ru")
        detected = lt.detect(RU)
        assert detected[0]["language"] == "ru" and 0 < detected[0]["confidence"] <= 100
        assert lt.detect("😀") == [{"language": "en", "confidence": 0.0}]
        assert {lang["code"]: lang["targets"] for lang in lt.languages()} == LANGUAGES
        with pytest.raises(urllib.error.HTTPError) as failed:
            lt.translate(EN_1, "en", "de")
        assert failed.value.code == 400 and json.load(failed.value)["error"] == "de is not supported"


def test_libretranslatepy_with_an_api_key(packages_dir: Path, free_port: int) -> None:
    with targum(packages_dir, free_port, keys=True) as url:
        keyed = LibreTranslateAPI(url, api_key=KEY)
        assert keyed.translate(RU, "ru", "en") == transliterate(RU, "ru", "en")
        assert keyed.detect(EN_1)[0]["language"] == "en"
        assert [lang["code"] for lang in keyed.languages()] == ["en", "he", "ru"]  # key sent in a GET's form body
        anonymous = LibreTranslateAPI(url + "/")
        assert [lang["code"] for lang in anonymous.languages()] == ["en", "he", "ru"]  # open, as LibreTranslate's
        with pytest.raises(urllib.error.HTTPError) as refused:
            anonymous.translate(EN_1, "en", "ru")
        assert refused.value.code == 401
        assert json.load(refused.value)["error"] == "Please contact the server operator to get an API key"
        with pytest.raises(urllib.error.HTTPError) as wrong:
            LibreTranslateAPI(url, api_key="nope").translate(EN_1, "en", "ru")
        assert wrong.value.code == 403 and json.load(wrong.value)["error"] == "Invalid API key"


@pytest.mark.parametrize("keys", [False, True], ids=["keys off", "keys on"])
def test_deep_translator(packages_dir: Path, free_port: int, keys: bool) -> None:
    # deep-translator insists on a key even for a server without keys, and sends the fields in the query string
    # of an empty POST; it knows no Hebrew, so only en and ru.
    with targum(packages_dir, free_port, keys) as url:
        translator = LibreTranslator(source="en", target="ru", api_key=KEY, custom_url=url + "/")
        assert translator.translate(EN_1) == transliterate(EN_1, "en", "ru")
        assert translator.translate_batch([EN_1, EN_2]) == [transliterate(t, "en", "ru") for t in (EN_1, EN_2)]
        back = LibreTranslator(source="Russian", target="English", api_key=KEY, custom_url=url + "/")
        assert back.translate(RU) == transliterate(RU, "ru", "en")
        wrong_key = LibreTranslator(source="en", target="ru", api_key="nope", custom_url=url + "/")
        if keys:
            with pytest.raises(AuthorizationException):
                wrong_key.translate(EN_1)
        else:
            assert wrong_key.translate(EN_1) == transliterate(EN_1, "en", "ru")  # keys off: a key is ignored
        with pytest.raises(ServerException):
            LibreTranslator(source="en", target="ru", api_key=KEY, custom_url=url + "/nowhere/").translate(EN_1)


@pytest.fixture(scope="module")
def wagtail_localize() -> Any:
    """wagtail-localize's LibreTranslate machine translator and its StringValue, Django set up in memory."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "taggit", "wagtail",
                                           "wagtail_localize"], STATIC_URL="/static/", USE_TZ=True,
                           DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
        django.setup()
    from wagtail_localize.machine_translators.libretranslate import LibreTranslator as WagtailTranslator
    from wagtail_localize.strings import StringValue

    return WagtailTranslator, StringValue


@pytest.mark.parametrize("keys", [False, True], ids=["keys off", "keys on"])
def test_wagtail_localize(packages_dir: Path, free_port: int, keys: bool, wagtail_localize: Any) -> None:
    # A page's strings go in one request, as HTML; the character limit is per text, so a page whose strings add up
    # to more than the limit is translated (wagtail-localize's 150-string pages got 413 when the batch was counted).
    translator_class, string_value = wagtail_localize
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "1", "TARGUM_MAX_ARTICLE_CHARS": "2000"}
    if keys:
        env["TARGUM_API_KEYS"] = KEY
    texts = [f"{EN_1} Paragraph {n}." for n in range(40)]  # 3,000 characters in all, each under the limit
    strings = [string_value.from_plaintext(text) for text in texts]
    strings.append(string_value("The <b>two</b> leaders spoke."))
    with running(GUNICORN, env, free_port) as (url, process):
        wait_for(f"{url}/readyz", process)
        translator = translator_class({"LIBRETRANSLATE_URL": url, "API_KEY": KEY if keys else ""})
        en, ru = SimpleNamespace(language_code="en"), SimpleNamespace(language_code="ru-RU")
        assert translator.can_translate(en, ru) and not translator.can_translate(en, SimpleNamespace(language_code="en-GB"))
        result = translator.translate(en, ru, strings)
    assert [result[s].data for s in strings[:-1]] == [transliterate(t, "en", "ru") for t in texts]
    marked = result[strings[-1]].data
    assert marked.startswith(transliterate("The", "en", "ru")) and "<b>" in marked and "</b>" in marked


# --- Mastodon: app/lib/translation_service/libre_translate.rb --------------------------------------------------


def mastodon_translate(url: str, texts: list[str], source: str | None, target: str, key: str | None) -> Any:
    """Mastodon's request: JSON, ``format: html``, ``source`` or "auto", ``api_key`` in the body (null when unset)."""
    body = {"q": texts, "source": source or "auto", "target": target, "format": "html", "api_key": key}
    return call("POST", f"{url}/translate", json_body=body)


@pytest.mark.parametrize("keys", [False, True], ids=["keys off", "keys on"])
def test_mastodon(packages_dir: Path, free_port: int, keys: bool) -> None:
    key = KEY if keys else None
    with targum(packages_dir, free_port, keys) as url:
        # languages: GET /languages with Content-Type: application/json and no key; reads code and targets.
        status, _, languages = call("GET", f"{url}/languages", headers={"Content-Type": "application/json"})
        assert status == 200
        parsed = {lang["code"]: [t for t in lang["targets"] if t != lang["code"]] for lang in languages}
        assert parsed == LANGUAGES
        # translate: statuses 200..299 read translatedText (a list for a list q); 429 and 403 mean quota.
        statuses = [f"<p>{EN_1}</p>", f"<p>{EN_2}</p><p>{EN_1}</p>"]
        status, media, data = mastodon_translate(url, statuses, None, "he", key)
        assert status == 200 and media == "application/json" and isinstance(data, dict)
        assert data["translatedText"] == [f"<p>{transliterate(EN_1, 'en', 'he')}</p>",
                                          f"<p>{transliterate(EN_2, 'en', 'he')}</p><p>{transliterate(EN_1, 'en', 'he')}</p>"]
        status, _, data = mastodon_translate(url, [f"<p>{RU}</p>"], "ru", "en", key)
        assert status == 200 and data["translatedText"] == [f"<p>{transliterate(RU, 'ru', 'en')}</p>"]
        if keys:
            status, _, data = mastodon_translate(url, [EN_1], "en", "ru", None)
            assert status == 401 and data["error"]  # Mastodon: UnexpectedResponseError, not a quota error
            status, _, _ = mastodon_translate(url, [EN_1], "en", "ru", "nope")
            assert status == 403  # Mastodon: QuotaExceededError, as against LibreTranslate


# --- Discourse: discourse-translator, services/discourse_translator/libretranslate.rb ---------------------------


def discourse_post(url: str, path: str, fields: dict[str, str], key: str) -> tuple[int, str, Any]:
    """Discourse's ``result``: a form body with ``api_key`` always set ("" when the site has none)."""
    return call("POST", f"{url}{path}", form={**fields, "api_key": key})


@pytest.mark.parametrize("keys", [False, True], ids=["keys off", "keys on"])
def test_discourse(packages_dir: Path, free_port: int, keys: bool) -> None:
    key = KEY if keys else ""
    with targum(packages_dir, free_port, keys) as url:
        # detect: the post's text, tags stripped, cut at 5000; res[0]["language"] when the list is not empty.
        status, _, found = discourse_post(url, "/detect", {"q": RU}, key)
        assert status == 200 and found[0]["language"] == "ru"
        status, _, found = discourse_post(url, "/detect", {"q": "😀👍"}, key)
        assert status == 200 and found and found[0]["language"] == "en"  # was a 422, raised on every such post
        # translate_supported?: GET /languages without a key; both codes must be listed.
        status, _, languages = call("GET", f"{url}/languages")
        assert status == 200 and {"ru", "en"} <= {lang["code"] for lang in languages}
        # translate: format html, source the detected language, target from its locale mapping (ru → ru).
        html = f"<p>{RU}</p>"
        status, _, data = discourse_post(url, "/translate", {"q": html, "source": "ru", "target": "en",
                                                             "format": "html"}, key)
        assert status == 200 and data["translatedText"] == f"<p>{transliterate(RU, 'ru', 'en')}</p>"
        # A failure: status != 200 raises TranslatorError with the parsed body; it must be JSON.
        status, media, data = discourse_post(url, "/translate", {"q": html, "source": "ru", "target": "de",
                                                                 "format": "html"}, key)
        assert status == 400 and media == "application/json" and data["error"] == "de is not supported"
        if keys:
            status, _, data = discourse_post(url, "/translate", {"q": html, "source": "ru", "target": "en"}, "")
            assert status == 401 and data["error"]


# --- LibreTranslate's own tests/test_api/, over HTTP, with our languages ----------------------------------------

# (name, method, path, request, status, check). Their "es" is our "ru"; their "zz" is still unknown.
FORM = {"q": "Hello", "source": "en", "target": "ru", "format": "text"}
LIBRE_API_CASES: list[tuple[str, str, str, dict[str, Any], int, Any]] = [
    ("test_api_translate", "POST", "/translate", {"form": FORM}, 200, lambda d: "translatedText" in d),
    ("test_api_translate_batch", "POST", "/translate", {"json_body": {**FORM, "q": ["Hello", "World"]}}, 200,
     lambda d: isinstance(d["translatedText"], list) and len(d["translatedText"]) == 2),
    ("test_api_translate_unsupported_language", "POST", "/translate", {"form": {**FORM, "target": "zz"}}, 400,
     lambda d: d["error"] == "zz is not supported"),
    ("test_api_translate_missing_parameter", "POST", "/translate", {"form": {"source": "en", "target": "ru"}}, 400,
     lambda d: d["error"] == "Invalid request: missing q parameter"),
    # Deliberate: a missing source is "auto" (LibreTranslate: 400 "missing source parameter"); Mastodon relies
    # on sending "auto", and a client that omits it gets a translation rather than a refusal.
    ("test_api_translate_missing_source", "POST", "/translate", {"form": {"q": EN_1, "target": "ru"}}, 200,
     lambda d: d["detectedLanguage"]["language"] == "en"),
    ("test_api_translate_missing_target", "POST", "/translate", {"form": {"q": "Hello", "source": "en"}}, 400,
     lambda d: d["error"] == "Invalid request: missing target parameter"),
    ("test_api_translate_unsupported_format", "POST", "/translate", {"form": {**FORM, "format": "xml"}}, 400,
     lambda d: d["error"] == "xml format is not supported"),
    ("test_api_translate_invalid_alternatives", "POST", "/translate", {"form": {**FORM, "alternatives": "abc"}},
     400, lambda d: d["error"] == "Invalid request: alternatives parameter is not a number"),
    ("test_api_translate_alternatives", "POST", "/translate",
     {"json_body": {"q": "Hello world, this is a test", "source": "en", "target": "ru", "alternatives": 3}}, 200,
     lambda d: "translatedText" in d and isinstance(d["alternatives"], list)),
    ("test_api_translate_auto_detect_source", "POST", "/translate",
     {"form": {"q": "This is a sentence written in English for testing purposes", "source": "auto",
               "target": "ru"}}, 200,
     lambda d: d["detectedLanguage"]["language"] == "en" and d["detectedLanguage"]["confidence"] > 0),
    ("test_api_translate_html_format", "POST", "/translate", {"form": {**FORM, "q": "<p>Hello</p>",
                                                                       "format": "html"}}, 200,
     lambda d: "<p>" in d["translatedText"] and "</p>" in d["translatedText"]),
    ("test_api_translate_non_translatable_returns_source", "POST", "/translate",
     {"form": {"q": "😀", "source": "en", "target": "ru"}}, 200, lambda d: d["translatedText"] == "😀"),
    ("test_api_translate_empty_batch", "POST", "/translate", {"json_body": {**FORM, "q": []}}, 400,
     lambda d: d["error"] == "Invalid request: missing q parameter"),
    ("test_api_translate_spanish_to_english (ru → en)", "POST", "/translate",
     {"form": {"q": "Привет мир", "source": "ru", "target": "en"}}, 200,
     lambda d: d["translatedText"] != "Привет мир"),
    ("test_api_translate_invalid_json_body", "POST", "/translate", {"json_body": ["not", "a", "dict"]}, 400,
     lambda d: d["error"] == "Invalid JSON format"),
    ("test_api_translate_batch_html", "POST", "/translate",
     {"json_body": {**FORM, "q": ["<p>Hello</p>", "<p>World</p>"], "format": "html"}}, 200,
     lambda d: isinstance(d["translatedText"], list) and "<p>" in d["translatedText"][0]),
    ("test_api_translate_batch_non_translatable", "POST", "/translate",
     {"json_body": {"q": ["😀", "😁"], "source": "en", "target": "ru"}}, 200,
     lambda d: d["translatedText"] == ["😀", "😁"]),
    ("test_api_translate_batch_alternatives", "POST", "/translate",
     {"json_body": {"q": ["Hello", "World"], "source": "en", "target": "ru", "alternatives": 2}}, 200,
     lambda d: isinstance(d["alternatives"], list) and len(d["alternatives"]) == 2),
    ("test_api_translate_batch_auto_detect", "POST", "/translate",
     {"json_body": {"q": ["Hello there, how are you today?", "Good morning to all of you"], "source": "auto",
                    "target": "ru"}}, 200,
     lambda d: len(d["detectedLanguage"]) == 2 and all(x["language"] == "en" for x in d["detectedLanguage"])),
    ("test_api_translate_unsupported_source_language", "POST", "/translate",
     # Deliberate: 422, Targum's status for a source it cannot translate from (LibreTranslate: 400), same words.
     {"form": {"q": "Hello", "source": "zz", "target": "ru"}}, 422, lambda d: d["error"] == "zz is not supported"),
    ("test_api_detect_language", "POST", "/detect", {"form": {"q": "Hello"}}, 200,
     lambda d: len(d) >= 1 and "confidence" in d[0] and "language" in d[0]),
    ("test_api_detect_language_must_fail_without_parameters", "POST", "/detect", {"form": {}}, 400,
     lambda d: "error" in d),
    ("test_api_detect_language_must_fail_bad_request_type", "GET", "/detect", {}, 405, lambda d: "error" in d),
    # Deliberate: /detect takes one text, as LibreTranslate 1.9 documents it (its newer test sends a list).
    ("test_api_detect_language_batch", "POST", "/detect",
     {"json_body": {"q": ["This is an English sentence", "Это предложение на русском"]}}, 400,
     lambda d: d["code"] == "invalid_field" and d["error"]),
    ("test_api_detect_language_json", "POST", "/detect", {"json_body": {"q": "This is an English sentence for detection"}},
     200, lambda d: d[0]["language"] == "en"),
    ("test_api_get_health", "GET", "/health", {}, 200, lambda d: d == {"status": "ok"}),
    ("test_api_health_must_fail_bad_request_type", "POST", "/health", {}, 405, lambda d: "error" in d),
    ("test_frontend_settings_content", "GET", "/frontend/settings", {}, 200,
     # Deliberate: no files translation yet, so filesTranslation is false and no format is listed.
     lambda d: d["apiKeys"] is False and d["keyRequired"] is False and d["suggestions"] is True
     and d["filesTranslation"] is False and d["language"]["source"]["code"] == "auto"),
    # Suggestions are on: stored as corrections (LibreTranslate's test_api_suggest with suggestions enabled).
    ("test_api_suggest", "POST", "/suggest",
     {"form": {"q": "Hello", "s": "Привет", "source": "en", "target": "ru"}}, 200,
     lambda d: d == {"success": True}),
    # Deliberate: /translate_file is 501.
    ("test_api_translate_file (not yet)", "POST", "/translate_file", {"form": {"source": "en", "target": "ru"}}, 501,
     lambda d: d["code"] == "not_implemented" and d["error"]),
]


def test_libretranslate_api_tests_over_http(packages_dir: Path, free_port: int) -> None:
    """Every case in one server, keys off: each must give LibreTranslate's status and what its test checks."""
    failures = []
    with targum(packages_dir, free_port, keys=False) as url:
        for name, method, path, kwargs, status, check in LIBRE_API_CASES:
            got, media, body = call(method, url + path, **kwargs)
            if got != status or media != "application/json" or not check(body):
                failures.append(f"{name}: {got} {media} {body}")
        # test_cors_headers
        request = urllib.request.Request(f"{url}/health", headers={"Origin": "https://addon.example"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert response.headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert failures == []


def test_libretranslate_api_key_tests_over_http(packages_dir: Path, free_port: int) -> None:
    """test_api_api_keys: an invalid key is 403 "Invalid API key", a valid one is accepted.

    Deliberate: no key at all is 401 (LibreTranslate: 400 with the same message), the status HTTP has for it.
    """
    with targum(packages_dir, free_port, keys=True) as url:
        status, _, body = call("POST", f"{url}/translate", form={**FORM, "api_key": "bogus-key"})
        assert status == 403 and body["error"] == "Invalid API key"
        assert call("POST", f"{url}/translate", form={**FORM, "api_key": KEY})[0] == 200
        status, _, body = call("POST", f"{url}/translate", form=FORM)
        assert status == 401 and body["error"] == "Please contact the server operator to get an API key"
