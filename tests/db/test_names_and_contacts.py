"""Names instead of logins, and the phone numbers and e-mail a pack gives the client (issue 17):
lists show "Petra de Vries", not "cp-lopik"; a login without a user row is "Systeem" or itself,
never None; users and municipalities keep a checked phone number and e-mail; the pack's "Wie kunt
u bellen?" shows them. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import BoardPost, Gemeente, PostKind
from app.domain.contact import email_problem, phone_problem
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind
from app.domain.roles import Role
from app.errors import PermissionDenied, ValidationError
from app.io.pdf.pack_model import Letterhead
from app.services import people, region, users
from app.services.board import posts
from app.services.cases import handovers as ho
from app.services.cases import packs
from app.services.cases.views import ContactInfo
from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist
from tests.db.case_fixtures import ZEIST, family


def _named(session: Session, make_actor, role: Role, name: str, code: str | None = ZEIST):  # type: ignore[no-untyped-def]
    actor = make_actor(role, cbs_code=code)
    user = session.scalar(select(users.User).where(users.User.login == actor.login))
    user.name = name
    session.flush()
    return users.actor_for(user)


def test_a_login_becomes_the_users_name_and_never_none(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    petra = _named(session, make_actor, Role.CONTACTPERSOON, "Petra de Vries")
    assert people.person_name(session, petra.login) == "Petra de Vries"
    assert people.person_name(session, petra.login.upper()) == "Petra de Vries"  # logins ignore case
    assert people.person_name(session, "root") == "Systeem"
    assert people.person_name(session, "oud-account") == "oud-account"  # no user row: the login itself
    assert people.person_name(session, None) == ""
    assert people.actor_display(petra) == "Petra de Vries"
    assert people.actor_display(users.Actor.system_actor("import")) == "Systeem"


def test_the_board_shows_who_posted_by_name(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    petra = _named(session, make_actor, Role.CONTACTPERSOON, "Petra de Vries")
    post = posts.create_post(
        session, petra, kind=PostKind.WONING_BESCHIKBAAR, persons=4, text="Eengezinswoning"
    )
    assert post.posted_by == petra.login and post.posted_by_name == "Petra de Vries"
    stored = session.get(BoardPost, post.id)
    assert stored is not None and stored.posted_by == petra.login  # the audit keeps the login
    listed = [p for p in posts.list_posts(session, petra) if p.id == post.id]
    assert listed[0].posted_by_name == "Petra de Vries"


def test_a_handover_owner_is_shown_by_name(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    karin = _named(session, make_actor, Role.CONSULENT, "Karin Smit")
    dossier = family(session, karin)
    h = ho.create_handover(
        session,
        karin,
        dossier.id,
        ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("Praktijk")),
    )
    assert h.assigned_to == karin.login and h.owner_name == "Karin Smit"
    rows, _total = list_worklist(session, karin, WorkListFilter(WorkList.OPEN, gemeente_code=ZEIST))
    assert {r.assigned_to_name for r in rows if r.handover_id == h.id} == {"Karin Smit"}


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("030 286 00 00", True), ("+31 6 12345678", True), ("14 030", True), ("0800-1234", True),
     ("", True), ("bel mij", False), ("12345", False), ("06 123", False), ("+31 6 1234 5678 9999 99", False)],
)  # fmt: skip
def test_phone_numbers_are_checked_with_a_dutch_message(phone: str, ok: bool) -> None:
    problem = phone_problem(phone)
    assert (problem is None) is ok
    if problem:
        assert "telefoonnummer" in problem


def test_email_is_checked() -> None:
    assert email_problem("info@houten.nl") is None and email_problem("") is None
    assert email_problem("info@houten") == "Vul een e-mailadres in zoals naam@gemeente.nl."


def test_a_beheerder_gives_a_user_a_phone_number(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    target = make_actor(Role.CONTACTPERSOON)
    info = users.find_user(session, beheer, target.login)
    with pytest.raises(ValidationError, match="telefoonnummer") as caught:
        users.update_user(session, beheer, info.id, info.version, phone="bel mij")
    assert caught.value.fields == {"phone": caught.value.fields["phone"]}
    saved = users.update_user(session, beheer, info.id, info.version, phone=" 030 123 45 67 ")
    assert saved.phone == "030 123 45 67"


def test_the_regio_coordinator_sets_a_municipalitys_contact_and_a_contactpersoon_cannot(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    zeist = session.scalar(select(Gemeente).where(Gemeente.cbs_code == ZEIST))
    assert zeist is not None
    cp = make_actor(Role.CONTACTPERSOON)
    with pytest.raises(PermissionDenied):
        region.update_gemeente_contact(session, cp, zeist.id, zeist.version, phone="14 030", email="")
    rc = make_actor(Role.REGIO_COORDINATOR)
    with pytest.raises(ValidationError, match="e-mailadres"):
        region.update_gemeente_contact(session, rc, zeist.id, zeist.version, phone="14 030", email="info")
    info = region.update_gemeente_contact(
        session, rc, zeist.id, zeist.version, phone="14 030", email="info@zeist.example"
    )
    assert (info.phone, info.email) == ("14 030", "info@zeist.example")


def test_the_pack_says_whom_to_call_with_phone_and_email(
    session: Session, make_actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    karin = _named(session, make_actor, Role.CONSULENT, "Karin Smit")
    user = session.scalar(select(users.User).where(users.User.login == karin.login))
    user.phone = "030 698 21 11"
    zeist = session.scalar(select(Gemeente).where(Gemeente.cbs_code == ZEIST))
    zeist.phone, zeist.email = "14 030", "info@zeist.example"
    session.flush()
    dossier = family(session, karin)
    h = ho.create_handover(
        session,
        karin,
        dossier.id,
        ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("Praktijk")),
    )
    ho.record_consent(
        session,
        karin,
        h.id,
        h.version,
        ConsentStatus.GEGEVEN,
        on=date(2017, 3, 1),
        method=ConsentMethod.IN_PERSON,
    )
    target = tmp_path / "pakket.pdf"
    packs.print_pack(session, karin, h.id, target, letterhead=Letterhead("Gemeente Zeist"))

    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(target).pages]
    summary = next(text for text in pages if "Wie kunt u bellen?" in text)
    call = " ".join(summary.split("Wie kunt u bellen?", 1)[1].split())
    assert "Karin Smit, tel. 030 698 21 11" in call
    assert "Algemeen nummer: 14 030" in call and "info@zeist.example" in call
    assert karin.login not in " ".join(pages)
