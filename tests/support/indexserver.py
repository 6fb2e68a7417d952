"""A throwaway Argos package index served on loopback, standing in for the internet."""

from __future__ import annotations

import json
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass(frozen=True)
class ServedIndex:
    """Where the index is served and what it lists."""

    base_url: str
    root: Path


@contextmanager
def serve_index(root: Path, archives: dict[tuple[str, str], Path], extra: list[dict] | None = None) -> Iterator[ServedIndex]:
    """Serve ``index.json`` and the archives from ``root`` on 127.0.0.1 until the block ends."""
    root.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    entries = []
    for (source, target), archive in archives.items():
        shutil.copyfile(archive, root / archive.name)
        entries.append({
            "code": f"translate-{source}_{target}", "type": "translate", "package_version": "1.0",
            "argos_version": "1.9.0", "from_code": source, "to_code": target,
            "from_name": source, "to_name": target, "links": [base + archive.name],
        })
    (root / "index.json").write_text(json.dumps(entries + (extra or [])), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield ServedIndex(base, root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
