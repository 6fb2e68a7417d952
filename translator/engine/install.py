"""Installing and removing Argos packages in the packages directory.

Packages come from a ``.argosmodel`` file (air-gapped servers) or from the
Argos package index (where the internet is reachable; the index URL is
configurable). A file is unpacked into a hidden staging folder, validated
(metadata, files, and a real load of the CTranslate2 model), and only then
moved into place, so a bad file leaves the packages directory untouched.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translator.engine.packages import PackageInfo, read_package, scan_packages, version_key
from translator.errors import PackageError, PackageIndexError

# Real Argos packages are about 100 MB; anything far past that is no package.
MAX_UNPACKED_BYTES = 4 * 1024**3
DOWNLOAD_TIMEOUT_S = 60


@dataclass(frozen=True)
class IndexEntry:
    """One translation package listed in the Argos package index."""

    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]


def _check_members(archive: zipfile.ZipFile) -> str:
    """The archive's single top-level folder; rejects anything that could escape it."""
    tops: set[str] = set()
    total = 0
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise PackageError(f"unsafe path in archive: {info.filename!r}")
        # Unix mode bits live in the high half; 0o120000 marks a symbolic link.
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(f"archive contains a symbolic link: {info.filename!r}")
        tops.add(path.parts[0])
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(f"archive unpacks to {total} bytes, over the {MAX_UNPACKED_BYTES}-byte limit")
    if len(tops) != 1:
        raise PackageError(f"archive must hold exactly one package folder, found {sorted(tops) or 'none'}")
    top = tops.pop()
    if top.startswith("."):
        raise PackageError(f"package folder name {top!r} is hidden")
    return top


def _validate_model(package: PackageInfo) -> None:
    """Load the model once, so a corrupt model.bin is refused at install time."""
    # Imported here: the engine pulls in CTranslate2, which listing does not need.
    from translator.engine.engine import LoadedModel
    from translator.errors import ModelLoadError
    from translator.settings import EngineSettings

    try:
        LoadedModel(package, EngineSettings(packages_dir=package.path.parent, inter_threads=1))
    except ModelLoadError as exc:
        raise PackageError(f"{package.name}: the model does not load ({exc.detail})") from None


def install_file(archive_path: Path, packages_dir: Path) -> PackageInfo:
    """Install a ``.argosmodel`` file; replaces an installed package of the same pair.

    Raises :class:`PackageError` (and leaves the directory as it was) when the
    file is not a valid package.
    """
    if not archive_path.is_file():
        raise PackageError(f"{archive_path}: no such file")
    if not zipfile.is_zipfile(archive_path):
        raise PackageError(f"{archive_path.name}: not a zip archive, so not an Argos package")
    packages_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages_dir))
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _check_members(archive)
            archive.extractall(staging)
        package = read_package(staging / top)
        _validate_model(package)
        return _move_into_place(staging / top, packages_dir, package)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"{archive_path.name}: cannot unpack ({exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(unpacked: Path, packages_dir: Path, package: PackageInfo) -> PackageInfo:
    """Swap the validated folder in; the old package of the pair goes only after."""
    destination = packages_dir / unpacked.name
    replaced = [p.path for p in scan_packages(packages_dir).packages if p.pair == package.pair]
    if destination.exists() and destination not in replaced:
        replaced.append(destination)
    trash = Path(tempfile.mkdtemp(prefix=".replaced-", dir=packages_dir))
    try:
        for old in replaced:
            old.rename(trash / old.name)
        unpacked.rename(destination)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
    return read_package(destination)


def remove_packages(selector: str, packages_dir: Path) -> list[str]:
    """Remove packages by folder name, by pair ("en-he"), or by language ("he": every package to or from it).

    Returns the removed folder names; raises :class:`PackageError` when none matches.
    """
    wanted = selector.strip().lower().replace("_", "-")
    removed: list[str] = []
    for package in scan_packages(packages_dir).packages:
        pair = f"{package.from_code}-{package.to_code}"
        if wanted in (package.name.lower().replace("_", "-"), pair) or wanted in package.pair:
            shutil.rmtree(package.path)
            removed.append(package.name)
    if not removed:
        raise PackageError(f"no installed package matches {selector!r}")
    return removed


def index_url(base: str) -> str:
    """The index.json URL for ``ARGOS_PACKAGE_INDEX`` (a base URL, as argostranslate takes it, or the file)."""
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def fetch_index(base: str) -> list[IndexEntry]:
    """Read the translation packages listed in the Argos package index."""
    url = index_url(base)
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            entries = json.load(response)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise PackageIndexError(f"cannot reach the Argos package index at {url}: {exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageIndexError(f"the package index at {url} is not valid JSON: {exc}") from None
    if not isinstance(entries, list):
        raise PackageIndexError(f"the package index at {url} is not a list of packages")
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
            continue
        links = tuple(link for link in entry.get("links", []) if isinstance(link, str))
        if entry.get("from_code") and entry.get("to_code") and links:
            found.append(IndexEntry(str(entry["from_code"]), str(entry["to_code"]),
                                    str(entry.get("package_version", "0")), links))
    return found


def choose_packages(entries: list[IndexEntry], languages: list[str]) -> list[IndexEntry]:
    """Every pair between ``languages`` that the index has, newest version of each."""
    best: dict[tuple[str, str], IndexEntry] = {}
    for entry in entries:
        pair = (entry.from_code, entry.to_code)
        if entry.from_code in languages and entry.to_code in languages and entry.from_code != entry.to_code:
            current = best.get(pair)
            if current is None or version_key(entry.package_version) > version_key(current.package_version):
                best[pair] = entry
    return [best[pair] for pair in sorted(best)]


def download(entry: IndexEntry, directory: Path) -> Path:
    """Download a package file, trying each of its links in turn."""
    errors = []
    for link in entry.links:
        target = directory / f"{entry.from_code}_{entry.to_code}.argosmodel"
        try:
            with urllib.request.urlopen(link, timeout=DOWNLOAD_TIMEOUT_S) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            return target
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            errors.append(f"{link}: {exc}")
    raise PackageIndexError(f"cannot download {entry.from_code}->{entry.to_code}: {'; '.join(errors)}")
