"""Demo data of the challenge planner (both backends): employers across the five subregions with
valid, obviously synthetic KvK numbers and example.nl contacts, past and upcoming challenges, pledges
of every kind, work profiles of adults, candidates at every step with consents and reasons, and this
year's targets naar rato — the same on every run."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from app.db.models import (
    Candidate,
    CandidateStatusChange,
    Challenge,
    ChallengeCheck,
    ChallengeTarget,
    DossierMember,
    Employer,
    EmployerContact,
    Gemeente,
    Pledge,
    WorkProfile,
)
from app.db.session import Database
from app.demo.fill import fill_demo
from app.domain.challenges import (
    WSP_REGIONS,
    CandidateStatus,
    ChallengeStatus,
    PlaceKind,
    StopReason,
    kvk_error,
    overdue,
    split_naar_rato,
    unfilled_flag,
    wsp_of,
)
from app.services.access import Actor
from app.services.challenges.dashboard import challenge_dashboard

TODAY = date(2026, 11, 23)


def test_demo_challenges_show_every_part_of_the_planner(fresh_database: Database) -> None:
    with fresh_database.unit_of_work() as s:
        report = fill_demo(s, Actor.system_actor("demo"), login="tester", today=TODAY)
    assert report["werkgevers"] >= 40 and report["kandidaten"] >= 60 and report["werkprofielen"] >= 200
    with fresh_database.unit_of_work() as s:
        codes = dict(s.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
        employers = list(s.scalars(select(Employer)))
        assert {e.wsp for e in employers} == set(WSP_REGIONS)
        assert all(e.wsp == wsp_of(codes[e.gemeente_id]) for e in employers)
        assert all(e.kvk and kvk_error(e.kvk) is None and e.kvk.startswith("99") for e in employers)
        assert len({e.name for e in employers}) == len(employers)
        contacts = list(s.scalars(select(EmployerContact)))
        assert contacts and all(c.email.endswith(".example.nl") for c in contacts)

        challenges = list(s.scalars(select(Challenge)))
        assert {c.status for c in challenges} == set(ChallengeStatus)
        assert any(c.held_on < TODAY for c in challenges) and any(c.held_on > TODAY for c in challenges)
        done = Counter(
            (cid, d) for cid, d in s.execute(select(ChallengeCheck.challenge_id, ChallengeCheck.done))
        )
        partly = [c for c in challenges if done[(c.id, True)] and done[(c.id, False)]]
        assert partly

        pledges = list(s.scalars(select(Pledge)))
        assert {p.kind for p in pledges} == set(PlaceKind)
        assert any(p.open_to_region and p.opened_to_region_on for p in pledges)
        held = {c.id: c.held_on for c in challenges}
        fills = Counter(c.pledge_id for c in s.scalars(select(Candidate)) if c.status.fills)
        assert all(fills[p.id] <= p.places for p in pledges)
        flagged = [
            p for p in pledges if unfilled_flag(held.get(p.challenge_id or -1), p.places, fills[p.id], TODAY)
        ]
        assert len(flagged) >= 3

        adult = date(TODAY.year - 18, TODAY.month, TODAY.day)
        births = dict(s.execute(select(DossierMember.id, DossierMember.birth_date)).all())
        profiles = list(s.scalars(select(WorkProfile)))
        assert len(profiles) >= 200 and all(births[p.member_id] <= adult for p in profiles)

        candidates = list(s.scalars(select(Candidate)))
        assert {c.status for c in candidates} == set(CandidateStatus)
        assert any(overdue(c.next_due, c.status, TODAY) for c in candidates)
        assert all((c.reason is not None) == (c.status is CandidateStatus.GESTOPT) for c in candidates)
        assert all(c.reason_text for c in candidates if c.reason is StopReason.ANDERS)
        at_interview = [
            c for c in candidates if c.status in (CandidateStatus.GESPREK, CandidateStatus.AANGENOMEN)
        ]
        assert at_interview and all(c.candidate_consent_on and c.consulent_consent_on for c in at_interview)
        assert all(c.next_step for c in candidates if not c.status.ended)
        last = dict(
            s.execute(
                select(CandidateStatusChange.candidate_id, CandidateStatusChange.to_status).order_by(
                    CandidateStatusChange.on, CandidateStatusChange.id
                )
            ).all()
        )
        assert all(last[c.id] is c.status for c in candidates)
        stray = s.scalar(
            select(func.count())
            .select_from(Candidate)
            .join(DossierMember, DossierMember.id == Candidate.member_id)
            .where(DossierMember.dossier_id != Candidate.dossier_id)
        )
        assert stray == 0

        targets = {
            t.gemeente_id: t.places
            for t in s.scalars(select(ChallengeTarget).where(ChallengeTarget.year == TODAY.year))
        }
        people = dict(s.execute(select(Gemeente.id, Gemeente.population)).all())
        assert targets == {
            int(k): v
            for k, v in split_naar_rato(sum(targets.values()), {str(g): p for g, p in people.items()}).items()
        }
        board = challenge_dashboard(s, Actor.system_actor("t"), TODAY.year)
        assert board.total.pledged > 0 and board.total.completed > 0 and board.funnel[-1].reached > 0
