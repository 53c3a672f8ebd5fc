"""The regional exchange board: taakstellingen, koppelingen, vacant dwellings, swaps, posts and
rejected match proposals. Ledger and board figures are derived from these, never stored."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.region import Gemeente, PeriodRow


def _values(enum_cls: type) -> list[str]:
    return [member.value for member in enum_cls]  # type: ignore[attr-defined]


def _enum(enum_cls: type, name: str, length: int = 24) -> Enum:
    return Enum(enum_cls, name=name, native_enum=False, length=length, values_callable=_values)


class KoppelingStatus(StrEnum):
    GEKOPPELD = "gekoppeld"
    WONING_AANGEBODEN = "woning_aangeboden"
    GEHUISVEST = "gehuisvest"
    UITGERUILD = "uitgeruild"
    VERVALLEN = "vervallen"

    @property
    def label(self) -> str:
        return {
            "gekoppeld": "Gekoppeld",
            "woning_aangeboden": "Woning aangeboden",
            "gehuisvest": "Gehuisvest",
            "uitgeruild": "Uitgeruild",
            "vervallen": "Vervallen",
        }[self.value]


class DwellingStatus(StrEnum):
    BESCHIKBAAR = "beschikbaar"
    GERESERVEERD = "gereserveerd"
    TOEGEWEZEN = "toegewezen"
    VERLOPEN = "verlopen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class DwellingKind(StrEnum):
    EENGEZINSWONING = "eengezinswoning"
    APPARTEMENT = "appartement"
    KAMER = "kamer"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SwapStatus(StrEnum):
    VOORGESTELD = "voorgesteld"
    AKKOORD = "akkoord"
    INGETROKKEN = "ingetrokken"
    AFGEWEZEN = "afgewezen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PostKind(StrEnum):
    WONING_BESCHIKBAAR = "woning_beschikbaar"  # a dwelling we cannot fill
    HUISHOUDEN_ZOEKT = "huishouden_zoekt"  # a household we cannot house

    @property
    def label(self) -> str:
        return "Woning beschikbaar" if self is PostKind.WONING_BESCHIKBAAR else "Huishouden zoekt woning"


class PostStatus(StrEnum):
    OPEN = "open"
    AFGEHANDELD = "afgehandeld"
    INGETROKKEN = "ingetrokken"


class Taakstelling(Versioned, Base):
    __tablename__ = "taakstellingen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False)
    persons: Mapped[int] = mapped_column(Integer, nullable=False)
    # Backlog carried in, as set by the ministry/COA for the first period; later periods roll forward.
    backlog_in: Mapped[int | None] = mapped_column(Integer)
    # Where the numbers come from: "import", or what the regio-coördinator typed (a ministry letter).
    source: Mapped[str] = mapped_column(String(200), nullable=False, default="handmatig")

    gemeente: Mapped[Gemeente] = relationship()
    period: Mapped[PeriodRow] = relationship()

    __table_args__ = (
        UniqueConstraint("gemeente_id", "period_id", name="uq_taakstellingen_gemeente_period"),
        CheckConstraint("persons >= 0", name="persons_not_negative"),
    )


class Koppeling(Versioned, Base):
    """A household COA linked to a municipality. No nationality, religion or medical detail."""

    __tablename__ = "koppelingen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    v_nummer: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    linked_on: Mapped[date] = mapped_column(Date, nullable=False)
    persons: Mapped[int] = mapped_column(Integer, nullable=False)
    adults: Mapped[int] = mapped_column(Integer, nullable=False)
    children: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    languages: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    azc_location: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    azc_lat: Mapped[float | None] = mapped_column(Float)
    azc_lon: Mapped[float | None] = mapped_column(Float)
    expected_followers: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    needs_accessible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    needs_ground_floor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    medical_proximity: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # a flag only
    status: Mapped[KoppelingStatus] = mapped_column(
        _enum(KoppelingStatus, "koppeling_status"), nullable=False, default=KoppelingStatus.GEKOPPELD
    )
    offered_on: Mapped[date | None] = mapped_column(Date)  # a dwelling was offered (10-week deadline met)
    # Where and when the household actually moved in; the host differs from gemeente_id after a swap.
    housed_gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id"))
    housed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(1000), nullable=False, default="")

    gemeente: Mapped[Gemeente] = relationship(foreign_keys=[gemeente_id])
    housed_gemeente: Mapped[Gemeente | None] = relationship(foreign_keys=[housed_gemeente_id])

    __table_args__ = (
        CheckConstraint("persons >= 1 AND adults >= 1 AND children >= 0", name="household_size"),
        CheckConstraint("adults + children = persons", name="persons_add_up"),
        Index("ix_koppelingen_gemeente_status", "gemeente_id", "status"),
        Index("ix_koppelingen_housed", "housed_gemeente_id", "housed_on"),
        # Who is still waiting (housed_on IS NULL) or was housed after a date: the board's pending
        # figure and COA's check, without reading the whole table (revision 0021).
        Index("ix_koppelingen_housed_on", "housed_on"),
        Index("ix_koppelingen_linked_on", "linked_on"),
        Index("ix_koppelingen_status_linked_on", "status", "linked_on"),  # Vandaag's deadlines
    )


class Dwelling(Versioned, Base):
    """A vacant social-rent dwelling offered by a corporation."""

    __tablename__ = "dwellings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    corporation: Mapped[str] = mapped_column(String(80), nullable=False)
    reference: Mapped[str] = mapped_column(String(40), nullable=False)
    address: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    kind: Mapped[DwellingKind] = mapped_column(_enum(DwellingKind, "dwelling_kind"), nullable=False)
    bedrooms: Mapped[int] = mapped_column(Integer, nullable=False)
    max_occupants: Mapped[int] = mapped_column(Integer, nullable=False)
    rent: Mapped[float | None] = mapped_column(Numeric(8, 2, asdecimal=False))
    available_from: Mapped[date] = mapped_column(Date, nullable=False)
    accessible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    ground_floor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[DwellingStatus] = mapped_column(
        _enum(DwellingStatus, "dwelling_status"), nullable=False, default=DwellingStatus.BESCHIKBAAR
    )
    reserved_for_id: Mapped[int | None] = mapped_column(ForeignKey("koppelingen.id"))

    gemeente: Mapped[Gemeente] = relationship()

    __table_args__ = (
        UniqueConstraint("corporation", "reference", name="uq_dwellings_corporation_reference"),
        CheckConstraint("bedrooms >= 0 AND max_occupants >= 1", name="dwelling_size"),
        Index("ix_dwellings_gemeente_status", "gemeente_id", "status"),
        # A household is reserved (or housed) in one dwelling at a time (revision 0010).
        Index(
            "uq_dwellings_reserved_for_id",
            "reserved_for_id",
            unique=True,
            postgresql_where=text("reserved_for_id IS NOT NULL"),
            sqlite_where=text("reserved_for_id IS NOT NULL"),
        ),
    )


class SwapRow(Versioned, Base):
    """An uitruil: ``host`` houses persons now that count for ``owner``'s taakstelling."""

    __tablename__ = "swaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host_gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    owner_gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False)
    persons: Mapped[int] = mapped_column(Integer, nullable=False)
    koppeling_id: Mapped[int | None] = mapped_column(ForeignKey("koppelingen.id"))
    dwelling_id: Mapped[int | None] = mapped_column(ForeignKey("dwellings.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("board_posts.id"))
    settles_ids: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # "3,7": swaps repaid
    status: Mapped[SwapStatus] = mapped_column(
        _enum(SwapStatus, "swap_status"), nullable=False, default=SwapStatus.VOORGESTELD
    )
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    proposed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    host_agreed_by: Mapped[str | None] = mapped_column(String(64))
    host_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    owner_agreed_by: Mapped[str | None] = mapped_column(String(64))
    owner_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_side: Mapped[str | None] = mapped_column(String(8))
    close_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    host: Mapped[Gemeente] = relationship(foreign_keys=[host_gemeente_id])
    owner: Mapped[Gemeente] = relationship(foreign_keys=[owner_gemeente_id])
    period: Mapped[PeriodRow] = relationship()

    __table_args__ = (
        CheckConstraint("persons >= 1", name="persons_positive"),
        CheckConstraint("host_gemeente_id <> owner_gemeente_id", name="two_parties"),
        Index("ix_swaps_status", "status"),
    )


class BoardPost(Versioned, Base):
    """An offer or request on the board that other municipalities can answer with a swap proposal."""

    __tablename__ = "board_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    kind: Mapped[PostKind] = mapped_column(_enum(PostKind, "post_kind"), nullable=False)
    dwelling_id: Mapped[int | None] = mapped_column(ForeignKey("dwellings.id"))
    koppeling_id: Mapped[int | None] = mapped_column(ForeignKey("koppelingen.id"))
    persons: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    status: Mapped[PostStatus] = mapped_column(
        _enum(PostStatus, "post_status"), nullable=False, default=PostStatus.OPEN
    )
    posted_by: Mapped[str] = mapped_column(String(64), nullable=False)

    gemeente: Mapped[Gemeente] = relationship()


class MatchRejection(Base):
    """A proposal someone rejected, with the reason; later runs do not propose the pair again."""

    __tablename__ = "match_rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    koppeling_id: Mapped[int] = mapped_column(ForeignKey("koppelingen.id"), nullable=False)
    dwelling_id: Mapped[int] = mapped_column(ForeignKey("dwellings.id"), nullable=False)
    reason: Mapped[str] = mapped_column(String(500), nullable=False)
    rejected_by: Mapped[str] = mapped_column(String(64), nullable=False)
    rejected_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("koppeling_id", "dwelling_id", name="uq_match_rejections_pair"),)
