# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""The directory's aggregates on PostgreSQL (revision 0013).

Referrals and household members are dossier data: a user sees those of their own municipality only.
Two things the whole region may know are counts, never who:

- ``dl_referral_counts(integer[]) → (initiative_id, status, period, n)``: referrals per initiative
  by status and half year (of the day proposed) — what an initiative shows to every municipality;
- ``dl_household_languages() → (gemeente_id, languages, persons)``: the members of open dossiers per
  municipality and languages cell — what the gaps view needs to say how many people a missing
  language leaves without an offer. The program reads the cells (``app.domain.directory``).

And ``dl_set_directory_check_months(integer)``: the check period, for a regio-coördinator or beheerder.

All are SECURITY DEFINER, owned by the owner, for members of ``dl_user`` only.
"""

from __future__ import annotations

from app.db.pg_security import OWNER, Execute, create_user_functions
from app.domain.directory import CHECK_MONTHS_MAX, CHECK_MONTHS_MIN

_COUNTS = """
CREATE OR REPLACE FUNCTION dl_referral_counts(p_ids integer[])
RETURNS TABLE (initiative_id integer, status text, period text, n integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.initiative_id, r.status::text,
         extract(year FROM r.proposed_on)::int || '-H' || CASE WHEN extract(month FROM r.proposed_on) <= 6 THEN 1 ELSE 2 END,
         count(*)::int
    FROM referrals r
   WHERE p_ids IS NULL OR r.initiative_id = ANY (p_ids)
   GROUP BY 1, 2, 3
$$"""

_LANGUAGES = """
CREATE OR REPLACE FUNCTION dl_household_languages()
RETURNS TABLE (gemeente_id integer, languages text, persons integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT d.gemeente_id, m.languages::text, count(*)::int
    FROM dossier_members m JOIN dossiers d ON d.id = m.dossier_id
   WHERE d.status = 'open'
   GROUP BY 1, 2
$$"""

# The directory's check period (months) for the whole region: reference data, so a regio-coördinator
# or a beheerder sets it; app_meta itself is read-only for every login.
_SET_CHECK_MONTHS = f"""
CREATE OR REPLACE FUNCTION dl_set_directory_check_months(p_months integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- session_user: inside a SECURITY DEFINER function current_user is the owner.
  IF NOT pg_has_role(session_user, '{OWNER}', 'USAGE')
     AND coalesce(dl_user_role(session_user::text), '') NOT IN ('regio-coördinator', 'beheerder') THEN
    RAISE EXCEPTION 'Alleen een regio-coördinator of beheerder kan de controletermijn instellen.'
      USING ERRCODE = '42501';
  END IF;
  IF p_months IS NULL OR p_months < {CHECK_MONTHS_MIN} OR p_months > {CHECK_MONTHS_MAX} THEN
    RAISE EXCEPTION 'De controletermijn moet tussen {CHECK_MONTHS_MIN} en {CHECK_MONTHS_MAX} maanden liggen.'
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO app_meta (key, value) VALUES ('directory_check_months', p_months::text)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  RETURN p_months;
END $$"""

FUNCTIONS = {
    "dl_referral_counts(integer[])": _COUNTS,
    "dl_household_languages()": _LANGUAGES,
    "dl_set_directory_check_months(integer)": _SET_CHECK_MONTHS,
}


def create_directory_functions(execute: Execute) -> None:
    create_user_functions(execute, FUNCTIONS)


def drop_directory_functions(execute: Execute) -> None:
    for signature in FUNCTIONS:
        execute(f"DROP FUNCTION IF EXISTS {signature}")
