"""Demo data: synthetic, deterministic, a real region's size, only into an empty database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.db.models import Dwelling, Gemeente, Koppeling, SwapRow, Taakstelling, User
from app.db.session import Database
from app.demo.fill import DemoAlreadyLoaded, fill_demo
from app.services.access import Actor

TODAY = date(2026, 11, 23)


def _fingerprint(db: Database) -> tuple:  # type: ignore[type-arg]
    with db.unit_of_work() as s:
        return (
            s.scalar(select(func.count()).select_from(Koppeling)),
            s.scalar(select(func.sum(Koppeling.persons))),
            tuple(s.scalars(select(Koppeling.v_nummer).order_by(Koppeling.id).limit(5))),
            s.scalar(select(func.count()).select_from(Dwelling)),
        )


def test_demo_fills_a_region_deterministically(fresh_database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with fresh_database.unit_of_work() as s:
        report = fill_demo(s, Actor.system_actor("demo"), login="tester", today=TODAY)
    assert report["koppelingen"] > 2000  # thousands of households over six half years
    with fresh_database.unit_of_work() as s:
        per_gemeente = dict(
            s.execute(
                select(Gemeente.cbs_code, func.count(Koppeling.id))
                .join(Koppeling, Koppeling.gemeente_id == Gemeente.id)
                .group_by(Gemeente.cbs_code)
            ).all()
        )
        assert len(per_gemeente) == 16 and min(per_gemeente.values()) >= 20
        # Taakstellingen naar rato: Utrecht (343,000 inhabitants) gets far more than Oudewater (10,100).
        taak = dict(
            s.execute(
                select(Gemeente.cbs_code, func.sum(Taakstelling.persons))
                .join(Taakstelling)
                .group_by(Gemeente.cbs_code)
            ).all()
        )
        assert 30 < taak["GM0344"] / taak["GM0589"] < 37
        assert s.scalar(select(func.count()).select_from(SwapRow)) >= 5
        tester = s.scalar(select(User).where(User.login == "tester"))
        assert tester is not None and tester.gemeente.cbs_code == "GM0344"
    with pytest.raises(DemoAlreadyLoaded), fresh_database.unit_of_work() as s:
        fill_demo(s, Actor.system_actor("demo"), today=TODAY)

    # The same seed on another database gives the same data.
    from app.bootstrap import prepare

    other = Database(f"sqlite+pysqlite:///{tmp_path / 'other.db'}")
    prepare(other)
    with other.unit_of_work() as s:
        fill_demo(s, Actor.system_actor("demo"), login="tester", today=TODAY)
    assert _fingerprint(other) == _fingerprint(fresh_database)
    other.dispose()
