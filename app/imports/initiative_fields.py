"""The fields of a directory sheet and how a parsed row becomes an initiative's columns.

Shared by the two directory kinds: ``initiatieven`` (a list from elsewhere, one initiative a row)
and ``controleronde`` (the answers to a verification round, whose correction columns are these
same fields under "Nieuw: …"). The Dutch labels are also the export's column titles, so an
exported list reads back in as it went out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from app.domain.case_dossier import fold
from app.domain.directory import InitiativeStatus, codes_of, codes_text
from app.imports.initiative_values import (
    CLEARED,
    AgeRange,
    Groups,
    Languages,
    Places,
    gemeenten_parser,
    kind_parser,
    parse_age_cell,
    parse_group_cell,
    parse_language_cell,
    parse_phone_cell,
    parse_places_cell,
    parse_status_cell,
)
from app.io.excel.headers import FieldSpec
from app.io.excel.values import gemeente_parser, int_parser, parse_bool, parse_multiline_text, parse_text
from app.services.directory.initiatives import InitiativeInput


@dataclass(frozen=True)
class DataField:
    key: str
    label: str
    synonyms: tuple[str, ...]
    columns: tuple[str, ...]  # the initiative columns it fills (for error messages and the preview)


# Order: the export's column order too.
DATA_FIELDS: tuple[DataField, ...] = (
    DataField("naam", "Naam", ("naam activiteit", "naam initiatief", "activiteit", "initiatief",
                               "titel", "naam van de activiteit", "aanbod"), ("name",)),
    DataField("organisatie", "Organisatie", ("aanbieder", "organisatienaam", "stichting", "vereniging",
                                             "uitvoerder", "naam organisatie"), ("organisation",)),
    DataField("soort", "Soort", ("soort activiteit", "soort initiatief", "type activiteit", "categorie",
                                 "type", "rubriek"), ("kind",)),
    DataField("omschrijving", "Omschrijving", ("beschrijving", "toelichting", "inhoud", "wat",
                                               "korte omschrijving"), ("description",)),
    DataField("doelgroep", "Doelgroep", ("doelgroepen", "voor wie", "bestemd voor"), ("target_groups",)),
    DataField("leeftijd", "Leeftijd", ("leeftijden", "leeftijdsgroep", "leeftijdscategorie"),
              ("min_age", "max_age")),
    DataField("min_leeftijd", "Minimumleeftijd", ("leeftijd vanaf", "min leeftijd", "minimale leeftijd",
                                                  "vanaf leeftijd"), ("min_age",)),
    DataField("max_leeftijd", "Maximumleeftijd", ("leeftijd tot", "max leeftijd", "maximale leeftijd",
                                                  "tot leeftijd"), ("max_age",)),
    DataField("talen", "Talen", ("taal", "gesproken talen", "voertaal", "voertalen", "in welke taal"),
              ("languages", "via_interpreter")),
    DataField("gemeente", "Gemeente", ("eigenaar", "gemeente eigenaar", "beherende gemeente",
                                       "gemeente van het initiatief"), ("gemeente_id",)),
    DataField("werkgebied", "Gemeenten waar het loopt", ("werkgebied", "gemeenten", "loopt in", "ook in",
                                                         "actief in"), ("gemeenten",)),
    DataField("open_regio", "Open voor de regio", ("open voor regio", "ook voor andere gemeenten",
                                                   "regionaal", "open voor inwoners andere gemeenten",
                                                   "andere gemeenten welkom"), ("open_to_region",)),
    DataField("plaatsen", "Plaatsen vrij", ("plaatsen", "vrije plaatsen", "plekken", "vrije plekken",
                                            "beschikbare plekken", "beschikbare plaatsen"),
              ("places_available",)),
    DataField("wachtlijst", "Wachtlijst", ("wachtlijst ja nee", "is er een wachtlijst"), ("waiting_list",)),
    DataField("wanneer", "Wanneer", ("dag en tijd", "dagen en tijden", "tijden", "tijdstip", "rooster",
                                     "openingstijden", "dag", "dagen"), ("schedule", "by_appointment")),
    DataField("op_afspraak", "Op afspraak", ("alleen op afspraak",), ("by_appointment",)),
    DataField("adres", "Adres", ("locatie", "adres activiteit", "waar", "bezoekadres",
                                 "straat en huisnummer"), ("address", "online")),
    DataField("online", "Online", ("digitaal", "via internet"), ("online",)),
    DataField("toegankelijkheid", "Toegankelijkheid", ("rolstoeltoegankelijk", "toegankelijk"),
              ("accessibility",)),
    DataField("kosten", "Kosten", ("prijs", "eigen bijdrage", "bijdrage", "tarief"), ("cost",)),
    DataField("contactpersoon", "Contactpersoon", ("contact", "naam contactpersoon", "contactpersoon naam",
                                                   "coordinator"), ("contact_name",)),
    DataField("telefoon", "Telefoon", ("telefoonnummer", "tel", "telnummer", "mobiel", "telefoon contact"),
              ("contact_phone",)),
    DataField("email", "E-mail", ("e-mailadres", "emailadres", "mail", "mailadres", "e-mail contact"),
              ("contact_email",)),
    DataField("website", "Website", ("internet", "url", "site", "webpagina", "internetadres"), ("website",)),
    DataField("status", "Status", ("actief of gestopt", "stand"), ("status",)),
)  # fmt: skip
BY_KEY = {f.key: f for f in DATA_FIELDS}
# Which field a column's error belongs to (the first field that fills it).
FIELD_OF_COLUMN: dict[str, str] = {}
for _f in DATA_FIELDS:
    for _c in _f.columns:
        FIELD_OF_COLUMN.setdefault(_c, _f.key)

INPUT_COLUMNS = tuple(f.name for f in fields(InitiativeInput))
LIST_COLUMNS = ("target_groups", "languages", "gemeenten")


def parsers(
    kinds: Mapping[str, str], gemeente_lookup: Mapping[str, str], gemeente_names: Mapping[str, str]
) -> dict[str, Callable[[Any], Any]]:
    """Field key -> cell parser (the kinds list and the region's municipalities come in)."""
    return {
        "naam": parse_text, "organisatie": parse_text, "soort": kind_parser(kinds),
        "omschrijving": parse_multiline_text, "doelgroep": parse_group_cell, "leeftijd": parse_age_cell,
        "min_leeftijd": int_parser(0, 120), "max_leeftijd": int_parser(0, 120),
        "talen": parse_language_cell, "gemeente": gemeente_parser(gemeente_lookup),
        "werkgebied": gemeenten_parser(gemeente_lookup, gemeente_names), "open_regio": parse_bool,
        "plaatsen": parse_places_cell, "wachtlijst": parse_bool, "wanneer": parse_text,
        "op_afspraak": parse_bool, "adres": parse_text, "online": parse_bool, "toegankelijkheid": parse_text,
        "kosten": parse_text, "contactpersoon": parse_text, "telefoon": parse_phone_cell, "email": parse_text,
        "website": parse_text, "status": parse_status_cell,
    }  # fmt: skip


def field_specs(
    parse: Mapping[str, Callable[[Any], Any]], *, required: frozenset[str] = frozenset()
) -> list[FieldSpec]:
    return [FieldSpec(f.key, f.label, f.synonyms, f.key in required, parse[f.key]) for f in DATA_FIELDS]


_SIMPLE_TEXT = {
    "naam": "name", "organisatie": "organisation", "omschrijving": "description", "toegankelijkheid":
    "accessibility", "kosten": "cost", "contactpersoon": "contact_name", "telefoon": "contact_phone",
    "email": "contact_email", "website": "website",
}  # fmt: skip
_FLAGS = {"open_regio": "open_to_region", "wachtlijst": "waiting_list", "op_afspraak": "by_appointment",
          "online": "online"}  # fmt: skip
# Fields whose empty cell means "not given" (keep what is known), not "empty".
KEEP_WHEN_EMPTY = frozenset({"naam", "soort", "gemeente", "status"})
# Flags set after the fields that imply them ("Adres: online", "Wanneer: op afspraak").
_LATE = ("op_afspraak", "online")


def columns_of(values: Mapping[str, Any], gemeente_id: Callable[[str], int], *, prefix: str = "",
               skip_empty: bool = False) -> dict[str, Any]:  # fmt: skip
    """Initiative columns (stored form) from the parsed values of the fields the sheet has.

    ``prefix``: the fields' keys in ``values`` start with it ("nieuw_"). ``skip_empty``: an empty
    cell is no value at all (a correction column left empty); CLEARED empties the field then.
    """
    rec: dict[str, Any] = {}
    keys = [f.key for f in DATA_FIELDS if f.key not in _LATE] + list(_LATE)
    for key in keys:
        name = prefix + key
        if name not in values:
            continue
        value = values[name]
        if value is None and (skip_empty or key in KEEP_WHEN_EMPTY):
            continue
        if value is CLEARED:
            value = None
        rec |= _columns(key, value, gemeente_id)
    return rec


def _columns(key: str, value: Any, gemeente_id: Callable[[str], int]) -> dict[str, Any]:
    if key in _SIMPLE_TEXT:
        return {_SIMPLE_TEXT[key]: value or ""}
    if key in _FLAGS:
        return {_FLAGS[key]: bool(value)}
    if key == "soort":
        return {} if value is None else {"kind": value.code}
    if key == "status":
        return {"status": InitiativeStatus.ACTIEF.value if value is None else value.code}
    if key == "gemeente":
        return {} if value is None else {"gemeente_id": gemeente_id(value)}
    if key == "doelgroep":
        return {"target_groups": codes_text(value.codes) if isinstance(value, Groups) else ""}
    if key == "leeftijd":
        age = value if isinstance(value, AgeRange) else AgeRange(None, None)
        return {"min_age": age.low, "max_age": age.high}
    if key == "min_leeftijd":
        return {"min_age": value}
    if key == "max_leeftijd":
        return {"max_age": value}
    if key == "talen":
        langs = value if isinstance(value, Languages) else Languages((), False)
        return {"languages": codes_text(langs.codes), "via_interpreter": langs.interpreter}
    if key == "werkgebied":
        return {"gemeenten": codes_text(value.codes) if isinstance(value, Places) else ""}
    if key == "plaatsen":
        return {"places_available": value}
    if key == "wanneer":
        text = value or ""
        folded = fold(text)
        if folded.strip(" .") == "op afspraak":
            return {"schedule": "", "by_appointment": True}
        return {"schedule": text, "by_appointment": "op afspraak" in folded}
    if key == "adres":
        text = value or ""
        if fold(text).strip(" .") in {"online", "digitaal", "via internet", "online (digitaal)"}:
            return {"address": "", "online": True}
        return {"address": text}
    raise KeyError(key)  # pragma: no cover - every field is handled above


def input_of(columns: Mapping[str, Any]) -> InitiativeInput:
    """An InitiativeInput from stored-form columns (lists as space-separated codes)."""
    values = {name: columns[name] for name in INPUT_COLUMNS if name in columns}
    for name in LIST_COLUMNS:
        if name in values:
            values[name] = codes_of(values[name] or "")
    if "status" in values:
        values["status"] = InitiativeStatus(values["status"])
    return InitiativeInput(**values)


def stored_of(row: Any) -> dict[str, Any]:
    """An initiative row's importable columns as the import compares them (stored form)."""
    out = {name: getattr(row, name) for name in INPUT_COLUMNS}
    for name in LIST_COLUMNS:
        if isinstance(out[name], list | tuple):  # an InitiativeInput: code lists
            out[name] = codes_text(out[name])
    out["status"] = InitiativeStatus(out["status"]).value
    return out


def errors_by_field(errors: Mapping[str, str], prefix: str = "") -> dict[str, str]:
    """The service's errors (by column) keyed by the sheet fields the preview marks."""
    out: dict[str, str] = {}
    for column, message in errors.items():
        key = prefix + FIELD_OF_COLUMN.get(column, column)
        out[key] = f"{out[key]} {message}" if key in out else message
    return out
