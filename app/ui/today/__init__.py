"""Vandaag: what waits for me, the first page. Cheap to import; the page is built on first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle

from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from app.services.access import Actor
    from app.ui.context import AppContext


def can_see(actor: Actor) -> bool:
    """Whoever some module has work for (a provider applies); the others start elsewhere."""
    from app.services.today.registry import providers

    return any(p.applies(actor) for p in providers())


def create_page(context: AppContext) -> QWidget:
    from app.ui.today.page import TodayPage

    return TodayPage(context)


def counts(session: Session, actor: Actor) -> dict[str, int]:
    from app.services.today import badge_counts

    return badge_counts(session, actor)  # the kinds too: the pages show them on their tabs


MODULE = ModuleSpec(
    key="today",
    title="Vandaag",
    factory=create_page,
    visible=can_see,
    icon=QStyle.StandardPixmap.SP_DialogApplyButton,
    description="Wat vandaag op u wacht: uitruil, termijnen, reserveringen en overdrachten",
    counts=counts,
    start_page=True,
)
