"""Against the real (unencrypted) test server: the default settings refuse to connect without
encryption, with a Dutch message that says what to do; after the explicit choice "Niet
versleuteld" the same login works (and the status bar would warn, see test_tls_settings)."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from app.auth.identity import SignInError
from app.auth.signin import open_as
from app.config import Settings
from app.db.session import tls_warning
from tests.conftest import PG_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on"),
]


def _settings(**changes: str) -> tuple[Settings, str, str]:
    url = make_url(PG_URL)
    if url.query.get("sslmode"):
        pytest.skip("this test needs a server without TLS")  # pragma: no cover - CI has none
    settings = Settings().with_postgres(
        host=url.host or "127.0.0.1", port=url.port or 5432, database=url.database or "", **changes
    )
    return settings, str(url.username), str(url.password)


def test_an_unencrypted_server_is_refused_by_default() -> None:
    settings, login, password = _settings()
    with pytest.raises(SignInError) as caught:
        open_as(settings, login, password)
    message = caught.value.message
    assert message.startswith("De server ") and "biedt geen versleutelde verbinding aan" in message
    assert "'Niet versleuteld'" in message and "Databaseverbinding" in message


def test_after_choosing_no_encryption_it_connects_and_warns() -> None:
    settings, login, password = _settings(sslmode="disable")
    database = open_as(settings, login, password)
    try:
        assert database.ping()
        assert tls_warning(database.url) == "Let op: de verbinding met de database is niet versleuteld."
    finally:
        database.dispose()
