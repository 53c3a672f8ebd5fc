"""The challenge dashboard's funnel on PostgreSQL (revision 0017).

``dl_candidate_funnel() → (pledge_id, gemeente_id, reached, stopped, n)``: candidates per pledge and
per municipality of their dossier, by the furthest pipeline step they reached (1 voorgesteld … 7
afgerond, from their current step and their history in ``candidate_status_changes``) and whether they
stopped since. Counts only, never who: candidates and their history are dossier data that row-level
security keeps within the own municipality, the funnel needs the whole region.

SECURITY DEFINER, owned by the owner, for members of ``dl_user`` only. ``REACHED_SQL`` is the same
query, run directly on SQLite.
"""

from __future__ import annotations

from app.db.pg_security import OWNER, USERS, Execute
from app.domain.challenges import PIPELINE

_POSITION = " ".join(f"WHEN '{s.value}' THEN {n}" for n, s in enumerate(PIPELINE, start=1))
REACHED_SQL = f"""
SELECT r.pledge_id, r.gemeente_id, r.reached, r.stopped, count(*) AS n FROM (
  SELECT c.id, c.pledge_id, c.gemeente_id, (c.status = 'gestopt') AS stopped,
         coalesce(max(CASE x.st {_POSITION} END), 1) AS reached
  FROM candidates c
  JOIN (SELECT id AS candidate_id, status AS st FROM candidates
        UNION ALL SELECT candidate_id, to_status FROM candidate_status_changes
        UNION ALL SELECT candidate_id, from_status FROM candidate_status_changes) x
    ON x.candidate_id = c.id
  GROUP BY c.id, c.pledge_id, c.gemeente_id, c.status
) r GROUP BY r.pledge_id, r.gemeente_id, r.reached, r.stopped"""

_FUNNEL = f"""
CREATE OR REPLACE FUNCTION dl_candidate_funnel()
RETURNS TABLE (pledge_id integer, gemeente_id integer, reached integer, stopped boolean, n integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.pledge_id, f.gemeente_id, f.reached::int, f.stopped, f.n::int FROM ({REACHED_SQL}) f
$$"""

FUNCTIONS = {"dl_candidate_funnel()": _FUNNEL}


def create_funnel_function(execute: Execute) -> None:
    for signature, body in FUNCTIONS.items():
        execute(body)
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}")


def drop_funnel_function(execute: Execute) -> None:
    for signature in FUNCTIONS:
        execute(f"DROP FUNCTION IF EXISTS {signature}")
