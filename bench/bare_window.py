"""The floor for bench_bundle: a bare PySide6 window that shows and quits (built into a bundle by
bench/bare-window.spec, the same PyInstaller, in the same run)."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Doorlopende Lijn"))
window.show()
QTimer.singleShot(0, app.quit)  # after the first round of the event loop: shown, then gone
sys.exit(app.exec())
