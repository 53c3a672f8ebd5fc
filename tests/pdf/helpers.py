"""Render packs to memory and read them back with pypdf, as a receiver's PDF reader would."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

from app.io.pdf.pack_model import HandoverPack
from app.io.pdf.packs import render_pack


@dataclass
class Rendered:
    pages: int  # what render_pack returned
    reader: PdfReader
    data: bytes

    def page_text(self, index: int) -> str:
        return unicodedata.normalize("NFC", self.reader.pages[index].extract_text())

    @property
    def texts(self) -> list[str]:
        return [self.page_text(i) for i in range(len(self.reader.pages))]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def flat(self, index: int | None = None) -> str:
        """Text with all whitespace collapsed: a sentence may wrap anywhere."""
        text = self.text if index is None else self.page_text(index)
        return " ".join(text.split())


def render(pack: HandoverPack) -> Rendered:
    buffer = io.BytesIO()
    pages = render_pack(pack, buffer)
    data = buffer.getvalue()
    return Rendered(pages, PdfReader(io.BytesIO(data)), data)


def fonts_of(reader: PdfReader) -> list[dict]:
    """Every font dictionary used on any page (descendant fonts resolved for composite fonts)."""
    found: dict[int, dict] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            found[id(font)] = font
            for descendant in font.get("/DescendantFonts") or []:
                sub = descendant.get_object()
                found[id(sub)] = sub
    return list(found.values())
