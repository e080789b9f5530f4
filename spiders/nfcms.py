"""Spider for NFCMS column lists: index.html, index_2.html, … linking to …/content/post_{id}.html."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from harvester.crawl.base import ReportSpider
from harvester.recognise import is_report_title

_PAGE = re.compile(r"index_(\d+)\.html?$")


class NfcmsSpider(ReportSpider):
    """Follows the column's numbered list pages and the report links on them."""

    name = "nfcms"
    family = "nfcms"
    max_list_pages = 50

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        for href, url, text in self.links(response):
            page = _PAGE.search(href)
            if page and int(page.group(1)) <= self.max_list_pages:
                yield scrapy.Request(url, callback=self.parse)
            elif "/content/" in href and is_report_title(text):
                yield self.report_request(url, text, response.url)
