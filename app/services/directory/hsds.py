"""The whole directory in the Open Referral HSDS 3.0 tabular format: one CSV per table plus a
Frictionless ``datapackage.json`` that lists each file with its schema, so a municipality's *sociale
kaart* or another directory can take it over.

- ``export_hsds(session, actor, folder) -> list[Path]``: the files written (``datapackage.json``
  last). Every status is exported (HSDS has ``active``, ``temporarily closed``, ``inactive``).

How our fields map (field names from the HSDS 3.0 schema, ``schema/simple/schema.csv`` of
openreferral/specification):

- an initiative is a ``service``; its organisation an ``organization`` (one per distinct name; an
  initiative without one is its own organisation, as HSDS requires every service to have one);
- its address, or "online", a ``location`` (``physical`` / ``virtual``) with ``service_at_location``;
- the contact person a ``contact``, the phone a ``phone``, each language a ``language`` row (ISO
  639 code; "via tolk" is ``services.interpretation_services``, as HSDS keeps interpretation apart);
- the schedule text (and "op afspraak") a ``schedule``; the municipalities where it runs — and
  "open voor de hele regio" — ``service_area`` rows; accessibility an ``accessibility`` row;
- kind and target groups ``taxonomy_term`` rows linked through ``attribute`` rows;
- *laatst gecontroleerd* is ``services.assured_date``, *laatst gewijzigd* ``services.last_modified``
  (HSDS keeps them apart too).

Ids are stable UUIDs (version 5, from the table and our own id), so a second export updates the
same records in the receiving system instead of adding new ones.

Cells are written as they are, without the spreadsheet formula guard of app.io.safe_text: this is a
machine-read interchange format, and a leading quote would change phone numbers such as "+31 …" for
the receiving system. Files are written atomically (app.io.atomic) and are owner-only, because
contact persons' names and numbers are personal data.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Initiative
from app.domain.case_dossier import fold
from app.domain.directory import (
    TARGET_GROUPS,
    InitiativeStatus,
    codes_of,
    expand_groups,
    group_label,
    language_name,
)
from app.domain.roles import Action, Area
from app.io.atomic import replaced_atomically
from app.services.access import Actor, authorize
from app.services.directory.reference import gemeenten_by_id, list_kinds

HSDS_VERSION = "3.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://doorlopende-lijn.nl/hsds")
STATUS = {
    InitiativeStatus.ACTIEF: "active",
    InitiativeStatus.TIJDELIJK_GESTOPT: "temporarily closed",
    InitiativeStatus.GESTOPT: "inactive",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    required: bool = False
    format: str | None = None
    enum: tuple[str, ...] = ()


def _f(name: str, type_: str = "string", *, required: bool = False, format: str | None = None) -> Field:
    return Field(name, type_, required, format)


_UUID = "uuid"
# table → (file, the HSDS fields we write, foreign keys: field → table). Required as in HSDS 3.0
# (constraints_required, and constraints_tablular_required for the tabular form).
TABLES: dict[str, tuple[str, list[Field], dict[str, str]]] = {
    "organization": ("organizations.csv", [
        _f("id", required=True, format=_UUID), _f("name", required=True),
        _f("description", required=True), _f("email", format="email"), _f("website", format="uri"),
    ], {}),
    "service": ("services.csv", [
        _f("id", required=True, format=_UUID), _f("organization_id", required=True, format=_UUID),
        _f("name", required=True), _f("description"), _f("url", format="uri"), _f("email", format="email"),
        Field("status", required=True, enum=tuple(STATUS.values())), _f("interpretation_services"),
        _f("application_process"), _f("fees_description"), _f("eligibility_description"),
        _f("minimum_age", "number"), _f("maximum_age", "number"), _f("assured_date", "date"),
        _f("last_modified", "datetime", format="any"), _f("alert"),
    ], {"organization_id": "organization"}),
    "location": ("locations.csv", [
        _f("id", required=True, format=_UUID), Field("location_type", required=True,
                                                     enum=("physical", "postal", "virtual")),
        _f("url", format="uri"), _f("organization_id", format=_UUID), _f("name"), _f("description"),
    ], {"organization_id": "organization"}),
    "service_at_location": ("service_at_location.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", required=True, format=_UUID),
        _f("location_id", required=True, format=_UUID),
    ], {"service_id": "service", "location_id": "location"}),
    "contact": ("contacts.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", format=_UUID), _f("name"),
        _f("email", format="email"),
    ], {"service_id": "service"}),
    "phone": ("phones.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", format=_UUID),
        _f("contact_id", format=_UUID), _f("number", required=True), _f("type"),
    ], {"service_id": "service", "contact_id": "contact"}),
    "language": ("languages.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", format=_UUID), _f("name"), _f("code"),
    ], {"service_id": "service"}),
    "schedule": ("schedules.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", format=_UUID), _f("description"),
        _f("attending_type"), _f("notes"),
    ], {"service_id": "service"}),
    "service_area": ("service_areas.csv", [
        _f("id", required=True, format=_UUID), _f("service_id", format=_UUID), _f("name"),
        _f("description"), _f("uri"),
    ], {"service_id": "service"}),
    "accessibility": ("accessibility.csv", [
        _f("id", required=True, format=_UUID), _f("location_id", format=_UUID), _f("description"),
    ], {"location_id": "location"}),
    "taxonomy_term": ("taxonomy_terms.csv", [
        _f("id", required=True, format=_UUID), _f("code"), _f("name", required=True),
        _f("description", required=True), _f("taxonomy"), _f("language"),
    ], {}),
    "attribute": ("attributes.csv", [
        _f("id", required=True, format=_UUID), _f("link_id", required=True, format=_UUID),
        _f("taxonomy_term_id", required=True, format=_UUID), _f("link_type"),
        _f("link_entity", required=True), _f("label"),
    ], {"taxonomy_term_id": "taxonomy_term"}),
}  # fmt: skip
KIND_TAXONOMY = "Doorlopende Lijn: soort initiatief"
GROUP_TAXONOMY = "Doorlopende Lijn: doelgroep"


def hsds_id(table: str, key: object) -> str:
    """A stable UUID for one record: the same initiative gets the same id in every export."""
    return str(uuid.uuid5(NAMESPACE, f"{table}/{key}"))


Row = dict[str, object]


class _Collector:
    """The rows of every table, filled one initiative at a time."""

    def __init__(self, session: Session) -> None:
        self.names = gemeenten_by_id(session)
        self.by_code = {code: name for code, name in self.names.values()}
        self.kinds = list_kinds(session, include_inactive=True)
        self.out: dict[str, list[Row]] = {table: [] for table in TABLES}
        self.orgs: dict[str, Row] = {}
        self.org_services: dict[str, list[str]] = {}
        self.terms: dict[tuple[str, str], Row] = {}

    def add(self, table: str, key: object, **values: object) -> str:
        row_id = hsds_id(table, key)
        self.out[table].append({"id": row_id, **values})
        return row_id

    def organisation(self, r: Initiative) -> str:
        key = fold(r.organisation).strip() or f"initiatief/{r.id}"
        if key not in self.orgs:
            name = r.organisation.strip() or r.name
            self.orgs[key] = {"id": hsds_id("organization", key), "name": name, "description": ""}
        self.org_services.setdefault(key, []).append(r.name)
        return str(self.orgs[key]["id"])

    def term(self, taxonomy: str, code: str, label: str) -> str:
        key = (taxonomy, code)
        if key not in self.terms:
            self.terms[key] = {
                "id": hsds_id("taxonomy_term", f"{taxonomy}/{code}"),
                "code": code,
                "name": label,
                "description": label,
                "taxonomy": taxonomy,
                "language": "nl",
            }
        return str(self.terms[key]["id"])

    def initiative(self, r: Initiative) -> None:
        org_id = self.organisation(r)
        groups = codes_of(r.target_groups)
        sid = self.add(
            "service",
            r.id,
            organization_id=org_id,
            name=r.name,
            description=r.description,
            url=_url(r.website),
            email=r.contact_email,
            status=STATUS[r.status],
            interpretation_services="Via tolk" if r.via_interpreter else "",
            application_process="Op afspraak" if r.by_appointment else "",
            fees_description=r.cost,
            eligibility_description=", ".join(group_label(g) for g in groups),
            minimum_age=r.min_age,
            maximum_age=r.max_age,
            assured_date=r.checked_on.isoformat() if r.checked_on else "",
            last_modified=_utc(r.changed_at),
            alert="Tijdelijk gestopt" if r.status is InitiativeStatus.TIJDELIJK_GESTOPT else "",
        )
        if r.address or r.online:
            physical = bool(r.address)
            lid = self.add(
                "location",
                r.id,
                location_type="physical" if physical else "virtual",
                url="" if physical else _url(r.website),
                organization_id=org_id,
                name=r.address if physical else "Online",
                description="Ook online" if physical and r.online else "",
            )
            self.add("service_at_location", r.id, service_id=sid, location_id=lid)
            if r.accessibility:
                self.add("accessibility", r.id, location_id=lid, description=r.accessibility)
        contact_id = ""
        if r.contact_name or r.contact_email:
            contact_id = self.add("contact", r.id, service_id=sid, name=r.contact_name, email=r.contact_email)
        if r.contact_phone:
            self.add(
                "phone", r.id, service_id=sid, contact_id=contact_id, number=r.contact_phone, type="voice"
            )
        for code in codes_of(r.languages):
            self.add("language", f"{r.id}/{code}", service_id=sid, name=language_name(code), code=code)
        if r.schedule or r.by_appointment:
            self.add(
                "schedule",
                r.id,
                service_id=sid,
                description=r.schedule or "Op afspraak",
                attending_type="online" if r.online and not r.address else "in person",
                notes="Op afspraak" if r.by_appointment and r.schedule else "",
            )
        for code in codes_of(r.gemeenten) or [self.names[r.gemeente_id][0]]:
            name = self.by_code.get(code, code)
            self.add(
                "service_area", f"{r.id}/{code}", service_id=sid, name=name, description=f"CBS-code {code}"
            )
        if r.open_to_region:
            description = "Open voor inwoners van de hele regio"
            self.add("service_area", f"{r.id}/regio", service_id=sid, name="Regio", description=description)
        links = [(KIND_TAXONOMY, r.kind, self.kinds.get(r.kind, r.kind), "service_type")]
        for g in sorted(expand_groups(groups)):
            links.append((GROUP_TAXONOMY, g, TARGET_GROUPS.get(g, group_label(g)), "eligibility"))
        for taxonomy, code, label, link_type in links:
            self.add(
                "attribute",
                f"{r.id}/{taxonomy}/{code}",
                link_id=sid,
                taxonomy_term_id=self.term(taxonomy, code, label),
                link_type=link_type,
                link_entity="service",
                label=label,
            )

    def tables(self) -> dict[str, list[Row]]:
        for key, org in self.orgs.items():
            services = self.org_services[key]
            more = " …" if len(services) > 20 else ""
            org["description"] = "Biedt aan: " + "; ".join(services[:20]) + more
        self.out["organization"] = list(self.orgs.values())
        self.out["taxonomy_term"] = list(self.terms.values())
        return self.out


def _rows(session: Session) -> dict[str, list[Row]]:
    collector = _Collector(session)
    for r in session.scalars(select(Initiative).order_by(Initiative.id)):
        collector.initiative(r)
    return collector.tables()


def _utc(moment: datetime | None) -> str:
    """ISO 8601 in UTC with milliseconds, as HSDS asks: 2026-05-04T09:30:00.000Z."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _url(text: str) -> str:
    """A website as a URI: people type "www.taalcafe.nl"; HSDS wants the scheme."""
    text = text.strip()
    if text and "://" not in text:
        return "https://" + text
    return text


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _write_csv(path: Path, fields: Sequence[Field], rows: list[Row]) -> None:
    with replaced_atomically(path) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([f.name for f in fields])
        for row in rows:
            writer.writerow([_cell(row.get(f.name)) for f in fields])


