"""Standard Webhooks: signing callbacks, verifying signatures, and one delivery attempt.

The signature follows https://www.standardwebhooks.com/: three headers,
``webhook-id`` (the same on every retry of one message, so receivers can drop
duplicates), ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``:
``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``, one per secret,
space-separated, so a receiver keeps verifying while secrets rotate. A secret
written ``whsec_<base64>`` is used as the bytes it encodes (the convention's
own format); any other secret as its UTF-8 bytes.

Delivery makes ONE attempt and says what to do next; the queue records the
attempt on the job and schedules the retry.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import random
import time
from dataclasses import dataclass
from typing import Literal, Mapping, Sequence

from translator.errors import CallbackUrlRefused, InvalidSignature
from translator.jobs.callback_urls import CallbackPolicy, Resolver, open_connection, system_resolver

USER_AGENT = "Targum-Webhooks/1"
# A timestamp older or newer than this is refused, so a captured callback cannot be replayed later.
DEFAULT_TOLERANCE_S = 300


def secret_bytes(secret: str) -> bytes:
    """The HMAC key of a configured secret (``whsec_`` secrets are base64)."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode("utf-8")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<signature>`` of one message with one secret."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(secrets: Sequence[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every configured secret."""
    if not secrets:
        raise ValueError("no signing secret: callbacks are never sent unsigned")
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(secret, msg_id, timestamp, body) for secret in secrets),
    }


def verify(secret: str, headers: Mapping[str, str], body: bytes,
           tolerance_s: int = DEFAULT_TOLERANCE_S, now: float | None = None) -> None:
    """Check a callback's signature as a receiver does; :class:`InvalidSignature` if it fails.

    The receiver snippet in docs/api.md is this function without the imports.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, timestamp = lowered.get("webhook-id"), lowered.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit():
        raise InvalidSignature("the webhook-id or webhook-timestamp header is missing")
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance_s:
        raise InvalidSignature("the webhook timestamp is too old or too new")
    expected = sign(secret, msg_id, int(timestamp), body)
    sent = lowered.get("webhook-signature", "").split()
    if not any(hmac.compare_digest(expected, candidate) for candidate in sent):
        raise InvalidSignature("no webhook signature matches")


def hub_signature(secret: str, body: bytes) -> str:
    """GitHub's ``X-Hub-Signature-256`` value for ``body``: ``sha256=<hex HMAC>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_hub_signature(secret: str, header: str | None, body: bytes) -> None:
    """Check an inbound ``X-Hub-Signature-256``; :class:`InvalidSignature` if it fails."""
    if not header:
        raise InvalidSignature("this server requires an X-Hub-Signature-256 header")
    if not hmac.compare_digest(hub_signature(secret, body), header.strip()):
        raise InvalidSignature("the X-Hub-Signature-256 header does not match the body")


# What a delivery attempt says: done, try again later, or stop.
Verdict = Literal["delivered", "retry", "failed", "gone"]


@dataclass(frozen=True)
class Outcome:
    """One delivery attempt: what happened and what comes next.

    ``verdict`` is ``delivered``, ``retry`` (``retry_after_s`` when the
    receiver asked for a delay), ``failed`` (a 4xx, a refused URL) or ``gone`` (410).
    """

    verdict: Verdict
    status_code: int | None = None
    error: str | None = None
    retry_after_s: float | None = None


def classify(status_code: int, retry_after: str | None = None, now: float | None = None) -> Outcome:
    """What a receiver's HTTP status means for the delivery."""
    if 200 <= status_code < 300:
        return Outcome("delivered", status_code)
    if status_code == 410:
        return Outcome("gone", status_code, "the receiver answered 410 Gone: the callback target is gone")
    if status_code in (408, 429) or status_code >= 500:
        return Outcome("retry", status_code, f"the receiver answered {status_code}",
                       parse_retry_after(retry_after, now))
    if 300 <= status_code < 400:
        # Following a redirect would send the job to a URL nobody checked.
        return Outcome("failed", status_code, f"the receiver answered {status_code}; redirects are not followed")
    return Outcome("failed", status_code, f"the receiver answered {status_code}")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt: int, base_s: float, rng: random.Random | None = None) -> float:
    """Wait before retry number ``attempt`` (1 = after the first failure): exponential, with jitter.

    base, 2×base, 4×base… each ± 25 % at random, at most a day: the jitter
    spreads the retries of many jobs failing together, and they still grow.
    """
    nominal = min(base_s * 2 ** min(attempt - 1, 30), 86400.0)
    return nominal * (rng or random).uniform(0.75, 1.25)


def deliver(url: str, payload: Mapping[str, object], msg_id: str, secrets: Sequence[str], policy: CallbackPolicy,
            timeout_s: float, resolve: Resolver = system_resolver) -> Outcome:
    """POST ``payload`` to ``url`` once, signed; never raises for the receiver's faults."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        # Checked again at every attempt: the name is resolved now, and the
        # connection goes to the address that passed.
        target = policy.check(url, resolve)
    except CallbackUrlRefused as exc:
        return Outcome("failed", None, exc.detail)
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               **signed_headers(secrets, msg_id, int(time.time()), body)}
    connection = open_connection(target, timeout_s)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the receiver's answer is not used, only drained
        return classify(response.status, response.getheader("Retry-After"))
    except (OSError, http.client.HTTPException) as exc:
        return Outcome("retry", None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    finally:
        connection.close()
