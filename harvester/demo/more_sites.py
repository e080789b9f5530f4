"""More demo sites: a TRS WCM column (GBK, createPageHTML), a generic site, and a challenge host (412)."""

from __future__ import annotations

import html
import json
import re
import threading

from .data import DemoReport, demo_reports
from .docs_site import DOCS_HOST, docs_route
from .notice_site import NOTICE_HOST, notice_route
from .portal import ROBOTS, Reply, page
from .render import report_body_html

TRS_HOST = "www.trs.demo.test"
GENERIC_HOST = "www.generic.demo.test"
BLOCKED_HOST = "www.blocked.demo.test"
_seen_429: set[str] = set()
_lock = threading.Lock()


def _gbk(text: str) -> bytes:
    return text.encode("gbk", "xmlcharrefreplace")


def _article_path(r: DemoReport) -> str:
    ym, ymd = r.published[:7].replace("-", ""), r.published.replace("-", "")
    return f"{ym}/t{ymd}_{r.id}.html"


def trs_list(page_no: int, base: str) -> str:
    """Three list pages; page 1 calls createPageHTML(total, current…), later ones (current, total…)."""
    reports = demo_reports()["trs-demo"]
    items = {0: [reports[0]], 1: [reports[1]], 2: [reports[2]]}[page_no]
    links = []
    bare = base.replace("://www.", "://", 1)  # the host's bare twin, as portals link gz.gov.cn beside www.gz.gov.cn
    for r in items:
        path = _article_path(r)
        t = html.escape(r.title)
        if page_no == 1:  # this report is linked under the bare twin only
            links.append(f'<li><a href="{bare}/zwgk/ndbg/{path}" title="{t}">{t}</a></li>')
            continue
        links += [
            f'<li><a href="./{path}" title="{t}">{t}</a></li>',
            f'<li><a href="{base if page_no == 0 else bare}/zwgk/ndbg/{path}?from=timeline">{t}</a></li>',
        ]  # duplicate: tracking parameter, and under the twin on page 3
    if page_no == 0:
        links += [
            '<li><a href="./202301/t20230105_390.html">粤示范县2023年部门预算公开</a></li>',
            '<li><a href="/private/202201/t20220101_399.html">粤示范县2015年政府信息公开工作年度报告</a></li>',
            '<li><a href="http://www.offsite.demo.test/202201/t20220101_398.html">粤示范县2021年政府信息公开工作年度报告（转载）</a></li>',
            '<li><a href="zwgk/ndbg/index.html">年度报告</a></li>',
            '<li><a href="/calendar?month=2022-01">日历</a></li>',
        ]
    pager = (
        f'createPageHTML(3, {page_no}, "index", "html");' if page_no == 0 else f'createPageHTML({page_no}, 3, "index", "html");'
    )
    body = f"<ul class='list'>{''.join(links)}</ul><div class='page'><script>{pager}</script></div>"
    return page("年度报告", body, charset="gb2312")


def trs_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {_article_path(r): r for r in demo_reports()["trs-demo"]}
    gbk = "text/html"
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path == "/calendar":
        month = query.get("month", "2022-01")
        year, mon = int(month[:4]), int(month[5:7])
        nxt = f"{year + (mon == 12)}-{mon % 12 + 1:02d}"
        return Reply(200, "text/html; charset=utf-8", page("日历", f'<a href="/calendar?month={nxt}">下一月</a>').encode())
    m = re.fullmatch(r"/zwgk/ndbg/((?:zwgk/ndbg/)*)(?:index(?:_(\d))?\.html)?", path)
    if m:
        n = int(m.group(2) or 0)
        if n == 2:
            with _lock:
                first = base not in _seen_429
                _seen_429.add(base)
            if first:
                return Reply(429, "text/plain", b"too many requests", headers={"Retry-After": "1"})
        if n <= 2:
            return Reply(200, gbk, _gbk(trs_list(n, base)))
    m = re.fullmatch(r"/zwgk/ndbg/(\d{6}/t\d{8}_\d+\.html)", path)
    if m and m.group(1) in reports:
        r = reports[m.group(1)]
        # As TRS writes an article page: <title> 文章_栏目_网站, and the national website guideline's <meta> names;
        # the date is in the <meta> alone, and the body's heading is a <div>, not <h1>.
        # Like Pingtan's TRS pages, no signature under the report either.
        text = re.sub(r'(<p style="text-align:right">[^<]*</p>)+$', "", report_body_html(r))
        body = f"<div class='article_title'>{html.escape(r.title)}</div><div class='TRS_Editor'>{text}</div>"
        head = "".join(
            f'<meta name="{name}" content="{html.escape(value)}"/>'
            for name, value in (
                ("SiteName", "粤示范县人民政府"),
                ("ColumnName", "年度报告"),
                ("ArticleTitle", r.title),
                ("PubDate", f"{r.published} 09:30"),
                ("ContentSource", "本网"),
            )
        )
        title = f"{r.title}_年度报告_粤示范县人民政府"
        return Reply(200, gbk, _gbk(page(title, body, charset="gb2312", head=head)))
    if path.endswith("_390.html"):
        return Reply(200, gbk, _gbk(page("粤示范县2023年部门预算公开", "<h1>粤示范县2023年部门预算公开</h1>", "gb2312")))
    return Reply(404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode())


