"""Discovery of installed packages: broken ones are reported by name and skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.routes import package_for
from translator.engine.packages import read_package, scan_packages


def test_finds_the_four_fixture_packages(packages_dir: Path) -> None:
    catalog = scan_packages(packages_dir)
    assert [p.pair for p in catalog.packages] == [("en", "he"), ("en", "ru"), ("he", "en"), ("ru", "en")]
    assert catalog.skipped == ()
    en_he = package_for(catalog, "en", "he")
    assert en_he is not None and en_he.from_name == "English" and en_he.to_name == "Hebrew"
    assert en_he.tokenizer_file.name == "sentencepiece.model"
    assert en_he.size_bytes > 1_000_000


def test_broken_packages_are_skipped_by_name(packages_dir: Path) -> None:
    (packages_dir / "stray-folder").mkdir()
    half = packages_dir / "translate-ru_en-1_0"
    (half / "model" / "model.bin").unlink()  # a half-copied package
    bad_json = packages_dir / "translate-en_ru-1_0"
    (bad_json / "metadata.json").write_text("{not json", encoding="utf-8")
    (packages_dir / "notes.txt").write_text("a plain file is ignored", encoding="utf-8")
    (packages_dir / ".installing-abc").mkdir()  # an install in progress is ignored

    catalog = scan_packages(packages_dir)
    assert [p.pair for p in catalog.packages] == [("en", "he"), ("he", "en")]
    reasons = {s.name: s.reason for s in catalog.skipped}
    assert set(reasons) == {"stray-folder", "translate-ru_en-1_0", "translate-en_ru-1_0"}
    assert "no metadata.json" in reasons["stray-folder"]
    assert "model/model.bin is missing" in reasons["translate-ru_en-1_0"]
    assert "not valid JSON" in reasons["translate-en_ru-1_0"]


def test_missing_tokenizer_and_codes_are_reported(packages_dir: Path) -> None:
    (packages_dir / "translate-en_he-1_0" / "sentencepiece.model").unlink()
    meta = packages_dir / "translate-he_en-1_0" / "metadata.json"
    meta.write_text(json.dumps({"package_version": "1.0"}), encoding="utf-8")
    reasons = {s.name: s.reason for s in scan_packages(packages_dir).skipped}
    assert "no sentencepiece.model or bpe.model" in reasons["translate-en_he-1_0"]
    assert "lacks from_code/to_code" in reasons["translate-he_en-1_0"]


def test_newer_version_of_a_pair_wins(packages_dir: Path) -> None:
    newer = packages_dir / "translate-en_he-1_1"
    shutil.copytree(packages_dir / "translate-en_he-1_0", newer)
    meta = json.loads((newer / "metadata.json").read_text(encoding="utf-8"))
    meta["package_version"] = "1.10"
    (newer / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    catalog = scan_packages(packages_dir)
    assert package_for(catalog, "en", "he").name == "translate-en_he-1_1"
    assert any(s.name == "translate-en_he-1_0" and "superseded" in s.reason for s in catalog.skipped)


def test_fingerprint_changes_when_the_model_is_replaced(packages_dir: Path) -> None:
    path = packages_dir / "translate-en_he-1_0"
    before = read_package(path).fingerprint
    model = path / "model" / "model.bin"
    model.write_bytes(model.read_bytes() + b"\0")
    assert read_package(path).fingerprint != before


def test_missing_directory_is_empty(tmp_path: Path) -> None:
    catalog = scan_packages(tmp_path / "nowhere")
    assert catalog.packages == () and catalog.skipped == ()
