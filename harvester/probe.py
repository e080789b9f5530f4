"""`harvester probe URL`: walk a site politely from one URL, say which CMS families it shows, where its report
columns are and how many report links each holds, and write a ready registry entry."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .config import Config, Site

PROBE_BUDGET = 80


@dataclass
class ProbeResult:
    url: str
    families: dict[str, int] = field(default_factory=dict)
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    pages: int = 0
    reports: int = 0

    def family(self) -> str:
        """The family of the columns that hold the most report links (a hint for the registry)."""
        votes: Counter[str] = Counter()
        for count, family in self.columns.values():
            votes[family] += count
        return votes.most_common(1)[0][0] if votes else "auto"

    def entry(self, name: str) -> str:
        host = urlsplit(self.url).netloc
        return (
            f"[sites.{name}]\n"
            f'title = "{host}"\n'
            f'family = "{self.family()}"  # a hint: every page is read by what it is\n'
            f'group = "unknown"\n'
            f'start_urls = ["{self.url}"]\n'
            f'allowed_hosts = ["{host.split(":")[0]}"]\n' + ('scope = "prefix"\n' if urlsplit(self.url).path.strip("/") else "")
        )


def probe(url: str, config: Config, overrides: dict[str, Any] | None = None, budget: int = PROBE_BUDGET) -> ProbeResult:
    """Run the portal spider on one URL within a small page budget, archiving nothing."""
    from scrapy.crawler import CrawlerProcess

    from spiders.portal import PortalSpider

    from .crawl.runner import scrapy_settings

    host = urlsplit(url).hostname or ""
    extra: dict[str, Any] = {"page_budget": budget}
    if urlsplit(url).path.strip("/"):  # a sub-path (a bureau under a city host): the walk stays below it
        extra["scope"] = "prefix"
    site = Site("probe", host, "auto", [url], [host], extra=extra)
    settings = scrapy_settings(config, 0, (overrides or {}) | {"EXTENSIONS": {}, "LOG_LEVEL": "ERROR"})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, site=site)
    process.start()
    stats = crawler.stats.get_stats()
    columns: dict[str, tuple[int, str]] = dict(getattr(crawler.spider, "columns", {}))
    families = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("harvester/families/")}
    reports = sum(count for count, _ in columns.values())
    return ProbeResult(url, families, columns, stats.get("downloader/response_count", 0), reports)
