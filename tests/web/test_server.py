"""The worker's pure parts: where a request's head and a chunked body end, and gunicorn's refusals as problems.

The worker itself, with real sockets and stalled clients, runs in tests/e2e/test_faults.py.
"""

from __future__ import annotations

import json

import pytest
from gunicorn.config import Config
from gunicorn.http.errors import (
    InvalidHeaderName,
    InvalidRequestLine,
    LimitRequestHeaders,
    LimitRequestLine,
    UnsupportedTransferCoding,
)

from translator.web.server import _ChunkScan, _head_may_be_whole, _Reading, problem_bytes, refusal


def reading(data: bytes) -> _Reading:
    return _Reading(conn=None, data=bytearray(data), started=0.0, deadline=1.0)


def test_a_head_is_parsed_once_its_blank_line_arrives_even_one_byte_at_a_time() -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    state = reading(b"")
    seen = []
    for byte in head:
        state.data.append(byte)
        seen.append(_head_may_be_whole(state))
    assert seen == [False] * (len(head) - 1) + [True]


def test_a_head_without_an_end_is_parsed_at_doubling_sizes_so_gunicorn_can_refuse_it() -> None:
    state = reading(b"")
    parsed_at = []
    for _ in range(40):
        state.data += b"a" * 1024
        if _head_may_be_whole(state):
            parsed_at.append(len(state.data))
    assert parsed_at == [8192, 16384, 32768]


def chunked(*parts: bytes, trailers: bytes = b"") -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n" + trailers + b"\r\n"


@pytest.mark.parametrize("body", [chunked(b"hello", b" world"), chunked(b"x" * 70000),
                                  chunked(b"a", trailers=b"X-Checksum: 1\r\n"), chunked()])
def test_a_chunked_body_ends_where_its_last_chunk_and_trailers_do(body: bytes) -> None:
    whole = b"HEAD\r\n\r\n" + body
    scan = _ChunkScan(len(b"HEAD\r\n\r\n"))
    results = [scan.scan(bytearray(whole[:end])) for end in range(len(b"HEAD\r\n\r\n"), len(whole) + 1, 7)]
    assert set(results[:-1]) <= {"more"}
    assert _ChunkScan(len(b"HEAD\r\n\r\n")).scan(bytearray(whole)) == "end"
    assert scan.scan(bytearray(whole)) == "end"


def test_a_chunk_scan_counts_the_body_and_stops_at_what_is_not_a_size() -> None:
    scan = _ChunkScan(0)
    assert scan.scan(bytearray(b"5\r\nhello\r\n3;ext=1\r\nabc\r\n")) == "more" and scan.total == 8
    assert _ChunkScan(0).scan(bytearray(b"+5\r\nhello\r\n")) == "end"  # for gunicorn's parser to refuse
    assert _ChunkScan(0).scan(bytearray(b"zz\r\n")) == "end"


@pytest.mark.parametrize("exc, status, code", [
    (LimitRequestLine(5000, 4094), 414, "request_uri_too_large"),
    (LimitRequestHeaders("limit request headers fields size"), 431, "request_header_fields_too_large"),
    (InvalidRequestLine("GET /x?api_key=s3cret HTTP/1.1 junk"), 400, "bad_request"),
    (InvalidHeaderName("Bad Header"), 400, "bad_request"),
    (UnsupportedTransferCoding("gzip"), 501, "not_implemented"),
    (RuntimeError("boom"), 500, "internal_error"),
])
def test_gunicorn_refusals_become_problems_with_stable_codes(exc: Exception, status: int, code: str) -> None:
    error = refusal(exc, Config())
    assert (error.status, error.code) == (status, code)
    assert "s3cret" not in error.detail and "boom" not in error.detail


def test_a_problem_answer_is_whole_http_with_its_request_id() -> None:
    answer = problem_bytes(refusal(LimitRequestLine(5000, 4094), Config()), "abc123")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 414 URI Too Long"
    assert b"Content-Type: application/problem+json" in head and b"X-Request-ID: abc123" in head
    assert b"Content-Length: %d" % len(body) in head and b"Connection: close" in head
    assert json.loads(body) == {"type": "urn:targum:problem:request_uri_too_large", "title": "Request URI Too Large",
                                "status": 414, "code": "request_uri_too_large",
                                "detail": "the request line is over 4094 bytes"}


def test_a_refusal_on_a_libretranslate_path_is_in_its_clients_shape():
    error = refusal(LimitRequestLine(5000, 4094), Config())
    head, _, body = problem_bytes(error, "abc123", "/translate").partition(b"\r\n\r\n")
    assert b"Content-Type: application/json\r\n" in head
    answer = json.loads(body)
    assert answer["error"] and answer["code"] == "request_uri_too_large"
    v1_head = problem_bytes(error, "abc123", "/v1/translate").partition(b"\r\n\r\n")[0]
    assert b"Content-Type: application/problem+json\r\n" in v1_head
