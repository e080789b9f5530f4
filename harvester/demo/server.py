"""The demo portal's HTTP server: one process on 127.0.0.1, port 0, virtual hosts by Host header."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from . import data
from .cms_sites import CMS_ROUTES, PREFIX_ROUTES
from .front import front_door
from .more_sites import MORE_ROUTES
from .portal import ROUTES, Reply

DEMO_DOMAIN = "*.demo.test"


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the site named by the Host header; serves gzip and chunked replies."""

    protocol_version = "HTTP/1.1"
    server_version = "DemoPortal/1.0"

    delay = float(os.environ.get("DEMO_PORTAL_DELAY", "0") or 0)
    log_path = os.environ.get("DEMO_PORTAL_LOG")  # "arrival-time host path" per request, for politeness tests
    log_lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        """Form posts (Hanweb's dataproxy.jsp): the form fields join the query string."""
        length = int(self.headers.get("Content-Length") or 0)
        self.form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"))) if length else {}
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.log_path:
            with self.log_lock, open(self.log_path, "a", encoding="utf-8") as log:
                log.write(f"{time.time():.6f} {self.headers.get('Host', '').split(':')[0].lower()} {self.path}\n")
        if self.delay:
            time.sleep(self.delay)
        host_header = self.headers.get("Host", "")
        host = host_header.split(":")[0].lower()
        hosts = ROUTES.keys() | MORE_ROUTES.keys() | CMS_ROUTES.keys()
        if host not in hosts and f"www.{host}" in hosts:
            host = f"www.{host}"  # the bare twin of a host serves the same site, as gz.gov.cn does www.gz.gov.cn's
        parts = urlsplit(self.path)
        prefixed = next((r for (h, prefix), r in PREFIX_ROUTES.items() if h == host and parts.path.startswith(prefix)), None)
        route = prefixed or ROUTES.get(host) or MORE_ROUTES.get(host) or CMS_ROUTES.get(host)
        m = re.fullmatch(r"/__demo__/epoch/(\d+)", parts.path)
        if m:  # switch the portal's content, as a site changes between two crawls
            data.EPOCH = int(m.group(1))
            return self.send(Reply(200, "text/plain", f"epoch {data.EPOCH}".encode()))
        if route is None:
            reply = Reply(404, "text/plain", b"unknown host")
        else:
            try:
                query = dict(parse_qsl(parts.query)) | getattr(self, "form", {})
                reply = route(parts.path, query, f"http://{host_header}")
                if reply.status == 404:
                    reply = front_door(host, parts.path, f"http://{host_header}") or reply
            except Exception as exc:  # a demo bug must show as a 500, like a real portal's
                reply = Reply(500, "text/plain", f"server error: {type(exc).__name__}".encode())
        self.send(reply)

    def send(self, reply: Reply) -> None:
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):  # the crawler went away mid-reply (tests kill it)
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        body = reply.body
        if reply.status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}{"-gz" if reply.gzip else ""}"'
            reply.headers.setdefault("ETag", etag)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 700):
                piece = body[i : i + 700]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if "-v" in sys.argv:
            super().log_message(format, *args)


def serve(port: int = 0) -> None:
    """Serve forever, printing the address first (for the parent to read)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


class DemoPortal:
    """Starts the portal as a subprocess and stops it; `.port` is the port it bound."""

    def __init__(self, delay: float = 0.0, log: str | os.PathLike[str] | None = None) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.delay = delay
        self.log = log

    def start(self) -> DemoPortal:
        env = {**os.environ, "DEMO_PORTAL_DELAY": str(self.delay)} | ({"DEMO_PORTAL_LOG": str(self.log)} if self.log else {})
        cmd = [sys.executable, "-m", "harvester.demo.server"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"demo portal did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def __enter__(self) -> DemoPortal:
        return self.start()

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0)
