"""Fault injection against the real service under gunicorn, on loopback: damaged files, hostile clients.

Each test starts its own gunicorn (one worker, the fixture packages), does the
damage, and asserts the documented outcome. Every wait is bounded.
"""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.servers import VENV, free_port, get_json, post, running, wait_for

GUNICORN = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
SECRET = "whsec_faults"


def service_env(packages: Path, **extra: str) -> dict[str, str]:
    return {"ARGOS_PACKAGES_DIR": str(packages), "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4",
            "ARGOS_INTER_THREADS": "1", "TARGUM_WEBHOOK_SECRETS": SECRET,
            "TARGUM_CALLBACK_ALLOWED_HOSTS": "127.0.0.1", **extra}


# -- a damaged queue file ------------------------------------------------------
@pytest.mark.parametrize("name", ["queue.db", "jobs.db"])
def test_a_damaged_queue_file_at_start_turns_jobs_off_and_the_service_serves(packages_dir: Path, tmp_path: Path,
                                                                              name: str) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / name).write_bytes(b"\x00\x01 not a database " * 500)
    env = service_env(packages_dir, TARGUM_INSTANCE_DIR=str(instance))
    with running(GUNICORN, env, free_port()) as (url, process):
        health = wait_for(f"{url}/healthz", process, seconds=60)
        assert health["status"] == "ok"
        status, ready = get_json(f"{url}/readyz")
        assert status == 200 and ready["ready"] is True
        assert ready["jobs"]["available"] is False and name in ready["jobs"]["reason"]
        status, headers, problem = post(f"{url}/v1/jobs", {"article": {"body": "Hello world."}, "targets": ["he"],
                                                            "callback_url": "http://127.0.0.1:9/hook"})
        assert status == 503 and problem["code"] == "jobs_unavailable" and name in problem["detail"]
        assert headers["Content-Type"] == "application/problem+json" and headers["X-Request-ID"]
        status, _, translated = post(f"{url}/v1/translate", {"article": {"body": "Hello world."}, "targets": ["he"]},
                                     timeout=300)
        assert status == 200 and translated["translations"]["he"]["blocks"]
        assert process.poll() is None


# -- stalled clients -----------------------------------------------------------
@contextmanager
def stalled_clients(port: int, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections that send their headers and half a body, then wait (closed on the way out)."""
    body = json.dumps({"article": {"body": "Hello world. " * 40}, "targets": ["he"]}).encode()
    head = (f"POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    clients: list[socket.socket] = []
    try:
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(head + body[: len(body) // 2])
            clients.append(client)
        yield clients
    finally:
        for client in clients:
            client.close()


def timed_get(url: str, timeout: float = 10.0) -> tuple[int, float]:
    """GET ``url``: its status and how long the answer took, in seconds (bounded by ``timeout``)."""
    started = time.perf_counter()
    status, _ = get_json(url, timeout=timeout)
    return status, time.perf_counter() - started


def test_fifty_stalled_clients_leave_healthz_and_translation_serving(packages_dir: Path,
                                                                     sample_article: str) -> None:
    port = free_port()
    with running(GUNICORN, service_env(packages_dir, TARGUM_EAGER_LOAD="1"), port) as (url, process):
        wait_for(f"{url}/readyz", process, seconds=120)
        with stalled_clients(port, 50):
            time.sleep(0.5)  # let the worker take every one of them in
            # The bound is 1 s; an answer usually takes a few ms. Each probe is
            # bounded by its own timeout, so a starved service fails here instead of hanging.
            probes = [timed_get(f"{url}/healthz") for _ in range(3)]
            assert all(status == 200 for status, _ in probes)
            assert max(elapsed for _, elapsed in probes) < 1.0, probes
            # A translation takes its usual time (long on a loaded machine: the bound is generous).
            status, _, data = post(f"{url}/v1/translate", {"article": {"body": sample_article},
                                                           "targets": ["he"]}, timeout=300)
            assert status == 200 and data["translations"]["he"]["blocks"]
            status, elapsed = timed_get(f"{url}/readyz")
            assert status == 200 and elapsed < 1.0


def test_a_stalled_body_is_answered_408_after_the_read_timeout(packages_dir: Path) -> None:
    port = free_port()
    with running(GUNICORN, service_env(packages_dir, TARGUM_REQUEST_READ_TIMEOUT="1"), port) as (url, process):
        wait_for(f"{url}/healthz", process, seconds=60)
        with stalled_clients(port, 1) as (client,):
            client.settimeout(15)
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                piece = client.recv(65536)
                if not piece:
                    break
                answer += piece
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 ")
        assert b"Content-Type: application/problem+json" in head and b"X-Request-ID: " in head
        assert json.loads(body)["code"] == "request_timeout"


def read_answers(client: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """Read ``count`` HTTP/1.1 answers with a Content-Length from a socket: (status, body) each."""
    answers, buffer = [], b""
    while len(answers) < count:
        while b"\r\n\r\n" not in buffer:
            buffer += client.recv(65536) or b""
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        status = int(head.split()[1])
        if status == 100:
            continue
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(buffer) < length:
            buffer += client.recv(65536)
        answers.append((status, buffer[:length]))
        buffer = buffer[length:]
    return answers


def test_requests_read_whole_by_the_worker_are_served_as_before(packages_dir: Path) -> None:
    """Keep-alive, pipelining, chunked bodies and Expect: 100-continue, through the worker's own reading."""
    port = free_port()
    detect = json.dumps({"text": "The prime minister spoke on Tuesday."}).encode()
    post_head = (b"POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
    with running(GUNICORN, service_env(packages_dir), port) as (url, process):
        wait_for(f"{url}/healthz", process, seconds=60)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            # two pipelined requests in one write, then a chunked one on the same connection
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                           + post_head + b"Content-Length: %d\r\n\r\n" % len(detect) + detect)
            chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (detect[:10], detect[10:])) + b"0\r\n\r\n"
            client.sendall(post_head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked[:7])
            time.sleep(0.3)  # the rest of the chunked body comes later
            client.sendall(chunked[7:])
            answers = read_answers(client, 3)
        assert [status for status, _ in answers] == [200, 200, 200]
        assert json.loads(answers[0][1])["status"] == "ok"
        assert json.loads(answers[1][1]) == json.loads(answers[2][1]) and json.loads(answers[1][1])["language"] == "en"
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            # a client that waits for "100 Continue" before it sends its body
            client.sendall(post_head + b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(detect))
            assert client.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
            client.sendall(detect)
            ((status, body),) = read_answers(client, 1)
        assert status == 200 and json.loads(body)["language"] == "en"
        status, _, problem = post(f"{url}/v1/detect", {"text": "x" * 3_000_000})
        assert status == 413 and problem["code"] == "request_too_large"


