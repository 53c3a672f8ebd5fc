"""``python -m app --self-check --out FILE``: run as a user (or CI, on the bundle) runs it, in a
subprocess, and judged by its result file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.selfcheck import parse_args, pdf_page_count


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", "--self-check", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_self_check_passes_and_writes_every_step(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "result.json"
    user_config = tmp_path / "user-config"
    done = _run(tmp_path, "--out", str(out), env={"DOORLOPENDE_LIJN_CONFIG_DIR": str(user_config)})
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"] is True
    assert result["frozen"] is False
    names = [s["name"] for s in result["steps"]]
    assert names[:5] == [
        "modules importeren", "resources aanwezig", "database en migraties", "demo vullen", "qt starten"
    ]
    assert {"overdrachtspakket (PDF)", "export (xlsx)", "xlsx lezen in een apart proces"} <= set(names)
    assert sum(n.startswith("hoofdvenster als ") for n in names) == 3
    assert all(s["ok"] and s["message"] for s in result["steps"])
    pages = " ".join(s["message"] for s in result["steps"] if s["name"].startswith("hoofdvenster"))
    for key in ("today", "board", "cases", "directory", "challenges", "admin"):
        assert key in pages
    assert "zelftest geslaagd" in done.stdout
    assert not user_config.exists()  # the user's own settings folder is never touched


def test_a_failing_step_fails_the_check_with_a_short_message(tmp_path: Path) -> None:
    """A bundle without its data files: the check says which, and exits 1 (not a traceback)."""
    out = tmp_path / "result.json"
    fake = tmp_path / "sitecustomize.py"  # runs before the check: point resources at an empty folder
    fake.write_text(
        "import app.resources, pathlib\n"
        f"app.resources.resources_dir = lambda: pathlib.Path({str(tmp_path / 'leeg')!r})\n",
        encoding="utf-8",
    )
    pythonpath = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    done = _run(tmp_path, "--out", str(out), env={"PYTHONPATH": pythonpath})
    assert done.returncode == 1
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"] is False
    failed = [s for s in result["steps"] if not s["ok"]]
    assert failed[0]["name"] == "resources aanwezig"
    assert "leeg" in failed[0]["message"] and "Traceback" not in failed[0]["message"]
    assert "FAILED resources aanwezig" in done.stdout


def test_usage() -> None:
    assert parse_args(["--self-check"]) is None
    assert parse_args(["--self-check", "--out", "r.json"]) == Path("r.json")
    assert parse_args(["--self-check", "--out=r.json"]) == Path("r.json")
    for wrong in (["--self-check", "--out"], ["--self-check", "x"]):
        try:
            parse_args(wrong)
        except ValueError:
            continue
        raise AssertionError(wrong)


def test_pdf_page_count_without_pypdf() -> None:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    for _ in range(3):
        canvas.drawString(72, 72, "pagina")
        canvas.showPage()
    canvas.save()
    assert pdf_page_count(buffer.getvalue()) == 3
    for broken in (b"not a pdf", buffer.getvalue()[:-200]):
        try:
            pdf_page_count(broken)
        except ValueError:
            continue
        raise AssertionError("accepted a broken PDF")
