"""Import kinds of the exchange board: COA koppelingen, taakstellingen and corporations' vacancies.

Privacy: COA sheets also carry names, birth dates, sex and nationality. The board is visible to
the whole region and needs none of that, so those columns are not fields here: the mapping step
shows them as "niet inlezen" and they never reach the database.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import select

from app.db.models import Dwelling, DwellingKind, Koppeling, PeriodRow, Taakstelling
from app.domain.periods import Period
from app.domain.roles import Area
from app.imports.kinds import ImportKind, RowProblem, register
from app.io.excel.headers import FieldSpec
from app.io.excel.values import (
    CellError,
    build_gemeente_lookup,
    choice_parser,
    date_parser,
    gemeente_parser,
    parse_bool,
    parse_decimal,
    parse_non_negative_int,
    parse_text,
    parse_vnummer,
)
from app.resources import resource

# Vianen merged into Vijfheerenlanden in 2019; newer COA sheets use the new name and code.
_GEMEENTE_ALIASES = {"GM0620": ["Vijfheerenlanden", "GM1961"]}


class _BoardKind(ImportKind):
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


def _limit(text: str | None, length: int) -> str:
    return (text or "")[:length]


# --- COA koppelingen --------------------------------------------------------------------------

# Free text about housing needs becomes flags only: the text itself may hold medical detail.
_NEEDS = {
    "needs_accessible": re.compile(r"rolstoel|rollator|toegankelijk|drempelvrij|invalide", re.I),
    "needs_ground_floor": re.compile(r"begane\s*grond|gelijkvloers|\blift\b|benedenwoning|traplift", re.I),
    "medical_proximity": re.compile(r"ziekenhuis|medisch|zorg|dialyse|behandel", re.I),
}


def _azc_coordinates() -> dict[str, tuple[float, float]]:
    with resource("azc.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return {
        r["naam"].lower(): (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(lines, delimiter=";")
    }


def _azc_lookup(location: str, known: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    """'AZC Zeist (Kamp van Zeist)' -> the coordinates of 'AZC Zeist'."""
    text = location.lower().strip()
    if text in known:
        return known[text]
    base = re.split(r"[(,]", text)[0].strip()
    if base in known:
        return known[base]
    return next((xy for name, xy in known.items() if base.startswith(name) or name.startswith(base)), None)


@register
class KoppelingenKind(_BoardKind):
    name = "koppelingen"
    title = "COA-koppelingen"
    area = Area.BOARD
    object_type = "koppeling"
    table = Koppeling.__table__
    key_columns = ("v_nummer",)
    column_labels: ClassVar[dict[str, str]] = {
        "v_nummer": "V-nummer", "gemeente_id": "Gemeente", "linked_on": "Datum koppeling",
        "persons": "Gezinsgrootte", "adults": "Volwassenen", "children": "Kinderen",
        "languages": "Taal", "azc_location": "Locatie", "azc_lat": "Breedtegraad AZC",
        "azc_lon": "Lengtegraad AZC", "expected_followers": "Nareizigers verwacht",
        "needs_accessible": "Toegankelijke woning nodig", "needs_ground_floor": "Begane grond/lift nodig",
        "medical_proximity": "Nabij medische voorziening",
    }  # fmt: skip

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        dates = date_parser(date1904=date1904)
        return [
            FieldSpec(
                "vnummer",
                "V-nummer",
                ("vreemdelingennummer", "v-nummer hoofdaanvrager", "v nr", "vnr hoofdaanvrager"),
                True,
                parse_vnummer,
            ),
            self._gemeente_field(("koppelgemeente", "taakstellingsgemeente")),
            FieldSpec(
                "datum_koppeling",
                "Datum koppeling",
                ("koppeldatum", "gekoppeld op", "datum gekoppeld", "koppeling datum"),
                False,
                dates,
            ),
            FieldSpec(
                "gezinsgrootte",
                "Gezinsgrootte",
                ("aantal personen", "huishoudgrootte", "personen", "omvang huishouden", "gezinsomvang"),
                False,
                parse_non_negative_int,
            ),
            FieldSpec(
                "volwassenen", "Volwassenen", ("aantal volwassenen", "18+"), False, parse_non_negative_int
            ),
            FieldSpec(
                "kinderen",
                "Kinderen",
                ("aantal kinderen", "minderjarigen", "18-"),
                False,
                parse_non_negative_int,
            ),
            FieldSpec(
                "taal",
                "Taal",
                ("talen", "voertaal", "gesproken taal", "taal hoofdaanvrager"),
                False,
                parse_text,
            ),
            FieldSpec(
                "locatie",
                "Locatie",
                ("azc", "opvanglocatie", "coa locatie", "verblijfplaats"),
                False,
                parse_text,
            ),
            FieldSpec(
                "nareizigers",
                "Nareizigers verwacht",
                ("nareizigers", "aantal nareizigers", "gezinshereniging"),
                False,
                parse_non_negative_int,
            ),
            FieldSpec(
                "bijzonderheden",
                "Bijzonderheden huisvesting",
                ("bijzonderheden", "woonwensen", "huisvestingseisen"),
                False,
                parse_text,
            ),
        ]

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        rec: dict[str, Any] = {"v_nummer": values["vnummer"]}
        if values.get("gemeente"):
            rec["gemeente_id"] = self.gemeente_id(values["gemeente"])
        if "datum_koppeling" in values and values["datum_koppeling"] is not None:
            rec["linked_on"] = values["datum_koppeling"]
        for field_key, column in (
            ("gezinsgrootte", "persons"),
            ("volwassenen", "adults"),
            ("kinderen", "children"),
            ("nareizigers", "expected_followers"),
        ):
            if values.get(field_key) is not None:
                rec[column] = values[field_key]
        if "taal" in values:
            rec["languages"] = _limit(values["taal"], 120)
        if "locatie" in values:
            location = _limit(values["locatie"], 80)
            rec["azc_location"] = location
            xy = _azc_lookup(location, self._azc()) if location else None
            rec["azc_lat"], rec["azc_lon"] = xy if xy else (None, None)
        if "bijzonderheden" in values:
            text = values["bijzonderheden"] or ""
            for column, pattern in _NEEDS.items():
                rec[column] = bool(pattern.search(text))
        self._check_household(rec)
        return rec

    def _azc(self) -> dict[str, tuple[float, float]]:
        if not hasattr(self, "_azc_cache"):
            self._azc_cache = _azc_coordinates()
        return self._azc_cache

    @staticmethod
    def _check_household(rec: dict[str, Any]) -> None:
        persons, adults, children = rec.get("persons"), rec.get("adults"), rec.get("children")
        if persons is not None and persons < 1:
            raise RowProblem({"gezinsgrootte": "Gezinsgrootte: een huishouden heeft minstens 1 persoon."})
        if adults is not None and adults < 1:
            raise RowProblem({"volwassenen": "Volwassenen: een huishouden heeft minstens 1 volwassene."})
        if (
            persons is not None
            and adults is not None
            and children is not None
            and adults + children != persons
        ):
            raise RowProblem(
                {
                    "gezinsgrootte": f"Gezinsgrootte {persons} is niet gelijk aan {adults} "
                    f"volwassene(n) + {children} kind(eren)."
                }
            )
        if persons is None and adults is not None and children is not None:
            rec["persons"] = adults + children
        elif persons is not None and adults is None and children is not None:
            if persons - children < 1:
                raise RowProblem(
                    {"kinderen": f"Kinderen: {children} kinderen past niet in een huishouden van {persons}."}
                )
            rec["adults"] = persons - children
        elif persons is not None and children is None and adults is not None:
            if adults > persons:
                raise RowProblem(
                    {"volwassenen": f"Volwassenen: {adults} is meer dan de gezinsgrootte {persons}."}
                )
            rec["children"] = persons - adults

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        missing = {}
        if "linked_on" not in record:
            missing["datum_koppeling"] = "Datum koppeling is nodig voor een nieuwe koppeling."
        if "persons" not in record:
            missing["gezinsgrootte"] = "Gezinsgrootte is nodig voor een nieuwe koppeling."
        if missing:
            raise RowProblem(missing)
        full = {
            "languages": "", "azc_location": "", "azc_lat": None, "azc_lon": None, "expected_followers": 0,
            "needs_accessible": False, "needs_ground_floor": False, "medical_proximity": False,
            "status": "gekoppeld", "notes": "", **record,
        }  # fmt: skip
        # Only the size is known: count everyone as adult rather than guess children.
        full.setdefault("adults", full["persons"] - full.get("children", 0))
        full.setdefault("children", full["persons"] - full["adults"])
        return full

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        if "persons" in record and "adults" not in record and "children" not in record:
            # A new size without a split: keep the known children if they still fit.
            children = current["children"] if record["persons"] - current["children"] >= 1 else 0
            record = {**record, "children": children, "adults": record["persons"] - children}
        return record


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
class TaakstellingenKind(_BoardKind):
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
        return [
            self._gemeente_field(),
            FieldSpec(
                "periode", "Periode", ("halfjaar", "taakstellingsperiode", "tijdvak"), True, parse_period
            ),
            FieldSpec(
                "aantal",
                "Taakstelling",
                ("aantal personen", "taakstelling personen", "aantal", "te huisvesten", "personen"),
                True,
                parse_non_negative_int,
            ),
            FieldSpec(
                "achterstand",
                "Achterstand",
                ("achterstand", "voorsprong/achterstand", "saldo vorige periode", "meegenomen achterstand"),
                False,
                parse_non_negative_int,
            ),
        ]

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


# --- Vacancies from corporations --------------------------------------------------------------

_KINDS = {k.value: k.value for k in DwellingKind} | {
    "eengezins": "eengezinswoning", "gezinswoning": "eengezinswoning", "rijtjeshuis": "eengezinswoning",
    "tussenwoning": "eengezinswoning", "hoekwoning": "eengezinswoning", "woning": "eengezinswoning",
    "flat": "appartement", "portiekflat": "appartement", "galerijflat": "appartement",
    "bovenwoning": "appartement", "benedenwoning": "appartement", "maisonnette": "appartement",
    "studio": "kamer", "onzelfstandig": "kamer", "kamerwoning": "kamer",
}  # fmt: skip


@register
class WoningenKind(_BoardKind):
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
                parse_non_negative_int,
            ),
            FieldSpec(
                "max_bewoners",
                "Max. bewoners",
                ("maximaal aantal bewoners", "max personen", "bezetting"),
                False,
                parse_non_negative_int,
            ),
            FieldSpec(
                "huur",
                "Huur",
                ("kale huur", "netto huur", "huurprijs", "huur per maand"),
                False,
                parse_decimal,
            ),
            FieldSpec(
                "beschikbaar",
                "Beschikbaar per",
                ("beschikbaar vanaf", "ingangsdatum", "opleverdatum", "datum beschikbaar"),
                False,
                date_parser(date1904=date1904),
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
            "corporation": _limit(values["corporatie"], 80),
            "reference": _limit(values["referentie"], 40),
            "gemeente_id": self.gemeente_id(values["gemeente"]),
        }
        simple = (("adres", "address"), ("soort", "kind"), ("slaapkamers", "bedrooms"),
                  ("max_bewoners", "max_occupants"), ("beschikbaar", "available_from"),
                  ("toegankelijk", "accessible"), ("begane_grond", "ground_floor"))  # fmt: skip
        for field_key, column in simple:
            if values.get(field_key) is not None:
                rec[column] = values[field_key]
        if "adres" in rec:
            rec["address"] = _limit(rec["address"], 120)
        if values.get("huur") is not None:
            rent: Decimal = values["huur"]
            if rent < 0 or rent >= 100_000:
                raise RowProblem({"huur": f"Huur: {rent} is geen geldige maandhuur."})
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
