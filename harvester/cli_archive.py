"""Archive commands: reparse from WARC, serve in Datasette, export a WACZ, replay in pywb."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict
from pathlib import Path

import click

from .cli_common import _config, archive_option, config_option, existing_database, workers_option
from .lock import archive_lock


@click.command()
@click.argument("warcs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@archive_option
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="Database to build (default: the configured one).")
@workers_option
def reparse(warcs: tuple[Path, ...], config_path: str, archive: str | None, db_path: Path | None, workers: int | None) -> None:
    """Rebuild the database from WARC files alone, offline, with the same parser.

    Example:

        harvester reparse archive/warcs/*.warc.gz --db /tmp/rebuilt.db
    """
    from .jobs import pool_for

    config = _config(config_path, archive, required=not warcs)
    files = list(warcs) or sorted((config.archive_dir / "warcs").glob("*.warc.gz"))
    if not files:
        raise click.ClickException("no WARC files given or found")
    dirs = {f.parent.resolve() for f in files}
    if len(dirs) != 1:
        raise click.ClickException("give WARC files from one folder")
    directory = dirs.pop()
    with pool_for(workers) as pool:  # first: its workers import while this process imports the store
        from .pipeline import index_and_process, mark_runs
        from .store import Store

        with archive_lock(directory.parent, "reparse"):  # it archives conversion records beside the WARC files
            store = Store(db_path or config.database)
            indexed, stats = index_and_process(store, config, None, True, directory, True, workers, pool=pool)
            mark_runs(store)
            run_id = store.start_run("reparse", [])
            store.finish_run(run_id, "finished", {"indexed": indexed, "processed": asdict(stats)})
    click.echo(
        json.dumps({"database": str(store.path), "indexed": indexed, "processed": asdict(stats)}, ensure_ascii=False, indent=2)
    )


@click.command()
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
    _port_free(host, port)
    from datasette.cli import cli as datasette_cli

    datasette_cli.main(args=datasette_argv(config.database, port, host), prog_name="datasette")


@click.command(name="export-wacz")
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
    store = Store(existing_database(config))
    pages = [
        {"url": r["url"], "ts": r["fetched_at"], "title": r["title"] or ""}
        for r in store.db.query("SELECT url, fetched_at, title FROM reports ORDER BY fetched_at")
    ]
    warcs = sorted((config.archive_dir / "warcs").glob("*.warc.gz"))
    out = export_wacz(warcs, pages, output or config.archive_dir / "harvest.wacz", "gov-harvester annual reports")
    click.echo(f"{out} ({len(warcs)} WARC files, {len(pages)} report pages)")


@click.command()
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
    if not any(warcs.glob("*.warc.gz")):
        raise click.ClickException(f"no WARC files in {warcs}: nothing to replay")
    _port_free("127.0.0.1", port)
    for warc in sorted(warcs.glob("*.warc.gz")):
        if not (indexes / (warc.name + ".cdxj")).exists():
            write_cdxj(warc, indexes)
    root = pywb_config(config.archive_dir / "replay", warcs, indexes)
    click.echo(f"pywb on http://127.0.0.1:{port}/harvest/ (config {root})")
    os.chdir(root.parent)
    os.execv(wayback_command(port)[0], wayback_command(port))


def _port_free(host: str, port: int) -> None:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise click.ClickException(f"port {port} on {host} is in use ({exc.strerror}): pass --port with a free one") from exc


ARCHIVE_COMMANDS = [reparse, serve, export_wacz_cmd, replay]
