"""A site's own pages requested at one origin: the scheme and host its start URL (or its own redirect) uses.

Portals link their pages under several spellings: ``http://`` on an ``https://`` site (gkmlpt's catalogue
answers with absolute ``http://`` URLs), ``gz.gov.cn`` beside ``www.gz.gov.cn``. Fetched as linked, one
report became two reports (one per spelling, and a spelling that changed between runs looked like a
report withdrawn and a new one), and links to the bare twin of the site's host were dropped as off-site.
Requests to the site's host or its www twin, under either scheme, go to the one origin instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached

from harvester.urls import twin

DEFAULT_PORTS = {"http": 80, "https": 443}
LINKED_AS = "linked_as"  # request meta: the URL as the page linked it, before it was moved to the origin
AS_LINKED = "as_linked"  # request meta: fetch as linked (the origin failed for it)


class Origins:
    """Host (or its twin) -> the origin its pages are requested at: (scheme, netloc, port)."""

    def __init__(self, start_urls: Iterable[str]) -> None:
        self.by_host: dict[str, tuple[str | None, str, int]] = {}
        for url in start_urls:
            self._add(url)

    def _add(self, url: str, replace: bool = False) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in DEFAULT_PORTS or not host:
            return
        port = parts.port or DEFAULT_PORTS[parts.scheme]
        for name in (host, twin(host)):
            if name is None:
                continue
            known = self.by_host.get(name)
            if known is None or replace:
                self.by_host[name] = (parts.scheme, parts.netloc.lower(), port)
            elif known[0] != parts.scheme and known[1] == parts.netloc.lower():
                self.by_host[name] = (None, known[1], known[2])  # start URLs under both schemes: keep each link's

    def rewrite(self, url: str) -> str:
        """The URL at its site's origin; other hosts, other ports and other schemes than http(s) unchanged."""
        parts = urlsplit(url)
        known = self.by_host.get((parts.hostname or "").lower())
        if known is None or parts.scheme not in DEFAULT_PORTS:
            return url
        scheme, netloc, port = known
        if ":" in netloc and parts.port != port:
            return url  # an origin on a port of its own: links to that port only
        if ":" not in netloc and parts.port not in (None, DEFAULT_PORTS[parts.scheme]):
            return url  # another port: another server
        scheme = scheme or parts.scheme
        if (scheme, netloc) == (parts.scheme, parts.netloc.lower()):
            return url
        return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))

    def learn(self, requested: str, served: str) -> bool:
        """A page requested at its origin and redirected to the same path at a twin or the other scheme: that
        is where the site keeps its pages; requests go there from now on (no redirect each time)."""
        a, b = urlsplit(requested), urlsplit(served)
        if (a.path, a.query) != (b.path, b.query) or (a.scheme, a.netloc) == (b.scheme, b.netloc):
            return False
        if self.rewrite(requested) != requested or self.rewrite(served) == served:
            return False  # not requested at the origin, or redirected off the site's hosts
        self._add(served, replace=True)
        return True


class SiteOrigins:
    """Spider middleware: every request a spider yields goes to its site's origin (`Origins`)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteOrigins:
        return cls(crawler)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        origins = self._origins(response)
        for out in result:
            yield self._at_origin(out, origins)

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        origins = self._origins(response)
        async for out in result:
            yield self._at_origin(out, origins)

    def _origins(self, response: Any) -> Origins | None:
        origins: Origins | None = getattr(self.crawler.spider, "origins", None)
        redirects = response.meta.get("redirect_urls") if response is not None else None
        if origins is not None and redirects and origins.learn(redirects[-1], response.url):
            self.crawler.stats.inc_value("harvester/origins/moved")
        return origins

    def _at_origin(self, out: Any, origins: Origins | None) -> Any:
        if origins is None or not isinstance(out, Request) or out.meta.get(AS_LINKED):
            return out
        url = origins.rewrite(out.url)
        if url == out.url:
            return out
        self.crawler.stats.inc_value("harvester/origins/rewritten")
        return out.replace(url=url, meta={**out.meta, LINKED_AS: out.url})


class TwinOffsite(OffsiteMiddleware):
    """Scrapy's off-site filter, with the www twin of each allowed host allowed too (that host exactly, not
    its subdomains): a site that redirects ``www.x.gov.cn`` to ``x.gov.cn`` is still the site. A request let
    off the site (allow_offsite: a report elsewhere) has that host's robots.txt fetched and obeyed."""

    def should_follow(self, request: Request, spider: Any) -> bool:
        if super().should_follow(request, spider):
            return True
        if request.meta.get("dont_obey_robotstxt") and urlparse_cached(request).path == "/robots.txt":
            return True  # the robots middleware's own request, for a host a request already passed this filter to
        host = (urlparse_cached(request).hostname or "").lower()
        return any(twin(domain.lower()) == host for domain in getattr(spider, "allowed_domains", None) or [])
