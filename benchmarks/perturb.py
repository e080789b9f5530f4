"""Real report pages rewritten as other portals print the same tables: each fact must stay or be withheld, never change.

Run:  .venv/bin/python benchmarks/perturb.py [--word-pdf | --word-docx | --print-pdf | --pairs | --triples]
Every 2019/2021-template page in ../shared/real (four Pingtan reports, the Shuyang bureau's) is rewritten in each
way of benchmarks/rewrites.py, parsed, and its facts compared with those of the page as published: kept, withheld
(missing), wrong (a value that differs), extra. One line per rewrite with the totals over the pages; exit status 1
if any value is wrong. Rewrites that take numbers away (a dash for zero, a column dropped) show as withheld, as they
should.
With --word-pdf every rewritten page is saved as DOCX and exported to PDF by LibreOffice first (Word's pagination:
rows broken across pages, numbers wrapped in narrow cells) and the PDF is parsed (about 3 minutes); with --word-docx the
DOCX is parsed; with --print-pdf each page is printed to PDF by headless Chromium (about 6 minutes). With --pairs
every two rewrites are applied together (two quirks of one portal; about a minute): the pairs that give a wrong or
an extra value; with --triples every three (9,880 sets, in two processes: about 7 minutes on two cores).
"""

from __future__ import annotations

import copy
import itertools
import sys
import tempfile
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rewrites import LAYOUTS, REWRITES, Tree  # noqa: E402
from harvester.extract import extract  # noqa: E402
from harvester.parse import parse_document  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
PAGES = [REAL / "pingtan" / n / "page.html" for n in ("202103_80595", "202302_80629", "202403_87885", "202503_97791")]
PAGES.append(REAL / "shuyang_fgj_2023" / "page.html")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def facts(page: bytes, ctype: str = "text/html; charset=utf-8") -> dict[tuple[str, str, str], object]:
    report = parse_document(extract(page, ctype)[1])
    return {f.key(): f.value for f in report.facts if f.value is not None}


def apply(tree: Tree, *names: str) -> bytes:
    """The page with the rewrites named applied to a copy of it, the portal's layout first (a CMS or an export then
    mangles what the portal printed): its HTML."""
    changed = copy.deepcopy(tree)
    for name in sorted(names, key=lambda n: n not in LAYOUTS):
        REWRITES[name](changed)
    return lxml_html.tostring(changed, encoding="utf-8")


def rewritten(pages: list[tuple[Path, Tree]], word: str | None) -> dict[tuple[str, Path], dict[tuple[str, str, str], object]]:
    """The facts of every page in every rewrite: from its HTML, or from the DOCX or PDF that Word makes of it."""
    html = {}
    for name in REWRITES:
        for path, tree in pages:
            html[(name, path)] = apply(tree, name)
    if word is None:
        return {key: facts(body) for key, body in html.items()}
    from tests.conftest import print_pdf, word_pdfs

    if word == "print":
        with tempfile.TemporaryDirectory() as tmp:
            out = {}
            for i, (key, body) in enumerate(html.items()):
                (Path(tmp) / f"p{i}.html").write_bytes(body)
                out[key] = facts(print_pdf(Path(tmp) / f"p{i}.html", Path(tmp) / f"p{i}.pdf"), "application/pdf")
            return out

    with tempfile.TemporaryDirectory() as tmp:
        sources = {f"p{i}": Path(tmp) / f"p{i}-source.html" for i in range(len(html))}
        for body, path in zip(html.values(), sources.values(), strict=True):
            path.write_bytes(body)
        pdfs = word_pdfs(sources, Path(tmp) / "out")
        if word == "pdf":
            return {key: facts(pdf, "application/pdf") for key, pdf in zip(html, pdfs.values(), strict=True)}
        docx = [(Path(tmp) / "out" / f"{name}.docx").read_bytes() for name in sources]
        return {key: facts(body, DOCX) for key, body in zip(html, docx, strict=True)}


def differences(path: Path, got: dict[tuple[str, str, str], object], base: dict[tuple[str, str, str], object]) -> list[str]:
    """The values a rewritten page gives that differ from the published page's, or that it does not give."""
    return [f"{path.parent.name} {k}: {base.get(k)} -> {got[k]}" for k in got if base.get(k) != got[k]]


