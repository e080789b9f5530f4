"""Limits on every expansion a document can ask for: a document over one is unreadable, with the limit named."""

from __future__ import annotations

import io
import zipfile

from ..errors import ExtractionError

MAX_GRID_CELLS = 100_000  # cells of one table after rowspan/colspan are expanded
MAX_DOCUMENT_CELLS = 400_000  # all tables of one document
MAX_OCR_PAGES = 60  # pages of one document sent to OCR
MAX_OCR_SECONDS = 300.0  # OCR time for one document
OOXML_MAX_EXPANDED = 64 * 1024 * 1024  # DOCX/XLSX: all parts, uncompressed
OOXML_MAX_PART = 32 * 1024 * 1024  # DOCX/XLSX: one part (document.xml, a sheet), uncompressed
OOXML_MAX_RATIO = 200  # compression ratio of one part
OOXML_MAX_ELEMENTS = 2_000_000  # XML elements of the main part (paragraphs, runs, cells…)


def check_ooxml(body: bytes, kind: str, main_parts: tuple[str, ...]) -> None:
    """Refuse an Office Open XML file whose parts would expand past the limits (a DOCX or XLSX bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractionError(f"{kind.upper()} is not a readable ZIP package: {exc}") from exc
    total = sum(i.file_size for i in infos)
    if total > OOXML_MAX_EXPANDED:
        raise ExtractionError(f"{kind.upper()} expands to {total} bytes (limit {OOXML_MAX_EXPANDED}): refused as a bomb")
    for info in infos:
        if info.file_size > OOXML_MAX_PART:
            raise ExtractionError(f"{kind.upper()} part {info.filename} is {info.file_size} bytes (limit {OOXML_MAX_PART})")
        if info.compress_size and info.file_size / info.compress_size > OOXML_MAX_RATIO:
            ratio = info.file_size // info.compress_size
            raise ExtractionError(f"{kind.upper()} part {info.filename} compresses {ratio}:1 (limit {OOXML_MAX_RATIO}:1)")
    with archive:
        for info in infos:
            if info.filename.startswith(main_parts):
                elements = _count_elements(archive, info)
                if elements > OOXML_MAX_ELEMENTS:
                    raise ExtractionError(f"{kind.upper()} part {info.filename} has more than {OOXML_MAX_ELEMENTS} XML elements")


def _count_elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Opening tags in a part, counted while streaming it (nothing is built in memory)."""
    count = 0
    with archive.open(info) as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"<") - chunk.count(b"</")
            if count > OOXML_MAX_ELEMENTS:
                break
    return count
