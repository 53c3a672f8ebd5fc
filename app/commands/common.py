"""What every command needs: the database from settings/--db, and the acting user."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence

from app.db.session import Database


def database_from_args(args: argparse.Namespace, *, migrate: bool = True) -> Database:
    from app.bootstrap import open_database, prepare
    from app.db.session import Database

    db = Database(args.db) if getattr(args, "db", None) else open_database()
    if migrate:
        prepare(db)
    return db


def actor_from_args(db: Database, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.config import load_settings
    from app.services.users import sign_in

    login = getattr(args, "as_login", None) or load_settings().effective_login
    with db.unit_of_work() as session:
        return sign_in(session, login)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, as_csv: bool = False) -> None:
    """A plain text table for the terminal, or semicolon CSV (as Dutch Excel opens it)."""
    if as_csv:
        writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
