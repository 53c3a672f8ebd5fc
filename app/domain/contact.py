"""Phone numbers and e-mail addresses people call or write to (users, municipalities).

Kept as typed (people read "030 - 286 00 00" better than "0302860000"), but checked so a pack never
prints a number nobody can dial: digits with spaces, dashes, dots, brackets and one leading "+".
Messages are Dutch and say what to type instead.
"""

from __future__ import annotations

import re

PHONE_MAX = 40
EMAIL_MAX = 200
PHONE_DIGITS = (8, 15)  # 10 for a Dutch number, 8 for 0800-/0900-numbers, up to 15 with a country code
SHORT_DIGITS = (5, 6)  # a municipality's 14-number: "14 030", "14 0348"

_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")

PHONE_HINT = "bijvoorbeeld 030 286 00 00 of +31 6 12345678"


def phone_problem(phone: str) -> str | None:
    """Why this is not a phone number to print, in Dutch; None when it is (or when it is empty)."""
    phone = phone.strip()
    if not phone:
        return None
    if len(phone) > PHONE_MAX:
        return f"Een telefoonnummer is hoogstens {PHONE_MAX} tekens lang."
    if not _PHONE_CHARS.match(phone):
        return f"Een telefoonnummer bestaat uit cijfers, spaties en streepjes ({PHONE_HINT})."
    digits = "".join(ch for ch in phone if ch.isdigit())
    low, high = PHONE_DIGITS
    if low <= len(digits) <= high:
        return None
    if digits.startswith("14") and SHORT_DIGITS[0] <= len(digits) <= SHORT_DIGITS[1]:
        return None
    return (
        f"Een telefoonnummer heeft {low} tot {high} cijfers (of is een 14-nummer zoals 14 030); "
        f"dit nummer heeft er {len(digits)} ({PHONE_HINT})."
    )


def email_problem(email: str) -> str | None:
    """Why this is not an e-mail address, in Dutch; None when it is (or when it is empty)."""
    email = email.strip()
    if not email:
        return None
    if len(email) > EMAIL_MAX:
        return f"Een e-mailadres is hoogstens {EMAIL_MAX} tekens lang."
    if not _EMAIL.match(email):
        return "Vul een e-mailadres in zoals naam@gemeente.nl."
    return None
