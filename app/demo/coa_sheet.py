"""A synthetic COA koppelingen sheet (``python -m app sample-sheet``), shaped like a real COA export,
to try the import with and to test it on without a real file.

Layout as COA sends it: a title row, a peildatum row, a blank row, then one header row with COA's
own column names, including the columns the import never reads (names, birth date, sex,
nationality, permit date) and the free text "Bijzonderheden huisvesting" that becomes flags.
Everything is invented: names are visibly fake ("Fictief-007"), V-nummers are random. The same
``seed``, ``rows`` and ``today`` give the same file, byte for byte. No Qt, no database.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import random
from pathlib import Path

from app.resources import resource

MAX_ROWS = 10_000
SHEET_NAME = "Koppelingen"
TITLE = "Koppelingen statushouders regio Utrecht (U16) - VERZONNEN VOORBEELD, geen echte personen"
HEADER_ROW = 4  # 1-based, as Excel and the import's report number rows
HEADERS = (
    "V-nummer", "Achternaam", "Voornaam", "Geboortedatum", "Geslacht", "Nationaliteit", "Taal",
    "Gezinsgrootte", "Volwassenen", "Kinderen", "Locatie", "Gemeente", "Datum koppeling",
    "Datum verblijfsvergunning", "Nareizigers verwacht", "Bijzonderheden huisvesting",
)  # fmt: skip
_WIDTHS = (12, 14, 15, 13, 9, 13, 18, 12, 11, 9, 32, 20, 15, 15, 11, 44)

# Household size and its weight (many singles, then families), as in the demo data.
_SIZES = ((1, 44), (2, 10), (3, 10), (4, 12), (5, 10), (6, 7), (7, 4), (8, 3))
# Nationality (not imported), languages spoken (first is the usual one), weight.
_ORIGINS = (
    ("Syrisch", ("Arabisch", "Koerdisch"), 30),
    ("Eritrees", ("Tigrinya",), 18),
    ("Turks", ("Turks", "Koerdisch"), 12),
    ("Afghaans", ("Dari", "Pasjtoe"), 10),
    ("Jemenitisch", ("Arabisch",), 8),
    ("Iraans", ("Farsi",), 6),
    ("Iraaks", ("Arabisch", "Koerdisch"), 5),
    ("Somalisch", ("Somalisch",), 5),
    ("Ethiopisch", ("Amhaars", "Tigrinya"), 3),
    ("Staatloos", ("Arabisch",), 3),
)
# Locations as COA writes them; some with the site in brackets, some not in resources/azc.csv.
_LOCATIONS = (
    ("AZC Utrecht (Joegoslaviëstraat)", 14),
    ("AZC Zeist (Kamp van Zeist)", 12),
    ("AZC Amersfoort", 10),
    ("AZC Leersum", 8),
    ("AZC Dronten", 6),
    ("AZC Almere", 6),
    ("AZC Arnhem", 5),
    ("AZC Budel", 5),
    ("AZC Ter Apel", 5),
    ("AZC Den Helder", 3),
)
_SIZE_CUM = list(itertools.accumulate(w for _, w in _SIZES))
_ORIGIN_CUM = list(itertools.accumulate(w for *_, w in _ORIGINS))
_LOCATION_CUM = list(itertools.accumulate(w for _, w in _LOCATIONS))
# Free text about housing needs; the import keeps only flags (see koppelingen_kind._NEEDS).
MEDICAL_TEXT = "nabij ziekenhuis (geen details)"
GROUND_FLOOR_TEXT = "begane grond of lift"
ACCESSIBLE_TEXT = "rolstoeltoegankelijk"
NEEDS_TEXTS = (
    MEDICAL_TEXT,
    GROUND_FLOOR_TEXT,
    ACCESSIBLE_TEXT,
    "gelijkvloers i.v.m. rollator",
    "drempelvrije benedenwoning, in de buurt van een behandelcentrum",
    "geen bijzonderheden",
    "liefst dicht bij station of bushalte",
)
_NEEDS_SHARE = 0.25
_CBS_CODE_SHARE = 0.12  # sheets from some COA desks give the gemeente as CBS code


@dataclasses.dataclass(frozen=True)
class SampleRow:
    """One household as written to the sheet; ``gemeente`` is the cell text (a name or GM-code)."""

    v_nummer: str
    achternaam: str
    voornaam: str
    geboortedatum: dt.date
    geslacht: str
    nationaliteit: str
    taal: str
    persons: int
    adults: int
    children: int
    locatie: str
    gemeente: str
    gemeente_code: str
    linked_on: dt.date
    permit_on: dt.date
    nareizigers: int
    bijzonderheden: str | None


def _gemeenten() -> list[tuple[str, str, int]]:
    """(cbs_code, naam, inwoners) of the region's active municipalities."""
    with resource("gemeenten.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [
        (r["cbs_code"], r["naam"], int(r["inwoners"]))
        for r in csv.DictReader(lines, delimiter=";")
        if r.get("actief", "1").strip() == "1"
    ]


