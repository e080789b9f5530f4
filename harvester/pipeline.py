"""The stages in order: crawl → WARC → index → extract and parse → store; each restartable."""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config, Site, load_sites
from .errors import DiskError
from .lock import crawl_lock
from .store import Store
from .store.index import index_warcs
from .warc.writer import RotatingWarcWriter, recover

if TYPE_CHECKING:
    from .jobs import Pool
    from .process import ProcessStats

CONVERSIONS_INFO = "conversion records: text the harvester extracted from the responses they refer to"
DEMO_REGISTRY = Path(__file__).parent / "demo" / "sites.toml"


def warc_dir(config: Config) -> Path:
    return config.archive_dir / "warcs"


def index_and_process(
    store: Store,
    config: Config,
    run_id: int | None,
    everything: bool = False,
    directory: Path | None = None,
    force: bool = False,
    workers: int | None = None,
    extra_dirs: list[Path] | None = None,
    pool: Pool | None = None,
) -> tuple[dict[str, int], ProcessStats]:
    """Close files left open by a crash, index every WARC file not yet indexed, process what is pending,
    archive the extracted text as conversion records, and index those too. With a pool given, its workers do
    the extracting and parsing; otherwise `workers` processes started here (default: one per core)."""
    from .jobs import pool_for
    from .process import process  # the extraction stack is imported when processing, not for a crawl's start-up

    directory = directory or warc_dir(config)
    directory.mkdir(parents=True, exist_ok=True)
    with nullcontext(pool) if pool else pool_for(workers) as pool:  # workers start while the files are indexed
        indexed = _index(store, config, run_id, directory, force, extra_dirs)
        info = {"software": f"gov-harvester/{__version__}", "format": "WARC File Format 1.1", "content": CONVERSIONS_INFO}
        writer = RotatingWarcWriter(directory, f"{config.warc_prefix}-conversions", info, config.warc_max_size)
        try:
            stats = process(store, directory, everything, writer, pool.workers if pool else 1, pool)
        finally:
            writer.close()
    indexes = config.archive_dir / "indexes"
    index_warcs(store, [directory / name for name in writer.closed_files], run_id, index_dir=indexes)
    return indexed, stats


def _index(
    store: Store, config: Config, run_id: int | None, directory: Path, force: bool, extra_dirs: list[Path] | None
) -> dict[str, int]:
    """Record the sites, close files left open by a crash and index every WARC file not yet indexed."""
    store.save_sites(  # level and region of each site, for the researcher's filters
        [
            {
                "name": s.name,
                "title": s.title,
                "level": s.group,
                "region_code": s.extra.get("region_code"),
                "hosts": json.dumps(s.host_patterns()),
            }
            for s in config.sites.values()
        ]
    )
    recover(directory)
    files = sorted(directory.glob("*.warc.gz"))
    for other in extra_dirs or []:  # workers' WARC folders (harvester process --warcs DIR)
        recover(other)
        files += sorted(other.glob("*.warc.gz"))
    return index_warcs(store, files, run_id, force=force, index_dir=config.archive_dir / "indexes")


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
            "not_modified": s.get("harvester/not_modified", 0),
            "served_from_archive": s.get("harvester/resume/served_from_archive", 0),
            "fetch_errors": prefixed("harvester/fetch_errors/"),
            "walk_pages": s.get("harvester/walk/pages", 0),
            "report_columns": s.get("harvester/walk/report_columns", 0),
            "widened_columns": s.get("harvester/walk/widened_columns", 0),  # notice and news columns walked at last
            "reports_elsewhere": s.get("harvester/walk/reports_elsewhere", 0),  # on unregistered government hosts
            "families_seen": prefixed("harvester/families/"),
            "page_budget_spent": s.get("harvester/budget/pages_exhausted"),
            "warc_records": s.get("warc/records", 0),
            "archiving_cpu_s": s.get("warc/cpu_s", 0),
            "finish_reason": s.get("finish_reason"),
        }
        if "workers" in s:  # a crawl on a Redis frontier: who took part, and what came back from dead workers
            out[site] |= {"workers": s["workers"], "requeued": s.get("harvester/frontier/requeued", 0)}
    return out


def run_changes(store: Store, run_id: int, sites: list[str], started: str) -> dict[str, int]:
    """New, changed, unchanged and withdrawn reports, revisit records and archived bytes of one run."""
    db = store.db
    versions = list(
        db.query(
            """SELECT r.id, (SELECT COUNT(*) FROM reports o WHERE o.superseded_by = r.id) AS supersedes
               FROM reports r JOIN captures c ON c.record_id = r.capture_record_id WHERE c.run_id = ?""",
            [run_id],
        )
    )
    marks = store.mark_seen_and_withdrawn(run_id, sites, started)
    seen_sql = """SELECT COUNT(DISTINCT r.id) FROM reports r JOIN captures c ON c.url = r.url AND c.run_id = ?
                  WHERE r.status = 'current'"""
    seen = db.execute(seen_sql, [run_id]).fetchone()[0]
    revisits = db.execute("SELECT COUNT(*) FROM captures WHERE run_id = ? AND record_type = 'revisit'", [run_id]).fetchone()[0]
    stored = db.execute("SELECT COALESCE(SUM(length), 0) FROM captures WHERE run_id = ?", [run_id]).fetchone()[0]
    return {
        "new": sum(1 for v in versions if not v["supersedes"]),
        "changed": sum(1 for v in versions if v["supersedes"]),
        "unchanged": seen - len(versions),
        "withdrawn": marks["withdrawn"],
        "revisits": revisits,
        "warc_bytes": stored,
    }


