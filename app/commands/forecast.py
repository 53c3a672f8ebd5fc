"""``forecast``: the expected persons housed per municipality, with the 80% interval and the chance
of meeting the corrected taakstelling, for a period and the next (the same service as the board)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands.common import Column

COLUMNS: list[Column] = [
    "Gemeente",
    "Gecorrigeerd",
    "Gehuisvest",
    "Verwacht",
    ("80%-interval", "80%"),
    "Kans",
    ("Volgende: verwacht", "Volgende"),
    ("Volgende: kans", "Kans volgende"),
]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.board import PERIOD_HELP
    from app.commands.common import add_table_options

    parser = sub.add_parser(
        "forecast",
        help="voorspelling per gemeente: verwacht gehuisvest, 80%%-interval en kans op halen",
        description="Voorspelling per gemeente voor de periode en de volgende: hoeveel personen naar "
        "verwachting gehuisvest zijn aan het eind, het interval waarin dat met 80%% zekerheid ligt en de "
        "kans om de gecorrigeerde taakstelling te halen. --wide of --csv geeft ook de uitleg.",
    )
    parser.add_argument("--period", metavar="PERIODE", help=PERIOD_HELP)
    add_table_options(parser)
    parser.set_defaults(handler=handle_forecast)


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def handle_forecast(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, period_from_args, print_table
    from app.services.forecast import forecast_region

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    from datetime import date

    from app.domain.periods import Period

    running = Period.containing(date.today())
    with db.unit_of_work() as session:
        period = period_from_args(session, actor, args.period)
        # The next half year is forecast as the board shows it: from the running one, so its
        # corrected taakstelling carries what the running one is expected to leave behind.
        ahead = period == running.next()
        result = forecast_region(session, actor, running if ahead else period)
    headers = [
        "Gemeente",
        "CBS",
        "Gecorrigeerd",
        "Gehuisvest",
        "Verwacht",
        "80%-interval",
        "Kans",
        "Volgende: gecorrigeerd (verwacht)",
        "Volgende: verwacht",
        "Volgende: 80%-interval",
        "Volgende: kans",
        "Uitleg",
    ]
    rows = []
    for r in result.rows:
        main, following = (r.next, None) if ahead else (r.current, r.next)
        rows.append(
            [
                r.name,
                r.code,
                round(main.corrected),
                main.realised,
                round(main.expected),
                f"{main.low}–{main.high}",
                _pct(main.probability),
                round(following.corrected) if following else "–",
                round(following.expected) if following else "–",
                f"{following.low}–{following.high}" if following else "–",
                _pct(following.probability) if following else "–",
                " ".join(main.explanation),
            ]
        )
    if not args.csv:
        after = "" if ahead else f" en {period.next().label_nl}"
        print(f"Voorspelling {period.label_nl} ({period.code}){after}, stand per {result.as_of:%d-%m-%Y}\n")
    print_table(headers, rows, as_csv=args.csv, wide=args.wide, columns=COLUMNS)
    return 0
