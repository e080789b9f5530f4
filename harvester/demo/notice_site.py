"""A demo site with no report column: a small bureau posts its annual reports among its notices (通知公告), as
some agencies do, so only a walk widened to the notice and news columns finds them."""

from __future__ import annotations

import html

from .data import DemoReport, demo_reports
from .portal import ROBOTS, Reply, page
from .render import report_body_html

NOTICE_HOST = "www.notice.demo.test"
UTF8 = "text/html; charset=utf-8"
_NOTICES = [
    "关于2024年春节期间值班安排的通知",
    "关于开展森林防火宣传月活动的通知",
    "关于报送2022年政府信息公开工作年度报告的通知",  # a notice about reports, not one
    "关于公开征求《粤示范县国土空间总体规划》意见的公告",
    "关于2023年度耕地保护目标责任考核结果的公示",
    "关于开展地质灾害隐患排查的通知",
]
_NEWS = ["局领导带队检查防汛工作", "我局召开2023年党风廉政建设工作会议", "粤示范县开展世界地球日宣传活动"]


def _notice_pages(reports: list[DemoReport]) -> list[list[tuple[str, str]]]:
    """Three pages of (href, title): the newest report on the first page, the older one on the last."""
    items = [(f"/tzgg/{i}.html", t) for i, t in enumerate(_NOTICES)]
    first, older = sorted(reports, key=lambda r: -r.year)
    return [
        [items[0], items[1], (f"/tzgg/r{first.id}.html", first.title)],
        [items[2], items[3]],
        [items[4], (f"/tzgg/r{older.id}.html", older.title), items[5]],
    ]


def _list(title: str, entries: list[tuple[str, str]], n: int, count: int, stem: str) -> str:
    links = "".join(
        f'<li><a href="{h}" target="_blank">{html.escape(t)}</a><span>2023-0{i + 1}-1{n}</span></li>'
        for i, (h, t) in enumerate(entries)
    )
    nxt = f'<a href="/{stem}/index_{n + 1}.html">下一页</a>' if n + 1 < count else ""
    return page(title, f"<h2>{title}</h2><ul class='list'>{links}</ul><div class='page'>{nxt}</div>")


def notice_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = demo_reports()["notice-demo"]
    pages = _notice_pages(reports)
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/", "/index.html"):
        nav = (
            '<a href="/jggk/">机构概况</a> <a href="/tzgg/">通知公告</a> <a href="/gzdt/">工作动态</a> '
            '<a href="/zcfg/">政策法规</a> <a href="/hdjl/">互动交流</a>'
        )
        recent = "".join(f'<li><a href="/gzdt/{i}.html">{html.escape(t)}</a></li>' for i, t in enumerate(_NEWS))
        return Reply(200, UTF8, page("粤示范县自然资源局", f"<div class='nav'>{nav}</div><ul>{recent}</ul>").encode())
    for n in range(len(pages)):
        if path == "/tzgg/" and n == 0 or path == f"/tzgg/index_{n}.html":
            return Reply(200, UTF8, _list("通知公告", pages[n], n, len(pages), "tzgg").encode())
    if path in ("/gzdt/", "/gzdt/index_1.html"):
        n = 0 if path == "/gzdt/" else 1
        entries = [(f"/gzdt/{i}.html", t) for i, t in enumerate(_NEWS)][n * 2 : n * 2 + 2]
        return Reply(200, UTF8, _list("工作动态", entries, n, 2, "gzdt").encode())
    by_path = {f"/tzgg/r{r.id}.html": r for r in reports}
    if path in by_path:
        r = by_path[path]
        return Reply(200, UTF8, page(r.title, f"<h1>{html.escape(r.title)}</h1>{report_body_html(r)}").encode())
    if path.startswith(("/tzgg/", "/gzdt/", "/jggk/", "/zcfg/", "/hdjl/")):
        return Reply(200, UTF8, page("粤示范县自然资源局", "<p>正文。</p>").encode())
    return Reply(404, UTF8, page("404", "<h1>页面不存在</h1>").encode())
