"""Identifiers: BSN (11-proef), V-nummer (10 digits), CBS gemeentecode (GMxxxx)."""

from __future__ import annotations

import re
import unicodedata

_ASCII_DIGITS = re.compile("[0-9]+")
_GM = re.compile(r"^\s*(?:GM)?\s*(\d{1,4})\s*$", re.IGNORECASE)


class IdentifierError(ValueError):
    """A malformed identifier; the message is Dutch and fit to show to a user."""


def normalize_bsn(text: str) -> str:
    """Return the 9-digit BSN or raise IdentifierError.

    The input is NFKC-normalised first (fullwidth digits "１２３" become "123"), spaces, dots and
    hyphens are removed; then only 9 digits, or 8 for an old number (a leading zero is added), that
    pass the 11-proef are accepted. ``000000000`` is refused."""
    from stdnum.nl import bsn  # imported here: stdnum loads its data lazily but not for free

    digits = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", text or ""))
    if not digits or not _ASCII_DIGITS.fullmatch(digits):
        raise IdentifierError("Een BSN bestaat alleen uit cijfers.")
    if len(digits) == 8:  # an old number, written without its leading zero
        digits = "0" + digits
    if len(digits) != 9:
        raise IdentifierError(f"Een BSN heeft 9 cijfers (of 8 voor een oud nummer), niet {len(digits)}.")
    if set(digits) == {"0"}:
        raise IdentifierError("000000000 is geen geldig BSN.")
    if not bsn.is_valid(digits):
        raise IdentifierError(f"{digits} is geen geldig BSN (de elfproef klopt niet).")
    return digits


def normalize_v_nummer(text: str) -> str:
    """Return the 10-digit V-nummer; leading zeros that a spreadsheet dropped are restored."""
    raw = str(text or "").strip()
    if raw.endswith(".0"):  # a spreadsheet stored the number as a float
        raw = raw[:-2]
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits.isdigit():
        raise IdentifierError(f"'{text}' is geen geldig V-nummer: alleen cijfers toegestaan.")
    if len(digits) > 10:
        raise IdentifierError(f"'{text}' is geen geldig V-nummer: meer dan 10 cijfers.")
    return digits.zfill(10)


def normalize_gemeentecode(text: str) -> str:
    """'GM0344', '344', 'gm 344' → 'GM0344'."""
    match = _GM.match(text or "")
    if not match:
        raise IdentifierError(f"'{text}' is geen CBS-gemeentecode (verwacht GM gevolgd door 4 cijfers).")
    return "GM" + match.group(1).zfill(4)
