"""The spiders' shared base: site settings, report pages, attachments, and the items they yield."""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Iterator
from fnmatch import fnmatch
from typing import Any
from urllib.parse import unquote, urlsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError

from ..config import Site, load_config
from ..pagetext import decode_html, embedded_html
from ..recognise import is_report_title
from ..urls import holds
from .faults import report_failure
from .origins import AS_LINKED, LINKED_AS, Origins

ATTACHMENT_SUFFIX = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|zip|rar|ofd|jpe?g|png)(\?|$)", re.I)


_VIEWER_PARAM = re.compile(r"[?&#](?:file|url|src|path|pdf|filepath|fileurl)=([^&#]+)", re.I)


def viewed_file(src: str) -> str:
    """The document a viewer shows (pdf.js `viewer.html?file=%2Fuploads%2Fa.pdf`), or the address itself."""
    m = _VIEWER_PARAM.search(src)
    if m:
        inner = unquote(m.group(1)).strip()
        if ATTACHMENT_SUFFIX.search(inner):
            return inner
    return src


def disposition_name(header: bytes | None) -> str:
    """The file name a Content-Disposition header gives (RFC 5987 filename*, or a GBK/UTF-8 filename)."""
    if not header:
        return ""
    m = re.search(rb"filename\*\s*=\s*[^']*'[^']*'([^;]+)", header)
    if m:
        return unquote(m.group(1).decode("latin-1").strip('"'))
    m = re.search(rb'filename\s*=\s*"?([^";]+)"?', header)
    if not m:
        return ""
    raw = m.group(1)
    for encoding in ("utf-8", "gb18030"):
        try:
            return unquote(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


_TITLED = "//*[self::div or self::p or self::span][contains(@class, 'title') or contains(@id, 'title')]"
# a request's download state, not its purpose: left behind when a request is tried again under another URL
_TRANSIENT_META = {
    LINKED_AS,
    "retry_times",
    "redirect_urls",
    "redirect_times",
    "redirect_ttl",
    "redirect_reasons",
    "download_slot",
    "download_latency",
}


class ReportSpider(scrapy.Spider):
    """Finds annual-report pages for one site and yields one item per report page and attachment."""

    family = ""
    site: Site
    allowed_domains: list[str]
    registered: list[str]  # every registered site's hosts

    def __init__(self, site: Site | str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_arg = site

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReportSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        site = spider.site_arg
        spider.registered = crawler.settings.getlist("HARVESTER_REGISTERED_HOSTS")
        if isinstance(site, str) or site is None:  # `scrapy crawl portal -a site=NAME`: the registry is read here
            config = load_config(crawler.settings.get("HARVESTER_CONFIG", "settings.toml"))
            site = config.select([site] if site else [next(n for n, s in config.sites.items() if s.family == cls.family)])[0]
            spider.registered = spider.registered or config.registered_hosts()
        spider.site = site
        spider.allowed_domains = [h.split(":")[0] for h in site.allowed_hosts]
        spider.start_urls = site.start_urls
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Start URLs go through the duplicate filter too, so a list that links itself is fetched once."""
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.start_callback())

    def start_callback(self) -> Any:
        return self.parse

    @functools.cached_property
    def origins(self) -> Origins:
        """Where the site's own pages are requested (`SiteOrigins` moves every request there)."""
        return Origins(self.site.start_urls)

    def on_fetch_error(self, failure: Any) -> Iterator[scrapy.Request]:
        """Errback of every request (set by FaultErrbacks): the fault goes on record with its kind. A request
        that `SiteOrigins` moved to the site's origin and that failed there is tried once as it was linked."""
        request: scrapy.Request | None = getattr(failure, "request", None)
        linked = request.meta.get(LINKED_AS) if request is not None else None
        if request is not None and linked and (failure.check(HttpError) or not failure.check(IgnoreRequest)):
            self.crawler.stats.inc_value("harvester/origins/fell_back")
            meta = {k: v for k, v in request.meta.items() if k not in _TRANSIENT_META} | {AS_LINKED: True}
            yield request.replace(url=linked, meta=meta, dont_filter=True)
            return
        report_failure(self, failure)

    def page_title(self, response: Response) -> str:
        """The report title from the metadata table, the heading or <title>; the page re-decoded
        (charset-normalizer) when its declared encoding is wrong, as when a UTF-8 header sends GBK bytes."""
        text = response.text
        if text.count("\ufffd") > 3:
            ctype = response.headers.get(b"Content-Type") or b""
            decoded, _, _ = decode_html(response.body, ctype.decode("latin-1"))
            response = response.replace(body=decoded.encode("utf-8"), encoding="utf-8")
        candidates = [c for c in self._title_candidates(response) if c]
        return next((c for c in candidates if is_report_title(c)), candidates[0] if candidates else "")

    @staticmethod
    def _title_candidates(response: Response) -> Iterator[str]:
        """The page's titles, strongest first: the CMS's ArticleTitle, the metadata table, each <h1> (a template
        may hold its logo in one), og:title, <title>, then the headings and title-classed blocks of the body."""

        def texts(xpath: str) -> Iterator[str]:
            return ("".join(node.xpath(".//text()").getall()).strip() for node in response.xpath(xpath)[:6])

        yield from response.xpath("//meta[@name='ArticleTitle']/@content").getall()
        yield "".join(response.xpath("//td[normalize-space()='标题']/following-sibling::td[1]//text()").getall()).strip()
        yield from texts("//h1")
        yield from response.xpath("//meta[@property='og:title']/@content").getall()[:6]
        for xpath in ("//title", "//h2 | //h3", _TITLED):
            yield from texts(xpath)

    def report_request(self, url: str, list_title: str, parent: str) -> scrapy.Request:
        meta = {"list_title": list_title, "parent": parent, "conditional": True}
        if not self.in_scope(url) and self.elsewhere(url):  # a district's report linked from the city's column
            self.crawler.stats.inc_value("harvester/walk/reports_elsewhere")
            meta["allow_offsite"] = True
        return scrapy.Request(url, callback=self.parse_report, meta=meta)

    def elsewhere(self, url: str) -> bool:
        """A report outside the site that its pages link to and that is fetched all the same: on a government host
        (`report_hosts`, default *.gov.cn) that no registered site holds (those are left to their own sites).
        Only that page and its attachments are fetched there; nothing else on the host is walked."""
        host = (urlsplit(url).hostname or "").lower()
        if not host or any(holds(h, host) for h in self.registered):
            return False
        return any(fnmatch(host, pattern) for pattern in self.crawler.settings.getlist("HARVESTER_REPORT_HOSTS"))

    def file_in_reach(self, url: str, page: str) -> bool:
        """An attachment is fetched if it is in the site's scope or on the host of a report page found elsewhere."""
        if self.in_scope(url):
            return True
        host = urlsplit(url).hostname
        return bool(host) and host == urlsplit(page).hostname and not self.in_scope(page) and self.elsewhere(page)

    def parse_report(self, response: Response) -> Iterator[Any]:
        list_title = response.meta.get("list_title", "")
        title = self.page_title(response) if hasattr(response, "text") else ""
        if not (is_report_title(title) or (not title and is_report_title(list_title))):
            self.crawler.stats.inc_value("harvester/rejected_pages")
            return
        yield self.item(response.url, "report", title or list_title, response.meta.get("parent"))
        for url, name in self.attachment_links(response):
            meta = {"report": response.url, "name": name, "conditional": True}
            yield scrapy.Request(url, callback=self.parse_attachment, meta=meta | {"allow_offsite": not self.in_scope(url)})

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        name = disposition_name(response.headers.get(b"Content-Disposition")) or response.meta.get("name", "")
        yield self.item(response.url, "attachment", name, response.meta.get("report"))

    def attachment_links(self, response: Response) -> Iterator[tuple[str, str]]:
        """Attachments of the report body, wherever the page holds it (gkmlpt keeps it in DETAIL.content)."""
        inner = embedded_html(response.text)
        bodies = [response]
        if inner:
            bodies.append(HtmlResponse(response.url, body=inner.encode("utf-8"), encoding="utf-8"))
        seen: set[str] = set()
        for body in bodies:
            yield from self._attachments_in(body, seen)

    def _attachments_in(self, response: Response, seen: set[str]) -> Iterator[tuple[str, str]]:
        for node in response.xpath("//iframe[@src] | //embed[@src] | //object[@data]"):  # a document shown in the page
            src = node.attrib.get("src") or node.attrib.get("data", "")
            url = response.urljoin(viewed_file(src))
            if ATTACHMENT_SUFFIX.search(url) and url not in seen and self.file_in_reach(url, response.url):
                seen.add(url)
                yield url, node.attrib.get("title", "")
        for a in response.xpath("//a[@href]"):
            href = viewed_file(a.attrib["href"])
            cls = a.attrib.get("class", "")
            if "/attachment/" in href or "nfw-cms-attachment" in cls or ATTACHMENT_SUFFIX.search(href) or "downfile.jsp" in href:
                url = response.urljoin(href)
                if url not in seen and self.file_in_reach(url, response.url):
                    seen.add(url)
                    name = a.attrib.get("alt") or a.attrib.get("title") or "".join(a.xpath(".//text()").getall()).strip()
                    yield url, name
        for img in response.xpath("//img[@src]"):  # tables pasted into the report as pictures
            url = response.urljoin(img.attrib["src"])
            if url not in seen and self.file_in_reach(url, response.url) and ATTACHMENT_SUFFIX.search(url):
                seen.add(url)
                yield url, img.attrib.get("alt", "")

    @staticmethod
    def anchors(response: Response) -> Iterator[tuple[str, str, Selector]]:
        """(href, absolute URL, the <a>) of every link on the page that leads to a page (not javascript:, mailto:
        or a fragment of this one)."""
        for a in response.xpath("//a[@href]"):
            href = a.attrib["href"].strip()
            if not href.startswith(("javascript:", "mailto:", "#")):
                yield href, response.urljoin(href), a

    @staticmethod
    def anchor_title(a: Selector) -> str:
        """A link's title attribute, else its text."""
        return (a.attrib.get("title") or "".join(a.xpath(".//text()").getall())).strip()

    def links(self, response: Response) -> Iterator[tuple[str, str, str]]:
        """(href, absolute URL, title or anchor text) of every in-scope link on the page."""
        for href, url, a in self.anchors(response):
            if self.in_scope(url):
                yield href, url, self.anchor_title(a)

    def in_scope(self, url: str) -> bool:
        """Scope as in Browsertrix Crawler: `host` (default) or `prefix` (the start URL's folder), then the
        site's include and exclude patterns."""
        url = self.origins.rewrite(url)  # the site's host under a www twin or the other scheme is the site
        parts = urlsplit(url)
        host = parts.hostname or ""
        allowed = [h.split(":")[0] for h in self.site.allowed_hosts]
        if not any(holds(h, host) for h in allowed):
            return False
        extra = self.site.extra
        if extra.get("scope") == "prefix" and not any(
            url.split("#")[0].startswith(self.origins.rewrite(p)) for p in self._prefixes()
        ):
            return False
        if any(re.search(x, url) for x in extra.get("exclude", [])):
            return False
        include = extra.get("include", [])
        return not include or any(re.search(x, url) for x in include)

    def _prefixes(self) -> list[str]:
        explicit = self.site.extra.get("prefixes")
        if explicit:
            return list(explicit)
        return [u.rsplit("/", 1)[0] + "/" for u in self.site.start_urls]

    def item(self, url: str, role: str, title: str, parent: str | None) -> dict[str, Any]:
        return {"url": url, "role": role, "title": title, "parent": parent, "site": self.site.name, "family": self.family}