def generic_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = {f"/xxgk/nb/{r.id}.html": r for r in demo_reports()["generic-demo"]}
    utf8 = "text/html; charset=utf-8"
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/", "/index.html"):
        links = '<a href="/xxgk/">政府信息公开</a> <a href="/xxgk/index.html?utm_source=home">政府信息公开目录</a> <a href="/news/">新闻动态</a>'
        return Reply(200, utf8, page("示范镇", links).encode())
    if path in ("/xxgk/", "/xxgk/index.html"):
        return Reply(
            200, utf8, page("政府信息公开", '<a href="/xxgk/nb/">政府信息公开年报</a> <a href="/xxgk/ys/">预算公开</a>').encode()
        )
    # The column is split by year, as Guangzhou's zfxxgknb/bm/2023n/: a tab named by its year only, and one named
    # like a report (「2021年度政府信息公开年报」) that is a list of that year's reports.
    if path == "/xxgk/nb/":
        tabs = '<a href="/xxgk/nb/2022n/">2022年</a> <a href="/xxgk/nb/2021n/">2021年度政府信息公开年报</a>'
        return Reply(200, utf8, page("年报", f"<div class='tabs'>{tabs}</div><p>请选择年度。</p>").encode())
    m = re.fullmatch(r"/xxgk/nb/(20\d\d)n/", path)
    if m:
        chunk = [(u, r) for u, r in reports.items() if str(r.year) == m.group(1)]
        links = "".join(f'<li><a href="{u}">{html.escape(r.title)}</a></li>' for u, r in chunk)
        name = f"{m.group(1)}年度政府信息公开年报"
        return Reply(200, utf8, page(name, f"<h2>{name}</h2><ul>{links}</ul>{TRAPS if m.group(1) == '2021' else ''}").encode())
    if re.fullmatch(r"/xxgk/nb/(?:20\d\dn/)?(nb/)+\d\.html", path) or path == "/xxgk/calendar":  # sloppy: answers anything
        month = query.get("month", "2022-01")
        return Reply(200, utf8, page("年报", TRAPS + f'<a href="/xxgk/calendar?month={month}1">信息公开日历</a>').encode())
    if path in reports:
        r = reports[path]
        return Reply(200, utf8, page(r.title, f"<h1>{html.escape(r.title)}</h1>{report_body_html(r)}").encode())
    if path in ("/xxgk/ys/", "/news/"):
        return Reply(200, utf8, page("栏目", "<p>2022年统计年报</p>").encode())
    return Reply(404, utf8, page("404", "<h1>页面不存在</h1>").encode())


TRAPS = (
    '<a href="nb/2.html">下一页</a>'  # relative link that nests the path on every hop
    '<a href="/xxgk/calendar?month=2022-01">信息公开日历</a>'
    '<a href="/private/nb/">政府信息公开年报（存档）</a>'  # disallowed by robots.txt
)

CHALLENGE = (
    "<html><head><meta charset='utf-8'></head><body><script>"
    "document.cookie='__jsl_clearance=1700000000.1|0|demo;max-age=3600;path=/';location.href=location.pathname+location.search"
    "</script></body></html>"
)


def blocked_route(path: str, query: dict[str, str], base: str) -> Reply:
    """Every page answers 412 with a JavaScript challenge, as some portals' firewalls do."""
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    return Reply(412, "text/html; charset=utf-8", CHALLENGE.encode())


DEPT_HOST = "www.dept.demo.test"
DEPT_NFCMS_FIRST_ID = 503  # reports from here on sit in the department's NFCMS column, not its catalogue
DEPT_JUMP_ID = 504  # in a column only a catalogue category's jump_url leads to


