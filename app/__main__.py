"""``python -m app`` opens the GUI; ``python -m app <command>`` runs a headless job (see --help).
``python -m app --as LOGIN [--db URL]`` opens the GUI as that user, on that database.
``python -m app --self-check [--out FILE]`` checks this installation offscreen (app/selfcheck.py)."""

from __future__ import annotations

import os
import sys

# Exit code for "cannot start here" (no screen), as argparse uses for a usage error.
NO_DISPLAY = 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--self-check"]:  # also the frozen bundle's check (app/selfcheck.py)
        from app.selfcheck import main as self_check

        return self_check(argv)
    if argv == ["--excel-reader"]:  # the frozen program as its own xlsx-reading child
        from app.io.excel.isolated import child_main

        child_main()
        return 0
    gui = _gui_options(argv)
    if gui is None:
        from app.cli import run

        return run(argv)
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return NO_DISPLAY
    # The GUI reads who from the environment, as it does for DOORLOPENDE_LIJN_USER; the URL (which
    # may hold a password) stays inside this process.
    if "login" in gui:
        os.environ["DOORLOPENDE_LIJN_USER"] = gui["login"]
    if "db" in gui:
        from app.config import set_database_url_override

        set_database_url_override(gui["db"])
    from app.ui.app import run_gui

    return run_gui()


def _gui_options(argv: list[str]) -> dict[str, str] | None:
    """``--as``/``--db`` and nothing else: the GUI with those; anything else: the command line."""
    options: dict[str, str] = {}
    names = {"--as": "login", "--db": "db"}
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        flag, eq, value = head.partition("=")
        if flag not in names:
            return None
        if not eq:
            if not rest:
                return None  # let argparse explain the missing value
            value = rest.pop(0)
        options[names[flag]] = value
    return options


def display_problem(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """Why the GUI cannot open a window here, in Dutch, or None. Qt itself would abort (code 134)
    with a misleading hint about libxcb-cursor0 when there is simply no screen."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "Er is geen beeldscherm: het programma kan hier geen venster openen (DISPLAY en WAYLAND_DISPLAY "
        "zijn niet gezet). Zonder scherm werken de opdrachten wel: python -m app --help. Om het venster "
        "toch te starten zonder scherm (voor tests of schermafdrukken): QT_QPA_PLATFORM=offscreen "
        "python -m app"
    )


if __name__ == "__main__":
    sys.exit(main())
