"""``import FILE --kind KIND``: a spreadsheet into the database, headless, with the same preview
summary and report as the import dialog. ``--dry-run`` shows what would happen and saves nothing.
``--map "Kolom=veld"`` maps columns the program does not recognise, ``--save-profile`` keeps that
mapping for the dialog and for ``--profile``, ``--list-fields`` shows what a column may map to."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept out of the import: ``--help`` stays fast
    from app.db.session import Database
    from app.imports.columns import MissingColumnsError
    from app.imports.kinds import ImportKind
    from app.imports.results import ImportResult
    from app.services.access import Actor

MAX_LISTED = 20
IGNORE = ("", "-")  # "Kolom=" or "Kolom=-": this column is not imported
MAP_EXAMPLE = '"Kolomnaam=veld"'

EPILOG = """\
Kolommen koppelen (als de kopregel niet, of verkeerd, herkend wordt):
  --map "Dossier=vnummer"      de kolom 'Dossier' is het veld vnummer (veld: code of naam)
  --map "Achternaam="          deze kolom niet inlezen (ook: "Achternaam=-")
  --save-profile "Export GM"   de gebruikte koppeling bewaren; later: --profile "Export GM"
Welke velden een soort heeft:
  python -m app import --kind koppelingen --list-fields"""


def _map_entry(text: str) -> tuple[str, str | None]:
    """``"Kolom=veld"`` -> ("Kolom", "veld"); ``"Kolom="`` and ``"Kolom=-"`` -> ("Kolom", None)."""
    column, sep, field = text.rpartition("=")
    if not sep or not column.strip():
        raise argparse.ArgumentTypeError(
            f"'{text}' is geen koppeling: schrijf {MAP_EXAMPLE}, bijvoorbeeld \"Dossier=vnummer\", "
            'of "Kolomnaam=" om een kolom niet in te lezen'
        )
    field = field.strip()
    return column.strip(), None if field in IGNORE else field


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    p = sub.add_parser(
        "import",
        help="een Excel- of CSV-bestand inlezen (koppelingen, taakstellingen, woningen, initiatieven, "
        "controleronde)",
        description="Lees een Excel- of CSV-bestand in. Kolommen worden op hun naam herkend; wat niet\n"
        "herkend wordt, koppelt u met --map (of met een opgeslagen kolomprofiel: --profile).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="BESTAND", type=Path, nargs="?", help="het .xlsx-, .xlsm- of .csv-bestand")
    p.add_argument(
        "--kind",
        required=True,
        help="soort: koppelingen, taakstellingen, woningen, initiatieven (vrijwilligersaanbod), "
        "controleronde (de antwoorden op een controleronde), werkgevers, toezeggingen (toegezegde "
        "plaatsen) of werkgeversantwoorden (de teruggestuurde anonieme kandidatenlijst)",
    )
    p.add_argument("--profile", metavar="NAAM", help="een opgeslagen kolomprofiel gebruiken")
    p.add_argument(
        "--map",
        metavar="KOLOM=VELD",
        type=_map_entry,
        action="append",
        default=[],
        help="de kolom KOLOM (naam uit de kopregel; hoofdletters en spaties tellen niet) is het veld VELD "
        "(code of naam, zie --list-fields); KOLOM= leest de kolom niet in; mag vaker; gaat boven "
        "de herkende kolommen en --profile",
    )
    p.add_argument(
        "--save-profile",
        metavar="NAAM",
        help="na het inlezen (ook bij --dry-run) de gebruikte koppeling als kolomprofiel NAAM bewaren, "
        "voor het venster en voor --profile",
    )
    p.add_argument(
        "--list-fields", action="store_true", help="de velden van deze soort tonen (geen BESTAND nodig)"
    )
    p.add_argument(
        "--sheet", metavar="WERKBLAD", help="welk werkblad (standaard: het best passende zichtbare)"
    )
    p.add_argument("--dry-run", action="store_true", help="alleen het voorbeeld tonen, niets opslaan")
    p.add_argument("--stop-on-error", action="store_true", help="niets opslaan als er één rij fout is")
    p.add_argument(
        "--rejected",
        metavar="BESTAND.xlsx",
        type=Path,
        help="afgewezen rijen hierheen schrijven (een ontbrekende map wordt aangemaakt; alleen voor u "
        "leesbaar)",
    )
    p.add_argument("--force", action="store_true", help="een bestaand --rejected-bestand overschrijven")
    add_table_options(p, csv=False)
    p.set_defaults(handler=handle_import)
    h = sub.add_parser("import-history", help="eerdere imports tonen, of er één ongedaan maken")
    h.add_argument("--undo", metavar="BATCH", type=int, help="deze importbatch ongedaan maken")
    h.add_argument(
        "--only-unchanged",
        action="store_true",
        help="met --undo: alleen de rijen die sinds de import niet zijn gewijzigd; de rest blijft staan",
    )
    h.add_argument(
        "--unfinished",
        action="store_true",
        help="imports die wel begonnen zijn maar nooit geëindigd (het proces is afgebroken of de "
        "verbinding verbroken), uit het toegangslog; alleen voor de beheerder",
    )
    h.set_defaults(handler=handle_history)


def handle_import(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.commands.files import output_file
    from app.errors import UserError
    from app.imports.columns import MissingColumnsError
    from app.imports.engine import run_import
    from app.imports.kinds import kind_class
    from app.imports.profiles import profile_name, save_profile
    from app.imports.results import ImportRequest
    from app.io.excel.safety import ImportFileError

    try:
        cls = kind_class(args.kind)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    if args.list_fields:
        return _list_fields(args, cls)
    if args.file is None:
        raise UserError(
            "Geef het bestand dat u wilt inlezen, bijvoorbeeld: python -m app import koppelingen.xlsx "
            f"--kind {args.kind}. De velden van deze soort: python -m app import --kind {args.kind} "
            "--list-fields."
        )
    save_as = profile_name(args.save_profile) if args.save_profile is not None else None
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    # Checked before the import: a bad name or an existing file fails before any work is done.
    rejected = output_file(args.rejected, suffixes=(".xlsx",), force=args.force) if args.rejected else None
    request = ImportRequest(
        args.file,
        args.kind,
        sheet=args.sheet,
        profile=args.profile,
        mode="stop" if args.stop_on_error else "skip",
        columns=list(args.map),
    )
    saved = False
    try:
        with db.unit_of_work() as session:
            result = run_import(session, actor, request, dry_run=args.dry_run)
            if save_as is not None and result.stopped_at is None:
                ignored = [text for text, key in request.columns if key is None]
                save_profile(
                    session, actor, args.kind, save_as, result.header_cells, result.mapping, ignored=ignored
                )
                saved = True
    except MissingColumnsError as exc:
        raise UserError(_missing_advice(db, args.kind, exc)) from None
    except ImportFileError as exc:
        raise UserError(exc.message_nl) from None
    print("\n".join(result.summary_lines()))
    if result.sheet_notes and args.sheet is None:
        print(f"Kies zelf het werkblad met --sheet NAAM (werkbladen: {_sheet_list(args.file)}).")
    listed = [r for r in result.rows if r.status in ("changed", "error") or r.warnings]
    for row in listed[:MAX_LISTED]:
        print(f"  regel {row.row_number:>6}  {row.status_label:<11} {row.key_text}: {row.message()}")
    if len(listed) > MAX_LISTED:
        print(f"  … en nog {len(listed) - MAX_LISTED} gewijzigde, foute of twijfelachtige rijen.")
    if saved:
        print(f"Kolomprofiel '{save_as}' opgeslagen.")
    elif save_as is not None:
        print(f"Kolomprofiel '{save_as}' is niet opgeslagen: de import is gestopt.")
    if rejected is not None:
        if result.rejected:
            n = _write_rejected(result, rejected, committed=result.committed)
            print(f"{n} afgewezen rijen geschreven naar {rejected}.")
        else:
            print(f"Geen afgewezen rijen; {rejected} is niet geschreven.")
    if result.stopped_at is not None:
        return 1
    return 0


def _sheet_list(path: Path) -> str:
    from app.io.excel.reader import open_workbook

    with open_workbook(path) as wb:
        return ", ".join(f"'{n}'" + (" (verborgen)" if n in wb.hidden_sheets else "") for n in wb.sheet_names)


def _missing_advice(db: Database, kind: str, exc: MissingColumnsError) -> str:
    """The command line's advice for required fields without a column (the dialog has its own)."""
    from app.imports.columns import describe_fields, describe_headers
    from app.imports.profiles import list_profiles

    with db.session() as session:
        names = [p.name for p in list_profiles(session, kind)]
    profiles = f" (opgeslagen profielen: {', '.join(names)})" if names else ""
    return (
        f"Deze verplichte kolommen zijn niet gekoppeld: {', '.join(f.label_nl for f in exc.missing)}. "
        f"Koppel ze met --map {MAP_EXAMPLE} (kolommen in het bestand: "
        f"{describe_headers(exc.header_cells, exc.mapping)}; velden: {describe_fields(exc.fields)}) "
        f"of gebruik --profile NAAM{profiles}."
    )


