"""Starting the program: without a screen a Dutch message and exit code 2 (not Qt's abort);
``--as LOGIN`` without a command opens the program as that user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.__main__ import _gui_options, display_problem
from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.services.users import create_user
from tests.identity import playable

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a screen is a Linux question")
def test_no_display_is_a_dutch_message_and_exit_code_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Er is geen beeldscherm" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "libxcb" not in done.stderr
    assert display_problem({"DISPLAY": ":0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_only_global_options_open_the_program() -> None:
    assert _gui_options([]) == {}
    assert _gui_options(["--as", "cp-zeist"]) == {"login": "cp-zeist"}
    both = {"login": "cp-zeist", "db": "sqlite:///x.db"}
    assert _gui_options(["--as=cp-zeist", "--db", "sqlite:///x.db"]) == both
    assert _gui_options(["--as", "cp-zeist", "board"]) is None  # a command: the command line
    assert _gui_options(["--help"]) is None
    assert _gui_options(["--as"]) is None  # argparse explains the missing value


def test_as_login_without_a_command_opens_the_program_as_that_user(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'start.db'}"
    db = Database(url)
    from app.bootstrap import prepare

    prepare(db)
    playable(db, tester=None)  # --as plays a user of a demo database only
    with db.unit_of_work() as session:  # users: not a new database, so no demo offer
        for login in ("cp-zeist", "cp-zeist-2"):
            create_user(session, Actor.system_actor("t"), login=login, name="Cor", role=Role.CONTACTPERSOON,
                        gemeente_code="GM0355")  # fmt: skip
    painted, ready = tmp_path / "painted", tmp_path / "ready"  # the moments bench_bundle times
    env = _env(
        QT_QPA_PLATFORM="offscreen",
        DOORLOPENDE_LIJN_SMOKE_EXIT="1",
        DOORLOPENDE_LIJN_USER="x",
        DOORLOPENDE_LIJN_PAINTED_FILE=str(painted),
        DOORLOPENDE_LIJN_READY_FILE=str(ready),
    )
    done = subprocess.run(
        [sys.executable, "-m", "app", "--as", "cp-zeist", "--db", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # the main window was painted (in its loading state) before the user was signed in
    assert float(painted.read_text(encoding="ascii")) <= float(ready.read_text(encoding="ascii"))
    with db.unit_of_work() as session:
        logins = session.scalars(select(AccessLog.actor_login).where(AccessLog.action == Action.LOGIN)).all()
    assert logins == ["cp-zeist"]  # signed in as --as says, not as DOORLOPENDE_LIJN_USER
    db.dispose()