def _household(rng: random.Random) -> tuple[int, int, int]:
    persons = rng.choices(_SIZES, cum_weights=_SIZE_CUM)[0][0]
    if persons == 1:
        return 1, 1, 0
    roll = rng.random()
    if persons >= 4 and roll < 0.06:
        adults = 3  # a grown-up son or daughter
    elif roll < 0.2:
        adults = 1  # a single parent
    else:
        adults = 2
    return persons, adults, persons - adults


def _v_nummer(rng: random.Random, used: set[str], *, leading_zero: bool = False) -> str:
    while True:
        number = rng.randrange(10**8, 10**9) if leading_zero else rng.randrange(10**8, 10**10)
        text = f"{number:010d}"
        if text not in used:
            used.add(text)
            return text


def sample_rows(rows: int = 40, *, seed: int = 2017, today: dt.date | None = None) -> list[SampleRow]:
    """The households of the sample sheet, linked in the half year before ``today``.

    Whatever the seed, the first row has the medical text, the second (when there is one) its
    gemeente as CBS code, and at least one V-nummer starts with a zero; with three rows or more
    the ground-floor and wheelchair texts appear at least once."""
    if not 1 <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be 1..{MAX_ROWS}, not {rows}")
    today = today or dt.date.today()
    rng = random.Random(seed)
    gemeenten = _gemeenten()
    cum = list(itertools.accumulate(inwoners for _, _, inwoners in gemeenten))
    width = max(3, len(str(rows)))
    used: set[str] = set()
    zero_at = min(3, rows - 1)
    out: list[SampleRow] = []
    for index in range(rows):
        persons, adults, children = _household(rng)
        nationaliteit, spoken, _ = rng.choices(_ORIGINS, cum_weights=_ORIGIN_CUM)[0]
        taal = spoken[0] if len(spoken) == 1 or rng.random() < 0.8 else spoken[1]
        if rng.random() < 0.15:
            taal += ", Engels"
        code, naam, _ = rng.choices(gemeenten, cum_weights=cum)[0]
        as_code = index == 1 or (index > 1 and rng.random() < _CBS_CODE_SHARE)
        linked_on = today - dt.timedelta(days=rng.randrange(1, 183))
        youngest, oldest = (22, 52) if children else (19, 66)
        born = today - dt.timedelta(days=rng.randrange(youngest * 365, oldest * 365))
        if persons == 1:
            followers = rng.randrange(1, 6) if rng.random() < 0.4 else 0
        else:
            followers = rng.randrange(1, 3) if rng.random() < 0.1 else 0
        needs = rng.choice(NEEDS_TEXTS) if rng.random() < _NEEDS_SHARE else None
        out.append(
            SampleRow(
                v_nummer=_v_nummer(rng, used, leading_zero=index == zero_at),
                achternaam=f"Fictief-{index + 1:0{width}d}",
                voornaam=f"Voornaam-{index + 1:0{width}d}",
                geboortedatum=born,
                geslacht="M" if rng.random() < 0.62 else "V",
                nationaliteit=nationaliteit,
                taal=taal,
                persons=persons,
                adults=adults,
                children=children,
                locatie=rng.choices(_LOCATIONS, cum_weights=_LOCATION_CUM)[0][0],
                gemeente=code if as_code else naam,
                gemeente_code=code,
                linked_on=linked_on,
                permit_on=linked_on - dt.timedelta(days=rng.randrange(3, 15)),
                nareizigers=followers,
                bijzonderheden=MEDICAL_TEXT if index == 0 else needs,
            )
        )
    for text in (GROUND_FLOOR_TEXT, ACCESSIBLE_TEXT):
        _make_sure(out, text)
    return out


