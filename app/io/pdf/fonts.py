"""The fonts every PDF of the program uses, registered once per process and embedded as subsets.

The 14 standard PDF fonts only know WinAnsi: no Ş, Đ, Ł, let alone Arabic. DejaVu Sans (shipped in
resources/fonts with its licence) covers Latin Extended A/B and Arabic Presentation Forms-B. It has
no Ethiopic script: Tigrinya (and Amharic, Tigre) is printed in Noto Sans Ethiopic, shipped beside it.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from app.errors import UserError
from app.resources import resource

REGULAR = "DoorlopendeLijn-Sans"
BOLD = "DoorlopendeLijn-Sans-Bold"
ETHIOPIC = "DoorlopendeLijn-Ethiopic"
ETHIOPIC_BOLD = "DoorlopendeLijn-Ethiopic-Bold"
FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ETHIOPIC: "NotoSansEthiopic-Regular.ttf",
    ETHIOPIC_BOLD: "NotoSansEthiopic-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab; cheap after the first call, safe from worker threads."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise UserError(
                    f"Het lettertype {filename} ontbreekt in de installatie ({path.parent}). "
                    "Installeer het programma opnieuw."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # No italic face is shipped: <i> in a paragraph falls back to the upright one.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        pdfmetrics.registerFontFamily(
            ETHIOPIC, normal=ETHIOPIC, bold=ETHIOPIC_BOLD, italic=ETHIOPIC, boldItalic=ETHIOPIC_BOLD
        )
        _registered = True


@lru_cache(maxsize=4)
def _code_points(font_name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def has_glyphs(text: str, font_name: str = REGULAR) -> bool:
    """Whether the font draws every character of ``text`` (spaces aside) instead of an empty box."""
    points = _code_points(font_name)
    return all(ord(ch) in points for ch in text if not ch.isspace())


def text_width(text: str, font_name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(text, font_name, size)
