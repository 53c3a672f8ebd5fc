"""The journey of each demo dossier: milestones, NOA parts, plan of action, handovers with their
checklists and status history, and the timeline — collected in memory, then written with one
Core executemany per table (see ``demo_cases``)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Insert, bindparam
from sqlalchemy.orm import Session

from app.db.models import (
    DossierEvent,
    DossierMember,
    Gemeente,
    Handover,
    HandoverCheck,
    HandoverStatusChange,
    Milestone,
    NoaRecord,
    PlanAction,
    PlanGoal,
)
from app.demo.fill import _person, _slug
from app.domain.case_dossier import ActionStatus, MemberRole, MilestoneKind, NoaPart, PlanDomain, TimelineKind
from app.domain.deadlines import move_in_deadline
from app.domain.handover import (
    CHECKLISTS,
    DEFAULT_SCOPE,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
    due_date,
)

PLAN = {
    PlanDomain.HUISVESTING: ("Zelfstandig wonen in de gemeente", ["Huurcontract tekenen met de corporatie",
                             "Inrichtingskrediet aanvragen", "Aanmelden voor energie en water"]),
    PlanDomain.GEZONDHEID_PARTICIPATIE: ("Wegwijs in zorg en welzijn", ["Inschrijven bij een huisarts",
                                         "Zorgverzekering afsluiten", "Kennismaken met het wijkteam",
                                         "Koppelen aan een taalmaatje"]),
    PlanDomain.ONDERWIJS_INBURGERING: ("Inburgeren op niveau B1", ["Aanmelden bij een inburgeringscursus",
                                       "Kinderen inschrijven op school", "Diploma laten waarderen (IDW)"]),
    PlanDomain.WERK_INKOMEN: ("Binnen twee jaar betaald werk of een opleiding", ["Uitkering aanvragen",
                              "Intake bij het Werkgeversservicepunt", "Taalstage zoeken",
                              "Vrijwilligerswerk starten"]),
}  # fmt: skip
OWNERS = ["werkcoach", "maatschappelijk begeleider", "consulent", "cliënt"]
S = HandoverStatus
LINE = [S.TE_DOEN, S.AANGEVRAAGD, S.VERZONDEN, S.ONTVANGEN, S.AFGEROND]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


OVERRIDE = "Cliënt niet bereikbaar; overdracht vóór de verhuizing noodzakelijk"


def _insert(model: type, *, returning: bool = False) -> Insert:
    """A Core insert: one executemany per table. The ORM's bulk insert splits rows into a statement
    per run of equal None-patterns, which made thousands of statements here."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = table.insert()
    return statement.returning(table.c.id, sort_by_parameter_order=True) if returning else statement


def _phone(rng: random.Random, area: str) -> str:
    return f"{area} {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"


