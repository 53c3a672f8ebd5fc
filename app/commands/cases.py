"""``worklist``, ``pack`` and ``packs``: the handover work list and handover packs, headless."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands.common import Column

LISTS = ("deze-week", "te-laat", "wacht-op-ontvangst", "open")
LIST_HELP = (
    "welke lijst: deze-week (standaard; uiterlijk deze week af), te-laat, wacht-op-ontvangst "
    "(verzonden, nog niet ontvangen) of open (alle lopende)"
)
GEMEENTE_HELP = (
    "CBS-code (GM0355, of 355) of naam (standaard: uw eigen gemeente); een onbekende geeft de lijst "
    "van geldige codes"
)
# The narrow table (at most 100 characters); --wide adds V-nummer, Voor, Ontvanger and Eigenaar.
WORKLIST_COLUMNS: list[Column] = [
    "Dossier",
    "Hoofdaanvrager",
    "Gemeente",
    "Overdracht",
    "Uiterlijk",
    "Status",
    ("Dagen te laat", "Te laat"),
    "Toestemming",
]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    worklist = sub.add_parser("worklist", help="werklijst warme overdrachten (deze week, te laat, ...)")
    worklist.add_argument("--gemeente", metavar="CODE", help=GEMEENTE_HELP)
    worklist.add_argument(
        "--list", dest="worklist", choices=LISTS, default="deze-week", metavar="LIJST", help=LIST_HELP
    )
    worklist.add_argument(
        "--mijn", action="store_true", help="alleen overdrachten die aan mij zijn toegewezen"
    )
    add_table_options(worklist)
    worklist.set_defaults(handler=handle_worklist)

    pack = sub.add_parser(
        "pack",
        help="overdrachtspakket (PDF) van één overdracht schrijven",
        description="Schrijf het overdrachtspakket van één overdracht als PDF. Het bestand is alleen "
        "voor u leesbaar (persoonsgegevens); een bestaand bestand wordt alleen met --force overschreven.",
    )
    pack.add_argument("dossier", type=int, metavar="DOSSIER_ID", help="nummer van het dossier")
    pack.add_argument(
        "--kind",
        required=True,
        metavar="SOORT",
        help="soort overdracht: gca_huisarts, jgz, vwn_mb of risk_signal",
    )
    pack.add_argument(
        "--out",
        required=True,
        metavar="BESTAND.pdf",
        help="het PDF-bestand dat gemaakt wordt (een ontbrekende map wordt aangemaakt)",
    )
    pack.add_argument(
        "--overdracht", type=int, metavar="ID", help="nummer van de overdracht, als er meer zijn"
    )
    pack.add_argument(
        "--override",
        metavar="REDEN",
        help="afdrukken zonder toestemming van de cliënt, met deze reden (wordt vastgelegd)",
    )
    pack.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    pack.set_defaults(handler=handle_pack)

    packs = sub.add_parser(
        "packs",
        help="alle overdrachtspakketten van een werklijst in een map",
        description="Schrijf een PDF per overdracht van een werklijst in een map (die wordt aangemaakt als "
        "hij ontbreekt). Overdrachten zonder toestemming worden overgeslagen. Staat een bestand er al, "
        "dan wordt niets geschreven, tenzij met --force.",
    )
    packs.add_argument("folder", metavar="MAP", help="map voor de PDF-bestanden")
    packs.add_argument("--gemeente", metavar="CODE", help=GEMEENTE_HELP)
    packs.add_argument(
        "--list", dest="worklist", choices=LISTS, default="deze-week", metavar="LIJST", help=LIST_HELP
    )
    packs.add_argument(
        "--force", action="store_true", help="bestaande bestanden met dezelfde naam overschrijven"
    )
    packs.set_defaults(handler=handle_packs)


def handle_worklist(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, print_table
    from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist, worklist_table

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    rows = []
    with db.unit_of_work() as session:
        gemeente = gemeente_from_args(session, actor, args.gemeente)
        offset = 0
        while True:
            f = WorkListFilter(
                worklist=WorkList(args.worklist),
                gemeente_code=gemeente,
                mine=args.mijn,
                limit=1000,
                offset=offset,
            )
            page, total = list_worklist(session, actor, f, export=args.csv)
            rows += page
            offset += len(page)
            if not page or offset >= total:
                break
    headers, cells = worklist_table(rows)
    columns = WORKLIST_COLUMNS
    names = sorted({r.gemeente_name for r in rows})
    title = f"{WorkList(args.worklist).label}: {len(rows)} overdracht(en)"
    if len(names) == 1:  # one municipality: its name in the title, the column's room for the rest
        title += f", gemeente {names[0]}"
        columns = [c for c in columns if c != "Gemeente"]
    if not args.csv:
        print(f"{title}\n")
    print_table(headers, cells, as_csv=args.csv, wide=args.wide, columns=columns)
    return 0


def handle_pack(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.commands.files import output_file
    from app.domain.handover import parse_kind
    from app.errors import UserError
    from app.services.cases.packs import handover_for_pack, print_pack

    try:
        kind = parse_kind(args.kind)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        handover_id = handover_for_pack(session, actor, args.dossier, kind, args.overdracht)
        out = output_file(args.out, suffixes=(".pdf",), force=args.force)  # after the rights check
        pages = print_pack(session, actor, handover_id, out, override_reason=args.override)
    print(f"Overdrachtspakket geschreven naar {out} ({pages} pagina's).")
    return 0


def handle_packs(args: argparse.Namespace) -> int:
    import sys

    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args
    from app.commands.files import output_folder
    from app.errors import UserError
    from app.services.cases.packs import due_packs, print_packs
    from app.services.cases.worklists import WorkList

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        code = gemeente_from_args(session, actor, args.gemeente)
        due = due_packs(session, actor, gemeente_code=code, worklist=WorkList(args.worklist))
        printable = [d for d in due if d.printable]
        folder = output_folder(args.folder)
        there = [folder / d.file_name for d in printable if (folder / d.file_name).exists()]
        if there and not args.force:
            others = len(there) - 1
            more = {0: "", 1: " (en nog 1 ander bestand)"}.get(others, f" (en nog {others} andere bestanden)")
            raise UserError(
                f"'{there[0]}' bestaat al{more}. Er is niets geschreven. Kies een andere map of gebruik "
                "--force om te overschrijven."
            )
        result = print_packs(session, actor, [d.handover_id for d in printable], folder, overwrite=args.force)
    skipped = [(d.handover_id, d.reason) for d in due if not d.printable] + list(result.skipped)
    for path in result.written:
        print(path)
    for handover_id, reason in skipped:
        print(f"Overgeslagen: overdracht {handover_id}: {reason}", file=sys.stderr)
    print(f"{len(result.written)} pakket(ten) geschreven, {len(skipped)} overgeslagen.", file=sys.stderr)
    return 0
