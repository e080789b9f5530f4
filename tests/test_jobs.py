"""The processing pool: results in order, in chunks, and a worker that dies fails its own job only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import harvester.jobs as jobs_module
from harvester.jobs import Capture, Job, run_jobs

CRASH = 13  # the job whose extraction kills its worker (as a crash in a native library would)


def _extract(warc_dir: Path, cand: dict[str, Any], version: str) -> Capture:
    if cand["url"].endswith("/crash"):
        os._exit(3)
    row = {"capture_record_id": cand["capture_record_id"], "url": cand["url"], "parser_version": version, "status": "ok"}
    return Capture(cand, row)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_in_order_and_a_dead_worker_fails_its_job_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workers: int
) -> None:
    monkeypatch.setattr(jobs_module, "extract_capture", _extract)  # forked workers inherit it
    crash = CRASH if workers > 1 else -1  # in one process a crash would end the test itself
    jobs = [
        Job({"capture_record_id": f"c{i}", "url": f"http://x.test/{i}" + ("/crash" if i == crash else ""), "title": f"t{i}"})
        for i in range(40)
    ]
    out = list(run_jobs(jobs, tmp_path, "v", workers=workers))
    assert [job.cand["capture_record_id"] for job, _ in out] == [f"c{i}" for i in range(40)]
    for i, (_, result) in enumerate(out):
        row = result.captures[0].row
        if i == crash:
            assert row["status"] == "failed" and row["error"].startswith("worker died")
        else:
            assert row["status"] == "ok", (i, row)
        assert result.report is not None  # a report job always yields a report (an unreadable one here)
