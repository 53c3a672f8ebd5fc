"""The command line speaks Dutch through the real entry point (``python -m app``): the help's headings
and argparse's error for a missing argument, with no English left."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "the following arguments",
           "error:", "required")  # fmt: skip


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
                          check=False, timeout=60)  # fmt: skip


def test_main_help_is_dutch() -> None:
    done = _run("--help")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("gebruik: python -m app")
    assert "\nargumenten:\n" in out and "\nopties:\n" in out
    assert "-h, --help" in out and "toon deze hulp en stop" in out
    assert not [word for word in ENGLISH if word in out]


def test_a_missing_argument_is_named_in_dutch() -> None:
    done = _run("import")
    assert done.returncode == 2
    err = done.stderr
    assert err.startswith("gebruik: python -m app import")
    assert "python -m app import: fout: verplicht, maar niet opgegeven: --kind" in err
    assert "Zie 'python -m app import --help' voor hulp." in err
    assert not [word for word in ENGLISH if word in err]
