"""Scheduled crawls: cron expressions per site group (APScheduler 3.x), one run at a time (a lock file)."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import datetime
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from .config import Config
from .errors import ConfigError

log = logging.getLogger(__name__)
TIMEZONE = "Asia/Shanghai"


def triggers(config: Config) -> dict[str, list[CronTrigger]]:
    """The [schedule] table: group → one cron expression or a list of them."""
    out: dict[str, list[CronTrigger]] = {}
    for group, exprs in config.schedule.items():
        exprs = [exprs] if isinstance(exprs, str) else list(exprs)
        try:
            out[group] = [CronTrigger.from_crontab(e, timezone=TIMEZONE) for e in exprs]
        except ValueError as exc:
            raise ConfigError(f"schedule.{group}: {exc}") from exc
        if not [s for s in config.sites.values() if s.group == group]:
            raise ConfigError(f"schedule.{group}: no site has group = {group!r}")
    return out


def next_runs(config: Config, now: datetime) -> dict[str, datetime | None]:
    """When each group runs next."""
    result: dict[str, datetime | None] = {}
    for group, trigs in triggers(config).items():
        times = [t.get_next_fire_time(None, now) for t in trigs]
        result[group] = min((t for t in times if t is not None), default=None)
    return result


def run_group(config: Config, group: str) -> int:
    """Crawl one group's sites in a fresh process (Scrapy's reactor runs once per process)."""
    sites = [s.name for s in config.sites.values() if s.group == group]
    cmd = [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(config.source), "--archive", str(config.archive_dir)]
    for name in sites:
        cmd += ["--site", name]
    log.info("scheduled crawl of %s: %s", group, " ".join(sites))
    return subprocess.run(cmd, check=False).returncode


def serve_schedule(config: Config) -> None:
    """Run forever, starting each group's crawl at its times; a group never overlaps itself."""
    scheduler = BlockingScheduler(timezone=TIMEZONE)
    for group, trigs in triggers(config).items():
        for i, trig in enumerate(trigs):
            kwargs: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
            scheduler.add_job(run_group, trig, args=[config, group], id=f"{group}-{i}", **kwargs)
    scheduler.start()
