# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""A household is one thing from koppeling to move-in (revision 0010, PostgreSQL).

- ``dl_ensure_dossiers(integer[], text[], text[]) → integer``: the missing dossiers of these koppelingen, made from
  the koppelingen's own data, for a caller who may write those koppelingen (a regio-coördinator
  importing for the whole region may not insert the municipalities' dossiers itself). Returns how
  many it made. ``dl_make_dossiers`` does the work; only the owner's functions call it.
- ``dl_detach_dossiers(integer[]) → integer``: an import undone deletes its new koppelingen; their
  dossiers stay without the koppeling (with a timeline entry).
- ``dl_swap_take_effect`` (app.db.pg_functions) now also makes the dossier if there was none,
  gives back a dwelling the owner had reserved, and refuses a household that is no longer waiting.
- The host's contactpersoon may update a koppeling housed by its municipality (policy
  ``koppelingen_update_host``), but only its status fields: trigger ``koppelingen_swapped_guard``
  (``dl_koppeling_swapped_guard()``), which fires only for swapped rows. The owner keeps a
  read-only view of the status of a household it handed over.
"""

from __future__ import annotations

from app.db.pg_security import MY_GEMEENTE, MY_ROLE, OWNER, USERS, Execute

# The dossiers of these koppelingen that do not exist yet; one statement for the lot.
_MAKE = """
CREATE OR REPLACE FUNCTION dl_make_dossiers(p_ids integer[], p_login text, p_name text,
                                            p_heads text[] DEFAULT NULL, p_search text[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  made integer;
BEGIN
  WITH new AS (
    INSERT INTO dossiers (koppeling_id, gemeente_id, v_nummer, status, linked_on, moving_date,
                          expected_followers, head_name, member_count, search_text, created_by,
                          address_after_move, version, created_at, updated_at)
    SELECT k.id, coalesce(k.housed_gemeente_id, k.gemeente_id), k.v_nummer, 'open', k.linked_on,
           CASE WHEN k.status = 'gehuisvest' THEN k.housed_on END, k.expected_followers,
           coalesce(left(u.head, 120), ''), 0,
           left(CASE WHEN u.search IS NULL OR u.search = '' THEN lower(k.v_nummer)
                     ELSE u.search || ' ' || lower(k.v_nummer) END, 2000),
           left(p_login, 64), '', 1, now(), now()
      FROM koppelingen k
      JOIN unnest(p_ids, coalesce(p_heads, '{}'::text[]), coalesce(p_search, '{}'::text[])) AS u(id, head, search)
        ON u.id = k.id
     WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.koppeling_id = k.id)
    ON CONFLICT (koppeling_id) DO NOTHING
    RETURNING id, koppeling_id, linked_on
  ), events AS (
    INSERT INTO dossier_events (dossier_id, at, by_login, by_name, kind, text)
    SELECT n.id, clock_timestamp(), left(p_login, 64), left(p_name, 120), 'dossier',
           'Dossier automatisch aangemaakt vanuit koppeling ' || k.v_nummer || ': ' || k.persons
           || CASE WHEN k.persons = 1 THEN ' persoon' ELSE ' personen' END
           || CASE WHEN k.languages = '' THEN '' ELSE ', taal ' || k.languages END || '.'
      FROM new n JOIN koppelingen k ON k.id = n.koppeling_id
  ), milestones AS (
    INSERT INTO dossier_milestones (dossier_id, kind, done_on, done_by, recorded_by, version, created_at, updated_at)
    SELECT n.id, 'gekoppeld', n.linked_on, 'COA', left(p_login, 64), 1, now(), now() FROM new n
  )
  SELECT count(*) INTO made FROM new;
  RETURN made;
END $$"""

# The caller must be allowed to write every one of these koppelingen (its own municipality's, or
# those it houses; a regio-coördinator any). Only their own data goes into the dossiers.
_ENSURE = f"""
CREATE OR REPLACE FUNCTION dl_ensure_dossiers(p_ids integer[], p_heads text[] DEFAULT NULL,
                                              p_search text[] DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me_role text := dl_user_role(session_user::text);
  mine integer := dl_user_gemeente(session_user::text);
  who text;
BEGIN
  IF NOT pg_has_role(session_user, '{OWNER}', 'USAGE') THEN
    IF me_role IS NULL OR me_role NOT IN ('regio-coördinator', 'contactpersoon') THEN
      RAISE EXCEPTION 'Alleen wie koppelingen mag vastleggen, maakt er dossiers bij.' USING ERRCODE = '42501';
    END IF;
    IF me_role = 'contactpersoon' AND EXISTS (
         SELECT 1 FROM koppelingen k WHERE k.id = ANY (p_ids)
            AND k.gemeente_id IS DISTINCT FROM mine AND k.housed_gemeente_id IS DISTINCT FROM mine) THEN
      RAISE EXCEPTION 'Een dossier wordt alleen gemaakt bij een koppeling van uw eigen gemeente.' USING ERRCODE = '42501';
    END IF;
  END IF;
  SELECT coalesce((SELECT name FROM users WHERE login = session_user::text), session_user::text) INTO who;
  RETURN dl_make_dossiers(p_ids, session_user::text, who, p_heads, p_search);
END $$"""

# An import undone deletes its new koppelingen: their dossiers stay, without the koppeling.
_DETACH = f"""
CREATE OR REPLACE FUNCTION dl_detach_dossiers(p_ids integer[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me_role text := dl_user_role(session_user::text);
  mine integer := dl_user_gemeente(session_user::text);
  who text;
  done integer;
BEGIN
  IF NOT pg_has_role(session_user, '{OWNER}', 'USAGE') THEN
    IF me_role IS NULL OR me_role NOT IN ('regio-coördinator', 'contactpersoon') THEN
      RAISE EXCEPTION 'Alleen wie koppelingen mag vastleggen, maakt een import ongedaan.' USING ERRCODE = '42501';
    END IF;
    IF me_role = 'contactpersoon' AND EXISTS (
         SELECT 1 FROM koppelingen k WHERE k.id = ANY (p_ids) AND k.gemeente_id IS DISTINCT FROM mine) THEN
      RAISE EXCEPTION 'U maakt alleen koppelingen van uw eigen gemeente ongedaan.' USING ERRCODE = '42501';
    END IF;
  END IF;
  SELECT coalesce((SELECT name FROM users WHERE login = session_user::text), session_user::text) INTO who;
  INSERT INTO dossier_events (dossier_id, at, by_login, by_name, kind, text)
  SELECT d.id, clock_timestamp(), left(session_user::text, 64), left(who, 120), 'dossier',
         'Koppeling ' || d.v_nummer || ' is verwijderd (import ongedaan gemaakt); het dossier blijft bestaan zonder koppeling.'
    FROM dossiers d WHERE d.koppeling_id = ANY (p_ids);
  UPDATE dossiers SET koppeling_id = NULL, version = version + 1, updated_at = now()
   WHERE koppeling_id = ANY (p_ids);
  GET DIAGNOSTICS done = ROW_COUNT;
  RETURN done;
END $$"""

# A swapped household (housed by another municipality than its own): the host records the steps
# (status, offer, move-in) and nothing else; the owner no longer changes those steps.
_SWAPPED_GUARD = f"""
CREATE OR REPLACE FUNCTION dl_koppeling_swapped_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  mine integer;
BEGIN
  IF pg_has_role(current_user, '{OWNER}', 'USAGE') OR dl_user_role(current_user::text) = 'regio-coördinator' THEN
    RETURN NEW;
  END IF;
  mine := dl_user_gemeente(current_user::text);
  -- The host's policy must not let a municipality hand its own koppeling to another one.
  IF NEW.gemeente_id <> OLD.gemeente_id AND mine IS DISTINCT FROM NEW.gemeente_id THEN
    RAISE EXCEPTION 'Een koppeling gaat niet naar een andere gemeente; vraag de regio-coördinator.' USING ERRCODE = '42501';
  END IF;
  IF OLD.housed_gemeente_id IS NULL OR OLD.housed_gemeente_id = OLD.gemeente_id THEN
    RETURN NEW;
  END IF;
  IF mine = OLD.housed_gemeente_id AND mine IS DISTINCT FROM OLD.gemeente_id THEN
    IF (NEW.v_nummer, NEW.gemeente_id, NEW.linked_on, NEW.persons, NEW.adults, NEW.children, NEW.languages,
        NEW.azc_location, NEW.azc_lat, NEW.azc_lon, NEW.expected_followers, NEW.needs_accessible,
        NEW.needs_ground_floor, NEW.medical_proximity, NEW.housed_gemeente_id, NEW.notes, NEW.created_at)
       IS DISTINCT FROM
       (OLD.v_nummer, OLD.gemeente_id, OLD.linked_on, OLD.persons, OLD.adults, OLD.children, OLD.languages,
        OLD.azc_location, OLD.azc_lat, OLD.azc_lon, OLD.expected_followers, OLD.needs_accessible,
        OLD.needs_ground_floor, OLD.medical_proximity, OLD.housed_gemeente_id, OLD.notes, OLD.created_at) THEN
      RAISE EXCEPTION 'De gastgemeente legt alleen aanbod en verhuizing vast; de gegevens van het huishouden wijzigt de eigen gemeente.'
        USING ERRCODE = '42501';
    END IF;
    IF NEW.status = 'gekoppeld' THEN
      RAISE EXCEPTION 'Een uitgeruild huishouden gaat terug naar ''uitgeruild'', niet naar ''gekoppeld''.' USING ERRCODE = '42501';
    END IF;
  ELSIF (NEW.status, NEW.offered_on, NEW.housed_on) IS DISTINCT FROM (OLD.status, OLD.offered_on, OLD.housed_on) THEN
    RAISE EXCEPTION 'Dit huishouden is uitgeruild; de gastgemeente legt aanbod en verhuizing vast.' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""

SWAPPED_TRIGGER = (
    "CREATE TRIGGER koppelingen_swapped_guard BEFORE UPDATE ON koppelingen FOR EACH ROW "
    "WHEN ((OLD.housed_gemeente_id IS NOT NULL AND OLD.housed_gemeente_id <> OLD.gemeente_id) "
    "OR NEW.gemeente_id <> OLD.gemeente_id) "
    "EXECUTE FUNCTION dl_koppeling_swapped_guard()"
)

HOST_POLICY = (
    "CREATE POLICY koppelingen_update_host ON koppelingen FOR UPDATE "
    f"USING ({MY_ROLE} = 'contactpersoon' AND housed_gemeente_id = {MY_GEMEENTE}) "
    f"WITH CHECK ({MY_ROLE} = 'contactpersoon' AND housed_gemeente_id = {MY_GEMEENTE} "
    "AND housed_gemeente_id <> gemeente_id)"
)


def create_household_functions(execute: Execute) -> None:
    """The functions, trigger and policy of revision 0010 (and the swap function they changed)."""
    from app.db.pg_functions import TAKE_EFFECT

    for sql in (_MAKE, _ENSURE, _DETACH, _SWAPPED_GUARD, TAKE_EFFECT):
        execute(sql)
    grants = {
        "dl_make_dossiers(integer[], text, text, text[], text[])": False,  # only the owner's own functions call it
        "dl_ensure_dossiers(integer[], text[], text[])": True,
        "dl_detach_dossiers(integer[])": True,
        "dl_koppeling_swapped_guard()": True,
        "dl_swap_take_effect(integer, text, text)": True,
    }
    for signature, users in grants.items():
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        if users:
            execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}, {OWNER}")
    execute("DROP TRIGGER IF EXISTS koppelingen_swapped_guard ON koppelingen")
    execute(SWAPPED_TRIGGER)
    execute("DROP POLICY IF EXISTS koppelingen_update_host ON koppelingen")
    execute(HOST_POLICY)


def drop_household_functions(execute: Execute) -> None:
    execute("DROP POLICY IF EXISTS koppelingen_update_host ON koppelingen")
    execute("DROP TRIGGER IF EXISTS koppelingen_swapped_guard ON koppelingen")
    # dl_make_dossiers stays: dl_swap_take_effect calls it.
    for signature in ("dl_koppeling_swapped_guard()", "dl_ensure_dossiers(integer[], text[], text[])",
                      "dl_detach_dossiers(integer[])"):  # fmt: skip
        execute(f"DROP FUNCTION IF EXISTS {signature}")
