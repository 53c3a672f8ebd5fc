"""The bind processors of the fast import writes, applied a column at a time, give what applying
them value by value gives (and fail on the same value)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.imports.bulk import _Memoized


def _shown(value: Any) -> str:
    if value == "fout":
        raise ValueError(f"ongeldig: {value!r}")
    return f"{type(value).__name__}:{value}"


def test_a_column_at_once_is_value_by_value() -> None:
    day = dt.date(2026, 1, 5)
    values = [day, True, 1, 1.0, None, dt.date(2026, 1, 5), "a", True, dt.datetime(2026, 1, 5)]
    memo = _Memoized(_shown)
    assert list(memo.many(values)) == [_shown(v) for v in values]
    assert list(memo.many(values[::-1])) == [_shown(v) for v in values[::-1]]  # from the memo now
    assert [memo(v) for v in values] == [_shown(v) for v in values]


def test_the_first_invalid_value_fails() -> None:
    calls: list[Any] = []

    def proc(value: Any) -> Any:
        calls.append(value)
        return _shown(value)

    with pytest.raises(ValueError, match="fout"):
        list(_Memoized(proc).many(["a", "b", "fout", "c"]))
    assert calls == ["a", "b", "fout"]


def test_unhashable_values_are_processed_one_by_one() -> None:
    values: list[Any] = [["x"], "a", ["x"]]
    assert list(_Memoized(_shown).many(values)) == [_shown(v) for v in values]
