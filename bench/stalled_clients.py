"""How long /healthz takes while clients stall: gunicorn's gthread worker against Targum's.

``python -m bench.stalled_clients --worker gthread --stalled 3,4,50`` starts
gunicorn (one worker, 4 threads, the fixture packages, on loopback) with the
given worker class (``translator.web.server.TargumWorker`` by default, as
``gunicorn.conf.py`` has it), times 200 ``GET /healthz`` and 200
``POST /v1/detect`` with nothing stalled, then, for each number of stalled
connections (headers and half a body sent, then nothing), 20 ``GET /healthz``
each bounded at 5 s. The figures are in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.package_builder import build_fixture_package
from tests.support.servers import VENV, free_port, get_json, post, running, wait_for

PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))
BODY = json.dumps({"article": {"body": "Hello world. " * 40}, "targets": ["he"]}).encode()
HEAD = (f"POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n\r\n").encode()


def timed(call: object, times: int) -> list[float]:
    """Milliseconds of each of ``times`` calls of ``call``."""
    took = []
    for _ in range(times):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        took.append((time.perf_counter() - started) * 1000)
    return took


def main() -> None:
    """Print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", default="translator.web.server.TargumWorker")
    parser.add_argument("--stalled", default="4,50,500", help="comma-separated numbers of stalled connections")
    args = parser.parse_args()
    packages = Path(tempfile.mkdtemp(prefix="targum-bench-packages-"))
    for pair in PAIRS:
        build_fixture_package(packages, *pair)
    port = free_port()
    env = {"ARGOS_PACKAGES_DIR": str(packages), "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4",
           "ARGOS_INTER_THREADS": "1", "GUNICORN_CMD_ARGS": f"--worker-class {args.worker} --access-logfile /dev/null"}
    command = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
    with open(packages / "server.log", "w") as log, running(command, env, port, output=log) as (url, process):
        wait_for(f"{url}/healthz", process, seconds=60)
        health = timed(lambda: get_json(f"{url}/healthz"), 200)
        detect = timed(lambda: post(f"{url}/v1/detect", {"text": "The prime minister spoke on Tuesday."}), 200)
        print(f"{args.worker}: nothing stalled: GET /healthz median {statistics.median(health):.2f} ms, "
              f"POST /v1/detect median {statistics.median(detect):.2f} ms")
        clients: list[socket.socket] = []
        try:
            for count in (int(c) for c in args.stalled.split(",")):
                while len(clients) < count:
                    client = socket.create_connection(("127.0.0.1", port), timeout=5)
                    client.sendall(HEAD + BODY[: len(BODY) // 2])
                    clients.append(client)
                time.sleep(0.5)
                try:
                    took = timed(lambda: get_json(f"{url}/healthz", timeout=5), 20)
                except OSError:
                    print(f"{args.worker}: {count} stalled: /healthz did not answer within 5 s")
                    break
                print(f"{args.worker}: {count} stalled: GET /healthz median {statistics.median(took):.2f} ms, "
                      f"max {max(took):.2f} ms")
        finally:
            for client in clients:
                client.close()


if __name__ == "__main__":
    main()
