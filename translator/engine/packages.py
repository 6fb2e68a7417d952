"""Installed Argos packages: discovery and validation of the packages directory.

An Argos package is a folder with ``metadata.json``, a CTranslate2 model in
``model/`` and a tokenizer (``sentencepiece.model`` or ``bpe.model``). Unlike
argostranslate, which fails on every package when one folder lacks its
metadata, a broken or half-copied package here is reported by name and
skipped; every other package still loads.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from translator.errors import PackageError

TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
# What can go into a folder name: Argos's language codes (en, zt, pb; a region after a hyphen),
# and versions such as 1.9 or 1.0.2a.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,31}")


@dataclass(frozen=True)
class PackageInfo:
    """One installed translation package, as its metadata and files describe it."""

    name: str
    path: Path
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    package_version: str
    argos_version: str
    target_prefix: str
    tokenizer_file: Path
    size_bytes: int
    # Changes whenever the package's files are replaced: the translation
    # memory keys on it so a new model never serves an old model's output.
    fingerprint: str

    @property
    def pair(self) -> tuple[str, str]:
        """The (source, target) language codes."""
        return (self.from_code, self.to_code)


@dataclass(frozen=True)
class SkippedPackage:
    """A folder in the packages directory that could not be used, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Catalog:
    """What a scan of the packages directory found."""

    directory: Path
    packages: tuple[PackageInfo, ...]
    skipped: tuple[SkippedPackage, ...]

    def language_names(self) -> dict[str, str]:
        """Each installed language's name, as the packages' metadata gives it."""
        names: dict[str, str] = {}
        for package in self.packages:
            names.setdefault(package.from_code, package.from_name)
            names.setdefault(package.to_code, package.to_name)
        return names


def folder_name(package: PackageInfo) -> str:
    """The folder a package is installed as, from its metadata alone: ``translate-en_ru-1_9``.

    Raises :class:`PackageError` when a code or the version could not be part of a folder name.
    """
    for role, code in (("from_code", package.from_code), ("to_code", package.to_code)):
        if not _LANGUAGE_CODE.fullmatch(code):
            raise PackageError(f"{package.name}: {role} {code!r} in metadata.json is not a language code")
    if not _VERSION.fullmatch(package.package_version):
        raise PackageError(f"{package.name}: {package.package_version!r} in metadata.json is not a package version")
    return f"translate-{package.from_code}_{package.to_code}-{package.package_version.replace('.', '_')}"


def named_pair(name: str) -> tuple[str, str] | None:
    """The pair a folder's name claims, as Argos names packages (``translate-en_he-1_0``), or None."""
    match = re.fullmatch(r"translate-([a-z]{2,3}(?:-[a-z0-9]{2,8})?)_([a-z]{2,3}(?:-[a-z0-9]{2,8})?)-.*", name.lower())
    return (match.group(1), match.group(2)) if match else None


def version_key(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _fingerprint(model_dir: Path, metadata_text: str) -> str:
    digest = hashlib.sha256(metadata_text.encode("utf-8"))
    for file in sorted(model_dir.iterdir()):
        if file.is_file():
            stat = file.stat()
            digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def read_package(path: Path) -> PackageInfo:
    """Read and validate one package folder.

    Raises :class:`PackageError` naming what is missing or malformed.
    """
    metadata_path = path / "metadata.json"
    if not metadata_path.is_file():
        raise PackageError(f"{path.name}: no metadata.json")
    try:
        metadata_text = metadata_path.read_text(encoding="utf-8")
        metadata = json.loads(metadata_text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{path.name}: metadata.json is not valid JSON ({exc})") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{path.name}: metadata.json is not an object")
    if metadata.get("type", "translate") != "translate":
        raise PackageError(f"{path.name}: not a translation package (type {metadata.get('type')!r})")
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str) or not from_code or not to_code:
        raise PackageError(f"{path.name}: metadata.json lacks from_code/to_code")
    model_dir = path / "model"
    for required in ("model.bin", "config.json"):
        if not (model_dir / required).is_file():
            raise PackageError(f"{path.name}: model/{required} is missing")
    tokenizer = next((path / f for f in TOKENIZER_FILES if (path / f).is_file()), None)
    if tokenizer is None:
        raise PackageError(f"{path.name}: no sentencepiece.model or bpe.model")
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return PackageInfo(
        name=path.name,
        path=path,
        from_code=from_code.lower(),
        to_code=to_code.lower(),
        from_name=str(metadata.get("from_name") or from_code),
        to_name=str(metadata.get("to_name") or to_code),
        package_version=str(metadata.get("package_version") or "0"),
        argos_version=str(metadata.get("argos_version") or ""),
        target_prefix=str(metadata.get("target_prefix") or ""),
        tokenizer_file=tokenizer,
        size_bytes=size,
        fingerprint=_fingerprint(model_dir, metadata_text),
    )


def scan_packages(directory: Path) -> Catalog:
    """Find every usable package in ``directory``; report the rest by name.

    Hidden entries (names starting with a dot, such as an install in
    progress) and plain files are ignored. When two packages translate the
    same pair, the higher ``package_version`` wins and the other is reported.
    """
    found: dict[tuple[str, str], PackageInfo] = {}
    skipped: list[SkippedPackage] = []
    entries = sorted(directory.iterdir()) if directory.is_dir() else []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            package = read_package(entry)
        except PackageError as exc:
            skipped.append(SkippedPackage(entry.name, exc.detail))
            continue
        current = found.get(package.pair)
        if current is None or version_key(package.package_version) > version_key(current.package_version):
            if current is not None:
                skipped.append(SkippedPackage(current.name, f"superseded by {package.name}"))
            found[package.pair] = package
        else:
            skipped.append(SkippedPackage(package.name, f"superseded by {current.name}"))
    packages = tuple(sorted(found.values(), key=lambda p: p.pair))
    return Catalog(directory, packages, tuple(skipped))
