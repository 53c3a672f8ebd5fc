"""The main window: navigation, menus and status bar. It knows modules only as ``ModuleSpec``s and
hands each page an ``AppContext``; pages never see the window."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.ui.badges import REFRESH_MS, NavBadges
from app.ui.context import AppContext
from app.ui.modules import ModuleSpec
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.placement import place_on_screen
from app.ui.widgets.status_indicator import ConnectionIndicator

if TYPE_CHECKING:
    from sqlalchemy import URL

    from app.services.today import Target
    from app.ui.tasks import Task, TaskRunner

PING_INTERVAL_MS = 15_000
KEY_ROLE = Qt.ItemDataRole.UserRole


def actor_summary(context: AppContext) -> str:
    actor = context.actor
    parts = [actor.role.label]
    if actor.gemeente_name:
        parts.append(actor.gemeente_name)
    return f"{actor.name} ({actor.login}) — " + ", ".join(parts)


def demo_summary(context: AppContext) -> str:
    """"u speelt cp-zeist (Contactpersoon, Zeist)" — whom you are in the demo."""
    actor = context.actor
    parts = [actor.role.label] + ([actor.gemeente_name] if actor.gemeente_name else [])
    return f"u speelt {actor.login} ({', '.join(parts)})"


TLS_WARNING_STYLE = "color: #8a3b00; font-weight: bold; padding: 0 6px;"
DEMO_BAR_STYLE = (
    "#demoBar { background: #fff3c4; border-bottom: 1px solid #e0c060; }"
    " #demoBar QLabel { color: #5c4400; }"
)


class MainWindow(QMainWindow):
    sig_settings_requested = Signal()
    """The user asked for the database connection dialog (the application controller opens it)."""
    sig_page_changed = Signal(str)
    """Another module page is shown (its key)."""
    sig_data_changed = Signal()
    """Data changed outside the pages (an import, an undo): shown lists are out of date."""
    sig_switch_user_requested = Signal()
    """Demo → Andere gebruiker spelen… (the application controller opens the list)."""
    sig_first_paint = Signal()
    """The window has been painted once (queued): the controller opens the database after this."""

    def __init__(
        self,
        context: AppContext | None,
        modules: list[ModuleSpec],
        *,
        window_settings: QSettings | None = None,
        ping_interval_ms: int = PING_INTERVAL_MS,
        badge_interval_ms: int = REFRESH_MS,
    ) -> None:
        """Without a context the window is its own loading state (menus off, "Bezig met laden…"):
        at start it is shown before the database layer is even imported; ``set_context`` fills it."""
        super().__init__()
        self.setWindowTitle(APP_NAME)
        from app.ui.icon import application_icon

        self.setWindowIcon(application_icon())  # also where no QApplication icon was set (tests)
        self._modules = list(modules)
        self._visible: list[ModuleSpec] = []
        self._pages: dict[str, QWidget] = {}
        self._ping_task: Task | None = None
        self._window_settings = window_settings or QSettings()
        self.context: AppContext  # set by set_context; until then the window only shows it is loading
        self._has_context = False

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(self.nav.iconSize() * 1.25)
        self.nav.setMinimumWidth(170)
        # A long name with its count elides instead of adding a scroll bar under the list.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.badges = NavBadges(self.nav, self, interval_ms=badge_interval_ms)
        self.badges.sig_counts.connect(lambda _counts: self._show_counts(*self._pages.items()))
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.welcome = QLabel()
        self.welcome.setObjectName("welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.stack.addWidget(self.welcome)
        # Shown until the first page is built: that happens after the window's first paint, so
        # the window appears at once even when a module's page is slow to construct.
        self.loading = QLabel(self.tr("Bezig met laden…"))
        self.loading.setObjectName("loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.installEventFilter(self)
        self.stack.addWidget(self.loading)
        self._painted = False
        self._pending_row: int | None = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 990])
        self.demo_bar = QWidget()
        self.demo_bar.setObjectName("demoBar")
        self.demo_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.demo_bar.setStyleSheet(DEMO_BAR_STYLE)
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoLabel")
        self.demo_switch_button = QPushButton(self.tr("Andere gebruiker spelen…"))
        self.demo_switch_button.clicked.connect(self.sig_switch_user_requested)
        demo_layout = QHBoxLayout(self.demo_bar)
        demo_layout.setContentsMargins(10, 4, 10, 4)
        demo_layout.addWidget(self.demo_label, 1)
        demo_layout.addWidget(self.demo_switch_button)
        self.demo_bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.demo_label.setWordWrap(True)
        self.demo_bar.setVisible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.demo_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        # The status bar's texts shorten ("…", whole in the tooltip) rather than widen the window:
        # at a large system font they alone were wider than a 1280 px screen (issue 17).
        self.database_label = ElidedLabel()
        self.database_label.setObjectName("databaseLabel")
        self.user_label = ElidedLabel()
        self.user_label.setObjectName("userLabel")
        self.connection_indicator = ConnectionIndicator()
        # Lasting, not a message that times out: shown as long as the connection is weaker than
        # encrypted and checked (an explicit choice in the connection dialog).
        self.tls_warning_label = ElidedLabel()
        self.tls_warning_label.setObjectName("tlsWarning")
        self.tls_warning_label.setStyleSheet(TLS_WARNING_STYLE)
        self.tls_warning_label.setVisible(False)
        bar = self.statusBar()
        bar.addPermanentWidget(self.tls_warning_label)
        # Which database, who, connected: shown once there is a context (not in the loading state).
        self._status_parts: list[QWidget] = [
            self.database_label, _separator(), self.user_label, _separator(), self.connection_indicator
        ]  # fmt: skip
        for part in self._status_parts:
            bar.addPermanentWidget(part)

        self._build_menus()
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import dialog
        self._ping_timer = QTimer(self)
        self._ping_timer.setInterval(ping_interval_ms)
        self._ping_timer.timeout.connect(self.ping)
        self._runner: TaskRunner | None = None
        place_on_screen(self, QSize(1200, 760))  # first start: centred, never taller than the screen
        self._restore_window()
        if context is None:
            self.menuBar().setEnabled(False)  # nothing to act on until someone is signed in
            for part in self._status_parts:
                part.setVisible(False)  # no database yet: "Verbonden" would not be true
            self.stack.setCurrentWidget(self.loading)
        else:
            self.set_context(context)

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("&Bestand"))
        self.action_settings = QAction(self.tr("&Databaseverbinding…"), self)
        self.action_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.action_settings.triggered.connect(self.sig_settings_requested)
        menu_file.addAction(self.action_settings)
        menu_file.addSeparator()
        self.action_import = QAction(self.tr("&Importeren…"), self)
        self.action_import.setShortcut(QKeySequence("Ctrl+I"))
        self.action_import.triggered.connect(lambda: self.open_import())
        menu_file.addAction(self.action_import)
        self.action_import_history = QAction(self.tr("Import&geschiedenis…"), self)
        self.action_import_history.triggered.connect(self.open_import_history)
        menu_file.addAction(self.action_import_history)
        self.action_backup = QAction(self.tr("&Reservekopie maken…"), self)
        self.action_backup.triggered.connect(self.make_backup)
        menu_file.addAction(self.action_backup)
        menu_file.addSeparator()
        self.action_quit = QAction(self.tr("&Afsluiten"), self)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_quit.triggered.connect(self.close)
        menu_file.addAction(self.action_quit)
        self.menu_view: QMenu = self.menuBar().addMenu(self.tr("Beel&d"))
        self.menu_demo: QMenu = self.menuBar().addMenu(self.tr("D&emo"))
        self.action_switch_user = QAction(self.tr("Andere &gebruiker spelen…"), self)
        self.action_switch_user.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.action_switch_user.triggered.connect(self.sig_switch_user_requested)
        self.menu_demo.addAction(self.action_switch_user)
        self.menu_demo.menuAction().setVisible(False)
        # Ctrl+F from anywhere on a page: its search field (pages need no shortcut of their own).
        self.action_find = QAction(self.tr("Zoeken op deze pagina"), self)
        self.action_find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.action_find.triggered.connect(self.focus_search)
        self.addAction(self.action_find)
        menu_help = self.menuBar().addMenu(self.tr("&Help"))
        from app.ui.help.menu import install_help_menu

        self.help = install_help_menu(self, menu_help)
        self.action_about = QAction(self.tr("&Over {name}…").format(name=APP_NAME), self)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.action_about.triggered.connect(self.show_about)
        menu_help.addAction(self.action_about)

    def _rebuild_view_menu(self) -> None:
        self.menu_view.clear()
        for position, spec in enumerate(self._visible, start=1):
            action = QAction(spec.title, self)
            shortcut = spec.shortcut or (f"Ctrl+{position}" if position <= 9 else None)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_module(key))
            self.menu_view.addAction(action)
        self.menu_view.setEnabled(bool(self._visible))

    # -- context and pages ------------------------------------------------------------------

    def set_context(self, context: AppContext) -> None:
        """Show another database or user: pages are rebuilt lazily for the new context."""
        previous_key = self.current_module_key() or self._window_settings.value("window/last_page", "")
        self.context = replace(
            context, show_status=self.show_status, open_target=self.open_target,
            report_change=self.badges.refresh,
        )  # fmt: skip
        self._has_context = True
        self.menuBar().setEnabled(True)
        for part in self._status_parts:
            part.setVisible(True)
        if self._ping_timer.interval() > 0 and not self._ping_timer.isActive():
            self._ping_timer.start()
        self._connect_runner()
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._visible = [spec for spec in self._modules if spec.visible(context.actor)]
        self.nav.blockSignals(True)
        self.nav.clear()
        for spec in self._visible:
            item = QListWidgetItem(spec.title)
            item.setData(KEY_ROLE, spec.key)
            icon = spec.icon or QStyle.StandardPixmap.SP_FileDialogDetailedView
            item.setIcon(self.style().standardIcon(icon))
            if spec.description:
                item.setToolTip(spec.description)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        from app.ui.nav_fit import fit_navigation

        fit_navigation(self.nav)  # no module name cut short
        self.badges.set_modules(self.context, self._visible)
        self._rebuild_view_menu()
        self.database_label.setText(context.database.description)
        self._show_tls_warning(context.database.url)
        self.database_label.set_hint(self.tr("De database waarmee u werkt"))
        self.user_label.setText(actor_summary(context))
        self._show_demo(context)
        self.connection_indicator.set_connected(context.tasks.connection_ok)
        self.welcome.setText(
            self.tr(
                "<h2>Welkom, {name}</h2><p>Voor uw rol ({role}) zijn in deze versie nog geen "
                "onderdelen beschikbaar.</p>"
            ).format(name=context.actor.name, role=context.actor.role.label)
        )
        keys = [spec.key for spec in self._visible]
        if not keys:
            self.stack.setCurrentWidget(self.welcome)
            return
        start = next((spec.key for spec in self._visible if spec.start_page), None)
        key = start or (str(previous_key) if previous_key in keys else keys[0])
        if self._painted:
            self.show_module(key)
            return
        self._pending_row = keys.index(key)  # built after the first paint (see eventFilter)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self._pending_row)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.loading)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.loading and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._build_pending_page)
            QTimer.singleShot(0, self.sig_first_paint.emit)
        return super().eventFilter(watched, event)

    @Slot()
    def _build_pending_page(self) -> None:
        row, self._pending_row = self._pending_row, None
        if row is not None and self.nav.currentRow() == row:
            self._on_nav_row(row)

    def _connect_runner(self) -> None:
        runner = self.context.tasks
        if runner is self._runner:
            return
        if self._runner is not None:
            self._runner.sig_connection_lost.disconnect(self._on_connection_lost)
            self._runner.sig_connection_restored.disconnect(self._on_connection_restored)
        runner.sig_connection_lost.connect(self._on_connection_lost)
        runner.sig_connection_restored.connect(self._on_connection_restored)
        if runner.default_parent is None:
            runner.default_parent = self
        self._runner = runner

    def modules(self) -> list[ModuleSpec]:
        """The modules shown for the current user."""
        return list(self._visible)

    def current_module_key(self) -> str | None:
        item = self.nav.currentItem()
        return None if item is None else str(item.data(KEY_ROLE))

    def page(self, key: str) -> QWidget | None:
        """The page of a module, if it was created already."""
        return self._pages.get(key)

    def show_module(self, key: str) -> QWidget | None:
        self._painted = True  # asked for explicitly: build now
        self._pending_row = None
        for row, spec in enumerate(self._visible):
            if spec.key == key:
                if self.nav.currentRow() != row:
                    self.nav.setCurrentRow(row)  # → _on_nav_row
                else:
                    self._on_nav_row(row)
                return self._pages.get(key)
        return None

    def open_target(self, target: Target) -> None:
        """Show the page of ``target.module`` and let it show the object (pages that can offer
        ``open_target(target)``; another page is only shown)."""
        page = self.show_module(target.module)
        opener = getattr(page, "open_target", None)
        if callable(opener):
            opener(target)
        elif page is None:
            self.show_status(self.tr("Dit onderdeel is voor uw rol niet beschikbaar."))

    @Slot(int)
    def _on_nav_row(self, row: int) -> None:
        if not 0 <= row < len(self._visible):
            return
        spec = self._visible[row]
        page = self._pages.get(spec.key)
        if page is None:
            page = spec.factory(self.context)
            page.setObjectName(f"page_{spec.key}")
            self._pages[spec.key] = page
            self.stack.addWidget(page)
            self._show_counts((spec.key, page))
        if self.stack.currentWidget() is not page:
            self.statusBar().clearMessage()  # a page's message ("… geladen") is not about the next one
        self.stack.setCurrentWidget(page)
        self._update_title()
        self.sig_page_changed.emit(spec.key)

    def _show_counts(self, *pages: tuple[str, QWidget]) -> None:
        """Pages that offer ``show_counts(kind → count)`` get their module's (for their tabs)."""
        for key, page in pages:
            show = getattr(page, "show_counts", None)
            if callable(show):
                show(self.badges.kinds(key))

    def _show_demo(self, context: AppContext) -> None:
        """A demo database says so, and whom you are playing, in a bar and in the title."""
        self.menu_demo.menuAction().setVisible(context.demo)
        self.action_switch_user.setEnabled(context.demo)
        self.demo_bar.setVisible(context.demo)
        if context.demo:
            who = demo_summary(context)
            played = context.actor.played_by
            by = self.tr(" — gespeeld door {account}").format(account=played) if played else ""
            self.demo_label.setText(
                self.tr("<b>Demo</b> — {who}{by}. Alle gegevens zijn verzonnen.").format(who=who, by=by)
            )
        self._update_title()

    def _update_title(self) -> None:
        key = self.current_module_key()
        spec = next((s for s in self._visible if s.key == key), None)
        parts = [spec.title] if spec is not None and key in self._pages else []
        if self.context.demo:
            parts.append(self.tr("Demo — {who}").format(who=demo_summary(self.context)))
        self.setWindowTitle(" — ".join([*parts, APP_NAME]))

    @Slot()
    def focus_search(self) -> None:
        from app.ui.widgets.search_bar import focus_page_search

        key = self.current_module_key()
        if not focus_page_search(self.page(key) if key else None):
            self.show_status(self.tr("Op deze pagina is geen zoekveld."))

    # -- status -----------------------------------------------------------------------------

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        """A short message in the status bar (modules get this through their context)."""
        self.statusBar().showMessage(message, timeout_ms)

    def _show_tls_warning(self, url: URL) -> None:
        from app.db.session import tls_warning

        warning = tls_warning(url)
        self.tls_warning_label.setText(f"⚠ {self.tr(warning)}" if warning else "")
        self.tls_warning_label.set_hint(
            self.tr("Kies in Bestand → Databaseverbinding… de aanbevolen versleuteling.") if warning else ""
        )
        self.tls_warning_label.setVisible(bool(warning))

    @Slot(str)
    def _on_connection_lost(self, message: str) -> None:
        self.connection_indicator.set_connected(False, message)

    @Slot()
    def _on_connection_restored(self) -> None:
        self.connection_indicator.set_connected(True)
        self.show_status(self.tr("De verbinding met de database is hersteld."))

    @Slot()
    def ping(self) -> None:
        """Check the connection in the background (never on the GUI thread)."""
        if self._ping_task is not None and self._ping_task.is_running:
            return
        database = self.context.database
        runner = self.context.tasks
        self._ping_task = runner.run_function(
            lambda _control: database.ping(),
            on_success=lambda ok: runner.report_connection(bool(ok)),
            on_failure=lambda _exc: runner.report_connection(False),
            silent=True,
        )

    # -- dialogs ----------------------------------------------------------------------------

    @Slot()
    def show_about(self) -> None:
        from app.ui.about import AboutDialog

        dialog = AboutDialog(self.context.database.description, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_import(self, path: Path | None = None) -> QWidget:
        """The import dialog, for ``path`` when a file was dropped."""
        from app.ui.imports import open_import_dialog

        dialog = open_import_dialog(self.context, self, path)
        dialog.sig_imported.connect(self.notify_data_changed)
        return dialog

    @Slot()
    def make_backup(self) -> Task | None:
        from app.ui.backup import start_backup

        return start_backup(self.context, self)

    @Slot()
    def open_import_history(self) -> QWidget:
        from app.ui.imports import open_history_dialog

        dialog = open_history_dialog(self.context, self)
        dialog.sig_undone.connect(self.notify_data_changed)
        return dialog

    @Slot()
    def notify_data_changed(self) -> None:
        """Tell the built pages their data changed: any widget in a page that offers
        ``mark_stale()`` is marked; one on screen that is still ``stale`` then gets ``refresh()``
        (hidden ones reload when shown)."""
        self.sig_data_changed.emit()
        self.badges.refresh()
        for page in self._pages.values():
            for widget in [page, *page.findChildren(QWidget)]:
                mark = getattr(widget, "mark_stale", None)
                if not callable(mark):
                    continue
                mark()
                refresh = getattr(widget, "refresh", None)
                if widget.isVisible() and getattr(widget, "stale", True) and callable(refresh):
                    refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._has_context and _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event) if self._has_context else None
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_import(path)

    # -- window state -----------------------------------------------------------------------

    def _restore_window(self) -> None:
        settings = self._window_settings
        geometry = settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if splitter:
            self.splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        settings = self._window_settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        key = self.current_module_key()
        if key:
            settings.setValue("window/last_page", key)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ping_timer.stop()
        self.badges.stop()
        self.save_window_state()
        super().closeEvent(event)


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local spreadsheet being dragged, if that is what it is."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    from app.ui.imports import is_importable

    path = Path(urls[0].toLocalFile())
    return path if is_importable(path) else None


def _separator() -> QLabel:
    label = QLabel("|")
    label.setStyleSheet("color: #b0b6bd; padding: 0 2px;")
    return label