def _write_rejected(result: ImportResult, path: Path, *, committed: bool) -> int:
    """The refused rows into an owner-only temporary file next to ``path``, then put in place in one
    step: no half file, and never readable by others (the rows hold personal data)."""
    from app.errors import UserError
    from app.imports.engine import write_rejected_file
    from app.io.atomic import replaced_atomically

    try:
        with replaced_atomically(path) as temp:
            return write_rejected_file(result, temp)
    except BaseException as exc:
        # XlsxWriter wraps the OSError of a failed write in its own FileCreateError.
        os_error = _os_error(exc)
        if os_error is None:
            raise
        done = "De import is opgeslagen, maar de" if committed else "De"
        raise UserError(
            f"{done} afgewezen rijen konden niet worden geschreven naar '{path}': {os_error.strerror}."
        ) from exc


def _os_error(exc: BaseException) -> OSError | None:
    if isinstance(exc, OSError):
        return exc
    return next((a for a in exc.args if isinstance(a, OSError)), None)


def _list_fields(args: argparse.Namespace, cls: type[ImportKind]) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.session() as session:
        fields = cls(session, actor).fields()
    print(f"Velden van {cls.title} (--kind {cls.name}):")
    rows = [[f.key, f.label_nl, "ja" if f.required else "", ", ".join(f.synonyms)] for f in fields]
    print_table(["Veld", "Naam", "Verplicht", "Ook herkend als"], rows)
    print(
        f'Koppel een kolom met --map {MAP_EXAMPLE} (veld: code of naam); "Kolomnaam=" leest een kolom '
        "niet in."
    )
    return 0


