"""Spider for the gkmlpt catalogue platform (gd.gov.cn and most Guangdong city and county sites)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from harvester.crawl.base import ReportSpider
from harvester.crawl.walkstate import WalkState, walk_state
from harvester.recognise import is_report_category, is_report_title

_CONFIG = re.compile(r"window\._CONFIG\s*=\s*(\{.*?\})\s*;?\s*</script>", re.S)
_SID = re.compile(r"""SID\s*["']?\s*:\s*["']?(\w+)""")
_FRAGMENT_CATEGORY = re.compile(r"/gkmlpt/[^#?]*#(\d+)$")


def catalogue_base(url: str) -> str:
    """The catalogue a gkmlpt URL belongs to: everything up to its /gkmlpt/ (a bureau's sits under a sub-path)."""
    head, found, _ = url.partition("/gkmlpt/")
    return head + found if found else url


def read_config(html: str) -> dict[str, Any]:
    """window._CONFIG as a dict (JSON, or a JS literal with bare keys and single quotes)."""
    m = _CONFIG.search(html)
    if not m:
        return {}
    text = m.group(1)
    try:
        return dict(json.loads(text))
    except json.JSONDecodeError:
        fixed = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', text.replace("'", '"'))
        try:
            return dict(json.loads(fixed))
        except json.JSONDecodeError:
            sid = _SID.search(text)
            return {"SID": sid.group(1)} if sid else {}


def report_categories(tree: list[dict[str, Any]], within: bool = False) -> Iterator[tuple[str, str]]:
    """Categories named as report categories, and every category below one (a 年报 category split into 2023年,
    2022年… or 市直部门, 镇街: their names say nothing of reports)."""
    for node in tree or []:
        inside = within or is_report_category(str(node.get("name", "")))
        if inside:
            yield str(node["id"]), str(node["name"])
        yield from report_categories(node.get("children") or [], inside)


class GkmlptSpider(ReportSpider):
    """Reads SID and TREE from /gkmlpt/index, pages the list API of each 年报 category."""

    name = "gkmlpt"
    family = "gkmlpt"
    max_api_pages = 50

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: set[str] = set()
        self.walk: WalkState = WalkState()  # shared by the workers of a distributed crawl: see from_crawler
        self.asked: set[tuple[str, str]] = set()  # (catalogue base, category) whose list API was asked for

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> GkmlptSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, GkmlptSpider)
        spider.walk = walk_state(crawler.settings, spider.site.name)
        return spider

    def start_callback(self) -> Any:
        return self.parse_index

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        config = read_config(response.text)
        sid = str(config.get("SID") or self.site.sid or "")
        base = catalogue_base(response.url)
        index_url, sid = self.walk.read_catalogue(base, response.url, sid)
        hops = int(response.meta.get("hops", 0))
        wanted = [cat_id for cat_id, _name in report_categories(config.get("TREE") or [])]
        for cat_id in [*wanted, *sorted(self.walk.noted_categories(base) - set(wanted))]:
            yield from self._first_page(base, cat_id, index_url, sid, hops)

    def note_category(self, url: str, hops: int) -> Iterator[scrapy.Request]:
        """A link into the catalogue that names a report category in its fragment (「政府信息公开年报」 →
        /gkmlpt/annualreport#2629, as the catalogue's own router does): that category is listed even if the
        catalogue's TREE does not show it; at once when the catalogue was read, else when it is."""
        m = _FRAGMENT_CATEGORY.search(url)
        if not m:
            return
        base, cat_id = catalogue_base(url), m.group(1)
        self.walk.note_category(base, cat_id)  # noted first, then the catalogue looked up (see walkstate)
        known = self.walk.catalogue(base)
        if known is not None:
            yield from self._first_page(base, cat_id, *known, hops)

    def _first_page(self, base: str, cat_id: str, index_url: str, sid: str, hops: int) -> Iterator[scrapy.Request]:
        """The list API's first page of a category of the catalogue, unless it was asked for before."""
        if (base, cat_id) not in self.asked:
            self.asked.add((base, cat_id))
            yield self.api_request(index_url, cat_id, sid, 1, hops)

    def api_request(self, index_url: str, cat_id: str, sid: str, page: int, hops: int = 0) -> scrapy.Request:
        url = urljoin(index_url, f"api/all/{cat_id}?page={page}&sid={sid}")
        kwargs = {"cat_id": cat_id, "sid": sid, "page": page}
        return scrapy.Request(url, callback=self.parse_api, cb_kwargs=kwargs, meta={"index": index_url, "hops": hops})

    def category_jump(self, url: str, hops: int) -> Iterator[scrapy.Request]:
        """A category that is a link to a column elsewhere (its classify.jump_url): a list this spider cannot
        read; the portal spider walks it."""
        self.crawler.stats.inc_value("harvester/walk/category_jumps_unread")
        return iter(())

    def parse_api(self, response: Response, cat_id: str, sid: str, page: int) -> Iterator[scrapy.Request]:
        try:
            data = json.loads(response.body)
        except ValueError:
            self.crawler.stats.inc_value("harvester/errors/bad_api_json")
            return
        articles = data.get("articles") or []
        classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
        jump = str(classify.get("jump_url") or "").strip()
        if jump and not articles:  # real catalogues: a category may be a link to another column
            yield from self.category_jump(response.urljoin(jump), int(response.meta.get("hops", 0)) + 1)
            return
        for article in articles:
            article_id = str(article.get("id", article.get("url", "")))
            if article_id in self.seen_ids:
                continue
            self.seen_ids.add(article_id)
            title = str(article.get("title", ""))
            if is_report_title(title) and article.get("url"):
                yield self.report_request(response.urljoin(article["url"]), title, response.url)
        total = int(data.get("total") or data.get("post_count") or classify.get("post_count") or 0)  # real: classify
        seen = page * max(len(articles), 1)
        if articles and page < self.max_api_pages and (not total or seen < total):
            yield self.api_request(response.meta["index"], cat_id, sid, page + 1, int(response.meta.get("hops", 0)))
