"""Demo data of the directory: about 150 initiatives over the 16 municipalities that keep the rules
of the service, some to check and some possibly stale, and referrals in every status whose
follow-ups show."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from datetime import date

from sqlalchemy import func, select

from app.db.models import (
    Dossier,
    DossierMember,
    Gemeente,
    Initiative,
    Referral,
    ReferralMember,
    ReferralStatusChange,
)
from app.db.session import Database
from app.demo.fill import fill_demo
from app.domain.directory import (
    FollowUp,
    Freshness,
    InitiativeFilter,
    InitiativeStatus,
    ReferralStatus,
    codes_of,
    follow_up,
    freshness,
)
from app.domain.handover import ConsentStatus
from app.services.access import Actor
from app.services.directory import initiatives as di
from app.services.directory.search import search_initiatives
from app.services.users import sign_in

TODAY = date(2026, 11, 23)


def test_demo_directory_is_realistic_and_closes_the_loop(fresh_database: Database) -> None:
    with fresh_database.unit_of_work() as s:
        report = fill_demo(s, Actor.system_actor("demo"), login="tester", today=TODAY)
    assert 130 <= report["initiatieven"] <= 170 and report["doorverwijzingen"] >= 60
    with fresh_database.unit_of_work() as s:
        rows = list(s.scalars(select(Initiative)))
        owners = Counter(r.gemeente_id for r in rows)
        assert len(owners) == 16 == s.scalar(select(func.count()).select_from(Gemeente))
        utrecht = s.scalar(select(Gemeente.id).where(Gemeente.cbs_code == "GM0344"))
        assert owners.most_common(1)[0][0] == utrecht  # more where more people live
        # Every entry passes the service's own validation, so editing one in the GUI just works.
        for r in rows:
            values = {f.name: getattr(r, f.name) for f in fields(di.InitiativeInput)}
            for name in ("target_groups", "languages", "gemeenten"):
                values[name] = codes_of(values[name])
            assert di.validate(s, di.InitiativeInput(**values)) == {}, r.name
            assert r.contact_email.endswith(".example.nl")
        fresh = Counter(freshness(r.checked_on, r.entered_on, TODAY) for r in rows)
        assert fresh[Freshness.OK] > len(rows) / 2
        assert fresh[Freshness.TE_CONTROLEREN] >= 10 and fresh[Freshness.MOGELIJK_VEROUDERD] >= 5
        assert {r.status for r in rows} == set(InitiativeStatus)
        assert sum(r.open_to_region for r in rows) >= 8
        youth = [r for r in rows if "jongeren" in r.target_groups or "jeugd" in r.target_groups]
        assert youth and all(r.min_age is not None and r.max_age is not None for r in youth)
        spoken = Counter(code for r in rows for code in codes_of(r.languages))
        assert spoken["ar"] >= 10 and spoken["ti"] >= 5 and any(r.languages == "nl" for r in rows)
        assert any(r.via_interpreter for r in rows) and any(r.waiting_list for r in rows)
        assert any(r.by_appointment for r in rows) and any(r.online for r in rows)

        referrals = list(s.scalars(select(Referral)))
        assert {r.status for r in referrals} == set(ReferralStatus)
        assert all(r.consent is ConsentStatus.GEGEVEN and r.consent_on for r in referrals)
        assert all((r.reason is not None) == r.status.ended for r in referrals)
        asks = Counter(follow_up(r.status, r.last_news_on, TODAY) for r in referrals)
        assert asks[FollowUp.NO_NEWS] >= 3 and asks[FollowUp.STILL_RUNNING] >= 3
        assert any(
            r.referred_by == "tester" and follow_up(r.status, r.last_news_on, TODAY) for r in referrals
        )
        # The members referred belong to the referral's own dossier, and its history ends where it stands.
        stray = s.scalar(
            select(func.count())
            .select_from(ReferralMember)
            .join(Referral, Referral.id == ReferralMember.referral_id)
            .join(DossierMember, DossierMember.id == ReferralMember.member_id)
            .where(DossierMember.dossier_id != Referral.dossier_id)
        )
        assert stray == 0
        last = dict(
            s.execute(
                select(ReferralStatusChange.referral_id, ReferralStatusChange.to_status).order_by(
                    ReferralStatusChange.on, ReferralStatusChange.id
                )
            ).all()
        )
        assert all(last[r.id] is r.status for r in referrals)
        # The last piece of news is never in the future, and a referral is never proposed before the
        # household was linked.
        assert all(r.proposed_on <= r.last_news_on <= TODAY for r in referrals)
        early = s.scalar(
            select(func.count())
            .select_from(Referral)
            .join(Dossier, Dossier.id == Referral.dossier_id)
            .where(Referral.proposed_on < Dossier.linked_on)
        )
        assert early == 0

    with fresh_database.unit_of_work() as s:
        tester = sign_in(s, "tester")
        hits = search_initiatives(
            s, tester, InitiativeFilter(gemeente="GM0344", languages=frozenset({"ar"})), TODAY
        )
        assert hits and all("ar" in h.languages for h in hits)
