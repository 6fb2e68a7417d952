"""The API answers the same JSON for the same requests as when ``tests/replay/recorded.json`` was recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import make_app, make_settings
from tests.web.replay.cases import RECORDED, record_settings, replay_all


def test_answers_match_the_recording(packages_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(packages_dir, tmp_path / "instance", **record_settings(packages_dir, tmp_path))
    app = make_app(settings)
    app.config.update(TESTING=True)
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    answers = json.loads(json.dumps(replay_all(app.test_client()), ensure_ascii=False))
    assert [a["case"] for a in answers] == [r["case"] for r in recorded]
    for answer, expected in zip(answers, recorded):
        assert answer == expected, f"{answer['case']}: first difference at {first_difference(answer, expected)}"


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two JSON values first differ, as a path with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key, "<missing>") != b.get(key, "<missing>"):
                return first_difference(a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {str(a)[:300]!r} != {str(b)[:300]!r}"
