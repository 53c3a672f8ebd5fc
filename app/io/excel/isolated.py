"""Read an untrusted xlsx in a child process, so a native abort cannot take the program down.

calamine is Rust: a file that makes it ask for 500 GB ends the process with "memory allocation
failed" (SIGABRT), not with an exception. The checks in safety.py refuse every such file we know
of; this is the second wall. The child opens the workbook and hands rows over in chunks of plain
Python values (pull-based: one request, one reply), under a memory limit (RLIMIT_AS, POSIX) and a
time limit per request. If it dies, the reader raises ImportFileError with MSG_CHILD_DIED and the
caller carries on: nothing has been read.

    with isolated_reading(control):      # on the worker thread of the GUI
        ... open_workbook(path) ...      # an xlsx opens as an IsolatedWorkbook

The GUI turns isolation on around its file work; the command line reads in-process (a native abort
there ends only that one command). The child is `python -m app.io.excel.isolated` (a fresh
interpreter: safe with Qt threads, the same on Windows, no fork of a GUI); starting it costs ~0.2 s.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from app.io.excel.reader import DEFAULT_MAX_EMPTY_ROWS, Workbook
from app.io.excel.safety import ImportFileError, SafetyLimits

MSG_CHILD_DIED = (
    "Het bestand kon niet veilig worden gelezen: het leesproces stopte onverwacht ({reason}). "
    "Het programma draait gewoon door; er is niets ingelezen."
)
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
TIMEOUT_S = 60.0  # per request: opening the file, loading a sheet, one chunk of rows
CHUNK_ROWS = 2000
# Tests only: the child aborts (like calamine on a hostile file) right after starting.
ABORT_ENV = "DOORLOPENDE_LIJN_TEST_READER_ABORT"


class _Control(Protocol):
    def check_cancelled(self) -> None: ...


_local = threading.local()


@contextlib.contextmanager
def isolated_reading(control: _Control | None = None) -> Iterator[None]:
    """Within this block, on this thread, open_workbook reads xlsx files in a child process;
    `control.check_cancelled()` is asked while waiting, and a cancel ends the child."""
    previous = getattr(_local, "state", None)
    _local.state = (control,)
    try:
        yield
    finally:
        _local.state = previous


def isolation_active() -> bool:
    return getattr(_local, "state", None) is not None


def _control() -> _Control | None:
    state = getattr(_local, "state", None)
    return state[0] if state else None


# --- the channel: length-prefixed pickles over the child's stdin and stdout -------------------------


def _send(out: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("<Q", len(data)) + data)
    out.flush()


def _recv(src: IO[bytes]) -> Any:
    head = src.read(8)
    if len(head) < 8:
        raise EOFError
    (size,) = struct.unpack("<Q", head)
    data = src.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # our own child or parent, over a private pipe


# --- the child ----------------------------------------------------------------------------------


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the safety checks remain
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


CHILD_FLAG = "--excel-reader"  # the frozen program's way to be this child (app/__main__.py)


def child_command() -> list[str]:
    """The child's command line. A PyInstaller build has no ``-m``: its executable is the program
    itself, which becomes the child when given CHILD_FLAG."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "app.io.excel.isolated"]


def child_main() -> None:
    """`python -m app.io.excel.isolated`: serve one workbook over stdin/stdout."""
    src = os.fdopen(os.dup(0), "rb")
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not end up in the channel
    path, limits, max_empty_rows, memory = _recv(src)
    _limit_memory(memory)
    if os.environ.get(ABORT_ENV):
        os.abort()
    from app.io.excel.reader import XlsxWorkbook

    try:  # the parent has run check_file already
        wb = XlsxWorkbook(Path(path), max_empty_rows=max_empty_rows, limits=limits)
    except ImportFileError as exc:
        _send(out, ("error", exc.message_nl))
        return
    except MemoryError:
        _send(out, ("died", "te weinig geheugen"))
        return
    except Exception as exc:  # whatever the file provokes: reported, not raised
        _send(out, ("died", type(exc).__name__))
        return
    _send(out, ("ok", (list(wb.sheet_names), sorted(wb.hidden_sheets), wb.date1904)))
    readers: dict[int, Iterator[list[Any]]] = {}  # one per rows() call of the parent
    while True:
        try:
            request = _recv(src)
        except EOFError:
            return
        command, args = request[0], request[1:]
        try:
            if command == "close":
                wb.close()
                _send(out, ("ok", None))
                return
            if command == "rows":
                token = args[2]
                readers[token] = wb.rows(args[0], args[1])
                for old in sorted(readers)[:-4]:  # abandoned readers of earlier passes
                    del readers[old]
                command, args = "next", (token,)
            if command == "next":
                reader = readers.get(args[0], iter(()))
                chunk = [row for _i, row in zip(range(CHUNK_ROWS), reader, strict=False)]
                if len(chunk) < CHUNK_ROWS:
                    readers.pop(args[0], None)
                _send(out, ("ok", chunk))
            elif command == "row_count":
                _send(out, ("ok", wb.row_count(args[0])))
            elif command == "merged_ranges":
                _send(out, ("ok", wb.merged_ranges(args[0])))
        except ImportFileError as exc:
            _send(out, ("error", exc.message_nl))
        except MemoryError:
            _send(out, ("died", "te weinig geheugen"))
            return
        except Exception as exc:
            _send(out, ("died", type(exc).__name__))
            return


