"""What every part of TableReader shares: the facts read so far, the warnings, and the two methods TableReader
defines that each part calls (add a cell as a fact; choose among the splits of a flattened run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Fact, Row


class ReaderBase:
    """The base of TableReader's parts (T2Mixin, T3Mixin and its mixins, T4Mixin): declarations for the type
    checker only; TableReader provides them."""

    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]

    if TYPE_CHECKING:  # provided by TableReader: declared for the type checker, not overridden here

        def add(
            self,
            table: str,
            row_key: str,
            col: str,
            raw: str,
            locator: str,
            unit: str | None = None,
            evidence: str | None = None,
        ) -> None: ...

        def _take_split(self, table: str, key: str, splits: list[list[int]], row: Row, n: int) -> list[str | None]: ...
