"""One writer per archive: every command that writes to an archive folder holds its lock, and names the holder."""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import ArchiveBusyError

LOCK_NAME = "harvester.lock"
_HELD: set[Path] = set()  # locks this process holds: a command that calls another (demo → crawl) does not block itself
_FDS: dict[Path, int] = {}  # their file descriptors, which a forked worker must not keep


def drop_inherited_locks() -> None:
    """In a forked worker: close the lock files inherited from the parent, so that the lock ends with the parent
    (a killed command's workers must not keep its archive locked)."""
    for fd in _FDS.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _FDS.clear()
    _HELD.clear()


def holder(path: Path) -> str:
    """Who holds (or last held) the lock: command, pid and since when."""
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return "another process"
    return f"`{info.get('command', '?')}` (pid {info.get('pid', '?')}, since {info.get('since', '?')})"


@contextmanager
def archive_lock(archive_dir: Path, command: str, wait: float = 0.0) -> Iterator[None]:
    """Hold archive_dir/harvester.lock while writing; wait up to `wait` seconds, then refuse naming the holder."""
    key = archive_dir.resolve()
    if key in _HELD:
        yield
        return
    try:
        archive_dir.mkdir(parents=True, exist_ok=True)
        fh = open(archive_dir / LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise ArchiveBusyError(f"cannot lock the archive {archive_dir}: {exc.strerror or exc}") from exc
    deadline = time.monotonic() + wait
    with fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise ArchiveBusyError(
                        f"the archive {archive_dir} is in use by {holder(archive_dir / LOCK_NAME)}; "
                        "wait for it to finish (or stop it) and run this again"
                    ) from exc
                time.sleep(0.2)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"command": command, "pid": os.getpid(), "since": since, "argv": sys.argv[1:]}))
        fh.flush()
        _HELD.add(key)
        _FDS[key] = fh.fileno()
        try:
            yield
        finally:
            _HELD.discard(key)
            _FDS.pop(key, None)
            fcntl.flock(fh, fcntl.LOCK_UN)


def crawl_lock(archive_dir: Path) -> AbstractContextManager[None]:
    """The archive's writer lock, taken by a crawl."""
    return archive_lock(archive_dir, "crawl")
