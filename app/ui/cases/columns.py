"""Columns of the dossier list and the handover work lists, and their row colours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain.handover import ConsentStatus
from app.ui.contrast import LATE_MARK
from app.ui.widgets import ColumnSpec
from app.ui.widgets.paged_model import PagedColumn

OVERDUE_COLOR = QColor("#fbe1de")
CLOSED_COLOR = QColor("#eef0f2")


def _t(text: str) -> str:
    return QCoreApplication.translate("CasesColumns", text)


def _blank_zero(value: Any) -> str:
    return str(value) if value else ""


def late_count(value: Any) -> str:
    """A "te laat" count with the mark: the row's red says it too, but not to everyone."""
    return f"{LATE_MARK} {value}" if value else ""


def dossier_columns(with_gemeente: bool) -> list[PagedColumn]:
    columns = [
        PagedColumn(ColumnSpec("head_name", _t("Hoofdaanvrager")), "head_name"),
        PagedColumn(ColumnSpec("v_nummer", _t("V-nummer")), "v_nummer"),
        PagedColumn(ColumnSpec("member_count", _t("Personen"), kind="int"), "member_count"),
        PagedColumn(ColumnSpec("status", _t("Status")), "status"),
        PagedColumn(ColumnSpec("linked_on", _t("Gekoppeld op"), kind="date"), "linked_on"),
        PagedColumn(ColumnSpec("moving_date", _t("Verhuisdatum"), kind="date"), "moving_date"),
        PagedColumn(
            ColumnSpec(
                "open_handovers",
                _t("Lopende overdrachten"),
                kind="int",
                format=_blank_zero,
                tooltip=_t("Overdrachten die nog niet zijn afgerond, geweigerd of ingetrokken"),
            ),
        ),
        PagedColumn(
            ColumnSpec(
                "overdue_handovers",
                _t("Te laat"),
                kind="int",
                format=late_count,
                tooltip=_t("Overdrachten over de uiterste datum die de ontvanger nog niet heeft"),
            ),
        ),
        PagedColumn(ColumnSpec("address_after_move", _t("Adres na verhuizing"))),
    ]
    if with_gemeente:
        columns.insert(2, PagedColumn(ColumnSpec("gemeente_name", _t("Gemeente"))))
    return columns


def dossier_background(row: Any) -> QColor | None:
    if row.overdue_handovers:
        return OVERDUE_COLOR
    if row.status.value == "gesloten":
        return CLOSED_COLOR
    return None


def _consent(value: ConsentStatus) -> str:
    return value.label


def worklist_columns(with_gemeente: bool) -> list[PagedColumn]:
    columns = [
        PagedColumn(ColumnSpec("due_on", _t("Uiterlijk"), kind="date"), "due_on"),
        PagedColumn(ColumnSpec("head_name", _t("Hoofdaanvrager")), "head_name"),
        PagedColumn(ColumnSpec("v_nummer", _t("V-nummer")), "v_nummer"),
        PagedColumn(ColumnSpec("kind_label", _t("Overdracht")), "kind"),
        PagedColumn(
            ColumnSpec("member_name", _t("Voor"), tooltip=_t("Het kind (JGZ) of de persoon van het signaal"))
        ),
        PagedColumn(ColumnSpec("receiver", _t("Ontvanger")), "receiver"),
        PagedColumn(ColumnSpec("status_label", _t("Status")), "status"),
        PagedColumn(
            ColumnSpec("days_overdue", _t("Dagen te laat"), kind="int", format=late_count), "days_overdue"
        ),
        PagedColumn(ColumnSpec("consent", _t("Toestemming"), format=_consent)),
        PagedColumn(ColumnSpec(lambda r: r.assigned_to_name or r.assigned_to, _t("Eigenaar"))),
        PagedColumn(ColumnSpec("dossier_id", _t("Dossier"), kind="int", format=str), "dossier_id"),
    ]
    if with_gemeente:
        columns.insert(3, PagedColumn(ColumnSpec("gemeente_name", _t("Gemeente")), "gemeente"))
    return columns


def worklist_background(row: Any) -> QColor | None:
    return OVERDUE_COLOR if row.days_overdue else None
