"""The cover letter on the municipality's letterhead: the first page of every pack."""

from __future__ import annotations

import logging
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table

from app.domain.timefmt import date_text, local
from app.io.pdf.layout import ACCENT, CONTENT_WIDTH, bullet, cell_text, fit, para, styles, table_style
from app.io.pdf.pack_model import HandoverPack, Letterhead
from app.io.pdf.texts import KindTexts, gemeente_short, long_date

log = logging.getLogger(__name__)

LOGO_MAX_WIDTH = 55 * mm
LOGO_MAX_HEIGHT = 20 * mm


def _logo(letterhead: Letterhead) -> Flowable | None:
    """The logo scaled into its box, or None (no path, missing or unreadable file: the letter goes on)."""
    if not letterhead.logo_path:
        return None
    path = Path(letterhead.logo_path)
    if not path.is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(str(path)).getSize()
    except Exception:  # a broken image must not stop a print run
        log.warning("Logo %s kon niet gelezen worden; de brief wordt zonder logo gemaakt", path)
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(LOGO_MAX_WIDTH / width, LOGO_MAX_HEIGHT / height)
    image = Image(str(path), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def letterhead_block(letterhead: Letterhead) -> Table:
    s = styles()
    logo = _logo(letterhead)
    right = [para(letterhead.organisation, s.org_name)]
    if letterhead.address.strip():
        right.append(para(letterhead.address.strip(), s.org_address))
    logo_width = LOGO_MAX_WIDTH + 4 * mm
    table = Table(
        [[logo or "", right]],
        colWidths=[logo_width, CONTENT_WIDTH - logo_width],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
            ]
        ),
    )
    return table


def _address_block(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    lines = [para("Vertrouwelijk", s.small_muted), para(pack.receiver.organisation, s.body_bold)]
    if pack.receiver.person:
        lines.append(para(f"t.a.v. {pack.receiver.person}", s.body))
    return lines


def _meta_table(pack: HandoverPack) -> Table:
    rows = [
        ("Datum", long_date(local(pack.printed_at).date())),
        ("Kenmerk", pack.reference),
        ("Onderwerp", pack.title),
        ("Behandeld door", pack.printed_by),
    ]
    if pack.due_date:
        rows.append(("Graag afgerond vóór", date_text(pack.due_date)))
    return Table(
        [[label, fit(value, "cell", CONTENT_WIDTH - 38 * mm)] for label, value in rows],
        colWidths=[38 * mm, CONTENT_WIDTH - 38 * mm],
        style=table_style(
            [
                *cell_text("label", (0, 0), (0, -1)),
                *cell_text("cell", (1, 0), (1, -1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
        hAlign="LEFT",
    )


def _salutation(pack: HandoverPack) -> str:
    # "R. van den Berg, jeugdverpleegkundige": the function does not belong in the salutation.
    person = pack.receiver.person.split(",")[0].strip()
    return f"Geachte {person}," if person else "Geachte heer, mevrouw,"


def _household_sentence(pack: HandoverPack, texts: KindTexts) -> str:
    parts = []
    if texts.key == "jgz":
        count = len(pack.members)
        parts.append(f"Het gaat om {count} {'kind' if count == 1 else 'kinderen'}")
    else:
        size = pack.household_size or len(pack.members)
        parts.append(f"Het gaat om een huishouden van {size} {'persoon' if size == 1 else 'personen'}")
    if pack.v_nummer:
        parts.append(f" (V-nummer {pack.v_nummer})")
    if pack.moving_date and pack.address_after_move:
        parts.append(
            f", dat op {date_text(pack.moving_date)} verhuist naar {_one_line(pack.address_after_move)}"
        )
    elif pack.moving_date:
        parts.append(f", dat op {date_text(pack.moving_date)} verhuist")
    elif pack.address_after_move:
        parts.append(f", met als nieuw adres {_one_line(pack.address_after_move)}")
    return "".join(parts) + "."


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


def _contents(pack: HandoverPack, texts: KindTexts) -> list[str]:
    items = ["gegevens van de personen in deze overdracht"]
    if pack.checklist:
        items.append("de checklist voor deze overdracht")
    if texts.key == "risk":
        items.append("het risicosignaal: categorie, urgentie en opvolging")
    items += [
        "de contactpersonen aan beide kanten",
        "de verklaring over toestemming",
        "de ondertekening door afzender, ontvanger en cliënt",
        "een samenvatting in eenvoudige taal voor de cliënt (laatste pagina, om mee te geven)",
    ]
    return items


def cover_letter(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    s = styles()
    values = {"gemeente": gemeente_short(pack.gemeente_name), "receiver": pack.receiver.organisation}
    story: list[Flowable] = [letterhead_block(pack.letterhead), Spacer(1, 9 * mm)]
    story += _address_block(pack)
    story += [Spacer(1, 7 * mm), _meta_table(pack), Spacer(1, 7 * mm)]
    story.append(para(_salutation(pack), s.body))
    for paragraph in texts.intro:
        story.append(para(paragraph.format(**values), s.body))
    story.append(para(_household_sentence(pack, texts), s.body))
    story.append(para("In dit pakket vindt u:", s.body_bold))
    for item in _contents(pack, texts):
        story.append(bullet(item, s.bullet))
    story.append(Spacer(1, 3 * mm))
    due = f" vóór {date_text(pack.due_date)}" if pack.due_date else ""
    story.append(
        para(
            f"Wilt u de ontvangst{due} bevestigen? Vink daarvoor de checklist af, onderteken het formulier "
            "en stuur het terug naar de afzender. Heeft u vragen, neem dan contact op met een van de "
            "contactpersonen in dit pakket.",
            s.body,
        )
    )
    # The letter is kept on one page as a whole (see build.py), so the closing never stands alone.
    story += [
        Spacer(1, 1 * mm),
        para("Met vriendelijke groet,", s.body),
        Spacer(1, 5 * mm),
        para(pack.printed_by, s.body_bold),
        para(pack.letterhead.organisation, s.body),
    ]
    return story
