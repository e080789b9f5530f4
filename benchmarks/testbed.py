"""The performance test bed: N loopback hosts (127.0.0.2…), GBK report pages in paged columns, a request log.

Run as a subprocess: `python -m benchmarks.testbed --hosts 20 --reports 1000 --log FILE [--latency S]`; it prints one JSON
line ({"hosts": ["http://127.0.0.2:PORT", …]}) once every host listens, and serves until killed. Each host is
a county portal: home → 政府信息公开 → 政府信息公开年报 (10 titles per list page, 下一页/page numbers) → report
pages (GBK, the national template's tables with real-looking numbers, as the demo portal renders them).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import threading
import time
from functools import cache, lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.data import DemoReport, make_report  # noqa: E402
from harvester.demo.portal import page  # noqa: E402
from harvester.demo.render import report_body_html  # noqa: E402

PER_PAGE = 10
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


def host_ip(i: int) -> str:
    return f"127.0.0.{i + 2}"


def host_reports(i: int, count: int) -> list[DemoReport]:
    """The reports of host i: agencies × years, ids unique across the bed."""
    out = []
    for k in range(count):
        year = YEARS[k % len(YEARS)]
        agency = f"示范{i + 1:02d}县第{k // len(YEARS) + 1}局"
        out.append(make_report(100_000 + i * 100_000 + k, agency, year, f"{year + 1}-01-{10 + k % 19:02d}"))
    return out


@cache
def report_page(i: int, k: int, count: int) -> bytes:
    r = host_reports_cached(i, count)[k]
    body = f"<h1>{html.escape(r.title)}</h1><div class='TRS_Editor'>{report_body_html(r)}</div>"
    return page(r.title, body, charset="gbk").encode("gbk", "xmlcharrefreplace")


@lru_cache(maxsize=64)
def host_reports_cached(i: int, count: int) -> list[DemoReport]:
    return host_reports(i, count)


def page_count(count: int) -> int:
    """List pages of a column of `count` reports."""
    return (count + PER_PAGE - 1) // PER_PAGE


@cache
def list_page(i: int, n: int, count: int) -> bytes:
    """List page n (0-based) of host i's report column."""
    reports = host_reports_cached(i, count)
    pages = page_count(count)
    items = "".join(
        f'<li><a href="./t{r.published.replace("-", "")}_{r.id}.html" title="{html.escape(r.title)}">{html.escape(r.title)}</a>'
        f"<span>{r.published}</span></li>"
        for r in reports[n * PER_PAGE : (n + 1) * PER_PAGE]
    )
    name = lambda p: "index.html" if p == 0 else f"index_{p}.html"  # noqa: E731
    pager = " ".join(f'<a href="{name(p)}">{p + 1}</a>' for p in range(max(0, n - 3), min(pages, n + 4)))
    if n + 1 < pages:
        pager += f' <a href="{name(n + 1)}">下一页</a> <a href="{name(pages - 1)}">尾页</a>'
    return page("政府信息公开年报", f"<ul class='list'>{items}</ul><div class='page'>{pager}</div>", "gbk").encode("gbk")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestBed/1.0"
    index = 0
    count = 0
    latency = 0.0  # seconds before each answer: a real portal's server time (loopback answers in ~1 ms)
    log: IO[str] | None = None
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, ctype, body = self.route(self.path.split("?")[0])
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'  # as portals' static pages do: ETag, Last-Modified, 304
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        if self.log is not None:
            with self.lock:
                self.log.write(f"{time.time():.6f} {self.index} {status} {self.path} {len(body)}\n")
        if self.latency:
            time.sleep(self.latency)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if status in (200, 304):
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Mon, 05 Jan 2026 08:00:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, path: str) -> tuple[int, str, bytes]:
        gbk = "text/html; charset=gbk"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
        if path in ("/", "/index.html"):
            return 200, gbk, page(f"示范{self.index + 1:02d}县人民政府", '<a href="/xxgk/">政府信息公开</a>', "gbk").encode("gbk")
        if path == "/xxgk/":
            return 200, gbk, page("政府信息公开", '<a href="/xxgk/ndbg/index.html">政府信息公开年报</a>', "gbk").encode("gbk")
        m = re.fullmatch(r"/xxgk/ndbg/(?:index(?:_(\d+))?\.html)?", path)
        if m and int(m.group(1) or 0) * PER_PAGE < self.count:
            return 200, gbk, list_page(self.index, int(m.group(1) or 0), self.count)
        m = re.fullmatch(r"/xxgk/ndbg/t\d{8}_(\d+)\.html", path)
        if m:
            k = int(m.group(1)) - 100_000 - self.index * 100_000
            if 0 <= k < self.count:
                return 200, gbk, report_page(self.index, k, self.count)
        return 404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def render_all(i: int, count: int) -> None:
    """Every page of host i made before serving: the first crawl after a start found the bed making its pages
    (a second each host at 10,000 reports) and the next one did not, which skewed side-by-side runs."""
    for k in range(count):
        report_page(i, k, count)
    for n in range(page_count(count)):
        list_page(i, n, count)


def serve(hosts: int, reports: int, log: Path | None, latency: float = 0.0) -> None:
    """One server per loopback address, each in its own thread, its pages made first; prints the base URLs,
    then serves."""
    sink = open(log, "a", buffering=1, encoding="utf-8") if log else None  # noqa: SIM115 (open while serving)
    bases = []
    for i in range(hosts):
        per_host = reports // hosts + (1 if i < reports % hosts else 0)
        render_all(i, per_host)
        handler = type(f"Host{i}", (Handler,), {"index": i, "count": per_host, "log": sink, "latency": latency})
        server = ThreadingHTTPServer((host_ip(i), 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases.append(f"http://{host_ip(i)}:{server.server_address[1]}")
    print(json.dumps({"hosts": bases}), flush=True)
    threading.Event().wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--log", type=Path)
    ap.add_argument("--latency", type=float, default=0.0, help="seconds each answer waits (server time)")
    args = ap.parse_args()
    serve(args.hosts, args.reports, args.log, args.latency)


if __name__ == "__main__":
    main()
