"""The dwelling list of the offer dialog: each free dwelling with its size and capacity, and — once the
user has said for how many persons the offer is — the ones that fit first, marked "past", after a
separator the others ("te klein", "past niet"). Whether a dwelling fits is the matching's rule
(``app.domain.dwelling_fit``); this module only writes it down in the combo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox

from app.domain.dwelling_fit import SizeFit, order_by_fit
from app.domain.matching import DwellingIn
from app.domain.wording import bedrooms_short, count

PERSONS_MAX_ROLE = Qt.ItemDataRole.UserRole + 2  # a dwelling item's maximum number of occupants
FITS_ROLE = Qt.ItemDataRole.UserRole + 3  # True / False when a size was given, else None


def _t(text: str) -> str:
    return QCoreApplication.translate("DwellingChoice", text)


def dwelling_in(info: Any) -> DwellingIn:
    """What the fit rule needs of a listed dwelling (a ``DwellingInfo``)."""
    return DwellingIn.of(info, info.gemeente_code)


def dwelling_text(info: Any, fit: SizeFit | None = None) -> str:
    """"Zeist · Dorpsstraat 3 · 3 slpk. · max. 6 bewoners · vrij per 05-12-2026 · past"."""
    where = info.address or f"{info.corporation} {info.reference}".strip()
    parts = [info.gemeente_name, where] if info.gemeente_name else [where]
    parts += [
        bedrooms_short(info.bedrooms),
        _t("max. {n}").format(n=count(info.max_occupants, "bewoner")),
        _t("vrij per {d}").format(d=info.available_from.strftime("%d-%m-%Y")),
    ]
    if fit is not None:
        parts.append(_t("past") if fit.fits else _t("te klein") if fit.too_small else _t("past niet"))
    return " · ".join(parts)


def fill_dwellings(combo: QComboBox, dwellings: Sequence[Any], persons: int | None = None,
                   today: date | None = None) -> None:  # fmt: skip
    """Put the free dwellings after "no particular dwelling"; with ``persons``, those that fit that
    many first and a separator before the others. The chosen dwelling stays chosen."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    try:
        while combo.count() > 1:
            combo.removeItem(1)
        by_id = {d.id: d for d in dwellings}
        if persons is None:
            fits: list[SizeFit | None] = [None] * len(dwellings)
            ordered = list(dwellings)
        else:
            found = order_by_fit(persons, [dwelling_in(d) for d in dwellings], today or date.today())
            fits, ordered = list(found), [by_id[f.dwelling.id] for f in found]
        separated = False
        for info, fit in zip(ordered, fits, strict=True):
            if fit is not None and not fit.fits and not separated:
                combo.insertSeparator(combo.count())  # between the fitting and the other dwellings
                separated = True
            combo.addItem(dwelling_text(info, fit), info.id)
            combo.setItemData(combo.count() - 1, info.max_occupants, PERSONS_MAX_ROLE)
            combo.setItemData(combo.count() - 1, None if fit is None else fit.fits, FITS_ROLE)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
    finally:
        combo.blockSignals(False)


def dwelling_ids(combo: QComboBox) -> list[int]:
    """The dwellings in the combo, in their order (tests and the screen reader's order)."""
    return [combo.itemData(i) for i in range(combo.count()) if isinstance(combo.itemData(i), int)]
