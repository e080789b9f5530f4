"""The real pages and sets of their rewrites as trafilatura 1.x prints them in text: facts kept and wrong values.

Run:  .venv/bin/python benchmarks/trafilatura1_sets.py singles|pairs|triples|quads [N SEED] [--installed]
Trafilatura 1.x, which many text corpora of web pages were made with, prints a table row as its cells each followed by
「 |」, its empty cells after its filled ones or not at all. It is not the project's version: the script makes a virtual
environment of its own (.cache/trafilatura1: trafilatura 1.12.2 and lxml-html-clean from the package index) once, prints
there every rewritten page (benchmarks/rewrites.py; each rewrite alone, every pair, or N triples or quadruples drawn
with a seeded generator) with `trafilatura.extract(html, include_tables=True)`, and parses the text with the project's
parser (tests/real/trafilatura_1x holds such text of real pages). Prints each set that gives a wrong value, then the
pages, facts published, kept and wrong; exit status 1 if any value is wrong. Sets go in chunks of 200 over two
processes: every pair (3,900 pages) in about 2 minutes, 2,000 quadruples in 4; N of 9,880 or more draws every triple
(49,400 pages in 20 minutes). With --installed the pages are printed by the trafilatura the project installs (2.x:
each row opening with a pipe, its empty cells where they stood; tests/real/trafilatura_2x) instead.
"""

from __future__ import annotations

import functools
import itertools
import random
import subprocess
import sys
import tempfile
import venv
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.perturb import apply, differences, real_pages  # noqa: E402
from benchmarks.rewrites import REWRITES  # noqa: E402
from harvester.parse import parse_text  # noqa: E402

ENV = ROOT / ".cache" / "trafilatura1"
PINS = ("trafilatura==1.12.2", "lxml-html-clean==0.4.7")
CHUNK = 200  # sets printed and parsed at a time, by one process
PRINT = """
import sys, pathlib, trafilatura
for page in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    text = trafilatura.extract(page.read_text(encoding="utf-8"), include_tables=True) or ""
    page.with_suffix(".txt").write_text(text, encoding="utf-8")
"""


def environment() -> Path:
    """The python of trafilatura 1.x's own virtual environment, made on first use."""
    python = ENV / "bin" / "python"
    if not python.exists():
        venv.create(ENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    return python


def draw(kind: str, n: int, seed: int) -> list[tuple[str, ...]]:
    """The sets of rewrites: each alone, every pair, or n triples or quadruples drawn by a generator seeded with seed."""
    names = sorted(REWRITES)
    if kind == "singles":
        return [(name,) for name in names]
    if kind == "pairs":
        return list(itertools.combinations(names, 2))
    sets = list(itertools.combinations(names, 4 if kind == "quads" else 3))
    return random.Random(seed).sample(sets, min(n, len(sets)))


def run_chunk(sets: list[tuple[str, ...]], python: Path) -> tuple[dict[str, int], list[str]]:
    """Each set over every page, printed by the trafilatura of python (1.x, or the installed 2.x) and parsed: the counts,
    and a line per set gone wrong."""
    pages, published = real_pages()
    counts = {"pages": 0, "published": 0, "kept": 0, "wrong": 0}
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        for i, names in enumerate(sets):
            for j, (_, tree) in enumerate(pages):
                (Path(work) / f"{i:05d}_{j}.html").write_bytes(apply(tree, *names))
        subprocess.run([str(python), "-c", PRINT, work], check=True)
        for i, names in enumerate(sets):
            wrong: list[str] = []
            for j, (path, _) in enumerate(pages):
                report = parse_text((Path(work) / f"{i:05d}_{j}.txt").read_text(encoding="utf-8"))
                got: dict[tuple[str, str, str], object] = {f.key(): f.value for f in report.facts if f.value is not None}
                wrong += differences(path, got, published[path])
                counts["pages"] += 1
                counts["published"] += len(published[path])
                counts["kept"] += len(got)
            counts["kept"] -= len(wrong)
            counts["wrong"] += len(wrong)
            if wrong:
                lines.append(f"{' + '.join(names)}: {len(wrong)} wrong; e.g. {'; '.join(wrong[:3])}")
    return counts, lines


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--installed"]
    kind = args[0] if args else "singles"
    n, seed = (int(args[1]), int(args[2])) if len(args) > 2 else (200, 1)
    python = Path(sys.executable) if "--installed" in sys.argv else environment()
    sets = draw(kind, n, seed)
    counts = {"pages": 0, "published": 0, "kept": 0, "wrong": 0}
    with ProcessPoolExecutor(2) as pool:
        chunks = [sets[i : i + CHUNK] for i in range(0, len(sets), CHUNK)]
        for chunk, lines in pool.map(functools.partial(run_chunk, python=python), chunks):
            for line in lines:
                print(line, flush=True)
            for key, value in chunk.items():
                counts[key] += value
    print(", ".join(f"{key} {value}" for key, value in counts.items()))
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
