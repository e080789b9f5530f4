"""Build the demo's binary fixtures (scans, images, DOC/WPS) from the demo data; their outputs are committed.

Run:  .venv/bin/python -m harvester.demo.make_fixtures
Needs LibreOffice (DOC) and a CJK font (fonts-wqy-microhei) so the rendered pages show Chinese labels.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from .data import DemoReport, docs_reports
from .formats import as_docx
from .pdf import build_pdf

FIXTURES = Path(__file__).parent / "fixtures"
SCALE = 1.6


def page_images(report: DemoReport) -> list:
    """The report's PDF pages rendered as grey images (what a scanner produces)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(build_pdf(report))
    return [pdf[i].render(scale=SCALE, grayscale=True).to_pil() for i in range(len(pdf))]


def scanned_pdf(report: DemoReport) -> bytes:
    images = page_images(report)
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=110)
    return buf.getvalue()


def tables_png(report: DemoReport) -> bytes:
    """The page(s) holding the tables, stacked into one PNG (a report posted as an image)."""
    from PIL import Image

    images = page_images(report)
    width = max(i.width for i in images)
    sheet = Image.new("L", (width, sum(i.height for i in images)), 255)
    y = 0
    for image in images:
        sheet.paste(image, (0, y))
        y += image.height
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def doc_bytes(report: DemoReport) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(as_docx(report))
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/p", "--convert-to", "doc", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
        )
        return (Path(tmp) / "report.doc").read_bytes()


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    reports = {r.form: r for r in docs_reports()}
    (FIXTURES / "scanned.pdf").write_bytes(scanned_pdf(reports["scanned-pdf"]))
    (FIXTURES / "report.png").write_bytes(tables_png(reports["image"]))
    (FIXTURES / "tables.png").write_bytes(tables_png(reports["html-image-tables"]))
    (FIXTURES / "report.doc").write_bytes(doc_bytes(reports["doc"]))
    (FIXTURES / "report.wps").write_bytes(doc_bytes(reports["wps"]))
    for path in sorted(FIXTURES.iterdir()):
        print(f"{path.name:<14}{path.stat().st_size:>10}")


if __name__ == "__main__":
    main()
