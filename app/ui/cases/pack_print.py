"""Print one handover pack: without consent first the explicit override (reason, logged), then where
to save the PDF (*Opslaan als PDF*) or which printer to use (*Afdrukken…*, the system print dialog);
the service builds and logs the print; a saved PDF opens in the default viewer, a printed one goes
page by page to the printer (app.ui.print_pdf) and is not kept.

The maatschappelijke-begeleiding pack first asks whether to add the page "Activiteiten bij u in de
buurt" (PackOptionsDialog). The PDF is written next to the chosen name and moved into place only
after the print (and its access-log row) was committed, so a failed print leaves no file the log
does not know of.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.domain.handover import HandoverKind, consent_refusal_text
from app.services.cases.queries import pack_file_name
from app.services.cases.views import HandoverInfo
from app.ui.cases.batch_print import default_folder

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle

_last_folder: Path | None = None


class PackPrint(QObject):
    sig_printed = Signal(object)
    """The pack was written (its path) and handed to the PDF viewer."""

    def __init__(
        self, handle: DossierHandle, parent: QWidget, handover: HandoverInfo, *, to_printer: bool = False
    ) -> None:
        super().__init__(parent)
        self.to_printer = to_printer  # the system print dialog instead of a file to save
        self.printer: Any = None
        self.handle = handle
        self.parent_widget = parent  # of the dialogs this print asks with
        self.handover = handover
        self.reason: str | None = None
        self.path: Path | None = None
        self.dialog: Any = None
        self.nearby = False  # add "Activiteiten bij u in de buurt" (maatschappelijke begeleiding only)

    def start(self) -> Any:
        """Ask for the override when consent is missing; otherwise go straight to the file."""
        from app.ui.cases.handover_dialogs import OverrideDialog

        h = self.handover
        if not h.consent_missing:
            return self.choose_options()
        self.dialog = OverrideDialog(
            self.handle,
            self.parent_widget,
            self.tr("Afdrukken zonder toestemming?"),
            consent_refusal_text(h.consent, "Het overdrachtspakket afdrukken"),
            self.tr("Zonder toestemming afdrukken…"),
            reason=h.override_reason or "",
        )
        self.dialog.accepted.connect(self._override_given)
        self.dialog.open()
        return self.dialog

    def _override_given(self) -> None:
        self.reason = self.dialog.reason_text
        self.choose_options()

    def choose_options(self) -> Any:
        """What goes in the pack: only the maatschappelijke-begeleiding pack has a choice."""
        if self.handover.kind is not HandoverKind.VWN_MB:
            return self.choose_file()
        from app.ui.cases.pack_options import PackOptionsDialog

        self.dialog = PackOptionsDialog(self.handle, self.parent_widget)
        self.dialog.accepted.connect(self._options_chosen)
        self.dialog.open()
        return self.dialog

    def _options_chosen(self) -> None:
        self.nearby = self.dialog.with_nearby
        self.choose_file()

    def ask_path(self) -> Path | None:
        folder = _last_folder if _last_folder is not None and _last_folder.is_dir() else default_folder()
        name, _filter = QFileDialog.getSaveFileName(
            self.parent_widget,
            self.tr("Overdrachtspakket opslaan"),
            str(folder / pack_file_name(self.handover.dossier_id, self.handover.id, self.handover.kind)),
            self.tr("PDF-bestand (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def choose_file(self) -> Any:
        global _last_folder
        if self.to_printer:
            return self.choose_printer()
        path = self.ask_path()
        if path is None:
            return None
        _last_folder = path.parent
        self.path = path
        temporary = path.with_name(f".{path.name}.tmp")
        actor, hid, reason, nearby = self.handle.actor, self.handover.id, self.reason, self.nearby

        def work(session: Any) -> int:
            from app.services.cases.packs import print_pack

            return print_pack(session, actor, hid, temporary, override_reason=reason, nearby=nearby)

        def printed(pages: int) -> None:
            try:
                os.replace(temporary, path)
            except OSError as exc:
                self.handle.show_error(
                    self.tr("Het PDF-bestand kon niet worden opgeslagen als {file}: {error}").format(
                        file=path, error=exc.strerror or exc
                    )
                )
                return
            self.handle.show_info(
                self.tr("Overdrachtspakket afgedrukt ({pages} pagina's): {file}").format(
                    pages=pages, file=path
                )
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.sig_printed.emit(path)

        def failed(_exc: BaseException) -> bool:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False  # the window shows the message (handle.change)

        return self.handle.change(
            work, title=self.tr("Overdrachtspakket afdrukken"), done=printed, failed=failed
        )

    def choose_printer(self) -> Any:
        """The system print dialog first: a print the user cancels is never built nor logged."""
        from app.ui.print_pdf import new_printer, print_dialog

        self.printer = new_printer()
        self.dialog = print_dialog(self.printer, self.parent_widget, self.tr("Overdrachtspakket afdrukken"))
        self.dialog.accepted.connect(self._print_on_printer)
        QDialog.open(self.dialog)  # window-modal; QPrintDialog.open wants a receiver in PySide6
        return self.dialog

    def _print_on_printer(self) -> Any:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="dl-afdruk-"))  # private to this user (mode 0700)
        temporary = folder / pack_file_name(self.handover.dossier_id, self.handover.id, self.handover.kind)
        actor, hid, reason, nearby = self.handle.actor, self.handover.id, self.reason, self.nearby
        printer = self.printer

        def work(session: Any) -> int:
            from app.services.cases.packs import print_pack

            return print_pack(session, actor, hid, temporary, override_reason=reason, nearby=nearby)

        def clean_up() -> None:
            with contextlib.suppress(OSError):
                temporary.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()

        def printed(_pages: int) -> None:
            from app.ui.print_pdf import PrintError, print_pdf

            try:
                pages = print_pdf(temporary, printer)
            except PrintError as exc:
                self.handle.show_error(str(exc))
                return
            finally:
                clean_up()
            self.handle.show_info(
                self.tr("Overdrachtspakket naar de printer gestuurd ({pages} pagina's): {printer}").format(
                    pages=pages, printer=printer.printerName() or printer.outputFileName()
                )
            )
            self.sig_printed.emit(None)

        def failed(_exc: BaseException) -> bool:
            clean_up()
            return False  # the window shows the message (handle.change)

        return self.handle.change(
            work, title=self.tr("Overdrachtspakket afdrukken"), done=printed, failed=failed
        )
