"""Numbered schema migrations for the SQLite store, applied in order and recorded in _migrations."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from .reporthosts import m014_report_hosts
from .researcher import m011_researcher
from .sql import now

Migration = Callable[[sqlite_utils.Database], None]


def m001_core(db: sqlite_utils.Database) -> None:
    """Runs, WARC files, captures, crawler decisions, documents, reports, facts, checks."""
    db.executescript(
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
            status TEXT NOT NULL, sites TEXT, stats TEXT, error TEXT
        );
        CREATE TABLE warc_files (
            name TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, records INTEGER NOT NULL,
            indexed_at TEXT NOT NULL, run_id INTEGER REFERENCES runs(id)
        );
        CREATE TABLE captures (
            record_id TEXT PRIMARY KEY, url TEXT NOT NULL, host TEXT, record_type TEXT NOT NULL,
            status INTEGER, fetched_at TEXT NOT NULL, content_type TEXT, content_length INTEGER,
            warc_file TEXT NOT NULL REFERENCES warc_files(name), "offset" INTEGER NOT NULL, length INTEGER NOT NULL,
            payload_digest TEXT, ip TEXT, site TEXT, run_id INTEGER
        );
        CREATE INDEX captures_url ON captures(url);
        CREATE TABLE candidates (
            capture_record_id TEXT PRIMARY KEY REFERENCES captures(record_id), metadata_record_id TEXT,
            url TEXT NOT NULL, site TEXT, role TEXT NOT NULL, title TEXT, parent_url TEXT, run_id INTEGER
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY, capture_record_id TEXT NOT NULL UNIQUE REFERENCES captures(record_id),
            url TEXT NOT NULL, kind TEXT, extractor TEXT, parser_version TEXT, encoding TEXT, declared_encoding TEXT,
            pages INTEGER, title TEXT, text TEXT, status TEXT NOT NULL, error TEXT, processed_at TEXT NOT NULL
        );
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY, capture_record_id TEXT NOT NULL UNIQUE REFERENCES captures(record_id),
            document_id INTEGER REFERENCES documents(id), url TEXT NOT NULL, site TEXT, agency TEXT, year INTEGER,
            template TEXT, title TEXT, fact_count INTEGER, failed_checks INTEGER, sections TEXT, warnings TEXT,
            fetched_at TEXT
        );
        CREATE INDEX reports_agency_year ON reports(agency, year);
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id),
            document_id INTEGER REFERENCES documents(id), capture_record_id TEXT REFERENCES captures(record_id),
            "table" TEXT NOT NULL, "row" TEXT NOT NULL, col TEXT NOT NULL, value NUMERIC, raw TEXT,
            semantic TEXT NOT NULL, unit TEXT, locator TEXT
        );
        CREATE INDEX facts_report ON facts(report_id);
        CREATE INDEX facts_key ON facts("table", "row", col);
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id),
            "check" TEXT NOT NULL, key TEXT NOT NULL, status TEXT NOT NULL, detail TEXT
        );
        CREATE INDEX checks_report ON checks(report_id);
        """
    )
    db.table("documents").enable_fts(["title", "text"], tokenize="trigram", create_triggers=True)


def m002_views(db: sqlite_utils.Database) -> None:
    """Views that join each fact to its report and to the WARC record it came from."""
    db.create_view(
        "fact_sources",
        """
        SELECT f.id AS fact_id, r.agency, r.year, r.template, f."table", f."row", f.col, f.value, f.raw,
               f.semantic, f.unit, f.locator, c.url, c.warc_file, c."offset", c.length, c.record_id, c.fetched_at
        FROM facts f JOIN reports r ON r.id = f.report_id JOIN captures c ON c.record_id = f.capture_record_id
        """,
    )
    db.create_view(
        "failed_checks",
        """
        SELECT r.id AS report_id, r.agency, r.year, r.title, k."check", k.key, k.detail, r.url
        FROM checks k JOIN reports r ON r.id = k.report_id WHERE k.status = 'fail'
        """,
    )


def m003_conversions(db: sqlite_utils.Database) -> None:
    """Conversion records (extracted text archived in WARC) and the document each one derives."""
    db.executescript(
        """
        CREATE TABLE conversions (
            record_id TEXT PRIMARY KEY, refers_to TEXT NOT NULL, url TEXT, warc_file TEXT NOT NULL,
            "offset" INTEGER NOT NULL, length INTEGER NOT NULL, block_digest TEXT
        );
        CREATE INDEX conversions_refers_to ON conversions(refers_to);
        ALTER TABLE documents ADD COLUMN conversion_record_id TEXT REFERENCES conversions(record_id);
        """
    )


