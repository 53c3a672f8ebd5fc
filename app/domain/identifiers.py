"""Identifiers: BSN (11-proef), V-nummer (10 digits), CBS gemeentecode (GMxxxx)."""

from __future__ import annotations

import re

_GM = re.compile(r"^\s*(?:GM)?\s*(\d{1,4})\s*$", re.IGNORECASE)


class IdentifierError(ValueError):
    """A malformed identifier; the message is Dutch and fit to show to a user."""


def normalize_bsn(text: str) -> str:
    """Return the 9-digit BSN or raise IdentifierError. ``000000000`` is refused."""
    from stdnum.nl import bsn  # imported here: stdnum loads its data lazily but not for free

    digits = re.sub(r"[\s.\-]", "", text or "")
    if not digits.isdigit():
        raise IdentifierError("Een BSN bestaat alleen uit cijfers.")
    digits = digits.zfill(9)
    if len(digits) != 9:
        raise IdentifierError("Een BSN heeft 9 cijfers.")
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
