"""Settings: which database, who is acting, letterhead.

Stored in an INI file in the user's config folder so the GUI and the headless commands see the same
connection. IT can preset the connection for every user of a PC with a machine-wide file of the same
format (``site_settings_path``: on Windows C:\\ProgramData\\DoorlopendeLijn\\doorlopende-lijn.ini,
copied there by the installer); its values are the defaults under the user's own settings.ini.
Qt's QSettings is only used in ``app.ui`` (window geometry, last page). The PostgreSQL password is
never written here: it lives in the OS keyring (see ``app.secrets``).
"""

from __future__ import annotations

import configparser
import contextlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from app import APP_ID

ENV_DB_URL = "DOORLOPENDE_LIJN_DB_URL"
ENV_USER = "DOORLOPENDE_LIJN_USER"
ENV_CONFIG_DIR = "DOORLOPENDE_LIJN_CONFIG_DIR"
ENV_DATA_DIR = "DOORLOPENDE_LIJN_DATA_DIR"
ENV_SITE_CONFIG_DIR = "DOORLOPENDE_LIJN_SITE_CONFIG_DIR"
SITE_SETTINGS_NAME = "doorlopende-lijn.ini"

# The TLS modes the connection dialog offers, safest first. "prefer" and "allow" (libpq's own
# default) are not offered: they silently fall back to no encryption.
SSL_MODES = ("verify-full", "verify-ca", "require", "disable")
DEFAULT_SSLMODE = "verify-full"
WEAK_SSL_MODES = frozenset({"verify-ca", "require", "disable", "allow", "prefer"})

DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 480


def config_dir() -> Path:
    if os.environ.get(ENV_CONFIG_DIR):
        return Path(os.environ[ENV_CONFIG_DIR])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_ID, appauthor=False))


def site_config_dir() -> Path:
    """The machine-wide folder IT writes to (Windows: C:\\ProgramData\\DoorlopendeLijn; Linux:
    /etc/xdg/DoorlopendeLijn), or DOORLOPENDE_LIJN_SITE_CONFIG_DIR."""
    if os.environ.get(ENV_SITE_CONFIG_DIR):
        return Path(os.environ[ENV_SITE_CONFIG_DIR])
    from platformdirs import site_config_dir as platform_site_config_dir

    # multipath=False: on Linux only the first of $XDG_CONFIG_DIRS, the one an installer writes.
    return Path(platform_site_config_dir(APP_ID, appauthor=False, multipath=False))


def site_settings_path() -> Path:
    return site_config_dir() / SITE_SETTINGS_NAME


def data_dir() -> Path:
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR])
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_ID, appauthor=False))


def default_sqlite_path() -> Path:
    return data_dir() / "doorlopende-lijn.db"


