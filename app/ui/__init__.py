"""The Qt user interface: a thin shell, one package per module, shared widgets and the task runner.

Everything below ``app.ui`` may import PySide6; nothing outside it does.
"""

import importlib

# PySide6 installs an import hook that reads the source of every module imported after it (its
# ``__feature__`` check): ~0.1 s for SQLAlchemy alone. The window cannot open without the database
# layer anyway, so it is imported before PySide6 (DESIGN §9: start-up is import cost).
for _name in ("app.bootstrap", "app.db.models", "app.services.users", "app.services.region"):
    importlib.import_module(_name)
del _name

from app.ui.qtcompat import protect_bool_refcounts  # noqa: E402  (after the preload, see above)

protect_bool_refcounts()  # PySide6 6.12 + Python 3.11: emit() leaks references to True
