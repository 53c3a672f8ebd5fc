"""The last page of a pack: a summary for the client in plain Dutch (B1), to hand over or send along.

Short sentences, "u", what happens next and whom to call. Nothing the client could not be told.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table

from app.domain.timefmt import date_text
from app.io.pdf.fonts import text_width
from app.io.pdf.layout import ACCENT, CONTENT_WIDTH, RULE, bullet, para, styles, table_style
from app.io.pdf.pack_model import Contact, HandoverPack
from app.io.pdf.texts import KindTexts, gemeente_short

ORG_WIDTH = 62 * mm


def _names(pack: HandoverPack, texts: KindTexts) -> str:
    names = [m.name for m in pack.members]
    if not names:
        return ""
    if len(names) > 4:  # a long list of names is hard to read; the household is clear enough
        return f"Voor: {names[0]} en {len(names) - 1} gezinsleden"
    if texts.key == "jgz":
        return ("Voor uw kind: " if len(names) == 1 else "Voor uw kinderen: ") + ", ".join(names)
    return "Voor: " + ", ".join(names)


def _next_steps(pack: HandoverPack, texts: KindTexts, values: dict[str, str]) -> list[str]:
    steps = []
    if pack.moving_date:
        steps.append(f"U verhuist op {date_text(pack.moving_date)}.")
    address = ", ".join(line.strip() for line in pack.address_after_move.splitlines() if line.strip())
    if address:
        steps.append(f"Uw nieuwe adres is: {address}.")
    if pack.due_date:
        steps.append(f"De overdracht is klaar vóór {date_text(pack.due_date)}.")
    steps += [step.format(**values) for step in texts.client_next]
    return steps


def _consent_text(pack: HandoverPack, texts: KindTexts) -> list[str]:
    receiver = pack.receiver.organisation
    whose = "de gegevens van uw kind" if texts.key == "jgz" else "uw gegevens"
    if pack.consent.given:
        when = f" op {date_text(pack.consent.date)}" if pack.consent.date else ""
        return [
            f"U gaf{when} toestemming om {whose} te delen met {receiver}.",
            "U mag die toestemming altijd intrekken. Zeg dat dan tegen uw contactpersoon.",
        ]
    return [
        f"U heeft geen toestemming gegeven om {whose} te delen.",
        f"Toch krijgt {receiver} deze gegevens. Daar is een reden voor.",
        "Wilt u weten waarom? Vraag het aan uw contactpersoon bij de gemeente.",
    ]


def _contact_lines(contact: Contact, width: float) -> str:
    parts = [contact.person, contact.phone]
    email = contact.email.strip()
    style = styles().client_body
    if email and "@" in email and text_width(email, style.fontName, style.fontSize) > width:
        user, _, domain = email.partition("@")
        email = f"{user}\n@{domain}"  # break before the "@", not inside a word
    parts.append(email)
    return "\n".join(part for part in parts if part)


def _lines(contact: Contact, width: float) -> Paragraph:
    return para(_contact_lines(contact, width) or "—", styles().client_body)


def _gemeente_contact(pack: HandoverPack) -> Contact:
    """The person who printed the pack with their own number, then the municipality's general
    number and address, so the client can call someone even when that person is away."""
    person = pack.printed_by
    if pack.printed_by_phone:
        person = f"{person}, tel. {pack.printed_by_phone}" if person else f"tel. {pack.printed_by_phone}"
    general = f"Algemeen nummer: {pack.gemeente_phone}" if pack.gemeente_phone else ""
    return Contact(pack.gemeente_name, person, general, pack.gemeente_email)


def _who_to_call(pack: HandoverPack, values: dict[str, str]) -> Table:
    s = styles()
    width = CONTENT_WIDTH - ORG_WIDTH - 6
    rows = [[para(pack.receiver.organisation, s.client_bold), _lines(pack.receiver, width)]]
    if _contact_lines(pack.sender, width):  # a sender without a name or number is no help to call
        rows.append([para(pack.sender.organisation, s.client_bold), _lines(pack.sender, width)])
    gemeente = para(f"Gemeente {values['gemeente']}", s.client_bold)
    rows.append([gemeente, _lines(_gemeente_contact(pack), width)])
    return Table(
        rows,
        colWidths=[ORG_WIDTH, CONTENT_WIDTH - ORG_WIDTH],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ]
        ),
    )


def client_summary(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    s = styles()
    values = {"gemeente": gemeente_short(pack.gemeente_name), "receiver": pack.receiver.organisation}
    story: list[Flowable] = [
        Paragraph("Samenvatting voor u", s.client_h1),
        para(f"{pack.title}  ·  {pack.reference}", s.small_muted),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=4, spaceAfter=8),
    ]
    names = _names(pack, texts)
    if names:
        story.append(para(names, s.client_bold))
    story.append(para(texts.client_what.format(**values), s.client_body))
    story.append(Paragraph("Wat gebeurt er nu?", s.client_h2))
    story += [bullet(step, s.client_bullet) for step in _next_steps(pack, texts, values)]
    story.append(Paragraph("Uw toestemming", s.client_h2))
    story.append(para(" ".join(_consent_text(pack, texts)), s.client_body))
    story.append(Paragraph("Wie kunt u bellen?", s.client_h2))
    story.append(_who_to_call(pack, values))
    if any(member.interpreter_needed for member in pack.members):
        story += [Spacer(1, 3 * mm), para("Heeft u een tolk nodig? Zeg dat als u belt.", s.client_body)]
    story += [Spacer(1, 4 * mm), para("Bewaar dit papier goed.", s.client_body)]
    return story
