"""The `harvester` command line: crawl, process, reparse, parse, serve, demo, sites, runs."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import asdict
from datetime import UTC
from pathlib import Path

import click

from .cli_archive import ARCHIVE_COMMANDS
from .cli_common import CLIGroup, _config, archive_option, config_option, existing_database, quick_exit, workers_option
from .cli_sites import SITE_COMMANDS
from .lock import LOCK_NAME, archive_lock


@click.group(cls=CLIGroup)
@click.version_option()
def cli() -> None:
    """Archival harvester for government information-disclosure annual reports."""


@cli.command()
@config_option
@archive_option
@click.option("--site", "site_names", multiple=True, help="Site name from the registry (repeatable); default all.")
@click.option("--no-process", is_flag=True, help="Only crawl and archive; parse later with `harvester process`.")
@click.option("--resume", is_flag=True, help="Go on with the last run that was killed or stopped, without refetching.")
@click.option("--redis", "redis_url", metavar="URL", help="Share the crawl on this Redis frontier (scrapy-redis).")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Local workers, with --redis (0: only workers joined from other machines with `harvester worker`).",
)
def crawl(
    config_path: str,
    archive: str | None,
    site_names: tuple[str, ...],
    no_process: bool,
    resume: bool,
    redis_url: str | None,
    workers: int,
) -> None:
    """Crawl sites into WARC files, then index, parse and store the reports.

    Example:

        harvester crawl --site gd --site guangzhou
        harvester crawl --redis redis://127.0.0.1:6379/0 --workers 4
    """
    from .pipeline import harvest

    config = _config(config_path, archive)
    overrides = {"HOST_OVERRIDES": config.crawl["host_overrides"]} if "host_overrides" in config.crawl else None
    sites = config.select(list(site_names))
    result = harvest(config, sites, overrides, not no_process, resume, redis_url, workers)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    dead = [name for name, s in result.get("sites", {}).items() if not s.get("pages_fetched") and s.get("fetch_errors")]
    for name in dead:
        kinds = ", ".join(f"{k} ×{n}" for k, n in result["sites"][name]["fetch_errors"].items())
        click.echo(f"site {name}: nothing could be fetched ({kinds}); check its start URL in the registry", err=True)
    if dead and len(dead) == len(result.get("sites", {})):
        raise click.ClickException("no site could be reached; see fetch_errors in the database for each URL")


@cli.command()
@click.option("--redis", "redis_url", metavar="URL", required=True, help="The Redis frontier of the running crawl.")
@config_option
@archive_option
@click.option("--worker-id", help="This worker's name, in its WARC file names (default: host and process id).")
def worker(redis_url: str, config_path: str, archive: str | None, worker_id: str | None) -> None:
    """Join the crawl running on a Redis frontier (from this or another machine) until its queues are empty.

    Example:

        harvester worker --redis redis://crawl-host:6379/0
    """
    from .crawl.workers import run_worker

    config = _config(config_path, archive)
    stats = run_worker(config, redis_url, worker_id)
    pages = sum(s.get("downloader/response_count", 0) for s in stats.values())
    click.echo(json.dumps({"worker": worker_id, "sites": len(stats), "pages_fetched": pages}))


@cli.command(name="process")
@config_option
@archive_option
@click.option("--all", "everything", is_flag=True, help="Re-extract and re-parse every capture, not only new ones.")
@workers_option
@click.option(
    "--warcs",
    "warc_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Another folder of WARC files to index too, e.g. a remote worker's (repeatable).",
)
def process_cmd(
    config_path: str, archive: str | None, everything: bool, workers: int | None, warc_dirs: tuple[Path, ...]
) -> None:
    """Index new WARC files and parse the captures not yet processed.

    Example:

        harvester process --all
        harvester process --warcs /mnt/worker2/archive/warcs
    """
    from .jobs import pool_for

    config = _config(config_path, archive)
    with pool_for(workers) as pool:  # first: its workers import while this process imports the store
        from .pipeline import index_and_process
        from .store import Store

        with archive_lock(config.archive_dir, "process"):
            store = Store(config.database)
            indexed, stats = index_and_process(store, config, None, everything, None, False, workers, list(warc_dirs), pool)
    click.echo(json.dumps({"indexed": indexed, "processed": asdict(stats)}, ensure_ascii=False, indent=2))


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
@click.option("--keep/--fresh", default=False, help="Keep earlier demo output in the archive folder.")
def demo(config_path: str, archive: str | None, keep: bool) -> None:
    """Start the demo portal, crawl it, parse, store, and print a summary.

    Example:

        harvester demo --archive archive/demo
    """
    from .demo.server import DemoPortal
    from .pipeline import DEMO_OVERRIDES, demo_config, harvest
    from .serve import summary

    config = _config(config_path, archive or "archive/demo", required=False)
    with archive_lock(config.archive_dir, "demo"):  # before anything is deleted: never under a running crawl
        if not keep:
            _empty(config.archive_dir)
        with DemoPortal() as portal:
            click.echo(f"demo portal at http://127.0.0.1:{portal.port} (hosts *.demo.test)")
            config = demo_config(config, portal.port)
            harvest(config, list(config.sites.values()), overrides=DEMO_OVERRIDES)
    click.echo(summary(config))


def _empty(folder: Path) -> None:
    """Remove a folder's contents, keeping the lock file that guards it."""
    for child in folder.iterdir():
        if child.name == LOCK_NAME:
            continue
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


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

    store = Store(existing_database(_config(config_path, archive)))
    for row in store.db.query("SELECT id, kind, started, finished, status, sites, stats, error FROM runs ORDER BY id"):
        stats = json.loads(row["stats"] or "{}")
        processed = stats.get("processed", {})
        changes = " ".join(f"{k}={v}" for k, v in stats.get("reports", {}).items())
        faults = sum(sum(s.get("fetch_errors", {}).values()) for s in stats.get("sites", {}).values())
        changes += f" fetch_errors={faults}" if faults else ""
        changes += f" error={row['error']}" if row.get("error") else ""
        click.echo(
            f"#{row['id']} {row['kind']:<8} {row['status']:<9} {row['started']} → {row['finished'] or '-'} "
            f"sites={row['sites']} reports={processed.get('reports', '-')} facts={processed.get('facts', '-')} {changes}"
        )


for _command in ARCHIVE_COMMANDS + SITE_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """The `harvester` command (the console script): the CLI, then an exit without the last full collection."""
    try:
        cli()
    finally:
        quick_exit()


if __name__ == "__main__":
    main()
