"""A bare PySide6 window: the floor bench_windows compares the real installer with."""

import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Kaal venster")
label.show()
if "--quit" in sys.argv:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
