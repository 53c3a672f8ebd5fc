"""Vrijwilligersinitiatieven: the regional directory of volunteer initiatives, searched as a
coordinator thinks and kept true by its owners. Cheap to import; the page is built on first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle

from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.context import AppContext


def create_page(context: AppContext) -> QWidget:
    from app.ui.directory.page import DirectoryPage

    return DirectoryPage(context)


MODULE = ModuleSpec(
    key="directory",
    title="Initiatieven",
    factory=create_page,  # visible to every role: the directory is read by the whole region
    icon=QStyle.StandardPixmap.SP_FileDialogContentsView,
    description="Vrijwilligersinitiatieven in de regio: zoeken, bijhouden en controleren",
)
