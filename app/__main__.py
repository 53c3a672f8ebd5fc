"""``python -m app`` opens the GUI; ``python -m app <command>`` runs a headless job (see --help)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        from app.cli import run

        return run(argv)
    from app.ui.app import run_gui

    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
