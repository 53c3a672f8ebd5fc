"""Search input on both databases: LIKE wildcards are literal, control characters are refused with
a Dutch message before they reach the database, and a BSN is normalised and checked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import DossierMember
from app.domain.case_dossier import MemberRole
from app.domain.identifiers import IdentifierError, normalize_bsn
from app.domain.roles import Role
from app.errors import ValidationError
from app.services import audit
from app.services.board import dwellings as dw
from app.services.board import koppelingen as kp
from app.services.cases import dossiers as ds
from app.services.cases import members as dm
from app.services.cases import worklists as wl
from app.services.cases.queries import koppelingen_without_dossier
from tests.db.board_fixtures import dwelling, koppeling
from tests.db.case_fixtures import ZEIST, family

D = date(2017, 3, 1)


def test_percent_and_underscore_match_only_themselves(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    plain = koppeling(session, ZEIST, D, 2, azc_location="Zeist abc")
    percent = koppeling(session, ZEIST, D, 2, azc_location="Zeist 100% vol")
    under = koppeling(session, ZEIST, D, 2, azc_location="Zeist_noord")
    dwelling(session, ZEIST, 2, 4, D, address="Dorpsstraat 1")
    d_percent = dwelling(session, ZEIST, 2, 4, D, address="Laan 50%")
    d_under = dwelling(session, ZEIST, 2, 4, D, address="Laan_3")

    def koppelingen(text: str) -> set[int]:
        rows, _ = kp.list_koppelingen(session, actor, kp.KoppelingFilter(text=text))
        return {r.id for r in rows}

    def woningen(text: str) -> set[int]:
        rows, _ = dw.list_dwellings(session, actor, dw.DwellingFilter(text=text))
        return {r.id for r in rows}

    assert koppelingen("%") == {percent.id}
    assert koppelingen("_") == {under.id}
    assert koppelingen("zeist") >= {plain.id, percent.id, under.id}
    assert koppelingen("/") == set() and koppelingen("\\") == set()
    assert woningen("%") == {d_percent.id}
    assert woningen("_") == {d_under.id}
    # The case register already escaped; it keeps doing so.
    choices = {c.id for c in koppelingen_without_dossier(session, actor, text="%")}
    assert choices == {percent.id}


def test_percent_in_a_dossier_search(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    family(session, actor, head="Anna Jansen", partner=None, children=())
    odd = family(session, actor, head="Bram_100%", partner=None, children=())
    for text in ("%", "_", "0%"):
        rows, total = ds.list_dossiers(session, actor, ds.DossierFilter(text=text))
        assert [r.id for r in rows] == [odd.id] and total == 1


SEARCHES = {
    "koppelingen": lambda s, a, t: kp.list_koppelingen(s, a, kp.KoppelingFilter(text=t)),
    "woningen": lambda s, a, t: dw.list_dwellings(s, a, dw.DwellingFilter(text=t)),
    "dossiers": lambda s, a, t: ds.list_dossiers(s, a, ds.DossierFilter(text=t)),
    "werklijst": lambda s, a, t: wl.list_worklist(s, a, wl.WorkListFilter(text=t)),
    "zonder dossier": lambda s, a, t: koppelingen_without_dossier(s, a, text=t),
}


@pytest.mark.parametrize("where", sorted(SEARCHES))
@pytest.mark.parametrize("text", ["abc\x00", "\x00", "a\x07b", "a\tb", "x\ud800"])
def test_control_characters_are_refused_in_dutch(session: Session, make_actor, where: str, text: str) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    with pytest.raises(ValidationError, match="stuurteken"):
        SEARCHES[where](session, actor, text)
    # The session is still usable: nothing reached the database.
    SEARCHES[where](session, actor, "  gewoon\n")


def test_control_characters_refused_in_the_access_log_search(session: Session, system_actor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="stuurteken"):
        audit.list_access_log(session, system_actor, login="a\x00")


def test_fullwidth_bsn_is_stored_in_ascii_digits(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    detail = family(session, actor, partner=None, children=())
    info = dm.add_member(
        session,
        actor,
        detail.id,
        dm.MemberInput(name="Kees", role=MemberRole.PARTNER, bsn="１２３４５６７８２"),
    )
    stored = session.scalar(select(DossierMember.bsn).where(DossierMember.id == info.id))
    assert stored == "123456782"
    # The same BSN typed another way is the same person.
    with pytest.raises(ValidationError) as exc:
        dm.add_member(
            session, actor, detail.id, dm.MemberInput(name="Kees 2", role=MemberRole.KIND, bsn="1234.56.782")
        )
    assert "al geregistreerd" in exc.value.fields["bsn"]
    with pytest.raises(ValidationError) as exc:
        dm.add_member(session, actor, detail.id, dm.MemberInput(name="Kort", role=MemberRole.KIND, bsn="12"))
    assert "9 cijfers" in exc.value.fields["bsn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123456782", "123456782"),
        ("１２３４５６７８２", "123456782"),
        ("1234 56 782", "123456782"),
        ("1234.56.782", "123456782"),
        ("12345672", "012345672"),  # 8 digits: an old number, a leading zero added
        ("\u3000123456782 ", "123456782"),  # an ideographic space
    ],
)
def test_bsn_normalised(text: str, expected: str) -> None:
    assert normalize_bsn(text) == expected


@pytest.mark.parametrize("text", ["12", "1234567", "1234567820", "12345678a", "١٢٣٤٥٦٧٨٢", "123456781"])
def test_bsn_refused(text: str) -> None:
    with pytest.raises(IdentifierError):
        normalize_bsn(text)
