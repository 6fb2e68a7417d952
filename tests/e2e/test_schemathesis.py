"""Schemathesis over the app's own ``/openapi.json``: schema-valid requests to every operation, every answer checked.

The document is the one the app serves (its language enums filled from the fixture packages), and the app runs
on the fixture packages with jobs on: a signing secret, callbacks allowed to loopback only, every generated host
"resolved" to 127.0.0.1 by the test and no consumer thread, so a job is accepted and stored but no generated URL
is ever looked up or called. The glossary store (SQLite in one run, PostgreSQL in the other) holds "house", the
name the document's examples use (the fuzzer mixes those in), so some generated requests name a glossary that
exists. Each operation gets ``EXAMPLES`` generated requests (derandomised: the same ones on every run) and each
answer goes through schemathesis's default checks (no server error, documented status, content type, headers and
body). Its ``positive_data_acceptance`` check is replaced by a stricter one of ours: a schema-valid request may be
refused only for what the schema cannot see (a text whose language cannot be detected, a hint naming a line the
body lacks, a glossary name no glossary has…), each a documented 4xx. Then at least a third of the requests to
``POST /v1/translate`` must have been translated, so the fuzzer reaches the translation path, not only the parser.

``pytest tests/e2e/test_schemathesis.py -s`` prints what each operation answered.
"""

from __future__ import annotations

import collections
import json
from dataclasses import replace
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.internal.conjecture import providers
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import make_app
from translator.settings import Settings

EXAMPLES = 40  # per operation
MIN_TRANSLATED_SHARE = 1 / 3  # of POST /v1/translate's schema-valid requests
# Refusals of a schema-valid request that depend on what the schema cannot express, by operation and code: the
# field must start with the given prefix, or one of the given prefixes ("" for any). Anything else refused is a
# schema that promises too much.
# Glossaries: a ref that names no glossary (glossary_not_found), or that holds characters Unicode does not call
# printable beyond the control characters the schema rules out (invalid_field on "glossaries"); a name another
# glossary has (glossary_name_taken) or with such characters (invalid_glossary on "name"); entries whose forms
# clash across entries, or a keep entry with two different forms (invalid_glossary on the entry); the lines of a
# CSV or TSV body, which the schema sees as a string ("line N"); a file without ?name=, a TSV body or export
# without ?source= and ?target= (missing_field) or with the same language twice (invalid_glossary on "target").
FILE_FIELDS = ("entries[", "line ", "name", "target")
DOCUMENT_FILE: dict[str, str | tuple[str, ...]] = {
    code: "" for code in ("unsupported_document_format", "document_has_macros", "invalid_document", "document_encrypted",
                          "zip_bomb", "macros_refused", "external_content", "empty_article", "undetectable_language",
                          "unsupported_source_language", "document_text_too_large", "glossary_not_found", "html_too_deep")
} | {"invalid_field": "glossaries"}
DATA_DEPENDENT: dict[str, dict[str, str | tuple[str, ...]]] = {
    # A text read (source auto) as a language no installed package translates: its language the schema cannot see.
    "POST /v1/translate": {"undetectable_language": "", "unsupported_source_language": "", "empty_article": "",
                           "invalid_field": ("article.hints", "glossaries"), "article_too_large": "",
                           "glossary_not_found": "", "invalid_glossary": "glossary_entries["},
    "POST /v1/jobs": {"undetectable_language": "", "empty_article": "", "invalid_field": ("article.hints", "glossaries"),
                      "article_too_large": "", "idempotency_key_reused": "", "invalid_glossary": "glossary_entries["},
    "POST /translate": {"undetectable_language": "", "unsupported_source_language": "", "empty_article": "",
                        "article_too_large": "",
                        "glossary_not_found": "", "invalid_field": "glossaries"},
    "POST /detect": {"undetectable_language": "", "article_too_large": ""},
    "POST /v1/detect": {"article_too_large": ""},
    "GET /v1/jobs/{job_id}": {"job_not_found": ""},
    "POST /v1/jobs/{job_id}/redeliver": {"job_not_found": "", "job_not_finished": "", "callback_in_progress": ""},
    "GET /desk/static/{filename}": {"not_found": ""},  # a name the desk has no file for
    "POST /v1/glossaries": {"invalid_glossary": FILE_FIELDS, "glossary_name_taken": "",
                            "missing_field": ("name", "source", "target")},
    "GET /v1/glossaries/{ref}": {"glossary_not_found": "", "missing_field": ("source", "target"),
                                 "invalid_glossary": "target"},
    "PUT /v1/glossaries/{ref}": {"glossary_not_found": "", "invalid_glossary": FILE_FIELDS,
                                 "glossary_name_taken": "", "missing_field": ("source", "target")},
    "DELETE /v1/glossaries/{ref}": {"glossary_not_found": ""},
    # A blank or NUL-holding text, the same language twice: what a JSON schema cannot say.
    "POST /v1/corrections": {"invalid_correction": ("source", "text", "target_language", "article_id", "block_id",
                                                    "editor")},
    "GET /v1/corrections": {"invalid_field": ("since", "until")},
    "GET /v1/corrections/{correction_id}": {"correction_not_found": ""},
    "DELETE /v1/corrections/{correction_id}": {"correction_not_found": ""},
    "POST /v1/corrections/import": {"invalid_tmx": "", "unsafe_xml": ""},
    "POST /suggest": {"invalid_correction": ("q", "s", "target")},
    "POST /v1/glossaries/{ref}/entries": {"glossary_not_found": "", "invalid_glossary": ("entries[", "line ", "target"),
                                          "missing_field": ("source", "target")},
    # A file's name and bytes, which the schema sees as a string: its format, its text, what its package holds.
    "POST /v1/documents": DOCUMENT_FILE | {"callback_url_refused": "", "idempotency_key_reused": ""},
    "POST /translate_file": DOCUMENT_FILE,
    "GET /v1/documents/{document_id}": {"document_not_found": ""},
    "GET /v1/documents/{document_id}/download": {"document_not_found": ""},
    "GET /download_file/{filename}": {"document_not_found": ""},
}
HOUSE = [{"en": "Netanyahu", "he": "נתניהו", "ru": "Нетаньяху"}, {"en": "the Knesset", "he": "הכנסת", "ru": "Кнессет"}]


