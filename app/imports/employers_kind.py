"""The import kind ``werkgevers``: a list of employers for the challenge planner, one a row.

A row with a KvK number that is already known changes that employer (never a second one); a row
without a KvK number is matched by its (folded) name in the same municipality, and so is a row
whose KvK number is new while an employer of that name there has none yet (the number is then
filled in). An empty cell leaves what is known: a sheet with a blank *Adres* does not wipe the
address. One contact person a row: a name already among the employer's contacts is updated, any
other is added (the others stay). Everything is written through app.services.challenges.employers,
so the service's rules (KvK unique, 8 digits) hold for an import too. Rights per row: a
contactpersoon or consulent imports for the own municipality, a regio-coördinator for any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.models import BatchAction, Employer
from app.domain.case_dossier import fold
from app.domain.challenges import SBI_SECTIONS, SIZE_CLASSES, WSP_REGIONS, clean_kvk, kvk_error
from app.domain.roles import Area
from app.errors import UserError
from app.imports.kinds import ImportKind, RowProblem, register
from app.io.excel.headers import FieldSpec
from app.io.excel.values import CellError, choice_parser, gemeente_parser, parse_bool, parse_text, show_cell
from app.services.challenges import employers as se

MSG_NO_GEMEENTE = "Vul de gemeente in waar de werkgever zit."
MSG_CONTACT_NAME = "Vul de naam van de contactpersoon in (bij telefoon of e-mail hoort een naam)."
CONTACT_FIELDS = ("contactpersoon", "functie", "telefoon", "email")
#: The service's field names -> the sheet's field keys (for the cell a message belongs to).
_FIELD_OF = {
    "name": "naam",
    "kvk": "kvk",
    "gemeente_code": "gemeente",
    "sector": "sector",
    "size_class": "grootte",
    "wsp": "wsp",
    "address": "adres",
    "notes": "opmerkingen",
}
_SECTOR_PREFIX = re.compile(r"^\s*([A-Ua-u])\s*(?:[-–—:.)]|\s)\s*\S")
_TEXT_COLUMNS = ("name", "address", "notes")


def parse_kvk(value: Any) -> str | None:
    """Eight digits as text. A number cell lost its leading zero in Excel: ``1234567`` → 01234567."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise CellError(f"'{show_cell(value)}' is geen KvK-nummer.")
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"'{show_cell(value)}' is geen KvK-nummer (dat heeft 8 cijfers).")
        value = int(value)
    if isinstance(value, int):
        text = str(value).zfill(8) if 0 < value < 10**8 else str(value)
    else:
        text = parse_text(value) or ""
        if not text:
            return None
    if (problem := kvk_error(text)) is not None:
        raise CellError(f"'{text}' klopt niet. {problem}")
    return clean_kvk(text)


def parse_sector(value: Any) -> str | None:
    """An SBI section: its letter, its label, or both ("C – Industrie")."""
    text = parse_text(value)
    if text is None:
        return None
    if len(text) == 1 and text.upper() in SBI_SECTIONS:
        return text.upper()
    found = _SECTOR_PREFIX.match(text)
    if found and found.group(1).upper() in SBI_SECTIONS:
        return found.group(1).upper()
    by_label = {fold(label): letter for letter, label in SBI_SECTIONS.items()}
    if (letter := by_label.get(fold(text).strip())) is not None:
        return letter
    raise CellError(f"'{text}' is geen sector; geef de SBI-letter (A tot en met U) of de naam ervan.")


