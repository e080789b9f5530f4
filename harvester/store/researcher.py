"""The researcher's views, migration 11: sites with their level and region, each report's timeliness against the
legal deadline (31 January for departments, 31 March for governments), and an agency × year summary of its counts."""

from __future__ import annotations

import sqlite_utils


def m011_researcher(db: sqlite_utils.Database) -> None:
    """Sites with their level and region, timeliness against the legal deadline, and an agency × year summary."""
    db.executescript(
        """
        CREATE TABLE sites (name TEXT PRIMARY KEY, title TEXT, level TEXT, region_code TEXT);
        CREATE VIEW timeliness AS
            SELECT r.id AS report_id, r.agency, r.year, r.site, s.level, s.region_code, r.published,
                   CASE WHEN r.agency LIKE '%人民政府' OR r.agency LIKE '%人民政府办公室' THEN 'government' ELSE 'department' END
                       AS body,
                   CASE WHEN r.agency LIKE '%人民政府' OR r.agency LIKE '%人民政府办公室'
                        THEN printf('%04d-03-31', r.year + 1) ELSE printf('%04d-01-31', r.year + 1) END AS deadline,
                   CAST(julianday(substr(r.published, 1, 10)) - julianday(
                        CASE WHEN r.agency LIKE '%人民政府' OR r.agency LIKE '%人民政府办公室'
                             THEN printf('%04d-03-31', r.year + 1) ELSE printf('%04d-01-31', r.year + 1) END) AS INTEGER)
                       AS days_late,
                   r.url
            FROM reports r LEFT JOIN sites s ON s.name = r.site
            WHERE r.status != 'superseded' AND r.year >= 2019 AND r.published IS NOT NULL;
        CREATE VIEW agency_year AS
            SELECT r.id AS report_id, r.agency, r.year, r.site, s.level, s.region_code,
                   MAX(CASE WHEN f."table" = 't3' AND f."row" = 'new_received' AND f.col = 'total' THEN f.value END) AS received,
                   MAX(CASE WHEN f."table" = 't3' AND f."row" = 'carried_over' AND f.col = 'total' THEN f.value END) AS carried_over,
                   MAX(CASE WHEN f."table" = 't3' AND f."row" = 'granted' AND f.col = 'total' THEN f.value END) AS granted,
                   MAX(CASE WHEN f."table" = 't3' AND f."row" = 'partially_granted' AND f.col = 'total' THEN f.value END)
                       AS partially_granted,
                   MAX(CASE WHEN f."table" = 't3' AND f."row" = 'total_processed' AND f.col = 'total' THEN f.value END)
                       AS processed,
                   MAX(CASE WHEN f."table" = 't4' AND f."row" = 'review' AND f.col = 'total' THEN f.value END) AS reviews,
                   MAX(CASE WHEN f."table" = 't4' AND f."row" = 'review' AND f.col = 'corrected' THEN f.value END)
                       AS reviews_corrected,
                   SUM(CASE WHEN f."table" = 't4' AND f."row" != 'review' AND f.col = 'total' THEN f.value END) AS lawsuits,
                   SUM(CASE WHEN f."table" = 't4' AND f."row" != 'review' AND f.col = 'corrected' THEN f.value END)
                       AS lawsuits_corrected,
                   r.failed_checks, r.url
            FROM reports r LEFT JOIN sites s ON s.name = r.site LEFT JOIN facts f ON f.report_id = r.id
            WHERE r.status != 'superseded' GROUP BY r.id;
        """
    )
