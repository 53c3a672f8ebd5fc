"""COA koppelingen as an import kind (key: the V-nummer of the main applicant).

Privacy: COA sheets also carry names, birth dates, sex and nationality. The board is visible to
the whole region and needs none of that, so those columns are not fields here: the mapping step
shows them as "niet inlezen" and they never reach the database. Free text about housing needs
becomes three flags; the text itself is not kept, as it may hold medical detail.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from app.db.models import Koppeling
from app.domain.roles import Area
from app.imports.board_kinds import BoardKind, limit_text
from app.imports.bulk import BulkTable
from app.imports.kinds import RowProblem, register, years_back
from app.imports.pipeline import DeferredCopies
from app.io.excel.dates import date_range_parser
from app.io.excel.headers import FieldSpec
from app.io.excel.values import int_parser, parse_text, parse_vnummer
from app.resources import resource

# Plausible values (DESIGN: no silent misreads). Beyond the range a row error; beyond the warning
# the row is imported and the preview asks "klopt dat?". A household of 20 exists; of 21 it is a typo.
MAX_PERSONS, WARN_PERSONS = 20, 12
MAX_ADULTS, WARN_ADULTS = 20, 10
MAX_CHILDREN, WARN_CHILDREN = 19, 12
MAX_FOLLOWERS, WARN_FOLLOWERS = 20, 10
# COA links a household weeks before it arrives; a date years back is an old row or a typo. Ten
# years back is refused; more than a year back is imported with a warning (issue 17: such rows came
# in silently, while a koppeling that old is long overdue and usually a wrong year).
LINKED_YEARS_BACK, LINKED_WARN_YEARS, LINKED_DAYS_AHEAD = 10, 1, 31

# The counts of a household: field key -> column.
_COUNT_COLUMNS = (("gezinsgrootte", "persons"), ("volwassenen", "adults"), ("kinderen", "children"),
                  ("nareizigers", "expected_followers"))  # fmt: skip
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
class KoppelingenKind(BoardKind):
    name = "koppelingen"
    title = "COA-koppelingen"
    area = Area.BOARD
    object_type = "koppeling"
    table = Koppeling.__table__
    key_columns = ("v_nummer",)
    # The region's municipalities, its only look-up, are loaded while the fields are built.
    record_reads_database = False
    column_labels: ClassVar[dict[str, str]] = {
        "v_nummer": "V-nummer", "gemeente_id": "Gemeente", "linked_on": "Datum koppeling",
        "persons": "Gezinsgrootte", "adults": "Volwassenen", "children": "Kinderen",
        "languages": "Taal", "azc_location": "Locatie", "azc_lat": "Breedtegraad AZC",
        "azc_lon": "Lengtegraad AZC", "expected_followers": "Nareizigers verwacht",
        "needs_accessible": "Toegankelijke woning nodig", "needs_ground_floor": "Begane grond/lift nodig",
        "medical_proximity": "Nabij medische voorziening",
    }  # fmt: skip

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        today = self.today
        dates = date_range_parser(
            earliest=years_back(today, LINKED_YEARS_BACK),
            latest=today + dt.timedelta(days=LINKED_DAYS_AHEAD),
            warn_before=years_back(today, LINKED_WARN_YEARS),
            date1904=date1904,
        )
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
                int_parser(0, MAX_PERSONS, warn_above=WARN_PERSONS),
            ),
            FieldSpec(
                "volwassenen",
                "Volwassenen",
                ("aantal volwassenen", "18+"),
                False,
                int_parser(0, MAX_ADULTS, warn_above=WARN_ADULTS),
            ),
            FieldSpec(
                "kinderen",
                "Kinderen",
                ("aantal kinderen", "minderjarigen", "18-"),
                False,
                int_parser(0, MAX_CHILDREN, warn_above=WARN_CHILDREN),
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
                int_parser(0, MAX_FOLLOWERS, warn_above=WARN_FOLLOWERS),
            ),
            FieldSpec(
                "bijzonderheden",
                "Bijzonderheden huisvesting",
                ("bijzonderheden", "woonwensen", "huisvestingseisen"),
                False,
                parse_text,
            ),
            # The head's name goes to the new dossier only, never to the board (which has no names).
            FieldSpec(
                "achternaam",
                "Achternaam",
                ("achternaam hoofdaanvrager", "familienaam", "naam hoofdaanvrager"),
                False,
                parse_text,
            ),
            FieldSpec("voornaam", "Voornaam", ("voornamen", "voornaam hoofdaanvrager"), False, parse_text),
        ]

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        get = values.get  # once per row, for every field: kept cheap
        rec: dict[str, Any] = {"v_nummer": values["vnummer"]}
        if gemeente := get("gemeente"):
            rec["gemeente_id"] = self.gemeente_id(gemeente)
        if (linked_on := get("datum_koppeling")) is not None:
            rec["linked_on"] = linked_on
        for field_key, column in _COUNT_COLUMNS:
            if (count := get(field_key)) is not None:
                rec[column] = count
        if "taal" in values:
            rec["languages"] = limit_text(values["taal"], 120)
        if "locatie" in values:
            location = limit_text(values["locatie"], 80)
            rec["azc_location"] = location
            xy = self._azc_for(location) if location else None
            rec["azc_lat"], rec["azc_lon"] = xy if xy else (None, None)
        if "bijzonderheden" in values:
            text = values["bijzonderheden"] or ""
            for column, pattern in _NEEDS.items():
                rec[column] = bool(pattern.search(text))
        self._check_household(rec)
        first, last = get("voornaam"), get("achternaam")
        if first or last:  # kept aside for the dossier a new koppeling gets; not a board column
            self._heads[rec["v_nummer"]] = limit_text(" ".join(p for p in (first, last) if p), 120)
        return rec

    def rows_inserted(self, new_ids: Sequence[int], records: Sequence[Mapping[str, Any]]) -> None:
        heads, names = self._heads, self._head_of
        for koppeling_id, rec in zip(new_ids, records, strict=True):
            name = heads.pop(rec["v_nummer"], None)
            if name:
                names[koppeling_id] = name

    def _azc_for(self, location: str) -> tuple[float, float] | None:
        """The coordinates of an AZC text, looked up once per distinct text (a sheet has few)."""
        seen: dict[str, tuple[float, float] | None] | None = self.__dict__.get("_azc_seen")
        if seen is None:
            seen = self.__dict__["_azc_seen"] = {}
        if location not in seen:
            if len(seen) > 10_000:  # a sheet of all-different texts: keep the memory bounded
                seen.clear()
            seen[location] = _azc_lookup(location, self._azc())
        return seen[location]

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
            if adults + children > MAX_PERSONS:
                raise RowProblem(
                    {"gezinsgrootte": f"Gezinsgrootte {adults + children} ({adults} volwassene(n) + "
                     f"{children} kind(eren)) is te groot (hoogstens {MAX_PERSONS})."}
                )  # fmt: skip
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._early_ids: set[int] = set()  # koppelingen whose dossiers the write thread made
        self._early_made = 0
        self._sqlite_heads = False  # the write thread's table of names (SQLite) is to be dropped
        self._heads: dict[str, str] = {}  # V-nummer → the head's name from the sheet, until inserted
        self._head_of: dict[int, str] = {}  # new koppeling id → the head's name, for its dossier

    def after_insert(self, bulk: BulkTable, new_ids: Sequence[int], later: DeferredCopies) -> None:
        """The chunk's dossiers are made on the write thread right after its rows, while the next
        chunk is parsed. PostgreSQL: by the database function (it checks the rights); SQLite: by
        INSERT … SELECTs, which run without the GIL (a 100,000-row import's dossiers took 2 s)."""
        from app.services.cases.auto_dossiers import ENSURE_SQL, head_arrays, sqlite_chunk_job

        ids = list(new_ids)
        if bulk.driver not in ("psycopg", "sqlite") or not ids:
            return
        self._early_ids.update(ids)
        if bulk.driver == "sqlite":
            job = sqlite_chunk_job(bulk.conn, self.actor, ids, self._head_of)
            self._sqlite_heads = True

            def make_sqlite() -> None:
                self._early_made += job()

            later.add(make_sqlite)
            return
        names, searches = head_arrays(ids, self._head_of)

        def make() -> None:
            self._early_made += int(bulk.scalar_sql(ENSURE_SQL, (ids, names, searches)) or 0)

        later.add(make)

    def after_write(self, new_ids: Sequence[int]) -> None:
        """Every new koppeling gets its dossier at once (one statement per chunk of ids); those made
        on the write thread already are counted in the one log row."""
        from app.services.cases.auto_dossiers import drop_sqlite_heads, ensure_dossiers

        if self._sqlite_heads:
            drop_sqlite_heads(self.session.connection())
        rest = [i for i in new_ids if i not in self._early_ids]
        ensure_dossiers(
            self.session, self.actor, rest, why="import", made_before=self._early_made, heads=self._head_of
        )

    def before_undo(self, new_ids: Sequence[int]) -> None:
        """The dossiers of koppelingen an undo removes stay, without the koppeling."""
        from app.services.cases.auto_dossiers import detach_dossiers

        detach_dossiers(self.session, self.actor, new_ids)
