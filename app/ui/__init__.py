"""The Qt user interface: a thin shell, one package per module, shared widgets and the task runner.

Everything below ``app.ui`` may import PySide6; nothing outside it does.

Start-up is import cost (DESIGN §9, issue 17): nothing here imports the database layer. The main
window's shell is painted first; SQLAlchemy and the models come in after that, when the
controller opens the database (tests/gui/test_startup_imports.py guards this).
"""

from app.ui.qtcompat import protect_bool_refcounts

protect_bool_refcounts()  # PySide6 6.12 + Python 3.11: emit() leaks references to True
