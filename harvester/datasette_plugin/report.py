"""A report as the national template lays it out: its tables with labels, every number with its capture (pure SQL)."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

REPLAY_URL = "http://127.0.0.1:8080/harvest/"
TABLES = ("t2", "t3", "t4")


def replay_base() -> str:
    """Where pywb replays the archive (`harvester replay`); HARVESTER_REPLAY_URL overrides it."""
    base = os.environ.get("HARVESTER_REPLAY_URL", REPLAY_URL)
    return base if base.endswith("/") else base + "/"


def timestamp(warc_date: str | None) -> str:
    """A WARC-Date as pywb's 14-digit timestamp."""
    digits = "".join(c for c in (warc_date or "") if c.isdigit())
    return digits[:14].ljust(14, "0")


def replay_link(url: str, warc_date: str | None) -> str:
    return f"{replay_base()}{timestamp(warc_date)}/{url}"


def _rows(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def labels(conn: sqlite3.Connection) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(table, axis) → [(key, Chinese label)] in the template's order."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in _rows(conn, 'SELECT "table", axis, key, label FROM labels ORDER BY rowid', []):
        out.setdefault((row["table"], row["axis"]), []).append((row["key"], row["label"]))
    return out


def failing_cells(checks: list[dict[str, Any]]) -> dict[str, set[tuple[str | None, str | None]]]:
    """Per table, the (row, col) pairs a failed identity involves (None: the whole row or column)."""
    out: dict[str, set[tuple[str | None, str | None]]] = {}
    for c in checks:
        if c["status"] != "fail":
            continue
        table, kind = (c["check"].split(".", 1) + [""])[:2]
        if kind in ("balance", "outcomes"):
            out.setdefault(table, set()).add((None, c["key"]))
        else:  # row_total, group_total: the row (t4: the group)
            out.setdefault(table, set()).add((c["key"], None))
    return out


def report_view(conn: sqlite3.Connection, report_id: int) -> dict[str, Any] | None:
    """Everything the report page shows."""
    found = _rows(conn, "SELECT * FROM reports WHERE id = ?", [report_id])
    if not found:
        return None
    report = found[0]
    facts = _rows(
        conn,
        """SELECT f.*, c.warc_file, c."offset", c.fetched_at AS captured_at, c.url AS capture_url, c.record_type
           FROM facts f LEFT JOIN captures c ON c.record_id = f.capture_record_id WHERE f.report_id = ?""",
        [report_id],
    )
    checks = _rows(conn, 'SELECT "check", key, status, detail FROM checks WHERE report_id = ? ORDER BY id', [report_id])
    names = labels(conn)
    bad = failing_cells(checks)
    tables = {t: grid(t, [f for f in facts if f["table"] == t], names, bad.get(t, set())) for t in TABLES}
    legacy = [f for f in facts if f["table"] not in TABLES]
    page = _rows(conn, "SELECT record_id, warc_file, \"offset\", fetched_at FROM captures WHERE record_id = ?",
                 [report["capture_record_id"]])  # fmt: skip
    latest = _rows(
        conn,
        """SELECT c.record_type, c.fetched_at, c.profile, o.fetched_at AS body_at FROM captures c
           LEFT JOIN captures o ON o.record_id = c.refers_to WHERE c.url = ? ORDER BY c.fetched_at DESC LIMIT 1""",
        [report["url"]],
    )
    if latest and (latest[0]["profile"] or "").endswith("server-not-modified") and latest[0]["body_at"]:
        latest[0]["replay_at"] = latest[0]["body_at"]  # a 304 replays as a 304: link the body it confirmed
    elif latest:
        latest[0]["replay_at"] = latest[0]["fetched_at"]
    return {
        "report": report,
        "page": page[0] if page else None,
        "latest": latest[0] if latest else None,
        "page_replay": replay_link(report["url"], (latest[0] if latest else {}).get("replay_at") or report["fetched_at"]),
        "tables": tables,
        "legacy": legacy,
        "checks": checks,
        "failed": [c for c in checks if c["status"] == "fail"],
        "versions": versions(conn, report),
        "changes": changes(conn, report),
        "carry_over": _rows(conn, "SELECT * FROM carry_over_across_years WHERE url = ? ORDER BY col", [report["url"]]),
        "timeliness": next(iter(_rows(conn, "SELECT * FROM timeliness WHERE report_id = ?", [report_id])), None),
    }


def grid(table: str, facts: list[dict[str, Any]], names: dict[tuple[str, str], list[tuple[str, str]]],
         bad: set[tuple[str | None, str | None]]) -> dict[str, Any]:  # fmt: skip
    """Rows × columns of one table in the template's order; a cell is None when the report has no such fact."""
    by_key = {(f["row"], f["col"]): f for f in facts}
    present_rows, present_cols = {r for r, _ in by_key}, {c for _, c in by_key}
    row_label, col_label = dict(names.get((table, "row"), [])), dict(names.get((table, "col"), []))
    rows = [k for k in row_label if k in present_rows] + sorted(present_rows - set(row_label))
    cols = [k for k in col_label if k in present_cols] + sorted(present_cols - set(col_label))
    cells = []
    for r in rows:
        line = []
        for c in cols:
            f = by_key.get((r, c))
            failing = (r, None) in bad or (None, c) in bad
            line.append(
                {
                    "fact": f,
                    "failing": failing,
                    "link": replay_link(f["capture_url"], f["captured_at"]) if f and f["capture_url"] else None,
                }
            )
            if f:
                f["label"] = f"{row_label.get(r, r)} / {col_label.get(c, c)}"
        cells.append({"key": r, "label": row_label.get(r, r), "cells": line})
    return {"cols": [{"key": c, "label": col_label.get(c, c)} for c in cols], "rows": cells, "empty": not facts}


def versions(conn: sqlite3.Connection, report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stored version of the report's URL, newest first."""
    return _rows(
        conn,
        "SELECT id, status, fetched_at, last_seen_at, superseded_at, withdrawn_at, fact_count, failed_checks FROM reports "
        "WHERE url = ? ORDER BY id DESC",
        [report["url"]],
    )


def changes(conn: sqlite3.Connection, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbers that differ between this version and the one it superseded (or that superseded it)."""
    other = _rows(conn, "SELECT id FROM reports WHERE superseded_by = ? ORDER BY id DESC LIMIT 1", [report["id"]])
    if not other:
        return []
    return _rows(
        conn,
        """SELECT COALESCE(a."table", b."table") AS "table", COALESCE(a."row", b."row") AS "row",
                  COALESCE(a.col, b.col) AS col, b.value AS before, a.value AS after
           FROM (SELECT * FROM facts WHERE report_id = :new) a
           FULL OUTER JOIN (SELECT * FROM facts WHERE report_id = :old) b
             ON a."table" = b."table" AND a."row" = b."row" AND a.col = b.col
           WHERE a.value IS NOT b.value ORDER BY 1, 2, 3""",
        {"new": report["id"], "old": other[0]["id"]},  # type: ignore[arg-type]
    )


def layout_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's tables as laid out, one row per cell: table, row and column labels, value (blank stays blank)."""
    out = []
    for table, g in view["tables"].items():
        for row in g["rows"]:
            for col, cell in zip(g["cols"], row["cells"], strict=True):
                f = cell["fact"]
                out.append({
                    "table": table, "row": row["key"], "row_label": row["label"], "col": col["key"], "col_label": col["label"],
                    "value": f["value"] if f else None, "raw": f["raw"] if f else None, "blank": f is None or f["value"] is None,
                    "warc_file": f["warc_file"] if f else None, "offset": f["offset"] if f else None,
                    "record_id": f["capture_record_id"] if f else None, "identity_failed": cell["failing"],
                })  # fmt: skip
    return out
