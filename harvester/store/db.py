"""Store: open and migrate the database, record runs, documents, reports, facts and checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from ..errors import StoreError
from .labels import refresh_labels
from .migrations import migrate
from .rows import CHECK_COLUMNS, FACT_COLUMNS, ReportRows
from .sql import insert_many, insert_sql, now, upsert_sql
from .tobuild import ToBuildMixin

# SQLite's page cache. It fills as the database grows, so it sets how far a run's memory grows with the archive:
# at 16 MB a reparse of 10,000 reports peaked 16 MB above one of 1,000, and a 4 MB cache is as fast (bulk loads
# drop the big indexes; benchmarks/performance.py).
CACHE_KB = 4000

# Indexes of the facts and checks tables, rebuilt after a bulk load (see Store.bulk); made again on opening if a
# killed bulk load left them out.
BULK_INDEXES = {
    "facts_report": "CREATE INDEX IF NOT EXISTS facts_report ON facts(report_id)",
    "facts_key": 'CREATE INDEX IF NOT EXISTS facts_key ON facts("table", "row", col)',
    "checks_report": "CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id)",
}
_DOCUMENT_SEARCH = "SELECT id, title, text FROM documents WHERE capture_record_id = ?"
_SEARCH_INSERT = "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)"
_SEARCH_DELETE = "INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)"
FACTS_INSERT = insert_sql("facts", ("report_id", "document_id", "capture_record_id", *FACT_COLUMNS))
CHECKS_INSERT = insert_sql("checks", ("report_id", *CHECK_COLUMNS))


class Store(ToBuildMixin):
    """One SQLite database file; every unit of work runs in db.atomic-style transactions."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._depth = 0  # open units of work (see unit)
        self._unindexed = False  # a bulk load's indexes are still to be built (see bulk)
        self._search: list[tuple[str, Any]] = []  # the open unit's search index changes (see _write_search)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL: a commit is not synced, yet a kill or crash never leaves the database inconsistent
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size={-CACHE_KB}")
            self.db.execute("PRAGMA foreign_keys=ON")
            migrate(self.db)
            for sql in BULK_INDEXES.values():
                self.db.execute(sql)
            refresh_labels(self.db)
        except Exception as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    # -- runs -----------------------------------------------------------------------------
    def start_run(self, kind: str, sites: list[str]) -> int:
        with self.db.conn:
            table = self.db.table("runs").insert(
                {"kind": kind, "started": now(), "status": "running", "sites": json.dumps(sites)}
            )
            return int(table.last_pk or 0)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any], error: str | None = None) -> None:
        with self.db.conn:
            self.db.table("runs").update(
                run_id,
                {
                    "finished": now(),
                    "status": status,
                    "stats": json.dumps(stats, ensure_ascii=False, default=str),
                    "error": error,
                },
            )

    # -- documents and reports ------------------------------------------------------------
    @contextmanager
    def unit(self) -> Iterator[None]:
        """One transaction for a unit of work; units opened inside it join it, and the outermost commits
        (or rolls back on an error). sqlite-utils' helpers commit on their own, so units use plain SQL."""
        if self._depth == 0 and not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN")
        self._depth += 1
        try:
            yield
            if self._depth == 1:
                self._write_search()
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._search.clear()
                self.db.conn.rollback()
            raise
        self._depth -= 1
        if self._depth == 0:
            self.db.conn.commit()

    def _write_search(self) -> None:
        """The unit's changes to the search index, last before it commits: FTS5 writes its pending terms to disk
        at every savepoint, and any later statement of the transaction that takes one (an upsert, a foreign key)
        would flush them once per row (saving a document cost 1.4–1.9 times as much; see m015). A document row
        deleted in the same unit after it was saved would leave its queued entry behind: the harvester deletes none."""
        for sql, params in self._search:
            self.db.conn.execute(sql, params)
        self._search.clear()

    @contextmanager
    def bulk(self) -> Iterator[bool]:
        """Into an empty facts table, load without its indexes and build them once at the end (sorted, at a
        fraction of the cost of keeping them up to date row by row). Yields whether it is a bulk load."""
        empty = self.db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is None
        if empty:
            with self.unit():
                for name in BULK_INDEXES:
                    self.db.conn.execute(f"DROP INDEX IF EXISTS {name}")
            self._unindexed = True
        try:
            yield empty
        finally:
            self.build_indexes()

    def build_indexes(self, helper: bool = True) -> None:
        """Build a bulk load's indexes now (once; the rows still to come are indexed as they are inserted): a
        processing run with worker processes does it while they finish the last reports, without a helper."""
        if not self._unindexed:
            return
        # A helper thread sorts (a quarter less time at 10k reports, a third more CPU: 0.34-0.39 s against
        # 0.21-0.29 s at 1k), when a core is free for it; the sorters take their memory from the page cache's size,
        # so a smaller one keeps the peak where one sorter had it.
        self.db.conn.execute(f"PRAGMA threads = {int(helper)}")
        self.db.conn.execute(f"PRAGMA cache_size = {-CACHE_KB // 4}")
        with self.unit():
            for sql in BULK_INDEXES.values():
                self.db.conn.execute(sql)
        self.db.conn.execute("PRAGMA threads = 0")
        self.db.conn.execute(f"PRAGMA cache_size = {-CACHE_KB}")
        self._unindexed = False

    def save_document(self, row: dict[str, Any]) -> int:
        """Insert or replace the documents row of a capture (one statement); its text enters the search index
        when the unit of work commits (the store keeps the index, not triggers: see m015)."""
        row = {**row, "processed_at": now()}
        cols = list(row)
        conn = self.db.conn
        with self.unit():
            known = conn.execute(_DOCUMENT_SEARCH, [row["capture_record_id"]]).fetchone()
            if known is not None:  # its text leaves the index as it was indexed
                self._search.append((_SEARCH_DELETE, known))
            sql = upsert_sql("documents", cols, "capture_record_id") + " RETURNING id, title, text"
            found = conn.execute(sql, [row[c] for c in cols]).fetchone()
            self._search.append((_SEARCH_INSERT, found))
        return int(found[0])

    def save_conversion(self, row: dict[str, Any]) -> None:
        with self.unit():
            insert_many(self.db.conn, "conversions", [row], verb="INSERT OR REPLACE")

    def save_report(
        self,
        capture: dict[str, Any],
        document_id: int | None,
        report: ReportRows,
        sources: dict[int, tuple[int, str]],
        text_digest: str | None = None,
    ) -> int:
        """Store a parse of one capture. The same capture replaces its earlier parse; a new capture of a URL
        with the same text only refreshes last_seen_at; with other text it is a new version that supersedes."""
        fetched = capture.get("fetched_at")
        with self.unit():
            current = self.db.execute(
                "SELECT id, capture_record_id, text_digest FROM reports WHERE url = ? AND status != 'superseded' ORDER BY id DESC LIMIT 1",
                [capture["url"]],
            ).fetchone()
            if current and current[1] != capture["capture_record_id"] and text_digest and current[2] == text_digest:
                self.db.execute(
                    "UPDATE reports SET last_seen_at = ?, status = 'current', withdrawn_at = NULL WHERE id = ?",
                    [fetched, current[0]],
                )
                return int(current[0])
            report_id = self._write_report(capture, document_id, report, sources, text_digest)
            if current and current[1] != capture["capture_record_id"]:
                self.db.execute(
                    "UPDATE reports SET status = 'superseded', superseded_at = ?, superseded_by = ? WHERE id = ?",
                    [fetched, report_id, current[0]],
                )
        return report_id

    def _write_report(
        self,
        capture: dict[str, Any],
        document_id: int | None,
        report: ReportRows,
        sources: dict[int, tuple[int, str]],
        text_digest: str | None,
    ) -> int:
        row = {
            "capture_record_id": capture["capture_record_id"],
            "document_id": document_id,
            "url": capture["url"],
            "host": urlsplit(capture["url"]).hostname,
            "site": capture.get("site"),
            "agency": report.agency,
            "year": report.year,
            "template": report.template,
            "title": report.title,
            "published": report.published,
            "scope": report.scope,
            "fact_count": len(report.facts),
            "failed_checks": report.failed_checks,
            "sections": json.dumps(report.sections, ensure_ascii=False),
            "warnings": json.dumps(report.warnings, ensure_ascii=False),
            "fetched_at": capture.get("fetched_at"),
            "last_seen_at": capture.get("fetched_at"),
            "text_digest": text_digest,
            "status": "current",
        }
        # Plain statements only: sqlite-utils' helpers commit on their own, and a report must never be
        # stored without its facts (a kill in between would leave it so, and a resume would not rebuild it).
        conn = self.db.conn
        old = conn.execute("SELECT id FROM reports WHERE capture_record_id = ?", [row["capture_record_id"]]).fetchone()
        if old:
            conn.execute("DELETE FROM facts WHERE report_id = ?", [old[0]])
            conn.execute("DELETE FROM checks WHERE report_id = ?", [old[0]])
            update = {k: v for k, v in row.items() if k != "status"}
            conn.execute(f"UPDATE reports SET {', '.join(f'{k} = ?' for k in update)} WHERE id = ?", [*update.values(), old[0]])
            report_id = int(old[0])
        else:
            cursor = conn.execute(insert_sql("reports", list(row)), list(row.values()))
            report_id = int(cursor.lastrowid or 0)
        own = (document_id, capture["capture_record_id"])
        facts = [(report_id, *sources.get(i, own), *fact) for i, fact in enumerate(report.facts)]
        conn.executemany(FACTS_INSERT, facts)
        conn.executemany(CHECKS_INSERT, [(report_id, *check) for check in report.checks])
        return report_id

    def mark_seen_and_withdrawn(self, run_id: int, sites: list[str], run_started: str) -> dict[str, int]:
        """Reports of these sites seen in this run get last_seen_at; those not seen, or answered 404/410, are withdrawn."""
        seen_sql = """SELECT r.id, MAX(c.fetched_at) AS at, MAX(c.status IN (404, 410)) AS gone FROM reports r
                      JOIN captures c ON c.url = r.url AND c.run_id = ? WHERE r.status != 'superseded' GROUP BY r.id"""
        seen = {row[0]: (row[1], row[2]) for row in self.db.execute(seen_sql, [run_id]).fetchall()}
        withdrawn = 0
        with self.db.conn:
            marks = ",".join("?" for _ in sites)
            for rid, status in self.db.execute(
                f"SELECT id, status FROM reports WHERE status != 'superseded' AND site IN ({marks})", sites
            ).fetchall():
                at, gone = seen.get(rid, (None, 0))
                if at and not gone:
                    self.db.execute(
                        "UPDATE reports SET last_seen_at = MAX(COALESCE(last_seen_at, ''), ?), status = 'current', withdrawn_at = NULL WHERE id = ?",
                        [at, rid],
                    )
                elif status != "withdrawn":
                    self.db.execute(
                        "UPDATE reports SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?", [at or run_started, rid]
                    )
                    withdrawn += 1
        return {"withdrawn": withdrawn}

    def save_sites(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.db.conn:
                self.db.table("sites").upsert_all(rows, pk="name")

    def counts(self) -> dict[str, int]:
        names = ("runs", "warc_files", "captures", "candidates", "documents", "reports", "facts", "checks")
        return {n: self.db.table(n).count for n in names}
