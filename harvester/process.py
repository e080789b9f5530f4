"""Processing stage: archived captures the crawler kept → extracted documents → parsed reports in the store."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import HarvesterError
from .extract import extract
from .parse import Document, parse_document
from .parse.checks import run_checks
from .parse.model import Report
from .store import Store
from .warc.reader import read_payload
from .warc.writer import RotatingWarcWriter

PARSER_VERSION = __version__


@dataclass
class ProcessStats:
    documents: int = 0
    unreadable: int = 0
    reports: int = 0
    facts: int = 0
    failed_checks: int = 0


def text_digest(text: str) -> str:
    """The WARC block digest a conversion record of this text carries."""
    return "sha1:" + base64.b32encode(hashlib.sha1(text.encode("utf-8")).digest()).decode("ascii")


def archive_conversion(store: Store, writer: RotatingWarcWriter | None, cand: dict[str, Any], text: str) -> str | None:
    """The conversion record holding this text: an archived one if identical, else a new one."""
    digest = text_digest(text)
    sql = "SELECT record_id FROM conversions WHERE refers_to = ? AND block_digest = ?"
    found = store.db.execute(sql, [cand["capture_record_id"], digest]).fetchone()
    if found:
        return str(found[0])
    if writer is None:
        return None
    loc = writer.write_conversion(cand["url"], cand["capture_record_id"], text)
    row = {
        "record_id": loc.record_id,
        "refers_to": cand["capture_record_id"],
        "url": cand["url"],
        "warc_file": loc.warc_file,
        "offset": loc.offset,
        "length": loc.length,
        "block_digest": digest,
    }
    with store.db.conn:
        store.db.table("conversions").upsert(row, pk="record_id")
    return loc.record_id


def _extract_candidate(
    store: Store, warc_dir: Path, cand: dict[str, Any], writer: RotatingWarcWriter | None
) -> tuple[int, Document | None]:
    """Extract one capture into a documents row; any failure is recorded on the document with its reason."""
    row: dict[str, Any] = {"capture_record_id": cand["capture_record_id"], "url": cand["url"], "parser_version": PARSER_VERSION}
    try:
        body, ctype, _ = read_payload(warc_dir / cand["warc_file"], cand["offset"])
        kind, doc = extract(body, ctype, cand["url"].split("?")[0])
    except HarvesterError as exc:
        row.update(status="unreadable", error=f"{type(exc).__name__}: {exc}")
        return store.save_document(row), None
    except (sqlite3.Error, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug or a library failure on this file: recorded, the run goes on
        row.update(status="failed", error=f"extract: {type(exc).__name__}: {exc}"[:500])
        return store.save_document(row), None
    row.update(
        status="ok",
        kind=kind,
        extractor=doc.extractor,
        encoding=doc.encoding,
        declared_encoding=doc.declared_encoding,
        pages=doc.pages,
        title=doc.title_hint or cand.get("title"),
        text=doc.text,
        extraction_path=doc.path,
        warnings=json.dumps(doc.warnings, ensure_ascii=False),
        conversion_record_id=archive_conversion(store, writer, cand, doc.text),
    )
    return store.save_document(row), doc


def _parse(store: Store, doc_id: int, doc: Document) -> Report | None:
    """The parsed report, or None with the failure recorded on its document."""
    try:
        return parse_document(doc)
    except (sqlite3.Error, KeyboardInterrupt):
        raise
    except Exception as exc:
        error = f"parse: {type(exc).__name__}: {exc}"[:500]
        with store.db.conn:
            store.db.execute("UPDATE documents SET status = 'failed', error = ? WHERE id = ?", [error, doc_id])
        return None


def combine(page: Report, attachments: list[tuple[Report, int, str]]) -> tuple[Report, dict[int, tuple[int, str]]]:
    """The page's parse, with tables it lacks taken from its attachments (e.g. 详见附件 + PDF)."""
    facts = list(page.facts)
    sources: dict[int, tuple[int, str]] = {}
    have = {f.table for f in facts}
    warnings = list(page.warnings)
    for report, doc_id, capture_id in attachments:
        new_tables = {f.table for f in report.facts} - have
        for f in report.facts:
            if f.table in new_tables:
                sources[len(facts)] = (doc_id, capture_id)
                facts.append(f)
        have |= new_tables
        warnings = [w for w in warnings if not any(w.startswith(f"{t}: table") for t in new_tables)]
        warnings += [f"attachment: {w}" for w in report.warnings if not w.startswith(("t2: table", "t3: table", "t4: table"))]
    template = page.template
    if not page.facts and attachments and attachments[0][0].facts:
        template = attachments[0][0].template
    sections = page.sections
    if not any(page.sections.values()):
        donor = next((r for r, _, _ in attachments if any(r.sections.values())), None)
        if donor is not None:  # 详见附件: the report's text is in the attachment
            sections = donor.sections
            warnings = [w for w in warnings if not w.startswith("sections:")]
    merged = Report(
        page.title or (attachments[0][0].title if attachments else None),
        page.agency or (attachments[0][0].agency if attachments else None),
        page.year or (attachments[0][0].year if attachments else None),
        template,
        sections,
        facts,
        run_checks(facts),
        warnings,
    )
    return merged, sources


def process(store: Store, warc_dir: Path, everything: bool = False, writer: RotatingWarcWriter | None = None) -> ProcessStats:
    """Build every report not yet stored (or all, with everything) from its page and attachments, then extract the
    captures no report claims. One report at a time: nothing is held across reports, and a killed run's
    half-done work (documents extracted, report not stored) is finished by the next."""
    stats = ProcessStats()
    pending = {c["capture_record_id"]: c for c in store.pending_candidates(everything)}
    for cand in list(store.reports_to_build(everything)):  # materialised: rows are written while building
        own = store.attachments_of(cand)
        for c in (cand, *own):
            pending.pop(c["capture_record_id"], None)
        _build_report(store, warc_dir, writer, cand, own, stats)
    for cand in pending.values():
        _, doc = _extract_candidate(store, warc_dir, cand, writer)
        stats.documents += 1
        stats.unreadable += doc is None
    return stats


def _build_report(
    store: Store,
    warc_dir: Path,
    writer: RotatingWarcWriter | None,
    cand: dict[str, Any],
    own: list[dict[str, Any]],
    stats: ProcessStats,
) -> None:
    doc_id, doc = _extract_candidate(store, warc_dir, cand, writer)
    stats.documents += 1
    stats.unreadable += doc is None
    attachments: list[tuple[Report, int, str]] = []
    unreadable: list[str] = []
    for att in own:
        att_id, att_doc = _extract_candidate(store, warc_dir, att, writer)
        stats.documents += 1
        stats.unreadable += att_doc is None
        parsed = _parse(store, att_id, att_doc) if att_doc is not None else None
        if parsed is None:
            unreadable.append(att["url"])
        else:
            attachments.append((parsed, att_id, att["capture_record_id"]))
    page = _parse(store, doc_id, doc) if doc is not None else None
    if page is None:
        page = Report(cand.get("title"), None, None, "unknown", {}, [], [], ["page unreadable"])
    page.warnings += [f"attachment unreadable: {url}" for url in unreadable]
    report, sources = combine(page, attachments)
    store.save_report(cand, doc_id, report, sources, text_digest(doc.text) if doc is not None else None)
    stats.reports += 1
    stats.facts += len(report.facts)
    stats.failed_checks += sum(1 for c in report.checks if c.status == "fail")
