"""A database made before reports knew their host is migrated: hosts filled in from the URLs, and the researcher's
views give a site's level and region only to reports on the site's hosts (or their subdomains, or www twins)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from harvester.config import Site
from harvester.store.migrations import MIGRATIONS, migrate


def test_an_older_database_gains_report_hosts_and_the_views_follow_them(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "h.db")
    older = [m for m in MIGRATIONS if m[0] < 14]
    db.execute("CREATE TABLE _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    for number, name, fn in older:
        with db.conn:
            fn(db)
            db.execute("INSERT INTO _migrations (number, name) VALUES (?, ?)", [number, name])
    db["sites"].insert({"name": "city", "title": "市", "level": "city", "region_code": "440100"})
    urls = [
        "http://www.gz.gov.cn/zwgk/ndbg/1.html",  # the site's host
        "https://gz.gov.cn/zwgk/ndbg/2.html",  # its bare twin
        "http://zwgk.www.gz.gov.cn/gkmlpt/content/3.html",  # a subdomain
        "http://www.hp.gov.cn/zwgk/4.html",  # a district's own host, linked from the city's column
        "http://hp.gz.gov.cn/zwgk/5.html",  # a subdomain of the twin: not the site's, as in the crawl's scope
    ]
    for i, url in enumerate(urls):
        db.execute(
            "INSERT INTO reports (capture_record_id, url, site, agency, year, status) VALUES (?, ?, 'city', ?, 2023, 'current')",
            [f"<urn:{i}>", url, f"机关{i}"],
        )
    with db.conn:
        assert migrate(db) == [m[0] for m in MIGRATIONS if m[0] >= 14]
    assert [r["host"] for r in db.query("select host from reports order by id")] == [
        "www.gz.gov.cn",
        "gz.gov.cn",
        "zwgk.www.gz.gov.cn",
        "www.hp.gov.cn",
        "hp.gz.gov.cn",
    ]
    rows = lambda: [(r["host"], r["level"], r["region_code"]) for r in db.query("select * from agency_year order by report_id")]  # noqa: E731
    assert [r[1] for r in rows()] == ["city"] * 5  # sites recorded before their hosts keep the old join
    site = Site("city", "市", "portal", ["http://www.gz.gov.cn/"], ["www.gz.gov.cn:80"])
    assert site.host_patterns() == ["*.www.gz.gov.cn", "gz.gov.cn", "www.gz.gov.cn"]
    db["sites"].update("city", {"hosts": json.dumps(site.host_patterns())})
    assert rows() == [
        ("www.gz.gov.cn", "city", "440100"),
        ("gz.gov.cn", "city", "440100"),
        ("zwgk.www.gz.gov.cn", "city", "440100"),
        ("www.hp.gov.cn", None, None),
        ("hp.gz.gov.cn", None, None),
    ]


def test_the_views_patterns_follow_the_crawls_scope_rule() -> None:
    """sites.hosts (GLOB patterns) and the crawl's scope (urls.holds) say the same of every host."""
    from fnmatch import fnmatchcase

    from harvester.urls import holds, host_patterns

    hosts = ["gz.gov.cn", "www.gz.gov.cn", "hp.gz.gov.cn", "a.www.gz.gov.cn", "xgz.gov.cn", "www.hp.gov.cn", "127.0.0.2"]
    for name in ("www.gz.gov.cn", "gz.gov.cn", "127.0.0.2", "localhost"):
        for host in hosts:
            assert holds(name, host) == any(fnmatchcase(host, p) for p in host_patterns(name)), (name, host)


def test_a_migration_killed_half_way_leaves_nothing_and_a_half_migrated_database_opens(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A kill in the middle of a migration (the kill-resume test hit one: `duplicate column name: host` on resume):
    a migration is one transaction, DDL included; and migration 14 also opens a database an older run left with
    its column added but the migration unrecorded."""
    import pytest

    from harvester.store import migrations

    db = sqlite_utils.Database(tmp_path / "h.db")
    migrate(db)

    def dies(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE reports ADD COLUMN half TEXT")
        raise SystemExit(9)  # killed here

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, (99, "dies", dies)])
    with pytest.raises(SystemExit):
        migrations.migrate(db)
    assert "half" not in db["reports"].columns_dict and 99 not in {
        r["number"] for r in db.query("select number from _migrations")
    }

    monkeypatch.undo()
    old = sqlite_utils.Database(tmp_path / "old.db")
    old.execute("CREATE TABLE _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    for number, name, fn in MIGRATIONS[:13]:
        with old.conn:
            fn(old)
            old.execute("INSERT INTO _migrations (number, name) VALUES (?, ?)", [number, name])
    with old.conn:
        old.execute("ALTER TABLE reports ADD COLUMN host TEXT")  # what the kill left, before migrations were atomic
    assert migrate(old) == [m[0] for m in MIGRATIONS if m[0] >= 14]
    assert "hosts" in old["sites"].columns_dict and "r.host" in old["agency_year"].schema
