"""Installing packages from files and from an index: validation, atomicity, no traversal."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FixturePackages, fixture_engine_settings
from tests.support.indexserver import serve_index
from tests.support.routes import translate
from translator.engine.install import choose_packages, fetch_index, install_file, remove_packages
from translator.engine.packages import scan_packages
from translator.errors import PackageError, PackageIndexError


def listing(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def test_install_file_then_translate(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    target = tmp_path / "models"
    package = install_file(fixture_packages.archives[("en", "ru")], target)
    assert package.pair == ("en", "ru")
    assert [p.name for p in scan_packages(target).packages] == ["translate-en_ru-1_0"]
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # staging cleaned up


def test_reinstall_replaces_the_pair(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    target = tmp_path / "models"
    install_file(fixture_packages.archives[("en", "he")], target)
    (target / "translate-en_he-1_0").rename(target / "old-name")
    install_file(fixture_packages.archives[("en", "he")], target)
    assert [p.name for p in scan_packages(target).packages] == ["translate-en_he-1_0"]
    assert not (target / "old-name").exists()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("members,message", [
    ({"../evil/metadata.json": b"{}"}, "unsafe path"),
    ({"/abs/metadata.json": b"{}"}, "unsafe path"),
    ({"a/metadata.json": b"{}", "b/metadata.json": b"{}"}, "exactly one package folder"),
    ({"pkg/readme.txt": b"hi"}, "no metadata.json"),
    ({"pkg/metadata.json": b'{"from_code": "en", "to_code": "he"}'}, "model/model.bin is missing"),
])
def test_invalid_archives_leave_the_directory_untouched(
    fixture_packages: FixturePackages, packages_dir: Path, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    before = listing(packages_dir)
    with pytest.raises(PackageError, match=message):
        install_file(_zip(tmp_path / "bad.argosmodel", members), packages_dir)
    assert listing(packages_dir) == before
    assert not (tmp_path.parent / "evil").exists()


def test_not_a_zip(tmp_path: Path, packages_dir: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"this is not a zip file")
    before = listing(packages_dir)
    with pytest.raises(PackageError, match="not a zip archive"):
        install_file(junk, packages_dir)
    assert listing(packages_dir) == before


def test_corrupt_model_is_refused(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    good = fixture_packages.built[("en", "he")].directory
    members = {f"pkg/{p.relative_to(good)}": p.read_bytes() for p in good.rglob("*") if p.is_file()}
    members["pkg/model/model.bin"] = b"garbage" * 100
    target = tmp_path / "models"
    with pytest.raises(PackageError, match="does not load"):
        install_file(_zip(tmp_path / "corrupt.argosmodel", members), target)
    assert scan_packages(target).packages == ()


def test_remove_by_pair_language_and_name(packages_dir: Path) -> None:
    assert remove_packages("en-he", packages_dir) == ["translate-en_he-1_0"]
    assert remove_packages("ru", packages_dir) == ["translate-en_ru-1_0", "translate-ru_en-1_0"]
    assert remove_packages("translate-he_en-1_0", packages_dir) == ["translate-he_en-1_0"]
    with pytest.raises(PackageError, match="no installed package matches"):
        remove_packages("he", packages_dir)


def test_index_lists_only_requested_languages(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    extra = [{"type": "translate", "from_code": "en", "to_code": "de", "package_version": "1.0", "links": ["x"]},
             {"type": "sbd", "from_code": "en", "to_code": "en", "links": ["y"]}]
    with serve_index(tmp_path / "index", fixture_packages.archives, extra) as index:
        entries = fetch_index(index.base_url)
    assert len(entries) == 5
    chosen = choose_packages(entries, ["en", "he", "ru"])
    assert [(e.from_code, e.to_code) for e in chosen] == [("en", "he"), ("en", "ru"), ("he", "en"), ("ru", "en")]


def test_unreachable_index(free_port: int) -> None:
    with pytest.raises(PackageIndexError, match="cannot reach the Argos package index"):
        fetch_index(f"http://127.0.0.1:{free_port}/")


def test_index_that_is_not_json(tmp_path: Path) -> None:
    with serve_index(tmp_path / "index", {}) as index:
        (index.root / "index.json").write_text("<html>", encoding="utf-8")
        with pytest.raises(PackageIndexError, match="not valid JSON"):
            fetch_index(index.base_url)


def test_legacy_downloaded_layout_loads(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    """A package laid out as older downloads are: text vocabulary, stanza folder, index metadata."""
    from tests.support.package_builder import transliterate
    from translator.engine.engine import Engine

    good = fixture_packages.built[("en", "ru")].directory
    members: dict[str, bytes] = {}
    for path in good.rglob("*"):
        if path.is_file() and path.name not in ("README.md", "shared_vocabulary.json", "metadata.json"):
            members[f"en_ru/{path.relative_to(good)}"] = path.read_bytes()
    vocab = json.loads((good / "model" / "shared_vocabulary.json").read_text(encoding="utf-8"))
    members["en_ru/model/shared_vocabulary.txt"] = ("\n".join(vocab) + "\n").encode("utf-8")
    members["en_ru/stanza/en/tokenize/ewt.pt"] = b"stanza weights are never read here"
    members["en_ru/metadata.json"] = json.dumps({
        "package_version": "1.9", "argos_version": "1.5", "from_code": "en", "from_name": "English",
        "to_code": "ru", "to_name": "Russian", "links": ["https://example.invalid/en_ru.argosmodel"],
    }).encode("utf-8")
    archive = _zip(tmp_path / "translate-en_ru-1_9.argosmodel", members)
    target = tmp_path / "models"
    assert install_file(archive, target).package_version == "1.9"
    engine = Engine(fixture_engine_settings(target))
    assert translate(engine, ["Moscow, May 9."], "en", "ru") == [transliterate("Moscow, May 9.", "en", "ru")]
