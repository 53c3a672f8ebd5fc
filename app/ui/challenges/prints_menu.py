"""The planner's "Afdrukken en mailen" menu for the challenge shown: the briefing (PDF), one
invitation letter per invited employer (PDF) and the mail-merge sheet of the invitations (Excel).
The services (app.services.challenges.prints) check the rights and log the print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.ui.context import AppContext
from app.ui.save_file import ask_save_file


class ChallengePrints(QObject):
    def __init__(self, context: AppContext, parent: QWidget, challenge_id: Callable[[], int | None]) -> None:
        super().__init__(parent)
        self.context, self.parent_widget, self.challenge_id = context, parent, challenge_id
        self.last_path: Path | None = None
        self.button = QPushButton(self.tr("Afdrukken en &mailen"), parent)
        self.button.setAutoDefault(False)
        menu = QMenu(self.button)
        menu.addAction(self.tr("Briefing voor de deelnemers (PDF)…"), lambda: self.briefing())
        menu.addAction(self.tr("Uitnodigingsbrieven aan werkgevers (PDF)…"), lambda: self.letters())
        menu.addAction(self.tr("Uitnodigingen voor een mailing (Excel)…"), lambda: self.mailing())
        self.button.setMenu(menu)

    def briefing(self, path: Path | None = None) -> Any:
        from app.services.challenges.prints import briefing_pdf

        return self._pdf(briefing_pdf, "briefing", path)

    def letters(self, path: Path | None = None) -> Any:
        from app.services.challenges.prints import invitations_pdf

        return self._pdf(invitations_pdf, "uitnodigingen", path)

    def mailing(self, path: Path | None = None) -> Any:
        from app.services.challenges.prints import invitations_xlsx

        cid = self.challenge_id()
        if cid is None:
            return None
        path = path or ask_save_file(self.parent_widget, f"uitnodigingen-challenge-{cid}.xlsx", "xlsx")
        if path is None:
            return None
        actor = self.context.actor
        return self._run(lambda s: invitations_xlsx(s, actor, cid, path), path, open_it=False)

    def _pdf(self, make: Callable[..., tuple[bytes, int]], name: str, path: Path | None) -> Any:
        from app.io.pdf.packs import write_private

        cid = self.challenge_id()
        if cid is None:
            return None
        path = path or ask_save_file(self.parent_widget, f"{name}-challenge-{cid}.pdf", "pdf")
        if path is None:
            return None
        actor = self.context.actor

        def work(session: Any) -> int:
            data, pages = make(session, actor, cid)
            write_private(path, data)
            return pages

        return self._run(work, path, open_it=True)

    def _run(self, work: Callable[[Any], object], path: Path, *, open_it: bool) -> Any:
        def done(_result: object) -> None:
            self.last_path = path
            self.context.show_status(self.tr("Opgeslagen: {file}").format(file=path))
            if open_it:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return self.context.tasks.run(
            lambda session, _control: work(session), on_success=done,
            title=self.tr("Bestand maken"), parent=self.parent_widget,
        )  # fmt: skip
