"""Spiders on the demo portal: every report once, no look-alike, nothing off-site or disallowed, traps
bounded, the challenge host blocked, and the run's statistics; plus the registry and URL helpers."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from harvester.config import FAMILIES, load_config, load_sites
from harvester.crawl.guards import retry_after_seconds
from harvester.pipeline import DEMO_REGISTRY
from harvester.urls import canonical, trap_reason
from spiders.trs import pager_pages

from .conftest import DEMO_TITLES, ROOT


@pytest.fixture(scope="module")
def db(demo_run: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_run / "harvest.db")


def test_every_report_found_exactly_once(db: sqlite_utils.Database) -> None:
    pages = list(db.query("select k.url, k.title from candidates k where k.role = 'report'"))
    assert Counter(canonical(p["url"]) for p in pages).most_common(1)[0][1] == 1
    fetched = Counter(canonical(r["url"]) for r in db.query("select url from captures where status = 200"))
    assert all(fetched[canonical(p["url"])] == 1 for p in pages)  # duplicate links were not fetched twice
    assert {r["title"] for r in db.query("select title from reports")} == DEMO_TITLES


def test_no_lookalike_offsite_or_disallowed_fetch(db: sqlite_utils.Database) -> None:
    sites = load_sites(DEMO_REGISTRY, {"port": "0"})
    allowed = {h for s in sites.values() for h in s.allowed_hosts}
    urls = [r["url"] for r in db.query("select url from captures")]
    assert {urlsplit(u).hostname for u in urls} <= allowed | {"www.district.demo.test"}  # a report linked elsewhere
    assert not [u for u in urls if urlsplit(u).path.startswith("/private/")]
    assert not [u for u in urls if any(x in u for x in ("post_190", "post_191", "post_290", "post_291", "_390"))]
    generic = [u for u in urls if urlsplit(u).hostname == "www.generic.demo.test" and urlsplit(u).path.startswith("/xxgk")]
    assert sum("/xxgk/" in u and u.rstrip("/").endswith(("/xxgk", "index.html", "utm_source=home")) for u in generic) == 1
    titles = [r["title"] for r in db.query("select title from candidates")]
    assert not [t for t in titles if any(w in t for w in ("预算", "统计", "要点"))]


def test_a_report_linked_to_another_government_host_is_fetched_with_its_attachment(db: sqlite_utils.Database) -> None:
    """The city's column links a district's report on the district's own host (in no site's registry) and a
    county's on a registered site's host: the district's page and its PDF on that host are fetched for the city
    (nothing else there), its tables read; the county's is left to its own site and fetched once."""
    district = [r["url"] for r in db.query("select url from captures where url like '%district.demo.test%'")]
    assert sorted(urlsplit(u).path for u in district) == ["/attachment/204.pdf", "/robots.txt", "/zwgk/ndbg/post_204.html"]
    row = next(
        db.query("select site, url, fact_count from reports where title = '粤示范市示范区人民政府2022年政府信息公开工作年度报告'")
    )
    from harvester.demo.data import demo_reports

    truth = next(r for r in demo_reports()["city-demo"] if r.id == 204)
    assert row["site"] == "city-demo" and "district.demo.test" in row["url"] and row["fact_count"] == len(truth.truth())
    county = list(db.query("select site from captures where url like '%/t20210128_302.html'"))
    assert [c["site"] for c in county] == ["trs-demo"]
    stats = run_stats(db)
    assert stats["city-demo"]["reports_elsewhere"] == 1
    # the researcher's views: found through the city, on another host: neither the city's level nor its region
    views = {r["title"]: r for r in db.query("select a.*, r.title from agency_year a join reports r on r.id = a.report_id")}
    district = views["粤示范市示范区人民政府2022年政府信息公开工作年度报告"]
    assert (district["site"], district["host"], district["level"], district["region_code"]) == (
        "city-demo",
        "www.district.demo.test",
        None,
        None,
    )
    own = [v for v in views.values() if v["site"] == "city-demo" and v["host"] != "www.district.demo.test"]
    assert own and {(v["host"], v["level"], v["region_code"]) for v in own} == {("www.city.demo.test", "city", "440100")}
    timely = {(r["host"], r["level"]) for r in db.query("select host, level from timeliness where site = 'city-demo'")}
    assert ("www.city.demo.test", "city") in timely and timely <= {
        ("www.city.demo.test", "city"),
        ("www.district.demo.test", None),
    }


