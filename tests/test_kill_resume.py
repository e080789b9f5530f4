"""SIGKILL at random points of a demo crawl (processing included), then --resume: every run recovers exactly."""

from __future__ import annotations

from benchmarks.kill_resume import run_points


def test_five_kill_points_recover_exactly() -> None:
    outcomes, wall = run_points(5, seed=7, sites=["gd-demo", "city-demo"])
    assert wall > 0.5
    assert [o.problems for o in outcomes] == [[]] * 5, outcomes
