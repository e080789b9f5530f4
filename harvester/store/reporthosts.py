"""Whose report it is: a report found through a site but served by another host (a district's own site, linked
from its city's column) keeps the site that found it, never that site's level or region."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlite_utils

from ..errors import StoreError

_JOIN = "LEFT JOIN sites s ON s.name = r.site"
# The site's level and region only for a report on a host the site holds, by the crawl's scope rule: sites.hosts
# holds its GLOB patterns (Site.host_patterns). Sites recorded before the hosts were (NULL) keep the old join.
_ON_SITE = (
    "LEFT JOIN sites s ON s.name = r.site AND (s.hosts IS NULL OR EXISTS (SELECT 1 FROM json_each(s.hosts) h "
    "WHERE r.host GLOB h.value))"
)
VIEWS = ("timeliness", "agency_year")


def m014_report_hosts(db: sqlite_utils.Database) -> None:
    """reports.host and sites.hosts; the researcher's views take level and region from the site only on its hosts."""
    for table, column in (("reports", "host"), ("sites", "hosts")):  # a database left half-migrated by an older run
        if column not in db[table].columns_dict:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    rows = db.execute("SELECT id, url FROM reports").fetchall()
    db.conn.executemany("UPDATE reports SET host = ? WHERE id = ?", [(urlsplit(url).hostname, i) for i, url in rows])
    for view in VIEWS:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [view]).fetchone()
        if _ON_SITE in sql:
            continue
        if _JOIN not in sql or "r.site, s.level" not in sql:
            raise StoreError(f"view {view} is not the one migration 11 made")
        sql = sql.replace(_JOIN, _ON_SITE).replace("r.site, s.level", "r.site, r.host, s.level")
        db.execute(f"DROP VIEW {view}")
        db.execute(sql)
