"""The arithmetic of a run, rule by rule (pure functions)."""

from __future__ import annotations

from decimal import Decimal

from tuijin.scoring.runs.compute import competition_ranks, score_category, score_deductions, trimmed_mean

D = Decimal


def test_ties_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([D(70), D(90), D(80), D(80)]) == [4, 1, 2, 2]


def test_a_trimmed_mean_with_few_scorers_is_the_plain_mean():
    mean, dropped = trimmed_mean([D(60), D(90), D(100)], trim_each_end=1, min_scorers_to_trim=5)
    assert (mean, dropped) == (D(250) / 3, 0)


def test_a_trimmed_mean_with_many_scorers_drops_the_highest_and_the_lowest():
    mean, dropped = trimmed_mean([D(10), D(80), D(82), D(84), D(100)], trim_each_end=1, min_scorers_to_trim=5)
    assert (mean, dropped) == (D(82), 1)


def test_the_number_trimmed_is_configuration():
    scores = [D(s) for s in (0, 1, 80, 82, 84, 99, 100)]
    assert trimmed_mean(scores, trim_each_end=2, min_scorers_to_trim=5) == (D(82), 2)


def test_points_by_category():
    dim = {"weight": "5", "points": {"new_start": "5", "under_construction": "2"}, "default": "0"}
    assert score_category(dim, {"stage": "under_construction"})[0] == D("2.00")
    assert score_category(dim, {"stage": "reserve"})[0] == D("0.00")


def test_deductions_per_counted_event_never_go_below_zero():
    dim = {"weight": "15", "per_event": {"late_report": "3", "letter_received": "2"}}
    score, why = score_deductions(dim, {"events": {"late_report": 2, "letter_received": 1}})
    assert score == D("7.00") and "2 次" in why
    assert score_deductions(dim, {"events": {"late_report": 9}})[0] == D("0.00")
