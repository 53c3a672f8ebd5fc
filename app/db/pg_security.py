"""PostgreSQL's own guard: the roles, grants and row-level-security policies every table gets.

The migrations call these helpers so that a table is never created without its grants and policies
(a migration that adds a table calls ``secure_table`` in the same revision). Nothing here runs on
SQLite, where the service layer enforces the same rules.

The roles (cluster-wide, created once, NOLOGIN):
- ``dl_owner`` owns every table and function; only ``db upgrade`` (IT, with an owner or superuser
  login) acts as it. Policies let it through, so migrations and the SECURITY DEFINER functions work.
- ``dl_role_admin`` may create roles; it owns the user-management functions, so a beheerder can add
  users without holding CREATEROLE.
- ``dl_user`` the group of every person's login; ``dl_<role>`` one group per app role. A person's
  login is a member of exactly one ``dl_<role>`` group (and through it of ``dl_user``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

OWNER = "dl_owner"
ROLE_ADMIN = "dl_role_admin"
USERS = "dl_user"

# app role (users.role) -> its group role
ROLE_GROUPS = {
    "regio-coördinator": "dl_regio_coordinator",
    "contactpersoon": "dl_contactpersoon",
    "consulent": "dl_consulent",
    "alleen-lezen": "dl_alleen_lezen",
    "beheerder": "dl_beheerder",
}

BOARD_WRITERS = ("regio-coördinator", "contactpersoon")
DOSSIER_READERS = ("regio-coördinator", "contactpersoon", "consulent", "alleen-lezen")
DOSSIER_WRITERS = ("regio-coördinator", "contactpersoon", "consulent")
REGION_WRITERS = ("regio-coördinator", "beheerder")
# The kinds differ in area; a consulent imports the own municipality's initiatives (migration 0014).
IMPORTERS = ("regio-coördinator", "contactpersoon", "consulent", "beheerder")
DIRECTORY_WRITERS = ("regio-coördinator", "contactpersoon", "consulent")

# Evaluated once per statement (a scalar subquery becomes an InitPlan), not once per row.
IS_OWNER = f"(SELECT pg_has_role(current_user, '{OWNER}', 'USAGE'))"
MY_GEMEENTE = "(SELECT dl_user_gemeente(current_user::text))"
MY_ROLE = "(SELECT dl_user_role(current_user::text))"

# A directory row: a regio-coördinator writes any, a contactpersoon or consulent their own
# municipality's.
DIRECTORY_RULE = (
    f"{IS_OWNER} OR {MY_ROLE} = 'regio-coördinator' OR "
    f"({MY_ROLE} IN ('contactpersoon', 'consulent') AND gemeente_id = {MY_GEMEENTE})"
)

Execute = Callable[[str], object]

# Migrations (and what ``db upgrade`` writes) act as the owner once this database has been secured,
# so what they create belongs to it whoever runs them. Transaction-scoped: the pool stays clean.
ACT_AS_OWNER = (
    f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}') "
    f"AND pg_has_role(current_user, '{OWNER}', 'MEMBER') "
    f"AND has_schema_privilege('{OWNER}', 'public', 'CREATE') THEN SET LOCAL ROLE {OWNER}; END IF; END $$"
)


def _roles_in(roles: Iterable[str]) -> str:
    return f"{MY_ROLE} IN ({', '.join(repr(r) for r in roles)})"


def _groups(roles: Iterable[str]) -> str:
    return ", ".join(ROLE_GROUPS[r] for r in roles)


def create_roles(execute: Execute) -> None:
    """The group roles, once per cluster (another database of the cluster may have made them)."""
    groups = [OWNER, ROLE_ADMIN, USERS, *ROLE_GROUPS.values()]
    for name in groups:
        extra = " CREATEROLE" if name == ROLE_ADMIN else ""
        execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
            f"CREATE ROLE {name} NOLOGIN{extra}; END IF; END $$"
        )
    for group in ROLE_GROUPS.values():
        execute(f"GRANT {USERS} TO {group}")
        # The role admin hands out these groups (PostgreSQL 16 asks for ADMIN OPTION for that).
        execute(f"GRANT {group} TO {ROLE_ADMIN} WITH ADMIN OPTION")
    # Whoever runs the migrations acts as the owner from now on (and hands functions to the admin).
    for name in (OWNER, ROLE_ADMIN):
        execute(
            f"DO $$ BEGIN IF NOT pg_has_role(current_user, '{name}', 'MEMBER') THEN "
            f"EXECUTE format('GRANT {name} TO %I', current_user); END IF; END $$"
        )
    # Disabling a user ends their open sessions; without this right the revoked grants and the
    # policies still stop their next statement. Only a superuser may give it: try, never fail.
    execute(
        f"DO $$ BEGIN GRANT pg_signal_backend TO {ROLE_ADMIN}; "
        "EXCEPTION WHEN insufficient_privilege THEN NULL; END $$"
    )


def lock_database(execute: Execute) -> None:
    """Only the program's users (and the owner) may connect; nobody may create objects in public."""
    execute(
        "DO $$ BEGIN "
        "EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); "
        f"EXECUTE format('GRANT CONNECT ON DATABASE %I TO {USERS}, {OWNER}', current_database()); "
        "END $$"
    )
    execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    execute(f"GRANT USAGE ON SCHEMA public TO {USERS}")
    execute(f"GRANT USAGE, CREATE ON SCHEMA public TO {OWNER}")  # owning objects there needs CREATE


