"""The floor for bench_bundle: a bare PySide6 window that shows and quits (built into a bundle by
bench/bare-window.spec, the same PyInstaller, in the same run). With DOORLOPENDE_LIJN_PAINTED_FILE
set it writes the wall-clock time of its first paint there, as the program does for its main
window, so both are timed to the same moment."""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Doorlopende Lijn"))


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is window:
            with open(os.environ["DOORLOPENDE_LIJN_PAINTED_FILE"], "w", encoding="ascii") as fh:
                fh.write(f"{time.time():.6f}")
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)  # painted: gone after this round of the event loop
        return False


if os.environ.get("DOORLOPENDE_LIJN_PAINTED_FILE"):
    painted = FirstPaint()
    app.installEventFilter(painted)
else:
    QTimer.singleShot(0, app.quit)  # after the first round of the event loop: shown, then gone
window.show()
sys.exit(app.exec())
