"""PostgreSQL connections are encrypted and the server checked (verify-full) unless the user chose
otherwise; each TLS failure gets a Dutch sentence saying what to do; without a keyring the password
is asked, never put in an environment variable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backends import fail
from sqlalchemy import make_url

from app.auth.signin import describe_connection_error
from app.bootstrap import open_database
from app.config import Settings, load_settings, save_settings, settings_path
from app.db.session import postgres_url, tls_warning
from app.secrets import get_password


def test_the_default_is_encrypted_and_checked_against_the_trusted_roots() -> None:
    pg = Settings().postgres
    assert pg.sslmode == "verify-full"
    query = postgres_url(pg).query
    assert query["sslmode"] == "verify-full"
    roots = str(query["sslrootcert"])  # the system's CA bundle (or libpq's "system")
    assert roots == "system" or Path(roots).is_file()
    chosen = Settings().with_postgres(sslrootcert="/etc/regio-ca.pem").postgres
    assert postgres_url(chosen).query == {"sslmode": "verify-full", "sslrootcert": "/etc/regio-ca.pem"}
    plain = Settings().with_postgres(sslmode="disable").postgres
    assert postgres_url(plain).query == {"sslmode": "disable"}


def test_an_old_prefer_setting_becomes_verify_full_but_a_chosen_mode_stays() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[database]\nbackend = postgresql\n[postgresql]\nhost = db\nsslmode = prefer\n", "utf-8")
    assert load_settings().postgres.sslmode == "verify-full"  # prefer was the old default, not a choice
    for chosen in ("disable", "require", "verify-ca"):
        save_settings(Settings().with_postgres(host="db", sslmode=chosen))
        assert load_settings().postgres.sslmode == chosen


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sslmode=verify-full", None),
        ("sslmode=verify-ca", "servernaam in het certificaat wordt niet gecontroleerd"),
        ("sslmode=require", "versleuteld, maar de server is niet gecontroleerd"),
        ("sslmode=disable", "niet versleuteld"),
        ("", "mogelijk niet versleuteld"),  # libpq's own default (prefer), e.g. from --db
    ],
)
def test_the_status_bar_warning_names_what_is_weaker(query: str, expected: str | None) -> None:
    warning = tls_warning(f"postgresql+psycopg://jan@db.regio.local/dl?{query}")
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and expected in warning and warning.startswith("Let op:")


def test_no_warning_for_sqlite_or_a_local_socket() -> None:
    assert tls_warning("sqlite+pysqlite:///dl.db") is None
    assert tls_warning("postgresql+psycopg://jan@/dl?host=/var/run/postgresql&sslmode=disable") is None


URL = make_url("postgresql+psycopg://jan@db.regio.local:5432/dl?sslmode=verify-full")
LIBPQ = 'connection to server at "10.0.0.5", port 5432 failed: '


@pytest.mark.parametrize(
    ("libpq", "expected"),
    [
        ("server does not support SSL, but SSL was required",
         "biedt geen versleutelde verbinding aan"),
        ('root certificate file "/home/jan/.postgresql/root.crt" does not exist\nEither provide the file, '
         "use the system's trusted roots with sslrootcert=system, or change sslmode to disable server "
         "certificate verification.", "bij 'CA-certificaat' het certificaatbestand"),
        ('server certificate for "pg01.regio.local" does not match host name "db.regio.local"',
         "hoort niet bij de naam 'db.regio.local'"),
        ("SSL error: certificate verify failed", "niet ondertekend door het gekozen CA-certificaat"),
        ("SSL error: certificate has expired", "is verlopen"),
        ('no pg_hba.conf entry for host "10.0.0.9", user "jan", database "dl", no encryption',
         "accepteert alleen versleutelde verbindingen"),
    ],
)  # fmt: skip
def test_each_tls_failure_says_what_to_do(libpq: str, expected: str) -> None:
    text = describe_connection_error(psycopg.OperationalError(LIBPQ + libpq), URL)
    first, detail = text.split("\nTechnische melding: ")
    assert expected in first
    assert "Databaseverbinding" in first or "beheerder" in first  # where to go, or whom to ask
    assert detail == (LIBPQ + libpq).splitlines()[0]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A Linux desktop without Secret Service: keyring's 'fail' backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_password_is_asked_not_put_in_the_environment(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    assert get_password("jan@db:5432/dl") is None  # "nothing kept" rather than an error
    settings = Settings().with_postgres(host="db.regio.local", database="dl", user="jan")
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "Geheim-1234"

    db = open_database(settings, ask_password=ask)
    try:
        assert asked == ["Wachtwoord voor jan op db.regio.local/dl: "]
        assert db.url.password == "Geheim-1234"
        assert "Geheim-1234" not in os.environ.values()
        assert "PGPASSWORD" not in os.environ
    finally:
        db.dispose()


def test_pg_dump_gets_the_password_in_a_private_file_not_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.db.backup import _pg_call

    monkeypatch.setenv("PGPASSWORD", "oud-en-verkeerd")
    monkeypatch.setenv("DOORLOPENDE_LIJN_DB_URL", "postgresql://jan:Ge:heim@db/dl")  # from --db
    url = make_url("postgresql+psycopg://jan:Ge:heim\\1@db.regio.local/dl?sslmode=verify-full")
    with _pg_call(url) as (conninfo, env):
        assert "Ge:heim" not in conninfo and "PGPASSWORD" not in env
        assert not any("Ge:heim" in value for value in env.values())
        passfile = Path(env["PGPASSFILE"])
        assert passfile.read_text("utf-8") == "*:*:*:*:Ge\\:heim\\\\1\n"  # libpq's escapes for : and \
        if os.name == "posix":
            assert passfile.stat().st_mode & 0o777 == 0o600
    assert not passfile.exists()  # gone once pg_dump is done


def test_a_url_without_sslmode_gets_verify_full_unless_the_server_is_on_this_computer() -> None:
    from app.db.session import Database

    remote = Database("postgresql+psycopg://jan:geheim@db.regio.local/dl")  # never connects here
    chosen = Database("postgresql+psycopg://jan@db.regio.local/dl?sslmode=require")
    local = Database("postgresql+psycopg://jan@127.0.0.1:5432/dl")
    try:
        assert remote.url.query["sslmode"] == "verify-full"
        assert tls_warning(remote.url) is None
        assert chosen.url.query["sslmode"] == "require"  # written in the URL: an explicit choice
        assert tls_warning(chosen.url) == (
            "Let op: de verbinding is versleuteld, maar de server is niet gecontroleerd."
        )
        assert "sslmode" not in local.url.query and tls_warning(local.url) is None
    finally:
        for db in (remote, chosen, local):
            db.dispose()


def test_the_gui_keeps_a_db_url_out_of_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    import app.__main__ as entry
    from app import config

    seen: dict[str, object] = {}

    def fake_gui() -> int:  # what the GUI would read at start
        seen["url"] = config.env_database_url()
        seen["environ"] = os.environ.get(config.ENV_DB_URL)
        return 0

    monkeypatch.delenv(config.ENV_DB_URL, raising=False)
    monkeypatch.setattr(entry, "display_problem", lambda: None)
    monkeypatch.setattr("app.ui.app.run_gui", fake_gui)
    try:
        assert entry.main(["--db", "postgresql+psycopg://jan:geheim@db.regio.local/dl"]) == 0
    finally:
        config.set_database_url_override(None)
    assert seen == {"url": "postgresql+psycopg://jan:geheim@db.regio.local/dl", "environ": None}
