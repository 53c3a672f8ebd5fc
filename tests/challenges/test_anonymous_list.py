"""The anonymous candidate list for an employer: never a name (unless both agreed), V-nummer, BSN
or birth date in any cell; the employer's answers read back through the import move the
candidates (and refuse a "ja" without both consents); undo puts them back; the introduction letter
only with both consents. Both backends (``fresh_database``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from app.db.models import DossierMember
from app.db.session import Database
from app.domain.challenges import CandidateStatus, StopReason
from app.domain.roles import Role
from app.errors import UserError
from app.imports.history import undo_batch
from app.io.pdf.pack_model import Letterhead
from app.services.challenges import candidates as cs
from app.services.challenges.anonymous import ANSWER_LABEL, CODE_LABEL, REMARK_LABEL, export_anonymous_list
from app.services.challenges.introduction import write_introduction_letter
from tests.challenges.candidate_fixtures import DAY, challenge_with_pledges, profile
from tests.db.case_fixtures import family
from tests.directory.import_support import actor, run

ZEIST = "GM0355"
S = CandidateStatus
LATER = DAY + timedelta(days=7)
BSNS = ["111222333", "123456782", "987654321"]
STEP: dict[str, Any] = {"next_step": "Werkgever bellen", "next_due": LATER}


def _setup(db: Database) -> tuple[Any, dict[str, Any]]:
    who = actor(db, Role.CONSULENT, ZEIST, "cons-zeist")
    with db.unit_of_work() as s:
        dossier = family(s, who, children=(("Elif Özdemir", date(2004, 5, 4)),))
        members = [s.get(DossierMember, m.id) for m in dossier.members]
        for m, bsn in zip(members, BSNS, strict=True):
            assert m is not None
            m.bsn = bsn
            profile(s, who, m.id, experience_text="Kok in een restaurant")
        _c, [pledge] = challenge_with_pledges(s, ZEIST, pledges=[{"places": 3}])
        ids = []
        for n, m in enumerate(members):
            assert m is not None
            c = cs.propose(s, who, pledge.id, m.id, today=DAY, **STEP)
            c = cs.record_consent(s, who, c.id, c.version, "kandidaat", on=DAY, today=DAY)
            if n == 0:  # only the head: the consulent agreed too
                c = cs.record_consent(s, who, c.id, c.version, "consulent", on=DAY, today=DAY)
            c = cs.move_candidate(s, who, c.id, c.version, S.TOESTEMMING, today=DAY, **STEP)
            c = cs.move_candidate(s, who, c.id, c.version, S.BIJ_WERKGEVER, today=DAY, **STEP)
            ids.append(c.id)
        secrets = {
            "names": [m.name for m in members if m],
            "v": [dossier.v_nummer, *(m.v_nummer for m in members if m)],
            "bsn": BSNS,
            "birth": [m.birth_date for m in members if m],
        }
        return who, {"challenge": _c.id, "ids": ids, "secrets": secrets, "dossier": dossier.id}


def _cells(path: Path) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def _status(db: Database, who: Any, ids: list[int]) -> list[CandidateStatus]:
    with db.unit_of_work() as s:
        return [cs.get_candidate(s, who, i, today=DAY).status for i in ids]


def test_the_file_never_holds_a_name_v_nummer_or_bsn(fresh_database: Database, tmp_path: Path) -> None:
    who, w = _setup(fresh_database)
    path = tmp_path / "anoniem.xlsx"
    with fresh_database.unit_of_work() as s:
        assert export_anonymous_list(s, who, w["challenge"], path) == 3
    cells = _cells(path)
    text = " | ".join(str(c) for c in cells)
    head, *others = w["secrets"]["names"]
    assert head in text  # both agreed: the name may appear, and only then
    for name in others:
        for part in name.split():
            if part not in head.split():  # the family name is shared with the head
                assert part not in text
        assert name not in text
    for secret in [*w["secrets"]["v"], *w["secrets"]["bsn"]]:
        if secret:
            assert secret not in text
    for born in w["secrets"]["birth"]:
        assert born not in cells and born.strftime("%d-%m-%Y") not in text and born.isoformat() not in text
    assert [f"K-{i:04d}" for i in w["ids"]] == [c for c in cells if str(c).startswith("K-")]
    header = next(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert ANSWER_LABEL in header and REMARK_LABEL in header and CODE_LABEL in header


def _answer(path: Path, answers: dict[str, tuple[str, str]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    a, r = header.index(ANSWER_LABEL) + 1, header.index(REMARK_LABEL) + 1
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row, 1).value
        if code in answers:
            ws.cell(row, a).value, ws.cell(row, r).value = answers[code]
    wb.save(path)


def test_the_excel_round_trip_moves_candidates_and_undo_puts_them_back(
    fresh_database: Database, tmp_path: Path
) -> None:
    who, w = _setup(fresh_database)
    one, two, three = w["ids"]
    path = tmp_path / "antwoorden.xlsx"
    with fresh_database.unit_of_work() as s:
        export_anonymous_list(s, who, w["challenge"], path)
    _answer(
        path, {f"K-{one:04d}": ("ja", ""), f"K-{two:04d}": ("Ja", ""), f"K-{three:04d}": ("nee", "Past niet")}
    )
    preview = run(fresh_database, who, path, kind="werkgeversantwoorden", dry_run=True, today=DAY)
    assert preview.counts == {"new": 0, "changed": 2, "unchanged": 0, "error": 1}
    [bad] = [r for r in preview.rows if r.status == "error"]
    assert "toestemming" in bad.message() and "consulent" in bad.message()
    assert _status(fresh_database, who, w["ids"]) == [S.BIJ_WERKGEVER] * 3  # a preview saves nothing
    result = run(fresh_database, who, path, kind="werkgeversantwoorden", today=DAY)
    assert _status(fresh_database, who, w["ids"]) == [S.GESPREK, S.BIJ_WERKGEVER, S.GESTOPT]
    with fresh_database.unit_of_work() as s:
        stopped = cs.get_candidate(s, who, three, today=DAY)
        assert stopped.reason is StopReason.GEEN_GESPREK and stopped.reason_text == "Past niet"
        talk = cs.get_candidate(s, who, one, today=DAY)
        assert talk.next_due == DAY + timedelta(days=14) and talk.next_step
    with fresh_database.unit_of_work() as s:
        assert result.batch_id is not None
        undo_batch(s, who, result.batch_id)
    assert _status(fresh_database, who, w["ids"]) == [S.BIJ_WERKGEVER] * 3
    with fresh_database.unit_of_work() as s:
        back = cs.get_candidate(s, who, three, today=DAY)
        assert back.reason is None and back.next_step == STEP["next_step"] and back.next_due == LATER


def test_the_introduction_letter_needs_both_consents(fresh_database: Database, tmp_path: Path) -> None:
    who, w = _setup(fresh_database)
    head_name = w["secrets"]["names"][0]
    path = tmp_path / "voorstelling.pdf"
    letterhead = Letterhead("Gemeente Zeist", "Postbus 513\n3700 AM Zeist")
    with fresh_database.unit_of_work() as s:
        with pytest.raises(UserError, match="toestemming"):
            write_introduction_letter(s, who, w["ids"][1], path, today=DAY, letterhead=letterhead)
        assert not path.exists()
        assert write_introduction_letter(s, who, w["ids"][0], path, today=DAY, letterhead=letterhead) == 1
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert head_name in text and "Hotel De Linde" in text
    for secret in [*w["secrets"]["v"], *w["secrets"]["bsn"]]:
        if secret:
            assert secret not in text
