"""Many workers racing for one job step at the same instant (the SQLite and Redis store tests)."""

from __future__ import annotations

import threading

from translator.jobs.store import JobStore


def race_claims(store: JobStore, job_id: str, now: float, threads: int = 8) -> list[str]:
    """Let ``threads`` workers claim one job at the same instant; the names of those that won."""
    wins: list[str] = []
    start = threading.Barrier(threads)

    def claim(name: str) -> None:
        start.wait()
        if store.update(job_id, lambda j: j.claim(name, now, 60)) is not None:
            wins.append(name)

    workers = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return wins
