"""The challenge dashboard's funnel on PostgreSQL (revision 0017).

``dl_candidate_stops() → (pledge_id, gemeente_id, after, n)``: the candidates who stopped, per pledge
and municipality of their dossier, by the step they stopped after (``from_status`` of their move to
gestopt in ``candidate_status_changes``). The other candidates' furthest step is their current one (a
candidate moves one step at a time), which ``dl_pledge_counts()`` already gives. Counts only, never
who: candidates and their history are dossier data that row-level security keeps within the own
municipality, while the funnel is the whole region's.

SECURITY DEFINER, owned by the owner, for members of ``dl_user`` only. ``STOPS_SQL`` is the same
query, run directly on SQLite.
"""

from __future__ import annotations

from app.db.pg_security import Execute, create_user_functions

STOPS_SQL = """
SELECT c.pledge_id, c.gemeente_id, h.from_status AS after, count(*) AS n
FROM candidates c JOIN candidate_status_changes h ON h.candidate_id = c.id
WHERE c.status = 'gestopt' AND h.to_status = 'gestopt'
GROUP BY c.pledge_id, c.gemeente_id, h.from_status"""

_STOPS = f"""
CREATE OR REPLACE FUNCTION dl_candidate_stops()
RETURNS TABLE (pledge_id integer, gemeente_id integer, after text, n integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.pledge_id, f.gemeente_id, f.after::text, f.n::int FROM ({STOPS_SQL}) f
$$"""

FUNCTIONS = {"dl_candidate_stops()": _STOPS}


def create_funnel_function(execute: Execute) -> None:
    create_user_functions(execute, FUNCTIONS)


def drop_funnel_function(execute: Execute) -> None:
    for signature in FUNCTIONS:
        execute(f"DROP FUNCTION IF EXISTS {signature}")
