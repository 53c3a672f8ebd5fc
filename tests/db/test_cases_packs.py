"""Handover packs from the database: consent enforced, every print in the access log, only what
the receiver needs in the pack, and the batch of packs due this week."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.db.models import Handover
from app.domain.case_dossier import TimelineKind
from app.domain.handover import (
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
)
from app.domain.roles import Action, Role
from app.errors import PermissionDenied, UserError
from app.io.pdf.pack_model import Letterhead
from app.services.cases import dossiers as ds
from app.services.cases import handovers as ho
from app.services.cases import members as dm
from app.services.cases import packs
from app.services.cases.views import ContactInfo
from tests.db.case_fixtures import BSN_A, BUNNIK, ZEIST, family, last_log_id, log_rows

LETTERHEAD = Letterhead("Gemeente Zeist", "Postbus 513\n3700 AM Zeist")


def _gp(session: Session, actor, dossier_id: int, consent: ConsentStatus | None = None):  # type: ignore[no-untyped-def]
    h = ho.create_handover(
        session,
        actor,
        dossier_id,
        ho.HandoverInput(
            HandoverKind.GCA_HUISARTS, receiver=ContactInfo("Huisartsenpraktijk De Linde", "J. Bakker")
        ),
    )
    if consent is not None:
        h = ho.record_consent(
            session, actor, h.id, h.version, consent, on=date(2017, 3, 1), method=ConsentMethod.IN_PERSON
        )
    return h


def test_pack_without_consent_is_refused_and_an_override_is_stored_and_logged(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    h = _gp(session, zeist, dossier.id)
    start = last_log_id(session)
    with pytest.raises(UserError, match="geen toestemming van de cliënt vastgelegd"):
        packs.build_pack(session, zeist, h.id, letterhead=LETTERHEAD)
    with pytest.raises(UserError, match="toestemming"):
        packs.print_pack(session, zeist, h.id, io.BytesIO(), override_reason="  ", letterhead=LETTERHEAD)
    assert [r for r in log_rows(session, start) if r.action is Action.PRINT] == []

    reason = "Cliënt tijdelijk onbereikbaar, huisarts moet vóór de verhuizing inschrijven"
    pack = packs.build_pack(session, zeist, h.id, override_reason=reason, letterhead=LETTERHEAD)
    assert pack.consent.override_reason == reason and not pack.consent.given
    stored = session.get(Handover, h.id)
    assert (stored.override_reason, stored.override_by) == (reason, "Test Gebruiker")
    [printed] = [r for r in log_rows(session, start) if r.action is Action.PRINT]
    assert (printed.object_type, printed.object_id, printed.result, printed.actor_login) == (
        "overdracht",
        str(h.id),
        "ok",
        zeist.login,
    )
    assert reason in printed.detail and "zonder toestemming" in printed.detail
    event = ds.get_dossier(session, zeist, dossier.id).timeline[0]
    assert event.kind is TimelineKind.AFDRUK and reason in event.text


def test_printing_a_pack_writes_a_pdf_and_one_print_row(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    h = _gp(session, zeist, dossier.id, ConsentStatus.GEGEVEN)
    start = last_log_id(session)
    target = tmp_path / "pakket.pdf"
    pages = packs.print_pack(session, zeist, h.id, target, letterhead=LETTERHEAD)
    assert pages >= 3 and target.read_bytes().startswith(b"%PDF")
    rows = log_rows(session, start)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [(Action.PRINT, "overdracht", str(h.id))]

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Ayşe Özdemir" in text and "Huisartsenpraktijk De Linde" in text


def test_each_receiver_gets_only_what_it_needs(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(
        session, zeist, children=(("Elif Özdemir", date(2012, 5, 4)), ("Can Özdemir", date(2015, 1, 2)))
    )
    head = dossier.members[0]
    dm.update_member(
        session, zeist, head.id, head.version,
        dm.MemberInput(name=head.name, bsn=BSN_A, v_nummer=head.v_nummer or "", name_arabic="عائشة"),
    )  # fmt: skip
    ds.update_dossier(session, zeist, dossier.id, ds.get_dossier(session, zeist, dossier.id).version,
                      ds.DossierChanges(date(2017, 4, 3), "Lindelaan 3\n3701 AB Zeist", 2))  # fmt: skip
    elif_ = next(m for m in dossier.members if m.name == "Elif Özdemir")

    gp = packs.build_pack(
        session, zeist, _gp(session, zeist, dossier.id, ConsentStatus.GEGEVEN).id, letterhead=LETTERHEAD
    )
    assert [m.name for m in gp.members] == ["Ayşe Özdemir", "Mehmet Özdemir", "Elif Özdemir", "Can Özdemir"]
    assert gp.members[0].name_arabic == "عائشة" and gp.members[0].role == "Hoofdaanvrager"
    assert gp.extra["Verwachte nareizigers"] == "2" and gp.moving_date == date(2017, 4, 3)
    assert gp.due_date == date(2017, 4, 17) and gp.address_after_move.startswith("Lindelaan 3")
    assert BSN_A not in repr(gp)  # a BSN is not what a GP pack needs
    assert gp.checklist[0].text == "Huisarts gekozen en cliënt ingeschreven"

    jgz = ho.create_handover(
        session, zeist, dossier.id, ho.HandoverInput(HandoverKind.JGZ, member_id=elif_.id)
    )
    jgz = ho.record_consent(
        session,
        zeist,
        jgz.id,
        jgz.version,
        ConsentStatus.GEGEVEN,
        on=date(2017, 3, 1),
        method=ConsentMethod.IN_PERSON,
    )
    pack = packs.build_pack(session, zeist, jgz.id, letterhead=LETTERHEAD)
    assert [m.name for m in pack.members] == ["Elif Özdemir"]
    assert pack.extra["Ouder(s) of verzorger(s)"] == "Ayşe Özdemir, Mehmet Özdemir"

    signal = ho.create_handover(
        session,
        zeist,
        dossier.id,
        ho.HandoverInput(
            HandoverKind.RISK_SIGNAL,
            risk_category=RiskCategory.PSYCHISCH,
            risk_urgency=RiskUrgency.HOOG,
            risk_receiver=RiskReceiver.WIJKTEAM,
            follow_up_owner="Wijkteam Zeist-West",
            follow_up_on=date(2017, 4, 10),
            note="Liefst bellen na 14:00; tolk Turks",
        ),
    )
    signal = ho.record_consent(
        session,
        zeist,
        signal.id,
        signal.version,
        ConsentStatus.GEGEVEN,
        on=date(2017, 3, 1),
        method=ConsentMethod.IN_PERSON,
    )
    pack = packs.build_pack(session, zeist, signal.id, letterhead=LETTERHEAD)
    assert [m.name for m in pack.members] == ["Ayşe Özdemir"]
    assert (pack.risk_signal.category, pack.risk_signal.urgency, pack.risk_signal.follow_up_owner) == (
        "Psychisch",
        "Hoog",
        "Wijkteam Zeist-West",
    )
    assert pack.extra["Signaal bestemd voor"] == "Wijkteam"
    assert pack.notes == "Liefst bellen na 14:00; tolk Turks"
    assert pack.title == "Warme overdracht Risicosignaal COA → gemeente"


def test_other_gemeente_cannot_print(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    h = _gp(session, zeist, family(session, zeist).id, ConsentStatus.GEGEVEN)
    start = last_log_id(session)
    with pytest.raises(PermissionDenied):
        packs.print_pack(session, bunnik, h.id, io.BytesIO(), letterhead=LETTERHEAD)
    assert [(r.action, r.result, r.actor_login) for r in log_rows(session, start)] == [
        (Action.PRINT, "denied", bunnik.login)
    ]


def test_batch_prints_what_is_due_this_week_and_skips_what_lacks_consent(
    session: Session, make_actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    today = date.today()
    ready = [
        family(session, zeist, head=name, partner=None, children=())
        for name in ("Şahin Yılmaz", "Nuñez Carmen")
    ]
    blocked = family(session, zeist, head="Ghebreyesús Tesfay", partner=None, children=())
    ids = []
    for d in ready:
        h = ho.create_handover(session, zeist, d.id, ho.HandoverInput(HandoverKind.VWN_MB, due_on=today))
        ids.append(
            ho.record_consent(
                session,
                zeist,
                h.id,
                h.version,
                ConsentStatus.GEGEVEN,
                on=date(2017, 3, 1),
                method=ConsentMethod.IN_PERSON,
            ).id
        )
    late = ho.create_handover(
        session,
        zeist,
        ready[0].id,
        ho.HandoverInput(HandoverKind.GCA_HUISARTS, due_on=today - timedelta(days=30)),
    )
    refused = ho.create_handover(
        session, zeist, blocked.id, ho.HandoverInput(HandoverKind.VWN_MB, due_on=today)
    )
    assert [d.printable for d in packs.due_packs(session, zeist)] == [True, True, False]

    seen: list[tuple[float, str]] = []
    start = last_log_id(session)
    result = packs.print_packs_due(
        session,
        zeist,
        tmp_path / "deze week",
        letterhead=LETTERHEAD,
        progress=lambda f, t: seen.append((f, t)),
    )
    assert sorted(result.printed) == sorted(ids) and late.id not in result.printed
    assert result.skipped == ((refused.id, "geen toestemming (niet gevraagd)"),)
    assert len(result.written) == 2 and all(p.exists() and p.suffix == ".pdf" for p in result.written)
    assert seen[0][0] == 0.0 and seen[-1] == (1.0, "2 overdrachtspakketten gemaakt")
    prints = [r for r in log_rows(session, start) if r.action is Action.PRINT]
    assert sorted(int(r.object_id) for r in prints) == sorted(ids)

    stopped = packs.print_packs(
        session, zeist, ids, tmp_path / "gestopt", letterhead=LETTERHEAD, cancelled=lambda: True
    )
    assert stopped.cancelled and stopped.written == ()
