"""The frozen program's entry point (PyInstaller runs this file as ``__main__``): the same
``main`` as ``python -m app`` and the ``doorlopende-lijn`` console script."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
