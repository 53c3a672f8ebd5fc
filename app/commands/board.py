"""``board``, ``match`` and ``overview-pdf``: the exchange board's figures, matching proposals and the
printable regional overview, headless."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.domain.wording import BEDROOMS_SHORT

if TYPE_CHECKING:
    from app.commands.common import Column

PERIOD_HELP = (
    "halfjaar: het jaar met H1 (januari–juni) of H2 (juli–december), zoals JJJJ-H1; standaard het "
    "huidige. Een periode die de database niet kent geeft de lijst van geldige periodes"
)
GEMEENTE_HELP = "CBS-code (GM0344, of 344) of naam; een onbekende geeft de lijst van geldige codes"

# The narrow table (at most 100 characters): what a coordinator reads first; --wide shows all.
BOARD_COLUMNS: list[Column] = [
    "Gemeente",
    "Taakstelling",
    "Achterstand",
    "Gecorrigeerd",
    "Gehuisvest",
    ("Gekoppeld wachtend (pers.)", "Wachtend"),
    "Stand",
]
MATCH_COLUMNS: list[Column] = ["V-nummer", "Gekoppeld aan", "Woning", "Woning in", "Uitruil", "Score"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    board = sub.add_parser(
        "board",
        help="cijfers van het uitwisselbord per gemeente voor een periode, met totaal",
        description="De cijfers van het uitwisselbord per gemeente, met een totaalregel. De tabel toont "
        "de belangrijkste kolommen; --wide of --csv geeft ze alle.",
    )
    board.add_argument("--period", metavar="PERIODE", help=PERIOD_HELP)
    add_table_options(board)
    board.set_defaults(handler=handle_board)
    match = sub.add_parser(
        "match",
        help="matchingvoorstellen huishouden ↔ woning met uitleg",
        description="Matchingvoorstellen: welk gekoppeld huishouden past in welke beschikbare woning. "
        "De uitleg per criterium staat in --wide en --csv.",
    )
    match.add_argument("--gemeente", metavar="CODE", help="alleen voor deze gemeente: " + GEMEENTE_HELP)
    add_table_options(match)
    match.set_defaults(handler=handle_match)
    overview = sub.add_parser(
        "overview-pdf",
        help="het regio-overzicht voor het regio-overleg als PDF (A4 liggend)",
        description="Eén PDF op A4 liggend: de cijfers per gemeente, de grafiek in procenten van de "
        "gecorrigeerde taakstelling, het grootboek, de volgende COA-peildatum en de prognose. Alleen "
        "aantallen, geen persoonsgegevens.",
    )
    overview.add_argument("out", metavar="BESTAND", help="het PDF-bestand om te schrijven (.pdf)")
    overview.add_argument("--period", metavar="PERIODE", help=PERIOD_HELP)
    overview.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    overview.set_defaults(handler=handle_overview_pdf)


def handle_board(args: argparse.Namespace) -> int:
    from app.commands.common import (
        actor_from_args,
        database_from_args,
        period_from_args,
        print_table,
        totals_row,
    )
    from app.services.board.figures import BEDROOM_BUCKETS, board_figures

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        period = period_from_args(session, actor, args.period)
        board = board_figures(session, actor, period)
    headers = [
        "Gemeente",
        "CBS",
        "Taakstelling",
        "Achterstand",
        "Gecorrigeerd",
        "Gehuisvest",
        "Huish. gehuisvest",
        "Gekoppeld wachtend (pers.)",
        "Gekoppeld wachtend (huish.)",
        "Te laat",
        *[f"Woningen {b} {BEDROOMS_SHORT}" for b in BEDROOM_BUCKETS],
        "Uitruilsaldo",
        "Stand",
    ]
    rows = [
        [
            r.name,
            r.cbs_code,
            r.taakstelling,
            r.backlog_in,
            r.corrected,
            r.housed_persons,
            r.housed_households,
            r.pending_persons,
            r.pending_households,
            r.overdue_households,
            *[r.vacancies[b] for b in BEDROOM_BUCKETS],
            r.swap_balance,
            r.status.label_nl,
        ]
        for r in board.rows
    ]
    if not args.csv:
        print(f"Uitwisselbord {period.code}, peildatum {board.reference_date:%d-%m-%Y}\n")
    print_table(
        headers, rows, as_csv=args.csv, wide=args.wide, columns=BOARD_COLUMNS, footer=totals_row(rows)
    )
    return 0


def handle_overview_pdf(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, period_from_args
    from app.commands.files import output_file
    from app.config import load_settings
    from app.io.pdf.packs import write_private
    from app.services.board.regional_overview import regional_overview_pdf

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    region = load_settings().letterhead.organisation
    with db.unit_of_work() as session:
        period = period_from_args(session, actor, args.period)
        out = output_file(args.out, suffixes=(".pdf",), force=args.force)
        data, pages = regional_overview_pdf(session, actor, period, region=region)
    write_private(out, data)
    print(f"Regio-overzicht {period.code} geschreven naar {out} ({pages} pagina's).")
    return 0


def handle_match(args: argparse.Namespace) -> int:
    import sys

    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, print_table
    from app.services.board.matching import run_matching

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        code = gemeente_from_args(session, actor, args.gemeente)
        run = run_matching(session, actor, gemeente_code=code)
    result = run.result
    rows = []
    for p in result.proposals:
        explanation = "; ".join(
            f"{c.label_nl} {c.value:.2f}×{c.weight:g}={c.contribution:.2f}" for c in p.criteria
        )
        rows.append(
            [
                run.v_nummers[p.household_id],
                run.names.get(p.household_gemeente, p.household_gemeente),
                run.dwelling_labels[p.dwelling_id],
                run.names.get(p.dwelling_gemeente, p.dwelling_gemeente),
                "ja" if p.cross_municipality else "nee",
                f"{p.score:.2f}",
                explanation,
                "; ".join(p.constraints_met),
            ]
        )
    print_table(
        ["V-nummer", "Gekoppeld aan", "Woning", "Woning in", "Uitruil", "Score", "Uitleg", "Voldoet aan"],
        rows,
        as_csv=args.csv,
        wide=args.wide,
        columns=MATCH_COLUMNS,
    )
    if not args.csv:
        print(
            f"\n{len(result.proposals)} voorstellen; {run.households} huishoudens en {run.dwellings} "
            f"beschikbare woningen bekeken; {len(result.households_without_fitting_dwelling)} huishoudens "
            "zonder passende woning.",
            file=sys.stderr,
        )
    return 0
