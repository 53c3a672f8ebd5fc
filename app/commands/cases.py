"""``worklist``, ``pack`` and ``packs``: the handover work list and handover packs, headless."""

from __future__ import annotations

import argparse

LISTS = ("deze-week", "te-laat", "wacht-op-ontvangst", "open")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    worklist = sub.add_parser("worklist", help="werklijst warme overdrachten (deze week, te laat, ...)")
    worklist.add_argument(
        "--gemeente", metavar="CODE", help="CBS-code, bv. GM0355 (standaard: uw eigen gemeente)"
    )
    worklist.add_argument("--list", dest="worklist", choices=LISTS, default="deze-week", help="welke lijst")
    worklist.add_argument(
        "--mijn", action="store_true", help="alleen overdrachten die aan mij zijn toegewezen"
    )
    worklist.add_argument("--csv", action="store_true", help="als CSV (puntkomma) in plaats van een tabel")
    worklist.set_defaults(handler=handle_worklist)

    pack = sub.add_parser("pack", help="overdrachtspakket (PDF) van één overdracht schrijven")
    pack.add_argument("dossier", type=int, metavar="DOSSIER_ID", help="nummer van het dossier")
    pack.add_argument("--kind", required=True, help="gca_huisarts, jgz, vwn_mb of risk_signal")
    pack.add_argument("--out", required=True, metavar="BESTAND.pdf", help="waar het PDF-bestand komt")
    pack.add_argument(
        "--overdracht", type=int, metavar="ID", help="nummer van de overdracht, als er meer zijn"
    )
    pack.add_argument(
        "--override",
        metavar="REDEN",
        help="afdrukken zonder toestemming van de cliënt, met deze reden (wordt vastgelegd)",
    )
    pack.set_defaults(handler=handle_pack)

    packs = sub.add_parser("packs", help="alle overdrachtspakketten van een werklijst in een map")
    packs.add_argument("folder", metavar="MAP", help="map voor de PDF-bestanden")
    packs.add_argument("--gemeente", metavar="CODE", help="CBS-code (standaard: uw eigen gemeente)")
    packs.add_argument("--list", dest="worklist", choices=LISTS, default="deze-week", help="welke lijst")
    packs.set_defaults(handler=handle_packs)


def handle_worklist(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist, worklist_table

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    gemeente = _code(args.gemeente)
    rows = []
    with db.unit_of_work() as session:
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
    if not args.csv:
        print(f"{WorkList(args.worklist).label}: {len(rows)} overdracht(en)\n")
    print_table(headers, cells, as_csv=args.csv)
    return 0


def _code(text: str | None) -> str | None:
    if not text:
        return None
    from app.domain.identifiers import IdentifierError, normalize_gemeentecode
    from app.errors import UserError

    try:
        return normalize_gemeentecode(text)
    except IdentifierError as exc:
        raise UserError(str(exc)) from exc


def handle_pack(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.commands.common import actor_from_args, database_from_args
    from app.domain.handover import parse_kind
    from app.errors import UserError
    from app.services.cases.packs import handover_for_pack, print_pack

    try:
        kind = parse_kind(args.kind)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UserError(f"De map {out.parent} bestaat niet.")
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        handover_id = handover_for_pack(session, actor, args.dossier, kind, args.overdracht)
        pages = print_pack(session, actor, handover_id, out, override_reason=args.override)
    print(f"Overdrachtspakket geschreven naar {out} ({pages} pagina's).")
    return 0


def handle_packs(args: argparse.Namespace) -> int:
    import sys

    from app.commands.common import actor_from_args, database_from_args
    from app.services.cases.packs import print_packs_due
    from app.services.cases.worklists import WorkList

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        result = print_packs_due(
            session, actor, args.folder, gemeente_code=_code(args.gemeente), worklist=WorkList(args.worklist)
        )
    for path in result.written:
        print(path)
    for handover_id, reason in result.skipped:
        print(f"Overgeslagen: overdracht {handover_id}: {reason}", file=sys.stderr)
    print(
        f"{len(result.written)} pakket(ten) geschreven, {len(result.skipped)} overgeslagen.", file=sys.stderr
    )
    return 0
