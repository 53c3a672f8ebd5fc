"""The import kind ``werkgeversantwoorden``: the anonymous candidate list (app.services.challenges.
anonymous) back from the employer, with "Gesprek? (ja/nee)" filled in.

Per candidate code ("K-0042"): "ja" moves the candidate from *voorgesteld aan werkgever* to
*gesprek* (refused, as a row error, unless the candidate and the consulent both agreed to an
introduction by name); "nee" stops it — reason *geen gesprek* before an interview, *niet passend*
after one — with the remark as the explanation; an empty answer leaves it as it is. Every move goes
through app.services.challenges.candidates (history, plan of action, timeline); undo puts the step
back through the same service. Rights: dossier data of the actor's own municipality.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.models import BatchAction, Candidate
from app.domain.challenges import REASON_TEXT_MAX, CandidateStatus, StopReason
from app.domain.roles import Area
from app.errors import UserError
from app.imports.initiatives_kind import NOT_ANSWERED, parse_answer
from app.imports.kinds import ImportKind, RowProblem, register
from app.io.excel.headers import FieldSpec
from app.io.excel.values import CellError, parse_text
from app.services.challenges import candidates as cs
from app.services.challenges.anonymous import ANSWER_LABEL, CODE_LABEL, REMARK_LABEL

S = CandidateStatus
INTERVIEW_NEXT_STEP = "Gesprek met de werkgever plannen en de kandidaat voorbereiden"
INTERVIEW_DAYS = 14
MSG_NO_SUCH = "Er is geen kandidaat {code} van uw gemeente."
MSG_NO_CONSENT = (
    "Nog geen gesprek mogelijk: de kandidaat én de consulent moeten eerst akkoord zijn met een "
    "voorstelling op naam. Leg de toestemming vast en lees de rij opnieuw in."
)
MSG_WRONG_STEP = "Deze kandidaat is '{step}'; een antwoord van de werkgever past daar niet meer bij."
_CODE = re.compile(r"^\s*K\s*-?\s*0*(\d{1,9})\s*$", re.IGNORECASE)


def parse_code(value: Any) -> int:
    text = parse_text(value)
    if text is None:
        raise CellError("Vul de kandidaatcode in (bijvoorbeeld K-0042).")
    found = _CODE.match(text)
    if not found:
        raise CellError(f"'{text}' is geen kandidaatcode; die ziet eruit als K-0042.")
    return int(found.group(1))


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None


@register
class EmployerAnswersKind(ImportKind):
    name = "werkgeversantwoorden"
    title = "Antwoorden van de werkgever (anonieme kandidatenlijst)"
    area = Area.DOSSIER
    object_type = "kandidaat"
    table = Candidate.__table__
    key_columns = ("id",)
    writes_through_service = True
    column_labels: ClassVar[dict[str, str]] = {
        "id": CODE_LABEL,
        "status": "Stap",
        "reason": "Reden",
        "reason_text": "Toelichting",
        "next_step": "Volgende stap",
        "next_due": "Uiterlijk",
    }

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        return [
            FieldSpec("kandidaat", CODE_LABEL, ("code", "kandidaatcode", "candidate"), True, parse_code),
            FieldSpec("gesprek", ANSWER_LABEL, ("gesprek", "gesprek?", "uitnodigen", "antwoord"), True,
                      parse_answer),
            FieldSpec("opmerking", REMARK_LABEL, ("opmerkingen", "toelichting", "reden"), False, parse_text),
        ]  # fmt: skip

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {"id": values["kandidaat"]}
        answer = values.get("gesprek")
        if answer is None or answer is NOT_ANSWERED:
            return rec  # not answered: nothing happens
        remark = (values.get("opmerking") or "").strip()[:REASON_TEXT_MAX]
        return rec | {"answer": bool(answer), "remark": remark}

    def key_text(self, key: tuple[Any, ...]) -> str:
        return f"K-{key[0]:04d}"

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        ids = [k[0] for k in keys]
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        rows = self.session.scalars(
            select(Candidate).where(Candidate.id.in_(ids), Candidate.gemeente_id == self.actor.gemeente_id)
        )
        for row in rows:
            found[(row.id,)] = {
                "id": row.id, "version": row.version, "gemeente_id": row.gemeente_id, "status": row.status,
                "reason": row.reason, "reason_text": row.reason_text, "next_step": row.next_step,
                "next_due": row.next_due,
                "both": row.candidate_consent_on is not None and row.consulent_consent_on is not None,
            }  # fmt: skip
        return found

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        raise RowProblem({"kandidaat": MSG_NO_SUCH.format(code=f"K-{record['id']:04d}")})

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": record["id"], "gemeente_id": current["gemeente_id"]}
        if "answer" not in record:
            return out
        status: CandidateStatus = current["status"]
        if record["answer"]:
            if status is S.GESPREK:
                return out  # read in twice: already at the interview
            if status is not S.BIJ_WERKGEVER:
                raise RowProblem({"gesprek": MSG_WRONG_STEP.format(step=status.label.lower())})
            if not current["both"]:
                raise RowProblem({"gesprek": MSG_NO_CONSENT})
            return out | {
                "status": S.GESPREK, "next_step": INTERVIEW_NEXT_STEP,
                "next_due": self.today + dt.timedelta(days=INTERVIEW_DAYS),
            }  # fmt: skip
        if status is S.GESTOPT:
            return out
        if status not in (S.BIJ_WERKGEVER, S.GESPREK):
            raise RowProblem({"gesprek": MSG_WRONG_STEP.format(step=status.label.lower())})
        reason = StopReason.GEEN_GESPREK if status is S.BIJ_WERKGEVER else StopReason.NIET_PASSEND
        return out | {
            "status": S.GESTOPT, "reason": reason, "reason_text": record["remark"], "next_step": "",
            "next_due": None,
        }  # fmt: skip

    def display(self, column: str, value: Any) -> str:
        if value not in (None, "") and column in ("status", "reason"):
            return (S(value) if column == "status" else StopReason(value)).label
        return super().display(column, value)

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:  # pragma: no cover - refused above
        raise RowProblem({"kandidaat": "Een antwoordenlijst maakt geen nieuwe kandidaten."})

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        new = S(changed["status"])
        try:
            moved = cs.move_candidate(
                self.session, self.actor, current["id"], current["version"], new,
                next_step=changed.get("next_step", ""), next_due=changed.get("next_due"),
                reason=changed.get("reason"), reason_text=changed.get("reason_text", ""), today=self.today,
            )  # fmt: skip
        except UserError as exc:
            raise RowProblem({"gesprek": exc.message}) from exc
        return moved.version

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        if action is not BatchAction.CHANGED:
            return False
        row = self.session.get(Candidate, object_id)
        if row is None or row.version != version_after:
            return False
        reason = before.get("reason", row.reason)
        cs.revert_candidate(
            self.session, self.actor, row.id, row.version,
            status=S(before.get("status", row.status)),
            reason=StopReason(reason) if reason else None,
            reason_text=before.get("reason_text", row.reason_text) or "",
            next_step=before.get("next_step", row.next_step) or "",
            next_due=_date(before["next_due"]) if "next_due" in before else row.next_due,
            today=self.today,
        )  # fmt: skip
        return True


__all__ = ["EmployerAnswersKind", "parse_code"]
