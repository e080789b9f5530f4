"""Demo site of document kinds: scans, Word and WPS files, images, a mislabelled encoding, broken files."""

from __future__ import annotations

import gzip
import html
import io
import zipfile
from functools import lru_cache
from pathlib import Path

from .data import DemoReport, docs_reports
from .formats import as_docx
from .pdf import build_pdf
from .portal import ROBOTS, Reply, page
from .render import prose, report_body_html

DOCS_HOST = "www.docs.demo.test"
FIXTURES = Path(__file__).parent / "fixtures"
ATTACHMENTS = {
    "scanned-pdf": ("scanned.pdf", "application/pdf"),
    "docx": ("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": ("report.doc", "application/msword"),
    "wps": ("report.wps", "application/kswps"),
    "image": ("report.png", "image/png"),
}
BROKEN = {
    "truncated.pdf": "application/pdf",
    "encrypted.pdf": "application/pdf",
    "corrupt.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "bomb.zip": "application/zip",
    "huge.pdf": "application/pdf",
}


def _by_id() -> dict[int, DemoReport]:
    return {r.id: r for r in docs_reports()}


@lru_cache(maxsize=16)
def attachment(report_id: int, name: str) -> bytes:
    r = _by_id()[report_id]
    if name == "report.docx":
        return as_docx(r)
    if name in ("scanned.pdf", "report.doc", "report.wps", "report.png", "tables.png"):
        return (FIXTURES / name).read_bytes()
    if name == "truncated.pdf":
        whole = build_pdf(r)
        return whole[: len(whole) * 6 // 10]
    if name == "encrypted.pdf":
        return _encrypted_pdf(r)
    if name == "corrupt.docx":
        return _corrupt_docx()
    if name == "bomb.zip":
        return _bomb()
    if name == "huge.pdf":
        return _huge()
    raise KeyError(name)


def _encrypted_pdf(r: DemoReport) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, f"report {r.id}")
    c.save()
    return buf.getvalue()


def _corrupt_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>unterminated")
    return buf.getvalue()


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.txt", b"\0" * (60 * 1024 * 1024))
    return buf.getvalue()


def _huge() -> bytes:
    """A PDF over the extractor's 100 MB limit, sent gzip-encoded (about 100 KB on the wire)."""
    from ..extract import MAX_BYTES

    return gzip.compress(b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 1024), mtime=0)


def _attachment_link(r: DemoReport, name: str) -> str:
    return f'<p><a class="nfw-cms-attachment" href="/attachment/{r.id}/{name}">{html.escape(r.title)}（{name}）</a></p>'


def report_page(r: DemoReport) -> tuple[str, str]:
    """(body html, charset) of a report page of each form."""
    intro = f"<p>{prose(r)['intro']}</p>"
    if r.form == "scanned-pdf":  # shown in the page by pdf.js, with no link to the file
        viewer = f'<iframe src="/pdfjs/web/viewer.html?file=%2Fattachment%2F{r.id}%2Fscanned.pdf" width="100%"></iframe>'
        return intro + viewer, "utf-8"
    if r.form in ATTACHMENTS:
        return intro + "<p>详见附件。</p>" + _attachment_link(r, ATTACHMENTS[r.form][0]), "utf-8"
    if r.form == "html-image-tables":
        p = prose(r)
        body = (
            f"{intro}<p>一、总体情况</p><p>{p['s1']}</p><p>二、主动公开政府信息情况</p>"
            f'<p><img src="/images/{r.id}/tables.png" alt="表格"></p>'
            f"<p>五、存在的主要问题及改进情况</p><p>{p['s5']}</p><p>六、其他需要报告的事项</p><p>{p['s6']}</p>"
        )
        return body, "utf-8"
    if r.form == "unreadable":
        return intro + "<p>详见附件。</p>" + "".join(_attachment_link(r, n) for n in BROKEN), "utf-8"
    return report_body_html(r), "gb2312"  # gbk-utf8-header


def _anchor(i: int, r: DemoReport) -> str:
    """A list's link text as portals print it: the date inside the link, the title cut short, a form after it."""
    if i % 3 == 0:
        return f'{html.escape(r.title)}<span class="date">{r.published}</span>'
    if i % 3 == 1:
        return html.escape(r.title[: r.title.index("公开") + 4]) + "..."
    return html.escape(r.title) + ("（PDF版）" if "pdf" in r.form else "")


def docs_route(path: str, query: dict[str, str], base: str) -> Reply:
    reports = _by_id()
    if path == "/robots.txt":
        return Reply(200, "text/plain", ROBOTS.encode())
    if path in ("/zwgk/ndbg/", "/zwgk/ndbg/index.html"):
        links = "".join(
            f'<li><a href="/content/post_{r.id}.html">{_anchor(i, r)}</a></li>' for i, r in enumerate(reports.values())
        )
        return Reply(200, "text/html; charset=utf-8", page("年度报告", f"<ul>{links}</ul>").encode())
    if path.startswith("/content/post_") and path.endswith(".html"):
        rid = int(path[len("/content/post_") : -len(".html")])
        if rid in reports:
            r = reports[rid]
            body, charset = report_page(r)
            text = page(r.title, f"<h1>{html.escape(r.title)}</h1><div class='content'>{body}</div>", charset)
            if charset == "gb2312":  # GBK bytes under a header that claims UTF-8
                return Reply(200, "text/html; charset=utf-8", text.encode("gbk", "xmlcharrefreplace"))
            return Reply(200, "text/html; charset=utf-8", text.encode())
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] in ("attachment", "images") and parts[1].isdigit() and int(parts[1]) in reports:
        name = parts[2]
        ctype = dict(ATTACHMENTS.values()).get(name) or BROKEN.get(name) or "image/png"
        try:
            data = attachment(int(parts[1]), name)
        except KeyError:
            data = b""
        if data:
            headers = {"Content-Encoding": "gzip"} if name == "huge.pdf" else {}
            return Reply(200, ctype, data, headers=headers)
    return Reply(404, "text/html; charset=utf-8", page("404", "<h1>页面不存在</h1>").encode())