def parse_size(value: Any) -> str | None:
    """A size class: its code ("10-49"), its label, or a number of employees (37 → 10-49)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        n = int(value)
        if n != value or n < 1:
            raise CellError(f"'{show_cell(value)}' is geen aantal medewerkers.")
        return "1-9" if n < 10 else "10-49" if n < 50 else "50-249" if n < 250 else "250+"
    text = parse_text(value)
    if text is None:
        return None
    if text.isdigit():
        return parse_size(int(text))
    choices = {code: code for code in SIZE_CLASSES} | {label: code for code, label in SIZE_CLASSES.items()}
    choices |= {label.split(" (")[0]: code for code, label in SIZE_CLASSES.items()}  # "Klein"
    try:
        return choice_parser(choices, "grootteklasse")(text.replace("–", "-"))
    except CellError:
        raise CellError(
            f"'{text}' is geen grootteklasse; kies 1-9, 10-49, 50-249 of 250+ (of het aantal medewerkers)."
        ) from None


def _folded(name: str) -> str:
    return " ".join(fold(name).split())


@register
class EmployersKind(ImportKind):
    name = "werkgevers"
    title = "Werkgevers (challenges)"
    area = Area.DIRECTORY
    object_type = "werkgever"
    table = Employer.__table__
    key_columns = ("kvk", "name")
    writes_through_service = True
    column_labels: ClassVar[dict[str, str]] = {
        "name": "Naam",
        "kvk": "KvK-nummer",
        "gemeente_id": "Gemeente",
        "sector": "Sector",
        "size_class": "Grootte",
        "address": "Adres",
        "wsp": "Werkgeversservicepunt",
        "notes": "Opmerkingen",
        "active": "Actief",
        "contacts": "Contactpersonen",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: dict[tuple[Any, ...], str] = {}
        self._by_name: dict[tuple[Any, ...], tuple[str, int | None]] = {}

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        return [
            FieldSpec(
                "naam",
                "Naam",
                ("werkgever", "bedrijf", "bedrijfsnaam", "naam werkgever", "organisatie", "handelsnaam"),
                True,
                parse_text,
            ),
            FieldSpec(
                "kvk",
                "KvK-nummer",
                ("kvk", "kvk nummer", "kvk-nr", "kvknummer", "kamer van koophandel", "handelsregister"),
                False,
                parse_kvk,
            ),
            FieldSpec(
                "gemeente",
                "Gemeente",
                ("vestigingsplaats", "plaats", "vestigingsgemeente", "woonplaats"),
                False,
                gemeente_parser(self.gemeente_lookup()),
            ),
            FieldSpec(
                "sector", "Sector", ("sbi", "sbi-sectie", "branche", "bedrijfstak"), False, parse_sector
            ),
            FieldSpec(
                "grootte",
                "Grootte",
                ("grootteklasse", "aantal medewerkers", "medewerkers", "werknemers", "omvang"),
                False,
                parse_size,
            ),
            FieldSpec(
                "adres",
                "Adres",
                ("bezoekadres", "straat en huisnummer", "vestigingsadres"),
                False,
                parse_text,
            ),
            FieldSpec(
                "wsp",
                "Werkgeversservicepunt",
                ("wsp", "servicepunt", "subregio"),
                False,
                choice_parser({n: n for n in WSP_REGIONS}, "Werkgeversservicepunt"),
            ),
            FieldSpec(
                "contactpersoon", "Contactpersoon", ("contact", "naam contactpersoon"), False, parse_text
            ),
            FieldSpec("functie", "Functie contactpersoon", ("functie", "rol"), False, parse_text),
            FieldSpec("telefoon", "Telefoon", ("telefoonnummer", "tel", "mobiel"), False, parse_text),
            FieldSpec("email", "E-mail", ("e-mailadres", "emailadres", "mail"), False, parse_text),
            FieldSpec("opmerkingen", "Opmerkingen", ("notities", "toelichting"), False, parse_text),
            FieldSpec("actief", "Actief", ("actief ja nee",), False, parse_bool),
        ]

    # -- a row ---------------------------------------------------------------------------------

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {"name": values["naam"]}
        for key, column in (
            ("kvk", "kvk"),
            ("sector", "sector"),
            ("grootte", "size_class"),
            ("adres", "address"),
            ("wsp", "wsp"),
            ("opmerkingen", "notes"),
            ("actief", "active"),
        ):
            if values.get(key) is not None:
                rec[column] = values[key]
        if values.get("gemeente") is not None:
            rec["gemeente_id"] = self.gemeente_id(values["gemeente"])
        contact = [(values.get(k) or "").strip() for k in CONTACT_FIELDS]
        if any(contact):
            if not contact[0]:
                raise RowProblem({"contactpersoon": MSG_CONTACT_NAME})
            rec["_contact"] = contact
        found = self.key(rec)
        self._shown[found] = rec["name"]
        self._by_name[found] = (_folded(rec["name"]), rec.get("gemeente_id", self.actor.gemeente_id))
        return rec

    def key(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        if record.get("kvk"):
            return ("kvk", record["kvk"])
        # Without a municipality in the sheet: the name among one's own municipality's employers.
        return ("naam", _folded(record["name"]), record.get("gemeente_id", self.actor.gemeente_id))

    def key_text(self, key: tuple[Any, ...]) -> str:
        name = self._shown.get(key, str(key[1]))
        return f"{name} (KvK {key[1]})" if key[0] == "kvk" else name

    def display(self, column: str, value: Any) -> str:
        if value not in (None, "") and column == "contacts":
            return ", ".join(c[0] for c in value) or "(leeg)"
        if value not in (None, "") and column == "sector":
            return f"{value} – {SBI_SECTIONS.get(value, '')}"
        return super().display(column, value)

    # -- what is there ---------------------------------------------------------------------------

    @staticmethod
    def _current(row: Employer) -> dict[str, Any]:
        return {
            "id": row.id,
            "version": row.version,
            "name": row.name,
            "kvk": row.kvk or "",
            "gemeente_id": row.gemeente_id,
            "sector": row.sector,
            "size_class": row.size_class,
            "address": row.address,
            "wsp": row.wsp,
            "notes": row.notes,
            "active": row.active,
            "contacts": [[c.name, c.role, c.phone, c.email] for c in row.contacts],
        }

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        numbers = [k[1] for k in keys if k[0] == "kvk"]
        if numbers:
            for row in self.session.scalars(select(Employer).where(Employer.kvk.in_(numbers))):
                found[("kvk", row.kvk)] = self._current(row)
        # By name: rows without a KvK number, and new numbers an employer without one may get.
        wanted = {self._by_name[k]: k for k in keys if k not in found}
        if wanted:
            owners = {g for _n, g in wanted}
            rows = self.session.scalars(
                select(Employer).where(Employer.gemeente_id.in_(owners)).order_by(Employer.id)
            )
            for row in rows:
                key = wanted.get((_folded(row.name), row.gemeente_id))
                if key is not None and key not in found and (key[0] == "naam" or not row.kvk):
                    found[key] = self._current(row)
        return found

    # -- checking ----------------------------------------------------------------------------------

    def _input(self, columns: Mapping[str, Any]) -> se.EmployerInput:
        return se.EmployerInput(
            name=columns["name"],
            gemeente_code=self._code(columns["gemeente_id"]),
            kvk=columns.get("kvk") or "",
            sector=columns.get("sector", ""),
            size_class=columns.get("size_class", ""),
            address=columns.get("address", ""),
            wsp=columns.get("wsp", ""),
            notes=columns.get("notes", ""),
            active=columns.get("active", True),
            contacts=[se.ContactInput(*c) for c in columns.get("contacts", [])],
        )

    def _code(self, gemeente_id: int) -> str:
        return next(code for gid, code, _name in self.gemeenten() if gid == gemeente_id)

    def _checked(self, columns: Mapping[str, Any], employer_id: int | None) -> None:
        errors = se.validate(self.session, self._input(columns), employer_id)
        if errors:
            out = {}
            for field, message in errors.items():
                key = (
                    "email" if field.startswith("contact_") and "e-mail" in message else _FIELD_OF.get(field)
                )
                out[key or ("contactpersoon" if field.startswith("contact_") else "_row")] = message
            raise RowProblem(out)

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        full = {k: v for k, v in record.items() if k != "_contact"}
        if "gemeente_id" not in full:
            if self.actor.gemeente_id is None:
                raise RowProblem({"gemeente": MSG_NO_GEMEENTE})
            full["gemeente_id"] = self.actor.gemeente_id  # the sheet of one's own municipality
        full.setdefault("active", True)
        full["contacts"] = [record["_contact"]] if "_contact" in record else []
        self._checked(full, None)
        return full

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        merged = {k: v for k, v in record.items() if k != "_contact"}
        merged.setdefault("gemeente_id", current["gemeente_id"])  # moved only when the sheet says so
        if "_contact" in record:
            contact = record["_contact"]
            contacts = [list(c) for c in current["contacts"]]
            same = next((c for c in contacts if _folded(c[0]) == _folded(contact[0])), None)
            if same is None:
                contacts.append(contact)
            else:  # the same person: what the row gives replaces, an empty cell keeps
                same[:] = [new or old for new, old in zip(contact, same, strict=True)]
            merged["contacts"] = contacts
        if current.get("kvk") and not merged.get("kvk"):
            merged.pop("kvk", None)
        self._checked({**current, **merged}, current["id"])
        return merged

    # -- writing -----------------------------------------------------------------------------------

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:
        made = se.create_employer(self.session, self.actor, self._input(record))
        return made.id, made.version

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        data = self._input({**current, **changed})
        return se.update_employer(self.session, self.actor, current["id"], current["version"], data).version

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        row = self.session.get(Employer, object_id)
        if row is None or row.version != version_after:
            return False
        if action is not BatchAction.CHANGED:
            return None  # a new employer is deleted (its contacts with it)
        current = self._current(row)
        try:
            se.update_employer(self.session, self.actor, row.id, row.version, self._input(current | before))
        except UserError:
            return False  # the old values no longer pass (the KvK number is taken now): leave it
        return True


__all__ = ["EmployersKind", "parse_kvk", "parse_sector", "parse_size"]
