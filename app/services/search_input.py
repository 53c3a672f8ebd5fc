"""What a user types into a search field, checked before it reaches the database.

- NUL and other control characters (and lone surrogates, which cannot be encoded) are refused with
  a Dutch ValidationError: PostgreSQL refuses a NUL in text with an unhandled DataError, and no
  name, V-nummer or address holds one. Surrounding white space (a pasted cell's newline) is removed
  first.
- The LIKE wildcards ``%`` and ``_`` (and the escape character) in the term are matched literally:
  the services test with ``column.contains(term, autoescape=True)``, see :func:`contains`.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from app.errors import ValidationError


def search_term(text: str | None, field: str = "text") -> str:
    """The stripped search text, or a ValidationError naming ``field`` for a control character."""
    term = (text or "").strip()
    for ch in term:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            message = (
                "De zoektekst bevat een onzichtbaar stuurteken (zoals een NUL-teken of een tab). "
                "Typ de zoektekst opnieuw, of plak hem zonder opmaak."
            )
            raise ValidationError(message, {field: message})
    return term


def contains(column: Any, term: str) -> Any:
    """``column LIKE '%term%'`` with ``%``, ``_`` and the escape character in ``term`` taken literally."""
    return column.contains(term, autoescape=True)
