"""Columns of the woningen list and how a rent looks (Dutch: € 1.234,50)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.db.models.board import DwellingStatus
from app.services.board.dwellings import DwellingInfo
from app.ui.board.koppeling_model import BoardColumn
from app.ui.widgets import ColumnSpec, ExportField
from app.ui.widgets.formatting import format_value

RESERVED_COLOR = QColor("#e6effa")
EXPIRED_COLOR = QColor("#eeeff1")


def _t(text: str) -> str:
    return QCoreApplication.translate("DwellingsTab", text)


def money(value: float | None) -> str:
    """'€ 712,50'; empty when unknown."""
    return "" if value is None else f"€ {format_value(float(value))}"


def _flag(value: bool) -> str:
    return _t("ja") if value else ""


def dwelling_columns() -> list[BoardColumn]:
    return [
        BoardColumn(ColumnSpec("corporation", _t("Corporatie")), "corporation"),
        BoardColumn(ColumnSpec("reference", _t("Kenmerk"))),
        BoardColumn(ColumnSpec("address", _t("Adres"))),
        BoardColumn(ColumnSpec("gemeente_name", _t("Gemeente"))),
        BoardColumn(ColumnSpec("kind", _t("Soort"))),
        BoardColumn(ColumnSpec("bedrooms", _t("Slaapkamers"), kind="int"), "bedrooms"),
        BoardColumn(ColumnSpec("max_occupants", _t("Max. bewoners"), kind="int"), "max_occupants"),
        BoardColumn(ColumnSpec("rent", _t("Huur"), kind="money", format=money), "rent"),
        BoardColumn(ColumnSpec("available_from", _t("Beschikbaar per"), kind="date"), "available_from"),
        BoardColumn(ColumnSpec("accessible", _t("Toegankelijk"), kind="bool", format=_flag)),
        BoardColumn(ColumnSpec("ground_floor", _t("Gelijkvloers"), kind="bool", format=_flag)),
        BoardColumn(ColumnSpec("status", _t("Status")), "status"),
        BoardColumn(
            ColumnSpec(
                "reserved_text",
                _t("Voor huishouden"),
                tooltip=_t("V-nummer en grootte van het huishouden waarvoor de woning gereserveerd is "
                           "of aan wie zij is toegewezen"),
            )
        ),
    ]


RESERVED_FOR_COLUMN = 12  # "Voor huishouden"


def export_reserved_for() -> list[ExportField]:
    """In an export the household's V-nummer and size are two columns (text and a number)."""
    return [
        ExportField(_t("Voor huishouden (V-nummer)"), lambda r: r.reserved_v_nummer, "text"),
        ExportField(_t("Personen huishouden"), lambda r: r.reserved_persons, "int"),
    ]


def dwelling_background(row: DwellingInfo) -> QColor | None:
    if row.status is DwellingStatus.GERESERVEERD:
        return RESERVED_COLOR
    if row.status in (DwellingStatus.VERLOPEN, DwellingStatus.TOEGEWEZEN):
        return EXPIRED_COLOR
    return None
