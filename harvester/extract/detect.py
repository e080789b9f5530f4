"""Tell a document's kind from its bytes (magic numbers, zip members), not from its URL."""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(body: bytes, content_type: str | None = None) -> str:
    """One of: pdf, docx, xlsx, ofd, zip, ole, png, jpeg, gif, html, text, binary."""
    head = body[:1024]
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head[:64]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    lowered = head.lower()
    if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<body", b"<table", b"<div", b"<p>")):
        return "html"
    if content_type and "html" in content_type.lower() and b"\x00" not in head:
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


def _zip_kind(body: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    except zipfile.BadZipFile:
        return "binary"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:  # GB/T 33190, the national layout format some portals offer beside PDF
        return "ofd"
    return "zip"
