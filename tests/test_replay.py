"""The API answers the same JSON for the same requests as when ``tests/replay/recorded.json`` was recorded."""

from __future__ import annotations

import json
from pathlib import Path

from app import create_app
from tests.conftest import make_settings
from tests.replay.cases import RECORDED, record_settings, replay_all


def test_answers_match_the_recording(packages_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(packages_dir, tmp_path / "instance", **record_settings(packages_dir, tmp_path))
    app = create_app(settings)
    app.config.update(TESTING=True)
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    answers = json.loads(json.dumps(replay_all(app.test_client()), ensure_ascii=False))
    assert [a["case"] for a in answers] == [r["case"] for r in recorded]
    for answer, expected in zip(answers, recorded):
        assert answer == expected, answer["case"]
