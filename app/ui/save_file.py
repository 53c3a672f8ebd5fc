"""Asking where to save a file a page makes (xlsx, pdf) or a folder, remembering the last place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_last_folder: Path | None = None
_FILTERS = {"xlsx": "Excel-werkmap (*.xlsx)", "pdf": "PDF-bestand (*.pdf)"}


def last_folder() -> Path:
    """The folder last saved into, else Documenten, else the home folder."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember(path: Path) -> None:
    global _last_folder
    _last_folder = path if path.is_dir() else path.parent


def ask_save_file(parent: QWidget, name: str, suffix: str) -> Path | None:
    """Where to save ``name`` (with the right extension added); None when the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Opslaan als", str(last_folder() / name), _FILTERS[suffix]
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != f".{suffix}":
        path = path.with_name(path.name + f".{suffix}")
    remember(path)
    return path


def ask_folder(parent: QWidget, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(last_folder()))
    if not chosen:
        return None
    remember(Path(chosen))
    return Path(chosen)
