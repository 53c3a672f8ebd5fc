"""Pure rules of the foundation: periods, identifiers, rights matrix, network-share refusal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.db.location import check_local_sqlite_path, is_network_path
from app.domain.identifiers import IdentifierError, normalize_bsn, normalize_gemeentecode, normalize_v_nummer
from app.domain.periods import Period, periods_between
from app.domain.roles import Action, Area, Role, is_allowed
from app.errors import DatabaseConfigError


def test_half_year_boundaries() -> None:
    assert Period.containing(date(2017, 6, 30)) == Period(2017, 1)
    assert Period.containing(date(2017, 7, 1)) == Period(2017, 2)
    assert Period.containing(date(2017, 12, 31)).next() == Period(2018, 1)
    assert Period(2017, 2).end == date(2018, 1, 1)
    assert Period.parse(" 2017 h2 ").code == "2017-H2"
    with pytest.raises(ValueError, match="geen geldige periode"):
        Period.parse("2017-H3")
    assert [p.code for p in periods_between(Period(2016, 2), Period(2017, 2))] == [
        "2016-H2",
        "2017-H1",
        "2017-H2",
    ]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2900, 12, 31)))
def test_every_day_is_in_exactly_one_period(day: date) -> None:
    period = Period.containing(day)
    assert period.contains(day)
    assert not period.next().contains(day) and not period.previous().contains(day)
    assert period.next().previous() == period


def test_bsn_eleven_check() -> None:
    assert normalize_bsn("111222333") == "111222333"
    assert normalize_bsn("1112.22.333") == "111222333"
    with pytest.raises(IdentifierError, match="elfproef"):
        normalize_bsn("111222334")
    with pytest.raises(IdentifierError, match="000000000"):
        normalize_bsn("000000000")


def test_v_nummer_and_gemeentecode() -> None:
    assert normalize_v_nummer("123456789") == "0123456789"
    assert normalize_v_nummer("123456789.0") == "0123456789"
    with pytest.raises(IdentifierError):
        normalize_v_nummer("12345678901")
    with pytest.raises(IdentifierError):
        normalize_v_nummer("12AB")
    assert normalize_gemeentecode("344") == "GM0344"
    assert normalize_gemeentecode("gm 1904") == "GM1904"


def test_dossiers_only_for_own_municipality_and_never_for_beheerder() -> None:
    assert is_allowed(Role.CONSULENT, Action.READ, Area.DOSSIER, own_gemeente=True)
    assert not is_allowed(Role.CONSULENT, Action.READ, Area.DOSSIER, own_gemeente=False)
    assert not is_allowed(Role.REGIO_COORDINATOR, Action.READ, Area.DOSSIER, own_gemeente=False)
    assert not is_allowed(Role.BEHEERDER, Action.READ, Area.DOSSIER, own_gemeente=True)
    assert not is_allowed(Role.ALLEEN_LEZEN, Action.UPDATE, Area.DOSSIER, own_gemeente=True)
    assert is_allowed(Role.ALLEEN_LEZEN, Action.READ, Area.REGION, own_gemeente=None)
    assert is_allowed(Role.BEHEERDER, Action.READ, Area.AUDIT, own_gemeente=None)
    assert not is_allowed(Role.REGIO_COORDINATOR, Action.READ, Area.AUDIT, own_gemeente=None)


@pytest.mark.parametrize("path", [r"\\fileserver\gedeeld\dl.db", "//fileserver/gedeeld/dl.db"])
def test_unc_paths_are_refused(path: str) -> None:
    with pytest.raises(DatabaseConfigError, match="netwerkschijf"):
        check_local_sqlite_path(path)


def test_mapped_network_drive_is_refused_on_windows() -> None:
    drive_types = {"H:\\": 4, "C:\\": 3}  # DRIVE_REMOTE, DRIVE_FIXED as GetDriveTypeW reports them
    probe = {"platform": "win32", "drive_type": lambda root: drive_types[root]}
    assert is_network_path(r"H:\data\dl.db", **probe)
    assert not is_network_path(r"C:\Users\jan\dl.db", **probe)


def test_network_mounts_are_refused_on_linux() -> None:
    mounts = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/share/local", "ext4"), ("/srv/nfs", "nfs4")]
    assert is_network_path("/mnt/share/dl.db", platform="linux", mounts=mounts)
    assert is_network_path("/srv/nfs/a/b.db", platform="linux", mounts=mounts)
    assert not is_network_path("/mnt/share/local/dl.db", platform="linux", mounts=mounts)
    assert not is_network_path("/home/jan/dl.db", platform="linux", mounts=mounts)


def test_make_engine_refuses_sqlite_on_a_share() -> None:
    from app.db.session import make_engine

    with pytest.raises(DatabaseConfigError, match="PostgreSQL"):
        make_engine(r"sqlite:///\\server\share\dl.db")
