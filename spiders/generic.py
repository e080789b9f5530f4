"""Fallback spider for other sites: follow in-scope links whose anchor text names an annual report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from harvester.crawl.base import ReportSpider
from harvester.recognise import is_report_title

_LISTING = re.compile(r"(年报|年度报告|信息公开|政务公开|下一页|下页|>>|›)")


class GenericSpider(ReportSpider):
    """Report links by anchor text; listing links (信息公开, 年报, 下一页) followed within the depth limit."""

    name = "generic"
    family = "generic"
    max_listing_depth = 6

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            return
        depth = response.meta.get("listing_depth", 0)
        for _, url, text in self.links(response):
            if is_report_title(text):
                yield self.report_request(url, text, response.url)
            elif depth < self.max_listing_depth and _LISTING.search(text):
                yield scrapy.Request(url, callback=self.parse, meta={"listing_depth": depth + 1})