@dataclass(frozen=True)
class PostgresSettings:
    host: str = "localhost"
    port: int = 5432
    database: str = "doorlopende_lijn"
    user: str = ""
    sslmode: str = DEFAULT_SSLMODE
    sslrootcert: str = ""  # empty: the root certificates this computer trusts

    @property
    def keyring_account(self) -> str:
        """The name under which the password is kept in the OS keyring."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class Letterhead:
    organisation: str = ""
    address: str = ""
    logo_path: str = ""


@dataclass(frozen=True)
class Settings:
    backend: str = "sqlite"  # "sqlite" or "postgresql"
    sqlite_path: str = ""  # empty: the default file in the user's data folder
    postgres: PostgresSettings = field(default_factory=PostgresSettings)
    user_login: str = ""  # empty: the OS login name
    letterhead: Letterhead = field(default_factory=Letterhead)
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES  # the window locks after this long idle (BIO)

    @property
    def effective_sqlite_path(self) -> Path:
        return Path(self.sqlite_path) if self.sqlite_path else default_sqlite_path()

    @property
    def claimed_login(self) -> str:
        """The demo user to play (DOORLOPENDE_LIJN_USER, else the settings' login line); empty:
        none. Only a demo database honours it (app.auth.identity)."""
        return os.environ.get(ENV_USER) or self.user_login

    def with_postgres(self, **changes: object) -> Settings:
        return replace(self, backend="postgresql", postgres=replace(self.postgres, **changes))  # type: ignore[arg-type]


def settings_path() -> Path:
    return config_dir() / "settings.ini"


def has_own_settings() -> bool:
    """Whether this user has a settings.ini (no: a first start, see app.ui.welcome)."""
    return settings_path().is_file()


def preset_settings() -> Settings | None:
    """IT's machine-wide preset, or None when there is none."""
    path = site_settings_path()
    return load_settings(path, site=False) if path.is_file() else None


def load_settings(path: Path | None = None, *, site: bool = True) -> Settings:
    """The user's settings; keys the user's file does not have come from IT's machine-wide preset
    (``site``, only for the user's own file), then from the built-in defaults."""
    own = path is None
    path = path or settings_path()
    parser = configparser.ConfigParser(interpolation=None)
    files = [site_settings_path()] if own and site else []
    try:
        parser.read([*files, path], encoding="utf-8")
    except configparser.Error as exc:  # a damaged preset must not stop the program
        import logging

        logging.getLogger(__name__).warning("settings not read: %s", exc)
        parser = configparser.ConfigParser(interpolation=None)
        with contextlib.suppress(configparser.Error):
            parser.read(path, encoding="utf-8")
    db = parser["database"] if parser.has_section("database") else {}
    pg = parser["postgresql"] if parser.has_section("postgresql") else {}
    lh = parser["letterhead"] if parser.has_section("letterhead") else {}
    user = parser["user"] if parser.has_section("user") else {}
    session = parser["session"] if parser.has_section("session") else {}
    try:
        port = int(pg.get("port", "5432"))
    except ValueError:
        port = 5432
    try:
        idle = int(session.get("idle_lock_minutes", str(DEFAULT_IDLE_LOCK_MINUTES)))
    except ValueError:
        idle = DEFAULT_IDLE_LOCK_MINUTES
    idle = min(max(idle, 1), MAX_IDLE_LOCK_MINUTES)
    return Settings(
        backend=db.get("backend", "sqlite") if db.get("backend") in ("sqlite", "postgresql") else "sqlite",
        sqlite_path=db.get("sqlite_path", ""),
        postgres=PostgresSettings(
            host=pg.get("host", "localhost"),
            port=port,
            database=pg.get("database", "doorlopende_lijn"),
            user=pg.get("user", ""),
            sslmode=normalise_sslmode(pg.get("sslmode", "")),
            sslrootcert=pg.get("sslrootcert", ""),
        ),
        user_login=user.get("login", ""),
        letterhead=Letterhead(
            organisation=lh.get("organisation", ""),
            address=lh.get("address", ""),
            logo_path=lh.get("logo_path", ""),
        ),
        idle_lock_minutes=idle,
    )


def normalise_sslmode(value: str) -> str:
    """A mode the dialog offers. An old file's "prefer"/"allow" was never a choice (it was the
    default) and becomes the safe default; a weaker mode stays only when it was chosen."""
    value = value.strip().lower()
    return value if value in SSL_MODES else DEFAULT_SSLMODE


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (temp file + rename) so a crash never leaves half a file."""
    path = path or settings_path()
    parser = configparser.ConfigParser(interpolation=None)
    parser["database"] = {"backend": settings.backend, "sqlite_path": settings.sqlite_path}
    pg = settings.postgres
    parser["postgresql"] = {
        "host": pg.host,
        "port": str(pg.port),
        "database": pg.database,
        "user": pg.user,
        "sslmode": pg.sslmode,
        "sslrootcert": pg.sslrootcert,
    }
    parser["user"] = {"login": settings.user_login}
    lh = settings.letterhead
    parser["letterhead"] = {"organisation": lh.organisation, "address": lh.address, "logo_path": lh.logo_path}
    parser["session"] = {"idle_lock_minutes": str(settings.idle_lock_minutes)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        parser.write(fh)
    tmp.replace(path)
    return path


# ``python -m app --db URL``: the URL for this process only. Not put into os.environ, where every
# child process (the file reader, pg_dump) would inherit it, password included.
_url_override: str | None = None


def set_database_url_override(url: str | None) -> None:
    global _url_override
    _url_override = url or None


def env_database_url() -> str | None:
    return _url_override or os.environ.get(ENV_DB_URL) or None
