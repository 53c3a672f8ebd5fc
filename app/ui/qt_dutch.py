"""Fills gaps in Qt's own Dutch (qtbase_nl.qm as PySide6 ships it). Qt 6 gave some texts a mnemonic
("&Look in:", "Files of &type:" in the file dialog) that the Dutch file still only has without one, so
the file dialog showed "Look in:". This translator answers such a text with the Dutch of the text
without "&" (the mnemonic is lost, the Dutch is not); for anything else it answers nothing and Qt asks
the next translator."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator


class MnemonicFallback(QTranslator):
    def __init__(self, base: QTranslator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = base

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "": Qt takes an empty string for a translation and a null one for "not here".
        if "&" not in source or "&&" in source:
            return None
        return self._base.translate(context, source.replace("&", ""), disambiguation, n) or None
