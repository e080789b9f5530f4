"""Processing stage: archived captures the crawler kept → extracted documents → parsed reports in the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .jobs import Capture, Job, JobResult, Pool, batched, in_flight, run_jobs
from .progress import bar
from .store import Store
from .warc.records import PreparedRecord
from .warc.writer import RotatingWarcWriter

PARSER_VERSION = __version__
BATCH = 32  # reports stored per transaction; a killed run redoes at most this many


@dataclass
class ProcessStats:
    documents: int = 0
    unreadable: int = 0
    reports: int = 0
    facts: int = 0
    failed_checks: int = 0


def archive_conversion(
    store: Store, writer: RotatingWarcWriter | None, cand: dict[str, Any], prepared: PreparedRecord
) -> str | None:
    """The conversion record holding this text: an archived one if identical, else the prepared one, appended."""
    digest = prepared.block_digest
    sql = "SELECT record_id FROM conversions WHERE refers_to = ? AND block_digest = ?"
    found = store.db.execute(sql, [cand["capture_record_id"], digest]).fetchone()
    if found:
        return str(found[0])
    if writer is None:
        return None
    loc = writer.append(prepared)
    row = {
        "record_id": loc.record_id,
        "refers_to": cand["capture_record_id"],
        "url": cand["url"],
        "warc_file": loc.warc_file,
        "offset": loc.offset,
        "length": loc.length,
        "block_digest": digest,
    }
    store.save_conversion(row)
    return loc.record_id


def _save(store: Store, writer: RotatingWarcWriter | None, capture: Capture) -> int:
    """The capture's documents row (with its text archived as a conversion record); returns the row's id."""
    row = dict(capture.row)
    if capture.ok:
        assert capture.conversion is not None
        row["warnings"] = json.dumps(row.get("warnings") or [], ensure_ascii=False)
        row["conversion_record_id"] = archive_conversion(store, writer, capture.cand, capture.conversion)
    return store.save_document(row)


def process(
    store: Store,
    warc_dir: Path,
    everything: bool = False,
    writer: RotatingWarcWriter | None = None,
    workers: int = 1,
    pool: Pool | None = None,
) -> ProcessStats:
    """Build every report not yet stored (or all, with everything) from its page and attachments, then extract the
    captures no report claims. Extraction and parsing run in `workers` processes (or the pool given); the
    store is written here, one report at a time in the order captured. Nothing is held across reports, and a
    killed run's half-done work (documents extracted, report not stored) is finished by the next."""
    stats = ProcessStats()
    reports = (Job(cand, store.attachments_of(cand)) for cand in store.reports_to_build(everything))
    total = store.count_reports_to_build(everything)
    # With workers, the last window of jobs is already with them when this many are stored: the indexes are built
    # then, while they finish it, not after with the workers idle.
    early = total - in_flight(pool.workers) if pool else total
    with store.bulk(), bar("reports", total) as advance:
        for batch in batched(run_jobs(reports, warc_dir, PARSER_VERSION, workers, pool), BATCH):
            with store.unit():  # a few reports per transaction: the search index is flushed once per batch
                for _, result in batch:
                    _store_report(store, writer, result, stats)
            advance(len(batch))
            if stats.reports >= early:
                store.build_indexes(helper=pool is None)  # with workers, the cores are still theirs
    orphans = (Job(cand, parse=False) for cand in store.orphan_candidates(everything))
    for batch in batched(run_jobs(orphans, warc_dir, PARSER_VERSION, workers, pool), BATCH):
        with store.unit():
            for _, result in batch:
                _save(store, writer, result.captures[0])
                stats.documents += 1
                stats.unreadable += not result.captures[0].ok
    return stats


def _store_report(store: Store, writer: RotatingWarcWriter | None, result: JobResult, stats: ProcessStats) -> None:
    """One report's documents, conversion records, report, facts and checks."""
    assert result.report is not None
    doc_ids = [_save(store, writer, capture) for capture in result.captures]
    page = result.captures[0]
    sources = {i: (doc_ids[k], result.captures[k].cand["capture_record_id"]) for i, k in result.sources.items()}
    digest = page.conversion.block_digest if page.conversion else None  # the text's digest
    store.save_report(page.cand, doc_ids[0], result.report, sources, digest)
    stats.documents += len(result.captures)
    stats.unreadable += sum(not c.ok for c in result.captures)
    stats.reports += 1
    stats.facts += len(result.report.facts)
    stats.failed_checks += result.report.failed_checks
