"""Indexing a WARC file writes its rows in batches, yet still as one unit: the same rows, and none after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.store import Store, index

from .conftest import assert_same_tables

TABLES = {"warc_files": ["indexed_at", "path"], "captures": [], "candidates": [], "conversions": []}


def _indexed(db: Path, files: list[Path]) -> dict[str, int]:
    store = Store(db)
    try:
        return index.index_warcs(store, files)
    finally:
        store.close()


def test_small_batches_give_the_rows_of_one(demo_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((demo_run / "warcs").glob("*.warc.gz"))
    whole = _indexed(tmp_path / "whole.db", files)
    monkeypatch.setattr(index, "FLUSH", 3)
    batched = _indexed(tmp_path / "batched.db", files)
    assert batched == whole and whole["captures"] > 3 * len(files)  # several batches a file
    assert_same_tables(tmp_path / "whole.db", tmp_path / "batched.db", TABLES)
    runs = {r[0] for r in Store(tmp_path / "batched.db").db.execute("SELECT DISTINCT run_id FROM captures")}
    assert None not in runs  # each file's run, read from its warcinfo record


def test_a_file_that_fails_midway_leaves_nothing(demo_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crawl = max((demo_run / "warcs").glob("*.warc.gz"), key=lambda p: p.stat().st_size)
    monkeypatch.setattr(index, "FLUSH", 3)
    real, seen = index._row, []

    def failing(*args: object, **kwargs: object) -> object:
        seen.append(1)
        if len(seen) == 20:  # several batches written already
            raise OSError("the disk went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "_row", failing)
    store = Store(tmp_path / "failed.db")
    with pytest.raises(OSError):
        index.index_warcs(store, [crawl])
    for table in ("warc_files", "captures", "candidates", "conversions"):
        assert store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.setattr(index, "_row", real)
    assert index.index_warcs(store, [crawl])["captures"] > 0  # indexed again in full, not skipped as done
