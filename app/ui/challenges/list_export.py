"""The Werkgevers and Planner tabs' "Naar Excel…": ask where, write on a worker, say where it went.
The services (app.services.challenges.lists) check the right to export and log it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("ListExport", text)


def export_button(actor: Any, list_name: str, tooltip: str, clicked: Callable[[], object]) -> QPushButton:
    """The button, shown only to who may export this list."""
    from app.services.exports import may_export

    button = QPushButton(_tr("Naar &Excel…"))
    button.setToolTip(tooltip)
    button.setVisible(may_export(actor, list_name))
    button.clicked.connect(lambda: clicked())
    return button


def export_to_excel(
    parent: QWidget,
    context: Any,
    list_name: str,
    what: str,
    write: Callable[[Any, Path], Any],
    path: Path | None = None,
) -> Any:
    """``write(session, path)`` on a worker, to ``path`` or where the user chooses (None: cancelled)."""
    from app.services.exports import default_file_name
    from app.ui.save_file import ask_save_file

    path = path or ask_save_file(parent, default_file_name(list_name), "xlsx")
    if path is None:
        return None
    target = path

    def done(result: Any) -> None:
        context.show_status(
            _tr("{n} {what} opgeslagen in {file}").format(n=result.rows, what=what, file=target)
        )

    return context.tasks.run(
        lambda session, _control: write(session, target), on_success=done,
        title=_tr("Lijst naar Excel"), parent=parent,
    )  # fmt: skip
