"""The data pages of a pack: household, checklist, risk signal, contacts, consent and signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.timefmt import date_text
from app.io.pdf.fonts import REGULAR
from app.io.pdf.layout import (
    ACCENT,
    ALERT,
    ALERT_FILL,
    CONTENT_WIDTH,
    HEADER_FILL,
    RULE,
    ZEBRA,
    RtlLines,
    cell_text,
    fit,
    para,
    styles,
    table_style,
)
from app.io.pdf.pack_model import ConsentInfo, HandoverPack, PackMember
from app.io.pdf.scripts import rtl_lines
from app.io.pdf.texts import KindTexts

DASH = "—"
CELL_PAD = 5
ARABIC_SIZE = 10.5

MEMBER_COLUMNS = (50 * mm, 31 * mm, 30 * mm, CONTENT_WIDTH - 134 * mm, 23 * mm)
CHECK_COLUMNS = (9 * mm, CONTENT_WIDTH - 69 * mm, 25 * mm, 35 * mm)
LABEL_WIDTH = 45 * mm
SPLIT_ROOM = 55 * mm  # heading, header row and the first rows of a table that may split


def _grid_style(header: bool = True, zebra_rows: int = 0) -> list[tuple]:
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ]
    first = 1 if header else 0
    for row in range(first + 1, first + zebra_rows, 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    return commands


def section(title: str, *content: Flowable) -> KeepTogether:
    """A heading kept on the same page as its (short) content: the section moves to the next page whole."""
    return KeepTogether([Paragraph(title, styles().h2), _rule(), *content])


def long_section(title: str, *content: Flowable) -> list[Flowable]:
    """A section with a table that may run over a page: it starts here when there is room for the heading
    and the first rows, and continues with the header row repeated. Moving ten household members to
    the next page whole would leave half a page empty."""
    return [CondPageBreak(SPLIT_ROOM), Paragraph(title, styles().h2), _rule(), *content]


def _rule() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=0, spaceAfter=5)


def label_values(rows: list[tuple[str, str]], bold: tuple[str, ...] = (), fixed_labels: bool = True) -> Table:
    """Label/value rows; ``fixed_labels`` says the labels are our own short words."""
    value_width = CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PAD
    data = []
    style = [
        *_grid_style(header=False),
        *cell_text("cell", (1, 0), (1, -1)),
        *cell_text("label", (0, 0), (0, -1)),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]
    for row, (label, value) in enumerate(rows):
        kind = "bold" if label in bold else "cell"
        if kind == "bold":
            style += cell_text("bold", (1, row), (1, row))
        shown_label = label if fixed_labels else fit(label, "label", LABEL_WIDTH - CELL_PAD)
        data.append([shown_label, fit(value or DASH, kind, value_width)])
    return Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], style=table_style(style))


def data_heading(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    return [
        Paragraph("Overdrachtsgegevens", s.h1),
        para(f"{pack.title}  ·  {pack.reference}", s.small_muted),
        Spacer(1, 2 * mm),
    ]


def household(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    rows = [("V-nummer", pack.v_nummer)]
    if texts.shows_household_size and pack.household_size:
        size = pack.household_size
        rows.append(("Grootte huishouden", f"{size} {'persoon' if size == 1 else 'personen'}"))
    rows += [
        ("Verhuisdatum", date_text(pack.moving_date)),
        ("Adres na verhuizing", pack.address_after_move.strip()),
        ("Overdracht afgerond vóór", date_text(pack.due_date)),
    ]
    return [section("Huishouden", label_values(rows))]


def members(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    return long_section(texts.members_heading, members_table(pack.members))


def _inner(width: float) -> float:
    return width - 2 * CELL_PAD


def _name_cell(member: PackMember) -> str | Flowable | list[Flowable]:
    name = fit(member.name, "bold", _inner(MEMBER_COLUMNS[0]))
    if not member.name_arabic:
        return name
    lines = rtl_lines(member.name_arabic, REGULAR, ARABIC_SIZE, _inner(MEMBER_COLUMNS[0]))
    if not lines:
        return name
    latin = name if isinstance(name, Flowable) else para(member.name, styles().cell_bold)
    return [latin, RtlLines(lines, REGULAR, ARABIC_SIZE, ARABIC_SIZE * 1.45)]


def members_table(members: tuple[PackMember, ...]) -> Flowable:
    s = styles()
    if not members:
        return para("Er zijn geen personen in deze overdracht opgenomen.", s.body)
    rows: list[list] = [["Naam", "Geboortedatum", "Rol", "Talen", "Tolk nodig"]]
    style = [
        *_grid_style(zebra_rows=len(members)),
        *cell_text("cell", (0, 1), (-1, -1)),
        *cell_text("bold", (0, 1), (0, -1)),
        *cell_text("head", (0, 0), (-1, 0)),
    ]
    widths = [_inner(w) for w in MEMBER_COLUMNS]
    for row, member in enumerate(members, start=1):
        rows.append(
            [
                _name_cell(member),
                date_text(member.birth_date) or DASH,
                fit(member.role or DASH, "cell", widths[2]),
                fit(member.languages or DASH, "cell", widths[3]),
                "ja" if member.interpreter_needed else "nee",
            ]
        )
        if member.interpreter_needed:
            style += cell_text("bold", (4, row), (4, row))
    return Table(rows, colWidths=list(MEMBER_COLUMNS), repeatRows=1, style=table_style(style))


def checklist(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    if not pack.checklist:
        return []
    rows: list[list] = [["", "Onderdeel", "Gedaan op", "Door"]]
    for line in pack.checklist:
        rows.append(
            [
                "☑" if line.done else "☐",
                fit(line.text, "cell", _inner(CHECK_COLUMNS[1])),
                date_text(line.done_on) if line.done else "",
                fit(line.done_by, "cell", _inner(CHECK_COLUMNS[3])) if line.done else "",
            ]
        )
    style = [
        *_grid_style(zebra_rows=len(pack.checklist)),
        *cell_text("cell", (1, 1), (-1, -1)),
        *cell_text("head", (0, 0), (-1, 0)),
        *cell_text("box", (0, 1), (0, -1)),
        ("TOPPADDING", (0, 1), (0, -1), 2),
        ("RIGHTPADDING", (0, 0), (0, -1), 0),
    ]
    table = Table(rows, colWidths=list(CHECK_COLUMNS), repeatRows=1, style=table_style(style))
    note = para("Nog niet afgevinkte onderdelen vult de ontvanger in bij ontvangst.", s.small_muted)
    if len(pack.checklist) > 6:
        return long_section("Checklist", table, Spacer(1, 1.5 * mm), note)
    return [section("Checklist", table, Spacer(1, 1.5 * mm), note)]


def risk_signal(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    """Only in a risk-signal pack; category and urgency only, never the details behind them."""
    if texts.key != "risk":
        return []
    s = styles()
    signal = pack.risk_signal
    rows = [
        ("Categorie", signal.category if signal else ""),
        ("Urgentie", signal.urgency if signal else ""),
        ("Opvolging door", signal.follow_up_owner if signal else ""),
        ("Opvolgen vóór", date_text(signal.follow_up_date) if signal else ""),
    ]
    note = para(
        "Dit signaal bevat bewust geen medische of andere inhoudelijke details. Een toelichting geeft de "
        "afzender mondeling.",
        s.small_muted,
    )
    table = label_values(rows, bold=("Categorie", "Urgentie"))
    return [section("Risicosignaal", table, Spacer(1, 1.5 * mm), note)]


def _contact_cell(value: str, width: float) -> str | Flowable:
    """A long e-mail address breaks before the "@" rather than somewhere inside a word."""
    value = value.strip() or DASH
    user, at, domain = value.partition("@")
    if at and " " not in value and not isinstance(fit(value, "cell", width), str):
        return fit(f"{user}\n@{domain}", "cell", width)
    return fit(value, "cell", width)


def contacts(pack: HandoverPack) -> list[Flowable]:
    head = ["", "Afzender", "Ontvanger"]
    fields = (
        ("Organisatie", "organisation"),
        ("Contactpersoon", "person"),
        ("Telefoon", "phone"),
        ("E-mail", "email"),
    )
    rows: list[list] = [head]
    side = (CONTENT_WIDTH - 30 * mm) / 2
    for label, attr in fields:
        rows.append(
            [
                label,
                _contact_cell(getattr(pack.sender, attr), _inner(side)),
                _contact_cell(getattr(pack.receiver, attr), _inner(side)),
            ]
        )
    table = Table(
        rows,
        colWidths=[30 * mm, side, side],
        style=table_style(
            [
                *_grid_style(),
                *cell_text("cell", (1, 1), (-1, -1)),
                *cell_text("head", (0, 0), (-1, 0)),
                *cell_text("label", (0, 1), (0, -1)),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        ),
    )
    return [section("Contactpersonen", table)]


def _consent_box(lines: list[Flowable], alert: bool) -> Table:
    border = ALERT if alert else ACCENT
    return Table(
        [[lines]],
        colWidths=[CONTENT_WIDTH],
        style=table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.4 if alert else 0.8, border),
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_FILL if alert else HEADER_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )


def consent(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    info: ConsentInfo = pack.consent
    receiver = pack.receiver.organisation
    lines: list[Flowable]
    if info.given:
        when = f" op {date_text(info.date)}" if info.date else ""
        lines = [
            para("Toestemming gegeven", s.body_bold),
            para(
                f"De cliënt heeft{when} toestemming gegeven om de gegevens in dit pakket te delen met "
                f"{receiver}.",
                s.cell,
            ),
        ]
        if info.method:
            lines.append(para(f"Gevraagd: {info.method}", s.cell))
        if info.recorded_by:
            lines.append(para(f"Vastgelegd door: {info.recorded_by}", s.cell))
        lines.append(para(f"Reikwijdte: {info.scope or 'niet nader omschreven'}", s.cell))
        box = _consent_box(lines, alert=False)
    elif info.override_reason:
        lines = [
            para("LET OP: AFGEDRUKT ZONDER TOESTEMMING VAN DE CLIËNT", s.alert),
            para(f"Status toestemming: {info.status}.", s.cell),
            para(f"Reden om de gegevens toch te delen: {info.override_reason}", s.cell_bold),
        ]
        recorded = ", ".join(part for part in (info.recorded_by, date_text(info.date)) if part)
        lines.append(
            para(
                "Deze afwijking is met reden vastgelegd en in het toegangslogboek opgenomen"
                + (f" ({recorded})." if recorded else "."),
                s.cell,
            )
        )
        if info.scope:
            lines.append(para(f"Reikwijdte: {info.scope}", s.cell))
        box = _consent_box(lines, alert=True)
    else:
        lines = [
            para("GEEN TOESTEMMING VASTGELEGD", s.alert),
            para(f"Status toestemming: {info.status}. Deel deze gegevens niet zonder toestemming.", s.cell),
        ]
        box = _consent_box(lines, alert=True)
    return [section("Toestemming", box)]


def extra_and_notes(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if pack.extra:
        table = label_values(list(pack.extra.items()), fixed_labels=False)
        story.append(section("Aanvullende gegevens", table))
    if pack.notes.strip():
        story.append(section("Praktische opmerkingen", para(pack.notes.strip(), s.body)))
    return story


def signatures(pack: HandoverPack, texts: KindTexts) -> list[Flowable]:
    s = styles()
    client_name = "" if texts.key == "jgz" or not pack.members else pack.members[0].name
    parties = (
        ("Afzender", pack.sender.person),
        ("Ontvanger", pack.receiver.person),
        (texts.client_label, client_name),
    )
    gap = 7 * mm
    column = (CONTENT_WIDTH - 2 * gap) / 3
    blank = ""

    def row(cells: list) -> list:
        return [cells[0], blank, cells[1], blank, cells[2]]

    rows = [
        row([title for title, _ in parties]),
        row(["Naam"] * 3),
        row([fit(name, "cell", column) for _, name in parties]),
        row(["Datum"] * 3),
        row([blank] * 3),
        row(["Handtekening"] * 3),
        row([blank] * 3),
    ]
    style = [
        *cell_text("cell", (0, 2), (-1, 2)),
        *cell_text("head", (0, 0), (-1, 0)),
        *cell_text("label", (0, 1), (-1, 1)),
        *cell_text("label", (0, 3), (-1, 3)),
        *cell_text("label", (0, 5), (-1, 5)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 1), (-1, 1), 6),
        ("TOPPADDING", (0, 2), (-1, 2), 14),
        ("TOPPADDING", (0, 3), (-1, 3), 7),
        ("TOPPADDING", (0, 5), (-1, 5), 7),
    ]
    for col in (0, 2, 4):
        style += [
            ("LINEBELOW", (col, 0), (col, 0), 0.8, ACCENT),
            ("LINEBELOW", (col, 2), (col, 2), 0.5, RULE),
            ("LINEBELOW", (col, 4), (col, 4), 0.5, RULE),
            ("LINEBELOW", (col, 6), (col, 6), 0.5, RULE),
        ]
    # Empty rows leave room to write; a long name may still wrap onto a second line.
    heights = [None, None, None, None, 9 * mm, None, 20 * mm]
    table = Table(
        rows, colWidths=[column, gap, column, gap, column], rowHeights=heights, style=table_style(style)
    )
    intro = para(
        "Met hun handtekening bevestigen afzender en ontvanger de overdracht en de ontvangst; de cliënt "
        "bevestigt dat de overdracht met hem of haar is besproken.",
        s.small_muted,
    )
    return [section("Ondertekening", intro, Spacer(1, 2 * mm), table)]
