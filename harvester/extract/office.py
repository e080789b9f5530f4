"""Word, WPS and spreadsheet documents: LibreOffice headless to DOCX (antiword as DOC fallback), XLS/XLSX cells."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExtractionError, UnsupportedDocumentError
from ..parse.model import Block, Document, Row
from ..parse.report import document_from_text
from .limits import check_ooxml

CONVERT_TIMEOUT = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def ole_kind(body: bytes, name_hint: str = "") -> str:
    """doc, wps, xls or ole, from the OLE streams (and the file name only to tell WPS from DOC)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(body))
    except OSError as exc:
        raise ExtractionError(f"damaged OLE container: {exc}") from exc
    streams = {"/".join(s).lower() for s in ole.listdir()}
    ole.close()
    if "worddocument" in streams:
        return "wps" if name_hint.lower().endswith(".wps") else "doc"
    if streams & {"workbook", "book"}:
        return "xls"
    if "contents" in streams or any(s.startswith("mn0") for s in streams):
        return "wps"
    return "ole"


def _libreoffice_to_docx(body: bytes, suffix: str) -> bytes:
    exe = soffice()
    if exe is None:
        raise UnsupportedDocumentError(f"{suffix} conversion is off: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"input.{suffix}"
        src.write_bytes(body)
        cmd = [
            exe,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(f"LibreOffice did not convert the {suffix} file within {CONVERT_TIMEOUT}s") from exc
        out = Path(tmp) / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise ExtractionError(f"LibreOffice could not convert the {suffix} file")
        return out.read_bytes()


def _antiword(body: bytes) -> Document:
    exe = shutil.which("antiword")
    if exe is None:
        raise UnsupportedDocumentError("DOC conversion is off: neither LibreOffice nor antiword is installed")
    with tempfile.NamedTemporaryFile(suffix=".doc") as fh:
        fh.write(body)
        fh.flush()
        proc = subprocess.run(
            [exe, "-m", "UTF-8.txt", "-w", "0", fh.name], capture_output=True, timeout=CONVERT_TIMEOUT, check=False
        )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise ExtractionError(f"antiword could not read the DOC file: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
    doc = document_from_text(proc.stdout.decode("utf-8", "replace").replace("|", "\t"))
    doc.extractor, doc.path = "antiword", "doc"
    return doc


def extract_word(body: bytes, kind: str) -> Document:
    """DOC or WPS: LibreOffice to DOCX and python-docx; antiword when LibreOffice is missing or fails (DOC)."""
    from .docx import extract_docx

    try:
        doc = extract_docx(_libreoffice_to_docx(body, kind))
        doc.extractor, doc.path = f"LibreOffice headless + {doc.extractor}", kind
        return doc
    except (UnsupportedDocumentError, ExtractionError) as first:
        if kind != "doc":
            raise
        try:
            doc = _antiword(body)
        except UnsupportedDocumentError as second:
            if isinstance(first, UnsupportedDocumentError):
                raise second from None
            raise first from None
        doc.warnings.append(f"doc: LibreOffice failed ({first}); read with antiword (tables as text)")
        return doc


def extract_sheet(body: bytes, kind: str) -> Document:
    """XLS or XLSX: every sheet's cells as a table, merged cells resolved."""
    blocks: list[Block] = []
    try:
        if kind == "xlsx":
            import openpyxl

            check_ooxml(body, "xlsx", ("xl/worksheets/", "xl/sharedStrings"))

            book = openpyxl.load_workbook(io.BytesIO(body), read_only=False, data_only=True)
            for sheet in book.worksheets:
                rows = [[_text(c.value) for c in row] for row in sheet.iter_rows()]
                for merged in sheet.merged_cells.ranges:
                    first = rows[merged.min_row - 1][merged.min_col - 1]
                    for r in range(merged.min_row - 1, merged.max_row):
                        for c in range(merged.min_col - 1, merged.max_col):
                            if (r, c) != (merged.min_row - 1, merged.min_col - 1):
                                rows[r][c] = first if not first.replace(".", "").isdigit() else ""
                blocks.append(_block(sheet.title, rows))
            extractor = "openpyxl 3.1.5"
        else:
            import xlrd

            book = xlrd.open_workbook(file_contents=body)
            for sheet in book.sheets():
                blocks.append(_block(sheet.name, [[_text(v) for v in sheet.row_values(r)] for r in range(sheet.nrows)]))
            extractor = "xlrd 2.0.2"
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"{kind.upper()} could not be read: {type(exc).__name__}: {exc}") from exc
    return Document(blocks, extractor=extractor, path="xls", pages=len(blocks))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _block(name: str, rows: list[list[str]]) -> Block:
    return Block("table", rows=[Row(r, f"sheet {name} row {i}", in_table=True) for i, r in enumerate(rows, start=1) if any(r)])
