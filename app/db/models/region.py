"""Reference data of the region: municipalities and half-year periods."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Versioned
from app.domain.periods import Period


class Gemeente(Versioned, Base):
    __tablename__ = "gemeenten"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cbs_code: Mapped[str] = mapped_column(String(6), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    population: Mapped[int] = mapped_column(Integer, nullable=False)
    subregion: Mapped[str] = mapped_column(String(8), nullable=False, default="")  # U10 / U6
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The municipality's general number and address, for the pack's "Wie kunt u bellen?".
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="", server_default="")
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")

    __table_args__ = (CheckConstraint("population >= 0", name="population_not_negative"),)

    def __repr__(self) -> str:
        return f"<Gemeente {self.cbs_code} {self.name}>"


class PeriodRow(Versioned, Base):
    """A half year as a row, so taakstellingen and swaps can refer to it."""

    __tablename__ = "periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(7), unique=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    half: Mapped[int] = mapped_column(Integer, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)  # exclusive

    __table_args__ = (CheckConstraint("half IN (1, 2)", name="half_is_1_or_2"),)

    @property
    def period(self) -> Period:
        return Period(self.year, self.half)

    @classmethod
    def from_period(cls, period: Period) -> PeriodRow:
        return cls(
            code=period.code, year=period.year, half=period.half, start_date=period.start, end_date=period.end
        )
