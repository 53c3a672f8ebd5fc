"""A COA-koppelingen-like kind for tests (the real kind lives with the database wiring)."""

from __future__ import annotations

from app.io.excel.dates import parse_date
from app.io.excel.headers import FieldSpec
from app.io.excel.values import build_gemeente_lookup, gemeente_parser, parse_int, parse_text, parse_vnummer

# The U16 of DESIGN.md §4; Vianen resolves to its successor Vijfheerenlanden.
GEMEENTEN = build_gemeente_lookup(
    [
        ("GM0312", ["Bunnik"]),
        ("GM0310", ["De Bilt"]),
        ("GM0321", ["Houten"]),
        ("GM0353", ["IJsselstein"]),
        ("GM0356", ["Nieuwegein"]),
        ("GM1904", ["Stichtse Vecht"]),
        ("GM0344", ["Utrecht"]),
        ("GM1961", ["Vijfheerenlanden", "Vianen", "GM0620"]),
        ("GM0632", ["Woerden"]),
        ("GM0355", ["Zeist"]),
        ("GM0736", ["De Ronde Venen"]),
        ("GM0331", ["Lopik"]),
        ("GM0335", ["Montfoort"]),
        ("GM0589", ["Oudewater"]),
        ("GM1581", ["Utrechtse Heuvelrug"]),
        ("GM0352", ["Wijk bij Duurstede"]),
    ]
)

COA_FIELDS = [
    FieldSpec("vnummer", "V-nummer", ("vreemdelingennummer", "v-nummer hoofdaanvrager"), True, parse_vnummer),
    FieldSpec(
        "achternaam", "Achternaam", ("naam", "familienaam", "achternaam hoofdaanvrager"), False, parse_text
    ),
    FieldSpec("voornaam", "Voornaam", ("voornamen",), False, parse_text),
    FieldSpec("geboortedatum", "Geboortedatum", ("geb. datum", "geboren"), False, parse_date),
    FieldSpec("gezinsgrootte", "Gezinsgrootte", ("aantal personen", "huishoudgrootte"), True, parse_int),
    FieldSpec(
        "gemeente",
        "Gemeente",
        ("gekoppelde gemeente", "gemeentecode", "cbs-code"),
        True,
        gemeente_parser(GEMEENTEN),
    ),
    FieldSpec("datum_koppeling", "Datum koppeling", ("koppeldatum", "gekoppeld op"), True, parse_date),
]
