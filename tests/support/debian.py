"""Debian packages the test setup installs when they are missing (CI runs as root on a fresh machine).

A failed install fails the tests that need the package; it never skips them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

_ENV = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}


def ensure_installed(package: str, find: Callable[[], str | Path | None], what: str) -> str | Path:
    """What ``find`` finds, installing ``package`` with apt-get first if it finds nothing; ``what`` names it."""
    found = find()
    if found:
        return found
    install = ["apt-get", "install", "-y", "--no-install-recommends", package]
    if subprocess.run(install, env=_ENV, capture_output=True, timeout=600).returncode != 0:
        # A fresh machine may have no package lists yet.
        subprocess.run(["apt-get", "update"], env=_ENV, capture_output=True, timeout=300, check=True)
        done = subprocess.run(install, env=_ENV, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"apt-get install {package} failed: {done.stderr[-2000:]}"
    found = find()
    assert found, f"{what} is still missing after apt-get install {package}"
    return found
