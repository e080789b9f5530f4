"""The stages in order: crawl → WARC → index → extract and parse → store; each restartable."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config, Site, load_sites
from .process import ProcessStats, process
from .store import Store
from .store.index import index_warcs
from .warc.writer import RotatingWarcWriter, recover

CONVERSIONS_INFO = "conversion records: text the harvester extracted from the responses they refer to"
DEMO_REGISTRY = Path(__file__).parent / "demo" / "sites.toml"
STAT_KEYS = (
    "downloader/request_count",
    "downloader/response_count",
    "warc/records",
    "warc/bytes",
    "harvester/items/report",
    "harvester/items/attachment",
    "harvester/rejected_pages",
    "robotstxt/forbidden",
    "retry/count",
    "log_count/ERROR",
    "offsite/filtered",
)


def warc_dir(config: Config) -> Path:
    return config.archive_dir / "warcs"


def index_and_process(
    store: Store, config: Config, run_id: int | None, everything: bool = False, directory: Path | None = None, force: bool = False
) -> tuple[dict[str, int], ProcessStats]:
    """Close files left open by a crash, index every WARC file not yet indexed, process what is pending,
    archive the extracted text as conversion records, and index those too."""
    directory = directory or warc_dir(config)
    directory.mkdir(parents=True, exist_ok=True)
    recover(directory)
    indexes = config.archive_dir / "indexes"
    indexed = index_warcs(store, sorted(directory.glob("*.warc.gz")), run_id, force=force, index_dir=indexes)
    info = {"software": f"gov-harvester/{__version__}", "format": "WARC File Format 1.1", "content": CONVERSIONS_INFO}
    writer = RotatingWarcWriter(directory, f"{config.warc_prefix}-conversions", info, config.warc_max_size)
    try:
        stats = process(store, directory, everything, writer)
    finally:
        writer.close()
    index_warcs(store, [directory / name for name in writer.closed_files], run_id, index_dir=indexes)
    return indexed, stats


def summarise(stats: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per site: pages fetched, items, errors by kind, robots-disallowed, blocked hosts, traps, retries."""
    out = {}
    for site, s in stats.items():

        def prefixed(prefix: str, s: dict[str, Any] = s) -> dict[str, Any]:
            return {k[len(prefix) :]: v for k, v in s.items() if k.startswith(prefix)}

        statuses = prefixed("downloader/response_status_count/")
        out[site] = {
            "pages_fetched": s.get("downloader/response_count", 0),
            "requests": s.get("downloader/request_count", 0),
            "bytes": s.get("downloader/response_bytes", 0),
            "report_pages": s.get("harvester/items/report", 0),
            "attachments": s.get("harvester/items/attachment", 0),
            "rejected_pages": s.get("harvester/rejected_pages", 0),
            "http_errors": {k: v for k, v in statuses.items() if not k.startswith(("2", "3"))},
            "download_errors": prefixed("downloader/exception_type_count/"),
            "robots_disallowed": s.get("robotstxt/forbidden", 0),
            "offsite_filtered": s.get("offsite/filtered", 0),
            "blocked_hosts": prefixed("harvester/blocked_hosts/"),
            "traps": prefixed("harvester/trap/"),
            "retry_after_honoured": s.get("harvester/retry_after/honoured", 0),
            "warc_records": s.get("warc/records", 0),
            "finish_reason": s.get("finish_reason"),
        }
    return out


def report_changes(store: Store, run_id: int) -> dict[str, int]:
    """Report pages of this run: new URL, changed body, or unchanged since an earlier run."""
    sql = """SELECT c.url, c.payload_digest,
                    (SELECT COUNT(*) FROM captures p WHERE p.url = c.url AND p.run_id < c.run_id) AS before,
                    (SELECT COUNT(*) FROM captures p WHERE p.url = c.url AND p.run_id < c.run_id
                       AND p.payload_digest = c.payload_digest) AS same
             FROM candidates k JOIN captures c ON c.record_id = k.capture_record_id
             WHERE k.role = 'report' AND k.run_id = ?"""
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for row in store.db.query(sql, [run_id]):
        counts["unchanged" if row["same"] else "changed" if row["before"] else "new"] += 1
    return counts


def harvest(
    config: Config, sites: list[Site], overrides: dict[str, Any] | None = None, process_after: bool = True
) -> dict[str, Any]:
    """One crawl run of the given sites, recorded in the runs table with its statistics."""
    from .crawl.runner import run_crawl  # Scrapy is imported only when crawling

    store = Store(config.database)
    run_id = store.start_run("crawl", [s.name for s in sites])
    try:
        crawl_stats = summarise(run_crawl(config, sites, run_id, overrides))
        result: dict[str, Any] = {"run_id": run_id, "sites": crawl_stats}
        if process_after:
            indexed, processed = index_and_process(store, config, run_id)
            result |= {"indexed": indexed, "processed": asdict(processed), "reports": report_changes(store, run_id)}
        store.finish_run(run_id, "finished", result)
        return result
    except BaseException as exc:
        store.finish_run(run_id, "failed", {}, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        store.close()


def demo_config(config: Config, port: int) -> Config:
    """The configuration with the demo portal's registry in place of the real sites."""
    config.sites = load_sites(DEMO_REGISTRY, {"port": str(port)})
    return config


DEMO_OVERRIDES: dict[str, Any] = {
    "HOST_OVERRIDES": {"*.demo.test": "127.0.0.1"},
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
}
