"""Which providers feed Vandaag. A module adds its own with one line in ``PROVIDER_MODULES`` (a module
exposing ``PROVIDER``) or by calling ``register`` — never by editing the page."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.today import Provider

# In the order their groups tie; each module exposes ``PROVIDER``. Imported on first use.
PROVIDER_MODULES: list[str] = [
    "app.services.today.board",
    "app.services.today.cases",
    "app.services.today.directory",
    "app.services.today.directory_check",
    "app.services.today.candidates",
    "app.services.today.challenges",
]

_extra: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider (a later module, or a test)."""
    if provider not in _extra:
        _extra.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _extra:
        _extra.remove(provider)


def providers() -> list[Provider]:
    found = [importlib.import_module(name).PROVIDER for name in PROVIDER_MODULES]
    return [*found, *_extra]
