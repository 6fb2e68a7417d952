"""The README's layout section names every package and module of the product, and nothing that is not there."""

from __future__ import annotations

import re

from translator.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
PRODUCT = PROJECT_ROOT / "translator"


def layout_section() -> str:
    """The text of the README's ``## Layout`` section, up to the next section."""
    text = README.read_text(encoding="utf-8")
    assert "\n## Layout\n" in text, "the README has no `## Layout` section"
    return re.split(r"\n## ", text.split("\n## Layout\n", 1)[1], maxsplit=1)[0]


def named_paths(section: str) -> set[str]:
    """Paths under translator/ the section names: ``engine/model.py``, and packages as ``engine/``.

    A tree drawn with one name a line (``├── model.py`` under ``engine/``) is
    read with its indentation, so a module may be named by its file name alone.
    """
    found: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in section.splitlines():
        match = re.match(r"^([\s│├└─]*)([\w.]+/?|[\w/]+\.py)(?=\s|$)", line)
        if not match:
            continue
        depth, name = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        path = name if "/" in name.rstrip("/") else parent + name
        if name.endswith("/"):
            stack.append((depth, path))
        found.add(path)
    found.update(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", section))
    return {p.removeprefix("translator/") for p in found if p.endswith((".py", "/"))}


def product_paths() -> set[str]:
    modules = {p.relative_to(PRODUCT).as_posix() for p in PRODUCT.rglob("*.py") if p.name != "__init__.py"}
    packages = {p.parent.relative_to(PRODUCT).as_posix() + "/" for p in PRODUCT.rglob("__init__.py")
                if p.parent != PRODUCT}
    return modules | packages


def test_every_module_and_package_is_named_in_the_layout() -> None:
    missing = product_paths() - named_paths(layout_section())
    assert missing == set(), f"not in the README's layout: {sorted(missing)}"


def test_every_path_the_layout_names_exists() -> None:
    section = layout_section()
    named = {p for p in named_paths(section) if p.endswith(".py") or p.endswith("/")}
    stale = {p for p in named if not (PRODUCT / p).exists() and not (PROJECT_ROOT / p).exists()}
    assert stale == set(), f"the README's layout names what is not there: {sorted(stale)}"
