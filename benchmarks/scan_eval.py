"""Scanned reports: the real 2019/2021-template Pingtan pages printed by Word (LibreOffice: HTML → DOCX → PDF), each
page rendered as an image (144 dpi; blurred and turned 0.6°; 100 dpi) and read back through OCR. Prints facts kept
and wrong per report and scan; exits 1 on any wrong value. About three minutes (OCR of 24 pages per scan).

Run: .venv/bin/python benchmarks/scan_eval.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.extract import extract  # noqa: E402
from harvester.parse import parse_document  # noqa: E402

REPORTS = ("202103_80595", "202302_80629", "202403_87885", "202503_97791")
SCANS = {"144 dpi": (2.0, False), "blurred, turned 0.6°": (2.0, True), "100 dpi": (1.4, False)}


def scan(pdf: bytes, scale: float, rough: bool) -> bytes:
    """The PDF's pages as images in a PDF, as a scanner makes it."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    document = pdfium.PdfDocument(pdf)
    images = []
    for i in range(len(document)):
        image = document[i].render(scale=scale).to_pil().convert("L")
        if rough:
            image = image.rotate(0.6, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.7))
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=144, save_all=True, append_images=images[1:])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    from tests.conftest import word_pdfs

    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = word_pdfs({n: args.shared / "real" / "pingtan" / n / "page.html" for n in REPORTS}, Path(tmp))
    wrong_total = 0
    print(f"{'scan':<22}{'report':<16}{'facts':>6}{'kept':>6}{'wrong':>6}")
    for label, (scale, rough) in SCANS.items():
        kept_all = facts_all = 0
        for name in REPORTS:
            report = parse_document(extract(scan(pdfs[name], scale, rough), "application/pdf", "scan.pdf")[1])
            want = {k: tuple(v) for k, v in truth[f"pingtan/{name}"]["facts"].items()}
            got = {f"{f.table}/{f.row}/{f.col}": (f.value, f.semantic) for f in report.facts}
            kept = sum(1 for k, v in got.items() if want.get(k) == v)
            wrong = sorted(k for k, v in got.items() if want.get(k) != v)
            kept_all, facts_all, wrong_total = kept_all + kept, facts_all + len(want), wrong_total + len(wrong)
            print(f"{label:<22}{name:<16}{len(want):>6}{kept:>6}{len(wrong):>6}  {' '.join(wrong)}")
        print(f"{label:<22}{'all four':<16}{facts_all:>6}{kept_all:>6}")
    print(f"wrong values over all scans: {wrong_total}")
    return 1 if wrong_total else 0


if __name__ == "__main__":
    raise SystemExit(main())
