"""The quality gate: the parser's scores on golden seeds and fixtures never fall below the floors."""

from __future__ import annotations

from pathlib import Path

from benchmarks.parse_eval import score_fixtures, score_real, score_seeds

from .conftest import ROOT, load_json

FLOORS = load_json(ROOT / "tests" / "eval_floors.json")


def test_golden_seed_scores(shared: Path) -> None:
    scores = score_seeds(shared)
    floors = FLOORS["seeds"]
    assert scores["precision"] >= floors["precision"] and scores["recall"] >= floors["recall"], scores
    assert scores["wrong"] <= floors["wrong"] and scores["check_diffs"] <= floors["check_diffs"], scores
    assert scores["meta_diffs"] <= floors["meta_diffs"], scores


def test_fixture_scores() -> None:
    floors = FLOORS["fixtures"]
    for kind, scores in score_fixtures().items():
        recall = floors.get("recall_by_kind", {}).get(kind, floors["recall"])
        assert scores["wrong"] <= floors["wrong"], (kind, scores)
        assert scores["precision"] >= floors["precision"] and scores["recall"] >= recall, (kind, scores)


def test_real_report_scores(shared: Path) -> None:
    """The real corpus (../shared/real, truth in tests/real_truth.json): never a wrong value, recall never falls."""
    scores = score_real(shared)
    assert set(scores) == set(FLOORS["real"])
    for kind, floors in FLOORS["real"].items():
        got = scores[kind]
        assert got["wrong"] <= floors["wrong"] and got["meta_diffs"] <= floors["meta_diffs"], (kind, got)
        assert got["precision"] >= floors["precision"] and got["recall"] >= floors["recall"], (kind, got)


def test_real_pages_rewritten_as_other_portals_print_them() -> None:
    """benchmarks/perturb.py's rewrites of the real pages (spans stripped, zeros as dashes, columns reordered, …):
    no wrong or extra value in any, each keeping at least what it kept, and no more pairs of rewrites at once that
    give a wrong or extra value than the floor allows."""
    from benchmarks.perturb import pairs, real_pages, rewritten, tally

    floors = FLOORS["perturb"]
    pages, published = real_pages()
    table = tally(pages, published, rewritten(pages, None))
    assert set(table) == set(floors["kept"])
    for name, counts in table.items():
        assert counts["wrong"] <= floors["wrong"] and counts["extra"] <= floors["extra"], (name, counts)
        assert counts["kept"] >= floors["kept"][name], (name, counts)
    assert pairs(pages, published) <= floors["pairs_with_wrong_or_extra"]
