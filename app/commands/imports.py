"""``import FILE --kind KIND``: a spreadsheet into the database, headless, with the same preview
summary and report as the import dialog. ``--dry-run`` shows what would happen and saves nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

MAX_LISTED = 20


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import", help="een Excel- of CSV-bestand inlezen (koppelingen, taakstellingen, woningen)"
    )
    p.add_argument("file", type=Path, help="het .xlsx-, .xlsm- of .csv-bestand")
    p.add_argument("--kind", required=True, help="soort: koppelingen, taakstellingen of woningen")
    p.add_argument("--profile", metavar="NAAM", help="een opgeslagen kolomprofiel gebruiken")
    p.add_argument("--sheet", metavar="WERKBLAD", help="welk werkblad (standaard: het best passende)")
    p.add_argument("--dry-run", action="store_true", help="alleen het voorbeeld tonen, niets opslaan")
    p.add_argument("--stop-on-error", action="store_true", help="niets opslaan als er één rij fout is")
    p.add_argument("--rejected", metavar="BESTAND.xlsx", type=Path, help="afgewezen rijen hierheen schrijven")
    p.set_defaults(handler=handle_import)
    h = sub.add_parser("import-history", help="eerdere imports tonen, of er één ongedaan maken")
    h.add_argument("--undo", metavar="BATCH", type=int, help="deze importbatch ongedaan maken")
    h.set_defaults(handler=handle_history)


def handle_import(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.errors import UserError
    from app.imports.engine import run_import, write_rejected_file
    from app.imports.kinds import kind_class
    from app.imports.results import ImportRequest
    from app.io.excel.safety import ImportFileError

    try:
        kind_class(args.kind)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    request = ImportRequest(
        args.file,
        args.kind,
        sheet=args.sheet,
        profile=args.profile,
        mode="stop" if args.stop_on_error else "skip",
    )
    try:
        with db.unit_of_work() as session:
            result = run_import(session, actor, request, dry_run=args.dry_run)
    except ImportFileError as exc:
        raise UserError(exc.message_nl) from None
    print("\n".join(result.summary_lines()))
    listed = [r for r in result.rows if r.status in ("changed", "error")]
    for row in listed[:MAX_LISTED]:
        print(f"  regel {row.row_number:>6}  {row.status_label:<11} {row.key_text}: {row.message()}")
    if len(listed) > MAX_LISTED:
        print(f"  … en nog {len(listed) - MAX_LISTED} gewijzigde of foute rijen.")
    if result.rejected and args.rejected:
        n = write_rejected_file(result, args.rejected)
        print(f"{n} afgewezen rijen geschreven naar {args.rejected}.")
    if result.stopped_at is not None:
        return 1
    return 0


def handle_history(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.timefmt import local_text
    from app.imports.history import list_batches, undo_batch

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    if args.undo is not None:
        with db.unit_of_work() as session:
            info = undo_batch(session, actor, args.undo)
        print(f"Importbatch {info.id} ({info.file_name}) is ongedaan gemaakt.")
        return 0
    with db.unit_of_work() as session:
        batches = list_batches(session, actor)
    rows = [
        [b.id, local_text(b.imported_at), b.kind_title, b.file_name, b.imported_by, b.rows_new,
         b.rows_changed, b.rows_error, b.status.label]
        for b in batches
    ]  # fmt: skip
    print_table(
        ["Batch", "Tijdstip", "Soort", "Bestand", "Door", "Nieuw", "Gewijzigd", "Fout", "Status"], rows
    )
    return 0

