"""One spider for every portal: a focused walk from any start URL to the report columns, each page read by
what it is (gkmlpt shell, TRS or NFCMS pager, Hanweb datastore, JEECMS, plain list), so one site may mix
families. Paging never counts as a hop; a page budget bounds the walk, and hitting it is recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from harvester.pagetext import embedded_html
from harvester.recognise import is_report_category, is_report_title
from harvester.urls import canonical
from spiders import hanweb
from spiders.gkmlpt import GkmlptSpider, read_config
from spiders.trs import pager_pages

_PAGER_TEXT = re.compile(r"^(下一页|下页|后页|尾页|末页|>>|»|›|>|\d{1,3})$")
_PAGER_HREF = re.compile(r"(index_\d+\.(?:s?html?|jhtml)|[?&](?:pageNum|page|pageIndex|currentPage)=\d+|/\d+\.jhtml\?page)", re.I)
# Links that lead towards the report columns: anchor text and URL words, with a score each.
_TOWARDS = (
    (re.compile(r"(政府信息公开年报|信息公开年报|年度报告|年报)"), 6),
    (re.compile(r"(法定主动公开内容|政府信息公开|信息公开目录|信息公开专栏|信息公开)"), 4),
    (re.compile(r"(政务公开|公开目录)"), 3),
)
_TOWARDS_URL = ((re.compile(r"(xxgknb|zfxxgknb|gknb|ndbg|nb/)", re.I), 6), (re.compile(r"(gkmlpt|zfxxgk|xxgk|zwgk)", re.I), 3))
_YEAR_TAB = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:年度?|年份)?\s*$")  # 「2023年」: a column's tab for one year
# The notice and news columns a focused walk passes by (「通知公告」, 「工作动态」): where an agency without a report
# column posts its report. Walked, with their paging, only when the focused walk found no report link at all.
_WIDER = re.compile(r"^(?!.*(?:招聘|招标|采购|拍卖|出让|视频|图片))\D{0,4}(?:通知|公告|公示|动态)\D{0,4}$")
WIDER_PAGES = 60  # pages of them walked at most (within the page budget)
_NEIGHBOUR = re.compile(r"[上下]一(?:篇|条|页)|相关(?:阅读|链接|文章)")
_REPORT_MARKS = re.compile(r"总体情况|概述|主动公开|依申请公开|申请情况|行政复议|存在的主要问题|问题及改进|其他需要报告")
_AWAY = re.compile(
    r"(新闻|动态|要闻|领导|招聘|互动|留言|信箱|办事|专题|视频|图片|English|无障碍|登录|注册|统计|预算|决算|要点|通知|公告|"
    r"(?:19|20)\d{2}\s*年)"  # a dated link is an article, not a column
)


def page_kinds(text: str) -> set[str]:
    """Which CMS families a page shows (a site may mix them)."""
    kinds = set()
    if "window._CONFIG" in text and ("TREE" in text or "SID" in text):
        kinds.add("gkmlpt")
    if "createPageHTML" in text:
        kinds.add("trs")
    if "<datastore>" in text or "dataproxy.jsp" in text:
        kinds.add("hanweb")
    if ".jhtml" in text:
        kinds.add("jeecms")
    if re.search(r"/content/post_\d+\.html|nfw-cms", text):
        kinds.add("nfcms")
    return kinds or {"plain"}


def link_score(text: str, url: str) -> int:
    """How strongly a link leads towards the annual-report columns (0: not at all)."""
    if _AWAY.search(text):
        return 0
    score = max((s for pattern, s in _TOWARDS if pattern.search(text)), default=0)
    return max(score, max((s for pattern, s in _TOWARDS_URL if pattern.search(url)), default=0))


class PortalSpider(GkmlptSpider):
    """Walks from a site's start URLs (its home page, a column, a catalogue) to every report."""

    name = "portal"
    family = "portal"
    custom_settings = {"DEPTH_LIMIT": 0}  # hops and the page budget bound the walk instead

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested: set[str] = set()
        self.columns: dict[str, tuple[int, str]] = {}  # list page -> (report links on it, family) — what `probe` prints
        self.widened_pages = -1  # -1: the walk has not been widened

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, PortalSpider)
        crawler.signals.connect(spider.widen, signal=signals.spider_idle)
        return spider

    def start_callback(self) -> Any:
        return self.parse

    # -- budget ---------------------------------------------------------------------------
    def follow(self, url: str, hops: int, priority: int = 0, **meta: Any) -> scrapy.Request | None:
        """A request for a list or discovery page, unless seen already or the page budget is spent."""
        url = self.origins.rewrite(url)  # one page under two spellings counts once against the budget
        key = canonical(url)
        if key in self.requested or not self.in_scope(url):
            return None
        budget = int(self.site.extra.get("page_budget", 300))
        if len(self.requested) >= budget:
            self.crawler.stats.set_value("harvester/budget/pages_exhausted", budget)
            return None
        if meta.get("widened"):
            if self.widened_pages >= int(self.site.extra.get("wider_pages", WIDER_PAGES)):
                return None
            self.widened_pages += 1
            self.crawler.stats.inc_value("harvester/walk/widened_pages")
        self.requested.add(key)
        self.crawler.stats.inc_value("harvester/walk/pages")
        return scrapy.Request(url, callback=self.parse, priority=priority, meta={"hops": hops, **meta})

    # -- pages ----------------------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not hasattr(response, "text"):
            return
        self.requested.add(canonical(response.url))
        hops = int(response.meta.get("hops", 0))
        widened = {"widened": True} if response.meta.get("widened") else {}
        text = response.text
        kinds = page_kinds(text)
        for kind in kinds:
            self.crawler.stats.inc_value(f"harvester/families/{kind}")
        if "gkmlpt" in kinds and read_config(text):
            yield from self.parse_index(response)
        found = 0
        for url, title in self.listed(response, text, kinds):
            if is_report_title(title):
                found += 1
                report = self.report_request(url, title, response.url)
                report.meta["hops"] = hops  # a list page linked as a report is walked from where it was found
                yield report
        if found:
            family = "hanweb" if "hanweb" in kinds else next((k for k in ("trs", "jeecms", "nfcms") if k in kinds), "generic")
            self._column(response.url, found, family)
        if "hanweb" in kinds and "dataproxy.jsp" not in response.url:
            yield from self.hanweb_ranges(response, text, hops)
        for url in self.pager(response, text, kinds):
            req = self.follow(url, hops, priority=5, **widened)  # paging is not a hop
            if req is not None:
                yield req
        for _, url, title in self.links(response):
            if "#" in url and "/gkmlpt/" in url and (link_score(title, url) >= 6 or is_report_category(title)):
                yield from self.note_category(url, hops)  # 「政府信息公开年报」 → …/gkmlpt/annualreport#2629
            if _YEAR_TAB.match(title) and (found or link_score("", url) >= 6):
                req = self.follow(url, hops, priority=5, **widened)  # a column split by year: its year tabs are its paging
                if req is not None:
                    yield req
        if hops < int(self.site.extra.get("max_hops", 4)) and not widened:
            for _, url, title in self.links(response):
                score = link_score(title, url)
                if score >= 3 and not is_report_title(title):
                    req = self.follow(url, hops + 1, priority=score)
                    if req is not None:
                        yield req
                elif _WIDER.match(title):
                    self.walk.set_aside(canonical(url), url, hops + 1)

    def report_request(self, url: str, list_title: str, parent: str) -> scrapy.Request:
        self.walk.found_report()
        return super().report_request(url, list_title, parent)

    def widen(self) -> None:
        """Once the focused walk is over: if it found no report link, walk the notice and news columns it passed
        by (their pages and paging, no further), for a site without a report column posts its reports there.
        On a shared frontier the walk is over when no other worker holds any of the site's requests either."""
        frontier = next((e for e in self.crawler.extensions.middlewares if hasattr(e, "busy_elsewhere")), None)
        if self.widened_pages >= 0 or (frontier is not None and frontier.busy_elsewhere()):
            return
        aside = self.walk.take_aside()
        if not aside:
            return
        self.widened_pages = 0
        requests = [r for url, hops in aside if (r := self.follow(url, hops, widened=True))]
        self.crawler.stats.set_value("harvester/walk/widened_columns", len(requests))
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def parse_report(self, response: Response) -> Iterator[Any]:
        if hasattr(response, "text") and self.is_column(response):
            self.crawler.stats.inc_value("harvester/walk/columns_linked_as_reports")
            yield from self.parse(response)
            return
        yield from super().parse_report(response)

    def is_column(self, response: Response) -> bool:
        """A page linked under a report's name that is a list of reports (a year's column, 「2021年度政府信息公开年报」):
        no report text of its own, no attachment, frame or embedded body, and links to other reports that are
        not its 上一篇/下一篇."""
        if response.xpath("//iframe|//embed|//object"):
            return False
        own = "".join(response.xpath("//body//text()[not(ancestor::a or ancestor::script or ancestor::style)]").getall())
        if len(set(_REPORT_MARKS.findall(own))) >= 2:
            return False  # most report pages end here, before their body and attachments are looked for twice
        if embedded_html(response.text) or next(iter(self.attachment_links(response)), None) is not None:
            return False
        here = canonical(response.url)
        for a in response.xpath("//a[@href]"):
            title = self.anchor_title(a)
            context = "".join(a.xpath("../text()").getall())
            url = response.urljoin(a.attrib["href"].strip())
            if (
                is_report_title(title)
                and not _NEIGHBOUR.search(title + context)
                and canonical(url) != here
                and self.in_scope(url)
            ):
                return True
        return False

    def category_jump(self, url: str, hops: int) -> Iterator[scrapy.Request]:
        """A catalogue category that is a link to a column (classify.jump_url): walked as a column."""
        request = self.follow(url, hops, priority=5)
        if request is not None:
            self.crawler.stats.inc_value("harvester/walk/category_jumps")
            yield request

    def parse_api(self, response: Response, cat_id: str, sid: str, page: int) -> Iterator[scrapy.Request]:
        """A gkmlpt list API page: its report links count for the catalogue that named the category."""
        out = list(super().parse_api(response, cat_id, sid, page))
        found = sum(1 for r in out if r.callback == self.parse_report)
        if found:
            self._column(f"{response.meta['index']} (category {cat_id})", found, "gkmlpt")
        yield from out

    def _column(self, url: str, found: int, family: str) -> None:
        count, _ = self.columns.get(url, (0, family))
        if not count:
            self.crawler.stats.inc_value("harvester/walk/report_columns")
        self.columns[url] = (count + found, family)

    def listed(self, response: Response, text: str, kinds: set[str]) -> Iterator[tuple[str, str]]:
        """(url, title) of every in-scope link on the page, Hanweb datastore records included, and of each report
        link that leads off the site to a government host no registered site holds (a city's column linking its
        districts' reports: `ReportSpider.elsewhere`)."""
        for _, url, a in self.anchors(response):
            if self.in_scope(url):
                yield url, self.anchor_title(a)
            elif is_report_title(title := self.anchor_title(a)) and self.elsewhere(url):
                yield url, title
        if "hanweb" in kinds:
            for href, title in hanweb.records(text):
                url = response.urljoin(href)
                if self.in_scope(url):
                    yield url, title

    def hanweb_ranges(self, response: Response, text: str, hops: int) -> Iterator[scrapy.Request]:
        """Hanweb jpage lists: the records past those in the page come from dataproxy.jsp, posted range by range."""
        for relative, form in hanweb.proxy_ranges(text):
            url = response.urljoin(relative)
            key = canonical(url)
            if key in self.requested or len(self.requested) >= int(self.site.extra.get("page_budget", 300)):
                continue
            self.requested.add(key)
            self.crawler.stats.inc_value("harvester/walk/pages")
            yield scrapy.FormRequest(url, formdata=form, callback=self.parse, meta={"hops": hops}, priority=5)

    def pager(self, response: Response, text: str, kinds: set[str]) -> Iterator[str]:
        """Further pages of the same list: createPageHTML, 下一页 links, index_N, pageNum=N, Hanweb nextgroup
        (a dataproxy.jsp group is posted by hanweb_ranges, never fetched as a plain page)."""
        for url in self._pager(response, text, kinds):
            if "dataproxy.jsp" not in url:
                yield url

    def _pager(self, response: Response, text: str, kinds: set[str]) -> Iterator[str]:
        if "trs" in kinds:
            for page in pager_pages(text)[:50]:
                yield response.urljoin(page)
        for _, url, title in self.links(response):
            if _PAGER_TEXT.match(title.strip()) or (_PAGER_HREF.search(url) and not is_report_title(title)):
                yield url
        if "hanweb" in kinds:
            for href in hanweb.next_groups(text):
                yield response.urljoin(href)
