"""Referrals that close the loop: members of a household referred to an initiative, with consent, a
status machine with coded reasons, and the questions the program asks the referrer afterwards.

Public API (every function takes ``(session, actor, ...)``; a referral is dossier data: rights
``Area.DOSSIER`` of the dossier's municipality through ``load_dossier``/``authorize``, and on
PostgreSQL row-level security on ``referrals.gemeente_id``; every change writes a timeline entry):

- ``refer(session, actor, dossier_id, initiative_id, member_ids, *, consent, consent_on,
  consent_method, consent_language, note, registered=False, today) -> ReferralInfo`` — starts as
  *voorgesteld* (or *aangemeld* with ``registered``, which needs consent "gegeven": names go to a
  volunteer organisation). Adds an action to the plan of action (domain *gezondheid, participatie*,
  or *onderwijs* for a language initiative), under a goal it finds or makes.
- ``record_referral_consent(session, actor, referral_id, expected_version, consent, *, on, method,
  language, today) -> ReferralInfo`` — the same rules as a handover's consent.
- ``move_referral(session, actor, referral_id, expected_version, new_status, reason=None,
  reason_text="", *, today) -> ReferralInfo`` — ``app.domain.directory.move_errors``; *aangemeld*
  needs consent "gegeven". The plan action follows (aangemeld/gestart → bezig, gestopt → gedaan,
  niet gestart → vervallen).
- ``answer_follow_up(session, actor, referral_id, expected_version, still_running, *, reason=None,
  reason_text="", today)`` — ``True``: yes (aangemeld → gestart; gestart: news today), ``False``: it
  ended (needs a reason), ``NO_NEWS_YET``: asked, no news yet (the question comes back later).
- ``dossier_referrals(session, actor, dossier_id, *, today) -> list[ReferralInfo]``
- ``referral_counts(session, actor, initiative_id) -> InitiativeReferralCounts`` — counts by
  status and half year, for every user of the region (never who; on PostgreSQL through
  ``dl_referral_counts``, which counts past row-level security).
- ``initiative_referrals(session, actor, initiative_id, *, today)`` — who: the referrals of the
  actor's own municipality only.
- ``follow_ups(session, actor, today) -> list[FollowUpItem]`` and ``follow_up_count`` — the
  actor's own referrals (``referred_by``) that wait for an answer (Vandaag).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    Dossier,
    DossierMember,
    Initiative,
    PlanAction,
    PlanGoal,
    Referral,
    ReferralMember,
    ReferralStatusChange,
)
from app.domain.case_dossier import ActionStatus, PlanDomain, TimelineKind
from app.domain.directory import (
    LANGUAGE_KINDS,
    ReferralReason,
    ReferralStatus,
    move_errors,
)
from app.domain.handover import ConsentMethod, ConsentStatus, consent_errors, consent_method_text, note_error
from app.domain.roles import Action
from app.domain.timefmt import date_text, local
from app.errors import CONFLICT, ConflictError, NotFound, UserError, ValidationError
from app.services.access import Actor
from app.services.cases.views import load_dossier, record_event
from app.services.directory.referral_queries import (
    INITIATIVE_GONE,
    follow_up_count,
    follow_ups,
    initiative_referrals,
    referral_counts,
)
from app.services.directory.referral_views import (
    FollowUpItem,
    InitiativeReferralCounts,
    ReferralChangeInfo,
    ReferralInfo,
    referral_info,
)

__all__ = [
    "NO_NEWS_YET",
    "FollowUpItem",
    "InitiativeReferralCounts",
    "ReferralChangeInfo",
    "ReferralInfo",
    "answer_follow_up",
    "dossier_referrals",
    "follow_up_count",
    "follow_ups",
    "initiative_referrals",
    "move_referral",
    "record_referral_consent",
    "refer",
    "referral_counts",
    "referral_info",
]

GONE = "Deze doorverwijzing bestaat niet (meer)."
NO_NEWS_YET = "no news yet"
NEEDS_CONSENT = (
    "Aanmelden kan pas als de cliënt toestemming heeft gegeven: bij het aanmelden krijgt de "
    "vrijwilligersorganisatie de namen. Leg eerst de toestemming vast."
)
#: The goal a referral's action lands under when the dossier has none in that domain yet.
GOAL_TEXT = {
    PlanDomain.GEZONDHEID_PARTICIPATIE: "Meedoen in de buurt: activiteiten en vrijwilligersinitiatieven",
    PlanDomain.ONDERWIJS_INBURGERING: "Nederlands leren en oefenen",
}
#: How a referral's plan action follows its status.
ACTION_STATUS = {
    ReferralStatus.VOORGESTELD: ActionStatus.OPEN,
    ReferralStatus.AANGEMELD: ActionStatus.BEZIG,
    ReferralStatus.GESTART: ActionStatus.BEZIG,
    ReferralStatus.GESTOPT: ActionStatus.GEDAAN,
    ReferralStatus.NIET_GESTART: ActionStatus.VERVALLEN,
}


# -- shared steps -----------------------------------------------------------------------------------


def _dossier_start(dossier: Dossier) -> date:
    """As for a handover's consent: the linking, or the day entered if that is earlier."""
    entered = local(dossier.created_at).date() if dossier.created_at else date.today()
    return min(dossier.linked_on, entered) if dossier.linked_on else entered


