"""Random sets of two to four rewrites applied at once to the real pages, printed to PDF by Word: the wrong values.

Run:  .venv/bin/python benchmarks/word_sets.py pairs|triples|quads N SEED [pdf|docx|print]
Draws N sets of rewrites (benchmarks/rewrites.py) with a seeded random generator: 2 at once (pairs), 3 (triples) or 4
(quads). Each set is applied to every 2019/2021-template page in ../shared/real, saved as DOCX and exported to PDF by
LibreOffice, and the PDF is parsed (pdf, the default; docx parses the DOCX instead; print prints the page to PDF by
headless Chromium, about 2 s a page); its facts are compared with those of the page as published. Prints each set
that gives a wrong or an extra value, with a few of them, then the count; exit status 1 if any does. Two processes,
20 sets each at a time: about 40 sets in 3 minutes (triples) on two cores. Samples drawn with other seeds may repeat
a set.
"""

from __future__ import annotations

import itertools
import random
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.perturb import DOCX, apply, differences, facts, real_pages  # noqa: E402
from benchmarks.rewrites import REWRITES  # noqa: E402

SIZES = {"pairs": 2, "triples": 3, "quads": 4}
VIA = ("pdf", "docx", "print")
CHUNK = 20  # sets per LibreOffice run


def draw(size: int, n: int, seed: int) -> list[tuple[str, ...]]:
    """n sets of size rewrites, drawn without repeats by a generator seeded with seed."""
    combos = list(itertools.combinations(sorted(REWRITES), size))
    return random.Random(seed).sample(combos, min(n, len(combos)))


def render(sources: dict[str, Path], out: Path, via: str) -> dict[str, tuple[bytes, str]]:
    """Each page as the parser is given it: Word's PDF, Word's DOCX or Chromium's PDF, with its content type."""
    from tests.conftest import print_pdf, word_pdfs

    if via == "print":
        out.mkdir(parents=True, exist_ok=True)
        return {name: (print_pdf(page, out / f"{name}.pdf"), "application/pdf") for name, page in sources.items()}
    pdfs = word_pdfs(sources, out)
    if via == "pdf":
        return {name: (pdf, "application/pdf") for name, pdf in pdfs.items()}
    return {name: ((out / f"{name}.docx").read_bytes(), DOCX) for name in sources}


def run_chunk(sets: list[tuple[str, ...]], via: str = "pdf") -> list[tuple[tuple[str, ...], int, list[str]]]:
    """Each set over every page, rendered by via: (set, facts kept, wrong or extra values)."""
    pages, published = real_pages()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {}
        for s, names in enumerate(sets):
            for p, (_, tree) in enumerate(pages):
                sources[f"s{s}p{p}"] = Path(tmp) / f"s{s}p{p}.html"
                sources[f"s{s}p{p}"].write_bytes(apply(tree, *names))
        rendered = render(sources, Path(tmp) / "out", via)
        out = []
        for s, names in enumerate(sets):
            bad, kept = [], 0
            for p, (path, _) in enumerate(pages):
                got, base = facts(*rendered[f"s{s}p{p}"]), published[path]
                bad += differences(path, got, base)
                kept += sum(1 for k in got if base.get(k) == got[k])
            out.append((names, kept, bad))
        return out


def main(argv: list[str]) -> int:
    via = argv[3] if len(argv) == 4 else "pdf"
    if len(argv) not in (3, 4) or argv[0] not in SIZES or not argv[1].isdigit() or not argv[2].isdigit() or via not in VIA:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    sets = draw(SIZES[argv[0]], int(argv[1]), int(argv[2]))
    chunks = [sets[i : i + CHUNK] for i in range(0, len(sets), CHUNK)]
    found = kept = 0
    with ProcessPoolExecutor(2) as pool:
        for result in pool.map(run_chunk, chunks, itertools.repeat(via)):
            for names, n, bad in result:
                kept += n
                if bad:
                    found += 1
                    print(f"{len(bad):4d} wrong or extra: {' + '.join(names)}; e.g. {'; '.join(bad[:3])}", flush=True)
    print(f"sets of {argv[0]} ({via}) with a wrong or extra value: {found} of {len(sets)}; facts kept {kept}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
