"""Files out of the Initiatieven page: what was found to Excel, the newcomer guide as PDF, the HSDS
export and a verification round from Te controleren; each file read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from pypdf import PdfReader

from app.ui.context import AppContext
from app.ui.directory.page import DirectoryPage
from tests.directory.fixtures import ZEIST, gemeente_id
from tests.gui.directory.conftest import wait_task


def _page(qtbot: Any, context: AppContext) -> DirectoryPage:
    page = DirectoryPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitUntil(lambda: page.search.snapshot is not None, timeout=20_000)
    return page


def _sheet_names(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("Naam")
    names = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    book.close()
    return names


def test_found_initiatives_go_to_excel_and_the_guide_to_pdf(  # type: ignore[no-untyped-def]
    qtbot: Any, context: AppContext, three: dict[str, int], tmp_path: Path, fresh_database
) -> None:
    page = _page(qtbot, context)
    bar = page.search.filters
    bar.language.setCurrentIndex(bar.language.findData("ti"))
    qtbot.waitUntil(lambda: len(page.search.results.rows()) == 1, timeout=5_000)
    outputs = page.search.outputs
    target = tmp_path / "gevonden.xlsx"
    wait_task(qtbot, outputs.export_found(target))
    assert _sheet_names(target) == ["Voetbal voor iedereen"]  # what was found, not the whole directory

    with fresh_database.unit_of_work() as session:
        zeist = gemeente_id(session, ZEIST)
    guide = tmp_path / "gids.pdf"
    wait_task(qtbot, outputs.print_guide((zeist, "ar", "Zeist"), guide))
    text = "".join(p.extract_text() for p in PdfReader(guide).pages)
    assert "Taalcafé De Brug" in text and "Voetbal voor iedereen" in text  # own and open to the region
    assert text.index("Taalcafé De Brug") < text.index("Huiswerkklas Oost")  # Arabic first

    folder = tmp_path / "hsds"
    assert outputs.hsds_action is not None
    wait_task(qtbot, outputs.export_hsds(folder))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert (folder / "services.csv").is_file() and (folder / "organizations.csv").is_file()
    assert {"service", "organization"} <= {r["name"] for r in package["resources"]}


def test_a_verification_round_from_te_controleren(
    qtbot: Any, context: AppContext, three: dict[str, int], tmp_path: Path
) -> None:
    page = _page(qtbot, context)
    page.tabs.setCurrentWidget(page.check)
    check = page.check
    qtbot.waitUntil(lambda: check.data is not None, timeout=20_000)
    wait_task(qtbot, check.last_task)
    target = tmp_path / "ronde.xlsx"
    wait_task(qtbot, check.export_round(target))
    assert sorted(_sheet_names(target)) == ["Huiswerkklas Oost", "Taalcafé De Brug"]
    assert "Controleronde opgeslagen" in check.result.text()


def test_the_detail_shows_referral_counts_from_every_municipality(  # type: ignore[no-untyped-def]
    qtbot: Any, make_context, bunnik, three: dict[str, int], fresh_database
) -> None:
    """A Zeist referral to Bunnik's sport club: Bunnik's consulent sees that there is one, not who."""
    from datetime import date

    from app.domain.handover import ConsentMethod, ConsentStatus
    from app.services.directory import referrals as dr
    from tests.db.case_fixtures import family
    from tests.gui.directory.conftest import wait_task

    with fresh_database.unit_of_work() as session:
        from sqlalchemy import select

        from app.db.models import User
        from app.services.users import actor_for

        zeist = actor_for(session.scalars(select(User).where(User.login == "cp-zeist")).one())
        household = family(session, zeist, head="Amal Haddad")
        dr.refer(
            session, zeist, household.id, three["sport"], [household.members[0].id],
            consent=ConsentStatus.GEGEVEN, consent_on=date.today(), consent_method=ConsentMethod.IN_PERSON,
            today=date.today(),
        )  # fmt: skip
    page = _page(qtbot, make_context(bunnik))
    assert page.search.results.select(three["sport"])
    detail = page.search.detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data.info.id == three["sport"], timeout=20_000)
    wait_task(qtbot, detail.last_task)
    text = detail.fields.text()
    assert "1 doorverwijzing uit de hele regio: 1 voorgesteld" in text
    assert "Haddad" not in text and "Amal" not in text
