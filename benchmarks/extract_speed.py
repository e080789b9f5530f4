"""Extraction speed in pages per second: PDF with a text layer, scanned PDF (OCR), image (OCR).

Run:  .venv/bin/python benchmarks/extract_speed.py [--runs 3]
Inputs are the demo's own: a text-layer PDF built by reportlab, and the committed scan fixtures.
Figures are medians over the runs; the OCR engine is loaded once before timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.data import make_report  # noqa: E402
from harvester.demo.pdf import build_pdf  # noqa: E402
from harvester.extract import extract  # noqa: E402
from harvester.extract.ocr import engine  # noqa: E402

FIXTURES = ROOT / "harvester" / "demo" / "fixtures"


def pages_per_second(body: bytes, runs: int) -> tuple[float, int]:
    times, pages = [], 1
    for _ in range(runs):
        start = time.perf_counter()
        _, doc = extract(body)
        times.append(time.perf_counter() - start)
        pages = doc.pages or 1
    return pages / statistics.median(times), pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    engine()  # model loading is not extraction
    inputs = {
        "pdf-text": build_pdf(make_report(970, "示范县人民政府", 2021, "2022-01-01")),
        "pdf-ocr": (FIXTURES / "scanned.pdf").read_bytes(),
        "image-ocr": (FIXTURES / "report.png").read_bytes(),
    }
    print(f"extraction speed (median of {args.runs} runs):")
    for kind, body in inputs.items():
        rate, pages = pages_per_second(body, args.runs)
        print(f"  {kind:<10}{rate:>8.2f} pages/s   ({pages} pages, {len(body) // 1024} KiB)")


if __name__ == "__main__":
    main()