def _label(row: Referral, names: list[str] | None = None) -> str:
    who = names if names is not None else [m.name for m in _members(row)]
    return f"{row.initiative.name}" + (f" ({', '.join(who)})" if who else "")


def _members(row: Referral) -> list[DossierMember]:
    from sqlalchemy.orm import object_session

    session = object_session(row)
    assert session is not None
    found = [session.get(DossierMember, m.member_id) for m in row.members]
    return [m for m in found if m is not None]


def _load(
    session: Session, actor: Actor, referral_id: int, action: Action, detail: str | None = None
) -> tuple[Referral, Dossier]:
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound(GONE)
    dossier = load_dossier(
        session, actor, row.dossier_id, action, object_type="doorverwijzing", object_id=referral_id,
        detail=detail,
    )  # fmt: skip
    return row, dossier


def _check_version(session: Session, row: Referral, expected_version: int, today: date) -> None:
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=referral_info(session, row, today))


def _consent_text(row: Referral) -> str:
    when = f" op {date_text(row.consent_on)}" if row.consent_on else ""
    how = consent_method_text(row.consent_method, row.consent_language)
    return f"toestemming {row.consent.label.lower()}{when}" + (f", {how}" if how else "")


def _set_consent(
    row: Referral,
    actor: Actor,
    consent: ConsentStatus,
    on: date | None,
    method: ConsentMethod | None,
    language: str,
) -> None:
    row.consent = consent
    if consent is ConsentStatus.NIET_GEVRAAGD:
        row.consent_on, row.consent_method, row.consent_language = None, None, ""
    else:
        row.consent_on, row.consent_method = on, method
        row.consent_language = language.strip() if method is ConsentMethod.INTERPRETER else ""
    row.consent_recorded_by = actor.name[:120]


def _change(
    session: Session,
    actor: Actor,
    row: Referral,
    old: ReferralStatus | None,
    new: ReferralStatus,
    today: date,
    reason: ReferralReason | None = None,
    reason_text: str = "",
) -> None:
    session.add(
        ReferralStatusChange(
            referral_id=row.id, from_status=old, to_status=new, on=today, by_login=actor.login[:64],
            by_name=actor.name[:120], reason=reason, reason_text=reason_text,
        )
    )  # fmt: skip


def _plan_domain(kind: str) -> PlanDomain:
    return PlanDomain.ONDERWIJS_INBURGERING if kind in LANGUAGE_KINDS else PlanDomain.GEZONDHEID_PARTICIPATIE


def _add_plan_action(session: Session, dossier: Dossier, row: Referral, owner: str, names: list[str]) -> str:
    """The referral as an action in the plan of action, under the first goal of its domain (one is
    made when there is none); returns the domain's label for the timeline."""
    domain = _plan_domain(row.initiative.kind)
    goal = session.scalar(
        select(PlanGoal)
        .where(PlanGoal.dossier_id == dossier.id, PlanGoal.domain == domain)
        .order_by(PlanGoal.member_id.is_not(None), PlanGoal.id)
        .limit(1)
    )
    if goal is None:
        goal = PlanGoal(dossier_id=dossier.id, domain=domain, text=GOAL_TEXT[domain])
        session.add(goal)
        session.flush()
    who = f" ({', '.join(names)})" if names else ""
    action = PlanAction(
        text=f"Doorverwezen naar {row.initiative.name}{who}"[:300],
        owner=owner[:120],
        status=ACTION_STATUS[row.status],
    )
    goal.actions.append(action)
    session.flush()
    row.plan_action_id = action.id
    return domain.label


