"""Arabic-script names: joined and right-to-left, or not printed at all."""

from __future__ import annotations

import unicodedata
from datetime import date

from app.io.pdf.fonts import REGULAR
from app.io.pdf.pack_model import PackMember
from app.io.pdf.samples import sample_pack
from app.io.pdf.scripts import rtl_lines
from tests.pdf.helpers import render

SALAH = "صلاح الحسن"  # "Salah al-Hassan": sad-lam-alef-hah, alef-lam-hah-sin-nun


def _presentation_forms(text: str) -> str:
    return "".join(ch for ch in text if 0xFB50 <= ord(ch) <= 0xFEFF or ch == " ")


def _arabic_base_letters(text: str) -> list[str]:
    return [ch for ch in text if 0x0600 <= ord(ch) <= 0x08FF]


def _member(name: str, arabic: str) -> PackMember:
    return PackMember(name, date(1990, 5, 1), "Hoofdaanvrager", "Arabisch", True, name_arabic=arabic)


def test_arabic_name_is_printed_joined_and_in_visual_right_to_left_order() -> None:
    pdf = render(sample_pack("gca_huisarts", members=(_member("Salah al-Hassan", SALAH),)))
    text = pdf.page_text(1)
    assert "Salah al-Hassan" in text
    run = _presentation_forms(text).strip()
    # Contextual forms, not the isolated letters of the Arabic block: sad in its initial form, and
    # lam+alef as the required ligature (final form, joined to the sad).
    assert "\ufebb" in run and "\ufefc" in run
    assert not _arabic_base_letters(text)
    # pypdf, like a PDF reader copying text, turns a right-to-left run back into reading order: the
    # name comes back as typed only if it was drawn in visual order (right to left).
    assert unicodedata.normalize("NFKC", run) == SALAH


def test_the_drawn_line_is_in_visual_order() -> None:
    lines = rtl_lines(SALAH, REGULAR, 10.5, 200)
    assert lines is not None and len(lines) == 1
    drawn = lines[0]
    # Drawn left to right, so the last letter of the last word comes first ...
    assert drawn[0] == "\ufee6"  # nun, final form
    # ... and read from the right it is the name as typed.
    assert unicodedata.normalize("NFKC", drawn[::-1]) == SALAH


def test_arabic_name_with_a_letter_the_font_cannot_join_is_left_out() -> None:
    # U+08A0 (beh with small v below) has no presentation form: it would stand unjoined.
    odd = "\u08a0\u0644\u0627\u0644"
    pdf = render(sample_pack("gca_huisarts", members=(_member("Bilal Odd", odd),)))
    text = pdf.page_text(1)
    assert "Bilal Odd" in text
    assert not _arabic_base_letters(text)
    assert not _presentation_forms(text).strip()


def test_latin_text_in_the_arabic_field_is_not_printed_twice() -> None:
    assert rtl_lines("Salah al-Hassan", REGULAR, 10.5, 200) is None


def test_a_long_arabic_name_wraps_without_reversing_the_order_of_its_lines() -> None:
    name = "عبد الرحمن محمد عبد الله الحسن الشامي"
    lines = rtl_lines(name, REGULAR, 10.5, 90)
    assert lines is not None and len(lines) >= 2
    logical = [unicodedata.normalize("NFKC", line[::-1]) for line in lines]
    assert " ".join(logical) == name
    assert logical[0].startswith("عبد")


def test_a_single_word_too_wide_for_the_column_is_left_out() -> None:
    assert rtl_lines("عبدالرحمنمحمدعبداللهالحسن", REGULAR, 10.5, 20) is None
