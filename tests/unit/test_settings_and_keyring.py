"""Connection settings are saved without the password; the password lives in the OS keyring."""

from __future__ import annotations

import pytest

from app.bootstrap import open_database
from app.config import Settings, load_settings, save_settings, settings_path
from app.db.session import describe_url, url_from_settings
from app.secrets import SERVICE, get_password, set_password
from tests.conftest import MemoryKeyring


def test_password_goes_to_keyring_not_to_the_settings_file(memory_keyring: MemoryKeyring) -> None:
    settings = Settings().with_postgres(
        host="db.regio.local", port=5433, database="dl", user="jan", sslmode="require"
    )
    save_settings(settings)
    set_password(settings.postgres.keyring_account, "geheim-Ww1")

    text = settings_path().read_text(encoding="utf-8")
    assert "db.regio.local" in text and "require" in text
    assert "geheim" not in text
    assert memory_keyring.store[(SERVICE, "jan@db.regio.local:5433/dl")] == "geheim-Ww1"

    loaded = load_settings()
    assert loaded == settings
    assert get_password(loaded.postgres.keyring_account) == "geheim-Ww1"


def test_open_database_takes_the_password_from_the_keyring(memory_keyring: MemoryKeyring) -> None:
    settings = Settings().with_postgres(
        host="127.0.0.1", database="dl", user="jan", sslrootcert="/etc/ca.pem"
    )
    set_password(settings.postgres.keyring_account, "s3cret")
    db = open_database(settings)
    assert db.url.password == "s3cret"
    assert db.url.query == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}
    assert describe_url(db.url) == "PostgreSQL: jan@127.0.0.1:5432/dl"
    assert "s3cret" not in db.description
    db.dispose()


def test_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOORLOPENDE_LIJN_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert url_from_settings(Settings().with_postgres(host="elders")).database == str(tmp_path / "env.db")


def test_default_is_sqlite_in_the_user_data_folder() -> None:
    url = url_from_settings(load_settings())
    assert url.get_backend_name() == "sqlite"
    assert url.database.endswith("doorlopende-lijn.db")
