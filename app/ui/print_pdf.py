"""Print a PDF the program made on a real printer: the system print dialog, then every page rendered
with QtPdf (PySide6-Addons, already installed with PySide6) onto the printer.

The same PDF the user would save is what the printer gets, so a printed pack never differs from the
saved one. Pages are rendered at the printer's resolution, capped at 300 dpi: sharp on paper, and
an A4 page stays near 35 MB in memory however fine the printer claims to be.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

MAX_DPI = 300


class PrintError(Exception):
    """The PDF could not be read or the printer could not be started; the message is Dutch."""


def new_printer(*, landscape: bool = False) -> QPrinter:
    """A printer set up for our prints: A4 portrait (the regional overview: landscape), the user's
    default printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)  # the PDF has its own margins
    return printer


def print_dialog(printer: QPrinter, parent: QWidget | None, title: str) -> QPrintDialog:
    """The system print dialog for ``printer`` (not yet shown: call ``open()``)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Render the pages of ``pdf`` (the range chosen in the dialog, or all) onto ``printer``;
    returns how many pages went to it."""
    return print_pdfs([pdf], printer)


def print_pdfs(pdfs: list[Path], printer: QPrinter) -> int:
    """Render the pages of every PDF in ``pdfs``, one after the other, as ONE print job (a batch of
    packs comes out of the printer together, not interleaved with another user's job). A page range
    chosen in the dialog counts over the whole job. Returns how many pages went to the printer."""
    from PySide6.QtPdf import QPdfDocument

    documents = []
    try:
        for pdf in pdfs:
            document = QPdfDocument()
            documents.append(document)
            if document.load(str(pdf)) != QPdfDocument.Error.None_:
                raise PrintError(f"Het PDF-bestand {pdf.name} kon niet worden gelezen om af te drukken.")
        job = [(document, page) for document in documents for page in range(document.pageCount())]
        first = max(1, printer.fromPage() or 1)
        last = min(len(job), printer.toPage() or len(job))
        pages = job[first - 1 : last]
        if not pages:
            return 0
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                "De printer kon niet worden gestart. Kies een andere printer of probeer het opnieuw."
            )
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            target.moveTo(0, 0)
            for index, (document, page) in enumerate(pages):
                if index:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = document.render(page, size)
                painter.drawImage(_fit(target, image.width(), image.height()), image)
        finally:
            painter.end()
        return len(pages)
    finally:
        for document in documents:
            document.close()


def temporary_folder() -> Path:
    """A folder for the PDFs of one print, private to this user (mode 0700); remove it with
    ``remove_folder`` once printed: a printed PDF is not kept."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="dl-afdruk-"))


def remove_folder(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _fit(target: QRectF, width: int, height: int) -> QRectF:
    """The largest rectangle of the image's proportions inside ``target``, centred."""
    scale = min(target.width() / width, target.height() / height)
    w, h = width * scale, height * scale
    return QRectF(target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h)
