"""Index closed WARC files into the store: captures (with offsets) and the crawler's decisions."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from ..warc.reader import iter_records
from ..warc.replay import write_cdxj
from .db import Store, now, upsert_many


def ensure_run(store: Store, run_id: int, date: str, site: str | None) -> None:
    """A runs row for a crawl run named by a WARC file (absent when the database is rebuilt from WARCs)."""
    if store.db.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone():
        return
    with store.db.conn:
        row = {"id": run_id, "kind": "crawl", "started": date, "status": "archived", "sites": json.dumps([site] if site else [])}
        store.db.table("runs").insert(row)


def index_warcs(
    store: Store, paths: list[Path], run_id: int | None = None, force: bool = False, index_dir: Path | None = None
) -> dict[str, int]:
    """Add every new WARC file's records; a file already indexed at the same size is skipped."""
    stats = {"files": 0, "captures": 0, "candidates": 0, "skipped": 0}
    for path in sorted(paths):
        size = path.stat().st_size
        known = store.db.execute("SELECT size FROM warc_files WHERE name = ?", [path.name]).fetchone()
        if known and known[0] == size and not force:
            stats["skipped"] += 1
            continue
        captures, candidates, conversions, blocks, faults = [], [], [], [], []
        count = 0
        site = None
        file_run = run_id
        for rec in iter_records(path):
            count += 1
            if rec.record_type == "warcinfo":
                site = rec.fields.get("site") or site
                if rec.fields.get("run-id", "").isdigit():
                    file_run = int(rec.fields["run-id"])
                    ensure_run(store, file_run, rec.date, site)
            elif rec.record_type in ("response", "revisit"):
                captures.append(
                    {
                        "record_id": rec.record_id,
                        "url": urldefrag(rec.url)[0],
                        "host": urlsplit(rec.url).hostname,
                        "record_type": rec.record_type,
                        "status": rec.status,
                        "fetched_at": rec.date,
                        "content_type": rec.content_type,
                        "warc_file": path.name,
                        "offset": rec.offset,
                        "length": rec.length,
                        "payload_digest": rec.payload_digest,
                        "ip": rec.ip,
                        "run_id": file_run,
                        "site": site,
                        "etag": rec.etag,
                        "last_modified": rec.last_modified,
                        "profile": rec.profile,
                        "refers_to": rec.refers_to,
                    }
                )
            elif rec.record_type == "conversion" and rec.refers_to:
                conversions.append(
                    {
                        "record_id": rec.record_id,
                        "refers_to": rec.refers_to,
                        "url": urldefrag(rec.url)[0],
                        "warc_file": path.name,
                        "offset": rec.offset,
                        "length": rec.length,
                        "block_digest": rec.block_digest,
                    }
                )
            elif rec.record_type == "metadata" and rec.fields.get("role") == "blocked":
                f = rec.fields
                blocks.append(
                    {
                        "metadata_record_id": rec.record_id,
                        "capture_record_id": rec.concurrent_to,
                        "url": urldefrag(rec.url)[0],
                        "host": urlsplit(rec.url).hostname,
                        "site": f.get("site"),
                        "status": f.get("status"),
                        "reason": f.get("reason", "blocked"),
                        "detected_at": rec.date,
                        "run_id": file_run,
                    }
                )
            elif rec.record_type == "metadata" and rec.fields.get("role") == "fetch_error":
                f = rec.fields
                faults.append(
                    {
                        "metadata_record_id": rec.record_id,
                        "url": urldefrag(rec.url)[0],
                        "host": urlsplit(rec.url).hostname,
                        "site": f.get("site"),
                        "kind": f.get("kind", "other"),
                        "error": f.get("error"),
                        "failed_at": rec.date,
                        "run_id": file_run,
                    }
                )
            elif rec.record_type == "metadata" and rec.concurrent_to and rec.fields.get("role"):
                f = rec.fields
                candidates.append(
                    {
                        "capture_record_id": rec.concurrent_to,
                        "metadata_record_id": rec.record_id,
                        "url": urldefrag(rec.url)[0],
                        "site": f.get("site"),
                        "role": f["role"],
                        "title": f.get("title"),
                        "parent_url": urldefrag(f["parent"])[0] if f.get("parent") else None,
                        "run_id": file_run,
                    }
                )
        with store.unit():  # plain statements: sqlite-utils' upserts cost more than the reading of the file
            row = {"name": path.name, "path": str(path), "size": size, "records": count, "indexed_at": now(), "run_id": file_run}
            conn = store.db.conn
            upsert_many(conn, "warc_files", [row], "name")
            upsert_many(conn, "captures", captures, "record_id")
            upsert_many(conn, "candidates", candidates, "capture_record_id")
            upsert_many(conn, "conversions", conversions, "record_id")
            upsert_many(conn, "blocks", blocks, "metadata_record_id")
            upsert_many(conn, "fetch_errors", faults, "metadata_record_id")
        cdxj = index_dir / (path.name + ".cdxj") if index_dir is not None else None
        if cdxj is not None and not (cdxj.exists() and cdxj.stat().st_mtime >= path.stat().st_mtime):
            if captures:  # a closed WARC file never changes: its index is written once
                write_cdxj(path, cdxj.parent)
            else:  # nothing replayable (conversion records only): an empty index, without reading the file again
                cdxj.parent.mkdir(parents=True, exist_ok=True)
                cdxj.write_bytes(b"")
        stats["files"] += 1
        stats["captures"] += len(captures)
        stats["candidates"] += len(candidates)
    return stats
