"""Text and table extraction: bytes of any supported kind in, a parser Document out."""

from __future__ import annotations

import io
import zipfile
import zlib

from charset_normalizer import from_bytes

from ..errors import ExtractionError, UnsupportedDocumentError
from ..parse.model import Document
from ..parse.report import document_from_text
from .detect import sniff
from .radicals import unify_document

MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_MEMBERS = 50
ZIP_MAX_TOTAL = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100


def extract(body: bytes, content_type: str | None = None, name: str = "") -> tuple[str, Document]:
    """(kind, document) for the bytes; raises ExtractionError or UnsupportedDocumentError with the reason."""
    if len(body) > MAX_BYTES:
        raise ExtractionError(f"document too large ({len(body)} bytes; limit {MAX_BYTES})")
    if not body:
        raise ExtractionError("empty document")
    kind = sniff(body, content_type)
    if kind == "ole":
        from .office import ole_kind

        kind = ole_kind(body, name)
    doc = _extract_kind(kind, body, content_type, name)
    return kind, unify_document(doc)


def warm_up() -> None:
    """Import what extracting the common kind (an HTML page) imports on first use: a processing worker does
    this as it starts, not in its first job."""
    from . import html  # noqa: F401


def _extract_kind(kind: str, body: bytes, content_type: str | None, name: str) -> Document:
    if kind == "html":
        from .html import extract_html

        return extract_html(body, content_type)
    if kind == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(body)
    if kind == "docx":
        from .docx import extract_docx

        return extract_docx(body)
    if kind in ("doc", "wps"):
        from .office import extract_word

        return extract_word(body, kind)
    if kind in ("xls", "xlsx"):
        from .office import extract_sheet

        return extract_sheet(body, kind)
    if kind in ("png", "jpeg", "gif"):
        return _extract_image(body)
    if kind == "zip":
        return _extract_zip(body)
    if kind == "text":
        return _extract_text(body)
    if kind == "ofd":  # its XML members read as text would give coordinates for counts
        raise UnsupportedDocumentError("OFD documents (GB/T 33190) are not read; the capture stays in the archive")
    raise UnsupportedDocumentError(f"no extractor for {kind} documents")


def _extract_text(body: bytes) -> Document:
    best = from_bytes(body).best()
    text = str(best) if best is not None else body.decode("utf-8", errors="replace")
    from ..pagetext import embedded_html
    from .html import extract_html

    inner = embedded_html(text)
    if inner:  # a saved API response or script holding the page body as an escaped string
        return extract_html(inner.encode("utf-8"), "text/html; charset=utf-8")
    doc = document_from_text(text)
    doc.encoding = best.encoding if best is not None else "utf-8"
    return doc


def _extract_image(body: bytes) -> Document:
    from .ocr import ocr_blocks, ocr_version, open_image

    image = open_image(body)
    doc = Document(ocr_blocks(image, 1), extractor=ocr_version(), pages=1, path="image-ocr")
    doc.warnings.append("image: read by OCR")
    return doc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes; a bad CRC, an encryption flag or an unknown method is this member's error only."""
    if info.flag_bits & 0x1:
        raise ExtractionError("member is encrypted (password required)")
    try:
        with archive.open(info) as fh:
            data = fh.read(ZIP_MAX_TOTAL + 1)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"damaged member ({exc})") from exc
    except NotImplementedError as exc:
        raise ExtractionError(f"unsupported compression ({exc})") from exc
    except (RuntimeError, EOFError, OSError, zlib.error) as exc:
        raise ExtractionError(f"unreadable member ({type(exc).__name__}: {exc})") from exc
    if len(data) > ZIP_MAX_TOTAL:
        raise ExtractionError(f"member expands past {ZIP_MAX_TOTAL} bytes: refused as a zip bomb")
    return data


def _extract_zip(body: bytes) -> Document:
    """Every member handled as its own kind, within count, size and ratio limits (no bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
        raise ExtractionError(f"damaged ZIP: {exc}") from exc
    if len(infos) > ZIP_MAX_MEMBERS:
        raise ExtractionError(f"ZIP has {len(infos)} members (limit {ZIP_MAX_MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_TOTAL:
        raise ExtractionError(f"ZIP expands to {total} bytes (limit {ZIP_MAX_TOTAL}): refused as a zip bomb")
    blocks, warnings, paths = [], [], []
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            raise ExtractionError(
                f"ZIP member {info.filename} compresses {info.file_size // info.compress_size}:1: refused as a zip bomb"
            )
        try:
            data = _read_member(archive, info)
        except ExtractionError as exc:
            warnings.append(f"zip: {info.filename}: {exc}")
            continue
        if sniff(data) == "zip":
            warnings.append(f"zip: nested archive {info.filename} skipped")
            continue
        try:
            kind, doc = extract(data, None, info.filename)
        except ExtractionError as exc:
            warnings.append(f"zip: {info.filename}: {exc}")
            continue
        blocks.extend(doc.blocks)
        warnings += [f"zip: {info.filename}: {w}" for w in doc.warnings]
        paths.append(f"{info.filename}={doc.path}")
    if not blocks:
        raise ExtractionError("ZIP holds no readable document: " + "; ".join(warnings))
    return Document(blocks, warnings=warnings, extractor="zipfile", path="zip:" + ",".join(paths), pages=len(paths))