class Journey:
    """Milestones, NOA parts, plan and handovers of each dossier, collected for bulk inserts."""

    def __init__(self, rng: random.Random, today: date, login: str | None, names: dict[str, str]) -> None:
        self.rng, self.today, self.login, self.names = rng, today, login, names
        self.milestones: list[dict[str, Any]] = []
        self.noa: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.goals: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        self.handovers: list[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = []
        self.hours: list[dict[str, Any]] = []
        self.handover_count = 0

    def event(self, did: int, day: date, by: str, kind: str, text: str) -> None:
        self.events.append(
            {
                "dossier_id": did,
                "at": _at(day, 9 + self.rng.randrange(8)),
                "by_login": by,
                "by_name": self.names.get(by, by),
                "kind": TimelineKind(kind),
                "text": text,
            }
        )

    def milestone(self, did: int, kind: MilestoneKind, day: date, by: str, done_by: str = "") -> None:
        self.milestones.append(
            {
                "dossier_id": did,
                "kind": kind,
                "done_on": day,
                "done_by": done_by,
                "recorded_by": by,
                "created_at": _at(day),
                "updated_at": _at(day),
            }
        )
        self.event(did, day, by, "mijlpaal", f"{kind.label}: {day:%d-%m-%Y}.")

    def dossier(
        self, did: int, k: Any, row: dict[str, Any], members: list[dict[str, Any]], gemeente: Gemeente
    ) -> None:
        rng, today = self.rng, self.today
        by = row["created_by"]
        self.event(did, k.linked_on, by, "dossier", f"Dossier aangemaakt vanuit koppeling {k.v_nummer}.")
        self.milestone(
            did, MilestoneKind.RECHTEN_PLICHTEN, k.linked_on - timedelta(days=rng.randrange(3, 14)), by, "COA"
        )
        self.milestone(did, MilestoneKind.GEKOPPELD, k.linked_on, by, "COA")
        noa_on = k.linked_on + timedelta(days=rng.randrange(12, 35))
        if noa_on <= today:
            adults = [m for m in members if m["role"] is not MemberRole.KIND]
            for m in adults:
                for n, part in enumerate(NoaPart):
                    self.noa.append(
                        {
                            "dossier_id": did,
                            "member_id": m["id"],
                            "part": part,
                            "done_on": noa_on - timedelta(days=8 - n),
                            "done_by": f"COA {k.azc_location}",
                            "recorded_by": by,
                        }
                    )
                total = min(158, max(0, (today - noa_on).days * 2 + rng.randrange(0, 20)))
                self.hours.append({"id": m["id"], "total": total, "language": min(121, int(total * 0.78))})
            self.milestone(did, MilestoneKind.NOA, noa_on, by, f"COA {k.azc_location}")
        intake_on = noa_on + timedelta(days=rng.randrange(5, 15))
        if intake_on <= today:
            self.milestone(did, MilestoneKind.INTAKE, intake_on, by, "casemanager COA en werkcoach")
        plan_on = intake_on + timedelta(days=rng.randrange(7, 21))
        if plan_on <= today:
            self.milestone(did, MilestoneKind.PLAN_VASTGESTELD, plan_on, by)
            self.plan(did, plan_on)
        if k.housed_on and k.housed_on <= today:
            self.milestone(did, MilestoneKind.VERHUISD, k.housed_on, by)
        if intake_on <= today:
            closed = self.handovers_for(did, k, members, gemeente, by)
            if closed:
                self.milestone(did, MilestoneKind.OVERDRACHTEN_AFGEROND, min(today, closed), by)

    def plan(self, did: int, plan_on: date) -> None:
        for domain, (goal, actions) in PLAN.items():
            rows = []
            for text in self.rng.sample(actions, self.rng.choice([1, 2, 2, 3])):
                due = plan_on + timedelta(days=self.rng.randrange(14, 150))
                status = (
                    ActionStatus.GEDAAN
                    if due < self.today and self.rng.random() < 0.8
                    else self.rng.choice([ActionStatus.OPEN, ActionStatus.BEZIG])
                )
                rows.append(
                    {
                        "text": text,
                        "owner": self.rng.choice(OWNERS),
                        "due_on": due,
                        "status": status,
                        "done_on": min(due, self.today) if status is ActionStatus.GEDAAN else None,
                    }
                )
            self.goals.append(({"dossier_id": did, "domain": domain, "text": goal}, rows))

    def handovers_for(
        self, did: int, k: Any, members: list[dict[str, Any]], g: Gemeente, by: str
    ) -> date | None:
        """Create the dossier's handovers; returns the day the last one closed when all are closed."""
        rng, today = self.rng, self.today
        wanted: list[tuple[HandoverKind, dict[str, Any] | None]] = [
            (HandoverKind.GCA_HUISARTS, None),
            (HandoverKind.VWN_MB, None),
        ]
        wanted += [(HandoverKind.JGZ, m) for m in members if m["role"] is MemberRole.KIND]
        if rng.random() < 0.12:
            wanted.append((HandoverKind.RISK_SIGNAL, rng.choice(members)))
        moving = k.housed_on or move_in_deadline(k.linked_on)
        owner = self.login if self.login and g.cbs_code == "GM0344" and rng.random() < 0.3 else by
        closed_on: list[date] = []
        all_closed = True
        for kind, member in wanted:
            due = due_date(kind, moving)
            assert due is not None
            status = self._status_for(due)
            steps = LINE[: LINE.index(status) + 1] if status in LINE else [S.TE_DOEN, S.AANGEVRAAGD, status]
            start = k.linked_on + timedelta(days=rng.randrange(20, 45))
            days = sorted(
                min(today, start + timedelta(days=rng.randrange(0, max(1, (today - start).days + 1))))
                for _ in steps
            )
            given = status not in (S.TE_DOEN, S.GEWEIGERD) and rng.random() < 0.96
            consent = (
                ConsentStatus.GEGEVEN
                if given
                else (ConsentStatus.GEWEIGERD if status is S.GEWEIGERD else ConsentStatus.NIET_GEVRAAGD)
            )
            override = status in (S.VERZONDEN, S.ONTVANGEN, S.AFGEROND) and not given
            row = self._handover_row(did, kind, member, k, g, status, consent, due, days, owner, override)
            checks = self._checks(kind, status, days[-1], owner)
            history = [
                {
                    "from_status": None if n == 0 else steps[n - 1],
                    "to_status": s,
                    "at": _at(d, 11 + n % 6),
                    "by_login": owner,
                    "by_name": self.names.get(owner, owner),
                    "reason": row["status_reason"] if s is status and status.final else "",
                    "without_consent": override and s is S.VERZONDEN,
                }
                for n, (s, d) in enumerate(zip(steps, days, strict=True))
            ]
            self.handovers.append((row, checks, history))
            self.handover_count += 1
            label = kind.label + (f" ({member['name']})" if member else "")
            self.event(
                did, days[0], owner, "overdracht", f"Overdracht {label} aangemaakt, uiterlijk {due:%d-%m-%Y}."
            )
            for n in range(1, len(steps)):
                self.event(
                    did,
                    days[n],
                    owner,
                    "status",
                    f"Overdracht {label}: {steps[n - 1].label} → {steps[n].label}.",
                )
            closed_on.append(days[-1])
            all_closed = all_closed and status.final
        return max(closed_on) if all_closed else None

    def _status_for(self, due: date) -> HandoverStatus:
        rng, ahead = self.rng, (due - self.today).days
        if ahead > 21:
            return rng.choice([S.TE_DOEN, S.TE_DOEN, S.AANGEVRAAGD])
        if ahead > 0:
            return rng.choice([S.TE_DOEN, S.AANGEVRAAGD, S.AANGEVRAAGD, S.VERZONDEN])
        if ahead > -30:
            return rng.choice([S.AANGEVRAAGD, S.VERZONDEN, S.ONTVANGEN, S.AFGEROND, S.AFGEROND])
        roll = rng.random()
        if roll < 0.78:
            return S.AFGEROND
        if roll < 0.84:
            return S.GEWEIGERD
        if roll < 0.88:
            return S.INGETROKKEN
        return rng.choice([S.AANGEVRAAGD, S.VERZONDEN, S.ONTVANGEN])  # stuck: shows up as late

    def _handover_row(self, did, kind, member, k, g, status, consent, due, days, owner, override):  # type: ignore[no-untyped-def]
        rng = self.rng
        sender_org = {
            HandoverKind.GCA_HUISARTS: f"GCA locatie {k.azc_location}",
            HandoverKind.JGZ: f"JGZ {k.azc_location}",
            HandoverKind.VWN_MB: f"Vluchtelingenwerk {k.azc_location}",
            HandoverKind.RISK_SIGNAL: f"COA {k.azc_location}",
        }[kind]
        risk = kind is HandoverKind.RISK_SIGNAL
        receiver_kind = rng.choice(list(RiskReceiver)) if risk else None
        practice = rng.choice(["De Linde", "Het Anker", "De Bron", "Zuid"])
        receiver_org = {
            HandoverKind.GCA_HUISARTS: f"Huisartsenpraktijk {practice}",
            HandoverKind.JGZ: f"JGZ {g.name} (GGD regio Utrecht)",
            HandoverKind.VWN_MB: f"Maatschappelijke begeleiding {g.name}",
            HandoverKind.RISK_SIGNAL: f"{receiver_kind.label if receiver_kind else 'Wijkteam'} {g.name}",
        }[kind]
        slug = _slug(g.name)
        reason = {
            S.GEWEIGERD: "Cliënt wil de overdracht zelf regelen",
            S.INGETROKKEN: "Huishouden verhuist naar een andere regio",
        }.get(status, "")
        return {
            "dossier_id": did,
            "kind": kind,
            "member_id": member["id"] if member else None,
            "sender_org": sender_org,
            "sender_person": _person(rng),
            "sender_phone": _phone(rng, "088"),
            "sender_email": f"{_slug(sender_org)[:30]}@coa.example",
            "receiver_org": receiver_org,
            "receiver_person": _person(rng),
            "receiver_phone": _phone(rng, "030"),
            "receiver_email": f"overdracht@{slug}.example",
            "consent": consent,
            "consent_on": days[0] if consent is not ConsentStatus.NIET_GEVRAAGD else None,
            "consent_recorded_by": owner if consent is not ConsentStatus.NIET_GEVRAAGD else "",
            "consent_scope": DEFAULT_SCOPE[kind] if consent is ConsentStatus.GEGEVEN else "",
            "override_reason": OVERRIDE if override else None,
            "override_by": owner if override else None,
            "override_at": _at(days[-1]) if override else None,
            "due_on": due,
            "due_set_by_hand": False,
            "status": status,
            "status_reason": reason,
            "status_changed_at": _at(days[-1], 15),
            "status_changed_by": self.names.get(owner, owner),
            "assigned_to": owner,
            "created_by": owner,
            "risk_category": rng.choice(list(RiskCategory)) if risk else None,
            "risk_urgency": rng.choice(list(RiskUrgency)) if risk else None,
            "risk_receiver": receiver_kind,
            "follow_up_owner": _person(rng) if risk else "",
            "follow_up_on": due + timedelta(days=rng.randrange(7, 28)) if risk else None,
            "note": rng.choice(["", "", "Tolk via de tolkentelefoon", "Bellen na 14:00"]),
            "created_at": _at(days[0]),
            "updated_at": _at(days[-1], 15),
        }

    def _checks(self, kind: HandoverKind, status: HandoverStatus, day: date, by: str) -> list[dict[str, Any]]:
        reached = set(LINE[: LINE.index(status) + 1]) if status in LINE else set()
        out = []
        for n, item in enumerate(CHECKLISTS[kind]):
            done = status is S.AFGEROND or (
                item.ticks_on in reached if item.ticks_on else self.rng.random() < 0.5
            )
            if status is S.TE_DOEN and item.ticks_on is None:
                done = self.rng.random() < 0.2
            out.append(
                {
                    "item_key": item.key,
                    "position": n,
                    "text": item.text,
                    "done": done,
                    "done_on": day if done else None,
                    "done_by": by if done else "",
                }
            )
        return out

    def flush(self, session: Session) -> None:
        session.execute(_insert(Milestone), self.milestones)
        if self.noa:
            session.execute(_insert(NoaRecord), self.noa)
        if self.hours:
            table = DossierMember.__table__
            session.execute(
                table.update()
                .where(table.c.id == bindparam("member"))
                .values(
                    pre_integration_hours=bindparam("total"),
                    pre_integration_language_hours=bindparam("language"),
                ),
                [{"member": h["id"], "total": h["total"], "language": h["language"]} for h in self.hours],
            )
        if self.goals:
            goal_ids = session.scalars(
                _insert(PlanGoal, returning=True),
                [g for g, _ in self.goals],
            ).all()
            actions = [
                dict(a, goal_id=gid)
                for gid, (_, rows) in zip(goal_ids, self.goals, strict=True)
                for a in rows
            ]
            session.execute(_insert(PlanAction), actions)
        if self.handovers:
            hids = session.scalars(
                _insert(Handover, returning=True),
                [h for h, _, _ in self.handovers],
            ).all()
            checks = [
                dict(c, handover_id=hid)
                for hid, (_, cs, _) in zip(hids, self.handovers, strict=True)
                for c in cs
            ]
            history = [
                dict(c, handover_id=hid)
                for hid, (_, _, hs) in zip(hids, self.handovers, strict=True)
                for c in hs
            ]
            session.execute(_insert(HandoverCheck), checks)
            session.execute(_insert(HandoverStatusChange), history)
        session.execute(_insert(DossierEvent), self.events)
