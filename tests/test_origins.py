"""One site, one spelling: links under the host's www twin or the other scheme are requested at the site's origin."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from scrapy import Request
from scrapy.http import HtmlResponse

from harvester.crawl.origins import Origins, SiteOrigins, TwinOffsite, twin


@pytest.fixture(scope="module")
def db(demo_run: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_run / "harvest.db")


def test_twins() -> None:
    assert twin("www.gz.gov.cn") == "gz.gov.cn" and twin("gz.gov.cn") == "www.gz.gov.cn"
    assert twin("127.0.0.2") is None and twin("localhost") is None and twin("www.cn") is None


def test_links_are_moved_to_the_start_urls_origin() -> None:
    o = Origins(["https://www.gd.gov.cn/"])
    # gkmlpt's catalogue answers with http:// URLs on an https site; pages link the bare host
    assert o.rewrite("http://www.gd.gov.cn/gkmlpt/content/4/4123/post_4123456.html#1") == (
        "https://www.gd.gov.cn/gkmlpt/content/4/4123/post_4123456.html#1"
    )
    assert o.rewrite("https://gd.gov.cn/zwgk/a.html?x=1") == "https://www.gd.gov.cn/zwgk/a.html?x=1"
    assert o.rewrite("HTTPS://GD.gov.cn:443/a") == "https://www.gd.gov.cn/a"
    for same in ("https://www.gd.gov.cn/a", "http://www.gd.gov.cn:8080/a", "https://edu.gd.gov.cn/a", "ftp://gd.gov.cn/a"):
        assert o.rewrite(same) == same
    ported = Origins(["http://www.x.demo.test:8123/"])
    assert ported.rewrite("http://x.demo.test:8123/b") == "http://www.x.demo.test:8123/b"
    assert ported.rewrite("http://x.demo.test/b") == "http://x.demo.test/b"  # another port: another server
    both = Origins(["http://www.y.gov.cn/", "https://www.y.gov.cn/z/"])  # both schemes named: each link keeps its own
    assert (
        both.rewrite("https://y.gov.cn/a") == "https://www.y.gov.cn/a"
        and both.rewrite("http://y.gov.cn/a") == "http://www.y.gov.cn/a"
    )


def test_a_redirect_to_the_twin_moves_the_origin() -> None:
    o = Origins(["http://www.x.gov.cn/"])
    assert not o.learn("http://www.x.gov.cn/", "http://www.x.gov.cn/index.html")  # another page, not another spelling
    assert not o.learn("http://www.x.gov.cn/a", "http://www.other.gov.cn/a")  # off the site's hosts
    assert o.learn("http://www.x.gov.cn/", "https://x.gov.cn/")
    assert o.rewrite("http://www.x.gov.cn/nb/1.html") == "https://x.gov.cn/nb/1.html"
    assert o.rewrite("https://x.gov.cn/nb/1.html") == "https://x.gov.cn/nb/1.html"


def test_middleware_rewrites_requests_and_learns_from_redirects() -> None:
    stats: dict[str, int] = {}
    spider = SimpleNamespace(origins=Origins(["http://www.x.gov.cn/"]))
    crawler = SimpleNamespace(
        spider=spider, stats=SimpleNamespace(inc_value=lambda k, n=1: stats.__setitem__(k, stats.get(k, 0) + n))
    )
    mw = SiteOrigins.from_crawler(crawler)
    request = Request("http://www.x.gov.cn/", meta={"redirect_urls": ["http://www.x.gov.cn/"]})
    response = HtmlResponse("https://x.gov.cn/", body=b"<p></p>", request=request)
    out = list(mw.process_spider_output(response, [Request("http://www.x.gov.cn/nb/"), {"url": "item"}]))
    assert out[0].url == "https://x.gov.cn/nb/" and out[1] == {"url": "item"}
    assert stats == {"harvester/origins/moved": 1, "harvester/origins/rewritten": 1}


def test_offsite_allows_the_twin_but_not_its_subdomains() -> None:
    mw = TwinOffsite(stats=SimpleNamespace())
    spider = SimpleNamespace(allowed_domains=["www.gz.gov.cn"])
    follows = {
        u: mw.should_follow(Request(u), spider)
        for u in ("https://gz.gov.cn/a", "https://rsj.gz.gov.cn/a", "https://www.gz.gov.cn/a")
    }
    assert follows == {"https://gz.gov.cn/a": True, "https://rsj.gz.gov.cn/a": False, "https://www.gz.gov.cn/a": True}


def test_demo_reports_linked_under_the_bare_twin_are_found_once_at_the_origin(db: sqlite_utils.Database) -> None:
    """The TRS demo column links one report under the bare host only and another under both: each is found,
    once, at www (the site's start URL); nothing is fetched at the bare host."""
    hosts = {urlsplit(r["url"]).hostname for r in db.query("select url from captures where site = 'trs-demo'")}
    assert hosts == {"www.trs.demo.test"}
    reports = [r["url"] for r in db.query("select url from reports where site = 'trs-demo' and url like '%/zwgk/ndbg/%'")]
    assert len(reports) == len(set(reports)) == 3


def test_a_request_that_fails_at_the_origin_is_tried_once_as_linked() -> None:
    """Some portals answer under one spelling only (gkmlpt sites whose https "fails or redirects poorly"): a
    moved request that fails at the origin goes out once more as the page linked it, and is not moved again."""
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as net
    from twisted.python.failure import Failure

    from harvester.config import Site
    from spiders.portal import PortalSpider

    stats: dict[str, int] = {}
    spider = PortalSpider()
    spider.site = Site("s", "s", "auto", ["https://www.x.gov.cn/"], ["www.x.gov.cn"])
    counter = SimpleNamespace(inc_value=lambda k, n=1: stats.__setitem__(k, stats.get(k, 0) + n))
    signals = SimpleNamespace(send_catch_log=lambda *a, **k: stats.__setitem__("signalled", stats.get("signalled", 0) + 1))
    spider.crawler = SimpleNamespace(spider=spider, stats=counter, signals=signals)  # type: ignore[assignment]
    mw = SiteOrigins.from_crawler(spider.crawler)
    (moved,) = mw.process_spider_output(None, [Request("http://x.gov.cn/nb/1.html", meta={"conditional": True})])
    assert moved.url == "https://www.x.gov.cn/nb/1.html"
    moved.meta["retry_times"] = 2
    for error in (HttpError(HtmlResponse(moved.url, status=502, request=moved)), net.ConnectionRefusedError()):
        failure = Failure(error)
        failure.request = moved  # type: ignore[attr-defined]
        (again,) = spider.on_fetch_error(failure)
        assert again.url == "http://x.gov.cn/nb/1.html" and again.dont_filter
        assert again.meta.get("conditional") and "retry_times" not in again.meta
        assert list(mw.process_spider_output(None, [again]))[0].url == "http://x.gov.cn/nb/1.html"
        failure = Failure(error)
        failure.request = again  # type: ignore[attr-defined]
        assert list(spider.on_fetch_error(failure)) == []  # as linked, it failed: on record, not tried again
    assert stats["harvester/origins/fell_back"] == 2
    assert stats["harvester/fetch_errors/refused"] == 1 and stats["signalled"] == 1  # an HTTP error is a capture
