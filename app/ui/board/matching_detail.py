"""The explanation of one proposal: the constraints it met, the criteria with weights and
contributions, and what accepting it means (a swap proposal when it crosses municipalities)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.ui.board.matching_model import ProposalRow, criteria_of, criterion_columns, persons_text
from app.ui.fonts import pt
from app.ui.forms import HINT_STYLE
from app.ui.widgets import DataTableView, RowTableModel


class _CriteriaModel(RowTableModel):
    """Criteria rows; a cell's full text is its tooltip (the explanation is often longer than the column)."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


class ProposalDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet(f"font-weight: 600; font-size: {pt(1.1)};")
        self.title.setWordWrap(True)
        self.swap_note = QLabel()
        self.swap_note.setWordWrap(True)
        self.swap_note.setStyleSheet(
            "background: #fdf0d2; border: 1px solid #ecd9a6; border-radius: 3px; padding: 6px;"
        )
        self.constraints = QLabel()
        self.constraints.setWordWrap(True)
        self.constraints.setTextFormat(Qt.TextFormat.RichText)
        constraints_box = QGroupBox(self.tr("Voldoet aan de harde eisen"))
        QVBoxLayout(constraints_box).addWidget(self.constraints)
        self.criteria_model = _CriteriaModel(criterion_columns(), parent=self)
        self.criteria = DataTableView()
        self.criteria.setModel(self.criteria_model)
        self.criteria.setSortingEnabled(False)
        self.criteria.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        criteria_box = QGroupBox(self.tr("Zachte criteria (score = som van de bijdragen)"))
        QVBoxLayout(criteria_box).addWidget(self.criteria)
        self.placeholder = QLabel(self.tr("Kies een voorstel om de toelichting te zien."))
        self.placeholder.setStyleSheet(HINT_STYLE)
        self.protected = QLabel(
            self.tr("Nationaliteit, religie, geslacht, leeftijd, taal en naam tellen nooit mee.")
        )
        self.protected.setStyleSheet(HINT_STYLE)
        self.protected.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.title)
        layout.addWidget(self.swap_note)
        layout.addWidget(constraints_box)
        layout.addWidget(criteria_box)
        layout.addWidget(self.protected)
        layout.addStretch(1)
        self._boxes = [self.title, self.swap_note, constraints_box, criteria_box]
        self.show_proposal(None)

    def show_proposal(self, row: ProposalRow | None, counterpart: str = "") -> None:
        """Explain this proposal; ``counterpart`` is the gemeente that gets the swap proposal."""
        self.placeholder.setVisible(row is None)
        for widget in self._boxes:
            widget.setVisible(row is not None)
        if row is None:
            self.criteria_model.set_rows([])
            return
        size = "" if row.persons is None else f" ({persons_text(row.persons)})"
        self.title.setText(
            self.tr("Huishouden {v}{size} → woning {w} in {g}").format(
                v=row.v_nummer, size=size, w=row.dwelling, g=row.dwelling_gemeente
            )
        )
        self.swap_note.setVisible(row.cross)
        if row.cross:
            self.swap_note.setText(
                self.tr(
                    "Voorstel over gemeentegrenzen: bij akkoord wordt dit een uitruilvoorstel aan {g}. "
                    "{host} huisvest dit huishouden van {owner}; het telt voor de taakstelling van {owner}."
                ).format(g=counterpart, host=row.dwelling_gemeente, owner=row.household_gemeente)
            )
        items = "".join(f"<li>{escape(text)}</li>" for text in row.proposal.constraints_met)
        self.constraints.setText(f"<ul style='margin-left:-24px'>{items}</ul>")
        self.criteria_model.set_rows(criteria_of(row))
        for column, width in enumerate((235, 62, 66, 70)):
            self.criteria.setColumnWidth(column, width)
        rows_height = sum(self.criteria.rowHeight(r) for r in range(self.criteria_model.rowCount()))
        self.criteria.setFixedHeight(rows_height + self.criteria.horizontalHeader().height() + 6)
