"""``flask --app app models ...``: list, install and remove Argos packages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from translator.engine.graph import TranslationGraph
from translator.engine.install import choose_packages, download, fetch_index, install_file, remove_packages
from translator.engine.packages import scan_packages
from translator.errors import PackageError, PackageIndexError
from translator.settings import Settings
from translator.web.context import targum

models = AppGroup("models", help="Manage the Argos translation packages.")


def _settings() -> Settings:
    return targum().settings


@models.command("list")
def list_packages() -> None:
    """Installed pairs, versions, sizes, and the pairs reachable by pivot."""
    settings = _settings()
    catalog = scan_packages(settings.engine.packages_dir)
    click.echo(f"packages directory: {catalog.directory}")
    if not catalog.packages:
        click.echo("no packages installed: run `flask --app app models install en he ru`")
    for p in catalog.packages:
        size_mb = p.size_bytes / 1024**2
        click.echo(f"{p.from_code}-{p.to_code}  version {p.package_version}  {size_mb:.1f} MB  {p.name}")
    graph = TranslationGraph(catalog.packages, settings.pivot_language)
    for source in graph.languages:
        for target, how in graph.targets_of(source).items():
            if how != "direct":
                click.echo(f"{source}-{target}  {how}")
    for skipped in catalog.skipped:
        click.echo(f"skipped: {skipped.reason}", err=True)


@models.command("install")
@click.argument("languages", nargs=-1, required=True)
@click.option("--if-none-installed", is_flag=True,
              help="Do nothing when packages are installed; when the index is unreachable, warn and exit 0.")
def install(languages: tuple[str, ...], if_none_installed: bool) -> None:
    """Install every package between LANGUAGES from the Argos package index."""
    settings = _settings()
    wanted = [code.lower() for code in languages]
    if if_none_installed and scan_packages(settings.engine.packages_dir).packages:
        click.echo("packages already installed; `flask --app app models list` shows them")
        return
    try:
        entries = choose_packages(fetch_index(settings.package_index), wanted)
    except PackageIndexError as exc:
        message = f"{exc.detail}\nOffline? Copy .argosmodel files here and run `flask --app app models install-file PATH`."
        if if_none_installed:
            click.echo(f"warning: {message}\nstarting without translation packages", err=True)
            return
        raise click.ClickException(message) from None
    if not entries:
        raise click.ClickException(f"the index lists no package between {', '.join(wanted)}")
    with tempfile.TemporaryDirectory() as tmp:
        for entry in entries:
            try:
                package = install_file(download(entry, Path(tmp)), settings.engine.packages_dir)
            except (PackageIndexError, PackageError) as exc:
                raise click.ClickException(exc.detail) from None
            click.echo(f"installed {package.from_code}-{package.to_code} {package.package_version} ({package.name})")


@models.command("install-file")
@click.argument("path", type=click.Path(path_type=Path))
def install_from_file(path: Path) -> None:
    """Install a package from a .argosmodel file (for air-gapped servers)."""
    try:
        package = install_file(path, _settings().engine.packages_dir)
    except PackageError as exc:
        raise click.ClickException(" ".join(exc.detail.split())) from None  # one `Error:` line
    click.echo(f"installed {package.from_code}-{package.to_code} {package.package_version} ({package.name})")


@models.command("remove")
@click.argument("selector")
def remove(selector: str) -> None:
    """Remove packages: a folder name, a pair (en-he) or a language (he)."""
    try:
        removed = remove_packages(selector, _settings().engine.packages_dir)
    except PackageError as exc:
        raise click.ClickException(exc.detail) from None
    for name in removed:
        click.echo(f"removed {name}")
