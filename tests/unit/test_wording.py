"""Counted words read as Dutch (issue 17): "1 bewoner", never "1 bewoners" or "slaapkamer(s)"; one
abbreviation for a bedroom; the access log viewer never shows "status=None"."""

from __future__ import annotations

from app.domain.handover import HandoverKind, due_rule_text
from app.domain.wording import BEDROOMS_SHORT, bedrooms_short, count, word


def test_singular_and_plural() -> None:
    assert count(1, "bewoner") == "1 bewoner" and count(4, "bewoner") == "4 bewoners"
    assert count(1, "slaapkamer") == "1 slaapkamer" and count(0, "slaapkamer") == "0 slaapkamers"
    assert count(1, "dag") == "1 dag" and count(1250, "persoon") == "1.250 personen"
    assert word(1, "week") == "week" and word(2, "week") == "weken"


def test_one_abbreviation_for_a_bedroom() -> None:
    assert BEDROOMS_SHORT == "slpk."
    assert bedrooms_short(3) == "3 slpk." and bedrooms_short(0) == "studio"


def test_texts_that_count_use_the_right_number() -> None:
    for kind in HandoverKind:
        assert "(s)" not in due_rule_text(kind) and " 1 dagen" not in due_rule_text(kind)


def test_the_matching_explanation_counts_correctly() -> None:
    from datetime import date

    from app.domain.matching import DwellingIn, HouseholdIn
    from app.domain.matching_explain import _constraints_met

    single = HouseholdIn(1, "GM0344", 1, 1, 0, False, False, date(2026, 1, 1), date(2026, 3, 1))
    flat = DwellingIn(1, "GM0344", 1, 1, False, False, date(2026, 1, 1), "appartement")
    lines = _constraints_met(single, flat, date(2026, 1, 1))
    text = " ".join(lines)
    assert "maximaal 1 bewoner" in text and "in 1 slaapkamer " in text
    assert "bewoners" not in text and "(s)" not in text


def test_the_access_log_viewer_leaves_out_unset_filters() -> None:
    from app.ui.admin.audit_tab import detail_text

    assert detail_text("status=None gemeente=None") == "—"
    assert detail_text("status=None gemeente=GM0344") == "gemeente=GM0344"
    assert detail_text("lijst=open") == "lijst=open" and detail_text(None) == ""
