"""Demo sites of the other CMSs Guangdong portals use: Hanweb JCMS (lists in a datastore, downfile.jsp
attachments), JEECMS (.jhtml), and a bureau whose gkmlpt catalogue lives under a sub-path of the city host
(bodies and attachments only inside DETAIL). Report columns hold 图解/解读 decoys."""

from __future__ import annotations

import html
import json
import re

from .data import DemoReport, demo_reports
from .portal import ROBOTS, Reply, page, pdf_bytes
from .render import report_body_html

HANWEB_HOST = "www.hanweb.demo.test"
JEECMS_HOST = "www.jeecms.demo.test"
BUREAU_PREFIX = "/yjzjj/"
BUREAU_HIDDEN_CATEGORY = "8003"  # named only in the fragment of the home page's link (…/gkmlpt/annualreport#8003)
UTF8 = "text/html; charset=utf-8"


def _body(r: DemoReport, attachment_href: str) -> str:
    """The report's body: its tables, or (a PDF report) a line and the attachment link."""
    if r.form == "pdf":
        name = html.escape(f"{r.title}.pdf")
        return f'<p>{html.escape(r.title)}全文详见附件。</p><p><a href="{attachment_href}">{name}</a></p>'
    return report_body_html(r)


def _decoys(year: int, agency: str) -> list[tuple[str, str]]:
    return [
        (f"图解：{agency}{year}年政府信息公开工作年度报告", "tujie"),
        (f"《{agency}{year}年政府信息公开工作年度报告》解读", "jiedu"),
    ]


# ---- Hanweb JCMS ------------------------------------------------------------------------
HANWEB_PER_PAGE = 2
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"


def _hanweb_items(reports: dict[int, DemoReport]) -> list[str]:
    """The column's records: a report, a 图解 decoy, a report, a 解读 decoy (the second report only by dataproxy)."""
    links = [
        f'<li><a href="/art/{r.published[:4]}/art_1234_{r.id}.html" title="{html.escape(r.title)}">{html.escape(r.title)}</a></li>'
        for r in reports.values()
    ]
    decoys = [
        f'<li><a href="/art/2023/art_1234_69{i}.html">{html.escape(t)}</a></li>'
        for i, (t, _) in enumerate(_decoys(2022, "粤示范新区管理委员会"))
    ]
    return [links[0], decoys[0], links[1], decoys[1]]


def _datastore(records: list[str], next_href: str | None, total: int) -> str:
    recs = "".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    nxt = f'<nextgroup><![CDATA[<a href="{next_href}"></a>]]></nextgroup>' if next_href else ""
    return f'<script type="text/xml"><datastore><totalrecord>{total}</totalrecord>{nxt}<recordset>{recs}</recordset></datastore></script>'


