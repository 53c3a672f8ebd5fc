"""Print and mail: the briefing (participants, open places by kind, checklist), one invitation letter
per invited employer, and the mail-merge sheet, each read back."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.db.models import EmployerContact
from app.domain.challenges import CandidateStatus, PlaceKind
from app.domain.roles import Role
from app.errors import ValidationError
from app.services.challenges import challenges as sc
from app.services.challenges import prints
from tests.challenges.fixtures import candidates, challenge, employer, pledge
from tests.directory.fixtures import BUNNIK, ZEIST

SHOTS = os.environ.get("PLANNER_PDFS", "")


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")


def test_briefing_letters_and_mail_merge(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST, organisers=[BUNNIK])
    with pytest.raises(ValidationError):
        prints.invitations_pdf(session, cp, made.id)
    bakker = employer(session, ZEIST)
    bakker.address = "Industrieweg 4\n3704 AB Zeist"
    session.add(EmployerContact(employer_id=bakker.id, name="Sanne Bakker", email="sanne@korenbloem.nl"))
    garage = employer(session, BUNNIK, "Garage Van Dijk")
    sc.invite_employer(session, cp, made.id, bakker.id, today=date(2026, 2, 1))
    info = sc.invite_employer(session, cp, made.id, garage.id, today=date(2026, 2, 1))
    sc.set_participating(session, cp, info.employers[0].id, info.employers[0].version, True)
    sc.tick_check(session, cp, made.checks[0].id, made.checks[0].version, True, today=date(2026, 2, 2))
    p = pledge(session, cp, ZEIST, bakker.id, made.id, places=5)
    pledge(session, cp, ZEIST, bakker.id, made.id, places=2, kind=PlaceKind.TAALSTAGE)
    candidates(session, make_actor(Role.CONSULENT, BUNNIK), BUNNIK, p.id, [CandidateStatus.GESTART])

    data, pages = prints.briefing_pdf(session, cp, made.id, today=date(2026, 2, 3))
    text = _text(data)
    assert pages == 1
    assert "Briefing: Challenge Zorg en Techniek" in text and "donderdag 12 maart 2026, 14:00–17:00" in text
    assert "Bakkerij De Korenbloem ja 01-02-2026 7 1" in text
    assert "Garage Van Dijk nog geen antwoord 01-02-2026 0 0" in text
    assert "Werkervaringsplek 5 1 4" in text and "Taalstage 2 0 2" in text and "Totaal 7 1 6" in text
    assert "☑ Locatie vastgelegd (gedaan: Test Gebruiker, 02-02-2026)" in text
    assert "Özdemir" not in text  # the candidate is counted, never named

    letters, pages = prints.invitations_pdf(session, cp, made.id, today=date(2026, 2, 3))
    reader = PdfReader(io.BytesIO(letters))
    assert pages == len(reader.pages) == 2
    first, second = (page.extract_text().replace("\n", " ") for page in reader.pages)
    assert "Beste Sanne Bakker," in first and "3704 AB Zeist" in first
    assert "Garage Van Dijk" in second and "Geachte heer, mevrouw," in second

    path = tmp_path / "uitnodigingen.xlsx"
    assert prints.invitations_xlsx(session, cp, made.id, path) == 2
    sheet = load_workbook(path).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Werkgever")
    assert rows[head][:3] == ["Werkgever", "Contactpersoon", "E-mail"]
    assert rows[head + 1][:3] == ["Bakkerij De Korenbloem", "Sanne Bakker", "sanne@korenbloem.nl"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SHOTS) / "briefing.pdf").write_bytes(data)
        (Path(SHOTS) / "uitnodigingen.pdf").write_bytes(letters)
