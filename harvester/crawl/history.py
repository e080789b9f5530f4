"""Fetch history from the store: last capture per URL and first capture per payload digest."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..urls import canonical


@dataclass(frozen=True)
class Seen:
    """An archived response that later fetches can refer to."""

    record_id: str
    url: str
    date: str
    digest: str | None
    etag: str | None = None
    last_modified: str | None = None


class History:
    """What earlier runs archived, for conditional requests and revisit records."""

    def __init__(self) -> None:
        self.by_url: dict[str, Seen] = {}
        self.by_digest: dict[str, Seen] = {}

    @classmethod
    def for_crawler(cls, crawler: Any) -> History:
        """One history per crawler, loaded once from HARVESTER_DB (empty when there is none yet)."""
        history = getattr(crawler, "_harvester_history", None)
        if history is None:
            history = cls.load(crawler.settings.get("HARVESTER_DB"))
            crawler._harvester_history = history
        return history

    @classmethod
    def load(cls, db_path: str | None) -> History:
        history = cls()
        if not db_path or not Path(db_path).exists():
            return history
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT record_id, url, fetched_at, payload_digest, etag, last_modified, record_type, refers_to, status "
                "FROM captures WHERE status IN (200, 304) ORDER BY fetched_at"
            ).fetchall()
        except sqlite3.OperationalError:  # a database from before the history migration
            rows = []
        finally:
            conn.close()
        originals: dict[str, Seen] = {}
        for record_id, url, date, digest, etag, modified, rtype, refers_to, status in rows:
            if rtype == "response" and status == 200:
                seen = Seen(record_id, url, date, digest, etag, modified)
                originals[record_id] = seen
                history.remember(seen)
            elif rtype == "revisit" and refers_to in originals:
                old = originals[refers_to]
                history.by_url[canonical(url)] = Seen(
                    old.record_id, old.url, old.date, old.digest, etag or old.etag, modified or old.last_modified
                )
        return history

    def remember(self, seen: Seen) -> None:
        self.by_url[canonical(seen.url)] = seen
        if seen.digest:
            self.by_digest.setdefault(seen.digest, seen)

    def conditional_headers(self, url: str) -> dict[str, str]:
        seen = self.by_url.get(canonical(url))
        headers = {}
        if seen and seen.etag:
            headers["If-None-Match"] = seen.etag
        if seen and seen.last_modified:
            headers["If-Modified-Since"] = seen.last_modified
        return headers
