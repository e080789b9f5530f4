"""The documents' search index is kept by the store (not by triggers): right after inserts, replacements,
rollbacks and an upgrade from a database whose triggers kept it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from harvester.store import Store
from harvester.store.migrations import MIGRATIONS


def _store(path: Path) -> Store:
    store = Store(path)
    store.db.conn.execute("PRAGMA foreign_keys = OFF")  # bare documents rows, without their captures
    return store


def _doc(n: int, text: str, title: str | None = None) -> dict[str, object]:
    return {"capture_record_id": f"<urn:uuid:{n}>", "url": f"http://x.test/{n}.html", "status": "ok",
            "title": title or f"示范县{n}号报告", "text": text}  # fmt: skip


def _found(store: Store, term: str) -> list[str]:
    sql = "SELECT d.capture_record_id FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ? ORDER BY d.id"
    return [r[0] for r in store.db.execute(sql, [f'"{term}"']).fetchall()]


def _check(store: Store) -> None:
    """FTS5's own check that the index holds exactly the documents' title and text (raises if not)."""
    store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")


def test_documents_are_searchable_once_their_unit_commits(tmp_path: Path) -> None:
    store = _store(tmp_path / "h.db")
    with store.unit():
        for n in range(40):
            store.save_document(_doc(n, f"本年新收政府信息公开申请{n}件，行政复议{'二十' if n % 2 else '三十'}件"))
    store.save_document(_doc(40, "依申请公开 予以公开"))  # outside any unit: its own
    assert len(_found(store, "行政复议")) == 40
    assert len(_found(store, "复议二十")) == 20
    assert _found(store, "予以公开") == ["<urn:uuid:40>"]
    assert _found(store, "示范县7号") == ["<urn:uuid:7>"]  # the title too
    _check(store)
    store.close()


def test_a_replaced_document_is_found_by_its_new_text_only(tmp_path: Path) -> None:
    store = _store(tmp_path / "h.db")
    store.save_document(_doc(1, "旧的文字 行政诉讼"))
    with store.unit():
        store.save_document(_doc(1, "新的文字 行政复议"))
        store.save_document(_doc(1, "第三次的文字 行政复议", title="改过的标题"))  # twice in one unit
    assert _found(store, "行政诉讼") == [] and _found(store, "旧的文字") == []
    assert _found(store, "第三次") == ["<urn:uuid:1>"] and _found(store, "改过的标题") == ["<urn:uuid:1>"]
    assert _found(store, "新的文字") == []
    _check(store)
    store.close()


def test_a_rolled_back_unit_leaves_neither_row_nor_index_entry(tmp_path: Path) -> None:
    store = _store(tmp_path / "h.db")
    store.save_document(_doc(1, "保留的文字"))
    with pytest.raises(RuntimeError), store.unit():
        store.save_document(_doc(2, "撤回的文字"))
        store.save_document(_doc(1, "也撤回的文字"))
        raise RuntimeError("a failure in the middle of a unit")
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert _found(store, "撤回的文字") == [] and _found(store, "保留的文字") == ["<urn:uuid:1>"]
    store.save_document(_doc(3, "之后的文字"))  # nothing of the failed unit is written by the next one
    assert _found(store, "撤回") == []
    _check(store)
    store.close()


def test_a_database_whose_triggers_kept_the_index_is_upgraded(tmp_path: Path) -> None:
    """Made by the migrations before the store kept the index, with documents in it: after the upgrade the old
    documents are still found, a replaced one by its new text only, and the index stays whole."""
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    for number, _name, fn in MIGRATIONS:
        if fn.__name__ == "m015_search_index_writes":
            break
        fn(db)
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        db.execute("INSERT INTO _migrations VALUES (?, ?, '2026-01-01')", [number, _name])
    db.conn.commit()
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    assert "documents_ai" in triggers  # the old way
    db.execute("PRAGMA foreign_keys = OFF")
    for n, text in ((1, "旧库的文字 甲"), (2, "旧库的文字 乙")):
        db["documents"].insert({**_doc(n, text), "processed_at": "2026-01-01"})
    db.conn.commit()
    db.close()
    store = _store(path)
    assert _found(store, "旧库的文字") == ["<urn:uuid:1>", "<urn:uuid:2>"]
    store.save_document(_doc(2, "新库的文字 乙"))
    store.save_document(_doc(3, "新库的文字 丙"))
    assert _found(store, "旧库的文字") == ["<urn:uuid:1>"]
    assert _found(store, "新库的文字") == ["<urn:uuid:2>", "<urn:uuid:3>"]
    _check(store)
    store.close()
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    conn.close()
    assert "documents_ai" not in names and "documents_au" not in names