def _sync_plan_action(session: Session, row: Referral, today: date) -> None:
    """Keep the plan's action in step with the referral (unless someone removed the action)."""
    if row.plan_action_id is None:
        return
    action = session.get(PlanAction, row.plan_action_id)
    if action is None:
        return
    wanted = ACTION_STATUS[row.status]
    if action.status is wanted:
        return
    action.status = wanted
    action.done_on = today if wanted is ActionStatus.GEDAAN else None


def _apply_move(
    session: Session,
    actor: Actor,
    row: Referral,
    dossier: Dossier,
    new: ReferralStatus,
    reason: ReferralReason | None,
    reason_text: str,
    today: date,
) -> None:
    errors = move_errors(row.status, new, reason, reason_text)
    if errors:
        raise ValidationError("De status kan niet worden gewijzigd: " + " ".join(errors.values()), errors)
    if new is ReferralStatus.AANGEMELD and row.consent is not ConsentStatus.GEGEVEN:
        raise UserError(NEEDS_CONSENT)
    old = row.status
    row.status = new
    row.last_news_on = today
    if new is ReferralStatus.AANGEMELD:
        row.registered_on = today
    elif new is ReferralStatus.GESTART:
        row.started_on = today
    if new.ended:
        row.ended_on = today
        row.reason, row.reason_text = reason, reason_text.strip() if reason is ReferralReason.ANDERS else ""
    _change(session, actor, row, old, new, today, row.reason if new.ended else None, row.reason_text)
    _sync_plan_action(session, row, today)
    text_ = f"Doorverwijzing {_label(row)}: {old.label} → {new.label}"
    if new.ended and row.reason is not None:
        text_ += (
            f" (reden: {row.reason.label.lower()}" + (f": {row.reason_text}" if row.reason_text else "") + ")"
        )
    record_event(session, actor, dossier.id, TimelineKind.STATUS, text_ + ".")


# -- the use cases ----------------------------------------------------------------------------------


def refer(
    session: Session,
    actor: Actor,
    dossier_id: int,
    initiative_id: int,
    member_ids: list[int],
    *,
    consent: ConsentStatus | None,
    consent_on: date | None = None,
    consent_method: ConsentMethod | None = None,
    consent_language: str = "",
    note: str = "",
    registered: bool = False,
    today: date | None = None,
) -> ReferralInfo:
    today = today or date.today()
    dossier = load_dossier(
        session, actor, dossier_id, Action.CREATE, object_type="doorverwijzing", object_id=None,
        detail=f"initiatief {initiative_id}",
    )  # fmt: skip
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        raise NotFound(INITIATIVE_GONE)
    errors = consent_errors(
        consent, consent_on, consent_method, consent_language, today=today, earliest=_dossier_start(dossier)
    )
    ids = list(dict.fromkeys(member_ids))
    members = [session.get(DossierMember, mid) for mid in ids]
    if not ids:
        errors["members"] = "Kies wie u doorverwijst (één of meer gezinsleden)."
    elif any(m is None or m.dossier_id != dossier.id for m in members):
        errors["members"] = "Deze persoon hoort niet bij dit huishouden."
    if (message := note_error(note)) is not None:
        errors["note"] = message
    if not errors and registered and consent is not ConsentStatus.GEGEVEN:
        errors["consent"] = NEEDS_CONSENT
    if errors:
        raise ValidationError(
            "De doorverwijzing kan niet worden opgeslagen: " + " ".join(errors.values()), errors
        )
    assert consent is not None
    row = Referral(
        dossier_id=dossier.id, gemeente_id=dossier.gemeente_id, initiative=initiative,
        status=ReferralStatus.VOORGESTELD, proposed_on=today, last_news_on=today,
        referred_by=actor.login[:64], referred_by_name=actor.name[:120], note=note.strip(),
    )  # fmt: skip
    _set_consent(row, actor, consent, consent_on, consent_method, consent_language)
    row.members = [ReferralMember(member_id=mid) for mid in ids]
    session.add(row)
    session.flush()
    _change(session, actor, row, None, ReferralStatus.VOORGESTELD, today)
    names = [m.name for m in members if m is not None]
    domain = _add_plan_action(session, dossier, row, actor.name, names)
    record_event(
        session, actor, dossier.id, TimelineKind.PLAN,
        f"Doorverwijzing {_label(row, names)} voorgesteld; {_consent_text(row)}. "
        f"Opgenomen in het plan van aanpak ({domain}).",
    )  # fmt: skip
    if registered:
        _apply_move(session, actor, row, dossier, ReferralStatus.AANGEMELD, None, "", today)
    session.flush()
    return referral_info(session, row, today)