def handle_history(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.timefmt import local_text
    from app.imports.history import list_batches, undo_batch

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    if args.unfinished:
        return _unfinished(db, actor)
    if args.undo is not None:
        with db.unit_of_work() as session:
            info = undo_batch(session, actor, args.undo, only_unchanged=args.only_unchanged)
        print(f"Importbatch {info.id} ({info.file_name}) is ongedaan gemaakt.")
        if info.kept:
            shown = ", ".join(info.kept[:10]) + (", …" if len(info.kept) > 10 else "")
            print(f"Niet ongedaan gemaakt, want daarna gewijzigd: {len(info.kept)} rij(en): {shown}.")
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


def _unfinished(db: Database, actor: Actor) -> int:
    """The imports whose start is in the access log and whose end is not."""
    from app.commands.common import print_table
    from app.domain.timefmt import local_text
    from app.imports.runlog import imports_without_end

    with db.unit_of_work() as session:
        runs = imports_without_end(session, actor)
    if not runs:
        print("Geen imports zonder einde: elke import die begon, is ook geëindigd.")
        return 0
    print(
        f"{len(runs)} import(s) begonnen maar nooit geëindigd: het programma is afgebroken of de "
        "verbinding verbroken (of de import loopt nog). Er is niets van opgeslagen; lees het bestand "
        "zo nodig opnieuw in."
    )
    rows = [[r.run_id, local_text(r.at), r.object_type.removeprefix("import "), r.actor_login, r.detail or ""]
            for r in runs]  # fmt: skip
    print_table(["Run", "Begonnen", "Soort", "Door", "Gegevens"], rows)
    return 0
