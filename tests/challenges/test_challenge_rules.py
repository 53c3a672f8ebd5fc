"""The planner's pure rules: KvK numbers, targets naar rato, the pipeline, the unfilled flag."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.challenges import (
    CandidateStatus,
    ChallengeStatus,
    StopReason,
    candidate_move_errors,
    challenge_move_error,
    kvk_error,
    meets_level,
    reliability,
    split_naar_rato,
    unfilled_flag,
    wsp_of,
)

S = CandidateStatus


@pytest.mark.parametrize(
    ("text", "ok"),
    [("12345678", True), ("0123 4567", True), ("", True), ("1234567", False), ("123456789", False),
     ("1234567a", False), ("00000000", False), ("١٢٣٤٥٦٧٨", False)],
)  # fmt: skip
def test_kvk_numbers(text: str, ok: bool) -> None:
    assert (kvk_error(text) is None) is ok


def test_naar_rato_sums_to_the_target_and_follows_population() -> None:
    populations = {"GM0344": 343_000, "GM0355": 62_700, "GM0312": 15_000, "GM0589": 10_100}
    for total in (0, 1, 7, 100, 1001):
        split = split_naar_rato(total, populations)
        assert sum(split.values()) == total
        assert split["GM0344"] >= split["GM0355"] >= split["GM0312"] >= split["GM0589"]
    # 79.6, 14.6, 3.5 and 2.3: the two largest remainders get the two places left.
    assert split_naar_rato(100, populations) == {"GM0344": 80, "GM0355": 15, "GM0312": 3, "GM0589": 2}
    assert split_naar_rato(3, {"A": 1, "B": 1, "C": 1, "D": 1}) == {"A": 1, "B": 1, "C": 1, "D": 0}


def test_the_pipeline_goes_step_by_step_and_stops_with_a_reason() -> None:
    assert candidate_move_errors(S.VOORGESTELD, S.TOESTEMMING, None, "", both_agreed=False) == {}
    assert "status" in candidate_move_errors(S.VOORGESTELD, S.GESPREK, None, "", both_agreed=True)
    assert "status" in candidate_move_errors(S.BIJ_WERKGEVER, S.GESPREK, None, "", both_agreed=False)
    assert candidate_move_errors(S.BIJ_WERKGEVER, S.GESPREK, None, "", both_agreed=True) == {}
    assert "reason" in candidate_move_errors(S.GESPREK, S.GESTOPT, None, "", both_agreed=True)
    assert "reason_text" in candidate_move_errors(
        S.GESPREK, S.GESTOPT, StopReason.ANDERS, " ", both_agreed=True
    )
    assert (
        candidate_move_errors(S.GESPREK, S.GESTOPT, StopReason.TAAL_ONVOLDOENDE, "", both_agreed=True) == {}
    )
    assert "status" in candidate_move_errors(S.AFGEROND, S.GESTOPT, StopReason.VERHUISD, "", both_agreed=True)


def test_challenge_status_one_step_at_a_time() -> None:
    assert (
        challenge_move_error(ChallengeStatus.IN_VOORBEREIDING, ChallengeStatus.UITNODIGINGEN_VERSTUURD)
        is None
    )
    assert challenge_move_error(ChallengeStatus.GEHOUDEN, ChallengeStatus.UITNODIGINGEN_VERSTUURD) is None
    assert challenge_move_error(ChallengeStatus.IN_VOORBEREIDING, ChallengeStatus.AFGEROND) is not None


def test_unfilled_after_six_weeks_levels_reliability_and_wsp() -> None:
    held = date(2026, 10, 1)
    assert not unfilled_flag(held, 3, 1, held + timedelta(days=41))
    assert unfilled_flag(held, 3, 1, held + timedelta(days=42))
    assert not unfilled_flag(held, 3, 3, held + timedelta(days=100))
    assert meets_level("B1", "A2") and not meets_level("A1", "A2") and meets_level(None, "")
    assert reliability(4, 3) == 0.75 and reliability(0, 0) is None
    assert wsp_of("GM0355") == "Zuidoost-Utrecht" and wsp_of("GM9999") == ""
