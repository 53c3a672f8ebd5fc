"""PostgreSQL: a chunk of new rows as one ``INSERT … SELECT … FROM unnest(…)``, a column as one array.

Row-level security refuses COPY FROM to everyone but a superuser. Multi-row ``INSERT … VALUES`` of
500 rows were most of an import's time on PostgreSQL: psycopg adapts each of the 7,500 parameters
of a statement one by one (~1.3 µs each, 100,000 × 15 values: 2 s, and holding the GIL the
parsing thread needs), and the server parses a statement of thousands of placeholders each time.
Here a column goes as one text parameter: its array literal is built with ``str.join`` over the
column's distinct values (a sheet repeats the same few dates, texts and flags), and the server reads
the elements with the column type's own input function, as it reads any text parameter.

The arrays are cast to the base type (``VARCHAR``, not ``VARCHAR(10)``): an explicit cast to
``varchar(10)`` cuts a longer value silently, where the INSERT's assignment to the column refuses
it, as the INSERT … VALUES did. Values of a type not handled here (or two types in one column)
give None: the caller then sends that chunk the old way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Column

_LENGTH = re.compile(r"\s*\([^)]*\)")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _float(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


# Exact types only: a subclass (an IntEnum, a str enum) may print as something else.
_ELEMENT: dict[type, Callable[[Any], str]] = {
    type(None): lambda _v: "NULL",
    str: _quoted,
    bool: lambda v: "t" if v else "f",
    int: str,
    float: _float,
    Decimal: str,
    dt.date: dt.date.isoformat,
    dt.datetime: lambda v: _quoted(v.isoformat(sep=" ")),
}


def array_literal(values: Sequence[Any]) -> str | None:
    """`values` as the text of a PostgreSQL array ('{1,NULL,"a b"}'); None when a value has a
    type not handled here or the column mixes types (1 and True are one dict key)."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if len(kinds) > 1 or not kinds <= _ELEMENT.keys():
        return None
    distinct: dict[Any, str] = dict.fromkeys(values, "")
    convert = _ELEMENT[next(iter(kinds))] if kinds else _ELEMENT[type(None)]
    for value in distinct:
        distinct[value] = "NULL" if value is None else convert(value)
    return "{" + ",".join(map(distinct.__getitem__, values)) + "}"


def base_type(column: Column[Any], dialect: Any) -> str:
    """The type a column's values are cast to: the column's own type without its length."""
    return _LENGTH.sub("", column.type.compile(dialect))


def unnest_insert_sql(
    table_sql: str, quoted: Sequence[str], types: Sequence[str], fixed_types: Sequence[str]
) -> str:
    """INSERT INTO t (a, b, k) SELECT u.*, CAST(%s AS …) FROM unnest(CAST(%s AS INTEGER[]), …) AS u:
    the first len(types) columns from one array each, the last len(fixed_types) the same for
    every row (one parameter each; typed, or an INSERT … SELECT would take a NULL for text)."""
    arrays = ", ".join(f"CAST(%s AS {name}[])" for name in types)
    fixed = "".join(f", CAST(%s AS {name})" for name in fixed_types)
    return f"INSERT INTO {table_sql} ({', '.join(quoted)}) SELECT u.*{fixed} FROM unnest({arrays}) AS u"