def m004_blocks(db: sqlite_utils.Database) -> None:
    """Hosts that answered with a JavaScript challenge, CAPTCHA or login wall (from WARC metadata)."""
    db.executescript(
        """
        CREATE TABLE blocks (
            metadata_record_id TEXT PRIMARY KEY, capture_record_id TEXT, url TEXT NOT NULL, host TEXT,
            site TEXT, status INTEGER, reason TEXT NOT NULL, detected_at TEXT, run_id INTEGER
        );
        """
    )


def m005_history(db: sqlite_utils.Database) -> None:
    """Fetch history for conditional requests and revisits; report versions and withdrawals."""
    db.executescript(
        """
        ALTER TABLE captures ADD COLUMN etag TEXT;
        ALTER TABLE captures ADD COLUMN last_modified TEXT;
        ALTER TABLE captures ADD COLUMN profile TEXT;
        ALTER TABLE captures ADD COLUMN refers_to TEXT;
        CREATE INDEX captures_digest ON captures(payload_digest);
        CREATE INDEX captures_run ON captures(run_id);
        ALTER TABLE reports ADD COLUMN status TEXT NOT NULL DEFAULT 'current';
        ALTER TABLE reports ADD COLUMN superseded_at TEXT;
        ALTER TABLE reports ADD COLUMN superseded_by INTEGER REFERENCES reports(id);
        ALTER TABLE reports ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE reports ADD COLUMN last_seen_at TEXT;
        ALTER TABLE reports ADD COLUMN text_digest TEXT;
        CREATE INDEX reports_url ON reports(url);
        """
    )


def m006_extraction(db: sqlite_utils.Database) -> None:
    """How each document was read (html, pdf-text, pdf-ocr, docx, doc, wps, xls, image-ocr) and OCR confidence."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN extraction_path TEXT;
        ALTER TABLE documents ADD COLUMN warnings TEXT;
        ALTER TABLE facts ADD COLUMN confidence REAL;
        CREATE VIEW low_confidence_facts AS
            SELECT f.*, r.agency, r.year, r.url FROM facts f JOIN reports r ON r.id = f.report_id
            WHERE f.confidence IS NOT NULL AND f.confidence < 0.9;
        """
    )


def m007_carry_over(db: sqlite_utils.Database) -> None:
    """Soft check across years: this year's carried_over against last year's carried_forward (same agency)."""
    db.create_view(
        "carry_over_across_years",
        """
        SELECT cur.agency, cur.year, f.col, prev_f.value AS last_year_carried_forward, f.value AS carried_over,
               CASE WHEN f.value IS NULL OR prev_f.value IS NULL THEN 'incomplete'
                    WHEN f.value = prev_f.value THEN 'pass' ELSE 'differ' END AS status,
               cur.url, prev.url AS last_year_url
        FROM reports cur
        JOIN reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1 AND prev.status != 'superseded'
        JOIN facts f ON f.report_id = cur.id AND f."table" = 't3' AND f."row" = 'carried_over'
        JOIN facts prev_f ON prev_f.report_id = prev.id AND prev_f."table" = 't3' AND prev_f."row" = 'carried_forward'
             AND prev_f.col = f.col
        WHERE cur.status != 'superseded'
        """,
    )


def m008_evidence(db: sqlite_utils.Database) -> None:
    """What each number rests on (grid, layout, identity, ocr), report publish date and scope, weakest facts first."""
    db.executescript(
        """
        ALTER TABLE facts ADD COLUMN evidence TEXT NOT NULL DEFAULT 'grid';
        ALTER TABLE reports ADD COLUMN published TEXT;
        ALTER TABLE reports ADD COLUMN scope TEXT;
        CREATE INDEX facts_evidence ON facts(evidence);
        CREATE VIEW weakest_evidence_facts AS
            SELECT f.id, f.report_id, r.agency, r.year, f."table", f."row", f.col, f.value, f.raw, f.evidence,
                   f.confidence, f.locator, r.url,
                   CASE f.evidence WHEN 'ocr' THEN 0 WHEN 'identity' THEN 1 WHEN 'layout' THEN 2 ELSE 3 END AS strength
            FROM facts f JOIN reports r ON r.id = f.report_id
            WHERE f.evidence != 'grid'
            ORDER BY strength, f.confidence, r.agency, r.year;
        """
    )