def dept_route(path: str, query: dict[str, str], base: str) -> Reply:
    """gkmlpt under a sub-path (/zwgk/gkmlpt/); content pages carry the body only as JSON-escaped DETAIL."""
    reports = {r.id: r for r in demo_reports()["dept-demo"]}
    utf8 = "text/html; charset=utf-8"
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path == "/zwgk/gkmlpt/index":
        tree = "[{id: 7, name: '年报', children: []}, {id: 8, name: '统计数据', children: []}, {id: 9, name: '年报（旧）', children: []}]"
        config = f"{{SID: '511001', TREE: {tree}}}"
        return Reply(200, utf8, page("政府信息公开", f"<script>window._CONFIG = {config};</script>").encode())
    if path in ("/zwgk/ndbg/", "/zwgk/ndbg/index.html"):  # an NFCMS column beside the catalogue (families mixed)
        items = "".join(
            f'<li><a href="/content/post_{r.id}.html" title="{html.escape(r.title)}">{html.escape(r.title)}</a></li>'
            for r in reports.values()
            if DEPT_NFCMS_FIRST_ID <= r.id < DEPT_JUMP_ID
        )
        return Reply(200, utf8, page("机关年报（旧栏目）", f"<ul class='list'>{items}</ul>").encode())
    if path == "/zwgk/jnb/index.html":  # the column a catalogue category jumps to (classify.jump_url)
        r = reports[DEPT_JUMP_ID]
        item = f'<li><a href="/zwgk/jnb/{r.id}.html">{html.escape(r.title)}</a></li>'
        return Reply(200, utf8, page("历年年报", f"<ul class='list'>{item}</ul>").encode())
    m = re.fullmatch(r"/content/post_(\d+)\.html", path) or re.fullmatch(rf"/zwgk/jnb/({DEPT_JUMP_ID})\.html", path)
    if m and int(m.group(1)) in reports and int(m.group(1)) >= DEPT_NFCMS_FIRST_ID:
        r = reports[int(m.group(1))]
        return Reply(
            200, utf8, page(r.title, f"<h1>{html.escape(r.title)}</h1><div class='content'>{report_body_html(r)}</div>").encode()
        )
    m = re.fullmatch(r"/zwgk/gkmlpt/api/all/(\d+)", path)
    if m:
        arts = [
            {"id": r.id, "title": r.title, "url": f"{base}/zwgk/gkmlpt/content/5/{r.id}/post_{r.id}.html"}
            for r in reports.values()
            if r.id < DEPT_NFCMS_FIRST_ID
        ]
        if m.group(1) == "9":  # a category that is a link to another column: no articles, its jump_url
            jump = {"id": 9, "name": "年报（旧）", "parent": 0, "post_count": 0, "jump_url": f"{base}/zwgk/jnb/index.html"}
            return Reply(
                200, "application/json", json.dumps({"classify": jump, "total": 0, "offset": 0, "articles": []}).encode()
            )
        pages = {1: arts[:1], 2: [arts[0], *arts[1:]]} if m.group(1) == "7" else {}  # page 2 repeats article 501
        if int(query.get("page", "1")) not in pages:  # past the last page: 404, as real catalogues answer
            return Reply(404, "application/json", b'{"message":"Not Found"}')
        classify = {"id": int(m.group(1)), "name": "年度报告", "parent": 0, "post_count": 3, "theme_count": 3}
        body = {"classify": classify, "articles": pages[int(query.get("page", "1"))]}  # the count only in classify
        return Reply(200, "application/json", json.dumps(body, ensure_ascii=False).encode())
    m = re.fullmatch(r"/zwgk/gkmlpt/content/5/\d+/post_(\d+)\.html", path)
    if m and int(m.group(1)) in reports:
        r = reports[int(m.group(1))]
        detail = json.dumps({"id": r.id, "title": r.title, "content": report_body_html(r)}, ensure_ascii=True).replace(
            "<", "\\u003C"
        )
        script = f"<script>var DETAIL = {detail};</script>"
        return Reply(200, utf8, page(r.title, f'<div id="detail"></div>{script}').encode())
    return Reply(404, utf8, page("404", "<h1>页面不存在</h1>").encode())


MORE_ROUTES = {
    TRS_HOST: trs_route,
    GENERIC_HOST: generic_route,
    BLOCKED_HOST: blocked_route,
    DEPT_HOST: dept_route,
    DOCS_HOST: docs_route,
    NOTICE_HOST: notice_route,
}
