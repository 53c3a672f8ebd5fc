"""What every command needs: the database from settings/--db, the acting user, checked --gemeente and
--period values, and tables that fit a terminal."""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # kept out of the import: ``--help`` stays fast
    from sqlalchemy.orm import Session

    from app.db.session import Database
    from app.domain.periods import Period
    from app.services.access import Actor

MAX_WIDTH = 100  # a table is at most this many characters wide unless --wide
GAP = "  "
ELLIPSIS = "…"
MIN_CELL = 5  # a column shrinks to this width (its header to this too) before columns are dropped

# A column chosen for the narrow view: its header, or (header, shorter header to print).
Column = str | tuple[str, str]

_wide_default = False  # set from the global --wide by ``app.cli.run``


def database_from_args(args: argparse.Namespace, *, migrate: bool = True) -> Database:
    from app.bootstrap import open_database, prepare
    from app.db.session import Database

    db = Database(args.db) if getattr(args, "db", None) else open_database(ask_password=ask_password)
    if migrate:
        prepare(db)
    return db


def ask_password(prompt: str) -> str | None:
    """A password typed at the terminal (not shown); None without a terminal to ask at."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(prompt)


def read_password_stdin() -> str:
    """``--password-stdin``: the first line of standard input, so it never shows in the process
    list or the shell's history."""
    from app.errors import UserError

    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise UserError("Geen wachtwoord ontvangen op standaardinvoer (--password-stdin).")
    return password


def actor_from_args(db: Database, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Who acts: the PostgreSQL login, or the account on this computer; ``--as`` (or
    DOORLOPENDE_LIJN_USER) only chooses a demo user in a demo database."""
    from app.auth.identity import resolve_actor
    from app.config import load_settings

    claimed = getattr(args, "as_login", None) or load_settings().claimed_login
    return resolve_actor(db, claimed)


# -- checked values -----------------------------------------------------------------------------------


def gemeente_from_args(session: Session, actor: Actor, text: str | None) -> str | None:
    """The CBS code for ``--gemeente`` (GM0344, 344, or the name: Utrecht), checked against the
    region's municipalities in the database; an unknown one is a UserError that lists them all."""
    if text is None or not text.strip():
        return None
    from app.domain.identifiers import IdentifierError, normalize_gemeentecode
    from app.errors import UserError
    from app.services.region import list_gemeenten

    wanted = text.strip()
    try:
        code: str | None = normalize_gemeentecode(wanted)
    except IdentifierError:
        code = None
    known = list_gemeenten(session, actor, active_only=False)
    for g in known:
        if g.cbs_code == code or g.name.casefold() == wanted.casefold():
            return g.cbs_code
    valid = ", ".join(f"{g.cbs_code} ({g.name})" for g in known if g.active)
    if not valid:
        raise UserError(f"Onbekende gemeente '{wanted}': deze database heeft nog geen gemeenten.")
    raise UserError(f"Onbekende gemeente '{wanted}'. Geldige codes: {valid}.")


def period_from_args(
    session: Session, actor: Actor, text: str | None, *, today: date | None = None
) -> Period:
    """The half year for ``--period`` (2026-H1, 2026H1, 2026 h1), or the current one when not given;
    one the database does not know, or text that is no period, is a UserError listing the valid ones."""
    from app.domain.periods import Period, offered_periods
    from app.errors import UserError
    from app.services.region import list_periods

    in_database = list_periods(session, actor)
    if not in_database:
        raise UserError(
            "Deze database heeft nog geen periodes. Importeer eerst taakstellingen (of laad de demo)."
        )
    # The running and the next half year are always offered, as on the board (the next often has
    # no row yet when its COA check is the one that matters).
    known = offered_periods(in_database, today or date.today())
    valid = ", ".join(p.code for p in known)
    if text is None or not text.strip():
        period = Period.containing(today or date.today())
        if period not in known:
            raise UserError(
                f"De huidige periode {period.code} staat niet in deze database. "
                f"Kies er een met --period. Geldige periodes: {valid}."
            )
        return period
    try:
        period = Period.parse(text)
    except ValueError:
        raise UserError(
            f"'{text.strip()}' is geen periode: schrijf het jaar en H1 (januari–juni) of H2 "
            f"(juli–december), zoals {known[-1].code}. Geldige periodes: {valid}."
        ) from None
    if period not in known:
        raise UserError(f"Onbekende periode '{period.code}'. Geldige periodes: {valid}.")
    return period


# -- tables -------------------------------------------------------------------------------------------


def add_table_options(parser: argparse.ArgumentParser, *, csv: bool = True) -> None:
    """``--csv`` and ``--wide`` for a command that prints a table. ``--wide`` may also come before the
    command (``python -m app --wide board``): its default is left out here so it does not undo that."""
    if csv:
        parser.add_argument(
            "--csv",
            action="store_true",
            help="als CSV (puntkomma) in plaats van een tabel, met alle kolommen",
        )
    parser.add_argument(
        "--wide",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"alle kolommen, niets ingekort (standaard: de belangrijkste, hoogstens {MAX_WIDTH} tekens)",
    )


def set_wide(wide: bool) -> None:
    """The global ``--wide``: tables of every command print all their columns."""
    global _wide_default
    _wide_default = wide


def totals_row(rows: Sequence[Sequence[object]], label: str = "Totaal") -> list[object]:
    """``label`` in the first column, the sum of every column that holds only whole numbers, and
    blanks elsewhere (codes, names, statuses)."""
    if not rows:
        return []
    out: list[object] = [label]
    for i in range(1, len(rows[0])):
        values = [row[i] for row in rows]
        numeric = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        out.append(sum(v for v in values if isinstance(v, int)) if numeric else "")
    return out


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    as_csv: bool = False,
    wide: bool | None = None,
    columns: Sequence[Column] | None = None,
    footer: Sequence[object] | None = None,
    width: int = MAX_WIDTH,
) -> None:
    """A text table for the terminal, or semicolon CSV (as Dutch Excel opens it) with every column.

    By default the table is at most ``width`` characters wide: only ``columns`` are shown (all when
    None), long cells are shortened with "…", and when even that does not fit the last columns are
    left out; a line on stderr says so. ``wide`` (default: the global ``--wide``) prints every column
    in full. ``footer`` (a total row) follows a rule under the rows; it is not part of the CSV.
    """
    if as_csv:
        write_csv(sys.stdout, headers, rows)
        return
    wide = _wide_default if wide is None else wide
    body = [list(row) for row in rows] + ([list(footer)] if footer is not None else [])
    picked = list(range(len(headers)))
    titles = [str(h) for h in headers]
    if not wide and columns is not None:
        index = {str(h): i for i, h in enumerate(headers)}
        picked, titles = [], []
        for col in columns:
            header, title = (col, col) if isinstance(col, str) else col
            picked.append(index[header])
            titles.append(title)
    numeric = [_is_numeric([row[i] for row in body]) for i in picked]
    cells = [[_text(row[i]) for i in picked] for row in body]
    natural = [max([len(t)] + [len(r[n]) for r in cells]) for n, t in enumerate(titles)]
    widths = list(natural)
    if not wide:
        widths = _fit(titles, natural, width)
    shown = len(widths)
    hidden = [str(headers[i]) for i in range(len(headers)) if i not in picked[:shown]]
    shortened = any(w < n for w, n in zip(widths, natural[:shown], strict=False))

    def line(values: Sequence[str]) -> str:
        parts = [
            _clip(v, w).rjust(w) if right else _clip(v, w).ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=False)
        ]
        return GAP.join(parts).rstrip()

    rule = GAP.join("-" * w for w in widths)
    print(line(titles))
    print(rule)
    for n, row in enumerate(cells):
        if footer is not None and n == len(cells) - 1:
            print(rule)
        print(line(row))
    if hidden:
        note = f"Niet getoond: {', '.join(hidden)}. Gebruik --wide voor alle kolommen, of --csv."
    elif shortened:
        note = f"Lange cellen zijn ingekort ({ELLIPSIS}); gebruik --wide om ze helemaal te zien."
    else:
        return
    print(textwrap.fill(note, width=width), file=sys.stderr)


