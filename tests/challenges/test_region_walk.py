"""Two municipalities, one walk through the services (both backends): Zeist (A) plans a challenge
and takes a pledge; six weeks on nothing is filled and A opens it to the region; Bunnik's (B)
consulent finds it on Vandaag and proposes a member of a Bunnik dossier. A then counts the candidate
(the place is taken) but never sees who it is: not in A's candidates, not in the anonymous list A
exports for the employer, not on A's Vandaag. Plain SQL as A's own login: tests/security/
test_challenge_region_walk_sql.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from app.db.session import Database
from app.domain.challenges import CandidateStatus
from app.domain.roles import Role
from app.errors import UserError
from app.services.challenges import candidates as cs
from app.services.challenges import pledges as sp
from app.services.challenges.anonymous import anonymous_rows, export_anonymous_list
from app.services.today import load_today
from app.services.today.challenges import FOR_REGION, UNFILLED
from tests.challenges.candidate_fixtures import profile
from tests.challenges.fixtures import DAY, challenge, employer, pledge
from tests.db.case_fixtures import family
from tests.directory.import_support import actor

ZEIST, BUNNIK = "GM0355", "GM0312"
NAME = "Samira Haddad"
LATER = DAY + timedelta(weeks=7)


def _items(db: Database, who: object, kind: str) -> list[str]:
    with db.unit_of_work() as s:
        data = load_today(s, who, today=LATER)  # type: ignore[arg-type]
        return [i.text for g in data.groups for i in g.items if i.kind == kind]


def test_b_proposes_its_own_candidate_for_a_s_pledge_and_a_never_sees_the_name(
    fresh_database: Database, tmp_path: Path
) -> None:
    db = fresh_database
    a = actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    b = actor(db, Role.CONSULENT, BUNNIK, "cons-bunnik")
    with db.unit_of_work() as s:
        made = challenge(s, a, ZEIST, held_on=DAY)
        p = pledge(s, a, ZEIST, employer(s, ZEIST).id, made.id, places=2)
        dossier = family(s, b, BUNNIK, head=NAME, partner=None, children=())
        member_id = dossier.members[0].id
        profile(s, b, member_id, experience_sectors="C", language_level="B1")
    # Before A opens it, B may not propose for A's pledge.
    with db.unit_of_work() as s, pytest.raises(UserError):
        cs.propose(s, b, p.id, member_id, next_step="Bellen", next_due=LATER, today=LATER)
    assert _items(db, a, UNFILLED) and not _items(db, b, FOR_REGION)
    with db.unit_of_work() as s:
        sp.open_to_region(s, a, p.id, p.version, LATER)
    assert _items(db, b, FOR_REGION) == [
        "Nieuw voor de hele regio: 2 werkervaringsplekken bij Bakkerij De Korenbloem (Zeist)"
    ]
    assert not _items(db, a, UNFILLED) and not _items(db, a, FOR_REGION)  # A's own is not announced to A
    with db.unit_of_work() as s:
        week = LATER + timedelta(days=7)
        c = cs.propose(s, b, p.id, member_id, next_step="Werkgever bellen", next_due=week, today=LATER)
        c = cs.record_consent(s, b, c.id, c.version, "kandidaat", on=LATER, today=LATER)
        c = cs.record_consent(s, b, c.id, c.version, "consulent", on=LATER, today=LATER)
        c = cs.move_candidate(s, b, c.id, c.version, CandidateStatus.TOESTEMMING, next_step="Voorstellen",
                              next_due=LATER + timedelta(days=7), today=LATER)  # fmt: skip
        c = cs.move_candidate(s, b, c.id, c.version, CandidateStatus.BIJ_WERKGEVER, next_step="Gesprek",
                              next_due=LATER + timedelta(days=7), today=LATER)  # fmt: skip
        c = cs.move_candidate(s, b, c.id, c.version, CandidateStatus.GESPREK, next_step="Uitslag vragen",
                              next_due=LATER + timedelta(days=7), today=LATER)  # fmt: skip
        c = cs.move_candidate(s, b, c.id, c.version, CandidateStatus.AANGENOMEN, next_step="Starten",
                              next_due=LATER + timedelta(days=14), today=LATER)  # fmt: skip
        assert [x.member_name for x in cs.challenge_candidates(s, b, made.id, today=LATER)] == [NAME]
    # A: the place counts as filled; who filled it is not A's to know.
    with db.unit_of_work() as s:
        assert sp.get_pledge(s, a, p.id, today=LATER).filled == 1
        assert cs.challenge_candidates(s, a, made.id, today=LATER) == []
        assert anonymous_rows(s, a, made.id, today=LATER) == []
        with pytest.raises(UserError):
            cs.get_candidate(s, a, c.id, today=LATER)
        export_anonymous_list(s, a, made.id, tmp_path / "voor-de-werkgever.xlsx")
    cells = [
        str(v) for ws in openpyxl.load_workbook(tmp_path / "voor-de-werkgever.xlsx").worksheets
        for row in ws.iter_rows(values_only=True) for v in row if v is not None
    ]  # fmt: skip
    assert not any(part in cell for cell in cells for part in NAME.split())
    with db.unit_of_work() as s:
        texts = [i.text for g in load_today(s, a, today=LATER).groups for i in g.items]
    assert not any(part in t for t in texts for part in NAME.split())