class Tally:
    """What each operation answered, and every failure found."""

    def __init__(self) -> None:
        self.statuses: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
        self.refusals: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        self.failures: list[str] = []

    def share_2xx(self, label: str) -> float:
        counts = self.statuses[label]
        return sum(n for status, n in counts.items() if 200 <= status < 300) / max(1, sum(counts.values()))

    def report(self) -> str:
        lines = [f"schemathesis: {EXAMPLES} schema-valid requests per operation (fewer where the schema allows few)"]
        for label, counts in self.statuses.items():
            refused = ", ".join(f"{code} {n}" for code, n in self.refusals[label].most_common())
            lines.append(f"  {label:24} {sum(counts.values()):3} requests, 2xx {self.share_2xx(label):4.0%}  "
                         f"{dict(sorted(counts.items()))}" + (f"  refused: {refused}" if refused else ""))
        lines.append(f"  failures: {len(self.failures)}")
        return "\n".join(lines)


def refused_only_for_what_the_schema_cannot_see(ctx: Any, response: Any, case: Any) -> None:
    """A schema-valid request answered 4xx must carry a code the schema cannot rule out (``DATA_DEPENDENT``)."""
    if not 400 <= response.status_code < 500:
        return
    problem = json.loads(response.content)
    allowed = DATA_DEPENDENT.get(case.operation.label, {})
    prefix = allowed.get(problem.get("code"))
    if prefix is None or not str(problem.get("field") or "").startswith(prefix):
        raise AssertionError(f"a schema-valid request was refused: {response.status_code} {problem.get('code')} "
                             f"{problem.get('field') or ''}: {problem.get('detail')}")


@pytest.fixture
def fuzzed_app(settings: Settings, database_url: str) -> Flask:
    """The app on the fixture packages, jobs accepted (loopback callbacks only) and never delivered; "house" stored.

    Once with the glossaries in SQLite, once in PostgreSQL: the two do not take the same text (PostgreSQL's
    holds no NUL character).
    """
    app = make_app(replace(settings, webhook_secrets=("whsec_fuzz",), callback_allowed_hosts=("127.0.0.1",),
                           job_workers=0, database_url=database_url))
    # No DNS: every callback host the fuzzer makes up "resolves" to loopback, which the allowlist lets through.
    app.extensions["targum.jobs"].resolve = lambda host, port: ["127.0.0.1"]
    # The glossary the document's examples name (TranslateRequest, the {ref} of /v1/glossaries/{ref}).
    created = app.test_client().post("/v1/glossaries", json={"name": "house", "entries": HOUSE})
    assert created.status_code == 201, created.get_json()
    return app


def fuzz(operation: Any, tally: Tally) -> None:
    """Send ``EXAMPLES`` schema-valid requests to one operation; count the answers, collect the failures."""
    label = operation.label

    @given(case=operation.as_strategy(GenerationMode.POSITIVE))
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call()
        tally.statuses[label][response.status_code] += 1
        if response.status_code >= 400:
            tally.refusals[label][json.loads(response.content).get("code")] += 1
        try:
            case.validate_response(response, excluded_checks=[positive_data_acceptance],
                                   additional_checks=[refused_only_for_what_the_schema_cannot_see])
        except BaseException as failure:  # schemathesis raises a FailureGroup (an exception group)
            tally.failures.append(f"{label}: {failure}")

    run()


def test_schema_valid_requests_pass_every_check_and_reach_translation(fuzzed_app: Flask,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Hypothesis mixes string literals it finds in the project's own modules into what it generates, so every
    # module added anywhere would change these requests (and the share that reaches translation): the pool is
    # emptied here, and the requests depend on the schema alone.
    monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)
    providers.CONSTANTS_CACHE.cache.clear()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed_app)
    tally = Tally()
    for result in schema.get_all_operations():
        fuzz(result.ok(), tally)
    print("\n" + tally.report())
    assert tally.failures == [], "\n\n".join(tally.failures[:5])
    assert {"POST /v1/translate", "POST /v1/jobs", "POST /translate"} <= set(tally.statuses)
    assert tally.share_2xx("POST /v1/translate") >= MIN_TRANSLATED_SHARE, tally.report()
