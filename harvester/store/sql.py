"""Plain SQL for batched writes: the time of a row, inserts and upserts of many rows with the same keys."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    """The time, in UTC, to the second, as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert_sql(table: str, cols: tuple[str, ...] | list[str], verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' for _ in cols)})"


def insert_many(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], verb: str = "INSERT") -> None:
    """Rows with the same keys, inserted within the caller's transaction."""
    if not rows:
        return
    cols = list(rows[0])
    conn.executemany(insert_sql(table, cols, verb), [[r[c] for c in cols] for r in rows])


def upsert_many(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], pk: str) -> None:
    """Rows with the same keys, inserted, or where the key is known updated in place (rows that refer to them
    stay valid), within the caller's transaction."""
    if not rows:
        return
    cols = list(rows[0])
    conn.executemany(upsert_sql(table, cols, pk), [[r[c] for c in cols] for r in rows])


def upsert_sql(table: str, cols: list[str], pk: str) -> str:
    """An insert that, where the key is known, updates that row in place instead."""
    sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != pk)
    return f"{insert_sql(table, cols)} ON CONFLICT([{pk}]) DO UPDATE SET {sets}"
