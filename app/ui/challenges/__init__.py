"""Werkgevers & challenges: plan challenges with employers, keep the pledged places filled and open
them to the region when they stay empty. Cheap to import; the page is built on first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle

from app.domain.roles import Role
from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.services.access import Actor
    from app.ui.context import AppContext


def create_page(context: AppContext) -> QWidget:
    from app.ui.challenges.page import ChallengesPage

    return ChallengesPage(context)


def _visible(actor: Actor) -> bool:
    return actor.role is not Role.BEHEERDER  # a beheerder keeps users, not employers


MODULE = ModuleSpec(
    key="challenges",
    title="Werkgevers & challenges",
    factory=create_page,
    visible=_visible,
    icon=QStyle.StandardPixmap.SP_DirLinkIcon,
    description="Challenges met werkgevers plannen, toegezegde plekken volgen en openstellen voor de regio",
)
