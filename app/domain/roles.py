"""Roles, actions and the rights matrix.

The matrix is data so the access helper in ``app.services.access`` is the only place that decides;
services never test a role themselves.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REGIO_COORDINATOR = "regio-coördinator"
    CONTACTPERSOON = "contactpersoon"
    CONSULENT = "consulent"
    ALLEEN_LEZEN = "alleen-lezen"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.REGIO_COORDINATOR: "Regio-coördinator",
    Role.CONTACTPERSOON: "Contactpersoon",
    Role.CONSULENT: "Consulent",
    Role.ALLEEN_LEZEN: "Alleen lezen",
    Role.BEHEERDER: "Beheerder",
}


class Action(StrEnum):
    """What the access log records (NEN 7513 style)."""

    READ = "read"
    SEARCH = "search"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    LOGIN = "login"


class Area(StrEnum):
    """Groups of objects that share the same rights."""

    REGION = "region"  # aggregates and reference data: gemeenten, periods, the board figures
    BOARD = "board"  # koppelingen, vacancies, swaps, offers
    DOSSIER = "dossier"  # personal case files: own municipality only
    USERS = "users"
    AUDIT = "audit"  # reading the access log
    DIRECTORY = "directory"  # the volunteer-initiative directory: read by all, kept by the owner


class Scope(StrEnum):
    NONE = "none"
    OWN = "own"  # only objects of the actor's own municipality
    ALL = "all"


_READS = {Action.READ, Action.SEARCH, Action.EXPORT, Action.PRINT}
_WRITES = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT}

# role -> area -> (scope for reads, scope for writes)
_MATRIX: dict[Role, dict[Area, tuple[Scope, Scope]]] = {
    Role.REGIO_COORDINATOR: {
        Area.REGION: (Scope.ALL, Scope.ALL),
        Area.BOARD: (Scope.ALL, Scope.ALL),
        Area.DOSSIER: (Scope.OWN, Scope.OWN),
        Area.USERS: (Scope.ALL, Scope.NONE),
        Area.AUDIT: (Scope.NONE, Scope.NONE),
        Area.DIRECTORY: (Scope.ALL, Scope.ALL),
    },
    Role.CONTACTPERSOON: {
        Area.REGION: (Scope.ALL, Scope.NONE),
        Area.BOARD: (Scope.ALL, Scope.OWN),
        Area.DOSSIER: (Scope.OWN, Scope.OWN),
        Area.USERS: (Scope.OWN, Scope.NONE),
        Area.AUDIT: (Scope.NONE, Scope.NONE),
        Area.DIRECTORY: (Scope.ALL, Scope.OWN),
    },
    Role.CONSULENT: {
        Area.REGION: (Scope.ALL, Scope.NONE),
        Area.BOARD: (Scope.ALL, Scope.NONE),
        Area.DOSSIER: (Scope.OWN, Scope.OWN),
        Area.USERS: (Scope.NONE, Scope.NONE),
        Area.AUDIT: (Scope.NONE, Scope.NONE),
        Area.DIRECTORY: (Scope.ALL, Scope.OWN),
    },
    Role.ALLEEN_LEZEN: {
        Area.REGION: (Scope.ALL, Scope.NONE),
        Area.BOARD: (Scope.ALL, Scope.NONE),
        Area.DOSSIER: (Scope.OWN, Scope.NONE),
        Area.USERS: (Scope.NONE, Scope.NONE),
        Area.AUDIT: (Scope.NONE, Scope.NONE),
        Area.DIRECTORY: (Scope.ALL, Scope.NONE),
    },
    # The administrator manages users, reference data and reads the log, but sees no dossiers:
    # technical management does not need the personal data (data minimisation).
    Role.BEHEERDER: {
        Area.REGION: (Scope.ALL, Scope.ALL),
        Area.BOARD: (Scope.ALL, Scope.NONE),
        Area.DOSSIER: (Scope.NONE, Scope.NONE),
        Area.USERS: (Scope.ALL, Scope.ALL),
        Area.AUDIT: (Scope.ALL, Scope.NONE),
        Area.DIRECTORY: (Scope.ALL, Scope.NONE),
    },
}


def scope_for(role: Role, action: Action, area: Area) -> Scope:
    reads, writes = _MATRIX[role][area]
    if action in _READS or action is Action.LOGIN:
        return reads
    if action in _WRITES:
        return writes
    return Scope.NONE


def is_allowed(role: Role, action: Action, area: Area, *, own_gemeente: bool | None) -> bool:
    """``own_gemeente`` is None for objects that belong to no municipality (region-wide)."""
    scope = scope_for(role, action, area)
    if scope is Scope.ALL:
        return True
    if scope is Scope.OWN:
        return own_gemeente is True
    return False
