"""A webhook receiver for the tests: a real HTTP server in its own process, on loopback.

Run as a script it records every request (path, headers, body, the status it
answered) as one JSON line in a log file, and answers per a script such as
``503,503,200`` (the last status repeats); ``429+2`` answers 429 with
``Retry-After: 2``. It stops by itself after ``--seconds``. Imported, it gives
:func:`receiver`, which starts one and reads its log.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator


@dataclass
class Receiver:
    """A running receiver: its URL and what it has received so far."""

    url: str
    log: Path
    process: subprocess.Popen

    def requests(self) -> list[dict]:
        """Every request received, in order."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]

    def delivered(self) -> list[dict]:
        """The requests it answered with a 2xx."""
        return [r for r in self.requests() if 200 <= r["status"] < 300]

    def wait(self, condition: Callable[[list[dict]], bool], seconds: float = 60.0) -> list[dict]:
        """Poll the log until ``condition(requests)`` holds; bounded."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            received = self.requests()
            if condition(received):
                return received
            time.sleep(0.1)
        raise AssertionError(f"the receiver's condition did not hold within {seconds} s: {self.requests()}")


@contextmanager
def receiver(log: Path, script: str = "200", path: str = "/hook", seconds: int = 300) -> Iterator[Receiver]:
    """Start a receiver process on a free loopback port; stop it afterwards."""
    process = subprocess.Popen([sys.executable, __file__, "--log", str(log), "--script", script,
                                "--seconds", str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline().strip())  # the script prints its port once it listens
        yield Receiver(f"http://127.0.0.1:{port}{path}", log, process)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _serve(log: Path, script: list[str], seconds: int) -> None:
    lock = threading.Lock()
    answered = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 -- the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                step = script[min(answered[0], len(script) - 1)]
                answered[0] += 1
                status, _, retry_after = step.partition("+")
                record = {"path": self.path, "headers": dict(self.headers.items()),
                          "body": body.decode("utf-8"), "status": int(status), "at": time.time()}
                with log.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.send_response(int(status))
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(seconds, server.shutdown).start()
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--script", default="200")
    parser.add_argument("--seconds", type=int, default=300)
    args = parser.parse_args()
    _serve(args.log, [s.strip() for s in args.script.split(",") if s.strip()], args.seconds)
