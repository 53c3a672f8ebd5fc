"""Rows and columns of the matching view: one row per proposal, plus the counts of a run."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication

from app.domain.matching import Criterion, Proposal
from app.services.board.matching import MatchRun
from app.ui.widgets import ColumnSpec
from app.ui.widgets.formatting import format_value


def _t(text: str) -> str:
    return QCoreApplication.translate("MatchingTab", text)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    v_nummer: str
    household_gemeente: str
    persons: int | None
    dwelling: str
    dwelling_gemeente: str
    names: dict[str, str]

    @property
    def id(self) -> tuple[int, int]:
        return (self.proposal.household_id, self.proposal.dwelling_id)

    @property
    def cross(self) -> bool:
        return self.proposal.cross_municipality

    @property
    def score(self) -> float:
        return self.proposal.score


@dataclass(frozen=True)
class RunSummary:
    households: int
    dwellings: int
    proposals: int
    without_fit: int
    scope: str


def proposal_rows(run: MatchRun, persons: dict[int, int]) -> list[ProposalRow]:
    names = run.names
    return [
        ProposalRow(
            proposal=p,
            v_nummer=run.v_nummers.get(p.household_id, str(p.household_id)),
            household_gemeente=names.get(p.household_gemeente, p.household_gemeente),
            persons=persons.get(p.household_id),
            dwelling=run.dwelling_labels.get(p.dwelling_id, str(p.dwelling_id)),
            dwelling_gemeente=names.get(p.dwelling_gemeente, p.dwelling_gemeente),
            names=names,
        )
        for p in sorted(run.result.proposals, key=lambda p: -p.score)
    ]


def proposal_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("v_nummer", _t("V-nummer")),
        ColumnSpec("household_gemeente", _t("Gekoppeld aan")),
        ColumnSpec("persons", _t("Personen"), kind="int"),
        ColumnSpec("dwelling", _t("Woning")),
        ColumnSpec("dwelling_gemeente", _t("Woning in")),
        ColumnSpec("cross", _t("Uitruil"), kind="bool", tooltip=_t("Woning in een andere gemeente")),
        ColumnSpec("score", _t("Score"), kind="number", format=lambda v: f"{v:.2f}".replace(".", ",")),
    ]


def criterion_columns() -> list[ColumnSpec]:
    def num(value: float) -> str:
        return f"{value:.2f}".replace(".", ",")

    return [
        ColumnSpec("label_nl", _t("Criterium")),
        ColumnSpec("value", _t("Waarde"), kind="number", format=num),
        ColumnSpec("weight", _t("Gewicht"), kind="number", format=num),
        ColumnSpec("contribution", _t("Bijdrage"), kind="number", format=num),
        ColumnSpec("detail_nl", _t("Toelichting")),
    ]


_CODE = re.compile(r"\bGM\d{4}\b")


def criteria_of(row: ProposalRow) -> list[Criterion]:
    """The criteria, with CBS codes in the explanations replaced by the gemeente names."""

    def named(text: str) -> str:
        return _CODE.sub(lambda m: row.names.get(m.group(0), m.group(0)), text)

    return [replace(c, detail_nl=named(c.detail_nl)) for c in row.proposal.criteria]


def persons_text(n: int) -> str:
    return _t("1 persoon") if n == 1 else _t("{n} personen").format(n=n)


def summary_text(summary: RunSummary) -> str:
    return _t(
        "{scope}: {h} huishoudens en {d} woningen bekeken · {p} voorstellen · "
        "{n} huishoudens zonder passende woning"
    ).format(
        scope=summary.scope,
        h=format_value(summary.households),
        d=format_value(summary.dwellings),
        p=format_value(summary.proposals),
        n=format_value(summary.without_fit),
    )
