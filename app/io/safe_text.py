"""The one formula-safe text rule for everything the program writes for a spreadsheet: xlsx, CSV and
the clipboard copy of table cells (DESIGN.md §6, the OWASP "CSV injection" rule).

A text that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or LF could be taken for a formula by
Excel or LibreOffice. Such a text is written as text:

- xlsx (:mod:`app.io.excel.writer`): always as a string cell, and with Excel's quotePrefix style so
  editing it later does not turn it into a formula either; the stored value stays the same.
- CSV and clipboard (:func:`formula_safe`, :func:`cell_text`): a single quote ``'`` before it.

Numbers stay usable: a real number (int, float, Decimal) is never prefixed, and neither is a text
that is exactly a plain number such as ``-7`` or ``+3,5`` (a saldo shown in a table): a spreadsheet
reads that as the number, and it cannot call anything. ``-7+cmd|...`` or ``-`` alone is prefixed.
"""

from __future__ import annotations

import re
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"
# Digits 0-9 only (``\d`` would also accept Arabic-Indic or fullwidth digits).
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def starts_like_formula(text: str) -> bool:
    """True for a text a spreadsheet could take for a formula (the xlsx writer's quotePrefix test)."""
    return text.startswith(FORMULA_TRIGGERS)


def is_plain_number(text: str) -> bool:
    """``-7``, ``+12``, ``3,50``: a number written as text, which a spreadsheet reads as that number."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def formula_safe(text: str) -> str:
    """``text`` as a CSV or clipboard cell: with a leading ``'`` when it starts like a formula and is
    not a plain number."""
    if starts_like_formula(text) and not is_plain_number(text):
        return QUOTE + text
    return text


def cell_text(value: object) -> str:
    """A value as CSV/clipboard text: None is empty, a number stays a number, text is made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return formula_safe(str(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    return formula_safe(str(value))


def is_safe_cell(text: str) -> bool:
    """What a written cell must satisfy (for tests and checks): no formula start, unless quoted."""
    return not starts_like_formula(text) or is_plain_number(text)
