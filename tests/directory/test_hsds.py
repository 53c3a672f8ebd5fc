"""The HSDS tabular export: the fields the standard requires are there and filled, ids link up, the
datapackage describes the files as written, and the counts come back when the files are read."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.directory import InitiativeStatus
from app.domain.roles import Action, Role
from app.services.directory.hsds import export_hsds
from tests.directory.fixtures import BUNNIK, UTRECHT, ZEIST, initiative

# HSDS 3.0 (schema/simple/schema.csv): required fields, and the tabular form's required links.
REQUIRED = {
    "organizations.csv": ["id", "name", "description"],
    "services.csv": ["id", "name", "status", "organization_id"],
    "locations.csv": ["id", "location_type"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "phones.csv": ["id", "number"],
    "contacts.csv": ["id"],
    "languages.csv": ["id"],
    "schedules.csv": ["id"],
}
STATUSES = {"active", "inactive", "defunct", "temporarily closed"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _directory(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio = make_actor(Role.REGIO_COORDINATOR, UTRECHT)
    initiative(session, regio, ZEIST, schedule="Dinsdag 19:00–21:00", contact_phone="+31 30 123 4567",
               accessibility="Rolstoeltoegankelijk", website="www.taalcafe-zeist.nl")  # fmt: skip
    initiative(session, regio, UTRECHT, name="Sportmaatjes", kind="sport", organisation="Stichting Samen",
               languages=["nl", "en", "ti"], open_to_region=True, target_groups=["jeugd"], min_age=6,
               max_age=23, via_interpreter=True, by_appointment=True)  # fmt: skip
    initiative(session, regio, BUNNIK, name="Online taalmaatje", kind="taalmaatje", organisation="",
               address="", online=True, contact_name="", contact_email="", contact_phone="",
               languages=["nl", "prs"], gemeenten=[BUNNIK, ZEIST],
               status=InitiativeStatus.GESTOPT)  # fmt: skip
    made = initiative(session, regio, ZEIST, name="Fietsles", kind="fietsles", organisation="Fietsersbond",
                      languages=[], status=InitiativeStatus.TIJDELIJK_GESTOPT)  # fmt: skip
    from app.services.directory.initiatives import verify_initiative

    verify_initiative(session, regio, made.id, made.version, today=date(2026, 5, 4))


def test_the_export_has_what_the_standard_requires_and_round_trips(
    session: Session, make_actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _directory(session, make_actor)
    reader = make_actor(Role.CONSULENT, BUNNIK)  # anyone in the region may take the directory along
    paths = export_hsds(session, reader, tmp_path / "hsds")
    names = [p.name for p in paths]
    assert set(REQUIRED) <= set(names) and names[-1] == "datapackage.json"
    tables = {p.name: _read(p) for p in paths if p.suffix == ".csv"}
    for file_name, required in REQUIRED.items():
        for row in tables[file_name]:
            assert all(row[f].strip() for f in required), (file_name, row)

    services, orgs = tables["services.csv"], tables["organizations.csv"]
    assert len(services) == 4 and len({s["id"] for s in services}) == 4
    assert {s["status"] for s in services} <= STATUSES
    by_name = {s["name"]: s for s in services}
    assert by_name["Online taalmaatje"]["status"] == "inactive"
    assert (
        by_name["Fietsles"]["status"] == "temporarily closed"
        and by_name["Fietsles"]["assured_date"] == "2026-05-04"
    )
    assert by_name["Taalcafé De Brug"]["url"] == "https://www.taalcafe-zeist.nl"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", by_name["Fietsles"]["last_modified"])
    sport = by_name["Sportmaatjes"]
    assert (sport["minimum_age"], sport["maximum_age"], sport["interpretation_services"]) == (
        "6",
        "23",
        "Via tolk",
    )
    # Two initiatives of "Stichting Samen" share one organisation; one without is its own.
    assert sorted(o["name"] for o in orgs) == ["Fietsersbond", "Online taalmaatje", "Stichting Samen"]
    assert len({s["organization_id"] for s in services}) == 3

    # Languages: one row per language per service (nl ar, nl en ti, nl prs, none).
    languages = tables["languages.csv"]
    assert len(languages) == 7
    assert {(row["code"], row["name"]) for row in languages if row["service_id"] == sport["id"]} == {
        ("nl", "Nederlands"), ("en", "Engels"), ("ti", "Tigrinya"),
    }  # fmt: skip
    locations = {row["id"]: row for row in tables["locations.csv"]}
    assert sorted(row["location_type"] for row in locations.values()) == ["physical"] * 3 + ["virtual"]
    assert len(tables["service_at_location.csv"]) == 4
    assert [row["number"] for row in tables["phones.csv"]].count("+31 30 123 4567") == 1  # no quote added
    assert len(tables["phones.csv"]) == 3 and len(tables["contacts.csv"]) == 3
    assert [row["description"] for row in tables["schedules.csv"]] == ["Dinsdag 19:00–21:00", "Op afspraak"]
    areas = [(row["service_id"], row["name"]) for row in tables["service_areas.csv"]]
    assert (sport["id"], "Regio") in areas and (by_name["Online taalmaatje"]["id"], "Zeist") in areas

    # Every link points at a row that is there.
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    package = json.loads((tmp_path / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    files = {r["name"]: r["path"] for r in package["resources"]}
    for resource in package["resources"]:
        path = tmp_path / "hsds" / resource["path"]
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["path"]
        required = {
            field["name"] for field in resource["schema"]["fields"] if field["constraints"]["required"]
        }
        assert "id" in required
        for key in resource["schema"].get("foreignKeys", []):
            target = ids[files[key["reference"]["resource"]]]
            for row in tables[resource["path"]]:
                assert not row[key["fields"]] or row[key["fields"]] in target, (resource["path"], key)
    service_fields = {
        f["name"]: f
        for f in next(r for r in package["resources"] if r["name"] == "service")["schema"]["fields"]
    }
    assert all(service_fields[f]["constraints"]["required"] for f in ("id", "name", "status"))
    assert set(service_fields["status"]["constraints"]["enum"]) <= STATUSES

    logged = session.scalars(
        select(AccessLog).where(AccessLog.action == Action.EXPORT, AccessLog.object_type == "initiatieven")
    ).all()
    assert [(r.actor_login, r.detail) for r in logged] == [(reader.login, "HSDS")]


def test_ids_are_stable_between_exports(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _directory(session, make_actor)
    actor = make_actor(Role.ALLEEN_LEZEN, ZEIST)
    first = {p.name: p.read_bytes() for p in export_hsds(session, actor, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in export_hsds(session, actor, tmp_path / "b")}
    assert first == second
    # Written again into the same folder: the files are replaced whole, no temporary files stay.
    export_hsds(session, actor, tmp_path / "a")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(first)
