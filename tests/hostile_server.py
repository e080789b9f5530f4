"""A hostile web server for fault tests: resets, stalls, truncation, a gzip bomb, redirect loops, 429 with
Retry-After, a 412 challenge, oversized answers and broken attachments, beside two good reports.

Run:  python -m tests.hostile_server   (prints http://127.0.0.1:PORT; hosts *.hostile.test resolve here)
"""

from __future__ import annotations

import gzip
import io
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harvester.demo import bombs
from harvester.demo.data import make_report
from harvester.demo.formats import page_html

GOOD = make_report(971, "示范县人民政府", 2021, "2022-01-15")
RATE_LIMITED = make_report(972, "示范县卫生健康局", 2021, "2022-01-20")
ATTACHMENTS = ("corrupt.pdf", "encrypted.pdf", "bomb.zip", "badcrc.zip")
# (path, title) of every report link on the list page; the refused one points at a closed port.
LINKS = (
    ("/r/good.html", GOOD.title),
    ("/r/reset.html", "示范县交通运输局2021年政府信息公开工作年度报告"),
    ("/r/stall.html", "示范县教育局2021年政府信息公开工作年度报告"),
    ("/r/truncated.html", "示范县财政局2021年政府信息公开工作年度报告"),
    ("/r/gzipbomb.html", "示范县水利局2021年政府信息公开工作年度报告"),
    ("/r/huge.html", "示范县自然资源局2021年政府信息公开工作年度报告"),
    ("/r/loop.html", "示范县民政局2021年政府信息公开工作年度报告"),
    ("/r/ratelimited.html", RATE_LIMITED.title),
)
GZIP_BOMB_MB = 64


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REFUSED_PORT = _closed_port()


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt="secret")
    pdf.drawString(100, 700, "annual report")
    pdf.save()
    return buf.getvalue()


def _gzip_bomb() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(GZIP_BOMB_MB):
            gz.write(chunk)
    return buf.getvalue()


FILES = {
    "corrupt.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"\x00garbage" * 200,
    "encrypted.pdf": _encrypted_pdf(),
    "bomb.zip": bombs.zip_bomb(300),
    "badcrc.zip": bombs.zip_bad_crc(),
}


class Handler(BaseHTTPRequestHandler):
    server_version = "hostile/1.0"
    hits: dict[str, int] = {}
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            hit = self.hits[path]
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if host.startswith("www2."):
            challenge = b"<html><body><script>document.cookie='__jsl_clearance=1';location.reload()</script></body></html>"
            return self._send(412, challenge)
        route = getattr(self, "_" + path.strip("/").replace("/", "_").replace(".", "_"), None)
        if route is None:
            return self._send(404, b"<html><body>404</body></html>")
        return route(hit)

    def _list_html(self, hit: int) -> None:
        port = self.server.server_address[1]
        links = [f'<li><a href="{p}">{t}</a></li>' for p, t in LINKS]
        links.append(
            f'<li><a href="http://www2.hostile.test:{port}/r/challenge.html">示范县公安局2021年政府信息公开工作年度报告</a></li>'
        )
        links.append(
            f'<li><a href="http://www.hostile.test:{REFUSED_PORT}/r/refused.html">示范县司法局2021年政府信息公开工作年度报告</a></li>'
        )
        self._send(200, f"<html><body><h1>政府信息公开年报</h1><ul>{''.join(links)}</ul></body></html>".encode())

    def _r_good_html(self, hit: int) -> None:
        extra = "".join(f'<p><a href="/att/{name}">附件：{name}</a></p>' for name in ATTACHMENTS)
        self._send(200, page_html(GOOD).replace("</body>", extra + "</body>").encode())

    def _r_ratelimited_html(self, hit: int) -> None:
        if hit == 1:
            return self._send(429, b"<html><body>Too Many Requests</body></html>", Retry_After="1")
        self._send(200, page_html(RATE_LIMITED).encode())

    def _r_reset_html(self, hit: int) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()  # RST, no answer

    def _r_stall_html(self, hit: int) -> None:
        time.sleep(8)  # past the crawl's download timeout
        self._send(200, b"<html><body>late</body></html>")

    def _r_truncated_html(self, hit: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "50000")
        self.end_headers()
        self.wfile.write(b"<html><body>" + b"x" * 100)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def _r_gzipbomb_html(self, hit: int) -> None:
        self._send(200, GZIP_BOMB, Content_Encoding="gzip")

    def _r_huge_html(self, hit: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(300 << 20))
        self.end_headers()
        try:
            self.wfile.write(b"<html>" + b" " * (1 << 20))
        except OSError:
            pass

    def _r_loop_html(self, hit: int) -> None:
        self._send(302, b"", Location="/r/loop2.html")

    def _r_loop2_html(self, hit: int) -> None:
        self._send(302, b"", Location="/r/loop.html")

    def _att(self, name: str) -> None:
        self._send(200, FILES[name], "application/octet-stream", Content_Disposition=f'attachment; filename="{name}"')

    def _att_corrupt_pdf(self, hit: int) -> None:
        self._att("corrupt.pdf")

    def _att_encrypted_pdf(self, hit: int) -> None:
        self._att("encrypted.pdf")

    def _att_bomb_zip(self, hit: int) -> None:
        self._att("bomb.zip")

    def _att_badcrc_zip(self, hit: int) -> None:
        self._att("badcrc.zip")


GZIP_BOMB = _gzip_bomb()


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