def _make_sure(rows: list[SampleRow], text: str) -> None:
    """Put ``text`` on the last row that has none of the promised texts, when no row has it yet.
    The first row keeps its medical text."""
    if any(r.bijzonderheden == text for r in rows):
        return
    promised = (MEDICAL_TEXT, GROUND_FLOOR_TEXT, ACCESSIBLE_TEXT)
    for index in range(len(rows) - 1, 0, -1):
        if rows[index].bijzonderheden not in promised:
            rows[index] = dataclasses.replace(rows[index], bijzonderheden=text)
            return


def write_sample_sheet(path: Path, *, rows: int = 40, seed: int = 2017, today: dt.date | None = None) -> int:
    """Write the sample sheet to ``path`` (.xlsx) and return the number of households written.
    The caller checks the path (``app.commands.files.output_file``); this overwrites."""
    import xlsxwriter  # lazily: only this command needs it

    today = today or dt.date.today()
    data = sample_rows(rows, seed=seed, today=today)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    # A fixed creation time: the same arguments give the same bytes.
    wb.set_properties(
        {
            "title": "COA-koppelingen (verzonnen voorbeeld)",
            "author": "Doorlopende Lijn",
            "comments": f"Synthetisch voorbeeld, seed {seed}; geen echte personen.",
            "created": dt.datetime.combine(today, dt.time(9, 0)),
        }
    )
    ws = wb.add_worksheet(SHEET_NAME)
    bold = wb.add_format({"bold": True})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    date = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_string(0, 0, TITLE, bold)
    ws.write_string(1, 0, f"Peildatum: {today:%d-%m-%Y}")
    top = HEADER_ROW - 1
    for col, (title, width) in enumerate(zip(HEADERS, _WIDTHS, strict=True)):
        ws.write_string(top, col, title, header)
        ws.set_column(col, col, width)
    for offset, r in enumerate(data, start=1):
        line = top + offset
        ws.write_string(line, 0, r.v_nummer)  # text, as COA sends it: the leading zero stays
        ws.write_string(line, 1, r.achternaam)
        ws.write_string(line, 2, r.voornaam)
        ws.write_datetime(line, 3, dt.datetime.combine(r.geboortedatum, dt.time()), date)
        ws.write_string(line, 4, r.geslacht)
        ws.write_string(line, 5, r.nationaliteit)
        ws.write_string(line, 6, r.taal)
        ws.write_number(line, 7, r.persons)
        ws.write_number(line, 8, r.adults)
        ws.write_number(line, 9, r.children)
        ws.write_string(line, 10, r.locatie)
        ws.write_string(line, 11, r.gemeente)
        ws.write_datetime(line, 12, dt.datetime.combine(r.linked_on, dt.time()), date)
        ws.write_datetime(line, 13, dt.datetime.combine(r.permit_on, dt.time()), date)
        ws.write_number(line, 14, r.nareizigers)
        if r.bijzonderheden:
            ws.write_string(line, 15, r.bijzonderheden)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.autofilter(top, 0, top + len(data), len(HEADERS) - 1)
    wb.close()
    return len(data)
