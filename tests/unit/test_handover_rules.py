"""Pure handover and dossier rules: status machine, due dates, overdue days, weeks, checklists,
voorinburgering bounds and the diacritics-blind search text."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.case_dossier import fold, pre_integration_errors, search_text
from app.domain.handover import (
    CHECKLISTS,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    TransitionError,
    check_transition,
    consent_missing,
    days_overdue,
    due_date,
    next_statuses,
    parse_kind,
    week_bounds,
)

S = HandoverStatus


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (S.TE_DOEN, {S.AANGEVRAAGD, S.GEWEIGERD, S.INGETROKKEN}),
        (S.AANGEVRAAGD, {S.VERZONDEN, S.GEWEIGERD, S.INGETROKKEN}),
        (S.VERZONDEN, {S.ONTVANGEN, S.GEWEIGERD, S.INGETROKKEN}),
        (S.ONTVANGEN, {S.AFGEROND, S.INGETROKKEN}),
        (S.AFGEROND, set()),
        (S.GEWEIGERD, set()),
        (S.INGETROKKEN, set()),
    ],
)
def test_status_machine_has_no_shortcuts(current: HandoverStatus, allowed: set[HandoverStatus]) -> None:
    assert set(next_statuses(current)) == allowed
    for target in set(HandoverStatus) - allowed:
        with pytest.raises(TransitionError):
            check_transition(current, target, reason="reden")


def test_refusal_needs_a_reason() -> None:
    with pytest.raises(TransitionError, match="reden"):
        check_transition(S.AANGEVRAAGD, S.GEWEIGERD, reason="  ")
    check_transition(S.AANGEVRAAGD, S.GEWEIGERD, reason="Cliënt wil het niet")


def test_due_dates_relative_to_the_move() -> None:
    moved = date(2017, 4, 1)
    assert due_date(HandoverKind.GCA_HUISARTS, moved) == date(2017, 4, 15)
    assert due_date(HandoverKind.JGZ, moved) == date(2017, 4, 29)
    assert due_date(HandoverKind.VWN_MB, moved) == moved
    assert due_date(HandoverKind.RISK_SIGNAL, moved) == date(2017, 3, 25)
    # Before the move is known: the koppeling's latest move-in date (12 weeks after linking).
    assert due_date(HandoverKind.VWN_MB, None, date(2017, 1, 2)) == date(2017, 3, 27)
    assert due_date(HandoverKind.VWN_MB, None, None) is None


def test_days_overdue_only_while_not_with_the_receiver() -> None:
    today = date(2017, 5, 10)
    assert days_overdue(date(2017, 5, 1), S.AANGEVRAAGD, today) == 9
    assert days_overdue(date(2017, 5, 10), S.TE_DOEN, today) == 0  # the due day itself is on time
    assert days_overdue(date(2017, 5, 1), S.ONTVANGEN, today) == 0
    assert days_overdue(None, S.TE_DOEN, today) == 0


def test_week_runs_monday_to_sunday() -> None:
    assert week_bounds(date(2017, 5, 10)) == (date(2017, 5, 8), date(2017, 5, 14))
    assert week_bounds(date(2017, 5, 14)) == (date(2017, 5, 8), date(2017, 5, 14))
    assert week_bounds(date(2017, 5, 15)) == (date(2017, 5, 15), date(2017, 5, 21))


def test_consent_and_checklists() -> None:
    assert all(consent_missing(k, ConsentStatus.NIET_GEVRAAGD) for k in HandoverKind)
    assert not any(consent_missing(k, ConsentStatus.GEGEVEN) for k in HandoverKind)
    gp = [i.text for i in CHECKLISTS[HandoverKind.GCA_HUISARTS]]
    assert gp == [
        "Huisarts gekozen en cliënt ingeschreven",
        "Verzoek tot overdracht door cliënt ondertekend",
        "Medisch dossier door GCA verzonden",
        "Ontvangst bevestigd door de huisarts",
    ]
    assert "Vaccinatiedossier overgedragen" in [i.text for i in CHECKLISTS[HandoverKind.JGZ]]
    for items in CHECKLISTS.values():
        assert {i.ticks_on for i in items} >= {S.VERZONDEN, S.ONTVANGEN}
        assert len({i.key for i in items}) == len(items)


def test_parse_kind_accepts_what_people_type() -> None:
    assert parse_kind("GCA-huisarts") is HandoverKind.GCA_HUISARTS
    assert parse_kind("risicosignaal") is HandoverKind.RISK_SIGNAL
    with pytest.raises(ValueError, match="Onbekende soort"):
        parse_kind("tandarts")


def test_pre_integration_bounds() -> None:
    assert pre_integration_errors(158, 121) == {}
    assert set(pre_integration_errors(159, 0)) == {"pre_integration_hours"}
    assert set(pre_integration_errors(150, 122)) == {"pre_integration_language_hours"}
    assert set(pre_integration_errors(10, 11)) == {"pre_integration_language_hours"}


def test_search_text_ignores_case_and_diacritics() -> None:
    assert fold("Özdemir Şahin Ghebreyesús Nuñez") == "ozdemir sahin ghebreyesus nunez"
    assert search_text("Ayşe", None, "0123456789") == "ayse 0123456789"
