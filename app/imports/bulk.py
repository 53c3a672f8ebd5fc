"""Fast writes and keyed look-ups for an import, inside the session's transaction.

SQLAlchemy's executemany builds a parameter dict per row and runs the type processors value by
value through its compiler; for 100,000 rows that costs more than reading the file. Here each
column's bind (or result) processor is looked up once, rows go to the driver's cursor as tuples
(``executemany``; on PostgreSQL, where row-level security rules out COPY, one array per column
in one INSERT … SELECT FROM unnest: see pg_arrays),
and the statements are built once. The SQL is the same as Core would send; nothing is committed
here. Other drivers fall back to Core's executemany.

New rows get their ids up front (SQLite: after the current maximum, which is what SQLite would
pick itself — the import's transaction holds the write lock; PostgreSQL: from the column's
sequence), so no look-up of the inserted rows is needed afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import Enum as PyEnum
from itertools import repeat
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Enum, Table, bindparam, insert, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

if TYPE_CHECKING:
    from app.imports.pipeline import DeferredCopies

Processor = Callable[[Any], Any]
ROWS_PER_INSERT = 500  # PostgreSQL: rows in one multi-row INSERT (15 columns: 7,500 parameters)


def _bind_processor(table: Table, column: str, dialect: Any) -> Processor | None:
    col = table.c[column]
    proc = cast(Processor | None, col.type._cached_bind_processor(dialect))
    enum_class = col.type.enum_class if isinstance(col.type, Enum) else None
    if enum_class is None:
        return proc
    # The plain value ('gekoppeld') is checked against the enum as the ORM path did.
    to_enum = cast(type[PyEnum], enum_class)
    if proc is None:
        return lambda v: None if v is None else to_enum(v)
    return lambda v: proc(None if v is None else to_enum(v))


_MEMO_LIMIT = 10_000
# SQLite's page cache for the import's connection while it writes (KiB, as PRAGMA cache_size takes
# it when negative). The default 2 MB makes inserts into the indexes of 100,000 rows spill pages;
# memory is only used as pages are, and the old size is restored when the import ends.
_SQLITE_IMPORT_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def write_settings(session: Session) -> Iterator[None]:
    """Connection settings for a large import (SQLite: a bigger page cache), restored afterwards.
    Changes no data and no transaction behaviour; other databases are left as they are."""
    conn = session.connection()
    if _fast_driver(conn) != "sqlite":
        yield
        return
    old = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # a dead connection is discarded anyway
            session.connection().exec_driver_sql(f"PRAGMA cache_size = {old}")


class _Memoized:
    """A bind processor remembering its results: a column repeats the same few dates, flags and
    statuses. One value (``memo(v)``) or a whole column at once (``memo.many(values)``)."""

    __slots__ = ("memo", "proc")

    def __init__(self, proc: Processor) -> None:
        self.proc = proc
        self.memo: dict[tuple[type, Any], Any] = {}

    def __call__(self, value: Any) -> Any:
        key = (type(value), value)
        try:
            return self.memo[key]
        except KeyError:
            result = self.proc(value)
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[key] = result
            return result
        except TypeError:  # unhashable
            return self.proc(value)

    def many(self, values: Sequence[Any]) -> Iterable[Any]:
        """`values` processed, in order: the processor runs once per distinct value (in the order
        they first occur, so an invalid one fails as it would value by value), the rest is lookups."""
        try:
            keys = list(zip(map(type, values), values, strict=True))
            distinct = dict.fromkeys(keys)
        except TypeError:  # an unhashable value
            return map(self, values)
        memo, proc = self.memo, self.proc
        for key in distinct:
            result = memo.get(key, _MISSING)
            if result is _MISSING:
                result = proc(key[1])
                if len(memo) < _MEMO_LIMIT:
                    memo[key] = result
            distinct[key] = result
        return map(distinct.__getitem__, keys)


_MISSING = object()


def _fast_driver(conn: Connection) -> str | None:
    """'sqlite' or 'psycopg' when rows can go to the driver directly; None: use Core."""
    return fast_driver_name(conn.dialect)


def fast_driver_name(dialect: Any) -> str | None:
    if dialect.name == "sqlite" and dialect.driver == "pysqlite":
        return "sqlite"
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        return "psycopg"
    return None


class BulkTable:
    """Inserts into and keyed reads from one table, with the processors looked up once."""

    def __init__(self, session: Session, table: Table, conn: Connection | None = None) -> None:
        """`conn`: another connection than the session's (the import's reader, see ReadConnection)."""
        self.session = session
        self.table = table
        self.conn = session.connection() if conn is None else conn
        self.dialect = self.conn.dialect
        self.driver = _fast_driver(self.conn)
        self._bind: dict[str, _Memoized | None] = {}
        quote = self.dialect.identifier_preparer.quote
        self._quote = quote
        self._table_sql = self.dialect.identifier_preparer.format_table(table)
        self._mark = "?" if self.driver == "sqlite" else "%s"
        self._sequence: str | None = None  # PostgreSQL: the sequence of the id column

    def _processor(self, column: str) -> _Memoized | None:
        if column not in self._bind:
            proc = _bind_processor(self.table, column, self.dialect)
            self._bind[column] = None if proc is None else _Memoized(proc)
        return self._bind[column]

    def _cursor(self) -> Any:
        return self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    # --- inserts -----------------------------------------------------------------------------

    def new_ids(self, count: int) -> list[int]:
        """Ids for `count` new rows, as the database would give them."""
        if count == 0:
            return []
        if self.driver == "psycopg":
            if self._sequence is None:  # looked up once, not for every id
                self._sequence = self.conn.exec_driver_sql(
                    "SELECT pg_get_serial_sequence(%s, 'id')", (self._table_sql,)
                ).scalar()
            statement = "SELECT nextval(%s::regclass) FROM generate_series(1, %s)"
            dbapi = self.dialect.loaded_dbapi
            try:  # on the driver's cursor, as the inserts: one fetchall instead of a fetch per id
                with self._cursor() as cursor:
                    cursor.execute(statement, (self._sequence, count))
                    return [row[0] for row in cursor.fetchall()]
            except dbapi.Error as exc:
                raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc
        highest = self.conn.execute(select(self.table.c.id).order_by(self.table.c.id.desc()).limit(1))
        start = (highest.scalar() or 0) + 1
        return list(range(start, start + count))

    def insert(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        constants: Mapping[str, Any] | None = None,
        *,
        later: DeferredCopies | None = None,
    ) -> None:
        """Insert `rows` (tuples in the order of `columns`); `constants` are the same for every row.
        With `later` the PostgreSQL inserts are only prepared here and sent when `later` starts."""
        constants = dict(constants or {})
        defaults = _scalar_defaults(self.table, {*columns, *constants})
        if defaults is None:  # a computed default: Core's insert() knows how to apply it
            rows = list(rows)
            names = [*columns, *constants]
            params = [dict(zip(names, r, strict=True)) for r in _raw(rows, constants)]
            self.conn.execute(insert(self.table), params)
            return
        constants |= defaults
        names = [*columns, *constants]
        if self.driver is None:
            params = [dict(zip(names, r, strict=True)) for r in _raw(rows, constants)]
            self.conn.execute(insert(self.table), params)
            return
        if self.driver == "psycopg":
            rows = list(rows)
            if not rows:
                return
            send = self._unnest_insert(columns, rows, constants)
            if send is None:  # a value an array literal does not take
                send = self._values_insert(columns, rows, constants)
            if later is not None:
                later.add(send)
            else:
                send()
            return
        prepared = self._prepared(columns, rows, constants)
        if not prepared:
            return
        cols_sql = ", ".join(self._quote(c) for c in names)
        marks = ", ".join([self._mark] * len(names))
        statement = f"INSERT INTO {self._table_sql} ({cols_sql}) VALUES ({marks})"
        self.conn.exec_driver_sql(statement, prepared)

    def _unnest_insert(
        self, columns: Sequence[str], rows: list[Sequence[Any]], constants: Mapping[str, Any]
    ) -> Callable[[], None] | None:
        """PostgreSQL: the rows as one INSERT … SELECT FROM unnest(one array per column) (see
        pg_arrays); None when a column's values cannot go as an array literal."""
        from app.imports.pg_arrays import array_literal, base_type, unnest_insert_sql

        by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
        if len(by_column) != len(columns):
            raise ValueError(f"rows of {len(by_column)} values for {len(columns)} columns")
        literals: list[Any] = []
        for name, values in zip(columns, by_column, strict=True):
            proc = self._processor(name)
            literal = array_literal(values if proc is None else list(proc.many(values)))
            if literal is None:
                return None
            literals.append(literal)
        fixed = [v if (p := self._processor(c)) is None else p(v) for c, v in constants.items()]
        t = self.table
        types = [base_type(t.c[c], self.dialect) for c in (*columns, *constants)]
        statement = unnest_insert_sql(
            self._table_sql, [self._quote(c) for c in (*columns, *constants)], types[: len(columns)],
            types[len(columns) :],
        )  # fmt: skip
        params = [*fixed, *literals]  # in the order of the statement's placeholders
        cursor = self._cursor()
        dbapi = self.dialect.loaded_dbapi

        def send() -> None:
            try:
                cursor.execute(statement, params)
            except dbapi.Error as exc:  # the same exception types as a Core statement raises
                raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc

        return send

    def _values_insert(
        self, columns: Sequence[str], rows: list[Sequence[Any]], constants: Mapping[str, Any]
    ) -> Callable[[], None]:
        """PostgreSQL: multi-row INSERTs of ROWS_PER_INSERT rows each, for values an array literal
        does not take: one statement (and one round trip) per few hundred rows rather than per row."""
        prepared = self._prepared(columns, rows, constants)
        names = [*columns, *constants]
        cols_sql = ", ".join(self._quote(c) for c in names)
        one = "(" + ", ".join([self._mark] * len(names)) + ")"
        dbapi = self.dialect.loaded_dbapi
        cursor = self._cursor()
        per = ROWS_PER_INSERT
        flat = [value for row in prepared for value in row]
        width = len(names)

        def send() -> None:
            statement = f"INSERT INTO {self._table_sql} ({cols_sql}) VALUES {one}"
            try:
                full, rest = divmod(len(prepared), per)
                if full:
                    statement = f"INSERT INTO {self._table_sql} ({cols_sql}) VALUES {', '.join([one] * per)}"
                    cursor.executemany(
                        statement, [flat[i * per * width : (i + 1) * per * width] for i in range(full)]
                    )
                if rest:
                    statement = f"INSERT INTO {self._table_sql} ({cols_sql}) VALUES {', '.join([one] * rest)}"
                    cursor.execute(statement, flat[full * per * width :])
            except dbapi.Error as exc:  # the same exception types as a Core statement raises
                raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc

        return send

    def scalar_sql(self, statement: str, params: Sequence[Any]) -> Any:
        """One value from a statement of our own on the driver's cursor (PostgreSQL), raising the
        same exception types as a Core statement; usable from the write thread."""
        dbapi = self.dialect.loaded_dbapi
        try:
            with self._cursor() as cursor:
                cursor.execute(statement, params)
                row = cursor.fetchone()
        except dbapi.Error as exc:
            raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc
        return None if row is None else row[0]

    # --- updates -----------------------------------------------------------------------------

    def update_versioned(
        self, columns: Sequence[str], rows: Sequence[tuple[int, int, *tuple[Any, ...]]], now: Any
    ) -> int | None:
        """Set `columns` of the rows (id, version read, *new values), each only while its version is
        still the one read; every row's version goes up by one and ``updated_at`` becomes `now`.
        Returns how many rows were updated (fewer than given: someone changed one meanwhile), or
        None when the driver does not say.

        PostgreSQL: one ``UPDATE … FROM (VALUES …)`` per few hundred rows. Statement by statement,
        row-level security evaluates its policy (the user's role and municipality) once per
        statement, so 1,000 single-row UPDATEs cost over half a second; the same as one statement
        of 500 rows costs a few milliseconds. Elsewhere one statement per row (SQLite is fast at it)."""
        if not rows:
            return 0
        t = self.table
        if self.driver != "psycopg":
            stmt = (
                update(t)
                .where(t.c.id == bindparam("o_id"), t.c.version == bindparam("o_version"))
                .values({c: bindparam(f"n_{c}") for c in columns}
                        | {"version": t.c.version + 1, "updated_at": bindparam("o_now")})
            )  # fmt: skip
            many = [
                {"o_id": r[0], "o_version": r[1], "o_now": now}
                | {f"n_{c}": v for c, v in zip(columns, r[2:], strict=True)}
                for r in rows
            ]
            done = self.conn.execute(stmt, many)
            return done.rowcount if self.dialect.supports_sane_multi_rowcount else None
        quote, mark = self._quote, self._mark
        procs = [self._processor(c) for c in columns]
        # Each value cast to its column's type: VALUES has no column types of its own.
        casts = ["integer", "integer", *(t.c[c].type.compile(self.dialect) for c in columns)]
        one = "(" + ", ".join(f"CAST({mark} AS {cast})" for cast in casts) + ")"
        names = ["o_id", "o_version", *(f"n_{i}" for i in range(len(columns)))]
        sets = ", ".join(f"{quote(c)} = v.n_{i}" for i, c in enumerate(columns))
        updated = 0
        dbapi = self.dialect.loaded_dbapi
        for start in range(0, len(rows), ROWS_PER_INSERT):
            part = rows[start : start + ROWS_PER_INSERT]
            statement = (
                f"UPDATE {self._table_sql} AS t SET {sets}, version = t.version + 1, updated_at = {mark} "
                f"FROM (VALUES {', '.join([one] * len(part))}) AS v({', '.join(names)}) "
                "WHERE t.id = v.o_id AND t.version = v.o_version"
            )
            params: list[Any] = [now]
            for row in part:
                params += [row[0], row[1]]
                params += [v if p is None else p(v) for p, v in zip(procs, row[2:], strict=True)]
            try:
                with self._cursor() as cursor:
                    cursor.execute(statement, params)
                    updated += cursor.rowcount
            except dbapi.Error as exc:  # the same exception types as a Core statement raises
                raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc
        return updated

    def _prepared(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]], constants: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        """The rows as the driver takes them: the bind processors applied column by column (a
        column at a time through map and zip, not a list per row), the constants appended."""
        rows = list(rows)
        procs = {i: p for i, c in enumerate(columns) if (p := self._processor(c)) is not None}
        fixed = [v if (p := self._processor(c)) is None else p(v) for c, v in constants.items()]
        if not rows:
            return []
        if not procs and not fixed:
            return [tuple(r) for r in rows]
        by_column: list[Iterable[Any]] = list(zip(*rows, strict=True))
        if len(by_column) != len(columns):
            raise ValueError(f"rows of {len(by_column)} values for {len(columns)} columns")
        for i, proc in procs.items():
            by_column[i] = proc.many(cast(Sequence[Any], by_column[i]))
        return list(zip(*by_column, *(repeat(v, len(rows)) for v in fixed), strict=True))

    # --- keyed reads -------------------------------------------------------------------------

    def rows_by_keys(
        self, key_columns: Sequence[str], columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        """The rows whose key is in `keys`, as tuples of (*key_columns, *columns), values as the ORM
        would give them (dates, enums, booleans)."""
        if not keys:
            return []
        t = self.table
        names = [*key_columns, *columns]
        if self.driver is None:
            key_cols = [t.c[c] for c in key_columns]
            query = select(*(t.c[c] for c in names))
            if len(key_cols) == 1:
                query = query.where(key_cols[0].in_([k[0] for k in keys]))
            else:
                query = query.where(tuple_(*key_cols).in_(list(keys)))
            return [tuple(r) for r in self.conn.execute(query)]
        params, where = self._key_filter(key_columns, keys)
        cols_sql = ", ".join(self._quote(c) for c in names)
        sql = f"SELECT {cols_sql} FROM {self._table_sql} WHERE {where}"
        result = self.conn.exec_driver_sql(sql, tuple(params))
        # A dialect's result processor may need the driver's type code (psycopg's numerics do).
        type_codes = [d[1] for d in (result.cursor.description or [])] if result.cursor else []
        fetched = result.fetchall()
        result_procs = [
            (i, p)
            for i, c in enumerate(names)
            if (
                p := t.c[c].type._cached_result_processor(
                    self.dialect, type_codes[i] if i < len(type_codes) else None
                )
            )
            is not None
        ]
        if not result_procs or not fetched:
            return [tuple(r) for r in fetched]
        by_column: list[Iterable[Any]] = list(zip(*fetched, strict=True))
        for i, proc in result_procs:
            by_column[i] = map(proc, by_column[i])
        return list(zip(*by_column, strict=True))

    def _key_filter(
        self, key_columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
    ) -> tuple[list[Any], str]:
        """The parameters and the WHERE condition that select the rows of `keys`."""
        key_procs = [self._processor(c) for c in key_columns]
        if len(key_columns) == 1 and self.driver == "psycopg":
            # One array parameter: psycopg parses a statement of thousands of placeholders slowly.
            proc = key_procs[0]
            values = [k[0] for k in keys]
            if proc is not None:
                values = list(proc.many(values))
            return [values], f"{self._quote(key_columns[0])} = ANY({self._mark})"
        params: list[Any] = []
        for key in keys:
            params.extend(v if p is None else p(v) for p, v in zip(key_procs, key, strict=True))
        if len(key_columns) == 1:
            return params, f"{self._quote(key_columns[0])} IN ({', '.join([self._mark] * len(keys))})"
        one = f"({', '.join([self._mark] * len(key_columns))})"
        lhs = ", ".join(self._quote(c) for c in key_columns)
        return params, f"({lhs}) IN (VALUES {', '.join([one] * len(keys))})"


def _scalar_defaults(table: Table, given: set[str]) -> dict[str, Any] | None:
    """The Python-side defaults (``default=0``) of the columns an insert does not give, which a
    statement of our own must send as Core's insert() would; None when one is computed."""
    out = {}
    for col in table.columns:
        if col.name in given or col.default is None:
            continue
        if not col.default.is_scalar:
            return None
        out[col.name] = cast(ScalarElementColumnDefault, col.default).arg
    return out


def _raw(rows: Iterable[Sequence[Any]], constants: Mapping[str, Any]) -> Iterable[tuple[Any, ...]]:
    fixed = tuple(constants.values())
    for row in rows:
        yield (*row, *fixed)
