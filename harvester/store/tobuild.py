"""Which captures a build reads: report pages not yet built, the attachments each took, captures no report claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils


class ToBuildMixin:
    """The Store's queries of what to build (it provides db)."""

    db: sqlite_utils.Database

    _CANDIDATE = """SELECT k.*, c.warc_file, w.path AS warc_path, c."offset", c.length, c.content_type, c.fetched_at
                    FROM candidates k JOIN captures c ON c.record_id = k.capture_record_id
                    LEFT JOIN warc_files w ON w.name = c.warc_file"""

    _TO_BUILD = """ AND (NOT EXISTS (SELECT 1 FROM reports r WHERE r.capture_record_id = k.capture_record_id)
                    OR EXISTS (SELECT 1 FROM candidates a LEFT JOIN documents d ON d.capture_record_id = a.capture_record_id
                               WHERE a.role = 'attachment' AND a.parent_url = k.url AND a.run_id IS k.run_id AND d.id IS NULL))"""

    def _to_build_where(self, everything: bool) -> str:
        """Report pages with no stored report, or with an attachment not yet extracted (all of them with everything)."""
        return "k.role = 'report' AND c.record_type = 'response'" + ("" if everything else self._TO_BUILD)

    def reports_to_build(self, everything: bool = False, page: int = 200) -> Iterator[dict[str, Any]]:
        """The report pages to build (see _to_build_where), in the order captured. Read a page of rows at a time
        (keyset), so nothing grows with the archive."""
        after = ("", "", "")
        while True:
            sql = f"""{self._CANDIDATE} WHERE {self._to_build_where(everything)}
                      AND (c.fetched_at, k.url, k.capture_record_id) > (?, ?, ?)
                      ORDER BY c.fetched_at, k.url, k.capture_record_id LIMIT {int(page)}"""
            rows = list(self.db.query(sql, after))
            yield from rows
            if len(rows) < page:
                return
            last = rows[-1]
            after = (last["fetched_at"], last["url"], last["capture_record_id"])

    def count_reports_to_build(self, everything: bool = False) -> int:
        sql = f"""SELECT COUNT(*) FROM candidates k JOIN captures c ON c.record_id = k.capture_record_id
                  WHERE {self._to_build_where(everything)}"""
        return int(self.db.execute(sql).fetchone()[0])

    def orphan_candidates(self, everything: bool = False) -> Iterator[dict[str, Any]]:
        """Captures the crawler kept that no report page claims (an attachment whose page is not a report
        capture of the same run), not yet extracted (all of them with everything)."""
        sql = f"""{self._CANDIDATE} LEFT JOIN documents d ON d.capture_record_id = k.capture_record_id
                  WHERE c.record_type = 'response' AND k.role != 'report'
                  AND NOT EXISTS (SELECT 1 FROM candidates p JOIN captures pc ON pc.record_id = p.capture_record_id
                                  WHERE p.role = 'report' AND p.url = k.parent_url AND p.run_id IS k.run_id
                                  AND pc.record_type = 'response')
                  {"" if everything else "AND d.id IS NULL"} ORDER BY c.fetched_at, k.url"""
        yield from self.db.query(sql)

    def attachments_of(self, report: dict[str, Any]) -> list[dict[str, Any]]:
        """The attachment captures the crawler took from this report page in the same run."""
        sql = f"""{self._CANDIDATE} WHERE k.role = 'attachment' AND k.parent_url = ? AND k.run_id IS ?
                  AND c.record_type = 'response' ORDER BY c.fetched_at, k.url"""
        return list(self.db.query(sql, [report["url"], report["run_id"]]))
