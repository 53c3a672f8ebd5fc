"""The PostgreSQL password in the OS keyring (Windows Credential Manager, Secret Service, …)."""

from __future__ import annotations

SERVICE = "DoorlopendeLijn"


class SecretStoreError(RuntimeError):
    pass


def get_password(account: str) -> str | None:
    """The kept password, or None: nothing kept, or no keyring on this computer (a Linux desktop
    without Secret Service) — the caller then asks at sign-in; never through an environment
    variable such as PGPASSWORD, which other processes of the user can read."""
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        return keyring.get_password(SERVICE, account)
    except NoKeyringError:
        return None
    except KeyringError as exc:
        raise SecretStoreError(f"Het wachtwoord kon niet uit de sleutelbos worden gelezen: {exc}") from exc


def set_password(account: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account, password)
    except KeyringError as exc:
        raise SecretStoreError(
            f"Het wachtwoord kon niet in de sleutelbos van het systeem worden bewaard: {exc}"
        ) from exc
