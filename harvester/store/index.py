"""Index closed WARC files into the store: captures (with offsets) and the crawler's decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from ..warc.reader import IndexedRecord, iter_records
from ..warc.replay import write_cdxj
from .db import Store
from .sql import now, upsert_many

FLUSH = 500  # rows held before they are written: a file's indexing holds no more, however large the file


def ensure_run(store: Store, run_id: int, date: str, site: str | None) -> None:
    """A runs row for a crawl run named by a WARC file (absent when the database is rebuilt from WARCs)."""
    if store.db.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone():
        return
    row = {"id": run_id, "kind": "crawl", "started": date, "status": "archived", "sites": json.dumps([site] if site else [])}
    with store.unit():
        upsert_many(store.db.conn, "runs", [row], "id")


class _Rows:
    """A WARC file's rows for each table, written in batches within the file's transaction."""

    TABLES = (
        ("captures", "record_id"),
        ("candidates", "capture_record_id"),
        ("conversions", "record_id"),
        ("blocks", "metadata_record_id"),
        ("fetch_errors", "metadata_record_id"),
    )  # captures first: the rest refer to them

    def __init__(self, store: Store) -> None:
        self.conn = store.db.conn
        self.held: dict[str, list[dict[str, Any]]] = {table: [] for table, _ in self.TABLES}
        self.counts = dict.fromkeys(self.held, 0)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.held[table].append(row)
        self.counts[table] += 1
        if sum(map(len, self.held.values())) >= FLUSH:
            self.flush()

    def flush(self) -> None:
        for table, pk in self.TABLES:
            upsert_many(self.conn, table, self.held[table], pk)
            self.held[table] = []


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
        counts = _index_file(store, path, size, run_id)
        cdxj = index_dir / (path.name + ".cdxj") if index_dir is not None else None
        if cdxj is not None and not (cdxj.exists() and cdxj.stat().st_mtime >= path.stat().st_mtime):
            if counts["captures"]:  # a closed WARC file never changes: its index is written once
                write_cdxj(path, cdxj.parent)
            else:  # nothing replayable (conversion records only): an empty index, without reading the file again
                cdxj.parent.mkdir(parents=True, exist_ok=True)
                cdxj.write_bytes(b"")
        stats["files"] += 1
        stats["captures"] += counts["captures"]
        stats["candidates"] += counts["candidates"]
    return stats


def _index_file(store: Store, path: Path, size: int, run_id: int | None) -> dict[str, int]:
    """One file's records, in one transaction (a killed run indexes the file again); rows written as they come."""
    with store.unit():  # plain statements: sqlite-utils' upserts cost more than the reading of the file
        row = {"name": path.name, "path": str(path), "size": size, "records": 0, "indexed_at": now(), "run_id": run_id}
        upsert_many(store.db.conn, "warc_files", [row], "name")  # first: captures refer to it
        rows = _Rows(store)
        count, site, file_run = 0, None, run_id
        for rec in iter_records(path):
            count += 1
            if rec.record_type == "warcinfo":
                site = rec.fields.get("site") or site
                if rec.fields.get("run-id", "").isdigit():
                    file_run = int(rec.fields["run-id"])
                    ensure_run(store, file_run, rec.date, site)
                continue
            found = _row(rec, path.name, file_run, site)
            if found:
                rows.add(*found)
        rows.flush()
        sql = "UPDATE warc_files SET records = ?, run_id = ? WHERE name = ?"
        store.db.conn.execute(sql, [count, file_run, path.name])
    return rows.counts


def _row(rec: IndexedRecord, warc_file: str, run: int | None, site: str | None) -> tuple[str, dict[str, Any]] | None:
    """The table and row a record adds, if any."""
    url = urldefrag(rec.url)[0]
    f = rec.fields
    if rec.record_type in ("response", "revisit"):
        return "captures", {
            "record_id": rec.record_id, "url": url, "host": urlsplit(rec.url).hostname, "record_type": rec.record_type,
            "status": rec.status, "fetched_at": rec.date, "content_type": rec.content_type, "warc_file": warc_file,
            "offset": rec.offset, "length": rec.length, "payload_digest": rec.payload_digest, "ip": rec.ip,
            "run_id": run, "site": site, "etag": rec.etag, "last_modified": rec.last_modified,
            "profile": rec.profile, "refers_to": rec.refers_to,
        }  # fmt: skip
    if rec.record_type == "conversion" and rec.refers_to:
        return "conversions", {
            "record_id": rec.record_id, "refers_to": rec.refers_to, "url": url, "warc_file": warc_file,
            "offset": rec.offset, "length": rec.length, "block_digest": rec.block_digest,
        }  # fmt: skip
    if rec.record_type != "metadata":
        return None
    if f.get("role") == "blocked":
        return "blocks", {
            "metadata_record_id": rec.record_id, "capture_record_id": rec.concurrent_to, "url": url,
            "host": urlsplit(rec.url).hostname, "site": f.get("site"), "status": f.get("status"),
            "reason": f.get("reason", "blocked"), "detected_at": rec.date, "run_id": run,
        }  # fmt: skip
    if f.get("role") == "fetch_error":
        return "fetch_errors", {
            "metadata_record_id": rec.record_id, "url": url, "host": urlsplit(rec.url).hostname, "site": f.get("site"),
            "kind": f.get("kind", "other"), "error": f.get("error"), "failed_at": rec.date, "run_id": run,
        }  # fmt: skip
    if rec.concurrent_to and f.get("role"):
        return "candidates", {
            "capture_record_id": rec.concurrent_to, "metadata_record_id": rec.record_id, "url": url,
            "site": f.get("site"), "role": f["role"], "title": f.get("title"),
            "parent_url": urldefrag(f["parent"])[0] if f.get("parent") else None, "run_id": run,
        }  # fmt: skip
    return None
