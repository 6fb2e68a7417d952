"""Standard Webhooks signing and verification, response classification, backoff, and one real delivery."""

from __future__ import annotations

import json
import random
import socket
from pathlib import Path

import pytest

from tests.support.receiver import receiver
from translator.errors import InvalidSignature
from translator.jobs.callback_urls import CallbackPolicy
from translator.jobs.webhooks import (
    backoff_delay,
    classify,
    deliver,
    hub_signature,
    parse_retry_after,
    sign,
    signed_headers,
    verify,
    verify_hub_signature,
)

LOOPBACK = CallbackPolicy.from_entries(["127.0.0.1"])


def test_signature_matches_the_standard_webhooks_reference_vector() -> None:
    # The example from the Standard Webhooks specification's reference libraries.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == \
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_every_secret_signs_during_a_rotation_and_each_verifies() -> None:
    body = b'{"type":"translation.succeeded"}'
    headers = signed_headers(["new-secret", "old-secret"], "job1", 1_700_000_000, body)
    assert headers["webhook-id"] == "job1" and headers["webhook-timestamp"] == "1700000000"
    assert len(headers["webhook-signature"].split()) == 2
    for secret in ("new-secret", "old-secret"):
        verify(secret, headers, body, now=1_700_000_010)
    with pytest.raises(InvalidSignature, match="no webhook signature matches"):
        verify("another-secret", headers, body, now=1_700_000_010)


def test_verification_refuses_a_changed_body_a_stale_timestamp_and_missing_headers() -> None:
    body = b'{"a":1}'
    headers = signed_headers(["s"], "job1", 1_700_000_000, body)
    with pytest.raises(InvalidSignature, match="no webhook signature matches"):
        verify("s", headers, b'{"a":2}', now=1_700_000_000)
    with pytest.raises(InvalidSignature, match="too old"):
        verify("s", headers, body, now=1_700_000_000 + 301)
    with pytest.raises(InvalidSignature, match="missing"):
        verify("s", {"webhook-signature": headers["webhook-signature"]}, body, now=1_700_000_000)


def test_callbacks_are_never_signed_without_a_secret() -> None:
    with pytest.raises(ValueError):
        signed_headers([], "job1", 1, b"{}")


def test_inbound_github_style_signature() -> None:
    body = b'{"article": {}}'
    assert hub_signature("It's a Secret to Everybody", b"Hello, World!") == \
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"  # GitHub's documented example
    verify_hub_signature("cms", hub_signature("cms", body), body)
    with pytest.raises(InvalidSignature, match="requires"):
        verify_hub_signature("cms", None, body)
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_hub_signature("cms", hub_signature("cms", body + b" "), body)


@pytest.mark.parametrize("status, verdict", [
    (200, "delivered"), (204, "delivered"), (408, "retry"), (429, "retry"), (500, "retry"), (503, "retry"),
    (400, "failed"), (401, "failed"), (404, "failed"), (302, "failed"), (410, "gone"),
])
def test_responses_are_classified(status: int, verdict: str) -> None:
    assert classify(status).verdict == verdict


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert classify(503, "7").retry_after_s == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == pytest.approx(30.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    rng = random.Random(1)
    for attempt, nominal in ((1, 5.0), (2, 10.0), (3, 20.0), (10, 2560.0)):
        delays = [backoff_delay(attempt, 5.0, rng) for _ in range(200)]
        assert all(0.75 * nominal <= d <= 1.25 * nominal for d in delays)
        assert len(set(delays)) > 150  # jittered, not one fixed value
    assert backoff_delay(60, 5.0, rng) <= 1.25 * 86400


@pytest.mark.e2e
def test_a_delivery_to_a_real_receiver_is_signed_and_verifies(tmp_path: Path) -> None:
    with receiver(tmp_path / "log.jsonl", "200") as hook:
        outcome = deliver(hook.url, {"type": "translation.succeeded", "data": {"id": "j1", "text": "שלום"}},
                          "j1", ["s1", "s0"], LOOPBACK, timeout_s=5)
        assert outcome.verdict == "delivered" and outcome.status_code == 200
        (got,) = hook.requests()
    assert json.loads(got["body"])["data"]["text"] == "שלום"
    assert got["headers"]["Content-Type"] == "application/json"
    verify("s0", got["headers"], got["body"].encode("utf-8"))


@pytest.mark.e2e
def test_a_receiver_asking_for_a_delay_and_an_unreachable_one_are_retried(tmp_path: Path) -> None:
    with receiver(tmp_path / "log.jsonl", "429+3") as hook:
        outcome = deliver(hook.url, {}, "j1", ["s"], LOOPBACK, timeout_s=5)
    assert (outcome.verdict, outcome.status_code, outcome.retry_after_s) == ("retry", 429, 3.0)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # bound, not listening: connections are refused
        outcome = deliver(f"http://127.0.0.1:{closed}/hook", {}, "j1", ["s"], LOOPBACK, timeout_s=2)
    assert outcome.verdict == "retry" and outcome.status_code is None and "ConnectionRefused" in outcome.error


def test_a_delivery_to_a_refused_url_fails_without_a_request() -> None:
    outcome = deliver("http://169.254.169.254/latest", {}, "j1", ["s"], CallbackPolicy(), timeout_s=2)
    assert outcome.verdict == "failed" and "cloud metadata" in outcome.error
