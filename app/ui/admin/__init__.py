"""Beheer: users and the access log. Cheap to import: the page itself is imported on first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle

from app.domain.roles import Action, Area, is_allowed
from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.services.access import Actor
    from app.ui.context import AppContext


def can_see(actor: Actor) -> bool:
    """Anyone who may see users (of their own municipality at least) or read the access log."""
    return actor.system or is_allowed(actor.role, Action.READ, Area.USERS, own_gemeente=True) or is_allowed(
        actor.role, Action.READ, Area.AUDIT, own_gemeente=None
    )


def create_page(context: AppContext) -> QWidget:
    from app.ui.admin.page import AdminPage

    return AdminPage(context)


MODULE = ModuleSpec(
    key="admin",
    title="Beheer",
    factory=create_page,
    visible=can_see,
    icon=QStyle.StandardPixmap.SP_FileDialogInfoView,
    description="Gebruikers en toegangslog",
)
