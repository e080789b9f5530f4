"""Hostile documents for the limits: span bombs, blank-page PDFs, DOCX and ZIP bombs, broken archives."""

from __future__ import annotations

import io
import zipfile


def span_bomb_html(cells: int = 150) -> bytes:
    """A page of cells with rowspan = colspan = 200 (about 60 KB that would expand to 6 million slots)."""
    row = "".join('<td rowspan="200" colspan="200">1</td>' for _ in range(10))
    return ("<html><body><table>" + "".join(f"<tr>{row}</tr>" for _ in range(cells // 10)) + "</table></body></html>").encode()


def blank_pdf(pages: int = 2000) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _docx(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def docx_size_bomb(megabytes: int = 400) -> bytes:
    """A DOCX whose document.xml is hundreds of MB of one character (about 1 MB compressed)."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    return _docx(head + b"0" * (megabytes << 20) + b"</w:t></w:r></w:p></w:body></w:document>")


def docx_paragraph_bomb(paragraphs: int = 9_000_000) -> bytes:
    """A DOCX with millions of empty paragraphs (small on disk, gigabytes as python-docx objects)."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    return _docx(head + b"<w:p/>" * paragraphs + b"</w:body></w:document>")


def zip_bomb(megabytes: int = 500) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.txt", b"0" * (megabytes << 20))
    return buf.getvalue()


def _report_zip() -> bytearray:
    text = "示范县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度无。\n".encode() * 40
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.txt", text)
    return bytearray(buf.getvalue())


def zip_bad_crc() -> bytes:
    data = _report_zip()
    for sig, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        i = data.find(sig)
        data[i + offset] ^= 0xFF
    return bytes(data)


def zip_encrypted_flag() -> bytes:
    data = _report_zip()
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + offset] |= 1
    return bytes(data)


def zip_unknown_method() -> bytes:
    data = _report_zip()
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        i = data.find(sig)
        data[i + offset] = 99
    return bytes(data)


BOMBS = {
    "span-bomb.html": span_bomb_html,
    "blank-2000-pages.pdf": blank_pdf,
    "docx-size-bomb.docx": docx_size_bomb,
    "docx-paragraph-bomb.docx": docx_paragraph_bomb,
    "zip-bomb.zip": zip_bomb,
    "bad-crc.zip": zip_bad_crc,
    "encrypted.zip": zip_encrypted_flag,
    "unknown-method.zip": zip_unknown_method,
}
