"""The `flask models ...` commands, through Flask's CLI runner."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner

from tests.conftest import FixturePackages, fixture_engine_settings, make_app
from tests.support.indexserver import serve_index
from tests.support.package_builder import transliterate
from tests.support.routes import translate
from translator.engine.engine import Engine
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
