"""The archive as others read it: CDXJ indexes (cdxj-indexer), a WACZ (py-wacz), a pywb collection."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import ArchiveError

PYWB_ENV = Path(__file__).resolve().parents[2] / ".venv-replay"


def write_cdxj(warc: Path, index_dir: Path) -> Path:
    """A sorted CDXJ index of one WARC file, `<index_dir>/<warc name>.cdxj`."""
    from cdxj_indexer.main import write_cdx_index  # imported when indexing: it costs a crawl's start-up 0.13 s

    index_dir.mkdir(parents=True, exist_ok=True)
    out = index_dir / (warc.name + ".cdxj")
    tmp = out.with_suffix(".cdxj.tmp")
    write_cdx_index(str(tmp), [str(warc)], {"sort": True, "post_append": True, "records": "response,revisit,resource"})
    tmp.replace(out)
    return out


def pages_jsonl(pages: list[dict[str, str]]) -> str:
    """pages/pages.jsonl of the WACZ spec: a header line, then one page per line."""
    header = {"format": "json-pages-1.0", "id": "pages", "title": "Annual-report pages"}
    return "\n".join(json.dumps(x, ensure_ascii=False) for x in [header, *pages]) + "\n"


def export_wacz(warcs: list[Path], pages: list[dict[str, str]], output: Path, title: str) -> Path:
    """Package the WARC files into a WACZ with the given pages list (runs py-wacz)."""
    if not warcs:
        raise ArchiveError("no WARC files to package")
    pages_file = output.with_suffix(".pages.jsonl")
    pages_file.write_text(pages_jsonl(pages), encoding="utf-8")
    wacz = shutil.which("wacz", path=str(Path(sys.executable).parent)) or "wacz"
    cmd = [wacz, "create", "-o", str(output), "-p", str(pages_file), "--title", title, *map(str, warcs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    pages_file.unlink()
    if proc.returncode != 0:
        raise ArchiveError(f"wacz create failed: {proc.stderr.strip()[-500:]}")
    return output


def pywb_config(root: Path, warc_dir: Path, index_dir: Path, collection: str = "harvest") -> Path:
    """A pywb config whose one collection reads the archive's WARC files and CDXJ indexes."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "config.yaml"
    config.write_text(
        "collections:\n"
        f"  {collection}:\n"
        f"    archive_paths: {warc_dir.resolve()}/\n"
        f"    index_paths: {index_dir.resolve()}/\n"
        "framed_replay: false\n"
        "enable_memento: true\n",
        encoding="utf-8",
    )
    return config


def wayback_command(port: int) -> list[str]:
    """pywb's `wayback` from its own environment (pywb pins redis 2.x and pyOpenSSL<26.2)."""
    exe = PYWB_ENV / "bin" / "wayback"
    if not exe.exists():
        found = shutil.which("wayback")
        if not found:
            raise ArchiveError(
                f"pywb not installed: python3 -m venv {PYWB_ENV} && {PYWB_ENV}/bin/pip install -r replay-requirements.txt"
            )
        exe = Path(found)
    return [str(exe), "--port", str(port), "--bind", "127.0.0.1"]
