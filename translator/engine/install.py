"""Installing and removing Argos packages in the packages directory.

Packages come from a ``.argosmodel`` file (air-gapped servers) or from the
Argos package index (where the internet is reachable; the index URL is
configurable). A file's zip directory is checked first (no path out of its
one folder, no link, and no more bytes than :class:`ArchiveLimits` allow, in
all and per compressed byte: a zip bomb is refused before anything is
unpacked); it is then unpacked into a hidden staging folder, validated
(metadata, files, a real load of the CTranslate2 model and one sentence
translated), and only then moved into place, under the name its metadata
gives (``translate-en_ru-1_9``). A bad file, or one whose folder name claims
another pair, leaves the packages directory untouched; an install replaces
only packages of its own pair.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translator.engine.packages import (
    PackageInfo,
    folder_name,
    named_pair,
    read_package,
    scan_packages,
    version_key,
)
from translator.errors import PackageError, PackageIndexError

# Real Argos packages are about 100 MB; anything far past that is no package.
MAX_UNPACKED_BYTES = 4 * 1024**3
DOWNLOAD_TIMEOUT_S = 60
# What unpacking a bad archive raises besides OSError: a corrupt deflate stream, a truncated
# member, an encrypted one (RuntimeError) or a compression method zipfile lacks.
_UNPACK_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, zlib.error, EOFError, RuntimeError,
                  NotImplementedError, ValueError)


@dataclass(frozen=True)
class ArchiveLimits:
    """How much a package file may unpack to, read from its zip directory before anything is unpacked.

    ``max_bytes`` in all; and past ``ratio_floor`` bytes, a member (or the
    whole) may be at most ``max_ratio`` times its compressed size. Model
    weights hardly compress (a real package unpacks to about 1.1 times its
    size); a zip bomb's zeros unpack to a thousand times theirs.
    """

    max_bytes: int = MAX_UNPACKED_BYTES
    max_ratio: float = 20.0
    ratio_floor: int = 64 * 1024**2


@dataclass(frozen=True)
class IndexEntry:
    """One translation package listed in the Argos package index."""

    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]


def _check_members(archive: zipfile.ZipFile, limits: ArchiveLimits) -> str:
    """The archive's single top-level folder; rejects anything that could escape it, or unpack past the limits."""
    tops: set[str] = set()
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise PackageError(f"unsafe path in archive: {info.filename!r}")
        # Unix mode bits live in the high half; 0o120000 marks a symbolic link.
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(f"archive contains a symbolic link: {info.filename!r}")
        tops.add(path.parts[0])
    _check_sizes(archive.infolist(), limits)
    if len(tops) != 1:
        raise PackageError(f"archive must hold exactly one package folder, found {sorted(tops) or 'none'}")
    top = tops.pop()
    if top.startswith("."):
        raise PackageError(f"package folder name {top!r} is hidden")
    return top


def _check_sizes(members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    """What the zip's directory says the members unpack to, against the limits (zipfile never unpacks more)."""
    total = sum(info.file_size for info in members)
    if total > limits.max_bytes:
        raise PackageError(f"archive unpacks to {total} bytes, over the {limits.max_bytes}-byte limit")
    packed = sum(info.compress_size for info in members)
    for name, size, compressed in [*((i.filename, i.file_size, i.compress_size) for i in members),
                                   ("the archive", total, packed)]:
        if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
            raise PackageError(f"{name} unpacks to {size} bytes from {compressed}, more than {limits.max_ratio:g} "
                               "times its compressed size: a zip bomb, not a package")


def _validate_model(package: PackageInfo) -> None:
    """Load the model and translate one word, so a corrupt or mismatched model is refused at install time."""
    # Imported here: the engine pulls in CTranslate2, which listing does not need.
    from translator.engine.engine import LoadedModel
    from translator.engine.model import DecodeOptions
    from translator.errors import ModelLoadError
    from translator.settings import EngineSettings

    try:
        model = LoadedModel(package, EngineSettings(packages_dir=package.path.parent, inter_threads=1))
        # Weights that do not match the vocabulary load, then fail on the first token past its end.
        model.translate(["Hello"], DecodeOptions(beam_size=1))
    except ModelLoadError as exc:
        raise PackageError(exc.detail) from None


def install_file(archive_path: Path, packages_dir: Path, limits: ArchiveLimits = ArchiveLimits()) -> PackageInfo:
    """Install a ``.argosmodel`` file as ``translate-<from>_<to>-<version>``; replaces installed packages of its pair.

    Raises :class:`PackageError` (and leaves the directory as it was) when the
    file is not a valid package, unpacks past ``limits``, names another pair
    in its folder name, or would take the place of a folder that is not a
    package of its pair.
    """
    if not archive_path.is_file():
        raise PackageError(f"{archive_path}: no such file")
    if not zipfile.is_zipfile(archive_path):
        raise PackageError(f"{archive_path.name}: not a zip archive, so not an Argos package")
    packages_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages_dir))
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _check_members(archive, limits)
            archive.extractall(staging)
        package = read_package(staging / top)
        name = _checked_name(package)
        _validate_model(package)
        return _move_into_place(staging / top, packages_dir / name, package)
    except _UNPACK_ERRORS as exc:
        raise PackageError(f"{archive_path.name}: cannot unpack ({type(exc).__name__}: {exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _checked_name(package: PackageInfo) -> str:
    """The folder the package goes to; refused when its own folder's name claims another pair."""
    claimed = named_pair(package.name)
    if claimed is not None and claimed != package.pair:
        raise PackageError(
            f"{package.name}: the folder's name says {'-'.join(claimed)} but its metadata.json says "
            f"{package.from_code}-{package.to_code}; refusing to install it")
    return folder_name(package)


def _move_into_place(unpacked: Path, destination: Path, package: PackageInfo) -> PackageInfo:
    """Swap the validated folder in; the installed packages of its pair go only after, and nothing else does."""
    packages_dir = destination.parent
    replaced = [p.path for p in scan_packages(packages_dir).packages if p.pair == package.pair]
    if destination.exists() and destination not in replaced:
        if not _holds_pair(destination, package.pair):
            raise PackageError(
                f"{destination.name} is already in {packages_dir} and is not a package of "
                f"{package.from_code}-{package.to_code}; move it away to install this one")
        replaced.append(destination)  # the same pair, superseded by another copy
    trash = Path(tempfile.mkdtemp(prefix=".replaced-", dir=packages_dir))
    moved: list[Path] = []
    try:
        for old in replaced:
            old.rename(trash / old.name)
            moved.append(old)
        unpacked.rename(destination)
    except OSError:
        for old in moved:  # the swap failed: the old packages go back where they were
            (trash / old.name).rename(old)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)
    return read_package(destination)


def _holds_pair(folder: Path, pair: tuple[str, str]) -> bool:
    try:
        return folder.is_dir() and read_package(folder).pair == pair
    except PackageError:
        return False


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
