"""Datasette glue: the metadata file, the `datasette serve` arguments, and the demo summary."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ConfigError
from .store import Store

METADATA = Path(__file__).resolve().parent.parent / "archive" / "metadata.json"


def metadata() -> dict[str, Any]:
    try:
        return dict(json.loads(METADATA.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ConfigError(f"Datasette metadata missing: {METADATA}") from exc


def own_command() -> str:
    """How the user ran this harvester, as a command that runs as printed (.venv/bin/harvester is not on PATH)."""
    exe = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if exe is None or exe.name != "harvester" or shutil.which("harvester") == str(exe.resolve()):
        return "harvester" if shutil.which("harvester") else f"{sys.executable} -m harvester.cli"
    try:
        return str(exe.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(exe.resolve())


def datasette_argv(database: Path, port: int, host: str) -> list[str]:
    """Served immutable (-i): read-only, and Datasette may count and cache freely."""
    return [
        "serve",
        "-i",
        str(database),
        "--metadata",
        str(METADATA),
        "--port",
        str(port),
        "--host",
        host,
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]


def summary(config: Config) -> str:
    """Sites, reports, facts, failed checks, WARC files, and how to open Datasette."""
    store = Store(config.database)
    db = store.db
    lines = ["", "demo harvest finished:"]
    for row in db.query(
        "SELECT site, COUNT(*) AS n, SUM(fact_count) AS facts, SUM(failed_checks > 0) AS bad FROM reports GROUP BY site ORDER BY site"
    ):
        lines.append(f"  site {row['site']}: {row['n']} reports, {row['facts']} facts, {row['bad']} with failed checks")
    run = next(db.query("SELECT stats FROM runs WHERE kind = 'crawl' ORDER BY id DESC LIMIT 1"), None)
    if run and run["stats"]:
        stats = json.loads(run["stats"])
        for site, st in stats.get("sites", {}).items():
            extras = [
                f"{k}={v}"
                for k, v in (
                    ("robots-disallowed", st["robots_disallowed"]),
                    ("traps", sum(st["traps"].values())),
                    ("retry-after", st["retry_after_honoured"]),
                    ("http-errors", st["http_errors"]),
                    ("blocked", list(st["blocked_hosts"])),
                    ("page-budget-spent", st.get("page_budget_spent")),
                )
                if v
            ]
            cost = f"{st['pages_fetched'] / st['report_pages']:.1f} pages per report" if st["report_pages"] else "no report found"
            lines.append(
                f"  crawl {site}: {st['pages_fetched']} pages, {st['report_pages']} report pages ({cost}), "
                f"{st['attachments']} attachments {' '.join(extras)}"
            )
        lines.append(f"  reports this run: {stats.get('reports', {})}")
    counts = store.counts()
    lines.append(
        f"  total: {counts['reports']} reports, {counts['facts']} facts, {counts['captures']} captures, {counts['documents']} documents"
    )
    for row in db.query('SELECT DISTINCT agency, year, "check", key, detail FROM failed_checks ORDER BY agency, year'):
        lines.append(f"  failed check: {row['agency']} {row['year']} {row['check']}[{row['key']}] {row['detail']}")
    warcs = sorted((config.archive_dir / "warcs").glob("*.warc.gz"))
    lines.append(f"  WARC files ({len(warcs)}):")
    lines += [f"    {w}" for w in warcs]
    lines.append(f"  database: {config.database}")
    from .tools import features

    lines += [f"  feature off: {name} ({detail})" for name, ok, detail in features() if not ok]
    lines.append("open it in Datasette:")
    lines.append(f"  {own_command()} serve --archive {config.archive_dir}")
    store.close()
    return "\n".join(lines)
