"""The template's keys with their Chinese labels and English glosses, kept in the database for every view."""

from __future__ import annotations

import sqlite_utils

from ..parse import spec

T4_GROUP_LABELS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
T4_COLUMN_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
T3_ROW_EXTRA = {"other_misc": "其他"}
LEGACY_COLUMN_LABELS = {"this_year": "本年度", "cumulative": "历年累计"}


def _gloss(key: str) -> str:
    return key.replace("_", " ")


def label_rows() -> list[dict[str, str]]:
    """(table, axis, key) → Chinese label and English gloss, for t2, t3, t4 and the legacy columns."""
    rows: list[dict[str, str]] = []

    def add(table: str, axis: str, key: str, label: str) -> None:
        rows.append(
            {"id": f"{table}/{axis}/{key}", "table": table, "axis": axis, "key": key, "label": label, "gloss": _gloss(key)}
        )

    for key, names in spec.T2_ROWS.items():
        add("t2", "row", key, names[0])
    for key, names in spec.T2_COLUMNS.items():
        add("t2", "col", key, names[0])
    add("t2", "col", "decisions", spec.T2_DECISIONS_LABELS[0])
    for key, names in spec.T3_ROWS.items():
        add("t3", "row", key, names[0])
    for key, label in T3_ROW_EXTRA.items():
        add("t3", "row", key, label)
    for key, names in spec.T3_COLUMN_LABELS.items():
        add("t3", "col", key, names[0])
    for key, label in T4_GROUP_LABELS.items():
        add("t4", "row", key, label)
    for key, label in T4_COLUMN_LABELS.items():
        add("t4", "col", key, label)
    for key, label in LEGACY_COLUMN_LABELS.items():
        add("legacy", "col", key, label)
    return rows


def refresh_labels(db: sqlite_utils.Database) -> None:
    """Upsert every label (the spec module is their one source)."""
    with db.conn:
        db.table("labels").upsert_all(label_rows(), pk="id")