def create_identity_functions(execute: Execute) -> None:
    """The policies' view of who is asking: the users row of ``current_user``, read with the
    owner's rights (the caller could not be trusted with a session variable)."""
    for name, column in (("dl_user_gemeente", "gemeente_id"), ("dl_user_role", "role")):
        kind = "integer" if column == "gemeente_id" else "text"
        execute(
            f"CREATE OR REPLACE FUNCTION {name}(login text) RETURNS {kind} "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
            f"SELECT {column}{'::text' if kind == 'text' else ''} FROM users "
            "WHERE users.login = $1 AND users.active $$"
        )
        execute(f"ALTER FUNCTION {name}(text) OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {name}(text) FROM PUBLIC")
        execute(f"GRANT EXECUTE ON FUNCTION {name}(text) TO {USERS}")


def secure_table(
    execute: Execute,
    table: str,
    kind: str,
    *,
    gemeente_columns: tuple[str, ...] = ("gemeente_id",),
    parent: tuple[str, str] | None = None,
) -> None:
    """Owner, grants and policies of one table, by kind:

    - ``region``: reference data; read by all, written by a regio-coördinator or beheerder;
    - ``board``: read by all, written by a regio-coördinator anywhere or a contactpersoon for a
      row whose ``gemeente_columns`` include their municipality;
    - ``board-shared``: read by all, written by the board writers (rows of no single municipality);
    - ``imports``: read by all, written by whoever may import something (the batch's rows are
      checked where they land);
    - ``dossier``: the row's ``gemeente_id`` must be the user's municipality (readers: every role
      but beheerder; writers: not alleen-lezen);
    - ``dossier-child``: visible and changeable exactly when its parent row is (``parent`` =
      (column, parent table)); the parent's own policy decides;
    - ``directory``: read by all; written by a regio-coördinator anywhere, a contactpersoon or
      consulent for a row of their own municipality (``gemeente_id``);
    - ``directory-child``: read by all; written exactly when its ``parent`` row may be written;
    - ``users``: read by all, written only through the user-management functions;
    - ``log``: insert only, the user's own rows; read by a beheerder;
    - ``readonly``: read by all (schema version, database flags).
    """
    execute(f"ALTER TABLE {table} OWNER TO {OWNER}")
    execute(f"REVOKE ALL ON {table} FROM PUBLIC")
    execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    execute(f"GRANT SELECT ON {table} TO {USERS}")

    def policy(name: str, command: str, using: str | None, check: str | None = None) -> None:
        execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        sql = f"CREATE POLICY {name} ON {table} FOR {command}"  # grants decide who; policies, which rows
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        execute(sql)

    # Migrations and the SECURITY DEFINER functions act as the owner; FORCE applies to it too.
    policy(f"{table}_owner", "ALL", IS_OWNER, IS_OWNER)

    def writes(groups: str, rule: str) -> None:
        execute(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {groups}")
        policy(f"{table}_insert", "INSERT", None, rule)
        policy(f"{table}_update", "UPDATE", rule, rule)
        policy(f"{table}_delete", "DELETE", rule)

    if kind == "region":
        policy(f"{table}_read", "SELECT", "true")
        writes(f"{_groups(REGION_WRITERS)}, {OWNER}", f"{IS_OWNER} OR {_roles_in(REGION_WRITERS)}")
    elif kind in ("board", "board-shared"):
        policy(f"{table}_read", "SELECT", "true")
        rule = f"{IS_OWNER} OR {MY_ROLE} = 'regio-coördinator'"
        if kind == "board":
            mine = " OR ".join(f"{column} = {MY_GEMEENTE}" for column in gemeente_columns)
            rule += f" OR ({MY_ROLE} = 'contactpersoon' AND ({mine}))"
        else:
            rule += f" OR {MY_ROLE} = 'contactpersoon'"
        writes(f"{_groups(BOARD_WRITERS)}, {OWNER}", rule)
    elif kind == "imports":
        policy(f"{table}_read", "SELECT", "true")
        writes(f"{_groups(IMPORTERS)}, {OWNER}", f"{IS_OWNER} OR {_roles_in(IMPORTERS)}")
    elif kind == "dossier":
        own = f"gemeente_id = {MY_GEMEENTE}"
        policy(f"{table}_read", "SELECT", f"{IS_OWNER} OR ({own} AND {_roles_in(DOSSIER_READERS)})")
        writes(
            f"{_groups(DOSSIER_WRITERS)}, {OWNER}",
            f"{IS_OWNER} OR ({own} AND {_roles_in(DOSSIER_WRITERS)})",
        )
    elif kind == "dossier-child":
        assert parent is not None
        column, parent_table = parent
        # Not a correlated EXISTS (an index probe per row, 3× slower on 100,000 handovers): the
        # visible parents' ids once per statement, hashed.
        visible = f"{column} IN (SELECT p.id FROM {parent_table} p)"
        policy(f"{table}_read", "SELECT", visible)
        writes(f"{_groups(DOSSIER_WRITERS)}, {OWNER}", visible)
    elif kind == "directory":
        # The regional map: read by everyone; each municipality keeps its own entries.
        policy(f"{table}_read", "SELECT", "true")
        writes(f"{_groups(DIRECTORY_WRITERS)}, {OWNER}", DIRECTORY_RULE)
    elif kind == "directory-child":
        assert parent is not None
        column, parent_table = parent
        policy(f"{table}_read", "SELECT", "true")
        parent_rule = DIRECTORY_RULE.replace("gemeente_id", "p.gemeente_id")
        writable = f"{column} IN (SELECT p.id FROM {parent_table} p WHERE {parent_rule})"
        writes(f"{_groups(DIRECTORY_WRITERS)}, {OWNER}", writable)
    elif kind == "users":
        policy(f"{table}_read", "SELECT", "true")
        execute(f"GRANT INSERT, UPDATE ON {table} TO {ROLE_ADMIN}")
        execute(f"GRANT SELECT ON {table} TO {ROLE_ADMIN}")
        rule = f"{IS_OWNER} OR pg_has_role(current_user, '{ROLE_ADMIN}', 'USAGE')"
        policy(f"{table}_insert", "INSERT", None, rule)
        policy(f"{table}_update", "UPDATE", rule, rule)
    elif kind == "log":
        execute(f"REVOKE SELECT ON {table} FROM {USERS}")
        execute(f"GRANT SELECT ON {table} TO {ROLE_GROUPS['beheerder']}, {OWNER}")
        execute(f"GRANT INSERT ON {table} TO {USERS}")
        policy(f"{table}_read", "SELECT", f"{IS_OWNER} OR {MY_ROLE} = 'beheerder'")
        # A user writes rows in their own name only (or as the program acting on their behalf).
        # "The program on behalf of" a user (actor_login a purpose such as 'uitwisselbord', never
        # another user's login); actor_id, when given, must be the user's own.
        me = "(SELECT u.id FROM users u WHERE u.login = current_user::text)"
        policy(
            f"{table}_insert",
            "INSERT",
            None,
            f"{IS_OWNER} OR ((actor_id IS NULL OR actor_id = {me}) AND (actor_login = current_user::text "
            "OR (on_behalf_of = current_user::text "
            "AND NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.login) = lower(actor_login)))))",
        )
    elif kind == "readonly":
        policy(f"{table}_read", "SELECT", "true")
    else:  # pragma: no cover - a typo in a migration
        raise ValueError(f"unknown table kind {kind!r}")


def grant_sequences(execute: Execute) -> None:
    """Inserting needs the id sequences; owned by the owner like the tables."""
    execute(
        "DO $$ DECLARE s record; BEGIN FOR s IN SELECT c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = 'public' "
        f"LOOP EXECUTE format('ALTER SEQUENCE %I OWNER TO {OWNER}', s.relname); "
        f"EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO {USERS}, {ROLE_ADMIN}', s.relname); "
        "END LOOP; END $$"
    )


def create_user_functions(execute: Execute, functions: dict[str, str]) -> None:
    """Create each function (signature → CREATE statement), owned by the owner, callable by every
    person's login and by nobody else (PUBLIC gets EXECUTE by default)."""
    for signature, body in functions.items():
        execute(body)
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}")
