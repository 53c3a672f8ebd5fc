"""What a swap would change: the confirmation before an akkoord shows both sides' forecast, before
and after, so nobody agrees without seeing what it does to their own taakstelling and the other's.

The forecast is computed on a worker first (it reads the whole region); the question opens when it
is there. When the forecast cannot be made the question still opens and says so: the forecast helps
a decision, it never blocks one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.forecast import SwapChange, period_label
from app.domain.periods import Period
from app.ui.context import AppContext


def _t(text: str) -> str:
    return QCoreApplication.translate("WhatIf", text)


def what_if_text(effect: Any) -> str:
    """The lines the confirmation adds: one per side, before → after."""
    head = _t("Wat dit verandert aan de voorspelling voor {period}:")
    lines = [head.format(period=period_label(effect.period))]
    lines += [f"• {side.sentence()}" for side in (effect.owner, effect.host)]
    return "\n".join(lines)


def confirm_with_what_if(
    parent: QWidget,
    context: AppContext,
    change: SwapChange,
    period: Period,
    *,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], object],
    detail: str,
    shown: Callable[[QMessageBox], None],
) -> Any:
    """Compute the what-if, then ask; ``shown`` receives the question (the tab keeps it, tests answer it)."""
    from app.ui.confirm import ask_confirmation

    actor = context.actor

    def work(session: Any, _control: Any) -> Any:
        from app.services.forecast import swap_effect

        return swap_effect(session, actor, change, period)

    def ask(extra: str) -> None:
        box = ask_confirmation(parent, title, text, yes_text, on_yes, detail=f"{detail}\n\n{extra}")
        box.setObjectName("what_if_confirmation")
        # the before → after lines unbroken
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 460px; }")
        # Opened from a worker's result, not from the keystroke: give the window back its focus when
        # the question closes, so the page's shortcuts (Ctrl+Enter) work again at once.
        window = parent.window()
        box.finished.connect(lambda _result: window.activateWindow())
        shown(box)

    def failed(_exc: BaseException) -> None:
        ask(_t("De voorspelling kon nu niet worden berekend; u kunt wel beslissen."))

    return context.tasks.run(
        work,
        on_success=lambda effect: ask(what_if_text(effect)),
        on_failure=failed,
        title=_t("Voorspelling berekenen"),
        parent=parent,
        cancellable=False,
        silent=True,
    )
