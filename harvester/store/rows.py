"""A parsed report as the store writes it: header fields, and facts and checks as plain tuples in column order."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from ..parse.model import Report

FACT_COLUMNS = ("table", "row", "col", "value", "raw", "semantic", "unit", "locator", "confidence", "evidence")
CHECK_COLUMNS = ("check", "key", "status", "detail")
_FACT_ROW = attrgetter(*FACT_COLUMNS)  # a Fact's fields, named as its columns, as one tuple
_CHECK_ROW = attrgetter(*CHECK_COLUMNS)


@dataclass
class ReportRows:
    """What the store needs of a report. Plain tuples, not Fact objects: a processing worker sends this to the
    process that writes the store, and 250 objects took ten times longer to unpickle there than tuples."""

    title: str | None
    agency: str | None
    year: int | None
    template: str
    sections: dict[str, str]
    warnings: list[str]
    published: str | None
    scope: str | None
    facts: list[tuple[Any, ...]]  # FACT_COLUMNS
    checks: list[tuple[str, str, str, str]]  # CHECK_COLUMNS

    @classmethod
    def of(cls, report: Report) -> ReportRows:
        facts = list(map(_FACT_ROW, report.facts))
        checks = list(map(_CHECK_ROW, report.checks))
        return cls(
            report.title,
            report.agency,
            report.year,
            report.template,
            report.sections,
            report.warnings,
            report.published,
            report.scope,
            facts,
            checks,
        )

    @property
    def failed_checks(self) -> int:
        return sum(1 for c in self.checks if c[2] == "fail")
