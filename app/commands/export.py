"""``export LIST FILE``: a list to .xlsx, as the program's export button writes it (same service,
same Info sheet, same access-log row)."""

from __future__ import annotations

import argparse

# Kept here (not imported from the service) so ``--help`` stays fast.
LISTS = {
    "koppelingen": "gekoppelde huishoudens (filters: --gemeente, --status, --zoek)",
    "woningen": "aangeboden woningen (--gemeente, --status, --zoek)",
    "board": "uitwisselbord: taakstellingen en cijfers per gemeente, met totaal (--period)",
    "posts": "open berichten op het bord: aanbod en vraag (--gemeente)",
    "swaps": "uitruil tussen gemeenten (--gemeente, --status)",
    "ledger": "grootboek: wie moet voor wie huisvesten (--gemeente, --period: tot en met)",
    "users": "gebruikers",
    "toegangslog": "toegangslog, nieuwste eerst (--status ACTIE, --zoek LOGIN, --limit; alleen beheerder)",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="een lijst exporteren naar Excel (.xlsx)",
        description="Exporteer een lijst naar een Excel-bestand met een tabblad 'Info' (wie, wanneer, "
        "welk filter). Elke export komt in het toegangslog.",
        epilog="Lijsten:\n" + "\n".join(f"  {name:12} {text}" for name, text in LISTS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("list", metavar="LIJST", choices=list(LISTS), help="welke lijst: " + ", ".join(LISTS))
    parser.add_argument(
        "file",
        metavar="BESTAND",
        help="het .xlsx-bestand dat gemaakt wordt (zonder extensie komt er .xlsx achter; een ontbrekende "
        "map wordt aangemaakt; alleen voor u leesbaar)",
    )
    parser.add_argument(
        "--gemeente",
        metavar="CODE",
        help="alleen deze gemeente: CBS-code (GM0344, of 344) of naam; een onbekende geeft de lijst van "
        "geldige codes",
    )
    parser.add_argument(
        "--period",
        metavar="PERIODE",
        help="halfjaar: het jaar met H1 (januari–juni) of H2 (juli–december), zoals JJJJ-H1; een "
        "onbekende geeft de lijst van geldige periodes",
    )
    parser.add_argument("--status", help="alleen deze status (bij toegangslog: de actie, bv. export)")
    parser.add_argument("--zoek", default="", metavar="TEKST", help="zoekterm (V-nummer, AZC, adres, login)")
    parser.add_argument("--limit", type=int, metavar="N", help="toegangslog: hoeveel regels (standaard 5000)")
    parser.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, period_from_args
    from app.commands.files import output_file
    from app.errors import UserError
    from app.services.export_lists import LIST_FILTERS, ListOptions, export_named_list
    from app.services.exports import ensure_may_export

    options = ListOptions(
        gemeente_code=args.gemeente.strip() if args.gemeente else None,
        period=args.period.strip() if args.period else None,
        status=args.status,
        text=args.zoek.strip(),
        limit=args.limit,
    )
    given = {
        name for name in ("gemeente_code", "period", "status", "text", "limit") if getattr(options, name)
    }
    ignored = given - set(LIST_FILTERS[args.list])
    if ignored:
        flags = {"gemeente_code": "--gemeente", "period": "--period", "status": "--status", "text": "--zoek",
                 "limit": "--limit"}  # fmt: skip
        names = ", ".join(sorted(flags[name] for name in ignored))
        raise UserError(f"De lijst '{args.list}' kent geen filter {names}.")

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        if options.gemeente_code:
            options = replace(
                options, gemeente_code=gemeente_from_args(session, actor, options.gemeente_code)
            )
        if options.period:
            options = replace(options, period=period_from_args(session, actor, options.period).code)
        ensure_may_export(session, actor, args.list, detail=f"lijst={args.list}")  # before the file checks
        path = output_file(args.file, suffixes=(".xlsx",), force=args.force)
        result = export_named_list(session, actor, args.list, path, options)
    print(f"{result.rows} rijen geëxporteerd naar {result.path}.")
    return 0
