"""Before printing the maatschappelijke-begeleiding pack: what goes in it. On request it gets the
page "Activiteiten bij u in de buurt" (the directory's initiatives for the household's municipality
and languages). Only the choice is made here; PackPrint asks for the file next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QWidget

from app.ui.cases.fields import hint_label
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle

# The last choice, for the next pack in this session: a consulent who adds the page once mostly
# wants it on every pack.
_last_choice = False


class PackOptionsDialog(FormDialog):
    def __init__(self, handle: DossierHandle, parent: QWidget) -> None:
        super().__init__(handle, parent, self.tr("Overdrachtspakket afdrukken"), width=520)
        self.top.addWidget(
            hint_label(
                self.tr(
                    "U kunt een pagina toevoegen met activiteiten van vrijwilligers in de gemeente van dit "
                    "gezin: taalcafés, maatjes, sport en meer. Activiteiten in de talen van het gezin "
                    "staan bovenaan."
                )
            )
        )
        self.nearby = QCheckBox(self.tr("Pagina 'Activiteiten bij u in de buurt' toevoegen"))
        self.nearby.setChecked(_last_choice)
        self.top.addWidget(self.nearby)
        self.set_ok_text(self.tr("Verder…"))
        self.nearby.setFocus()

    @property
    def with_nearby(self) -> bool:
        return self.nearby.isChecked()

    def accept(self) -> None:
        global _last_choice
        _last_choice = self.nearby.isChecked()
        super().accept()
