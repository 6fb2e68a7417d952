"""What every crafted package shares: the Argos folder layout, its zip, and weight helpers."""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ctranslate2.specs import common_spec, transformer_spec

LANGUAGE_NAMES = {"en": "English", "he": "Hebrew", "ru": "Russian"}


@dataclass(frozen=True)
class BuiltPackage:
    """A package written by this module: its folder and its ``.argosmodel`` zip."""

    directory: Path
    archive: Path
    from_code: str
    to_code: str


def package_metadata(from_code: str, to_code: str, version: str, **extra: object) -> dict[str, object]:
    return {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        **extra,
    }


def write_package(
    out_dir: Path,
    name: str,
    spec: transformer_spec.TransformerSpec,
    sp_model: Path,
    metadata: dict[str, object],
    quantization: str,
) -> BuiltPackage:
    """Save the model, tokenizer and metadata as an Argos package folder and zip."""
    package_dir = out_dir / name
    if package_dir.exists():
        shutil.rmtree(package_dir)
    package_dir.mkdir(parents=True)
    spec.validate()
    spec.optimize(quantization=quantization)
    (package_dir / "model").mkdir()
    spec.save(str(package_dir / "model"))
    shutil.copyfile(sp_model, package_dir / "sentencepiece.model")
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(
        f"Crafted test package {name}, built by tests.support.package_builder.\n", encoding="utf-8"
    )
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(package_dir.rglob("*")):
            if file.is_file():
                zf.write(file, f"{name}/{file.relative_to(package_dir)}")
    return BuiltPackage(package_dir, archive, str(metadata["from_code"]), str(metadata["to_code"]))


def zero_layer_norm(ln: common_spec.LayerNormSpec, dim: int, beta: float = 0.0) -> None:
    ln.gamma = np.ones(dim, dtype=np.float32)
    ln.beta = np.full(dim, beta, dtype=np.float32)


def set_linear(linear: common_spec.LinearSpec, weight: np.ndarray) -> None:
    linear.weight = weight.astype(np.float32)
    linear.bias = np.zeros(weight.shape[0], dtype=np.float32)


