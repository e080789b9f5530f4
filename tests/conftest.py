"""Shared fixtures: paths to ../shared, the demo portal, and one demo harvest run by the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from harvester.demo.data import demo_reports
from harvester.demo.server import DemoPortal

ROOT = Path(__file__).resolve().parent.parent
DEMO_TITLES = {r.title for rs in demo_reports().values() for r in rs}
SHARED = Path(os.environ.get("HARVESTER_SHARED", ROOT.parent / "shared"))


def harvester(*args: str, cwd: Path = ROOT, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would."""
    cmd = [sys.executable, "-m", "harvester.cli", *args]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "golden").is_dir():
        pytest.skip(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `harvester demo` run into a fresh archive folder; returns that folder."""
    archive = tmp_path_factory.mktemp("demo-archive")
    proc = harvester("demo", "--archive", str(archive))
    (archive / "demo-output.txt").write_text(proc.stdout + proc.stderr)
    return archive


@pytest.fixture(scope="session")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal() as p:
        yield p


def write_settings(folder: Path, port: int, archive: str = "arch") -> Path:
    """A settings file whose registry is the demo portal's, for `harvester crawl --config`."""
    registry = (ROOT / "harvester" / "demo" / "sites.toml").read_text().replace("{port}", str(port))
    path = folder / "settings.toml"
    path.write_text(
        f'[harvester]\narchive_dir = "{archive}"\ndatabase = "{archive}/h.db"\nwarc_prefix = "t"\n\n'
        '[crawl]\ndownload_delay = 0\nautothrottle = false\nlog_level = "WARNING"\n'
        'host_overrides = { "*.demo.test" = "127.0.0.1" }\nreport_hosts = ["*.demo.test"]\n\n' + registry
    )
    return path


def assert_same_tables(live: Path, rebuilt: Path, tables: dict[str, list[str]]) -> None:
    """The two databases hold the same rows, table by table, ignoring only the named columns."""
    import sqlite_utils

    one, two = sqlite_utils.Database(live), sqlite_utils.Database(rebuilt)
    for table, ignore in tables.items():
        pk = one.table(table).pks[0]
        rows = [{k: v for k, v in r.items() if k not in ignore} for r in one.query(f"select * from {table} order by {pk}")]
        rows2 = [{k: v for k, v in r.items() if k not in ignore} for r in two.query(f"select * from {table} order by {pk}")]
        assert rows and rows == rows2, table


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def need_pywb() -> None:
    """pywb lives in .venv-replay (installed by .ci/run); CI must have it."""
    from harvester.warc.replay import PYWB_ENV

    if not (PYWB_ENV / "bin" / "wayback").exists():
        if os.environ.get("CI"):
            pytest.fail(f"pywb missing in CI: {PYWB_ENV}")
        pytest.skip("pywb environment not installed (see README)")


def pywb_fetch(archive: Path, path: str, config: Path | None = None) -> bytes | None:
    """Start `harvester replay` on the archive, GET /harvest/<path>, stop it; the body or None."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    args = ["replay", "--port", str(port)] + (["--config", str(config)] if config else ["--archive", str(archive)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "harvester.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/harvest/{path}", timeout=5) as resp:
                    return bytes(resp.read())
            except OSError:
                time.sleep(0.2)
        return None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def chromium() -> str:
    """Debian's Chromium (.ci/install puts it in place)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed (apt-get install chromium; .ci/install does)")
    return exe


def print_pdf(page: Path, pdf: Path) -> bytes:
    """The page printed to PDF by headless Chromium (with the Noto CJK fonts, as agencies print their reports)."""
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={pdf.parent / 'profile'}"]
    subprocess.run([*cmd, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
    return pdf.read_bytes()


def word_pdfs(pages: dict[str, Path], out: Path) -> dict[str, bytes]:
    """Each page opened in LibreOffice Writer, saved as DOCX and that exported to PDF, as an agency that pastes its
    report into Word prints it: Word's pagination, where a table row may break across pages."""
    from harvester.extract.office import soffice

    exe = soffice()
    if exe is None:
        pytest.fail("LibreOffice is not installed (apt-get install libreoffice-writer; .ci/install does)")
    out.mkdir(parents=True, exist_ok=True)
    for name, page in pages.items():
        shutil.copyfile(page, out / f"{name}.html")
    base = [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile"]
    for target, suffix in (("docx:MS Word 2007 XML", "html"), ("pdf", "docx")):
        files = [str(out / f"{name}.{suffix}") for name in pages]
        subprocess.run(
            [*base, "--convert-to", target, "--outdir", str(out), *files], capture_output=True, timeout=300, check=False
        )
    return {name: (out / f"{name}.pdf").read_bytes() for name in pages}


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server: the one .ci/run started (HARVESTER_TEST_REDIS), else one on a free port, stopped after."""
    if os.environ.get("HARVESTER_TEST_REDIS"):
        yield os.environ["HARVESTER_TEST_REDIS"]
        return
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server; .ci/install does)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.RedisError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)
