"""Starting the real service (make run, gunicorn) on loopback for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from translator.settings import PROJECT_ROOT

VENV = Path(sys.prefix)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, timeout: float = 5.0) -> tuple[int, dict]:
    """GET a URL; the status and the decoded JSON body (error statuses included)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90.0) -> dict:
    """Poll ``url`` until it answers 200; bounded, and fails fast if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: {process.stdout.read() if process.stdout else ''}")
        try:
            status, body = get_json(url, timeout=2)
            if status == 200:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, output: int = subprocess.PIPE
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run a server command in its own process group, bound to 127.0.0.1:port; stop it afterwards.

    Unless ``env`` names one, the server gets a fresh instance directory, so
    no test shares (or leaves behind) a translation memory or job store.
    ``env``'s own ``GUNICORN_CMD_ARGS`` are kept after the bind. Its output
    goes to a pipe (``wait_for`` shows it if the server dies) unless
    ``output`` says otherwise: a long run under load must not fill the pipe.
    """
    instance = env.get("TARGUM_INSTANCE_DIR") or tempfile.mkdtemp(prefix="targum-instance-")
    gunicorn_args = f"--bind 127.0.0.1:{port} {env.get('GUNICORN_CMD_ARGS', '')}".strip()
    full_env = {**os.environ, "TARGUM_INSTANCE_DIR": instance, **env, "GUNICORN_CMD_ARGS": gunicorn_args}
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=full_env, stdout=output,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def post(url: str, body: object, headers: dict[str, str] | None = None,
         timeout: float = 60.0) -> tuple[int, dict, dict]:
    """POST ``body`` as JSON: (status, headers, the JSON answer), error statuses included."""
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.load(exc)
