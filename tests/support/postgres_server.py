"""A real PostgreSQL server for the store's tests: installed from Debian when missing, on loopback.

Like :mod:`tests.support.redis_server`: CI runs as root on a fresh machine, so
the install happens here, and a failed install fails the tests that need
PostgreSQL; it never skips them. The server refuses to run as root, so as
root it runs as the ``postgres`` user, on a throwaway cluster (trust
authentication, fsync off: nothing here needs to survive a crash).
"""

from __future__ import annotations

import glob
import os
import pwd
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import psycopg

from tests.support.debian import ensure_installed
from tests.support.servers import free_port

DATABASE = "targum"


def _binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that holds a server."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                   key=lambda path: int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit()
                   else 0)
    return Path(found[-1]).parent if found else None


def ensure_postgres() -> Path:
    """The folder of ``initdb`` and ``postgres``, installing Debian's ``postgresql`` first if there is none."""
    return Path(ensure_installed("postgresql", _binaries, "/usr/lib/postgresql/*/bin/postgres"))


def _as_server_user(directory: Path) -> dict[str, Any]:
    """Popen's arguments that run a command as ``postgres`` when we are root (the folder handed over to it)."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    os.chown(directory, user.pw_uid, user.pw_gid)
    for parent in directory.resolve().parents:
        info = parent.stat()
        assert info.st_uid == user.pw_uid or info.st_mode & 0o001, (
            f"{parent} is closed to the postgres user: give postgres_server a folder such as tempfile.mkdtemp()")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "env": {"LC_ALL": "C", "HOME": "/tmp"}}


def _wait_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, f"postgres exited with {process.returncode}: {log.read_text()[-2000:]}"
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                                 connect_timeout=2, autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {DATABASE}")
                return
        except psycopg.OperationalError:
            pass
        assert time.monotonic() < deadline, f"postgres did not answer within 30 s: {log.read_text()[-2000:]}"
        time.sleep(0.05)


@contextmanager
def postgres_server(directory: Path) -> Iterator[str]:
    """Run a fresh PostgreSQL cluster in ``directory`` on 127.0.0.1; yield the URL of its ``targum`` database.

    ``directory`` must be reachable by the ``postgres`` user when we are root
    (a ``tempfile.mkdtemp()`` is; pytest's ``tmp_path`` is not). The server is
    stopped (fast shutdown) afterwards.
    """
    binaries = ensure_postgres()
    directory.mkdir(parents=True, exist_ok=True)
    user = _as_server_user(directory)
    data, log = directory / "data", directory / "postgres.log"
    done = subprocess.run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                           "--locale=C", "--no-sync"], capture_output=True, text=True, timeout=120, **user)
    assert done.returncode == 0, f"initdb failed: {done.stderr[-2000:]}"
    port = free_port()
    settings = ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={directory}", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100"]
    with open(log, "wb") as output:
        process = subprocess.Popen([str(binaries / "postgres"), "-D", str(data), "-p", str(port), *settings],
                                   stdout=output, stderr=subprocess.STDOUT, **user)
    try:
        _wait_ready(process, port, log)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        process.send_signal(signal.SIGINT)  # PostgreSQL's fast shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
