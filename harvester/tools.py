"""Which optional features this machine can run: LibreOffice, antiword, OCR, pywb."""

from __future__ import annotations

import shutil
from importlib.util import find_spec

from .extract.office import soffice
from .warc.replay import PYWB_ENV


def features() -> list[tuple[str, bool, str]]:
    """(feature, available, what is missing or used)."""
    lo, aw = soffice(), shutil.which("antiword")
    ocr = find_spec("rapidocr") is not None and find_spec("onnxruntime") is not None
    pywb = (PYWB_ENV / "bin" / "wayback").exists() or shutil.which("wayback") is not None
    return [
        ("DOC/WPS via LibreOffice", lo is not None, lo or "apt-get install libreoffice-writer-nogui"),
        ("DOC fallback via antiword", aw is not None, aw or "apt-get install antiword"),
        ("OCR of scans and images", ocr, "rapidocr + onnxruntime" if ocr else "pip install rapidocr onnxruntime"),
        (
            "replay in pywb",
            pywb,
            str(PYWB_ENV) if pywb else f"python3 -m venv {PYWB_ENV} && {PYWB_ENV}/bin/pip install -r replay-requirements.txt",
        ),
    ]