def write_csv(out: TextIO, headers: Sequence[object], rows: Iterable[Sequence[object]]) -> None:
    """Semicolon CSV, formula-safe (``app.io.safe_text``): a text cell that starts with ``=``, ``+``,
    ``-``, ``@``, tab or CR/LF gets a leading ``'``; numbers, also a text that is exactly a number
    such as ``-7``, are written as they are so Excel still reads them as numbers. A CR inside a
    cell becomes LF (the csv module would leave a lone CR unquoted and break the row)."""
    from app.io.safe_text import cell_text

    def cell(value: object) -> str:
        text = cell_text(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([cell(h) for h in headers])
    for row in rows:
        writer.writerow([cell(v) for v in row])


def _text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)


def _is_numeric(values: Sequence[object]) -> bool:
    """Right-align a column of numbers (blanks allowed), never one of codes or text."""
    seen = False
    for v in values:
        if v is None or v == "":
            continue
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        seen = True
    return seen


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def _fit(titles: Sequence[str], natural: Sequence[int], limit: int) -> list[int]:
    """Column widths that fit ``limit``: the widest column gives way first, down to its header's
    width, then down to ``MIN_CELL``; columns that still do not fit are dropped from the right."""
    count = len(natural)
    while count:
        for floor in ([max(len(t), MIN_CELL) for t in titles[:count]], [MIN_CELL] * count):
            widths = list(natural[:count])
            mins = [min(w, f) for w, f in zip(widths, floor, strict=True)]
            excess = sum(widths) + len(GAP) * (count - 1) - limit
            while excess > 0:
                candidates = [i for i in range(count) if widths[i] > mins[i]]
                if not candidates:
                    break
                widest = max(candidates, key=lambda i: widths[i])
                widths[widest] -= 1
                excess -= 1
            if excess <= 0:
                return widths
        count -= 1
    return []
