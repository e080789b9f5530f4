"""Every expansion has a limit: each hostile document is unreadable with the limit named (figures: benchmarks/bombs.py)."""

from __future__ import annotations

import pytest

from harvester.demo import bombs
from harvester.errors import ExtractionError
from harvester.extract import extract

CASES = {
    "span bomb": (bombs.span_bomb_html, "text/html", "cells after its spans (limit)"),
    "2000 blank pages": (lambda: bombs.blank_pdf(2000), None, "no readable content in 2000 pages"),
    "docx size bomb": (lambda: bombs.docx_size_bomb(80), None, "refused as a bomb"),
    "docx paragraph bomb": (bombs.docx_paragraph_bomb, None, "(limit 33554432)"),
    "zip bomb": (lambda: bombs.zip_bomb(300), None, "refused as a zip bomb"),
    "zip bad crc": (bombs.zip_bad_crc, None, "Bad CRC-32"),
    "zip encrypted member": (bombs.zip_encrypted_flag, None, "encrypted"),
    "zip unknown method": (bombs.zip_unknown_method, None, "unsupported compression"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_document_is_unreadable_with_its_limit(case: str) -> None:
    make, ctype, reason = CASES[case]
    with pytest.raises(ExtractionError) as err:
        extract(make(), ctype)
    assert reason in str(err.value)


def test_a_many_paragraph_docx_under_the_size_limit_is_still_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from harvester.extract import limits

    monkeypatch.setattr(limits, "OOXML_MAX_ELEMENTS", 100_000)
    monkeypatch.setattr(limits, "OOXML_MAX_RATIO", 10_000)
    with pytest.raises(ExtractionError, match="more than 100000 XML elements"):
        extract(bombs.docx_paragraph_bomb(200_000))
