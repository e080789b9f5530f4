"""Datasette plugin: a page per report laid out as the national template, with CSV/JSON export of its tables."""

from __future__ import annotations

import csv
import io
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from .report import layout_rows, replay_base, report_view

DATABASE = "harvest"


async def _view(datasette: Any, request: Any) -> dict[str, Any] | None:
    db = datasette.get_database(_first(datasette))
    report_id = int(request.url_vars["id"])
    return await db.execute_fn(lambda conn: report_view(conn, report_id))


def _first(datasette: Any) -> str:
    names = [n for n in datasette.databases if not n.startswith("_")]
    return DATABASE if DATABASE in names else names[0]


async def report_page(datasette: Any, request: Any) -> Response:
    view = await _view(datasette, request)
    if view is None:
        return Response.html("<h1>No such report</h1>", status=404)
    html = await datasette.render_template("report.html", {"v": view, "replay": replay_base()}, request=request)
    return Response.html(html)


async def report_export(datasette: Any, request: Any) -> Response:
    view = await _view(datasette, request)
    if view is None:
        return Response.text("no such report", status=404)
    rows = layout_rows(view)
    if request.url_vars["format"] == "json":
        body = {"report": {k: view["report"][k] for k in ("id", "title", "agency", "year", "template", "url", "status")},
                "cells": rows}  # fmt: skip
        return Response.json(body)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["table"])
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="report-{view["report"]["id"]}.csv"'})  # fmt: skip


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/report/(?P<id>\d+)$", report_page),
        (r"^/-/report/(?P<id>\d+)\.(?P<format>csv|json)$", report_export),
    ]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Report ids and titles link to the report page."""
    from markupsafe import Markup

    if isinstance(value, int) and (column == "report_id" or (table == "reports" and column == "id")):
        return Markup(f'<a href="/-/report/{value}">{value} ▸ report</a>')
    return None
