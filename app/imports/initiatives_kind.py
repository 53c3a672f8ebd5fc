"""The directory's import kinds: ``initiatieven`` (a list of initiatives from elsewhere) and
``controleronde`` (the answers to a verification round, see app.services.directory.excel).

Both write through app.services.directory.initiatives, one row at a time: every changed field
gets its history row and *laatst gewijzigd* moves; only an answer of the verification round sets
*laatst gecontroleerd* (``verify_initiative``). Undo goes through the same service, so what an
undo puts back is in the history too. Rights per row: a contactpersoon or consulent imports for
the own municipality ("niet voor uw gemeente" otherwise), a regio-coördinator for any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.base import utcnow
from app.db.models import BatchAction, Initiative, InitiativeChange
from app.domain.case_dossier import fold
from app.domain.directory import group_label, language_name
from app.domain.roles import Area
from app.errors import ValidationError
from app.imports.initiative_fields import (
    BY_KEY,
    DATA_FIELDS,
    errors_by_field,
    field_specs,
    input_of,
    parsers,
    stored_of,
)
from app.imports.initiative_fields import columns_of as fields_to_columns
from app.imports.initiative_values import CLEARED, clear_or
from app.imports.kinds import ImportKind, RowProblem, register
from app.io.excel.headers import FieldSpec
from app.io.excel.values import CellError, int_parser, parse_text
from app.services.directory import initiatives as di
from app.services.directory.reference import list_kinds

MSG_NOT_YOURS = "Niet voor uw gemeente: u mag alleen initiatieven van uw eigen gemeente inlezen."
MSG_NO_GEMEENTE = "Vul de gemeente in die dit initiatief bijhoudt."
MSG_NO_KIND = "Vul de soort in (bijvoorbeeld Taalcafé of Sport): die is nodig voor een nieuw initiatief."
_CHECK_COLUMNS = ("checked_on", "checked_by")

COLUMN_LABELS: dict[str, str] = {
    name: label for name, label in di.FIELD_LABELS.items() if name != di.VERIFIED_FIELD
} | {"gemeente_id": "Gemeente", "gemeenten": "Gemeenten waar het loopt"}


class _DirectoryKind(ImportKind):
    area = Area.DIRECTORY
    object_type = "initiatief"
    table = Initiative.__table__
    writes_through_service = True

    def _parsers(self) -> dict[str, Any]:
        gemeenten = self.gemeenten()
        return parsers(
            list_kinds(self.session, include_inactive=True),
            self.gemeente_lookup(),
            {code: name for _id, code, name in gemeenten},
        )

    def _gemeente_id_of(self, code: str) -> int:
        return self.gemeente_id(code)

    def _refuse_unless_allowed(self, gemeente_id: int, key: str = "gemeente") -> None:
        if not self.row_allowed(gemeente_id):
            raise RowProblem({key: MSG_NOT_YOURS})

    def _validated(self, columns: Mapping[str, Any], prefix: str = "") -> di.InitiativeInput:
        data = input_of(columns)
        errors = di.validate(self.session, data)
        if errors:
            raise RowProblem(errors_by_field(errors, prefix))
        return data

    def display(self, column: str, value: Any) -> str:
        if value not in (None, ""):
            if column == "languages":
                return ", ".join(language_name(c) for c in str(value).split())
            if column == "target_groups":
                return ", ".join(group_label(c) for c in str(value).split())
            if column == "gemeenten":
                names = {code: name for _id, code, name in self.gemeenten()}
                return ", ".join(names.get(c, c) for c in str(value).split())
            if column == "kind":
                return list_kinds(self.session, include_inactive=True).get(value, value)
            if column == "status":
                return di.InitiativeStatus(value).label
        return super().display(column, value)

    def _current(self, row: Initiative) -> dict[str, Any]:
        return {"id": row.id, "version": row.version, **stored_of(row),
                "checked_on": row.checked_on, "checked_by": row.checked_by}  # fmt: skip

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        if action is not BatchAction.CHANGED:
            return None  # a new initiative is deleted (its history with it)
        row = self.session.get(Initiative, object_id)
        if row is None or row.version != version_after:
            return False
        data_columns = {c: v for c, v in before.items() if c not in _CHECK_COLUMNS}
        if data_columns:
            data = input_of(self._current(row) | data_columns)
            try:
                di.update_initiative(self.session, self.actor, row.id, row.version, data)
            except ValidationError:
                return False  # the old values no longer pass (a kind removed): leave the row
        if any(c in before for c in _CHECK_COLUMNS):
            self._restore_check(row, before)
        self.session.flush()
        return True

    def _restore_check(self, row: Initiative, before: Mapping[str, Any]) -> None:
        """A verification undone: the previous *laatst gecontroleerd* back, and a history row."""
        import datetime as dt

        undone = "" if row.checked_on is None else row.checked_on.isoformat()
        old = before.get("checked_on")
        row.checked_on = dt.date.fromisoformat(old) if isinstance(old, str) else old
        row.checked_by = before.get("checked_by", row.checked_by) or ""
        self.session.add(
            InitiativeChange(
                initiative_id=row.id, at=utcnow(), by_login=self.actor.login[:64],
                by_name=self.actor.name[:120], field=di.VERIFIED_FIELD,
                old_value=undone, new_value="controle ongedaan gemaakt (import teruggedraaid)",
            )
        )  # fmt: skip


@register
class InitiativesKind(_DirectoryKind):
    """A list of initiatives; a row with the same owner and (folded) name as an existing
    initiative changes it, any other row is a new initiative."""

    name = "initiatieven"
    title = "Initiatieven (vrijwilligersaanbod)"
    key_columns = ("name", "gemeente_id")
    column_labels: ClassVar[dict[str, str]] = COLUMN_LABELS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._names: dict[tuple[Any, ...], str] = {}

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        return field_specs(self._parsers(), required=frozenset({"naam"}))

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec = fields_to_columns(values, self._gemeente_id_of)
        if "gemeente_id" not in rec:
            if self.actor.gemeente_id is None:
                raise RowProblem({"gemeente": MSG_NO_GEMEENTE})
            rec["gemeente_id"] = self.actor.gemeente_id  # the sheet of one's own municipality
        self._names[self.key(rec)] = rec["name"]
        return rec

    def key(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        return (fold(record["name"]).strip(), record["gemeente_id"])

    def key_text(self, key: tuple[Any, ...]) -> str:
        return f"{self._names.get(key, key[0])} ({self.gemeente_name(key[1])})"

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        wanted = set(keys)
        owners = {k[1] for k in wanted}
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        rows = self.session.scalars(
            select(Initiative).where(Initiative.gemeente_id.in_(owners)).order_by(Initiative.id)
        )
        for row in rows:
            key = (fold(row.name).strip(), row.gemeente_id)
            if key in wanted and key not in found:
                found[key] = self._current(row)
        return found

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        self._refuse_unless_allowed(record["gemeente_id"])
        if "kind" not in record:
            raise RowProblem({"soort": MSG_NO_KIND})
        defaults = stored_of_input(di.InitiativeInput(name="", kind="", gemeente_id=0))
        full = defaults | record
        self._validated(full)
        return full

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        self._refuse_unless_allowed(current["gemeente_id"])
        self._validated({**current, **record})
        return record

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:
        made = di.create_initiative(self.session, self.actor, input_of(record), today=self.today)
        return made.id, made.version

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        data = input_of({**current, **changed})
        return di.update_initiative(self.session, self.actor, current["id"], current["version"], data).version


def stored_of_input(data: di.InitiativeInput) -> dict[str, Any]:
    return stored_of(data)


# -- the verification round --------------------------------------------------------------------

ANSWER_LABEL = "Klopt nog (ja/nee)"
NEW_PREFIX = "nieuw_"
NEW_LABEL = "Nieuw: {label}"
NOW_LABEL = "{label}"
_ANSWERS = {"ja": True, "j": True, "klopt": True, "klopt nog": True, "ok": True, "x": True,
            "nee": False, "n": False, "klopt niet": False, "gewijzigd": False, "niet": False}  # fmt: skip
MSG_ANSWER_MISSING = "Vul bij 'Klopt nog' ja of nee in: deze rij heeft wel correcties."
MSG_YES_WITH_CHANGES = "U vulde 'ja' in, maar ook correcties. Vul 'nee' in als er iets veranderd is."
MSG_NO_WITHOUT_CHANGES = (
    "Bij 'nee' hoort wat er niet meer klopt: vul de nieuwe gegevens in bij de kolommen 'Nieuw: …' "
    "(of zet 'Nieuw: Status' op gestopt)."
)


class _NotAnswered:
    """An empty answer cell: the column is required, the answer is not (the parser gives this
    instead of None so the cell does not count as missing)."""

    def __str__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False


NOT_ANSWERED: Any = _NotAnswered()


def parse_answer(value: Any) -> bool | None:
    text = parse_text(value)
    if text is None:
        return NOT_ANSWERED  # type: ignore[no-any-return]
    answer = _ANSWERS.get(fold(text).strip().rstrip(".!"))
    if answer is None:
        raise CellError(f"'{text}' is geen antwoord; vul ja of nee in.")
    return answer


@register
class VerificationRoundKind(_DirectoryKind):
    """The answers of a verification round: per initiative (by its number) "ja" (klopt nog),
    "nee" with corrections in the "Nieuw: …" columns, or empty (not answered: nothing happens)."""

    name = "controleronde"
    title = "Controleronde initiatieven (antwoorden)"
    key_columns = ("id",)
    column_labels: ClassVar[dict[str, str]] = {
        "id": "Nummer", **COLUMN_LABELS, "checked_on": "Laatst gecontroleerd",
        "checked_by": "Gecontroleerd door",
    }  # fmt: skip

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        parse = self._parsers()
        # The data as it stood when exported: read (so the columns are not taken for corrections)
        # but never written.
        as_is = [FieldSpec("nu_" + f.key, f.label, (), False, parse_text) for f in DATA_FIELDS]
        new = [
            FieldSpec(
                NEW_PREFIX + f.key, NEW_LABEL.format(label=f.label),
                (f"nieuwe {f.label}", f"correctie {f.label}", f"nieuw {f.label}"), False,
                clear_or(parse[f.key]),
            )
            for f in DATA_FIELDS
            if f.key in self.correction_keys()
        ]  # fmt: skip
        return [
            FieldSpec("nummer", "Nummer", ("nr", "id", "nummer initiatief", "initiatiefnummer"), True,
                      int_parser(1, 2_000_000_000)),
            FieldSpec("klopt_nog", ANSWER_LABEL,
                      ("klopt nog", "klopt het nog", "klopt alles nog", "antwoord"), True, parse_answer),
            *as_is,
            *new,
        ]  # fmt: skip

    @staticmethod
    def correction_keys() -> list[str]:
        """The fields an answer may correct ("Nieuw: …"): all but the owner (an import does not
        hand an initiative to another municipality) and the separate age limits ("Leeftijd")."""
        return [f.key for f in DATA_FIELDS if f.key not in ("gemeente", "min_leeftijd", "max_leeftijd")]

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {"id": values["nummer"]}
        corrections = fields_to_columns(values, self._gemeente_id_of, prefix=NEW_PREFIX, skip_empty=True)
        if any(values.get(NEW_PREFIX + k) is CLEARED for k in ("naam", "soort")):
            raise RowProblem({NEW_PREFIX + "naam": "De naam en de soort kunnen niet leeg worden gemaakt."})
        answer = values.get("klopt_nog")
        if answer is None or answer is NOT_ANSWERED:
            if corrections:
                raise RowProblem({"klopt_nog": MSG_ANSWER_MISSING})
            return rec  # not answered: nothing happens to this initiative
        if answer and corrections:
            raise RowProblem({"klopt_nog": MSG_YES_WITH_CHANGES})
        if not answer and not corrections:
            raise RowProblem({"klopt_nog": MSG_NO_WITHOUT_CHANGES})
        return rec | corrections | {"checked_on": self.today, "checked_by": self.actor.name[:120]}

    def key_text(self, key: tuple[Any, ...]) -> str:
        name = self.__dict__.get("_shown", {}).get(key[0])
        return f"{key[0]}: {name}" if name else str(key[0])

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        ids = [k[0] for k in keys]
        shown: dict[int, str] = self.__dict__.setdefault("_shown", {})
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in self.session.scalars(select(Initiative).where(Initiative.id.in_(ids))):
            found[(row.id,)] = self._current(row)
            shown[row.id] = row.name
        return found

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        raise RowProblem({"nummer": f"Er is geen initiatief met nummer {record['id']} (meer)."})

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        if len(record) == 1:  # not answered
            return {**record, "gemeente_id": current["gemeente_id"]}
        self._refuse_unless_allowed(current["gemeente_id"], "nummer")
        self._validated({**current, **record}, NEW_PREFIX)
        return {**record, "gemeente_id": current["gemeente_id"]}

    def gemeente_of(self, record: Mapping[str, Any]) -> int | None:
        # The engine checks the rights on the current row and on the merged one. Only an answered
        # row writes anything (merge_existing checked it, with its own message); an unanswered row
        # of another municipality in the sheet is no error, so neither counts as that owner's.
        if "version" in record or "checked_on" not in record:
            return None
        return record.get("gemeente_id")

    def row_allowed(self, gemeente_id: int | None) -> bool:
        return gemeente_id is None or super().row_allowed(gemeente_id)

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:  # pragma: no cover - refused above
        raise RowProblem({"nummer": "Een controleronde maakt geen nieuwe initiatieven."})

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        data_changed = {c: v for c, v in changed.items() if c not in _CHECK_COLUMNS}
        data = input_of({**current, **data_changed}) if data_changed else None
        checked = di.verify_initiative(
            self.session, self.actor, current["id"], current["version"], today=self.today, data=data
        )
        return checked.version


__all__ = ["BY_KEY", "InitiativesKind", "VerificationRoundKind"]
