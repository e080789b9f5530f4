"""The `harvester` command line: crawl, process, reparse, parse, serve, demo, sites, runs."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC
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


@click.group(cls=CLIGroup)
@click.version_option()
def cli() -> None:
    """Archival harvester for government information-disclosure annual reports."""


config_option = click.option("--config", "config_path", default=DEFAULT_CONFIG, show_default=True, help="Settings file.")
archive_option = click.option("--archive", default=None, help="Archive folder (WARCs, database); overrides the settings.")


@cli.command()
@config_option
@archive_option
@click.option("--site", "site_names", multiple=True, help="Site name from the registry (repeatable); default all.")
@click.option("--no-process", is_flag=True, help="Only crawl and archive; parse later with `harvester process`.")
@click.option("--resume", is_flag=True, help="Go on with the last run that was killed or stopped, without refetching.")
def crawl(config_path: str, archive: str | None, site_names: tuple[str, ...], no_process: bool, resume: bool) -> None:
    """Crawl sites into WARC files, then index, parse and store the reports.

    Example:

        harvester crawl --site gd --site guangzhou
    """
    from .pipeline import harvest

    config = _config(config_path, archive)
    overrides = {"HOST_OVERRIDES": config.crawl["host_overrides"]} if "host_overrides" in config.crawl else None
    result = harvest(config, config.select(list(site_names)), overrides, process_after=not no_process, resume=resume)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


@cli.command(name="process")
@config_option
@archive_option
@click.option("--all", "everything", is_flag=True, help="Re-extract and re-parse every capture, not only new ones.")
def process_cmd(config_path: str, archive: str | None, everything: bool) -> None:
    """Index new WARC files and parse the captures not yet processed.

    Example:

        harvester process --all
    """
    from .pipeline import index_and_process
    from .store import Store

    config = _config(config_path, archive)
    store = Store(config.database)
    indexed, stats = index_and_process(store, config, None, everything)
    click.echo(json.dumps({"indexed": indexed, "processed": asdict(stats)}, ensure_ascii=False, indent=2))


@cli.command()
@click.argument("warcs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@archive_option
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="Database to build (default: the configured one).")
def reparse(warcs: tuple[Path, ...], config_path: str, archive: str | None, db_path: Path | None) -> None:
    """Rebuild the database from WARC files alone, offline, with the same parser.

    Example:

        harvester reparse archive/warcs/*.warc.gz --db /tmp/rebuilt.db
    """
    from .pipeline import index_and_process, mark_runs
    from .store import Store

    config = _config(config_path, archive)
    files = list(warcs) or sorted((config.archive_dir / "warcs").glob("*.warc.gz"))
    if not files:
        raise click.ClickException("no WARC files given or found")
    dirs = {f.parent.resolve() for f in files}
    if len(dirs) != 1:
        raise click.ClickException("give WARC files from one folder")
    store = Store(db_path or config.database)
    indexed, stats = index_and_process(store, config, None, everything=True, directory=dirs.pop(), force=True)
    mark_runs(store)
    run_id = store.start_run("reparse", [])
    store.finish_run(run_id, "finished", {"indexed": indexed, "processed": asdict(stats)})
    click.echo(
        json.dumps({"database": str(store.path), "indexed": indexed, "processed": asdict(stats)}, ensure_ascii=False, indent=2)
    )


@cli.command()
@click.argument("path")
@click.option("--indent/--compact", default=True, help="Pretty-print the JSON.")
def parse(path: str, indent: bool) -> None:
    """Parse one local report (HTML, PDF, DOCX or text; - for stdin) and print canonical JSON.

    Example:

        harvester parse report.pdf
    """
    from .extract import extract
    from .parse import parse_document

    body = sys.stdin.buffer.read() if path == "-" else _read(path)
    ctype = "text/html" if path.lower().endswith((".html", ".htm")) else None
    _, doc = extract(body, ctype)
    report = parse_document(doc)
    click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2 if indent else None))


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc


@cli.command()
@config_option
@archive_option
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(config_path: str, archive: str | None, port: int, host: str) -> None:
    """Open the database in Datasette with the project's metadata and canned queries.

    Example:

        harvester serve --port 8001
    """
    from .serve import datasette_argv

    config = _config(config_path, archive)
    if not config.database.exists():
        raise click.ClickException(f"no database at {config.database}; run `harvester demo` or `harvester crawl` first")
    from datasette.cli import cli as datasette_cli

    datasette_cli.main(args=datasette_argv(config.database, port, host), prog_name="datasette")


@cli.command()
@config_option
@archive_option
@click.option("--keep/--fresh", default=False, help="Keep earlier demo output in the archive folder.")
def demo(config_path: str, archive: str | None, keep: bool) -> None:
    """Start the demo portal, crawl it, parse, store, and print a summary.

    Example:

        harvester demo --archive archive/demo
    """
    from .demo.server import DemoPortal
    from .pipeline import DEMO_OVERRIDES, demo_config, harvest
    from .serve import summary

    config = _config(config_path, archive or "archive/demo")
    if not keep and config.archive_dir.exists():
        shutil.rmtree(config.archive_dir)
    with DemoPortal() as portal:
        click.echo(f"demo portal at http://127.0.0.1:{portal.port} (hosts *.demo.test)")
        config = demo_config(config, portal.port)
        harvest(config, list(config.sites.values()), overrides=DEMO_OVERRIDES)
    click.echo(summary(config))


@cli.command(name="export-wacz")
@config_option
@archive_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="WACZ file (default: <archive>/harvest.wacz)."
)
def export_wacz_cmd(config_path: str, archive: str | None, output: Path | None) -> None:
    """Package the archive's WARC files as a WACZ whose pages are the annual-report pages.

    Example:

        harvester export-wacz --archive archive/demo -o reports.wacz
    """
    from .store import Store
    from .warc.replay import export_wacz

    config = _config(config_path, archive)
    store = Store(config.database)
    pages = [
        {"url": r["url"], "ts": r["fetched_at"], "title": r["title"] or ""}
        for r in store.db.query("SELECT url, fetched_at, title FROM reports ORDER BY fetched_at")
    ]
    warcs = sorted((config.archive_dir / "warcs").glob("*.warc.gz"))
    out = export_wacz(warcs, pages, output or config.archive_dir / "harvest.wacz", "gov-harvester annual reports")
    click.echo(f"{out} ({len(warcs)} WARC files, {len(pages)} report pages)")


@cli.command()
@config_option
@archive_option
@click.option("--port", default=8080, show_default=True)
def replay(config_path: str, archive: str | None, port: int) -> None:
    """Replay the archive in pywb: captures as they were served, at /harvest/<timestamp>/<url>.

    Example:

        harvester replay --archive archive/demo --port 8080
    """
    from .warc.replay import pywb_config, wayback_command, write_cdxj

    config = _config(config_path, archive)
    warcs, indexes = config.archive_dir / "warcs", config.archive_dir / "indexes"
    for warc in sorted(warcs.glob("*.warc.gz")):
        if not (indexes / (warc.name + ".cdxj")).exists():
            write_cdxj(warc, indexes)
    root = pywb_config(config.archive_dir / "replay", warcs, indexes)
    click.echo(f"pywb on http://127.0.0.1:{port}/harvest/ (config {root})")
    os.chdir(root.parent)
    os.execv(wayback_command(port)[0], wayback_command(port))


@cli.command()
@config_option
@click.option("--demo", "demo_registry", is_flag=True, help="List the demo portal's registry instead.")
def sites(config_path: str, demo_registry: bool) -> None:
    """List the site registry: name, family, group, start URL, allowed hosts.

    Example:

        harvester sites
    """
    from .config import load_sites
    from .pipeline import DEMO_REGISTRY

    registry = load_sites(DEMO_REGISTRY, {"port": "PORT"}) if demo_registry else _config(config_path, None).sites
    for site in registry.values():
        click.echo(
            f"{site.name:<16} {site.family:<8} {site.group:<10} {site.start_urls[0]}  [{', '.join(site.allowed_hosts)}]  {site.title}"
        )


@cli.command()
@config_option
@archive_option
@click.option("--next", "show_next", is_flag=True, help="Only print when each group runs next, then exit.")
def schedule(config_path: str, archive: str | None, show_next: bool) -> None:
    """Run crawls on the cron expressions of [schedule] in settings.toml, one at a time.

    Example:

        harvester schedule --next
    """
    from datetime import datetime

    from .schedule import next_runs, serve_schedule

    config = _config(config_path, archive)
    if not config.schedule:
        raise click.ClickException("settings have no [schedule] table")
    for group, when in next_runs(config, datetime.now(UTC)).items():
        click.echo(f"{group:<12} next run {when.isoformat() if when else 'never'}")
    if not show_next:
        serve_schedule(config)


@cli.command()
def tools() -> None:
    """Say which optional features are on, and how to turn on the ones that are off.

    Example:

        harvester tools
    """
    from .tools import features

    for name, ok, detail in features():
        click.echo(f"{'on ' if ok else 'OFF'}  {name:<28} {detail}")


@cli.command()
@config_option
@archive_option
def runs(config_path: str, archive: str | None) -> None:
    """List crawl, process and reparse runs with their statistics.

    Example:

        harvester runs
    """
    from .store import Store

    store = Store(_config(config_path, archive).database)
    for row in store.db.query("SELECT id, kind, started, finished, status, sites, stats FROM runs ORDER BY id"):
        stats = json.loads(row["stats"] or "{}")
        processed = stats.get("processed", {})
        changes = " ".join(f"{k}={v}" for k, v in stats.get("reports", {}).items())
        click.echo(
            f"#{row['id']} {row['kind']:<8} {row['status']:<9} {row['started']} → {row['finished'] or '-'} "
            f"sites={row['sites']} reports={processed.get('reports', '-')} facts={processed.get('facts', '-')} {changes}"
        )


if __name__ == "__main__":
    cli()
