"""``challenges``: the employer challenge planner, headless — the list of challenges with places
pledged and filled, ``challenges dashboard --year JAAR`` (per municipality against the indicative
target) and ``challenges anonymous-list CHALLENGE_ID BESTAND.xlsx`` (the anonymous candidate list for
an employer)."""

from __future__ import annotations

import argparse
import importlib

LIST_HEADERS = ["Id", "Datum", "Titel", "Organisatoren", "Status", "Plaatsen toegezegd", "Plaatsen vervuld"]
DASHBOARD_HEADERS = [
    "Gemeente",
    "Doel (indicatief)",
    "Toegezegd",
    "Vervuld",
    "Gestart",
    "Afgerond",
    "% toegezegd",
    "% vervuld",
]
ANONYMOUS_MODULE = "app.services.challenges.anonymous"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    parser = sub.add_parser(
        "challenges",
        help="werkgeverschallenges: lijst, dashboard per gemeente, anonieme kandidatenlijst",
        description="De challenges met werkgevers: welke er zijn (datum, titel, organisatoren, status) en "
        "hoeveel plaatsen er zijn toegezegd en vervuld. Met 'dashboard' ziet u per gemeente de plaatsen "
        "tegenover het doel (indicatief, naar rato van het aantal inwoners); met 'anonymous-list' schrijft "
        "u de anonieme kandidatenlijst voor een werkgever naar Excel.",
    )
    add_table_options(parser)
    parser.set_defaults(handler=handle_list)
    actions = parser.add_subparsers(dest="action", metavar="OPDRACHT")

    board = actions.add_parser(
        "dashboard",
        help="per gemeente: doel, toegezegd, vervuld, gestart, afgerond in een jaar",
        description="Per gemeente het doel voor het jaar (indicatief, geen quotum) en de plaatsen die "
        "werkgevers dat jaar toezegden, vervuld (aangenomen), gestart en afgerond; met percentages van het "
        "doel. Alleen aantallen, nooit wie.",
    )
    board.add_argument(
        "--year",
        "--jaar",
        dest="year",
        type=int,
        required=True,
        metavar="JAAR",
        help="het jaar, bijvoorbeeld 2026",
    )
    add_table_options(board)
    board.set_defaults(handler=handle_dashboard)

    anonymous = actions.add_parser(
        "anonymous-list",
        help="de anonieme kandidatenlijst van een challenge als Excel-bestand",
        description="Schrijf de kandidaten van een challenge zonder naam, V-nummer of BSN naar Excel, met "
        "de lege kolommen 'Gesprek? (ja/nee)' en 'Opmerking' voor de werkgever. Lees het ingevulde "
        "bestand later terug met 'python -m app import'.",
    )
    anonymous.add_argument(
        "challenge_id", type=int, metavar="CHALLENGE_ID", help="het nummer van de challenge"
    )
    anonymous.add_argument("file", metavar="BESTAND.xlsx", help="het Excel-bestand dat wordt geschreven")
    anonymous.set_defaults(handler=handle_anonymous_list)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def handle_list(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.timefmt import date_text
    from app.services.challenges.dashboard import challenge_summaries

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        rows = challenge_summaries(session, actor)
    if not args.csv:
        print(f"{len(rows)} {'challenge' if len(rows) == 1 else 'challenges'}.\n")
    table = [
        [r.id, date_text(r.held_on), r.title, ", ".join(r.organisers), r.status.label, r.pledged, r.filled]
        for r in rows
    ]
    print_table(LIST_HEADERS, table, as_csv=args.csv, wide=getattr(args, "wide", None))
    return 0


def handle_dashboard(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.errors import UserError
    from app.services.challenges.dashboard import challenge_dashboard

    if not 2000 <= args.year <= 2100:
        raise UserError(f"Kies een jaar tussen 2000 en 2100 (u gaf {args.year}).")
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        board = challenge_dashboard(session, actor, args.year)
    table = [
        [
            r.name,
            r.figures.target,
            r.figures.pledged,
            r.figures.filled,
            r.figures.started,
            r.figures.completed,
            _percent(r.figures.percent(r.figures.pledged)),
            _percent(r.figures.percent(r.figures.filled)),
        ]
        for r in board.rows
    ]
    t = board.total
    footer = [
        "Regio",
        t.target,
        t.pledged,
        t.filled,
        t.started,
        t.completed,
        _percent(t.percent(t.pledged)),
        _percent(t.percent(t.filled)),
    ]
    if args.csv:
        print_table(DASHBOARD_HEADERS, [*table, footer], as_csv=True)
        return 0
    print(
        f"Challenges {args.year}: {t.pledged} plaatsen toegezegd, {t.filled} vervuld, {t.started} gestart, "
        f"{t.completed} afgerond. Het doel is indicatief (naar rato van het aantal inwoners).\n"
    )
    print_table(DASHBOARD_HEADERS, table, footer=footer, wide=getattr(args, "wide", None))
    if t.target == 0:
        print(
            f"\nVoor {args.year} is nog geen doel vastgelegd; de regio-coördinator legt het vast in het "
            "programma."
        )
    return 0


def handle_anonymous_list(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.errors import UserError

    try:  # written by the planner's own module; this command only calls it
        module = importlib.import_module(ANONYMOUS_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name not in (ANONYMOUS_MODULE, ANONYMOUS_MODULE.rsplit(".", 1)[0]):
            raise
        raise UserError(
            "De anonieme kandidatenlijst kan deze versie van het programma nog niet maken (het onderdeel "
            "ontbreekt). Er is niets geschreven. Werk het programma bij of vraag de beheerder."
        ) from None
    if not args.file.lower().endswith(".xlsx"):
        raise UserError(f"Geef een bestandsnaam die eindigt op .xlsx (u gaf '{args.file}').")
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        count = module.export_anonymous_list(session, actor, args.challenge_id, args.file)
    print(
        f"{count} {'kandidaat' if count == 1 else 'kandidaten'} geschreven naar {args.file} (zonder namen)."
    )
    return 0