def test_traps_bounded(db: sqlite_utils.Database) -> None:
    urls = [r["url"] for r in db.query("select url from captures")]
    assert not [u for u in urls if trap_reason(u)]
    assert not [u for u in urls if "/calendar" in u or "/nb/nb/" in u]
    stats = run_stats(db)
    assert sum(stats["generic-demo"]["traps"].values()) >= 2


def test_challenge_host_recorded_as_blocked(db: sqlite_utils.Database) -> None:
    blocks = list(db.query("select * from blocks"))
    assert [(b["site"], b["host"], b["status"], b["reason"]) for b in blocks] == [
        ("blocked-demo", "www.blocked.demo.test", 412, "http-412-challenge")
    ]
    archived = list(db.query("select status from captures where host = 'www.blocked.demo.test' and url not like '%robots.txt'"))
    assert archived == [{"status": 412}]  # stored in the WARC with its status, fetched once, then backed off
    assert db.execute("select count(*) from candidates where site = 'blocked-demo'").fetchone()[0] == 0


def run_stats(db: sqlite_utils.Database) -> dict:
    row = next(db.query("select stats from runs where kind = 'crawl' order by id desc limit 1"))
    return json.loads(row["stats"])["sites"]


def test_run_statistics(db: sqlite_utils.Database) -> None:
    stats = run_stats(db)
    assert set(stats) == set(load_sites(DEMO_REGISTRY, {"port": "0"}))
    for site, st in stats.items():
        captured = db.execute("select count(*) from captures where site = ?", [site]).fetchone()[0]
        assert st["pages_fetched"] == captured, site
    assert stats["gd-demo"]["report_pages"] == 4 and stats["gd-demo"]["attachments"] == 1
    assert stats["gd-demo"]["http_errors"] == {"404": 1}
    assert stats["trs-demo"]["robots_disallowed"] == 1 and stats["generic-demo"]["robots_disallowed"] == 1
    assert stats["trs-demo"]["retry_after_honoured"] == 1 and stats["trs-demo"]["http_errors"] == {"429": 1}
    assert stats["blocked-demo"]["blocked_hosts"] == {"www.blocked.demo.test": "http-412-challenge"}
    row = next(db.query("select stats from runs where kind = 'crawl'"))
    changes = json.loads(row["stats"])["reports"]
    revisits = db.execute("select count(*) from captures where record_type = 'revisit'").fetchone()[0]
    # only pages served under two names, byte for byte: a list page (index.html and index_1.html), a catalogue
    # shell (/gkmlpt/index and /gkmlpt/annualreport, whichever is fetched second), and the district host's
    # robots.txt (the city's own)
    paths = [urlsplit(r["url"]).path for r in db.query("select url from captures where record_type = 'revisit'")]
    twice = {"/zwgk/ndbg/index_1.html", "/yjzjj/gkmlpt/annualreport", "/yjzjj/gkmlpt/index", "/robots.txt"}
    assert set(paths) <= twice and len(paths) == revisits and sum("/gkmlpt/" in p for p in paths) <= 1
    assert changes | {"warc_bytes": 0} == {
        "new": len(DEMO_TITLES),
        "changed": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "revisits": revisits,
        "warc_bytes": 0,
    }
    assert changes["warc_bytes"] == db.execute("select sum(length) from captures").fetchone()[0]


def test_gkmlpt_list_spans_several_api_pages(db: sqlite_utils.Database) -> None:
    pages = [r["url"] for r in db.query("select url from captures where url like '%/api/all/1003%'")]
    assert len(pages) == 3  # six articles, two a page: the spider stops when `total` is reached