def hanweb_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {r.id: r for r in demo_reports()["hanweb-demo"]}
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/", "/index.html"):
        return Reply(
            200,
            UTF8,
            page("粤示范新区管理委员会", '<a href="/col/col100/index.html">政务公开</a> <a href="/col/col9/">新闻</a>').encode(),
        )
    if path == "/col/col100/index.html":
        return Reply(200, UTF8, page("政务公开", '<a href="/col/col1234/index.html">政府信息公开年报</a>').encode())
    if path == "/col/col1234/index.html":  # the first records in the page; the rest only from dataproxy.jsp
        items = _hanweb_items(reports)
        proxy = f"{HANWEB_PROXY}?page=1&appid=1&webid=5&path=/&columnid=1234&unitid=5678&permissiontype=0"
        store = _datastore(items[:HANWEB_PER_PAGE], proxy, len(items))
        script = f"<script>$('#5678').jpage({{proxyUrl: '{HANWEB_PROXY}', perPage: {HANWEB_PER_PAGE}, totalRecord: {len(items)}}});</script>"
        body = f'<div id="5678">{store}</div><script src="/module/web/jpage/jpage.js"></script>{script}'
        return Reply(200, UTF8, page("政府信息公开年报", body).encode())
    if path == HANWEB_PROXY:  # a POST naming the column and unit; the record range in the query string
        items = _hanweb_items(reports) if (query.get("columnid"), query.get("unitid")) == ("1234", "5678") else []
        start, end = int(query.get("startrecord", "1")), int(query.get("endrecord", "45"))
        return Reply(200, "text/xml; charset=utf-8", _datastore(items[start - 1 : end], None, len(items)).encode())
    m = re.fullmatch(r"/art/\d{4}/art_1234_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        href = f"/module/download/downfile.jsp?classid=0&filename={r.id}.pdf"
        return Reply(200, UTF8, page(r.title, f"<h1>{html.escape(r.title)}</h1>{_body(r, href)}").encode())
    if m:
        return Reply(200, UTF8, page("解读", "<h1>一图读懂年度报告</h1><p>图解内容。</p>").encode())
    m = re.fullmatch(r"/module/download/downfile\.jsp", path)
    if m and query.get("filename", "").removesuffix(".pdf").isdigit() and int(query["filename"][:-4]) in reports:
        r = reports[int(query["filename"][:-4])]
        disposition = "attachment; filename*=UTF-8''" + _quote(f"{r.title}.pdf")
        return Reply(200, "application/octet-stream", pdf_bytes(r.id), headers={"Content-Disposition": disposition})
    return Reply(404, UTF8, page("404", "<h1>页面不存在</h1>").encode())


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


# ---- JEECMS -----------------------------------------------------------------------------
def jeecms_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {r.id: r for r in demo_reports()["jeecms-demo"]}
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/", "/index.jhtml"):
        return Reply(200, UTF8, page("示范街道办事处", '<a href="/xxgk/index.jhtml">信息公开</a>').encode())
    if path == "/xxgk/index.jhtml":
        return Reply(200, UTF8, page("信息公开", '<a href="/xxgk/ndbg/index.jhtml">政府信息公开年报</a>').encode())
    m = re.fullmatch(r"/xxgk/ndbg/index(?:_(\d+))?\.jhtml", path)
    if m:
        page_no = int(m.group(1) or 1)
        items = [(f"/xxgk/ndbg/{r.id}.jhtml", r.title) for r in reports.values()] + [
            (f"/xxgk/ndbg/79{i}.jhtml", t) for i, (t, _) in enumerate(_decoys(2022, "示范街道"))
        ]
        chunk = items[:2] if page_no == 1 else items[2:]
        links = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>' for u, t in chunk)
        pager = '<a href="index_2.jhtml">下一页</a>' if page_no == 1 else '<a href="index.jhtml">首页</a>'
        return Reply(200, UTF8, page("年报", f"<ul>{links}</ul><div class='pagination'>{pager}</div>").encode())
    m = re.fullmatch(r"/xxgk/ndbg/(\d+)\.jhtml", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        # the template's <h1> is its logo and <title> the site's name; the report's title is a titled block
        heading = f'<h1 class="logo">示范街道办事处</h1><div class="article-title">{html.escape(r.title)}</div>'
        return Reply(200, UTF8, page("示范街道办事处门户网站", heading + _body(r, "")).encode())
    if m:
        return Reply(200, UTF8, page("解读", "<h1>解读</h1><p>图解内容。</p>").encode())
    return Reply(404, UTF8, page("404", "<h1>页面不存在</h1>").encode())


# ---- a bureau's gkmlpt under a sub-path of the city host ---------------------------------
def bureau_route(path: str, query: dict[str, str], base: str) -> Reply:
    """/yjzjj/ on the city host: its own gkmlpt; content pages hold body and attachment only in DETAIL."""
    reports = {r.id: r for r in demo_reports()["bureau-demo"]}
    root = BUREAU_PREFIX.rstrip("/")
    if path in (BUREAU_PREFIX, f"{root}/index.html"):
        links = f'<a href="{root}/gkmlpt/index">政府信息公开</a> <a href="/">粤示范市人民政府</a>'
        # the catalogue's own router: a category named in the fragment, one its TREE does not show
        links += f' <a href="{root}/gkmlpt/annualreport#{BUREAU_HIDDEN_CATEGORY}">政府信息公开年报</a>'
        return Reply(200, UTF8, page("粤示范市应急管理局", links).encode())
    if path in (f"{root}/gkmlpt/index", f"{root}/gkmlpt/annualreport"):
        # the 年报 category holds a category per year, named by the year only (its 2022 report is there alone)
        tree = [{"id": 8001, "name": "政府信息公开年报", "children": [{"id": 8002, "name": "2022年", "children": []}]}]
        script = f"<script>window._CONFIG = {json.dumps({'SID': '8', 'TREE': tree}, ensure_ascii=False)};</script>"
        return Reply(200, UTF8, page("政府信息公开", f'<div id="app"></div>{script}').encode())
    m = re.fullmatch(rf"{root}/gkmlpt/api/all/(800[123])", path)
    if m:
        where = {"8001": (2021,), "8002": (2022,), BUREAU_HIDDEN_CATEGORY: (2020,)}[m.group(1)]
        arts = [
            {"id": r.id, "title": r.title, "url": f"{base}{root}/gkmlpt/content/8/{r.id}/post_{r.id}.html"}
            for r in reports.values()
            if r.year in where
        ]
        return Reply(200, "application/json; charset=utf-8", json.dumps({"articles": arts, "total": len(arts)}).encode())
    m = re.fullmatch(rf"{root}/gkmlpt/content/8/\d+/post_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        content = f"<h1>{html.escape(r.title)}</h1>" + _body(r, f"{root}/attachment/8/{r.id}.pdf")
        detail = json.dumps({"id": r.id, "title": r.title, "content": content}, ensure_ascii=True).replace("<", "\\u003C")
        meta = f'<table class="classify"><tr><td>发布机构</td><td>{html.escape(r.agency)}</td></tr></table>'
        return Reply(
            200,
            UTF8,
            page(r.title, f'{meta}<div id="zoom"></div><script>window._CONFIG = {{"DETAIL": {detail}}};</script>').encode(),
        )
    m = re.fullmatch(rf"{root}/attachment/8/(\d+)\.pdf", path)
    if m and int(m.group(1)) in reports:
        return Reply(200, "application/pdf", pdf_bytes(int(m.group(1))))
    return Reply(404, UTF8, page("404", "<h1>页面不存在</h1>").encode())


# ---- a TRS site that also runs a gkmlpt catalogue (families mixed on one host, as gd.gov.cn does) ----------
def mixed_gkmlpt_route(path: str, query: dict[str, str], base: str) -> Reply:
    """/gkmlpt/ on the TRS host: a catalogue holding the reports the TRS column does not list."""
    reports = {r.id: r for r in demo_reports()["trs-demo"] if r.id >= MIXED_FIRST_ID}
    if path == "/gkmlpt/index":
        tree = [{"id": 3001, "name": "年度报告", "children": []}, {"id": 3002, "name": "预算公开", "children": []}]
        script = f"<script>window._CONFIG = {json.dumps({'SID': '3', 'TREE': tree}, ensure_ascii=False)};</script>"
        return Reply(200, UTF8, page("政府信息公开目录", f'<div id="app"></div>{script}').encode())
    if path == "/gkmlpt/api/all/3001":
        arts = [
            {"id": r.id, "title": r.title, "url": f"{base}/gkmlpt/content/3/{r.id}/post_{r.id}.html"} for r in reports.values()
        ]
        return Reply(200, "application/json; charset=utf-8", json.dumps({"articles": arts, "total": len(arts)}).encode())
    m = re.fullmatch(r"/gkmlpt/content/3/\d+/post_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        return Reply(
            200,
            UTF8,
            page(r.title, f"<h1>{html.escape(r.title)}</h1><div class='article-content'>{report_body_html(r)}</div>").encode(),
        )
    return Reply(404, UTF8, page("404", "<h1>页面不存在</h1>").encode())


MIXED_FIRST_ID = 304
CMS_ROUTES = {HANWEB_HOST: hanweb_route, JEECMS_HOST: jeecms_route}
PREFIX_ROUTES = {("www.city.demo.test", BUREAU_PREFIX): bureau_route, ("www.trs.demo.test", "/gkmlpt/"): mixed_gkmlpt_route}
