"""The challenge planner's aggregate on PostgreSQL (revision 0016).

Candidates are dossier data: a user sees those of their own municipality only. What the whole
region may know about a pledge is how many of its places are taken, never by whom:

- ``dl_pledge_counts() → (pledge_id, gemeente_id, status, n)``: candidates per pledge, per
  municipality of their dossier and per pipeline step — the dashboard and an employer's history.

SECURITY DEFINER, owned by the owner, for members of ``dl_user`` only.
"""

from __future__ import annotations

from app.db.pg_security import Execute, create_user_functions

_COUNTS = """
CREATE OR REPLACE FUNCTION dl_pledge_counts()
RETURNS TABLE (pledge_id integer, gemeente_id integer, status text, n integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.pledge_id, c.gemeente_id, c.status::text, count(*)::int FROM candidates c GROUP BY 1, 2, 3
$$"""

FUNCTIONS = {"dl_pledge_counts()": _COUNTS}


def create_challenge_functions(execute: Execute) -> None:
    create_user_functions(execute, FUNCTIONS)


def drop_challenge_functions(execute: Execute) -> None:
    for signature in FUNCTIONS:
        execute(f"DROP FUNCTION IF EXISTS {signature}")
