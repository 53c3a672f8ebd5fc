"""Work-arounds for bugs in the Qt binding, kept in one place.

PySide6 6.12.0 on Python 3.11: every ``SignalInstance.emit()`` called from Python returns ``True``
without taking a reference, so each emit lowers ``True``'s reference count by one. After some
thousands of emits (a progress bar, a model's ``layoutChanged``) the interpreter aborts with
"Fatal Python error: bool_dealloc: deallocating True or False". Python 3.12+ makes ``True``
immortal, so there it is harmless. ``protect_bool_refcounts`` gives ``True`` and ``False`` the same
effective immortality on 3.11 when (and only when) the probe shows the leak.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # references: ~10^12 emits before the count could reach zero again
_applied = False


def emit_leaks_true_references() -> bool:
    """Probe: does ``emit()`` drop a reference to ``True``? (Costs a few references, repaid.)"""
    if sys.version_info >= (3, 12):
        return False  # True and False are immortal
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        sig_probe = Signal()
        """Emitted only by the probe."""

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.sig_probe.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        _add_references(True, lost)
    return lost >= 8


def _add_references(obj: object, count: int) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field (CPython)
    refcount.value += count


def protect_bool_refcounts() -> bool:
    """Apply the work-around once if this PySide6/Python combination needs it; True if applied."""
    global _applied
    if _applied:
        return True
    if not emit_leaks_true_references():
        return False
    _add_references(True, _RESERVE)
    _add_references(False, _RESERVE)
    _applied = True
    return True