# --- the parent ---------------------------------------------------------------------------------


def _reason(exitcode: int | None, stderr: str = "") -> str:
    if exitcode is None:
        return "geen antwoord"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        text = f"signaal {name}"
    else:
        text = f"afsluitcode {exitcode}"
    said = next((line for line in stderr.splitlines() if "memory allocation" in line), "")
    return f"{text}: {said.strip()}" if said else text


class IsolatedWorkbook(Workbook):
    """The Workbook interface over a child process that holds the real XlsxWorkbook."""

    def __init__(
        self,
        path: Path,
        *,
        limits: SafetyLimits | None = None,
        max_empty_rows: int = DEFAULT_MAX_EMPTY_ROWS,
        timeout: float = TIMEOUT_S,
        memory: int = MEMORY_LIMIT_BYTES,
    ) -> None:
        self.path = path
        self.timeout = timeout
        self._tokens = 0
        self._control = _control()
        self._replies: queue.Queue[Any] = queue.Queue()
        self._stderr: list[bytes] = []
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self._process = subprocess.Popen(
            child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[3]), creationflags=flags,
        )  # fmt: skip
        assert self._process.stdin and self._process.stdout and self._process.stderr
        self._in = self._process.stdin
        threading.Thread(target=self._pump, args=(self._process.stdout,), daemon=True).start()
        self._drainer = threading.Thread(target=self._drain, args=(self._process.stderr,), daemon=True)
        self._drainer.start()
        try:
            self._write((str(path), limits, max_empty_rows, memory))
            names, hidden, date1904 = self._wait()
        except BaseException:
            self._kill()
            raise
        self.sheet_names = list(names)
        self.hidden_sheets = frozenset(hidden)
        self.date1904 = bool(date1904)

    def _pump(self, src: IO[bytes]) -> None:
        try:
            while True:
                self._replies.put(_recv(src))
        except (EOFError, OSError, pickle.UnpicklingError):
            self._replies.put(None)

    def _drain(self, src: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in src:
                if len(self._stderr) < 20:  # the first lines say what happened, the rest is a backtrace
                    self._stderr.append(line)

    def _died(self) -> ImportFileError:
        self._kill()
        self._drainer.join(1)  # what the child said last (calamine's "memory allocation … failed")
        stderr = b"".join(self._stderr).decode("utf-8", "replace")
        return ImportFileError(MSG_CHILD_DIED.format(reason=_reason(self._process.returncode, stderr)))

    def _write(self, message: Any) -> None:
        try:
            _send(self._in, message)
        except (OSError, ValueError):
            raise self._died() from None

    def _wait(self) -> Any:
        deadline = time.monotonic() + self.timeout
        while True:
            if self._control is not None:
                try:
                    self._control.check_cancelled()
                except BaseException:
                    self._kill()
                    raise
            try:
                reply = self._replies.get(timeout=0.05)
            except queue.Empty:
                if time.monotonic() > deadline:
                    self._kill()
                    reason = f"na {self.timeout:.0f} seconden afgebroken"
                    raise ImportFileError(MSG_CHILD_DIED.format(reason=reason)) from None
                continue
            if reply is None:  # the channel closed: the child is gone
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(5)
                raise self._died()
            status, value = reply
            if status == "ok":
                return value
            if status == "error":
                raise ImportFileError(value)
            self._kill()
            raise ImportFileError(MSG_CHILD_DIED.format(reason=value))

    def _call(self, *request: Any) -> Any:
        if self._process.poll() is not None:
            raise self._died()
        self._write(request)
        return self._wait()

    def rows(self, sheet: str | int = 0, start: int = 0) -> Iterator[list[Any]]:
        name = self._sheet_name(sheet)
        self._tokens += 1
        token = self._tokens
        chunk: list[list[Any]] = self._call("rows", name, start, token)
        while True:
            yield from chunk
            if len(chunk) < CHUNK_ROWS:
                return
            chunk = self._call("next", token)

    def row_count(self, sheet: str | int = 0) -> int | None:
        value = self._call("row_count", self._sheet_name(sheet))
        return None if value is None else int(value)

    def merged_ranges(self, sheet: str | int = 0) -> list[tuple[int, int, int, int]]:
        return [tuple(r) for r in self._call("merged_ranges", self._sheet_name(sheet))]  # type: ignore[misc]

    def close(self) -> None:
        if self._process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                _send(self._in, ("close",))
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(1)
        self._kill()

    def _kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(5)
        with contextlib.suppress(OSError, ValueError):
            self._in.close()


if __name__ == "__main__":
    child_main()
