"""Right-to-left names (Arabic script) for reportlab, which neither shapes nor reorders text itself.

A name is reshaped to its contextual presentation forms (arabic-reshaper) and put in visual order
(python-bidi), one line at a time so that wrapping never reverses the order of the lines. When the
font lacks a glyph, or a letter would stay unjoined, the name is not printed at all: a box or a row
of disconnected letters is worse than no Arabic name (the Latin spelling is always printed).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from app.io.pdf.fonts import has_glyphs, text_width

# Arabic writing needs these ligatures; the optional ones (e.g. a single glyph for "Mohammad") look
# odd in a name and are left out.
_REQUIRED_LIGATURES = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))


def _in_arabic_block(ch: str) -> bool:
    point = ord(ch)
    return any(low <= point <= high for low, high in _ARABIC_BLOCKS)


def is_arabic_letter(ch: str) -> bool:
    return _in_arabic_block(ch) and unicodedata.category(ch) == "Lo"


@lru_cache(maxsize=4)
def _reshaper(font_name: str) -> Any:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, Any] = {"delete_harakat": True, "support_ligatures": True}
    for name, (_sequence, forms) in LIGATURES:
        config[name] = name in _REQUIRED_LIGATURES and has_glyphs("".join(forms), font_name)
    return ArabicReshaper(configuration=config)


def _visual(logical: str, font_name: str) -> str | None:
    from bidi import get_display

    shaped = _reshaper(font_name).reshape(logical)
    # A letter still in the Arabic block was not given a joining form: it would print unjoined.
    if any(is_arabic_letter(ch) for ch in shaped) or not has_glyphs(shaped, font_name):
        return None
    return get_display(shaped, base_dir="R")


def rtl_lines(text: str, font_name: str, size: float, max_width: float) -> list[str] | None:
    """Visual-order lines of an Arabic-script name, each at most ``max_width`` wide, or None.

    None means: do not print it (no Arabic letters, a glyph the font lacks, or a single word wider
    than the column).
    """
    logical = unicodedata.normalize("NFC", " ".join(text.split()))
    if not any(is_arabic_letter(ch) for ch in logical):
        return None
    lines: list[str] = []
    current: list[str] = []
    for word in logical.split(" "):
        candidate = " ".join([*current, word])
        visual = _visual(candidate, font_name)
        if visual is None:
            return None
        if text_width(visual, font_name, size) <= max_width:
            current.append(word)
            continue
        if not current:
            return None
        done = _visual(" ".join(current), font_name)
        if done is None:  # pragma: no cover - the same words shaped fine a moment ago
            return None
        lines.append(done)
        current = [word]
        alone = _visual(word, font_name)
        if alone is None or text_width(alone, font_name, size) > max_width:
            return None
    if current:
        last = _visual(" ".join(current), font_name)
        if last is None:  # pragma: no cover
            return None
        lines.append(last)
    return lines
