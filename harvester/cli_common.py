"""Shared pieces of the command line: the settings loader, common options, error handling."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from .config import Config, load_config
from .errors import HarvesterError

DEFAULT_CONFIG = "settings.toml"


def _config(path: str, archive: str | None) -> Config:
    if not Path(path).exists() and path == DEFAULT_CONFIG:
        tmp = Path(tempfile.mkdtemp()) / DEFAULT_CONFIG
        tmp.write_text("")
        config = load_config(tmp, archive or "archive")
        config.source = None
        return config
    return load_config(path, archive)


class CLIGroup(click.Group):
    """Turns the project's own errors into clear CLI errors at the edge."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HarvesterError as exc:
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


config_option = click.option("--config", "config_path", default=DEFAULT_CONFIG, show_default=True, help="Settings file.")
archive_option = click.option("--archive", default=None, help="Archive folder (WARCs, database); overrides the settings.")
