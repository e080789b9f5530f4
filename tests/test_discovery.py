"""Discovery from a portal's front door on every CMS the demo imitates: home pages only in the registry, every
report and attachment once, no decoy, nothing outside a site's scope, the walk's cost on record."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from harvester.config import load_sites
from harvester.demo.data import demo_reports
from harvester.pipeline import DEMO_REGISTRY
from harvester.urls import canonical
from spiders.portal import link_score, page_kinds


@pytest.fixture(scope="module")
def db(demo_run: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_run / "harvest.db")


def test_registry_names_home_pages_only() -> None:
    for site in load_sites(DEMO_REGISTRY, {"port": "1"}).values():
        for url in site.start_urls:
            path = urlsplit(url).path
            assert path == "/" or (site.extra.get("scope") == "prefix" and path.count("/") == 2), url


@pytest.mark.parametrize(
    "site",
    ["gd-demo", "city-demo", "trs-demo", "dept-demo", "docs-demo", "hanweb-demo", "jeecms-demo", "bureau-demo", "generic-demo"]
    + ["notice-demo"],
)
def test_every_report_of_each_site_once_from_its_home_page(db: sqlite_utils.Database, site: str) -> None:
    titles = Counter(r["title"] for r in db.query("select title from reports where site = ?", [site]))
    assert set(titles) == {r.title for r in demo_reports()[site]} and set(titles.values()) == {1}
    pdf_reports = [r for r in demo_reports()[site] if r.form == "pdf"]
    attachments = list(db.query("select url, title from candidates where site = ? and role = 'attachment'", [site]))
    assert len(attachments) >= len(pdf_reports)
    for r in pdf_reports:  # their tables come from the attachment
        facts = db.execute("select fact_count from reports where title = ?", [r.title]).fetchone()[0]
        assert facts == len(r.truth())


def test_hanweb_datastore_and_downfile_attachment_with_its_real_name(db: sqlite_utils.Database) -> None:
    att = next(db.query("select url, title from candidates where site = 'hanweb-demo' and role = 'attachment'"))
    assert "downfile.jsp" in att["url"] and att["title"] == "粤示范新区管理委员会2022年政府信息公开工作年度报告.pdf"


def test_no_decoy_fetched(db: sqlite_utils.Database) -> None:
    urls = [r["url"] for r in db.query("select url from captures")]
    assert not [u for u in urls if "art_1234_69" in u or "/ndbg/79" in u]  # 图解 and 解读 in the report columns


def test_nothing_outside_scope(db: sqlite_utils.Database) -> None:
    bureau = [urlsplit(r["url"]).path for r in db.query("select url from captures where site = 'bureau-demo'")]
    assert bureau and all(p.startswith("/yjzjj/") or p == "/robots.txt" for p in bureau)
    city = [urlsplit(r["url"]).path for r in db.query("select url from captures where site = 'city-demo'")]
    assert not [p for p in city if p.startswith("/yjzjj/")]
    urls = [canonical(r["url"]) for r in db.query("select url from captures where status = 200 and url not like '%/robots.txt'")]
    assert not [u for u, n in Counter(urls).items() if n > 1]


def test_a_site_without_a_report_column_is_walked_through_its_notices(db: sqlite_utils.Database) -> None:
    """notice-demo posts its reports among its notices (one on the column's third page): the walk, having found
    no report link, takes the notice and news columns it passed by, with their paging; sites whose walk found
    reports are never widened."""
    stats = json.loads(next(db.query("select stats from runs where kind = 'crawl'"))["stats"])["sites"]
    assert stats["notice-demo"]["widened_columns"] == 2  # 通知公告 and 工作动态, not 机构概况 or 政策法规
    assert all(not st["widened_columns"] for name, st in stats.items() if name != "notice-demo")
    paths = {urlsplit(r["url"]).path for r in db.query("select url from captures where site = 'notice-demo'")}
    assert {"/tzgg/", "/tzgg/index_1.html", "/tzgg/index_2.html", "/gzdt/", "/gzdt/index_1.html"} <= paths
    assert not {p for p in paths if p.startswith(("/jggk/", "/zcfg/", "/hdjl/"))}
    assert "/tzgg/2.html" not in paths  # 「关于报送2022年政府信息公开工作年度报告的通知」: about reports, not one


def test_walk_cost_and_families_on_record(db: sqlite_utils.Database, demo_run: Path) -> None:
    stats = json.loads(next(db.query("select stats from runs where kind = 'crawl'"))["stats"])["sites"]
    sites = load_sites(DEMO_REGISTRY, {"port": "1"})
    for name, st in stats.items():
        assert st["walk_pages"] <= int(sites[name].extra.get("page_budget", 300)) and not st["page_budget_spent"]
        if st["report_pages"]:
            assert st["pages_fetched"] / st["report_pages"] < 10, (name, st["pages_fetched"], st["report_pages"])
    assert "hanweb" in stats["hanweb-demo"]["families_seen"] and "jeecms" in stats["jeecms-demo"]["families_seen"]
    assert "gkmlpt" in stats["bureau-demo"]["families_seen"] and {"trs", "gkmlpt"} <= set(stats["trs-demo"]["families_seen"])
    assert {"gkmlpt", "nfcms"} <= set(stats["dept-demo"]["families_seen"])  # one site, two families
    summary = (demo_run / "demo-output.txt").read_text()
    assert "pages per report" in summary


def test_page_kinds_and_link_scores() -> None:
    assert page_kinds("<script>window._CONFIG = {SID: '2', TREE: []}</script>") == {"gkmlpt"}
    assert page_kinds('<script type="text/xml"><datastore><record/></datastore></script>') == {"hanweb"}
    assert "jeecms" in page_kinds('<a href="/xxgk/index_2.jhtml">下一页</a>')
    assert link_score("政府信息公开年报", "/col/col1/") > link_score("政务公开", "/zwgk/") > 0
    assert link_score("新闻动态", "/xwdt/") == 0 and link_score("2022年政务公开工作要点", "/a.html") == 0


PROBES = {
    "gd-demo": ("gkmlpt", "/gkmlpt/index (category 1003)"),
    "city-demo": ("trs", "/zwgk/ndbg/index.html"),  # NFCMS lists carry a createPageHTML pager too
    "trs-demo": ("trs", "/zwgk/ndbg/index.html"),
    "dept-demo": ("gkmlpt", "/zwgk/gkmlpt/index (category"),
    "hanweb-demo": ("hanweb", "/col/col1234/index.html"),
    "jeecms-demo": ("jeecms", "/xxgk/ndbg/index.jhtml"),
    # its categories are noted from the home page's link (/gkmlpt/annualreport#8003) or from the catalogue
    # (/gkmlpt/index), whichever answers first: the column is the category either way
    "bureau-demo": ("gkmlpt", "(category 8001)"),
    "docs-demo": ("nfcms", "/zwgk/ndbg/index.html"),
    "generic-demo": ("generic", "/xxgk/nb/"),
}


@pytest.mark.parametrize("site", list(PROBES))
def test_probe_names_family_and_columns(site: str, tmp_path: Path) -> None:
    from harvester.demo.server import DemoPortal

    from .conftest import harvester

    settings = tmp_path / "settings.toml"
    settings.write_text('[crawl]\ndownload_delay = 0\nautothrottle = false\nhost_overrides = { "*.demo.test" = "127.0.0.1" }\n')
    family, column = PROBES[site]
    with DemoPortal() as portal:
        url = load_sites(DEMO_REGISTRY, {"port": str(portal.port)})[site].start_urls[0]
        proc = harvester("probe", url, "--config", str(settings), "--name", site)
    assert f'family = "{family}"' in proc.stdout and f"[sites.{site}]" in proc.stdout
    columns = [line for line in proc.stdout.splitlines() if "report links" in line and column in line]
    assert columns, proc.stdout


def test_paging_is_not_a_hop() -> None:
    """The 25th list page of a column is as reachable as the 2nd: pager links keep the hop count."""
    from types import SimpleNamespace

    from scrapy.http import HtmlResponse, Request

    from harvester.config import Site
    from spiders.portal import PortalSpider

    spider = PortalSpider()
    spider.site = Site("s", "s", "auto", ["http://a.gov.cn/"], ["a.gov.cn"], extra={"max_hops": 1})
    stats: dict[str, int] = {}
    spider.crawler = SimpleNamespace(
        stats=SimpleNamespace(inc_value=lambda k, n=1: stats.__setitem__(k, stats.get(k, 0) + n), set_value=stats.__setitem__)
    )  # type: ignore[assignment]
    body = '<a href="index_25.html">下一页</a><a href="/zwgk/">政务公开</a><a href="/xwdt/">新闻动态</a>'
    response = HtmlResponse(
        "http://a.gov.cn/nb/index_24.html",
        body=body.encode(),
        encoding="utf-8",
        request=Request("http://a.gov.cn/nb/index_24.html", meta={"hops": 1}),
    )
    out = {r.url: r.meta["hops"] for r in spider.parse(response)}
    assert out == {"http://a.gov.cn/nb/index_25.html": 1}  # the pager followed at the same hop; no deeper hop at the limit


def test_a_category_named_in_a_links_fragment_is_listed_whichever_comes_first() -> None:
    """「政府信息公开年报」 → …/gkmlpt/annualreport#2629: category 2629 is listed once, whether the link is seen
    before the catalogue is read (then with it) or after (then at once), under the catalogue's SID."""
    from types import SimpleNamespace

    from scrapy.http import HtmlResponse, Request

    from harvester.config import Site
    from spiders.gkmlpt import GkmlptSpider

    shell = b"<script>window._CONFIG = {SID: '175', TREE: [{id: 7, name: '\xe5\xb9\xb4\xe6\x8a\xa5', children: []}]};</script>"
    link = "http://a.gov.cn/sub/gkmlpt/annualreport#2629"
    for link_first in (True, False):
        spider = GkmlptSpider()
        spider.site = Site("s", "s", "gkmlpt", ["http://a.gov.cn/sub/"], ["a.gov.cn"])
        spider.crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda *a, **k: None))  # type: ignore[assignment]
        url = "http://a.gov.cn/sub/gkmlpt/index"
        index = HtmlResponse(url, body=shell, encoding="utf-8", request=Request(url, meta={"hops": 1}))
        early = list(spider.note_category(link, 1)) if link_first else []
        asked = [r.url for r in [*early, *spider.parse_index(index)]]
        asked += [r.url for r in spider.note_category(link, 1)] + [r.url for r in spider.note_category(link, 1)]
        assert sorted(asked) == [
            "http://a.gov.cn/sub/gkmlpt/api/all/2629?page=1&sid=175",
            "http://a.gov.cn/sub/gkmlpt/api/all/7?page=1&sid=175",
        ], link_first


