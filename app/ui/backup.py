"""*Bestand → Reservekopie maken…*: a file dialog, then the backup on the task runner with progress,
and a Dutch message when it is done. Receives the context (database, actor, task runner), not the
window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.tasks import Task, TaskControl


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backup", text)


def ask_backup_path(parent: QWidget | None, suggested: Path, suffixes: tuple[str, ...]) -> Path | None:
    """The save dialog; None when the user cancels."""
    patterns = " ".join(f"*{s}" for s in suffixes)
    name, _ = QFileDialog.getSaveFileName(
        parent,
        _tr("Reservekopie maken"),
        str(suggested),
        _tr("Reservekopie ({patterns})").format(patterns=patterns),
    )
    return Path(name) if name else None


def start_backup(
    context: AppContext,
    parent: QWidget | None = None,
    *,
    choose: Callable[[QWidget | None, Path, tuple[str, ...]], Path | None] | None = None,
) -> Task | None:
    """Ask where (``choose``, default the save dialog), then make the backup in the background.
    Returns the task (None: cancelled)."""
    from app.commands.files import output_file
    from app.errors import UserError
    from app.services.backup import backup_suffixes, make_backup

    database, actor = context.database, context.actor
    suffixes = backup_suffixes(database)
    suggested = Path.home() / f"doorlopende-lijn-{date.today().isoformat()}{suffixes[0]}"
    path = (choose or ask_backup_path)(parent, suggested, suffixes)
    if path is None:
        return None
    try:  # the dialog already asked about overwriting
        target = output_file(path, suffixes=suffixes, force=True)
    except UserError as exc:
        context.tasks.show_error(parent, _tr("Reservekopie maken"), exc.message)
        return None

    def work(control: TaskControl) -> Any:
        def progress(fraction: float) -> None:
            control.check_cancelled()
            control.progress(fraction, _tr("Reservekopie maken…"))

        return make_backup(database, actor, target, progress=progress)

    def done(result: Any) -> None:
        message = _tr("De reservekopie is gemaakt: {path} ({size} kB).").format(
            path=result.path, size=max(1, result.size // 1000)
        )
        context.show_status(message)
        box = QMessageBox(QMessageBox.Icon.Information, _tr("Reservekopie gemaakt"), message, parent=parent)
        box.setObjectName("backup_done")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    return context.tasks.run_function(work, on_success=done, title=_tr("Reservekopie maken"), parent=parent)
