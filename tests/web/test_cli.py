"""The `flask models ...` commands, through Flask's CLI runner."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from flask.testing import FlaskCliRunner

from tests.conftest import FixturePackages, fixture_engine_settings, make_app
from tests.support.indexserver import serve_index
from tests.support.package_builder import transliterate
from tests.support.routes import translate
from translator.engine.engine import Engine
from translator.engine.packages import scan_packages
from translator.settings import Settings


def _runner(packages: Path, index: str = "http://127.0.0.1:9/") -> FlaskCliRunner:
    settings = Settings(engine=fixture_engine_settings(packages), package_index=index,
                        instance_dir=packages.parent / "instance")
    return make_app(settings).test_cli_runner()


def test_list_shows_pairs_versions_sizes_and_pivots(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["models", "list"])
    assert result.exit_code == 0, result.output
    assert "en-he  version 1.0" in result.output and " MB " in result.output
    assert "he-ru  via en" in result.output and "ru-he  via en" in result.output


def test_list_with_nothing_installed(tmp_path: Path) -> None:
    result = _runner(tmp_path / "none").invoke(args=["models", "list"])
    assert result.exit_code == 0
    assert "no packages installed" in result.output


def test_install_file_then_pivot_translation(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    packages = tmp_path / "models"
    runner = _runner(packages)
    for pair in (("he", "en"), ("en", "ru")):
        result = runner.invoke(args=["models", "install-file", str(fixture_packages.archives[pair])])
        assert result.exit_code == 0, result.output
        assert f"installed {pair[0]}-{pair[1]} 1.0" in result.output
    engine = Engine(fixture_engine_settings(packages))
    text = "פוטין ונתניהו שוחחו."
    assert translate(engine, [text], "he", "ru") == [transliterate(transliterate(text, "he", "en"), "en", "ru")]


def test_install_file_rejects_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_text("nope", encoding="utf-8")
    result = _runner(tmp_path / "models").invoke(args=["models", "install-file", str(junk)])
    assert result.exit_code == 1
    assert "not a zip archive" in result.output


def test_install_from_a_loopback_index(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    packages = tmp_path / "models"
    with serve_index(tmp_path / "index", fixture_packages.archives) as index:
        result = _runner(packages, index.base_url).invoke(args=["models", "install", "en", "he", "ru"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in packages.iterdir()) == [
        "translate-en_he-1_0", "translate-en_ru-1_0", "translate-he_en-1_0", "translate-ru_en-1_0"]


def test_install_offline_fails_clearly_or_carries_on(tmp_path: Path, free_port: int) -> None:
    runner = _runner(tmp_path / "models", f"http://127.0.0.1:{free_port}/")
    strict = runner.invoke(args=["models", "install", "en", "he"])
    assert strict.exit_code == 1 and "cannot reach the Argos package index" in strict.output
    lenient = runner.invoke(args=["models", "install", "--if-none-installed", "en", "he"])
    assert lenient.exit_code == 0 and "starting without translation packages" in lenient.output


def test_install_if_none_installed_skips_when_present(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["models", "install", "--if-none-installed", "en", "he"])
    assert result.exit_code == 0 and "already installed" in result.output


def test_remove(runner: FlaskCliRunner, packages_dir: Path) -> None:
    result = runner.invoke(args=["models", "remove", "en-he"])
    assert result.exit_code == 0 and "removed translate-en_he-1_0" in result.output
    assert not (packages_dir / "translate-en_he-1_0").exists()
    missing = runner.invoke(args=["models", "remove", "en-he"])
    assert missing.exit_code == 1 and "no installed package matches" in missing.output


def _one_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    return lines[0]


def test_install_file_never_takes_another_pairs_place(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    packages = tmp_path / "models"
    runner = _runner(packages)
    assert runner.invoke(args=["models", "install-file", str(fixture_packages.archives[("en", "he")])]).exit_code == 0
    en_ru = fixture_packages.built[("en", "ru")].directory
    archive = tmp_path / "translate-en_he-1_0.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:  # a valid en→ru package in a folder named for en→he
        for path in en_ru.rglob("*"):
            if path.is_file():
                zf.write(path, f"translate-en_he-1_0/{path.relative_to(en_ru)}")
    result = runner.invoke(args=["models", "install-file", str(archive)])
    assert result.exit_code == 1
    assert "says en-he but its metadata.json says en-ru" in _one_error_line(result.output)
    assert [p.pair for p in scan_packages(packages).packages] == [("en", "he")]


def test_install_file_of_a_zip_bomb_or_a_mismatched_model_is_one_error_line(
    fixture_packages: FixturePackages, tmp_path: Path,
) -> None:
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/model/model.bin", bytes(65 * 1024**2))  # 65 MiB of zeros in about 65 KB
    en_ru = fixture_packages.built[("en", "ru")].directory
    mismatched = tmp_path / "mismatched.argosmodel"
    with zipfile.ZipFile(mismatched, "w") as zf:
        for path in en_ru.rglob("*"):
            if path.is_file() and path.name != "shared_vocabulary.json":
                zf.write(path, f"pkg/{path.relative_to(en_ru)}")
        words = json.loads((en_ru / "model" / "shared_vocabulary.json").read_text(encoding="utf-8"))
        zf.writestr("pkg/model/shared_vocabulary.json", json.dumps(words[:10]))
    packages = tmp_path / "models"
    for archive, message in ((bomb, "a zip bomb"), (mismatched, "the model failed while translating")):
        result = _runner(packages).invoke(args=["models", "install-file", str(archive)])
        assert result.exit_code == 1 and message in _one_error_line(result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert [p.name for p in packages.iterdir()] == []  # nothing installed, no staging left
