"""The cells of a directory sheet as people fill them in: languages, target groups, ages, kinds,
status, places and phone numbers (pure parsing, no database)."""

from __future__ import annotations

import pytest

from app.domain.directory import DEFAULT_KINDS
from app.imports.initiative_values import (
    CLEARED,
    AgeRange,
    age_text,
    clear_or,
    kind_parser,
    parse_age_cell,
    parse_group_cell,
    parse_language_cell,
    parse_phone_cell,
    parse_places_cell,
    parse_status_cell,
)
from app.io.excel.values import CellError


def test_languages_keep_the_interpreter_apart_and_name_what_is_unknown() -> None:
    parsed = parse_language_cell("Arabisch, Tigrinya, via tolk")
    assert parsed is not None and (parsed.codes, parsed.interpreter) == (("ar", "ti"), True)
    assert str(parsed) == "Arabisch, Tigrinya, via tolk"
    assert parse_language_cell("Engels / Dari en Farsi").codes == ("en", "prs", "fa")  # type: ignore[union-attr]
    assert parse_language_cell(None) is None
    with pytest.raises(CellError, match="'Klingon'"):
        parse_language_cell("Nederlands, Klingon")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("jeugd", ("kinderen", "jongeren")),
        ("Vrouwen en kinderen", ("vrouwen", "kinderen")),
        ("Kinderen (tot 12), Jongeren (12–23)", ("kinderen", "jongeren")),
        ("alle leeftijden", ("iedereen",)),
        ("senioren; nieuwkomers", ("ouderen", "statushouders")),
    ],
)
def test_target_groups_as_people_write_them(text: str, codes: tuple[str, ...]) -> None:
    assert parse_group_cell(text).codes == codes  # type: ignore[union-attr]


def test_an_unknown_target_group_is_named() -> None:
    with pytest.raises(CellError, match="'honden'"):
        parse_group_cell("volwassenen, honden")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("12-18 jaar", 12, 18), ("12 t/m 18", 12, 18), ("12 tot 18 jaar", 12, 18), ("vanaf 16", 16, None),
        ("16+", 16, None), ("18 jaar en ouder", 18, None), ("tot 12", None, 11), ("t/m 12 jaar", None, 12),
        ("alle leeftijden", None, None), (65, 65, 65),
    ],
)  # fmt: skip
def test_age_ranges(text: object, low: int | None, high: int | None) -> None:
    assert parse_age_cell(text) == AgeRange(low, high)


@pytest.mark.parametrize("text", ["300", "12-300", "18-12", "oud"])
def test_impossible_ages_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_age_cell(text)


def test_age_text_reads_back() -> None:
    for low, high in ((12, 18), (16, None), (None, 11), (None, None), (4, 4)):
        assert parse_age_cell(age_text(low, high) or None) in (AgeRange(low, high), None)


def test_kinds_by_code_label_or_everyday_word() -> None:
    parse = kind_parser(DEFAULT_KINDS)
    words = ("taalcafe", "Taalcafé", "taal café", "maatjes", "Juridisch spreekuur")
    codes = [parse(w).code for w in words]  # type: ignore[union-attr]
    assert codes == ["taalcafe", "taalcafe", "taalcafe", "buddy", "juridisch"]
    with pytest.raises(CellError, match="Kies uit: Taalmaatje"):
        parse("paardrijden")


def test_status_places_and_phone() -> None:
    assert parse_status_cell("Tijdelijk gestopt").code == "tijdelijk_gestopt"  # type: ignore[union-attr]
    assert parse_status_cell("opgeheven").code == "gestopt"  # type: ignore[union-attr]
    assert (parse_places_cell("vol"), parse_places_cell(4.0), parse_places_cell("1.200")) == (0, 4, 1200)
    with pytest.raises(CellError):
        parse_places_cell("veel")
    assert parse_phone_cell(301234567.0) == "0301234567" and parse_phone_cell("06-1234") == "06-1234"


def test_a_correction_cell_may_empty_a_field() -> None:
    parse = clear_or(parse_language_cell)
    assert parse("-") is CLEARED and parse("(leeg)") is CLEARED
    assert parse("Dari").codes == ("prs",)
    assert parse(None) is None
