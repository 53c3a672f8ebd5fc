"""The SQL form of :mod:`app.domain.lateness`: one clause for every query that counts or lists
koppelingen that are te laat (the overview's figures, the filter "Alleen te laat")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from app.db.models import Koppeling, KoppelingStatus
from app.domain.lateness import late_cutoffs


def late_clause(on: date) -> ColumnElement[bool]:
    """True for a koppeling that is te laat on ``on``, as :func:`app.domain.lateness.is_late`."""
    cut = late_cutoffs(on)
    not_housed = or_(Koppeling.housed_on.is_(None), Koppeling.housed_on > on)
    not_offered = or_(Koppeling.offered_on.is_(None), Koppeling.offered_on > on)
    return and_(
        Koppeling.status != KoppelingStatus.VERVALLEN,
        Koppeling.linked_on <= on,
        not_housed,
        or_(
            Koppeling.linked_on < cut.move_linked_before,
            and_(Koppeling.linked_on < cut.offer_linked_before, not_offered),
        ),
    )
