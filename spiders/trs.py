"""Spider for TRS WCM column lists: createPageHTML pagination, ./YYYYMM/tYYYYMMDD_{id}.htm(l) articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from harvester.crawl.base import ReportSpider
from harvester.recognise import is_report_title

_PAGER = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]")
_ARTICLE = re.compile(r"(?:^|/)\d{6}/t\d{8}_\d+\.s?html?$")


def pager_pages(html: str) -> list[str]:
    """List pages named by createPageHTML(total, current, "index", "html") in either argument order."""
    m = _PAGER.search(html)
    if not m:
        return []
    a, b, prefix, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    total = max(a, b)
    return [f"{prefix}.{ext}"] + [f"{prefix}_{n}.{ext}" for n in range(1, total)]


class TrsSpider(ReportSpider):
    """Reads every list page the pager names and the report articles they link."""

    name = "trs"
    family = "trs"
    max_list_pages = 50

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        for page in pager_pages(response.text)[: self.max_list_pages]:
            yield scrapy.Request(response.urljoin(page), callback=self.parse)
        for href, url, text in self.links(response):
            if _ARTICLE.search(href.split("?")[0]) and is_report_title(text):
                yield self.report_request(url, text, response.url)
