"""Warm handovers: status machine with who/when, consent enforcement and the logged override,
checklists, due dates relative to the moving date, and the dossier following a swap."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.domain.case_dossier import MemberRole, MilestoneKind, TimelineKind
from app.domain.handover import (
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    Receipt,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
)
from app.domain.roles import Action, Role
from app.errors import ConflictError, PermissionDenied, UserError, ValidationError
from app.services.board import swaps
from app.services.cases import dossiers as ds
from app.services.cases import handovers as ho
from app.services.cases.views import ContactInfo
from tests.db.board_fixtures import P1, koppeling, setup_periods
from tests.db.case_fixtures import BUNNIK, ZEIST, family, last_log_id, log_rows

S = HandoverStatus
IN_PERSON = ConsentMethod.IN_PERSON
TODAY = date.today()


def _gp(session: Session, actor, dossier_id: int) -> ho.HandoverInfo:  # type: ignore[no-untyped-def]
    return ho.create_handover(
        session,
        actor,
        dossier_id,
        ho.HandoverInput(
            HandoverKind.GCA_HUISARTS,
            receiver=ContactInfo(
                "Huisartsenpraktijk De Linde", "J. Bakker", "030-1234567", "praktijk@voorbeeld.invalid"
            ),
        ),
    )


def test_status_moves_one_step_at_a_time_and_keeps_who_and_when(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST, login="consulent-zeist")
    dossier = family(session, zeist)
    h = _gp(session, zeist, dossier.id)
    assert h.status is S.TE_DOEN and h.next_statuses == (S.AANGEVRAAGD, S.GEWEIGERD, S.INGETROKKEN)
    h = ho.record_consent(
        session, zeist, h.id, h.version, ConsentStatus.GEGEVEN, on=date(2017, 3, 1), method=IN_PERSON
    )
    for skip in (S.VERZONDEN, S.ONTVANGEN, S.AFGEROND):
        with pytest.raises(ValidationError, match="geen stappen overslaan"):
            ho.change_status(session, zeist, h.id, h.version, skip)
    with pytest.raises(ValidationError, match="reden van de weigering"):
        ho.change_status(session, zeist, h.id, h.version, S.GEWEIGERD)

    stale = h.version
    for step in (S.AANGEVRAAGD, S.VERZONDEN):
        h = ho.change_status(session, zeist, h.id, h.version, step)
    h = ho.record_receipt(session, zeist, h.id, h.version, Receipt("J. Bakker", TODAY))
    with pytest.raises(ConflictError):
        ho.change_status(session, zeist, h.id, stale, S.AFGEROND)
    assert [(c.to_status, c.by_login) for c in h.history] == [
        (S.TE_DOEN, zeist.login),
        (S.AANGEVRAAGD, zeist.login),
        (S.VERZONDEN, zeist.login),
        (S.ONTVANGEN, zeist.login),
    ]
    assert [c.from_status for c in h.history] == [None, S.TE_DOEN, S.AANGEVRAAGD, S.VERZONDEN]
    assert all(c.at.tzinfo is not None for c in h.history) and h.status_changed_by == "Test Gebruiker"
    assert not any(c.without_consent for c in h.history)

    # Reaching "verzonden" and "ontvangen" ticked their checklist items; the rest is still open.
    done = {c.key: (c.done, c.done_by) for c in h.checks}
    assert done["dossier_verzonden"] == (True, "Test Gebruiker") and done["ontvangst_bevestigd"][0]
    with pytest.raises(ValidationError, match="Huisarts gekozen en cliënt ingeschreven"):
        ho.change_status(session, zeist, h.id, h.version, S.AFGEROND)
    for check in [c for c in h.checks if not c.done]:
        h = ho.tick_check(session, zeist, check.id, check.version, True, on=date(2017, 3, 2))
    assert {c.done_on for c in h.checks if c.key == "verzoek_ondertekend"} == {date(2017, 3, 2)}
    h = ho.change_status(session, zeist, h.id, h.version, S.AFGEROND)
    assert h.next_statuses == ()
    with pytest.raises(ValidationError, match="ligt vast"):
        ho.change_status(session, zeist, h.id, h.version, S.INGETROKKEN)
    with pytest.raises(ValidationError, match="afgerond"):
        ho.record_consent(
            session, zeist, h.id, h.version, ConsentStatus.GEWEIGERD, on=TODAY, method=IN_PERSON
        )


def test_refusal_needs_a_reason_and_withdrawal_is_possible_until_closed(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    gp = _gp(session, zeist, dossier.id)
    refused = ho.change_status(
        session, zeist, gp.id, gp.version, S.GEWEIGERD, reason="Cliënt kiest zelf later een huisarts"
    )
    assert refused.status_reason == "Cliënt kiest zelf later een huisarts"
    vwn = ho.create_handover(session, zeist, dossier.id, ho.HandoverInput(HandoverKind.VWN_MB))
    vwn = ho.change_status(session, zeist, vwn.id, vwn.version, S.AANGEVRAAGD)
    vwn = ho.change_status(
        session, zeist, vwn.id, vwn.version, S.INGETROKKEN, reason="Verhuist buiten de regio"
    )
    timeline = ds.get_dossier(session, zeist, dossier.id).timeline
    assert timeline[0].kind is TimelineKind.MIJLPAAL  # the last running handover closed
    assert timeline[1].text == (
        "Overdracht Vluchtelingenwerk → maatschappelijke begeleiding: Aangevraagd → Ingetrokken "
        "(reden: Verhuist buiten de regio)."
    )


def test_sending_without_consent_is_refused_unless_overridden_with_a_logged_reason(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    dossier = family(session, zeist)
    h = _gp(session, zeist, dossier.id)
    h = ho.change_status(session, zeist, h.id, h.version, S.AANGEVRAAGD)
    assert h.consent_missing
    with pytest.raises(UserError, match="geen toestemming van de cliënt vastgelegd"):
        ho.change_status(session, zeist, h.id, h.version, S.VERZONDEN)
    h = ho.record_consent(
        session, zeist, h.id, h.version, ConsentStatus.GEWEIGERD, on=date(2017, 3, 1), method=IN_PERSON
    )
    with pytest.raises(UserError, match="geen toestemming gegeven"):
        ho.change_status(session, zeist, h.id, h.version, S.VERZONDEN, override_reason="   ")
    assert ho.get_handover(session, zeist, h.id).status is S.AANGEVRAAGD

    start = last_log_id(session)
    reason = "Dringend: cliënt is opgenomen, huisarts moet medicatieoverzicht hebben"
    h = ho.change_status(session, zeist, h.id, h.version, S.VERZONDEN, override_reason=reason)
    assert h.status is S.VERZONDEN
    assert (h.override_reason, h.override_by) == (reason, "Test Gebruiker") and h.override_at is not None
    assert h.history[-1].without_consent and h.history[-1].reason == reason
    [entry] = [r for r in log_rows(session, start) if r.action is Action.UPDATE]
    assert entry.object_type == "overdracht" and entry.object_id == str(h.id) and entry.result == "ok"
    assert "zonder toestemming" in entry.detail and reason in entry.detail
    assert (
        "zonder toestemming, reden: " + reason in ds.get_dossier(session, zeist, dossier.id).timeline[0].text
    )


def test_consent_given_lets_the_handover_go_and_records_who_and_scope(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    h = _gp(session, zeist, dossier.id)
    with pytest.raises(ValidationError, match="toekomst"):
        ho.record_consent(
            session, zeist, h.id, h.version, ConsentStatus.GEGEVEN, on=date(2999, 1, 1), method=IN_PERSON
        )
    h = ho.record_consent(
        session, zeist, h.id, h.version, ConsentStatus.GEGEVEN, on=date(2017, 3, 1), method=IN_PERSON
    )
    assert (h.consent, h.consent_on, h.consent_recorded_by) == (
        ConsentStatus.GEGEVEN,
        date(2017, 3, 1),
        "Test Gebruiker",
    )
    assert "huisarts" in h.consent_scope and not h.consent_missing
    h = ho.change_status(session, zeist, h.id, h.version, S.AANGEVRAAGD)
    h = ho.change_status(session, zeist, h.id, h.version, S.VERZONDEN)
    assert h.override_reason is None and not h.history[-1].without_consent


def test_due_dates_follow_the_moving_date_unless_set_by_hand(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist, linked_on=date(2017, 2, 1))
    gp = _gp(session, zeist, dossier.id)
    assert gp.due_on == date(2017, 5, 10)  # no moving date yet: 12 weeks after linking + 14 days
    assert gp.due_rule == "14 dagen na de verhuisdatum"
    child = next(m for m in dossier.members if m.role is MemberRole.KIND)
    jgz = ho.create_handover(
        session, zeist, dossier.id, ho.HandoverInput(HandoverKind.JGZ, member_id=child.id)
    )
    signal = ho.create_handover(
        session,
        zeist,
        dossier.id,
        ho.HandoverInput(
            HandoverKind.RISK_SIGNAL,
            risk_category=RiskCategory.SCHULDEN,
            risk_urgency=RiskUrgency.HOOG,
            risk_receiver=RiskReceiver.WIJKTEAM,
            follow_up_owner="Wijkteam Zeist-Oost",
            due_on=date(2017, 3, 15),
        ),
    )
    ds.update_dossier(
        session,
        zeist,
        dossier.id,
        ds.get_dossier(session, zeist, dossier.id).version,
        ds.DossierChanges(date(2017, 4, 1), "Lindelaan 3", 0),
    )
    after = {h.id: h for h in ho.list_handovers(session, zeist, dossier.id)}
    assert after[gp.id].due_on == date(2017, 4, 15)
    assert after[jgz.id].due_on == date(2017, 4, 29) and after[jgz.id].member_name == "Elif Özdemir"
    assert after[signal.id].due_on == date(2017, 3, 15) and after[signal.id].due_set_by_hand


def test_kind_specific_rules(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(
        session, zeist, children=(("Elif Özdemir", date(2012, 5, 4)), ("Can Özdemir", date(2015, 1, 2)))
    )
    head = dossier.members[0]
    with pytest.raises(ValidationError) as jgz:
        ho.create_handover(session, zeist, dossier.id, ho.HandoverInput(HandoverKind.JGZ, member_id=head.id))
    assert "kind" in jgz.value.fields["member_id"]
    with pytest.raises(ValidationError) as risk:
        ho.create_handover(
            session, zeist, dossier.id, ho.HandoverInput(HandoverKind.RISK_SIGNAL, note="x" * 301)
        )
    assert set(risk.value.fields) == {"risk_category", "risk_urgency", "risk_receiver", "note"}
    assert "geen medische details" in risk.value.fields["note"]
    with pytest.raises(ValidationError) as contact:
        ho.create_handover(
            session,
            zeist,
            dossier.id,
            ho.HandoverInput(
                HandoverKind.VWN_MB, receiver=ContactInfo("VWN", email="geen-adres", phone="bel maar")
            ),
        )
    assert set(contact.value.fields) == {"receiver_email", "receiver_phone"}

    made = ho.create_standard_handovers(session, zeist, dossier.id)
    assert sorted((h.kind.value, h.member_name) for h in made) == [
        ("gca_huisarts", ""),
        ("jgz", "Can Özdemir"),
        ("jgz", "Elif Özdemir"),
        ("vwn_mb", ""),
    ]
    assert made[0].sender.organisation == "Gezondheidscentrum Asielzoekers (GCA)"
    assert ho.create_standard_handovers(session, zeist, dossier.id) == []  # nothing twice
    with pytest.raises(ValidationError, match="Er loopt al een overdracht"):
        _gp(session, zeist, dossier.id)


def test_other_gemeente_cannot_touch_a_handover(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    h = _gp(session, zeist, family(session, zeist).id)
    start = last_log_id(session)
    with pytest.raises(PermissionDenied):
        ho.get_handover(session, bunnik, h.id)
    with pytest.raises(PermissionDenied):
        ho.record_consent(session, bunnik, h.id, h.version, ConsentStatus.GEGEVEN, on=TODAY, method=IN_PERSON)
    assert [(r.action, r.object_type, r.result) for r in log_rows(session, start)] == [
        (Action.READ, "overdracht", "denied"),
        (Action.UPDATE, "overdracht", "denied"),
    ]
    assert ho.get_handover(session, zeist, h.id).consent is ConsentStatus.NIET_GEVRAAGD


def test_dossier_follows_the_household_when_a_swap_is_agreed(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    k = koppeling(session, BUNNIK, date(2017, 2, 1), 7)
    dossier = ds.create_dossier_from_koppeling(session, bunnik, k.id)
    assert dossier.gemeente_code == BUNNIK

    proposal = swaps.propose_swap(
        session, bunnik, host_code=ZEIST, owner_code=BUNNIK, persons=0, period=P1, koppeling_id=k.id
    )
    assert ds.get_dossier(session, bunnik, dossier.id).gemeente_code == BUNNIK  # not before both agree
    start = last_log_id(session)
    swaps.accept_swap(session, zeist, proposal.id)

    moved = ds.get_dossier(session, zeist, dossier.id)
    assert moved.gemeente_code == ZEIST
    assert moved.timeline[0].kind is TimelineKind.VERPLAATST
    assert moved.timeline[0].text == f"Dossier overgedragen van Bunnik naar Zeist (uitruil {proposal.id})."
    assert moved.timeline[0].by_login == zeist.login
    logged = [r for r in log_rows(session, start) if r.object_type == "dossier" and r.action is Action.UPDATE]
    assert len(logged) == 1 and "van Bunnik naar Zeist" in logged[0].detail
    with pytest.raises(PermissionDenied):
        ds.get_dossier(session, bunnik, dossier.id)
    assert [r.id for r in ds.list_dossiers(session, zeist)[0]] == [dossier.id]
    assert ds.list_dossiers(session, bunnik)[1] == 0


def test_last_handover_closed_marks_the_milestone(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist, children=())
    h = ho.create_handover(session, zeist, dossier.id, ho.HandoverInput(HandoverKind.VWN_MB))
    ho.change_status(session, zeist, h.id, h.version, S.INGETROKKEN, today=date(2017, 5, 1))
    detail = ds.get_dossier(session, zeist, dossier.id)
    assert detail.milestone(MilestoneKind.OVERDRACHTEN_AFGEROND).done_on == date(2017, 5, 1)
