"""Scheduled crawls: cron times per group, a group's crawl run as a job, one crawl at a time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from harvester.config import load_config
from harvester.demo.server import DemoPortal
from harvester.errors import ConfigError
from harvester.lock import crawl_lock
from harvester.schedule import next_runs, run_group, triggers

from .conftest import ROOT, harvester, write_settings


def test_next_runs_from_the_project_settings() -> None:
    config = load_config(ROOT / "settings.toml")
    now = datetime(2027, 1, 18, 12, 0, tzinfo=UTC)  # a Monday, before the January deadline window
    times = {g: t.isoformat() for g, t in next_runs(config, now).items() if t}
    assert times["province"] == "2027-01-20T02:00:00+08:00"  # daily from the 20th of January
    assert times["city"] == "2027-01-19T03:00:00+08:00"  # the weekly Tuesday run comes first
    later = next_runs(config, datetime(2027, 5, 4, 12, 0, tzinfo=UTC))  # a Tuesday in May
    assert later["province"].isoformat() == "2027-05-10T02:00:00+08:00"  # weekly, Monday


def test_bad_schedule_is_a_config_error(tmp_path: Path) -> None:
    settings = write_settings(tmp_path, 1)
    settings.write_text(settings.read_text() + '\n[schedule]\nnowhere = "0 2 * * mon"\n')
    with pytest.raises(ConfigError, match="no site has group"):
        triggers(load_config(settings))
    settings.write_text(settings.read_text().replace('nowhere = "0 2 * * mon"', 'city = "99 * * * *"'))
    with pytest.raises(ConfigError, match="schedule.city"):
        triggers(load_config(settings))


def test_a_scheduled_job_crawls_its_group(tmp_path: Path) -> None:
    with DemoPortal() as portal:
        settings = write_settings(tmp_path, portal.port)
        settings.write_text(settings.read_text() + '\n[schedule]\ncity = "0 3 * * tue"\n')
        config = load_config(settings)
        assert run_group(config, "city") == 0
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    run = next(db.query("select * from runs"))
    assert run["status"] == "finished" and run["sites"] == '["city-demo"]'
    from harvester.demo.data import demo_reports

    assert db.table("reports").count == len(demo_reports()["city-demo"])


def test_one_crawl_at_a_time(tmp_path: Path) -> None:
    settings = write_settings(tmp_path, 1)
    with crawl_lock(tmp_path / "arch"):
        proc = harvester("crawl", "--config", str(settings), "--site", "city-demo", check=False)
        assert proc.returncode == 1 and "is in use by `crawl`" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
        proc = harvester("process", "--config", str(settings), check=False)
        assert proc.returncode == 1 and "is in use by `crawl`" in proc.stderr and "Traceback" not in proc.stderr
    with crawl_lock(tmp_path / "arch"):  # released
        pass
