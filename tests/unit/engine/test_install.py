"""Installing packages from files and from an index: validation, atomicity, no traversal."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import FixturePackages, fixture_engine_settings
from tests.support.indexserver import serve_index
from tests.support.routes import translate
from translator.engine.install import ArchiveLimits, choose_packages, fetch_index, install_file, remove_packages
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


# --- a package goes under the name its metadata gives, and never takes another pair's place -------------------


def _members(fixture_packages: FixturePackages, pair: tuple[str, str], folder: str) -> dict[str, bytes]:
    """A fixture package's files, as archive members under ``folder``."""
    good = fixture_packages.built[pair].directory
    return {f"{folder}/{p.relative_to(good)}": p.read_bytes() for p in good.rglob("*") if p.is_file()}


def _pairs(directory: Path) -> dict[str, tuple[str, str]]:
    return {p.name: p.pair for p in scan_packages(directory).packages}


def test_a_folder_named_for_another_pair_is_refused_and_nothing_is_deleted(
    fixture_packages: FixturePackages, packages_dir: Path, tmp_path: Path,
) -> None:
    before = listing(packages_dir)
    archive = _zip(tmp_path / "x.argosmodel", _members(fixture_packages, ("en", "ru"), "translate-en_he-1_0"))
    with pytest.raises(PackageError, match="translate-en_he-1_0.*en-he.*metadata.*en-ru"):
        install_file(archive, packages_dir)
    assert listing(packages_dir) == before and _pairs(packages_dir)["translate-en_he-1_0"] == ("en", "he")


def test_the_folder_name_comes_from_the_metadata(fixture_packages: FixturePackages, packages_dir: Path,
                                                 tmp_path: Path) -> None:
    archive = _zip(tmp_path / "x.argosmodel", _members(fixture_packages, ("en", "ru"), "whatever"))
    assert install_file(archive, packages_dir).name == "translate-en_ru-1_0"
    assert _pairs(packages_dir) == {"translate-en_he-1_0": ("en", "he"), "translate-en_ru-1_0": ("en", "ru"),
                                    "translate-he_en-1_0": ("he", "en"), "translate-ru_en-1_0": ("ru", "en")}


@pytest.mark.parametrize("occupant", ["another pair", "no package"])
def test_a_folder_in_the_way_that_is_not_the_pair_is_never_replaced(
    fixture_packages: FixturePackages, tmp_path: Path, occupant: str,
) -> None:
    target = tmp_path / "models"
    in_the_way = target / "translate-en_ru-1_0"
    if occupant == "another pair":  # an en→he package someone copied under the en→ru name
        shutil.copytree(fixture_packages.built[("en", "he")].directory, in_the_way)
    else:
        in_the_way.mkdir(parents=True)
        (in_the_way / "notes.txt").write_text("keep me", encoding="utf-8")
    before = listing(target)
    with pytest.raises(PackageError, match="translate-en_ru-1_0 is already in .* not a package of en-ru"):
        install_file(fixture_packages.archives[("en", "ru")], target)
    assert listing(target) == before


@pytest.mark.parametrize("metadata, message", [
    ({"from_code": "../../evil", "to_code": "ru"}, "not a language code"),
    ({"from_code": "en", "to_code": "ru", "package_version": "1/../../x"}, "not a package version"),
])
def test_metadata_that_cannot_name_a_folder_is_refused(
    fixture_packages: FixturePackages, tmp_path: Path, metadata: dict[str, str], message: str,
) -> None:
    members = _members(fixture_packages, ("en", "ru"), "pkg")
    members["pkg/metadata.json"] = json.dumps(metadata).encode("utf-8")
    target = tmp_path / "models"
    with pytest.raises(PackageError, match=message):
        install_file(_zip(tmp_path / "x.argosmodel", members), target)
    assert listing(target) == [] and not (tmp_path / "evil").exists()


# --- zip bombs are refused from the zip's directory, before anything is unpacked --------------------------------


@pytest.fixture
def no_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the archive was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)


def _claiming(path: Path, member: str, claimed: int) -> Path:
    """A zip of one small member whose directory says it unpacks to ``claimed`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"\0" * 1000)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = data.index(signature) + offset
        data[at : at + 4] = claimed.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_a_zip_bomb_is_refused_by_its_ratio_before_unpacking(tmp_path: Path, no_unpacking: None) -> None:
    # The bomb: a gigabyte from almost nothing, with the default limits.
    bomb = _claiming(tmp_path / "bomb.argosmodel", "pkg/model/model.bin", 1024**3)
    with pytest.raises(PackageError, match="pkg/model/model.bin unpacks to 1073741824 bytes from .* a zip bomb"):
        install_file(bomb, tmp_path / "models")
    assert listing(tmp_path / "models") == []


def test_a_real_zip_bomb_under_lower_limits(tmp_path: Path, no_unpacking: None) -> None:
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/metadata.json", b"{}")
        zf.writestr("pkg/model/model.bin", bytes(4 * 1024**2))
    limits = ArchiveLimits(ratio_floor=1024**2)
    with pytest.raises(PackageError, match="a zip bomb"):
        install_file(bomb, tmp_path / "models", limits)


def test_an_archive_over_the_size_limit_is_refused_before_unpacking(
    fixture_packages: FixturePackages, tmp_path: Path, no_unpacking: None,
) -> None:
    with pytest.raises(PackageError, match="unpacks to .* bytes, over the 1048576-byte limit"):
        install_file(fixture_packages.archives[("en", "ru")], tmp_path / "models", ArchiveLimits(max_bytes=1024**2))


# --- a model that does not match its weights, or data that does not unpack: one clear error, nothing installed --


def _mismatched_vocabulary(members: dict[str, bytes]) -> None:
    words = json.loads(members["pkg/model/shared_vocabulary.json"])
    members["pkg/model/shared_vocabulary.json"] = json.dumps(words[:10]).encode("utf-8")


def _zeroed_weights(members: dict[str, bytes]) -> None:
    members["pkg/model/model.bin"] = bytes(len(members["pkg/model/model.bin"]))


@pytest.mark.parametrize("damage, message", [
    (_mismatched_vocabulary, "the model failed while translating .*Invalid token ID"),
    (_zeroed_weights, "the model does not load .*IndexError"),
])
def test_a_model_that_does_not_match_its_weights_is_refused(
    fixture_packages: FixturePackages, tmp_path: Path, damage: Callable[[dict[str, bytes]], None], message: str,
) -> None:
    members = _members(fixture_packages, ("en", "ru"), "pkg")
    damage(members)
    target = tmp_path / "models"
    with pytest.raises(PackageError, match=message):
        install_file(_zip(tmp_path / "x.argosmodel", members), target)
    assert listing(target) == []


def test_compressed_data_that_does_not_unpack_is_refused(fixture_packages: FixturePackages, tmp_path: Path) -> None:
    archive = tmp_path / "x.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _members(fixture_packages, ("en", "ru"), "pkg").items():
            zf.writestr(name, data)
    with zipfile.ZipFile(archive) as zf:
        weights = zf.getinfo("pkg/model/model.bin")
    data = bytearray(archive.read_bytes())
    start = weights.header_offset + 30 + len(weights.filename)  # past its local header: the deflate stream
    data[start : start + 8] = b"\xff" * 8
    archive.write_bytes(bytes(data))
    with pytest.raises(PackageError, match="cannot unpack"):
        install_file(archive, tmp_path / "models")
    assert listing(tmp_path / "models") == []
