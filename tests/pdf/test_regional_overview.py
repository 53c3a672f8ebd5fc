"""The printable regional overview: written from a small board (SQLite and PostgreSQL), landscape,
with every municipality's name, the print date, the stand-per time, the next COA check with its
days left, the forecast and the ledger; read back with pypdf as a reader would."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Gemeente
from app.domain.roles import Role
from app.domain.timefmt import local
from app.services.board.regional_overview import gather_regional_overview, next_check, regional_overview_pdf
from tests.db.board_fixtures import P1, P2, koppeling, setup_periods, taakstelling

TODAY = date(2017, 3, 1)  # in P1 (2017-H1): the next COA check is 1 April 2017


def _board(session: Session) -> None:
    periods = setup_periods(session)
    for code, persons in (("GM0355", 40), ("GM0344", 300), ("GM0312", 12)):
        taakstelling(session, code, periods[P1.code], persons)
        taakstelling(session, code, periods[P2.code], persons)
    koppeling(session, "GM0355", date(2017, 1, 10), 4, housed_on=date(2017, 2, 1))
    koppeling(session, "GM0344", date(2017, 1, 12), 5)


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages)
    return reader, " ".join(text.split())


def test_the_overview_is_written_landscape_with_names_and_dates(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _board(session)
    regio = make_actor(Role.REGIO_COORDINATOR)
    data, pages = regional_overview_pdf(session, regio, P1, today=TODAY, region="Regio Test")
    reader, text = _text(data)
    assert data.startswith(b"%PDF") and pages == len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
        assert round(float(page.mediabox.width)) == 842  # A4
    names = list(session.scalars(select(Gemeente.name).where(Gemeente.active)))
    assert len(names) == 16
    for name in names:
        assert name in text, name
    printed = local(datetime.now(UTC)).strftime("%d-%m-%Y")  # Amsterdam's date, as printed
    assert f"afgedrukt op {printed}" in text.lower()
    assert "stand per" in text
    assert "Volgende COA-peildatum: 01-04-2017 (over 31 dagen)" in text
    assert "80%-interval" in text and "Kans" in text
    assert "Grootboek uitruil" in text
    assert "Regio-overzicht huisvesting vergunninghouders · 1e helft 2017" in text


def test_the_parts_hold_the_figures(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _board(session)
    reader = make_actor(Role.ALLEEN_LEZEN, "GM0312")  # region figures: every role may print them
    now = datetime(2017, 3, 1, 9, 0, tzinfo=UTC)
    doc = gather_regional_overview(session, reader, P1, today=TODAY, now=now)
    zeist = next(b for b in doc.board if b.name == "Zeist")
    assert (zeist.taakstelling, zeist.housed) == (40, 4)
    assert [b.name for b in doc.board if b.own] == ["Bunnik"]  # the reader's own, in bold
    assert doc.check_date == date(2017, 4, 1) and doc.check_days_left == 31
    assert {c.name: c.needed for c in doc.check}["Utrecht"] == 300
    assert {c.name: c.linked for c in doc.check}["Utrecht"] == 5
    assert len(doc.forecast) == 16 and all(f.current.low <= f.current.high for f in doc.forecast)
    assert doc.printed_at.strftime("%H:%M") == "10:00"  # Amsterdam time
    assert doc.stand_per is not None and doc.ledger == []


def test_the_next_check_after_the_periods_own_is_in_the_next_period() -> None:
    assert next_check(P1, date(2017, 3, 31)) == (date(2017, 4, 1), P1)
    assert next_check(P1, date(2017, 4, 2)) == (date(2017, 10, 1), P2)
    assert next_check(P2, date(2017, 12, 1)) == (date(2018, 4, 1), P2.next())
