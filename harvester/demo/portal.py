"""The demo sites' pages: a gkmlpt catalogue site and an NFCMS column site (GBK), with decoys."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .data import DemoReport, demo_reports
from .pdf import build_pdf
from .render import report_body_html

GD_HOST = "www.gd.demo.test"
CITY_HOST = "www.city.demo.test"
ROBOTS = "User-agent: *\nDisallow: /private/\n"
PAGE_SIZE = 2


@dataclass
class Reply:
    """What a route answers: status, content type, body, and how to send it."""

    status: int
    content_type: str
    body: bytes
    gzip: bool = False
    chunked: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def page(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>{head}</head><body>'
        '<div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="http://www.offsite.demo.test/">友情链接</a></div>'
        f'<div class="position">您的位置：首页 &gt; 政务公开 &gt; 年度报告</div>{body}'
        '<div class="footer">主办单位：示范门户网站 | 网站标识码 0000000000 | 扫一扫在手机打开当前页</div></body></html>'
    )


# ---- gkmlpt -----------------------------------------------------------------------------
TREE = [
    {"id": 1001, "name": "政策文件", "children": []},
    {"id": 1002, "name": "年度报告", "children": [{"id": 1003, "name": "政府信息公开年报", "children": []}]},
    {"id": 1004, "name": "预算公开", "children": []},
    {"id": 1005, "name": "统计信息", "children": [{"id": 1006, "name": "统计年报", "children": []}]},
]


def gd_articles(base: str) -> dict[int, list[dict[str, object]]]:
    """List API contents per category: reports plus look-alikes and one report taken down (404)."""
    reports = [r for r in demo_reports()["gd-demo"]]
    arts: list[dict[str, object]] = [
        {
            "id": r.id,
            "title": r.title,
            "url": f"{base}/gkmlpt/content/2/{r.id}/post_{r.id}.html#1003",
            "publish_time": r.published,
        }
        for r in reports
    ]
    arts.insert(
        2,
        {
            "id": 190,
            "title": "广东省示范数据管理局2021年统计年报",
            "url": f"{base}/gkmlpt/content/2/190/post_190.html",
            "publish_time": "2022-03-01",
        },
    )
    arts.append(
        {
            "id": 105,
            "title": "广东省示范数据管理局2018年政府信息公开工作年度报告",
            "url": f"{base}/gkmlpt/content/2/105/post_105.html",
            "publish_time": "2019-03-01",
        }
    )
    budget = [
        {
            "id": 191,
            "title": "广东省示范数据管理局2023年部门预算公开",
            "url": f"{base}/gkmlpt/content/2/191/post_191.html",
            "publish_time": "2023-02-01",
        }
    ]
    return {1003: arts, 1004: budget, 1006: [arts[2]]}


def gkmlpt_index(base: str) -> str:
    config = {"SID": "2", "TREE": TREE, "API": "/gkmlpt/api/all/"}
    script = (
        f"<script>window._CONFIG = {json.dumps(config, ensure_ascii=False)};</script>"
        "<script>function load(c,p){fetch('/gkmlpt/api/all/'+c+'?page='+p+'&sid='+window._CONFIG.SID)"
        ".then(r=>r.json()).then(d=>render(d.articles));}</script>"
    )
    return page("政府信息公开", f'<div id="app">正在加载…</div>{script}')


def gkmlpt_api(base: str, category: int, page_no: int) -> Reply:
    articles = gd_articles(base).get(category, [])
    chunk = articles[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    body = {"articles": chunk, "total": len(articles), "page": page_no, "page_size": PAGE_SIZE}
    return Reply(200, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode(), chunked=True)


def gkmlpt_content(r: DemoReport, base: str) -> str:
    meta = [
        ("索引号", f"006939748/2023-{r.id:05d}"),
        ("分类", "年度报告"),
        ("发布机构", r.agency),
        ("成文日期", r.published),
        ("标题", r.title),
        ("发布日期", r.published),
    ]
    rows = "".join(f"<tr><td>{k}</td><td>{html.escape(v)}</td></tr>" for k, v in meta)
    attach = ""
    if r.form == "pdf":
        name = f"{r.title}.pdf"
        attach = f'<p><a class="nfw-cms-attachment" href="{base}/attachment/0/{r.id}/{r.id}.pdf" alt="{html.escape(name)}">{html.escape(name)}</a></p>'
    body = f'<table class="classify">{rows}</table><h1>{html.escape(r.title)}</h1><div class="article-content">{report_body_html(r)}{attach}</div>'
    return page(r.title, body)


def gd_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {r.id: r for r in demo_reports()["gd-demo"]}
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/", "/index.html"):
        return Reply(200, "text/html; charset=utf-8", page("示范省政府", '<a href="/gkmlpt/index">政府信息公开</a>').encode())
    if path == "/gkmlpt/index":
        return Reply(200, "text/html; charset=utf-8", gkmlpt_index(base).encode())
    m = re.fullmatch(r"/gkmlpt/api/all/(\d+)", path)
    if m:
        return gkmlpt_api(base, int(m.group(1)), int(query.get("page", "1") or 1))
    m = re.fullmatch(r"/gkmlpt/content/\d+/(\d+)/post_(\d+)\.html", path)
    if m and int(m.group(2)) in reports:
        return Reply(200, "text/html; charset=utf-8", gkmlpt_content(reports[int(m.group(2))], base).encode(), gzip=True)
    if m and int(m.group(2)) in (190, 191):
        title = {190: "广东省示范数据管理局2021年统计年报", 191: "广东省示范数据管理局2023年部门预算公开"}[int(m.group(2))]
        return Reply(200, "text/html; charset=utf-8", page(title, f"<h1>{title}</h1><p>本页为统计或预算信息。</p>").encode())
    m = re.fullmatch(r"/attachment/0/(\d+)/(\d+)\.pdf", path)
    if m and int(m.group(1)) in reports:
        return Reply(200, "application/pdf", pdf_bytes(int(m.group(1))))
    return Reply(404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode())


@lru_cache(maxsize=8)
def pdf_bytes(report_id: int) -> bytes:
    return build_pdf(next(r for rs in demo_reports().values() for r in rs if r.id == report_id))


# ---- NFCMS (GBK) ------------------------------------------------------------------------
DISTRICT_HOST = "www.district.demo.test"  # in no site's registry: its report is found through the city's column
DISTRICT_IDS = (204,)


def city_list(base: str) -> list[tuple[str, str]]:
    """The city's column: its own reports, look-alikes, a district's report on the district's host (unregistered)
    and a county's on a registered site's host (left to that site)."""
    city = [r for r in reversed(demo_reports()["city-demo"]) if r.id not in DISTRICT_IDS]
    items = [(f"/content/post_{r.id}.html", r.title) for r in city]
    items.insert(1, ("/content/post_290.html", "粤示范市2023年部门预算公开"))
    items.append(("/content/post_291.html", "粤示范市2022年政务公开工作要点"))
    district = base.replace(f"//{CITY_HOST}", f"//{DISTRICT_HOST}")
    items += [(f"{district}/zwgk/ndbg/post_{r.id}.html", r.title) for r in demo_reports()["city-demo"] if r.id in DISTRICT_IDS]
    county = next(r for r in demo_reports()["trs-demo"] if r.id == 302)
    path = f"{county.published[:7].replace('-', '')}/t{county.published.replace('-', '')}_{county.id}.html"
    items.append((f"{base.replace(f'//{CITY_HOST}', '//www.trs.demo.test')}/zwgk/ndbg/{path}", county.title))
    return items


def district_route(path: str, query: dict[str, str], base: str) -> Reply:
    """A district's own host (in no site's registry): its report page (tables in a PDF attachment on the same host)
    and the column that lists it, under a home page (`front.py`)."""
    reports = {r.id: r for r in demo_reports()["city-demo"] if r.id in DISTRICT_IDS}
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/zwgk/ndbg/", "/zwgk/ndbg/index.html"):  # its own column, for a crawl of the district as a site
        links = "".join(f'<li><a href="/zwgk/ndbg/post_{r.id}.html">{html.escape(r.title)}</a></li>' for r in reports.values())
        return Reply(200, "text/html; charset=utf-8", page("政府信息公开年报", f"<ul class='list'>{links}</ul>").encode())
    m = re.fullmatch(r"/zwgk/ndbg/post_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        name = html.escape(f"{r.title}.pdf")
        body = f'<h1>{html.escape(r.title)}</h1><p>全文详见附件。</p><p><a href="/attachment/{r.id}.pdf">{name}</a></p>'
        return Reply(200, "text/html; charset=utf-8", page(r.title, body).encode())
    m = re.fullmatch(r"/attachment/(\d+)\.pdf", path)
    if m and int(m.group(1)) in reports:
        return Reply(200, "application/pdf", pdf_bytes(int(m.group(1))))
    return Reply(404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode())


def city_index(base: str, page_no: int) -> str | None:
    items = city_list(base)
    pages = (len(items) + PAGE_SIZE - 1) // PAGE_SIZE
    if page_no > pages:
        return None
    chunk = items[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    links = "".join(f'<li><a href="{u}" title="{html.escape(t)}">{html.escape(t)}</a></li>' for u, t in chunk)
    nxt = f'<a href="index_{page_no + 1}.html">下一页</a>' if page_no < pages else ""
    pager = f'<script>createPageHTML({pages}, {page_no - 1}, "index", "html");</script>{nxt}'
    return page("年度报告", f"<ul class='list'>{links}</ul><div class='page'>{pager}</div>", charset="gb2312")


def city_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {r.id: r for r in demo_reports()["city-demo"]}
    gbk = "text/html"  # charset only in <meta>, as many portals do
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    m = re.fullmatch(r"/zwgk/ndbg/(?:index(?:_(\d+))?\.html)?", path)
    if m:
        text = city_index(base, int(m.group(1) or 1))
        if text:
            return Reply(200, gbk, text.encode("gbk", "xmlcharrefreplace"))
    m = re.fullmatch(r"/content/post_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        body = f"<h1>{html.escape(r.title)}</h1><div class='content'>{report_body_html(r)}</div>"
        return Reply(200, gbk, page(r.title, body, charset="gb2312").encode("gbk", "xmlcharrefreplace"))
    if m and int(m.group(1)) in (290, 291):
        title = dict(city_list(base))[path]
        return Reply(200, gbk, page(title, f"<h1>{title}</h1><p>详见正文。</p>", "gb2312").encode("gbk", "xmlcharrefreplace"))
    return Reply(404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode())


ROUTES = {GD_HOST: gd_route, CITY_HOST: city_route, DISTRICT_HOST: district_route}
