"""Bulk loads into an empty facts table: indexes built once at the end, and never lost to a kill."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from harvester.store import Store
from harvester.store.db import BULK_INDEXES


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('facts', 'checks')")
        }
    finally:
        conn.close()


def test_bulk_load_drops_and_rebuilds_the_fact_indexes(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    assert set(BULK_INDEXES) | {"facts_weak_evidence"} <= _indexes(db)
    with store.bulk() as bulk:
        assert bulk
        assert not set(BULK_INDEXES) & _indexes(db)  # loading without them
    assert set(BULK_INDEXES) <= _indexes(db)
    store.close()


def test_indexes_built_before_the_load_ends_cover_the_rows_after(tmp_path: Path) -> None:
    """A run with workers builds them while the workers finish: rows stored later are in them, and the load's
    end does not build them again."""
    db = tmp_path / "h.db"
    store = Store(db)
    store.db.conn.execute("PRAGMA foreign_keys = OFF")  # a bare report row, without its capture
    with store.bulk():
        store.build_indexes(helper=False)  # as a run with workers does: no sorting thread beside them
        assert set(BULK_INDEXES) <= _indexes(db)
        with store.unit():
            store.db.conn.execute(
                "INSERT INTO reports (capture_record_id, url, status) VALUES ('c1', 'http://x.test/', 'current')"
            )
            store.db.conn.execute(
                "INSERT INTO facts (report_id, \"table\", \"row\", col, value, semantic) VALUES (1, 't3', 'granted', 'total', 5, 'number')"
            )
        plan = store.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT value FROM facts WHERE \"table\" = 't3' AND \"row\" = 'granted' AND col = 'total'"
        ).fetchall()
        assert any("facts_key" in str(step) for step in plan)
        assert store.db.execute("SELECT value FROM facts INDEXED BY facts_key WHERE \"table\" = 't3'").fetchall() == [(5,)]
        store.db.conn.execute("DROP INDEX facts_report")  # the end of the load does not build again what it built early
    assert "facts_report" not in _indexes(db)
    store.close()


def test_a_killed_bulk_load_gets_its_indexes_back_on_opening(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    with store.unit():
        for name in BULK_INDEXES:  # what a bulk load killed before its end leaves
            store.db.conn.execute(f"DROP INDEX {name}")
    store.close()
    assert not set(BULK_INDEXES) & _indexes(db)
    Store(db).close()
    assert set(BULK_INDEXES) <= _indexes(db)


def test_no_bulk_load_into_a_table_that_has_facts(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    Store(db).close()
    conn = sqlite3.connect(db)  # foreign keys off in a plain connection: one fact row is enough here
    conn.execute("""INSERT INTO facts (report_id, "table", "row", col, semantic) VALUES (1, 't2', 'r', 'c', 'number')""")
    conn.commit()
    conn.close()
    store = Store(db)
    with store.bulk() as bulk:
        assert not bulk
        assert set(BULK_INDEXES) <= _indexes(db)
    store.close()


def test_the_weak_evidence_view_reads_the_partial_index(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    plan = " ".join(str(r) for r in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM facts WHERE evidence != 'grid'"))
    conn.close()
    assert "facts_weak_evidence" in plan
