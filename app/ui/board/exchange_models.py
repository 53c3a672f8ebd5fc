"""Columns of the exchange tab's tables (posts, swaps, ledger) and what the actor may do with a row."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.db.models import SwapStatus
from app.domain.roles import Action, Area, is_allowed
from app.services.access import Actor
from app.services.board.posts import PostInfo
from app.services.board.swaps import SwapInfo
from app.ui.board.overview_model import AHEAD_BG, AHEAD_FG, BEHIND_BG, BEHIND_FG, BoardColumn, signed
from app.ui.widgets.formatting import format_value, local_zone
from app.ui.widgets.table import ColumnSpec

PROPOSED_BG = QColor("#fff4d6")  # soft amber: waiting for an answer
CLOSED_FG = QColor("#7b8794")


def _t(text: str) -> str:
    return QCoreApplication.translate("ExchangeTab", text)


def _day_only(agreed: str) -> str:
    """'cp-zeist, 25-08-2026 05:19' → 'cp-zeist, 25-08-2026' (the time is in the tooltip)."""
    return agreed.rsplit(" ", 1)[0] if agreed.count(" ") >= 2 else agreed


def _one_line(text: str) -> str:
    return " ".join(text.split())


def post_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("gemeente_name", _t("Gemeente")),
        ColumnSpec("kind", _t("Soort")),
        ColumnSpec("persons", _t("Pers."), "int", tooltip=_t("Aantal personen")),
        BoardColumn(
            lambda p: p.posted_by_name or p.posted_by,
            _t("Geplaatst door"),
            cell_tooltip=lambda p: _t("Inlognaam: {login}").format(login=p.posted_by),
        ),
        BoardColumn(
            lambda p: p.created_at.astimezone(local_zone()).date(),
            _t("Geplaatst op"),
            "date",
            cell_tooltip=lambda p: format_value(p.created_at),
        ),
        # The status before the text: the text is long and the last column, so it is what scrolls away.
        BoardColumn(
            lambda p: (
                _t("In behandeling (uitruil #{id})").format(id=p.in_progress_swap_id)
                if p.in_progress
                else _t("Open")
            ),
            _t("Status"),
        ),
        BoardColumn(lambda p: _one_line(p.text), _t("Bericht"), cell_tooltip=lambda p: p.text),
    ]


def _swap_bg(swap: SwapInfo) -> QColor | None:
    if swap.status is SwapStatus.VOORGESTELD:
        return PROPOSED_BG
    if swap.status is SwapStatus.AKKOORD:
        return AHEAD_BG
    return None


def _swap_fg(swap: SwapInfo) -> QColor | None:
    if swap.status in (SwapStatus.INGETROKKEN, SwapStatus.AFGEWEZEN):
        return CLOSED_FG
    return None


def outstanding_text(swap: SwapInfo) -> str:
    """Persons still to repay; only meaningful for an agreed swap that is not itself a repayment."""
    if swap.status is not SwapStatus.AKKOORD or swap.settles:
        return ""
    return str(swap.outstanding) if swap.outstanding else _t("vereffend")


def _status_tip(swap: SwapInfo) -> str:
    parts = [_t("Voorgesteld door {who}").format(who=swap.proposed_by_name or swap.proposed_by)]
    if swap.settles:
        parts.append(_t("Vereffent uitruil {ids}").format(ids=", ".join(f"#{i}" for i in swap.settles)))
    if swap.close_reason:
        parts.append(_t("Reden: {reason}").format(reason=swap.close_reason))
    return "\n".join(parts)


def swap_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("id", _t("Nr."), "int"),
        ColumnSpec("host_name", _t("Gastgemeente"), tooltip=_t("Huisvest de personen nu")),
        ColumnSpec(
            "owner_name",
            _t("Voor gemeente"),
            tooltip=_t("De personen tellen mee voor de taakstelling van deze gemeente"),
        ),
        ColumnSpec("persons", _t("Pers."), "int", tooltip=_t("Aantal personen")),
        # SwapListRow (app.services.board.views) carries it; '' for a swap of a number of persons.
        ColumnSpec(lambda s: getattr(s, "v_nummer", ""), _t("V-nummer"),
                   tooltip=_t("Het huishouden dat de uitruil betreft (leeg: alleen een aantal personen)")),
        ColumnSpec("period", _t("Periode")),
        BoardColumn(
            "status", _t("Status"), background=_swap_bg, foreground=_swap_fg, cell_tooltip=_status_tip
        ),
        BoardColumn(
            lambda s: _day_only(s.host_agreed),
            _t("Akkoord gastgemeente"),
            cell_tooltip=lambda s: s.host_agreed,
        ),
        BoardColumn(
            lambda s: _day_only(s.owner_agreed),
            _t("Akkoord andere gemeente"),
            cell_tooltip=lambda s: s.owner_agreed,
        ),
        BoardColumn(
            outstanding_text,
            _t("Te vereffenen"),
            "int",
            tooltip=_t("Personen die de andere gemeente de gastgemeente nog terug moet geven"),
        ),
        BoardColumn(
            lambda s: _one_line(s.note or s.close_reason),
            _t("Notitie"),
            foreground=_swap_fg,
            cell_tooltip=_status_tip,
        ),
    ]


def ledger_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("debtor_name", _t("Schuldenaar"), tooltip=_t("Moet nog personen huisvesten voor …")),
        ColumnSpec("creditor_name", _t("Schuldeiser"), tooltip=_t("… deze gemeente")),
        ColumnSpec("persons", _t("Pers."), "int"),
    ]


def _net_fg(row: object) -> QColor | None:
    net = getattr(row, "net", 0)
    return AHEAD_FG if net > 0 else BEHIND_FG if net < 0 else None


def _net_bg(row: object) -> QColor | None:
    net = getattr(row, "net", 0)
    return AHEAD_BG if net > 0 else BEHIND_BG if net < 0 else None


def balance_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", _t("Gemeente")),
        ColumnSpec(
            "owed_to", _t("Tegoed"), "int", tooltip=_t("Personen die anderen deze gemeente schuldig zijn")
        ),
        ColumnSpec(
            "owed_by", _t("Schuld"), "int", tooltip=_t("Personen die deze gemeente anderen schuldig is")
        ),
        BoardColumn("net", _t("Saldo"), "int", format=signed, foreground=_net_fg, background=_net_bg),
    ]


# -- what the actor may do ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rights:
    """What the acting user may do on the exchange board (the services check again)."""

    gemeente: str | None
    can_write: bool

    @classmethod
    def of(cls, actor: Actor) -> Rights:
        writes = bool(actor.gemeente_code) and (
            actor.system or is_allowed(actor.role, Action.CREATE, Area.BOARD, own_gemeente=True)
        )
        return cls(actor.gemeente_code, writes)

    def can_answer(self, post: PostInfo | None) -> bool:
        return (
            self.can_write
            and post is not None
            and post.gemeente_code != self.gemeente
            and not post.in_progress
        )

    def can_withdraw_post(self, post: PostInfo | None) -> bool:
        return self.can_write and post is not None and post.gemeente_code == self.gemeente

    def _open_party(self, swap: SwapInfo | None) -> bool:
        return (
            self.can_write
            and swap is not None
            and swap.status is SwapStatus.VOORGESTELD
            and self.gemeente in (swap.host_code, swap.owner_code)
        )

    def my_agreement(self, swap: SwapInfo) -> str:
        return swap.host_agreed if swap.host_code == self.gemeente else swap.owner_agreed

    def can_accept(self, swap: SwapInfo | None) -> bool:
        return self._open_party(swap) and not self.my_agreement(swap)  # type: ignore[arg-type]

    def can_decline(self, swap: SwapInfo | None) -> bool:
        return self.can_accept(swap)

    def can_withdraw(self, swap: SwapInfo | None) -> bool:
        return self._open_party(swap)