def run_started(store: Store, run_id: int) -> str | None:
    """When a run began, as the archive shows it: its first capture."""
    row = store.db.execute("SELECT MIN(fetched_at) FROM captures WHERE run_id = ?", [run_id]).fetchone()
    return str(row[0]) if row and row[0] else None


def mark_runs(store: Store) -> dict[int, dict[str, int]]:
    """Replay each crawl run's seen/withdrawn marking from the archive alone (for reparse)."""
    out = {}
    runs = [r[0] for r in store.db.execute("SELECT DISTINCT run_id FROM captures WHERE run_id IS NOT NULL ORDER BY run_id")]
    for run_id in runs:
        sites = [
            r[0] for r in store.db.execute("SELECT DISTINCT site FROM captures WHERE run_id = ? AND site IS NOT NULL", [run_id])
        ]
        out[run_id] = store.mark_seen_and_withdrawn(run_id, sites, run_started(store, run_id) or "")
    return out


def resumable_run(store: Store) -> dict[str, Any] | None:
    """The last crawl run that never finished (killed or stopped), if any."""
    row = next(store.db.query("SELECT * FROM runs WHERE kind = 'crawl' ORDER BY id DESC LIMIT 1"), None)
    return row if row and row["status"] in ("running", "stopped", "failed") else None


def harvest(
    config: Config,
    sites: list[Site],
    overrides: dict[str, Any] | None = None,
    process_after: bool = True,
    resume: bool = False,
    redis: str | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """One crawl run of the given sites, recorded in the runs table with its statistics.
    With resume, the last unfinished run goes on: what it archived is indexed and served from the WARC.
    With redis, `workers` worker processes share the crawl on that Redis frontier (more may join from elsewhere)."""
    with crawl_lock(config.archive_dir):
        return _harvest(config, sites, overrides, process_after, resume, redis, workers)


def _nothing_to_resume(store: Store) -> dict[str, Any] | None:
    """A resume's answer when no run is unfinished: the last run finished (or failed loudly), nothing was lost.
    None if no crawl run was ever recorded (killed before it was): resuming is starting."""
    last = next(store.db.query("SELECT id, status FROM runs WHERE kind = 'crawl' ORDER BY id DESC LIMIT 1"), None)
    if last is None:
        return None
    return {"run_id": last["id"], "resumed": False, "note": f"nothing to resume: crawl run #{last['id']} is {last['status']}"}


def _begin(store: Store, config: Config, sites: list[Site], previous: dict[str, Any] | None) -> tuple[int, str]:
    """The run to record into and when it began: the unfinished one going on (what it archived indexed), or a new one."""
    if previous is None:
        run_id = store.start_run("crawl", [s.name for s in sites])
        return run_id, str(store.db.table("runs").get(run_id)["started"])
    run_id = int(previous["id"])
    recover(warc_dir(config))
    index_warcs(store, sorted(warc_dir(config).glob("*.warc.gz")), run_id, index_dir=config.archive_dir / "indexes")
    store.db.table("runs").update(run_id, {"status": "running"})
    return run_id, str(previous["started"])


def _crawl(
    config: Config, sites: list[Site], run_id: int, redis: str | None, workers: int, extra: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Each site's crawl statistics, in this process or by workers on a Redis frontier; DiskError if the archive
    could not be written (what was archived stays valid; the run fails, loudly, and can be resumed once there is room)."""
    if redis:
        from .crawl.workers import run_workers

        raw = run_workers(config, sites, run_id, redis, workers, extra)
    else:
        from .crawl.runner import run_crawl  # Scrapy is imported only when crawling

        raw = run_crawl(config, sites, run_id, extra)
    disk = [f"{name}: {st['harvester/warc_write_error']}" for name, st in raw.items() if st.get("harvester/warc_write_error")]
    if disk:
        raise DiskError(
            "the archive could not be written (" + "; ".join(disk) + "); free space or fix permissions, then crawl --resume"
        )
    return raw


def _harvest(
    config: Config,
    sites: list[Site],
    overrides: dict[str, Any] | None,
    process_after: bool,
    resume: bool,
    redis: str | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    store = Store(config.database)
    previous = resumable_run(store) if resume else None
    note = _nothing_to_resume(store) if resume and previous is None else None
    if note is not None:
        store.close()
        return note
    run_id, started = _begin(store, config, sites, previous)
    extra = dict(overrides or {}) | ({"HARVESTER_RESUME_RUN": run_id} if previous else {})
    try:
        raw = _crawl(config, sites, run_id, redis, workers, extra)
        result: dict[str, Any] = {"run_id": run_id, "resumed": bool(previous), "sites": summarise(raw)}
        if process_after:
            indexed, processed = index_and_process(store, config, run_id)
            finished = [name for name, st in raw.items() if st.get("finish_reason") == "finished"]
            changes = run_changes(store, run_id, finished, run_started(store, run_id) or started)
            result |= {"indexed": indexed, "processed": asdict(processed), "reports": changes}
        complete = all(st.get("finish_reason") == "finished" for st in raw.values())
        store.finish_run(run_id, "finished" if complete else "stopped", result)
        return result
    except BaseException as exc:
        status = "stopped" if isinstance(exc, KeyboardInterrupt) else "failed"
        store.finish_run(run_id, status, {}, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        store.close()


def demo_config(config: Config, port: int) -> Config:
    """The configuration with the demo portal's registry in place of the real sites."""
    config.sites = load_sites(DEMO_REGISTRY, {"port": str(port)})
    return config


DEMO_OVERRIDES: dict[str, Any] = {
    "HOST_OVERRIDES": {"*.demo.test": "127.0.0.1"},
    "HARVESTER_REPORT_HOSTS": ["*.demo.test"],  # the demo's stand-in for *.gov.cn
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
}