def record_referral_consent(
    session: Session,
    actor: Actor,
    referral_id: int,
    expected_version: int,
    consent: ConsentStatus | None,
    *,
    on: date | None = None,
    method: ConsentMethod | None = None,
    language: str = "",
    today: date | None = None,
) -> ReferralInfo:
    today = today or date.today()
    what = consent.value if consent is not None else "geen antwoord"
    row, dossier = _load(session, actor, referral_id, Action.UPDATE, detail=f"toestemming {what}")
    _check_version(session, row, expected_version, today)
    if row.status.ended:
        raise ValidationError("Deze doorverwijzing is afgesloten; er kan niets meer aan worden gewijzigd.")
    errors = consent_errors(consent, on, method, language, today=today, earliest=_dossier_start(dossier))
    if errors:
        raise ValidationError(
            "De toestemming kan niet worden vastgelegd: " + " ".join(errors.values()), errors
        )
    assert consent is not None
    _set_consent(row, actor, consent, on, method, language)
    record_event(
        session, actor, dossier.id, TimelineKind.TOESTEMMING,
        f"Doorverwijzing {_label(row)}: {_consent_text(row)}.",
    )  # fmt: skip
    session.flush()
    return referral_info(session, row, today)


def move_referral(
    session: Session,
    actor: Actor,
    referral_id: int,
    expected_version: int,
    new_status: ReferralStatus,
    reason: ReferralReason | None = None,
    reason_text: str = "",
    *,
    today: date | None = None,
) -> ReferralInfo:
    today = today or date.today()
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound(GONE)
    row, dossier = _load(
        session, actor, referral_id, Action.UPDATE, detail=f"status {row.status.value} → {new_status.value}"
    )
    _check_version(session, row, expected_version, today)
    _apply_move(session, actor, row, dossier, new_status, reason, reason_text, today)
    session.flush()
    return referral_info(session, row, today)


def answer_follow_up(
    session: Session,
    actor: Actor,
    referral_id: int,
    expected_version: int,
    still_running: bool | Literal["no news yet"],
    *,
    reason: ReferralReason | None = None,
    reason_text: str = "",
    today: date | None = None,
) -> ReferralInfo:
    """The referrer's answer to "is het gestart?" / "loopt het nog?"."""
    today = today or date.today()
    row, dossier = _load(session, actor, referral_id, Action.UPDATE, detail=f"navraag: {still_running}")
    _check_version(session, row, expected_version, today)
    if row.status not in (ReferralStatus.AANGEMELD, ReferralStatus.GESTART):
        raise ValidationError(
            f"Er is niets na te vragen: de doorverwijzing is {row.status.label.lower()}.", {"status": "geen"}
        )
    started = row.status is ReferralStatus.GESTART
    if still_running == NO_NEWS_YET:
        row.last_news_on = today
        record_event(
            session, actor, dossier.id, TimelineKind.STATUS,
            f"Doorverwijzing {_label(row)}: nagevraagd, nog geen nieuws.",
        )  # fmt: skip
    elif still_running is True and started:
        row.last_news_on = today
        record_event(
            session, actor, dossier.id, TimelineKind.STATUS, f"Doorverwijzing {_label(row)}: loopt nog."
        )
    elif still_running is True:
        _apply_move(session, actor, row, dossier, ReferralStatus.GESTART, None, "", today)
    else:
        new = ReferralStatus.GESTOPT if started else ReferralStatus.NIET_GESTART
        _apply_move(session, actor, row, dossier, new, reason, reason_text, today)
    session.flush()
    return referral_info(session, row, today)


def dossier_referrals(
    session: Session, actor: Actor, dossier_id: int, *, today: date | None = None
) -> list[ReferralInfo]:
    load_dossier(session, actor, dossier_id, Action.READ, detail="doorverwijzingen")
    rows = session.scalars(select(Referral).where(Referral.dossier_id == dossier_id).order_by(Referral.id))
    return [referral_info(session, r, today or date.today()) for r in rows]