# ---- registry ---------------------------------------------------------------------------
CITY_SIDS = {
    "guangzhou": "200001",
    "shenzhen": "755001",
    "zhuhai": "756001",
    "huizhou": "752001",
    "jiangmen": "750001",
    "zhongshan": "760001",
    "shantou": "754001",
    "zhaoqing": "758001",
    "shaoguan": "751001",
    "heyuan": "762001",
    "shanwei": "660001",
    "yangjiang": "662001",
    "zhanjiang": "759001",
    "chaozhou": "768001",
    "jieyang": "663001",
    "yunfu": "766001",
}
REGISTRY = load_config(ROOT / "settings.toml").sites


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registry_entry(name: str) -> None:
    site = REGISTRY[name]
    assert site.family in FAMILIES and site.start_urls and site.allowed_hosts
    for url in site.start_urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.hostname in site.allowed_hosts
        assert parts.hostname.endswith(".gov.cn")
        assert parts.path == "/"  # home pages only: the walk finds the columns
    code = str(site.extra["region_code"])
    assert len(code) == 6 and code.startswith("44")


def test_registry_covers_province_and_21_cities() -> None:
    cities = [s for s in REGISTRY.values() if s.group == "city"]
    assert len(cities) == 21 and REGISTRY["gd"].sid == "2"
    assert {n: REGISTRY[n].sid for n in CITY_SIDS} == CITY_SIDS
    assert len({s.allowed_hosts[0] for s in REGISTRY.values()}) == len(REGISTRY)
    assert len({s.extra["region_code"] for s in cities}) == 21 and REGISTRY["gd"].extra["region_code"] == "440000"


# ---- pure helpers -----------------------------------------------------------------------
def test_canonical_urls_merge_duplicates() -> None:
    same = [
        "http://a.test/zwgk/ndbg/",
        "http://A.test/zwgk/ndbg/index.html",
        "http://a.test:80/zwgk/ndbg/index.html#top",
        "http://a.test/zwgk/ndbg/?utm_source=wx&from=timeline",
    ]
    assert len({canonical(u) for u in same}) == 1
    assert canonical("http://a.test/p?b=2&a=1") == canonical("http://a.test/p?a=1&b=2")
    assert canonical("http://a.test/p?id=1") != canonical("http://a.test/p?id=2")


def test_pager_both_argument_orders() -> None:
    assert pager_pages('createPageHTML(3, 0, "index", "html");') == ["index.html", "index_1.html", "index_2.html"]
    assert pager_pages("createPageHTML(1, 3, 'index', 'shtml')") == ["index.shtml", "index_1.shtml", "index_2.shtml"]
    assert pager_pages("no pager") == []


def test_retry_after_values() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_gkmlpt_under_a_sub_path_with_json_escaped_bodies(db: sqlite_utils.Database) -> None:
    urls = [r["url"] for r in db.query("select url from captures where site = 'dept-demo'")]
    from harvester.demo.front import FRONT_PATHS, OTHER_COLUMNS

    walk = [u for u in urls if "/zwgk/gkmlpt/" not in u and not u.endswith("robots.txt")]
    nfcms = ["/zwgk/ndbg/index.html", "/content/post_503.html"]  # the department's NFCMS column beside its catalogue
    jumped = ["/zwgk/jnb/index.html", "/zwgk/jnb/504.html"]  # the column its category 9 is a link to (jump_url)
    paths = {urlsplit(u).path for u in walk}
    assert paths <= set(FRONT_PATHS + OTHER_COLUMNS) | set(nfcms + jumped) and set(jumped) <= paths
    # SID read from a JS-literal window._CONFIG; category 7 has two pages (its count in classify only, no third
    # page asked for), 9 one, 8 (统计数据) none
    assert sorted(urlsplit(u).path.rsplit("/", 1)[1] for u in urls if "sid=511001" in u) == ["7", "7", "9"]
    posts = Counter(u for u in urls if "/gkmlpt/content/" in u)
    assert sorted(posts.values()) == [1, 1]  # article 501 listed twice, fetched once
    facts = db.execute("select count(*) from facts f join reports r on r.id = f.report_id where r.site = 'dept-demo'").fetchone()[
        0
    ]
    from harvester.demo.data import demo_reports

    assert facts == sum(len(r.truth()) for r in demo_reports()["dept-demo"])  # two bodies only in DETAIL, one in NFCMS
