"""The researcher's view in a real browser (Debian's headless Chromium): the report page, the dashboard and a
search for 复议, asserting the numbers, labels and links rendered; screenshots for the README."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import ROOT, chromium

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]  # fmt: skip


def render(url: str, tmp: Path, screenshot: Path | None = None) -> str:
    """The page's DOM after its scripts ran (and a screenshot of it)."""
    profile = tmp / f"profile-{time.time_ns()}"
    base = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--window-size=1280,1800"]
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    if screenshot is not None:
        subprocess.run([*base, f"--screenshot={screenshot}", url], capture_output=True, timeout=120)
        assert screenshot.exists() and screenshot.stat().st_size > 10_000
        keep = os.environ.get("HARVESTER_SCREENSHOTS")  # docs/screenshots when refreshing the README's pictures
        if keep:
            shutil.copy(screenshot, Path(keep) / screenshot.name)
    return dom.stdout


@pytest.fixture(scope="module")
def served(demo_run: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "harvester.cli", "serve", "--archive", str(demo_run), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


def test_report_page_in_the_browser(served: str, demo_run: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(demo_run / "harvest.db")
    rid, title = db.execute(
        """SELECT r.id, r.title FROM reports r JOIN facts f ON f.report_id = r.id AND f."table" = 't3'
           AND f."row" = 'new_received' AND f.col = 'total' WHERE r.status = 'current' AND r.failed_checks > 0
           ORDER BY r.id LIMIT 1"""
    ).fetchone()
    received, cap_file, cap_offset, fetched = db.execute(
        """SELECT f.raw, c.warc_file, c."offset", c.fetched_at FROM facts f JOIN captures c ON c.record_id = f.capture_record_id
           WHERE f.report_id = ? AND f."table" = 't3' AND f."row" = 'new_received' AND f.col = 'total'""",
        [rid],
    ).fetchone()
    dom = render(f"{served}/-/report/{rid}", tmp_path, tmp_path / "report-page.png")
    assert title in dom and "本年新收政府信息公开申请数量" in dom and "予以公开" in dom and "结果纠正" in dom
    row = re.search(r'<tr data-key="new_received">(.*?)</tr>', dom, re.S)
    assert row is not None
    total = re.findall(r'<a class="fact" href="([^"]+)"[^>]*>([^<]+)</a>', row.group(1))[-1]
    stamp = "".join(c for c in fetched if c.isdigit())[:14]
    assert total[1] == received and total[0].endswith(
        f"/{stamp}/" + db.execute("SELECT url FROM reports WHERE id = ?", [rid]).fetchone()[0]
    )
    assert f"{cap_file} @ {cap_offset}" in row.group(1) and f"@{cap_offset}<" in row.group(1)  # WARC file and offset
    assert 'class="blank' in dom or 'td class="num' in dom
    assert "failing" in dom and "Failing identities" in dom  # a report whose printed table does not add up
    csv = urllib.request.urlopen(f"{served}/-/report/{rid}.csv").read().decode()
    assert f"t3,new_received,本年新收政府信息公开申请数量,total,总计,{received}" in csv


def test_served_immutable(served: str) -> None:
    import json

    dbs = json.loads(urllib.request.urlopen(f"{served}/-/databases.json").read())
    assert [d["is_mutable"] for d in dbs if d["name"] == "harvest"] == [False]


def test_dashboard_in_the_browser(served: str, tmp_path: Path) -> None:
    dom = render(f"{served}/-/dashboards/reports", tmp_path, tmp_path / "dashboard.png")
    assert "政府信息公开年报 dashboard" in dom and "Outcome shares" in dom and "Agency × year" in dom
    assert "Region (行政区划代码)" in dom and "440100" in dom  # the region filter, from the registry
    assert dom.count('class="marks"') >= 3 or dom.count("<canvas") >= 3  # the Vega charts drew
    assert "广东省示范" in dom  # the agency × year table lists the demo's agencies


def test_search_for_fuyi_in_the_browser(served: str, demo_run: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(demo_run / "harvest.db")
    expected = {r[0] for r in db.execute(
        "SELECT r.id FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.text LIKE '%复议%'")}  # fmt: skip
    assert expected
    dom = render(f"{served}/harvest/search_reports?q={quote('复议')}", tmp_path, tmp_path / "search.png")
    found = {int(x) for x in re.findall(r'href="/-/report/(\d+)"', dom)}
    assert found == expected
    assert "复议" in dom
