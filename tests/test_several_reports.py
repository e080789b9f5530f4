"""A document that holds more than one report's tables (a compilation, another year's table beside this one's)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from harvester.extract import extract
from harvester.parse.report import parse_document


def _doc(shared: Path, name: str) -> object:
    return extract((shared / "real" / "pingtan" / name / "page.html").read_bytes(), "text/html", "page.html")[1]


def test_two_reports_tables_in_one_document_give_no_facts(shared: Path) -> None:
    """Pingtan's reports on 2023 and 2024 in one document: 43 cells differ, 157 agree (mostly zeros). The cells
    they agree on are no evidence for the report the title names, nor for a compilation: no facts, one warning."""
    a, b = _doc(shared, "202403_87885"), _doc(shared, "202503_97791")
    both = parse_document(dataclasses.replace(a, blocks=a.blocks + b.blocks))  # type: ignore[type-var]
    assert both.facts == [] and both.checks == []
    (warning,) = [w for w in both.warnings if "more than one report" in w]
    assert warning.startswith("tables: 43 cells in 20 rows")
    assert not [w for w in both.warnings if "not found" in w]


def test_a_report_whose_tables_are_printed_twice_alike_is_read(shared: Path) -> None:
    a = _doc(shared, "202403_87885")
    once = parse_document(a)  # type: ignore[arg-type]
    twice = parse_document(dataclasses.replace(a, blocks=a.blocks + a.blocks))  # type: ignore[type-var]
    assert len(once.facts) == 200 and {f.key(): f.value for f in twice.facts} == {f.key(): f.value for f in once.facts}
