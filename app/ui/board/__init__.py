"""Uitwisselbord: the regional exchange board. Cheap to import; the page is built on first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle

from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.context import AppContext


def create_page(context: AppContext) -> QWidget:
    from app.ui.board.page import BoardPage

    return BoardPage(context)


MODULE = ModuleSpec(
    key="board",
    title="Uitwisselbord",
    factory=create_page,
    icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
    description="Taakstellingen, koppelingen, woningen, uitruil en matching in de regio",
)