def test_hanweb_records_past_the_page_come_from_dataproxy(db: sqlite_utils.Database) -> None:
    """The column page holds two records; the report in records 3–4 is reached only by posting to dataproxy.jsp."""
    proxy = [r["url"] for r in db.query("select url from captures where site = 'hanweb-demo' and url like '%dataproxy.jsp%'")]
    assert proxy == [u for u in proxy if "startrecord=3&endrecord=4" in u] and len(proxy) == 1
    assert db.execute("select count(*) from reports where url like '%art_1234_652%'").fetchone()[0] == 1


def _page(url: str, body: str) -> object:
    from scrapy.http import HtmlResponse

    return HtmlResponse(url, body=f"<html><head><title>t</title></head><body>{body}</body></html>".encode(), encoding="utf-8")


def test_a_column_linked_under_a_reports_name_is_walked_and_a_report_is_not() -> None:
    """「2021年度政府信息公开年报」 may name a year's list of reports (the generic demo site) or a report: the list has
    no report text, attachment or frame of its own and links to other reports; a report page's 上一篇 is not a list."""
    from harvester.config import Site
    from spiders.portal import PortalSpider

    spider = PortalSpider()
    spider.site = Site("s", "s", "auto", ["http://a.gov.cn/"], ["a.gov.cn"])
    report = "粤示范镇人民政府2021年政府信息公开工作年度报告"
    listing = f'<h2>2021年度政府信息公开年报</h2><ul><li><a href="/nb/401.html">{report}</a></li></ul>'
    assert spider.is_column(_page("http://a.gov.cn/nb/2021n/", listing))
    body = "<p>一、总体情况</p><p>2021年，本机关……</p><p>二、主动公开政府信息情况</p>"
    nav = f'<p>上一篇：<a href="/nb/400.html">{report}</a></p>'
    assert not spider.is_column(_page("http://a.gov.cn/nb/402.html", body + nav))
    assert not spider.is_column(_page("http://a.gov.cn/nb/403.html", '<p>详见附件。</p><a href="/f/403.pdf">附件</a>' + nav))
    assert not spider.is_column(
        _page("http://a.gov.cn/nb/404.html", '<iframe src="/pdfjs/viewer.html?file=/f/404.pdf"></iframe>' + listing)
    )
    assert not spider.is_column(_page("http://a.gov.cn/nb/405.html", f'<a href="http://b.gov.cn/nb/1.html">{report}</a>'))


def test_documents_shown_by_a_viewer_are_fetched_as_themselves() -> None:
    """pdf.js and similar viewers name the file in a parameter: the file is the attachment, not the viewer page."""
    from harvester.crawl.base import viewed_file

    assert viewed_file("/pdfjs/web/viewer.html?file=%2Fuploads%2F2024%2Fnb.pdf") == "/uploads/2024/nb.pdf"
    assert viewed_file("/js/pdf/web/viewer.html?file=http://a.gov.cn/a.pdf#page=2") == "http://a.gov.cn/a.pdf"
    assert viewed_file("/preview.jsp?id=3&fileUrl=/f/a.docx") == "/f/a.docx"
    assert viewed_file("/attachment/0/1/1.pdf") == "/attachment/0/1/1.pdf"
    assert viewed_file("/view.html?file=notes.html") == "/view.html?file=notes.html"
