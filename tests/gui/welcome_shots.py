"""Screenshots of the welcome as it sits on a 1280×720 and a 1920×1080 screen (DL_SHOTS=folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWidget


def save_shots(dialog: QWidget, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    dialog.adjustSize()
    shot = dialog.grab()
    saved = []
    for width, height in ((1280, 720), (1920, 1080)):
        screen = QPixmap(width, height)
        screen.fill(QColor("#3b4a5a"))
        painter = QPainter(screen)
        painter.drawPixmap((width - shot.width()) // 2, (height - shot.height()) // 2, shot)
        painter.end()
        path = folder / f"welcome-{width}x{height}.png"
        screen.save(str(path))
        saved.append(path)
    return saved