# -- gunicorn's own refusals -----------------------------------------------------
def raw_answer(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the answer until the server closes: (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(request)
        answer = b""
        while piece := client.recv(65536):
            answer += piece
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_gunicorn_refusals_are_problem_json_with_a_request_id(packages_dir: Path) -> None:
    port = free_port()
    with running(GUNICORN, service_env(packages_dir), port) as (url, process):
        wait_for(f"{url}/healthz", process, seconds=60)
        cases = [
            (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "request_uri_too_large"),
            (b"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nIdempotency-Key: " + b"k" * 10000 + b"\r\n"
             b"Content-Length: 2\r\n\r\n{}", 431, "request_header_fields_too_large"),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400, "bad_request"),
            (b"POST /v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             b"Content-Length: 99999999999\r\n\r\n{", 413, "request_too_large"),
        ]
        for request, status, code in cases:
            got, headers, body = raw_answer(port, request)
            assert (got, headers.get("Content-Type")) == (status, "application/problem+json"), (got, headers, body)
            problem = json.loads(body)
            assert problem["code"] == code and problem["status"] == status and problem["type"].endswith(code)
            assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
        # On LibreTranslate's paths the same refusal is in its clients' shape: application/json with `error`.
        got, headers, body = raw_answer(port, b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                                              b"\r\nContent-Length: 99999999999\r\n\r\n{")
        assert (got, headers.get("Content-Type")) == (413, "application/json") and json.loads(body)["error"]
        assert get_json(f"{url}/healthz")[0] == 200  # and the service goes on


# -- secrets in logs -------------------------------------------------------------
def test_an_api_key_never_reaches_the_logs(packages_dir: Path, tmp_path: Path) -> None:
    key = "sk-live-0f9e8d7c6b5a4"
    log_path = tmp_path / "service.log"
    port = free_port()
    with log_path.open("w") as log, running(GUNICORN, service_env(packages_dir, TARGUM_API_KEYS=key), port,
                                            output=log) as (url, process):
        wait_for(f"{url}/healthz", process, seconds=60)
        assert get_json(f"{url}/v1/languages?api_key={key}&x=1")[0] == 200
        assert get_json(f"{url}/v1/languages?api%5Fkey={key}")[0] == 200
        request = urllib.request.Request(f"{url}/v1/languages", headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        assert raw_answer(port, f"GET /v1/languages?api_key={key}&pad={'p' * 5000} HTTP/1.1\r\n\r\n".encode())[0] == 414
    text = log_path.read_text(encoding="utf-8")
    assert "GET /v1/languages?api_key=[redacted]&x=1 HTTP/1.1" in text  # the access log line is there...
    assert key not in text  # ...and the key is nowhere
