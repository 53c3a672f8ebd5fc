"""``initiatives``: the volunteer-initiative directory, headless — the list with the GUI's search,
``initiatives gaps`` (where the offer is not *sluitend*) and ``initiatives export-hsds MAP``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.commands.common import Column
    from app.services.directory.search import InitiativeRow

GEMEENTE_HELP = (
    "alleen initiatieven in deze gemeente of open voor de regio: CBS-code (GM0355, of 355) of naam; "
    "met --te-controleren: de gemeente die ze bijhoudt"
)
# The narrow table (at most 100 characters); --wide and --csv show every column.
LIST_COLUMNS: list[Column] = ["Naam", "Soort", "Eigenaar", "Talen", ("Plaatsen vrij", "Plek"), "Status",
                              ("Gecontroleerd", "Gecontr."), "Let op"]  # fmt: skip
HEADERS = ["Id", "Naam", "Organisatie", "Soort", "Eigenaar", "Gemeenten", "Open voor regio", "Talen",
           "Via tolk", "Doelgroep", "Leeftijd", "Plaatsen vrij", "Wachtlijst", "Wanneer", "Adres",
           "Contactpersoon", "Telefoon", "E-mail", "Status", "Gecontroleerd", "Let op"]  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    parser = sub.add_parser(
        "initiatives",
        help="vrijwilligersinitiatieven: zoeken, hiaten in het aanbod, HSDS-export",
        description="Zoek in de wegwijzer van vrijwilligersinitiatieven, zoals in het programma. Zonder "
        "filters: alle actieve initiatieven van de regio. Met 'gaps' ziet u per gemeente wat ontbreekt; "
        "met 'export-hsds' schrijft u de hele wegwijzer in het Open Referral-formaat (HSDS).",
    )
    parser.add_argument("--gemeente", metavar="CODE", help=GEMEENTE_HELP)
    parser.add_argument(
        "--taal",
        metavar="ISO",
        help="alleen initiatieven in deze taal: ISO-code (ar, ti, prs) of naam (Arabisch)",
    )
    parser.add_argument(
        "--soort", metavar="SOORT", help="alleen deze soort: code of naam (taalcafe, Taalcafé, sport)"
    )
    parser.add_argument(
        "--te-controleren",
        dest="to_check",
        action="store_true",
        help="alleen initiatieven die te lang niet gecontroleerd zijn (de lijst Te controleren)",
    )
    add_table_options(parser)
    parser.set_defaults(handler=handle_list)
    actions = parser.add_subparsers(dest="action", metavar="OPDRACHT")

    gaps = actions.add_parser(
        "gaps",
        help="hiaten per gemeente: talen en soorten zonder initiatief",
        description="Per gemeente: welke talen de mensen in open dossiers spreken waarin geen initiatief "
        "in de gemeente (of open voor de regio) iets aanbiedt, en welke soorten initiatief ontbreken; "
        "met het aantal mensen. Alleen aantallen, nooit wie.",
    )
    gaps.add_argument(
        "--gemeente", metavar="CODE", help="alleen deze gemeente: CBS-code (GM0355, of 355) of naam"
    )
    gaps.add_argument(
        "--alleen", choices=("talen", "soorten"), metavar="WAT",
        help="alleen de talen of alleen de soorten initiatief die ontbreken (talen of soorten)",
    )  # fmt: skip
    add_table_options(gaps)
    gaps.set_defaults(handler=handle_gaps)

    hsds = actions.add_parser(
        "export-hsds",
        help="de hele wegwijzer als HSDS (CSV-bestanden en datapackage.json) in een map",
        description="Schrijf alle initiatieven in het Open Referral HSDS-formaat: een CSV-bestand per "
        "tabel (services.csv, organizations.csv, languages.csv, ...) en datapackage.json, zodat een "
        "sociale kaart of ander systeem ze kan overnemen. De map wordt aangemaakt als hij ontbreekt; "
        "bestaande bestanden worden alleen met --force overschreven.",
    )
    hsds.add_argument("folder", metavar="MAP", help="map voor de bestanden")
    hsds.add_argument("--force", action="store_true", help="bestaande HSDS-bestanden in de map overschrijven")
    hsds.set_defaults(handler=handle_export_hsds)


# -- checked values -----------------------------------------------------------------------------------


def language_from_args(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    from app.domain.directory import LANGUAGES, language_code
    from app.errors import UserError

    code = language_code(text)
    if code is None:
        valid = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        raise UserError(f"Onbekende taal '{text.strip()}'. Geldige codes: {valid}.")
    return code


def kind_from_args(session: Session, text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    from app.domain.case_dossier import fold
    from app.errors import UserError
    from app.services.directory.reference import list_kinds

    kinds = list_kinds(session, include_inactive=True)
    wanted = fold(text).strip()
    for code, label in kinds.items():
        if wanted in (fold(code), fold(label)):
            return code
    valid = ", ".join(f"{code} ({label})" for code, label in kinds.items())
    raise UserError(f"Onbekende soort '{text.strip()}'. Geldige soorten: {valid}.")


# -- the list -----------------------------------------------------------------------------------------


def _ages(row: InitiativeRow) -> str:
    if row.min_age is None and row.max_age is None:
        return ""
    return f"{row.min_age if row.min_age is not None else 0}–{row.max_age if row.max_age is not None else ''}"


def list_table(rows: list[InitiativeRow]) -> list[list[object]]:
    from app.domain.timefmt import date_text

    return [
        [r.id, r.name, r.organisation, r.kind_label, r.owner_name, " ".join(r.gemeenten),
         "ja" if r.open_to_region else "", " ".join(r.languages), "ja" if r.via_interpreter else "",
         ", ".join(r.target_groups), _ages(r), r.places_available, "ja" if r.waiting_list else "",
         r.schedule, "online" if r.online and not r.address else r.address, r.contact_name,
         r.contact_phone, r.contact_email, r.status.label,
         date_text(r.checked_on) if r.checked_on else "nooit", r.freshness.label]
        for r in rows
    ]  # fmt: skip


def handle_list(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, print_table
    from app.domain.directory import InitiativeFilter, InitiativeStatus
    from app.services.directory.reference import check_months
    from app.services.directory.search import search_initiatives

    language = language_from_args(args.taal)
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        code = gemeente_from_args(session, actor, args.gemeente)
        kind = kind_from_args(session, args.soort)
        kinds = frozenset({kind}) if kind else frozenset()
        languages = frozenset({language}) if language else frozenset()
        if args.to_check:  # the Te controleren list: by owner, also the temporarily stopped ones
            if code is None and actor.gemeente_code:  # one's own list, as in the window
                code = actor.gemeente_code
            flt = InitiativeFilter(
                owner_gemeente=code, unchecked_months=check_months(session), kinds=kinds, languages=languages,
                statuses=frozenset({InitiativeStatus.ACTIEF, InitiativeStatus.TIJDELIJK_GESTOPT}),
            )  # fmt: skip
        else:
            flt = InitiativeFilter(gemeente=code, kinds=kinds, languages=languages)
        rows = search_initiatives(session, actor, flt)
    if args.to_check:
        rows.sort(key=lambda r: (r.checked_on is not None, r.checked_on, r.name))  # longest unchecked first
    if not args.csv:
        what = "te controleren" if args.to_check else "gevonden"
        noun = "initiatief" if len(rows) == 1 else "initiatieven"
        print(f"{len(rows)} {noun} {what}.\n")
    print_table(
        HEADERS, list_table(rows), as_csv=args.csv, wide=getattr(args, "wide", None), columns=LIST_COLUMNS
    )
    return 0


# -- gaps and HSDS ------------------------------------------------------------------------------------


def handle_gaps(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, print_table
    from app.services.directory.gaps import directory_gaps

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        code = gemeente_from_args(session, actor, args.gemeente)
        report = directory_gaps(session, actor)
    what = {"talen": "taal", "soorten": "soort"}.get(args.alleen or "")
    report.gaps = [
        g for g in report.gaps if (code is None or g.gemeente_code == code) and what in (None, g.what)
    ]
    headers, rows = report.table()
    if not args.csv:
        languages = sum(1 for g in report.gaps if g.what == "taal")
        places = len({g.gemeente_code for g in report.gaps})
        print(f"Hiaten in het aanbod: {languages} keer een taal en {len(report.gaps) - languages} keer een "
              f"soort initiatief, in {places} van de {len(report.gemeenten)} gemeenten.\n")  # fmt: skip
    print_table(headers, rows, as_csv=args.csv, wide=getattr(args, "wide", None))
    if not args.csv:
        unknown = sum(report.unknown_language.values())
        if unknown:
            who = "1 mens" if unknown == 1 else f"{unknown} mensen"
            print(f"\nVan {who} in open dossiers is de taal niet (goed) ingevuld; zij tellen niet mee.")
    return 0


def handle_export_hsds(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.commands.files import output_folder
    from app.errors import UserError
    from app.services.directory.hsds import TABLES, export_hsds

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    folder = output_folder(args.folder)
    names = [file_name for file_name, _fields, _keys in TABLES.values()] + ["datapackage.json"]
    there = [folder / n for n in names if (folder / n).exists()]
    if there and not args.force:
        raise UserError(
            f"'{there[0]}' bestaat al. Er is niets geschreven. Kies een lege map of gebruik --force om de "
            "HSDS-bestanden te overschrijven."
        )
    with db.unit_of_work() as session:
        paths = export_hsds(session, actor, folder)
    for path in paths:
        print(path)
    print(f"{len(paths)} bestanden geschreven (Open Referral HSDS).")
    return 0
