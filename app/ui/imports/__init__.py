"""The import dialog and the import history. Cheap to import: the dialogs load on first use.

The shell calls ``open_import_dialog`` (menu, Ctrl+I, a file dropped on the window) and
``open_history_dialog``; both return the dialog, already shown, so the caller can connect its
``sig_imported`` / ``sig_undone`` to whatever reloads the lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.context import AppContext
    from app.ui.imports.history_dialog import ImportHistoryDialog
    from app.ui.imports.wizard import ImportWizard

IMPORT_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def is_importable(path: str | Path) -> bool:
    """Whether a dropped file looks like something the import dialog reads (by its name)."""
    return Path(path).suffix.lower() in IMPORT_SUFFIXES


def open_import_dialog(
    context: AppContext, parent: QWidget | None = None, path: str | Path | None = None
) -> ImportWizard:
    from PySide6.QtCore import Qt

    from app.ui.imports.wizard import ImportWizard

    wizard = ImportWizard(context, parent, Path(path) if path else None)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def open_history_dialog(context: AppContext, parent: QWidget | None = None) -> ImportHistoryDialog:
    from PySide6.QtCore import Qt

    from app.ui.imports.history_dialog import ImportHistoryDialog

    dialog = ImportHistoryDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
