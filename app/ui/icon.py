"""The program's own icon (one blue tile with the unbroken line; drawn by
installers/windows/make_icon.py) for the windows and the task bar (issue 18)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from app.resources import resource

ICON_FILE = ("icons", "doorlopende-lijn.ico")  # 16…256 px in one file; Qt's ico plugin reads it


def application_icon() -> QIcon:
    """The icon, read from resources/ only when a size of it is first drawn (cheap at start); an
    empty icon when the file is missing, so a broken install still starts."""
    path = resource(*ICON_FILE)
    return QIcon(str(path)) if path.is_file() else QIcon()