def datapackage() -> dict[str, object]:
    """The Frictionless tabular data package that describes the files."""
    resources = []
    for table, (file_name, fields, foreign) in TABLES.items():
        schema_fields = []
        for f in fields:
            constraints: dict[str, object] = {"required": f.required}
            if f.name == "id":
                constraints["unique"] = True
            if f.enum:
                constraints["enum"] = list(f.enum)
            entry: dict[str, object] = {"name": f.name, "type": f.type, "constraints": constraints}
            if f.format:
                entry["format"] = f.format
            schema_fields.append(entry)
        schema: dict[str, object] = {"fields": schema_fields, "primaryKey": "id"}
        if foreign:
            schema["foreignKeys"] = [
                {"fields": name, "reference": {"resource": target, "fields": "id"}}
                for name, target in foreign.items()
            ]
        resources.append(
            {
                "name": table,
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "doorlopende-lijn-initiatieven",
        "title": "Vrijwilligersinitiatieven (Doorlopende Lijn), Open Referral HSDS",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "homepage": "https://docs.openreferral.org",
        "resources": resources,
    }


def export_hsds(session: Session, actor: Actor, folder: Path | str) -> list[Path]:
    """Write the HSDS tables of the whole directory to ``folder`` (created when missing)."""
    authorize(session, actor, Action.EXPORT, Area.DIRECTORY, "initiatieven", gemeente_id=None,
              detail="HSDS")  # fmt: skip
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    rows = _rows(session)
    written: list[Path] = []
    for table, (file_name, fields, _foreign) in TABLES.items():
        path = target / file_name
        _write_csv(path, fields, rows[table])
        written.append(path)
    package = target / "datapackage.json"
    with replaced_atomically(package) as temp:
        temp.write_text(json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(package)
    return written
