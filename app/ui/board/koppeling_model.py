"""Table model for paged board lists (koppelingen, woningen) and the koppelingen columns.

``PagedRowModel`` holds the pages loaded so far. A click on a header whose column has an SQL sort
key asks the tab (``sig_sort_requested``) to reload sorted in the database; other columns sort the
loaded rows in the model itself. Rows can carry a soft background colour (overdue, almost due).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.domain.deadlines import DeadlinePhase
from app.services.board.koppelingen import KoppelingInfo
from app.ui.contrast import LATE_MARK
from app.ui.widgets import ColumnSpec
from app.ui.widgets.paged_model import PagedColumn

OVERDUE_COLOR = QColor("#fbe1de")
SOON_COLOR = QColor("#fdf0d2")


def _t(text: str) -> str:
    return QCoreApplication.translate("KoppelingenTab", text)


# The board's lists were the first paged lists; the shared model lives with the widgets now.
BoardColumn = PagedColumn


def needs_text(accessible: bool, ground_floor: bool, medical: bool) -> str:
    flags = [
        (accessible, _t("toegankelijk")),
        (ground_floor, _t("gelijkvloers")),
        (medical, _t("nabij zorg")),
    ]
    return ", ".join(label for on, label in flags if on)


def _dossier_text(row: Any) -> str:
    dossier_id = getattr(row, "dossier_id", None)  # a KoppelingRow; a bare KoppelingInfo has none
    return _t("Dossier {id}").format(id=dossier_id) if dossier_id else ""


def host_name(row: KoppelingInfo) -> str | None:
    """The municipality that houses the household after a swap (None: its own houses it)."""
    code = row.housed_gemeente_code
    return row.housed_gemeente_name if code and code != row.gemeente_code else None


def gemeente_text(row: KoppelingInfo) -> str:
    """'Bunnik' or, after a swap, 'Bunnik → Zeist (uitruil)': whose it is and who houses it."""
    host = host_name(row)
    if host is None:
        return row.gemeente_name
    return _t("{own} → {host} (uitruil)").format(own=row.gemeente_name, host=host)


def deadline_text(row: KoppelingInfo) -> str:
    """The deadline, after a swap as the host's (it records offer and move-in): 'Zeist: nog 5 dagen
    tot aanbod'."""
    host = host_name(row)
    label = f"{LATE_MARK} {row.deadline.label_nl}" if row.deadline.overdue else row.deadline.label_nl
    if host is None or row.deadline.phase is DeadlinePhase.GEHUISVEST:
        return label
    return _t("{host}: {deadline}").format(host=host, deadline=label)


def _persons(row: KoppelingInfo) -> str:
    return f"{row.persons} ({row.adults}/{row.children})"


def koppeling_columns() -> list[BoardColumn]:
    def col(key: Any, title: str, **kw: Any) -> ColumnSpec:
        return ColumnSpec(key, title, **kw)

    return [
        BoardColumn(col("v_nummer", _t("V-nummer")), "v_nummer"),
        BoardColumn(
            col(
                gemeente_text,
                _t("Gemeente"),
                tooltip=_t("De gemeente van de koppeling; na een uitruil ook wie het huishouden huisvest"),
            )
        ),
        BoardColumn(col("linked_on", _t("Gekoppeld op"), kind="date"), "linked_on"),
        BoardColumn(
            col(
                _persons,
                _t("Personen (vol./kind.)"),
                align=Qt.AlignmentFlag.AlignRight,
                tooltip=_t("Aantal personen (volwassenen/kinderen)"),
            ),
            "persons",
        ),
        BoardColumn(
            col("expected_followers", _t("Nareizigers"), kind="int", format=lambda n: str(n) if n else ""),
        ),
        BoardColumn(col("azc_location", _t("AZC")), "azc_location"),
        BoardColumn(
            col(
                lambda r: needs_text(r.needs_accessible, r.needs_ground_floor, r.medical_proximity),
                _t("Behoeften"),
                tooltip=_t("Toegankelijke woning, gelijkvloers, nabij zorg"),
            )
        ),
        BoardColumn(col("status", _t("Status")), "status"),
        BoardColumn(
            col(deadline_text, _t("Termijn")),
            "linked_on",
        ),
        BoardColumn(
            col(
                "dwelling_text",
                _t("Woning"),
                tooltip=_t("De woning die is aangeboden of gereserveerd (adres of kenmerk)"),
            )
        ),
        BoardColumn(
            col(
                _dossier_text,
                _t("Dossier"),
                tooltip=_t("Dubbelklik hier om het dossier te openen of aan te maken"),
            )
        ),
    ]


# The column that opens the dossier on a double-click (the others open the koppeling).
DOSSIER_COLUMN = 10


def koppeling_background(row: KoppelingInfo) -> QColor | None:
    if row.deadline.overdue:
        return OVERDUE_COLOR
    if row.deadline.phase is DeadlinePhase.BIJNA:
        return SOON_COLOR
    return None
