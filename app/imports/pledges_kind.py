"""The import kind ``toezeggingen``: pledged places from a sheet, one pledge a row.

The employer is found by its KvK number or, without one, by its name (refused when two employers
share it); the challenge by its number or its title (optional: a pledge may stand on its own). A row
for an employer, challenge, kind of place and job title that is already pledged changes that pledge
(never a second one); an empty cell leaves what is known. Written through app.services.challenges.
pledges, so the service's checks hold (1–500 places, 1–40 hours, A1–B2). The pledge is kept by the
municipality in *Gemeente*, else the importer's own. Rights per row as the planner's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.models import BatchAction, Challenge, Employer, Pledge
from app.domain.case_dossier import fold
from app.domain.challenges import HOURS_MAX, PLEDGE_COUNT_MAX, PlaceKind
from app.domain.roles import Area
from app.errors import UserError
from app.imports.employers_kind import parse_kvk, parse_sector
from app.imports.kinds import ImportKind, RowProblem, register, years_back
from app.io.excel.dates import date_range_parser
from app.io.excel.headers import FieldSpec
from app.io.excel.values import CellError, choice_parser, gemeente_parser, int_parser, parse_bool, parse_text
from app.services.challenges import pledges as sp

MSG_NO_EMPLOYER = "Vul het KvK-nummer of de naam van de werkgever in."
MSG_UNKNOWN_KVK = (
    "Er is geen werkgever met KvK-nummer {kvk}. Lees eerst de werkgevers in (soort 'werkgevers')."
)
MSG_UNKNOWN_NAME = "Er is geen werkgever '{name}'. Controleer de naam of geef het KvK-nummer."
MSG_TWO_NAMES = "Er zijn {n} werkgevers met de naam '{name}': geef het KvK-nummer."
MSG_UNKNOWN_CHALLENGE = "Er is geen challenge '{text}'. Geef het nummer of de titel zoals in de planner."
MSG_TWO_CHALLENGES = "Er zijn {n} challenges met de titel '{text}': geef het nummer."
MSG_NO_GEMEENTE = "Vul de gemeente in die de toezegging bijhoudt."
_KINDS = {
    **{k.value: k.value for k in PlaceKind},
    **{k.label: k.value for k in PlaceKind},
    "taalstages": "taalstage",
    "werkstages": "werkstage",
    "werkervaringsplekken": "werkervaringsplek",
    "wep": "werkervaringsplek",
    "leerwerktrajecten": "leerwerktraject",
    "lwt": "leerwerktraject",
    "betaalde banen": "betaalde_baan",
    "baan": "betaalde_baan",
    "betaald werk": "betaalde_baan",
}
_LEVELS = {level: level for level in sp.PLEDGE_LEVELS} | {"geen": "", "geen eis": "", "-": "", "nvt": ""}
#: The service's field names -> the sheet's field keys.
_FIELD_OF = {
    "employer_id": "werkgever",
    "gemeente_id": "gemeente",
    "challenge_id": "challenge",
    "places": "aantal",
    "sector": "sector",
    "language_level": "taalniveau",
    "hours": "uren",
    "job_title": "functie",
    "location": "werkplek",
    "notes": "opmerkingen",
}
_COLUMNS = {
    "soort": "kind",
    "aantal": "places",
    "sector": "sector",
    "functie": "job_title",
    "taalniveau": "language_level",
    "uren": "hours",
    "werkplek": "location",
    "startdatum": "start_on",
    "open_regio": "open_to_region",
    "opmerkingen": "notes",
}
_DEFAULTS: dict[str, Any] = {
    "sector": "",
    "job_title": "",
    "language_level": "",
    "hours": None,
    "location": "",
    "start_on": None,
    "open_to_region": False,
    "notes": "",
    "challenge_id": None,
}


def parse_level(value: Any) -> str | None:
    text = parse_text(value)
    if text is None:
        return None
    try:
        return choice_parser(_LEVELS, "taalniveau")(text)
    except CellError:
        raise CellError(f"'{text}' is geen taalniveau; kies A1, A2, B1 of B2 (of 'geen').") from None


@register
class PledgesKind(ImportKind):
    name = "toezeggingen"
    title = "Toegezegde plekken (challenges)"
    area = Area.DIRECTORY
    object_type = "toezegging"
    table = Pledge.__table__
    key_columns = ("employer_id", "challenge_id", "kind", "job_title")
    writes_through_service = True
    column_labels: ClassVar[dict[str, str]] = {
        "employer_id": "Werkgever",
        "challenge_id": "Challenge",
        "kind": "Soort plek",
        "job_title": "Functie",
        "gemeente_id": "Gemeente",
        "places": "Aantal plekken",
        "sector": "Sector",
        "language_level": "Taalniveau",
        "hours": "Uren per week",
        "location": "Werkplek",
        "start_on": "Startdatum",
        "open_to_region": "Open voor de hele regio",
        "notes": "Opmerkingen",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._employers: dict[int, str] | None = None
        self._challenges: dict[int, str] | None = None

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        start = date_range_parser(
            earliest=years_back(self.today, 10),
            latest=self.today.replace(year=self.today.year + 5),
            date1904=date1904,
        )
        return [
            FieldSpec(
                "kvk", "KvK-nummer", ("kvk", "kvk nummer", "kvk werkgever", "kvknummer"), False, parse_kvk
            ),
            FieldSpec(
                "werkgever",
                "Werkgever",
                ("naam werkgever", "bedrijf", "bedrijfsnaam", "organisatie"),
                False,
                parse_text,
            ),
            FieldSpec(
                "challenge",
                "Challenge",
                ("challenge nummer", "evenement", "bijeenkomst", "titel challenge"),
                False,
                parse_text,
            ),
            FieldSpec(
                "soort",
                "Soort plek",
                ("soort", "type plek", "soort plaats", "plek"),
                True,
                choice_parser(
                    _KINDS,
                    "soort plek (taalstage, werkstage, werkervaringsplek, leerwerktraject of betaalde baan)",
                ),
            ),
            FieldSpec(
                "aantal",
                "Aantal plekken",
                ("aantal", "plekken", "aantal plaatsen"),
                True,
                int_parser(1, PLEDGE_COUNT_MAX, warn_above=50),
            ),
            FieldSpec("sector", "Sector", ("sbi", "branche"), False, parse_sector),
            FieldSpec("functie", "Functie", ("functietitel", "beroep", "werk"), False, parse_text),
            FieldSpec(
                "taalniveau", "Taalniveau", ("taal", "niveau nederlands", "taaleis"), False, parse_level
            ),
            FieldSpec(
                "uren",
                "Uren per week",
                ("uren", "uur per week", "aantal uren"),
                False,
                int_parser(1, HOURS_MAX),
            ),
            FieldSpec(
                "werkplek", "Werkplek", ("locatie", "adres werkplek", "plaats van werk"), False, parse_text
            ),
            FieldSpec("startdatum", "Startdatum", ("start", "begindatum", "vanaf"), False, start),
            FieldSpec(
                "open_regio",
                "Open voor de hele regio",
                ("open voor regio", "regionaal", "ook andere gemeenten"),
                False,
                parse_bool,
            ),
            FieldSpec(
                "gemeente",
                "Gemeente",
                ("gemeente toezegging", "bijgehouden door"),
                False,
                gemeente_parser(self.gemeente_lookup()),
            ),
            FieldSpec("opmerkingen", "Opmerkingen", ("notities", "toelichting"), False, parse_text),
        ]

    # -- finding the employer and the challenge --------------------------------------------------

    def _employer(self, values: Mapping[str, Any]) -> int:
        kvk, name = values.get("kvk"), values.get("werkgever")
        if kvk:
            found = self.session.scalar(select(Employer.id).where(Employer.kvk == kvk))
            if found is None:
                raise RowProblem({"kvk": MSG_UNKNOWN_KVK.format(kvk=kvk)})
            return found
        if not name:
            raise RowProblem({"werkgever": MSG_NO_EMPLOYER})
        wanted = " ".join(fold(name).split())
        ids = [i for i, n in self._employer_names().items() if " ".join(fold(n).split()) == wanted]
        if not ids:
            raise RowProblem({"werkgever": MSG_UNKNOWN_NAME.format(name=name)})
        if len(ids) > 1:
            raise RowProblem({"werkgever": MSG_TWO_NAMES.format(n=len(ids), name=name)})
        return ids[0]

    def _employer_names(self) -> dict[int, str]:
        if self._employers is None:
            self._employers = {i: n for i, n in self.session.execute(select(Employer.id, Employer.name))}
        return self._employers

    def _challenge_titles(self) -> dict[int, str]:
        if self._challenges is None:
            self._challenges = {i: t for i, t in self.session.execute(select(Challenge.id, Challenge.title))}
        return self._challenges

    def _challenge(self, text: str) -> int:
        titles = self._challenge_titles()
        number = text.strip().lstrip("#").strip()
        if number.isdigit() and int(number) in titles:
            return int(number)
        wanted = " ".join(fold(text).split())
        ids = [i for i, t in titles.items() if " ".join(fold(t).split()) == wanted]
        if len(ids) > 1:
            raise RowProblem({"challenge": MSG_TWO_CHALLENGES.format(n=len(ids), text=text)})
        if not ids:
            raise RowProblem({"challenge": MSG_UNKNOWN_CHALLENGE.format(text=text)})
        return ids[0]

    # -- a row -------------------------------------------------------------------------------------

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {"employer_id": self._employer(values)}
        rec["challenge_id"] = self._challenge(values["challenge"]) if values.get("challenge") else None
        for key, column in _COLUMNS.items():
            if values.get(key) is not None:
                rec[column] = values[key]
        rec.setdefault("job_title", "")
        if values.get("gemeente") is not None:
            rec["gemeente_id"] = self.gemeente_id(values["gemeente"])
        return rec

    def key(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        job = " ".join(fold(record["job_title"]).split())
        return (record["employer_id"], record["challenge_id"], record["kind"], job)

    def key_text(self, key: tuple[Any, ...]) -> str:
        employer = self._employer_names().get(key[0], str(key[0]))
        what = PlaceKind(key[2]).label.lower() + (f" ({key[3]})" if key[3] else "")
        at = f" — {self._challenge_titles().get(key[1], key[1])}" if key[1] is not None else ""
        return f"{employer}: {what}{at}"

    def display(self, column: str, value: Any) -> str:
        if value not in (None, ""):
            if column == "kind":
                return PlaceKind(value).label
            if column == "employer_id":
                return self._employer_names().get(value, str(value))
            if column == "challenge_id":
                return self._challenge_titles().get(value, str(value))
        return super().display(column, value)

    @staticmethod
    def _current(row: Pledge) -> dict[str, Any]:
        out = {name: getattr(row, name) for name in sp.PledgeInput.__dataclass_fields__}
        return out | {"id": row.id, "version": row.version, "kind": PlaceKind(row.kind).value}

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        wanted = set(keys)
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        employers = {k[0] for k in wanted}
        for row in self.session.scalars(
            select(Pledge).where(Pledge.employer_id.in_(employers)).order_by(Pledge.id)
        ):
            current = self._current(row)
            key = self.key(current)
            if key in wanted and key not in found:
                found[key] = current
        return found

    # -- checking and writing ----------------------------------------------------------------------

    def _input(self, columns: Mapping[str, Any]) -> sp.PledgeInput:
        names = sp.PledgeInput.__dataclass_fields__
        return sp.PledgeInput(**{k: v for k, v in columns.items() if k in names})  # type: ignore[arg-type]

    def _checked(self, columns: Mapping[str, Any]) -> None:
        errors = sp.validate(self.session, self._input(columns))
        if errors:
            raise RowProblem({_FIELD_OF.get(f, "_row"): message for f, message in errors.items()})

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        full = _DEFAULTS | record
        if "gemeente_id" not in full:
            if self.actor.gemeente_id is None:
                raise RowProblem({"gemeente": MSG_NO_GEMEENTE})
            full["gemeente_id"] = self.actor.gemeente_id
        self._checked(full)
        return full

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        merged = {**record, "gemeente_id": record.get("gemeente_id", current["gemeente_id"])}
        self._checked({**current, **merged})
        return merged

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:
        made = sp.create_pledge(self.session, self.actor, self._input(record), today=self.today)
        return made.id, made.version

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        data = self._input({**current, **changed})
        return sp.update_pledge(
            self.session, self.actor, current["id"], current["version"], data, today=self.today
        ).version

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        row = self.session.get(Pledge, object_id)
        if row is None or row.version != version_after:
            return False
        if action is not BatchAction.CHANGED:
            return None  # a new pledge is deleted (refused while it has candidates)
        old = dict(before)
        if isinstance(old.get("start_on"), str):
            old["start_on"] = dt.date.fromisoformat(old["start_on"])
        try:
            sp.update_pledge(
                self.session,
                self.actor,
                row.id,
                row.version,
                self._input(self._current(row) | old),
                today=self.today,
            )
        except UserError:
            return False
        return True


__all__ = ["PledgesKind", "parse_level"]
