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
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.domain.forecast import SwapChange
from app.domain.periods import Period
from app.ui.context import AppContext
from app.ui.latest import LatestOnly


def _t(text: str) -> str:
    return QCoreApplication.translate("WhatIf", text)


def what_if_text(effect: Any) -> str:
    """The lines the confirmation adds: one per side, before → after."""
    head = _t("Wat dit verandert aan de voorspelling voor {period}:")
    lines = [head.format(period=effect.period.label_nl)]
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


class WhatIfLabel(QLabel):
    """The what-if in a proposal dialog, while the user fills it in: recomputed on a worker when the
    municipalities, household or period change; a stale answer (the user changed it meanwhile) is
    dropped, and one that arrives after the dialog closed is ignored."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWordWrap(True)
        self.setObjectName("what_if")
        self.setText(_t("Kies beide gemeenten om te zien wat de uitruil aan de voorspelling verandert."))
        self._load = LatestOnly()
        self.last_effect: Any = None

    def update_for(self, change: SwapChange | None, period: Period | None) -> None:
        turn, actor = self._load.start(), self.context.actor
        if change is None or period is None or change.owner == change.host:
            self.setText(_t("Kies twee verschillende gemeenten om het effect op de voorspelling te zien."))
            return
        self.setText(_t("Voorspelling wordt berekend…"))

        def work(session: Any, _control: Any) -> Any:
            from app.services.forecast import swap_effect

            return swap_effect(session, actor, change, period)

        def show(text: str, effect: Any = None) -> None:
            if not turn.is_latest or not shiboken_valid(self):
                return
            self.last_effect = effect
            self.setText(text)

        self.context.tasks.run(
            work,
            on_success=lambda effect: show(what_if_text(effect), effect),
            on_failure=lambda _exc: show(_t("De voorspelling kon nu niet worden berekend.")),
            title=_t("Voorspelling berekenen"),
            parent=self,
            cancellable=False,
            silent=True,
        )


def shiboken_valid(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
