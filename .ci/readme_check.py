"""Fresh-clone check of the README: clone the repository into a temporary folder and run, in order,
every ```bash fenced block of the clone's README.md in one `bash -euo pipefail` process, from the
clone's root, with a fresh HOME. Blocks fenced otherwise (```text, ```console, no language) are
documentation only and are not run.

The line `bash scripts/test.sh` (optionally followed by a `# comment`) runs as
`bash scripts/test.sh --co -q`: set up, lint and collect the tests, without running the whole suite a
second time (.ci/run has just run it).

Environment: HOME is an empty folder; XDG_*, DOORLOPENDE_LIJN_*, TEST_DATABASE_URL, DL_PG_BINDIR,
VIRTUAL_ENV, PYTHONPATH and PYTHONHOME are unset and PATH loses any folder inside this checkout (so
nothing of its .venv is reused); QT_QPA_PLATFORM=offscreen and DOORLOPENDE_LIJN_SMOKE_EXIT=1 (the GUI
exits with 0 right after its main window is shown). Standard input is empty. Each command is printed
before it runs; the first that fails (or outlasts --step-timeout) ends the check, and its output is
printed again at the end. A throwaway PostgreSQL (scripts/test.sh's dl-pg.* folder or server) left
behind fails the check too.

Usage: python .ci/readme_check.py [--readme FILE] [--timeout SECONDS] [--step-timeout SECONDS] [--keep]
(--readme: run that file's blocks, still in a fresh clone, instead of the clone's README.md: for
trying the checker out). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
TEST_COMMAND = re.compile(r"^\s*bash scripts/test\.sh\s*(#.*)?$")
COLLECT_ONLY = "bash scripts/test.sh --co -q"
SHOWN_LINES = 100  # of a failing command's output: the first and the last so many lines


def bash_blocks(markdown: str) -> list[str]:
    """The contents of the ```bash fenced blocks, in order (the indentation of the fence removed)."""
    blocks: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        language = (opening["info"].split() or [""])[0].lower()
        body: list[str] = []
        i += 1
        while i < len(lines):
            closing = FENCE.match(lines[i])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            line = lines[i]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
            i += 1
        i += 1
        if language == "bash":
            blocks.append("\n".join(body))
    return blocks


def _complete(source: str) -> bool:
    """True when source is a complete piece of bash (no open quote, heredoc, block or `\\`)."""
    if source.rstrip().endswith("\\"):
        return False
    check = subprocess.run(["bash", "-n"], input=source + "\n", capture_output=True, text=True)
    # An open heredoc is no syntax error, only a warning ("delimited by end-of-file").
    return check.returncode == 0 and not check.stderr.strip()


def commands(block: str) -> list[str]:
    """A block's commands: its lines, those that belong together (continuations, heredocs, if/for
    blocks, quotes over several lines) kept together. Blank and comment-only lines are dropped."""
    found: list[str] = []
    pending: list[str] = []
    for line in block.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending.append(line)
        source = "\n".join(pending)
        if _complete(source):
            found.append(source)
            pending = []
    if pending:
        found.append("\n".join(pending))  # a syntax error: let bash report it
    return found


def build_script(cmds: list[str], marker: str) -> str:
    parts = ["set -euo pipefail"]
    for number, cmd in enumerate(cmds, 1):
        parts.append(f"printf '%s\\n' {shlex.quote(f'{marker} {number}')}")
        parts.append(cmd)
    return "\n".join(parts) + "\n"


def fresh_environment(tmp: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "DOORLOPENDE_LIJN_"))
        and key not in {"TEST_DATABASE_URL", "DL_PG_BINDIR", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    }
    # Nothing from the original checkout (its .venv/bin on PATH, say) may help the clone.
    env["PATH"] = os.pathsep.join(
        part
        for part in env.get("PATH", "/usr/local/bin:/usr/bin:/bin").split(os.pathsep)
        if part and not Path(part).resolve().is_relative_to(ROOT)
    )
    home = tmp / "home"
    home.mkdir()
    env["HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DOORLOPENDE_LIJN_SMOKE_EXIT"] = "1"  # the GUI exits (0) right after its window is shown
    return env


def _pg_folders() -> set[str]:
    return {str(p) for base in {Path(tempfile.gettempdir()), Path("/tmp")} for p in base.glob("dl-pg.*")}


def _pg_leftovers(before: set[str]) -> list[str]:
    """Throwaway PostgreSQL folders (scripts/test.sh's dl-pg.*) or their servers still there."""
    found = [f"map {folder}" for folder in sorted(_pg_folders() - before)]
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if set(re.findall(r"\S*/dl-pg\.[A-Za-z0-9]+", cmdline)) - before:
            found.append(f"proces {proc.name}: {cmdline.strip()[:200]}")
    return found


def run(
    cmds: list[str],
    collect_only: set[int],
    tmp: Path,
    clone: Path,
    env: dict[str, str],
    timeout: float,
    step_timeout: float,
) -> int:
    """Run the commands in one bash process; 0 when all of them succeeded."""
    marker = f"@@readme-check-{secrets.token_hex(8)}"
    script = tmp / "readme-commands.sh"
    script.write_text(build_script(cmds, marker), encoding="utf-8")
    process = subprocess.Popen(
        ["bash", "-euo", "pipefail", str(script)],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a timeout stops everything it started
    )
    assert process.stdout

    lines: queue.Queue[bytes | None] = queue.Queue()

    def read() -> None:
        assert process.stdout
        for raw in process.stdout:
            lines.put(raw)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    started = step_started = time.monotonic()
    step = 0
    output: list[str] = []  # the current command's output
    timed_out = ""
    while True:
        now = time.monotonic()
        if now - started > timeout:
            timed_out = f"de hele controle duurde langer dan {timeout:.0f} s"
        elif step and now - step_started > step_timeout:
            timed_out = f"dit commando duurde langer dan {step_timeout:.0f} s"
        if timed_out:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            break
        try:
            raw = lines.get(timeout=1)
        except queue.Empty:
            continue
        if raw is None:
            break
        line = raw.decode(errors="replace").rstrip("\n")
        if line.startswith(marker + " "):
            step = int(line.split()[-1])
            step_started = time.monotonic()
            output = []
            shown = cmds[step - 1].replace("\n", "\n  ")
            print(f"\n[README {step}/{len(cmds)}] $ {shown}", flush=True)
            if step in collect_only:
                print(
                    "  (README: `bash scripts/test.sh`; hier alleen verzamelen met --co -q:"
                    " .ci/run draaide de hele suite al)",
                    flush=True,
                )
            continue
        output.append(line)
        print(line, flush=True)
    code = process.wait()
    if timed_out or code != 0:
        failing = cmds[step - 1] if step else "(vóór het eerste commando)"
        reason = timed_out or f"exitcode {code}"
        print(f"\nREADME-controle faalt: `{failing}` ({reason}). Uitvoer van dat commando:", file=sys.stderr)
        if len(output) > 2 * SHOWN_LINES:
            left_out = len(output) - 2 * SHOWN_LINES
            output = [
                *output[:SHOWN_LINES],
                f"... ({left_out} regels weggelaten) ...",
                *output[-SHOWN_LINES:],
            ]
        print("\n".join(output) or "(geen uitvoer)", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", type=Path, help="check this file's blocks instead of the clone's README")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for everything (30 min)")
    parser.add_argument("--step-timeout", type=float, default=900, help="seconds per command (15 min)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="dl-readme-"))
    try:
        clone = tmp / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"], cwd=clone, capture_output=True, text=True, check=True
        ).stdout.strip()
        readme = args.readme.resolve() if args.readme else clone / "README.md"
        cmds: list[str] = []
        collect_only: set[int] = set()  # 1-based numbers of the test commands run as --co -q
        for block in bash_blocks(readme.read_text(encoding="utf-8")):
            for cmd in commands(block):
                if TEST_COMMAND.match(cmd):
                    cmd = COLLECT_ONLY
                    collect_only.add(len(cmds) + 1)
                cmds.append(cmd)
        print(
            f"README-controle: {len(cmds)} commando's uit {readme.name} in een verse kloon ({head})"
            f" in {clone}, HOME={tmp / 'home'}",
            flush=True,
        )
        if not cmds:
            print("README-controle faalt: geen ```bash-blok met commando's gevonden", file=sys.stderr)
            return 1
        env = fresh_environment(tmp)
        before = _pg_folders()
        code = run(cmds, collect_only, tmp, clone, env, args.timeout, args.step_timeout)
        if code == 0:
            leftovers = _pg_leftovers(before)
            if leftovers:
                print(
                    "README-controle faalt: PostgreSQL bleef achter:\n  " + "\n  ".join(leftovers),
                    file=sys.stderr,
                )
                return 1
            print(f"\nREADME-controle geslaagd: {len(cmds)} commando's", flush=True)
        return code
    finally:
        if args.keep:
            print(f"(tijdelijke map bewaard: {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
