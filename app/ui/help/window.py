"""The help window: the chapter list on the left, the chapter (bundled HTML) on the right in a
QTextBrowser. Links between chapters and to an anchor (``begrippen.html#uitruil``) work as in a browser;
"Terug" goes back. Not modal: the user reads while working."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.help.chapters import CHAPTERS, FIRST, chapter

ID_ROLE = Qt.ItemDataRole.UserRole


def _t(text: str) -> str:
    return QCoreApplication.translate("HelpWindow", text)


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Handleiding"))
        self.setModal(False)
        self.chapters = QListWidget()
        self.chapters.setObjectName("helpChapters")
        self.chapters.setAccessibleName(_t("Hoofdstukken"))
        for item_chapter in CHAPTERS:
            item = QListWidgetItem(_t(item_chapter.title))
            item.setData(ID_ROLE, item_chapter.id)
            self.chapters.addItem(item)
        # As wide as the longest title: no title cut off, no horizontal scroll bar.
        self.chapters.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        width = self.chapters.sizeHintForColumn(0) + 2 * self.chapters.frameWidth() + 16
        self.chapters.setMinimumWidth(max(200, width))
        self.chapters.currentItemChanged.connect(self._on_chapter_item)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName(_t("Tekst van het hoofdstuk"))
        self.browser.setOpenExternalLinks(False)  # no web: every chapter is in resources/help
        self.browser.setOpenLinks(True)
        self.browser.sourceChanged.connect(self._on_source)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chapters)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.chapters.minimumWidth(), 640])
        buttons = QDialogButtonBox()
        self.back_button = QPushButton(_t("&Terug"))
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_t("Sluiten"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)

    def show_topic(self, topic: str = FIRST) -> None:
        """Show "chapter" or "chapter#anchor" and bring the window forward."""
        chapter_id, _sep, anchor = topic.partition("#")
        url = QUrl.fromLocalFile(str(chapter(chapter_id).path))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)
        self.show()
        if anchor:  # again once laid out at the width shown (the first scroll used the old width)
            QTimer.singleShot(0, lambda: self.browser.scrollToAnchor(anchor))
        self.raise_()
        self.activateWindow()

    def current_chapter(self) -> str:
        """The id of the chapter shown (its file name without .html)."""
        return self.browser.source().fileName().removesuffix(".html")

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_chapter_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None and item.data(ID_ROLE) != self.current_chapter():
            self.browser.setSource(QUrl.fromLocalFile(str(chapter(str(item.data(ID_ROLE))).path)))

    @Slot(QUrl)
    def _on_source(self, url: QUrl) -> None:
        """Keep the chapter list on the chapter shown (also after a link or Terug). The URL given, not
        ``source()``: that still names the previous page while this signal is emitted."""
        shown = url.fileName().removesuffix(".html")
        for row in range(self.chapters.count()):
            if self.chapters.item(row).data(ID_ROLE) == shown:
                self.chapters.blockSignals(True)
                self.chapters.setCurrentRow(row)
                self.chapters.blockSignals(False)
                break
        title = self.browser.documentTitle()
        self.setWindowTitle(_t("Handleiding — {title}").format(title=title) if title else _t("Handleiding"))
