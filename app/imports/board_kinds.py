"""Import kinds of the exchange board: taakstellingen and corporations' vacancies, and the base
class the board's kinds share (COA koppelingen live in koppelingen_kind.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.models import Dwelling, DwellingKind, PeriodRow, Taakstelling
from app.domain.periods import Period
from app.domain.roles import Area
from app.imports.kinds import ImportKind, RowProblem, register, years_back
from app.io.excel.dates import date_range_parser
from app.io.excel.headers import FieldSpec
from app.io.excel.values import (
    CellError,
    build_gemeente_lookup,
    choice_parser,
    decimal_parser,
    gemeente_parser,
    int_parser,
    parse_bool,
    parse_text,
)

# Plausible values (beyond: a row error; beyond the warning: imported, and the preview asks).
# A taakstelling is persons per half year for one municipality: the largest in the country
# (Amsterdam) is about 1,100; the city of Utrecht about 450.
MAX_TAAKSTELLING, WARN_TAAKSTELLING = 5000, 2000
# Half years: the 2017 agreement's history back, the ministry's announcements ahead.
PERIOD_YEARS_BACK, PERIOD_YEARS_AHEAD = 10, 2
# A social-rent dwelling: bedrooms, occupants, rent per month (euro; social rent ends near 900).
MAX_BEDROOMS, WARN_BEDROOMS = 10, 6
MAX_OCCUPANTS, WARN_OCCUPANTS = 20, 12
MAX_RENT, WARN_RENT_BELOW, WARN_RENT_ABOVE = 5000, 100, 1500
# A vacancy is reported weeks to months ahead; one long available or years off is a typo.
AVAILABLE_DAYS_BACK, AVAILABLE_WARN_DAYS_BACK = 365, 61
AVAILABLE_YEARS_AHEAD, AVAILABLE_WARN_DAYS_AHEAD = 2, 183

# Vianen merged into Vijfheerenlanden in 2019; newer COA sheets use the new name and code.
_GEMEENTE_ALIASES = {"GM0620": ["Vijfheerenlanden", "GM1961"]}


class BoardKind(ImportKind):
    def gemeente_lookup(self) -> dict[str, str]:
        return build_gemeente_lookup(
            (code, [name, *_GEMEENTE_ALIASES.get(code, [])]) for _id, code, name in self.gemeenten()
        )

    def _gemeente_field(self, synonyms: tuple[str, ...] = ()) -> FieldSpec:
        return FieldSpec(
            "gemeente", "Gemeente",
            ("gekoppelde gemeente", "gemeentecode", "cbs-code", "cbs code", "gemeente code", *synonyms),
            True, gemeente_parser(self.gemeente_lookup()),
        )  # fmt: skip


def limit_text(text: str | None, length: int) -> str:
    return (text or "")[:length]


# --- Taakstellingen ---------------------------------------------------------------------------

_PERIOD_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\D*?(?P<half>[12]|i{1,2})\b|(?P<half2>[12])\s*e?\D*?"
                        r"(?P<year2>(?:19|20)\d{2})", re.I)  # fmt: skip


def parse_period(value: Any) -> str | None:
    """'2026-H2', '2026 2', '2026-II', '2e helft 2026', 'H1 2027' -> '2026-H2'."""
    text = parse_text(value)
    if text is None:
        return None
    cleaned = text.lower().replace("helft", " ").replace("halfjaar", " ").replace("h", " ")
    match = _PERIOD_RE.search(cleaned)
    if not match:
        raise CellError(f"'{text}' is geen halfjaar (verwacht bijvoorbeeld 2026-H2 of '2e helft 2026').")
    year = int(match["year"] or match["year2"])
    half_text = (match["half"] or match["half2"]).lower()
    half = {"i": 1, "ii": 2}.get(half_text) or int(half_text)
    return Period(year, half).code


@register
class TaakstellingenKind(BoardKind):
    name = "taakstellingen"
    title = "Taakstellingen per gemeente"
    area = Area.REGION
    object_type = "taakstelling"
    table = Taakstelling.__table__
    key_columns = ("gemeente_id", "period_id")
    column_labels: ClassVar[dict[str, str]] = {
        "gemeente_id": "Gemeente", "period_id": "Periode", "persons": "Taakstelling (personen)",
        "backlog_in": "Achterstand",
    }  # fmt: skip

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        persons = int_parser(0, MAX_TAAKSTELLING, warn_above=WARN_TAAKSTELLING)
        return [
            self._gemeente_field(),
            FieldSpec(
                "periode",
                "Periode",
                ("halfjaar", "taakstellingsperiode", "tijdvak"),
                True,
                self._period_parser(),
            ),
            FieldSpec(
                "aantal",
                "Taakstelling",
                ("aantal personen", "taakstelling personen", "aantal", "te huisvesten", "personen"),
                True,
                persons,
            ),
            FieldSpec(
                "achterstand",
                "Achterstand",
                ("achterstand", "voorsprong/achterstand", "saldo vorige periode", "meegenomen achterstand"),
                False,
                persons,
            ),
        ]

    def _period_parser(self) -> Callable[[Any], str | None]:
        first, last = self.today.year - PERIOD_YEARS_BACK, self.today.year + PERIOD_YEARS_AHEAD

        def parse(value: Any) -> str | None:
            code = parse_period(value)
            if code is not None and not first <= int(code[:4]) <= last:
                raise CellError(
                    f"{code} valt buiten de halfjaren die het programma kent "
                    f"({first}-H1 tot en met {last}-H2).",
                    labelled=True,
                )
            return code

        return parse

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec = {
            "gemeente_id": self.gemeente_id(values["gemeente"]),
            "period_id": self._period_id(values["periode"]),
            "persons": values["aantal"],
        }
        if "achterstand" in values:
            rec["backlog_in"] = values["achterstand"]
        return rec

    def _period_id(self, code: str) -> int:
        cache: dict[str, int] = self.__dict__.setdefault("_periods", {})
        if code not in cache:
            found = self.session.scalar(select(PeriodRow.id).where(PeriodRow.code == code))
            if found is None:
                # Periods are reference data: the ministry announces the next half year in advance.
                row = PeriodRow.from_period(Period.parse(code))
                self.session.add(row)
                self.session.flush()
                found = row.id
            cache[code] = found
        return cache[code]

    def display(self, column: str, value: Any) -> str:
        if column == "period_id" and value is not None:
            codes = {v: k for k, v in self.__dict__.get("_periods", {}).items()}
            return codes.get(value, str(value))
        return super().display(column, value)

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"backlog_in": None, "source": "import", **record}

    # Through the service, one row at a time (a region has 16 municipalities a half year): each
    # imported number gets its history line like one typed in the program.
    writes_through_service = True

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:
        from app.services.board.taakstellingen import IMPORT_SOURCE, write_taakstelling

        row = write_taakstelling(
            self.session, self.actor, None, gemeente_id=record["gemeente_id"], period_id=record["period_id"],
            persons=record["persons"], backlog_in=record.get("backlog_in"), source=IMPORT_SOURCE,
        )  # fmt: skip
        return row.id, row.version

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        from app.services.board.taakstellingen import IMPORT_SOURCE, write_taakstelling

        row = self._stored(current["id"], current["version"])
        values = {**current, **changed}
        write_taakstelling(
            self.session, self.actor, row, gemeente_id=row.gemeente_id, period_id=row.period_id,
            persons=values["persons"], backlog_in=values.get("backlog_in"), source=IMPORT_SOURCE,
        )  # fmt: skip
        self.session.flush()
        return row.version

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        from app.db.models import BatchAction
        from app.services.board.taakstellingen import IMPORT_SOURCE, write_taakstelling

        if action is not BatchAction.CHANGED:
            return None  # a new taakstelling is deleted (its history with it)
        row = self.session.get(Taakstelling, object_id)
        if row is None or row.version != version_after:
            return False
        values = {"persons": row.persons, "backlog_in": row.backlog_in, **before}
        write_taakstelling(
            self.session, self.actor, row, gemeente_id=row.gemeente_id, period_id=row.period_id,
            persons=values["persons"], backlog_in=values["backlog_in"], source=IMPORT_SOURCE,
            reason="Import ongedaan gemaakt",
        )  # fmt: skip
        self.session.flush()
        return True

    def _stored(self, row_id: int, version: int) -> Taakstelling:
        from app.errors import ConflictError

        row = self.session.get(Taakstelling, row_id)
        if row is None or row.version != version:
            raise ConflictError(
                "Een taakstelling is tijdens de import door iemand anders gewijzigd; importeer opnieuw."
            )
        return row


# --- Vacancies from corporations --------------------------------------------------------------

_KINDS = {k.value: k.value for k in DwellingKind} | {
    "eengezins": "eengezinswoning", "gezinswoning": "eengezinswoning", "rijtjeshuis": "eengezinswoning",
    "tussenwoning": "eengezinswoning", "hoekwoning": "eengezinswoning", "woning": "eengezinswoning",
    "flat": "appartement", "portiekflat": "appartement", "galerijflat": "appartement",
    "bovenwoning": "appartement", "benedenwoning": "appartement", "maisonnette": "appartement",
    "studio": "kamer", "onzelfstandig": "kamer", "kamerwoning": "kamer",
}  # fmt: skip


@register
class WoningenKind(BoardKind):
    name = "woningen"
    title = "Vrijgekomen woningen (corporaties)"
    area = Area.BOARD
    object_type = "woning"
    table = Dwelling.__table__
    key_columns = ("corporation", "reference")
    column_labels: ClassVar[dict[str, str]] = {
        "corporation": "Corporatie", "reference": "Referentie", "gemeente_id": "Gemeente", "address": "Adres",
        "kind": "Soort", "bedrooms": "Slaapkamers", "max_occupants": "Max. bewoners", "rent": "Huur",
        "available_from": "Beschikbaar per", "accessible": "Toegankelijk", "ground_floor": "Begane grond",
    }  # fmt: skip

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        return [
            FieldSpec(
                "corporatie",
                "Corporatie",
                ("woningcorporatie", "verhuurder", "corporatienaam"),
                True,
                parse_text,
            ),
            FieldSpec(
                "referentie",
                "Referentie",
                (
                    "objectnummer",
                    "woningnummer",
                    "kenmerk",
                    "vhe",
                    "vhe nummer",
                    "eenheidnummer",
                    "object id",
                ),
                True,
                parse_text,
            ),
            self._gemeente_field(("plaats gemeente",)),
            FieldSpec("adres", "Adres", ("straat en huisnummer", "straat", "locatie"), False, parse_text),
            FieldSpec(
                "soort",
                "Soort woning",
                ("woningtype", "type", "soort", "type woning"),
                False,
                choice_parser(_KINDS, "soort woning"),
            ),
            FieldSpec(
                "slaapkamers",
                "Slaapkamers",
                ("aantal slaapkamers", "kamers", "aantal kamers"),
                False,
                int_parser(0, MAX_BEDROOMS, warn_above=WARN_BEDROOMS),
            ),
            FieldSpec(
                "max_bewoners",
                "Max. bewoners",
                ("maximaal aantal bewoners", "max personen", "bezetting"),
                False,
                int_parser(0, MAX_OCCUPANTS, warn_above=WARN_OCCUPANTS),
            ),
            FieldSpec(
                "huur",
                "Huur",
                ("kale huur", "netto huur", "huurprijs", "huur per maand"),
                False,
                decimal_parser(0, MAX_RENT, warn_below=WARN_RENT_BELOW, warn_above=WARN_RENT_ABOVE),
            ),
            FieldSpec(
                "beschikbaar",
                "Beschikbaar per",
                ("beschikbaar vanaf", "ingangsdatum", "opleverdatum", "datum beschikbaar"),
                False,
                date_range_parser(
                    earliest=self.today - dt.timedelta(days=AVAILABLE_DAYS_BACK),
                    latest=years_back(self.today, -AVAILABLE_YEARS_AHEAD),
                    warn_before=self.today - dt.timedelta(days=AVAILABLE_WARN_DAYS_BACK),
                    warn_after=self.today + dt.timedelta(days=AVAILABLE_WARN_DAYS_AHEAD),
                    date1904=date1904,
                ),
            ),
            FieldSpec(
                "toegankelijk", "Toegankelijk", ("rolstoeltoegankelijk", "nultredenwoning"), False, parse_bool
            ),
            FieldSpec(
                "begane_grond",
                "Begane grond",
                ("gelijkvloers", "lift", "begane grond of lift"),
                False,
                parse_bool,
            ),
        ]

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "corporation": limit_text(values["corporatie"], 80),
            "reference": limit_text(values["referentie"], 40),
            "gemeente_id": self.gemeente_id(values["gemeente"]),
        }
        simple = (("adres", "address"), ("soort", "kind"), ("slaapkamers", "bedrooms"),
                  ("max_bewoners", "max_occupants"), ("beschikbaar", "available_from"),
                  ("toegankelijk", "accessible"), ("begane_grond", "ground_floor"))  # fmt: skip
        for field_key, column in simple:
            if values.get(field_key) is not None:
                rec[column] = values[field_key]
        if "adres" in rec:
            rec["address"] = limit_text(rec["address"], 120)
        if values.get("huur") is not None:
            rent: Decimal = values["huur"]  # in range: the field's parser checked it
            rec["rent"] = float(round(rent, 2))
        if rec.get("max_occupants") == 0:
            raise RowProblem({"max_bewoners": "Max. bewoners: minstens 1."})
        return rec

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        missing = {}
        if "bedrooms" not in record:
            missing["slaapkamers"] = "Slaapkamers is nodig voor een nieuwe woning."
        if "available_from" not in record:
            missing["beschikbaar"] = "Beschikbaar per is nodig voor een nieuwe woning."
        if missing:
            raise RowProblem(missing)
        bedrooms = record["bedrooms"]
        default_kind = "kamer" if bedrooms == 0 else "appartement" if bedrooms <= 2 else "eengezinswoning"
        return {
            "address": "", "kind": default_kind, "max_occupants": max(1, bedrooms * 2), "rent": None,
            "accessible": False, "ground_floor": False, "status": "beschikbaar", "reserved_for_id": None,
            **record,
        }  # fmt: skip
