"""``sample-sheet FILE``: write a synthetic COA koppelingen sheet (.xlsx) to try the import with.
No database needed; everything in it is invented."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sample-sheet",
        help="een verzonnen COA-koppelingenbestand (.xlsx) maken om het inlezen mee te proberen",
        description="Schrijft een Excel-bestand dat eruitziet als een COA-export van koppelingen: "
        "titelregels, de kolommen zoals COA ze noemt (ook namen en geboortedata, die het programma "
        "nooit inleest) en bijzonderheden huisvesting. Alles is verzonnen; er is geen database nodig.",
    )
    p.add_argument("file", type=Path, metavar="BESTAND", help="het .xlsx-bestand dat wordt gemaakt")
    p.add_argument(
        "--rows", type=int, default=40, metavar="N", help="aantal koppelingen, 1 tot 10.000 (standaard 40)"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=2017,
        help="startgetal: dezelfde seed geeft hetzelfde bestand (standaard 2017)",
    )
    p.add_argument(
        "--peildatum",
        metavar="DD-MM-JJJJ",
        help="de koppelingen vallen in het halfjaar vóór deze datum (standaard vandaag)",
    )
    p.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.commands.files import output_file
    from app.demo.coa_sheet import MAX_ROWS, write_sample_sheet
    from app.errors import UserError

    if not 1 <= args.rows <= MAX_ROWS:
        most = f"{MAX_ROWS:_}".replace("_", ".")
        raise UserError(f"--rows {args.rows} kan niet: kies een aantal van 1 tot en met {most}.")
    today = None
    if args.peildatum:
        try:
            today = dt.datetime.strptime(args.peildatum.strip(), "%d-%m-%Y").date()
        except ValueError:
            raise UserError(
                f"--peildatum '{args.peildatum}' is geen datum; schrijf bijvoorbeeld 01-12-2026."
            ) from None
    out = output_file(args.file, suffixes=(".xlsx",), force=args.force)
    n = write_sample_sheet(out, rows=args.rows, seed=args.seed, today=today)
    print(
        f"Voorbeeldbestand met {n} koppelingen (verzonnen) geschreven naar {out}. "
        f"Inlezen: python -m app import {_quoted(out)} --kind koppelingen"
    )
    return 0


def _quoted(path: Path) -> str:
    """The path as one word in a shell (also cmd.exe), so the suggested command can be copied."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() or c in "'&;()|<>$`" for c in text) else text
