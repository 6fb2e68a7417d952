"""A real redis-server for the distributed-mode tests: installed from Debian when missing, on loopback.

CI runs ``make test`` on a fresh machine as root with the package registries
reachable, so the install happens here, in the test setup. A failed install
fails the tests that need Redis; it never skips them.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.support.debian import ensure_installed
from tests.support.servers import free_port


def _redis_server() -> str | None:
    return shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin:/usr/sbin")


def ensure_redis_server() -> str:
    """The path of ``redis-server``, installing the Debian package first if there is none."""
    return str(ensure_installed("redis-server", _redis_server, "redis-server"))


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """Run redis-server on 127.0.0.1 without persistence; yield its URL; stop it afterwards."""
    binary = ensure_redis_server()
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"redis-server exited with {process.returncode}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not answer within 30 s"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
