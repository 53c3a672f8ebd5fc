"""Dossiers: the case register with warm handovers. Cheap to import; the page is built on first visit."""

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
    """Whoever may read the dossiers of their own municipality; the beheerder sees none."""
    return actor.system or is_allowed(actor.role, Action.READ, Area.DOSSIER, own_gemeente=True)


def create_page(context: AppContext) -> QWidget:
    from app.ui.cases.page import CasesPage

    return CasesPage(context)


MODULE = ModuleSpec(
    key="cases",
    title="Dossiers",
    factory=create_page,
    visible=can_see,
    icon=QStyle.StandardPixmap.SP_DirOpenIcon,
    description="Dossiers per huishouden, plan van aanpak en warme overdrachten",
)