def pairs(pages: list[tuple[Path, Tree]], published: dict[Path, dict[tuple[str, str, str], object]]) -> int:
    """Every two rewrites applied together (two quirks of one portal): the pairs that give a wrong or an extra
    value, with a few of them. Returns the number of such pairs."""
    found = 0
    for first, second in itertools.combinations(REWRITES, 2):
        bad: list[str] = []
        for path, tree in pages:
            got, base = facts(apply(tree, first, second)), published[path]
            bad += differences(path, got, base)
        if bad:
            found += 1
            print(f"{len(bad):4d} wrong or extra: {first} + {second}; e.g. {'; '.join(bad[:2])}")
    print(f"pairs of rewrites with a wrong or extra value: {found} of {len(REWRITES) * (len(REWRITES) - 1) // 2}")
    return found


def sets_with_differences(sets: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], list[str]]]:
    """Each set of rewrites applied at once to every real page, parsed as HTML: the sets that give a wrong or an extra
    value, with those values."""
    pages, published = real_pages()
    out = []
    for names in sets:
        bad = [d for path, tree in pages for d in differences(path, facts(apply(tree, *names)), published[path])]
        if bad:
            out.append((names, bad))
    return out


def triples() -> int:
    """Every three rewrites at once (three quirks of one portal), in two processes: the sets that give a wrong or an
    extra value, with a few of them. Returns the number of such sets."""
    from concurrent.futures import ProcessPoolExecutor

    sets = list(itertools.combinations(sorted(REWRITES), 3))
    chunks = [sets[i : i + 50] for i in range(0, len(sets), 50)]
    found = 0
    with ProcessPoolExecutor(2) as pool:
        for bad in pool.map(sets_with_differences, chunks):
            for names, values in bad:
                print(f"{len(values):4d} wrong or extra: {' + '.join(names)}; e.g. {'; '.join(values[:2])}", flush=True)
            found += len(bad)
    print(f"sets of three rewrites with a wrong or extra value: {found} of {len(sets)}")
    return found


def tally(
    pages: list[tuple[Path, Tree]],
    published: dict[Path, dict[tuple[str, str, str], object]],
    every: dict[tuple[str, Path], dict[tuple[str, str, str], object]],
) -> dict[str, dict[str, int]]:
    """Per rewrite, over the pages: facts published, kept, withheld, wrong and extra (printing each wrong value)."""
    out: dict[str, dict[str, int]] = {}
    for name in REWRITES:
        counts = dict.fromkeys(("facts", "kept", "withheld", "wrong", "extra"), 0)
        for path, _ in pages:
            got, base = every[(name, path)], published[path]
            wrong = [k for k in base.keys() & got.keys() if base[k] != got[k]]
            counts["facts"] += len(base)
            counts["kept"] += len(base.keys() & got.keys()) - len(wrong)
            counts["withheld"] += len(base.keys() - got.keys())
            counts["wrong"] += len(wrong)
            counts["extra"] += len(got.keys() - base.keys())
            for key in wrong:
                print(f"  WRONG {path.parent.name} {key}: {base[key]} -> {got[key]}")
        out[name] = counts
    return out


def real_pages() -> tuple[list[tuple[Path, Tree]], dict[Path, dict[tuple[str, str, str], object]]]:
    """The real pages as trees, and the facts each gives as published."""
    pages = [(p, lxml_html.fromstring(p.read_bytes())) for p in PAGES]
    return pages, {p: facts(lxml_html.tostring(tree, encoding="utf-8")) for p, tree in pages}


def main() -> int:
    flags = {"--word-pdf": "pdf", "--word-docx": "docx", "--print-pdf": "print"}
    word = next((kind for flag, kind in flags.items() if flag in sys.argv[1:]), None)
    pages, published = real_pages()
    if "--pairs" in sys.argv[1:]:
        return 1 if pairs(pages, published) else 0
    if "--triples" in sys.argv[1:]:
        return 1 if triples() else 0
    table = tally(pages, published, rewritten(pages, word))
    print(f"{'rewrite':36s} {'facts':>6s} {'kept':>6s} {'withheld':>8s} {'wrong':>6s} {'extra':>6s}")
    for name, c in table.items():
        print(f"{name:36s} {c['facts']:6d} {c['kept']:6d} {c['withheld']:8d} {c['wrong']:6d} {c['extra']:6d}")
    wrong_total = sum(c["wrong"] for c in table.values())
    print(f"wrong values over all rewrites: {wrong_total}")
    return 1 if wrong_total else 0


if __name__ == "__main__":
    sys.exit(main())
