"""``purge``: gesloten dossiers opschonen na de bewaartermijn (a beheerder). ``--dry-run`` lists what
would go, ``--set-years N`` sets the term, ``purge --yes`` removes the dossiers and their personal
data in one transaction; the access log records the count and the ids, never the content."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.domain.retention import DEFAULT_YEARS, MAX_YEARS, MIN_YEARS

    parser = sub.add_parser(
        "purge",
        help="gesloten dossiers verwijderen na de bewaartermijn (beheerder)",
        description="Een gesloten dossier wordt bewaard tot de bewaartermijn voorbij is (standaard "
        f"{DEFAULT_YEARS} jaar na het sluiten). Daarna verwijdert deze opdracht het dossier met alle "
        "persoonsgegevens: gezinsleden (met BSN), overdrachten, toestemmingen, plan en tijdlijn. "
        "Bekijk eerst met --dry-run wat er weg zou gaan. Het toegangslog noteert hoeveel dossiers "
        "en welke nummers, nooit de inhoud. Open dossiers blijven altijd staan.",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--dry-run",
        action="store_true",
        help="toon alleen welke dossiers weg zouden gaan (nummer, gemeente, gesloten op); verwijdert niets",
    )
    what.add_argument(
        "--set-years",
        type=int,
        metavar="JAREN",
        help=f"stel de bewaartermijn in: {MIN_YEARS} tot en met {MAX_YEARS} jaar na het sluiten",
    )
    what.add_argument("--show-years", action="store_true", help="toon de huidige bewaartermijn en stop")
    parser.add_argument(
        "--yes",
        action="store_true",
        help="verwijder zonder te vragen (nodig als er geen terminal is om 'ja' te typen)",
    )
    parser.set_defaults(handler=handle)


def _progress(fraction: float, text: str) -> None:
    if sys.stderr.isatty():
        print(
            f"\r{round(fraction * 100):3d}% {text}",
            end="" if fraction < 1 else "\n",
            file=sys.stderr,
            flush=True,
        )


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.errors import UserError
    from app.services.retention import expired_dossiers, purge_expired, retention_years, set_retention_years

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    if args.show_years:
        with db.unit_of_work() as session:
            print(f"Bewaartermijn: {retention_years(session)} jaar na het sluiten van een dossier.")
        return 0
    if args.set_years is not None:
        with db.unit_of_work() as session:
            years = set_retention_years(session, actor, args.set_years)
        print(f"Bewaartermijn ingesteld op {years} jaar na het sluiten van een dossier.")
        return 0
    with db.unit_of_work() as session:
        preview = expired_dossiers(session, actor)
    cutoff = preview.cutoff.strftime("%d-%m-%Y")
    if not preview.dossiers:
        print(f"Geen dossiers over de bewaartermijn ({preview.years} jaar: gesloten vóór {cutoff}).")
        return 0
    if args.dry_run:
        print_table(
            ["Dossier", "Gemeente", "Gesloten op"],
            [
                [d.dossier_id, f"{d.gemeente_code} {d.gemeente_name}", d.closed_on.strftime("%d-%m-%Y")]
                for d in preview.dossiers
            ],
        )
        print(
            f"{len(preview.dossiers)} dossiers zouden worden verwijderd (bewaartermijn {preview.years} "
            f"jaar: gesloten vóór {cutoff}). Er is niets verwijderd; verwijder met: python -m app purge"
        )
        return 0
    count = len(preview.dossiers)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(
                f"{count} dossiers zouden worden verwijderd. Bevestig met --yes (of start de opdracht in "
                "een terminal); bekijk ze eerst met --dry-run."
            )
        answer = input(f"{count} dossiers en alle persoonsgegevens erin definitief verwijderen? Typ ja: ")
        if answer.strip().lower() != "ja":
            print("Niets verwijderd.")
            return 1
    with db.unit_of_work() as session:
        result = purge_expired(session, actor, expected=count, progress=_progress)
    print(
        f"{result.count} dossiers verwijderd (gesloten vóór {cutoff}), met hun gezinsleden, overdrachten, "
        "plan en tijdlijn. Het toegangslog noteert de aantallen en de dossiernummers."
    )
    return 0