def m009_fetch_errors(db: sqlite_utils.Database) -> None:
    """Fetches that gave no response, per URL and kind (reset, truncated, timeout, too-large, decompression-bomb,
    dns, tls, refused, other), from the crawl's metadata records; failed documents get status 'failed'."""
    db.executescript(
        """
        CREATE TABLE fetch_errors (
            metadata_record_id TEXT PRIMARY KEY, url TEXT NOT NULL, host TEXT, site TEXT, kind TEXT NOT NULL,
            error TEXT, failed_at TEXT, run_id INTEGER
        );
        CREATE INDEX fetch_errors_run ON fetch_errors(run_id, kind);
        CREATE VIEW faults AS
            SELECT 'fetch' AS stage, kind, url, site, error AS reason, failed_at AS at, run_id FROM fetch_errors
            UNION ALL
            SELECT 'document', d.status, d.url, c.site, d.error, d.processed_at, c.run_id
            FROM documents d JOIN captures c ON c.record_id = d.capture_record_id WHERE d.status != 'ok';
        """
    )


def m010_labels(db: sqlite_utils.Database) -> None:
    """The template's Chinese labels beside the canonical keys, and facts shown with them."""
    db.executescript(
        """
        CREATE TABLE labels (
            id TEXT PRIMARY KEY, "table" TEXT NOT NULL, axis TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, gloss TEXT
        );
        CREATE VIEW facts_labelled AS
            SELECT f.id, r.agency, r.year, f."table", f."row", COALESCE(rl.label, f."row") AS row_label,
                   f.col, cl.label AS col_label, f.value, f.raw, f.semantic, f.unit, f.evidence, r.url, f.report_id
            FROM facts f JOIN reports r ON r.id = f.report_id
            LEFT JOIN labels rl ON rl."table" = f."table" AND rl.axis = 'row' AND rl.key = f."row"
            LEFT JOIN labels cl ON cl."table" = f."table" AND cl.axis = 'col' AND cl.key = f.col;
        """
    )


def m012_attachment_index(db: sqlite_utils.Database) -> None:
    """A report's attachments are looked up by index, not by scanning every candidate (quadratic at 10,000)."""
    db.execute("CREATE INDEX IF NOT EXISTS candidates_parent ON candidates (parent_url, role, run_id)")


def m013_partial_evidence_index(db: sqlite_utils.Database) -> None:
    """Facts not read from a grid are few: indexed alone, so that the index costs the many grid facts nothing."""
    db.executescript(
        """
        DROP INDEX IF EXISTS facts_evidence;
        CREATE INDEX facts_weak_evidence ON facts(evidence) WHERE evidence != 'grid';
        """
    )


def m015_search_index_writes(db: sqlite_utils.Database) -> None:
    """Documents enter and leave the search index through the store (Store.save_document), written last in each
    unit of work, not through triggers: FTS5 writes its pending terms to disk at every savepoint, and with the
    index written mid-transaction every later upsert or checked insert took one (saving a document cost 1.4–1.9
    times as much). The delete trigger stays: the harvester deletes no document; a hand-made delete is
    still kept out of the index."""
    db.execute("DROP TRIGGER IF EXISTS documents_ai")
    db.execute("DROP TRIGGER IF EXISTS documents_au")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "core", m001_core),
    (2, "views", m002_views),
    (3, "conversions", m003_conversions),
    (4, "blocks", m004_blocks),
    (5, "history", m005_history),
    (6, "extraction", m006_extraction),
    (7, "carry_over", m007_carry_over),
    (8, "evidence", m008_evidence),
    (9, "fetch_errors", m009_fetch_errors),
    (10, "labels", m010_labels),
    (11, "researcher", m011_researcher),
    (12, "attachment_index", m012_attachment_index),
    (13, "partial_evidence_index", m013_partial_evidence_index),
    (14, "report_hosts", m014_report_hosts),
    (15, "search_index_writes", m015_search_index_writes),
]


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration not yet recorded; returns the numbers applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    done = {row[0] for row in db.execute("SELECT number FROM _migrations").fetchall()}
    applied = []
    for number, name, fn in MIGRATIONS:
        if number in done:
            continue
        with db.conn:
            if not db.conn.in_transaction:  # DDL opens no transaction of its own: one migration, one transaction
                db.execute("BEGIN IMMEDIATE")  # (a migration using executescript commits it early, as it did before)
            fn(db)
            db.execute(
                "INSERT INTO _migrations (number, name, applied_at) VALUES (?, ?, ?)",
                [number, name, now()],
            )
        applied.append(number)
    return applied
