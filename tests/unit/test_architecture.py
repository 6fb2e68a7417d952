"""The house stays the way it is drawn: imports point down, Flask stays in the web layer, tests stay out.

Read from the source with ``ast``, so a lazy import inside a function counts
as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from translator.settings import PROJECT_ROOT

# From the bottom up. A module may import from its own package (``translator.engine.*`` among
# themselves) and from any layer below its own; never from a layer above, nor from a sibling
# on its own layer (``engine`` and ``language`` know nothing of each other).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("translator.errors",),
    ("translator.settings",),
    ("translator.engine", "translator.language"),
    ("translator.text",),
    ("translator.glossary",),
    ("translator.review",),
    ("translator.corrections",),
    ("translator.document",),
    ("translator.pipeline",),
    ("translator.render",),
    ("translator.html",),
    ("translator.batch", "translator.contract", "translator.store"),
    ("translator.service",),
    ("translator.jobs",),
    ("translator.web",),
)
WEB_FRAMEWORKS = ("flask", "werkzeug")


def module_name(path: Path) -> str:
    """``translator/engine/model.py`` → ``translator.engine.model``."""
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # `from translator import contract` imports a module, not a name
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names
                         if (PROJECT_ROOT / Path(*base.split("."), f"{alias.name}.py")).exists())
    return found


def layer_of(module: str) -> tuple[int, str] | None:
    """(layer index, the unit it belongs to) of a translator module, or None for anything else."""
    for index, units in enumerate(LAYERS):
        for unit in units:
            if module == unit or module.startswith(unit + "."):
                return index, unit
    return None


def product_modules() -> list[Path]:
    return sorted((PROJECT_ROOT / "translator").rglob("*.py"))


def upward_imports(path: Path) -> list[str]:
    """Every import of ``path`` that breaks the layering, as "file:line imports module"."""
    own = layer_of(module_name(path))
    if own is None:
        return []
    bad = []
    for line, target in imports(path):
        theirs = layer_of(target)
        if theirs is None or theirs[1] == own[1]:
            continue
        if theirs[0] >= own[0]:
            bad.append(f"{path.relative_to(PROJECT_ROOT)}:{line} imports {target}")
    return bad


def test_every_product_module_has_a_layer() -> None:
    unplaced = [module_name(p) for p in product_modules()
                if p.name != "__init__.py" or p.parent.name != "translator"
                if layer_of(module_name(p)) is None]
    assert unplaced == []


def test_imports_point_down() -> None:
    assert [bad for path in product_modules() for bad in upward_imports(path)] == []


def test_only_the_web_layer_imports_flask() -> None:
    offenders = [f"{path.relative_to(PROJECT_ROOT)}:{line} imports {target}"
                 for path in product_modules() if not module_name(path).startswith("translator.web")
                 for line, target in imports(path) if target.split(".")[0] in WEB_FRAMEWORKS]
    assert offenders == []


def test_nothing_but_the_app_imports_the_web_layer() -> None:
    outside = [p for p in [*product_modules(), *(PROJECT_ROOT / "bench").rglob("*.py")]
               if not module_name(p).startswith("translator.web")]
    offenders = [f"{path.relative_to(PROJECT_ROOT)}:{line}" for path in outside
                 for line, target in imports(path) if target.startswith("translator.web")]
    assert offenders == []


def test_the_product_never_imports_tests_or_benchmarks() -> None:
    offenders = [f"{path.relative_to(PROJECT_ROOT)}:{line} imports {target}"
                 for path in [*product_modules(), PROJECT_ROOT / "app.py", PROJECT_ROOT / "gunicorn.conf.py"]
                 for line, target in imports(path) if target.split(".")[0] in ("tests", "bench")]
    assert offenders == []


def test_benchmarks_and_test_tooling_make_no_cycle() -> None:
    """bench/ uses only tests/support; tests/support uses neither bench/ nor the tests themselves."""
    bench = [f"{p.relative_to(PROJECT_ROOT)}:{line} imports {t}" for p in (PROJECT_ROOT / "bench").rglob("*.py")
             for line, t in imports(p) if t.startswith("tests") and not t.startswith("tests.support")]
    support = [f"{p.relative_to(PROJECT_ROOT)}:{line} imports {t}"
               for p in (PROJECT_ROOT / "tests" / "support").rglob("*.py")
               for line, t in imports(p) if t.startswith("bench") or (t.startswith("tests")
                                                                     and not t.startswith("tests.support"))]
    tests = [f"{p.relative_to(PROJECT_ROOT)}:{line} imports {t}" for p in (PROJECT_ROOT / "tests").rglob("*.py")
             for line, t in imports(p) if t.split(".")[0] == "bench"]
    assert (bench, support, tests) == ([], [], [])


@pytest.mark.parametrize("source, expected", [
    ("from translator.web.api import bp\n", ["translator/engine/fake.py:1 imports translator.web.api"]),
    ("from translator.language.detect import Detector\n",
     ["translator/engine/fake.py:1 imports translator.language.detect"]),
    ("def f():\n    from translator.pipeline import Pipeline\n",
     ["translator/engine/fake.py:2 imports translator.pipeline"]),
    ("from translator.engine.packages import PackageInfo\nfrom translator.errors import PackageError\n", []),
    ("from . import packages\n", []),
])
def test_the_check_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str,
                                            expected: list[str]) -> None:
    """The checker itself: an engine module importing up, sideways or lazily is caught; down is fine."""
    fake = PROJECT_ROOT / "translator" / "engine" / "fake.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding="utf-8": source if self == fake
                        else Path.read_bytes(self).decode(encoding))
    assert upward_imports(fake) == expected
