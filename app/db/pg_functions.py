# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""The PostgreSQL functions that do what no user may do with plain SQL: manage logins, and carry
out a swap both municipalities agreed to. Each checks in the database who is calling.

``session_user`` is the person's login inside these SECURITY DEFINER functions (``current_user``
is the function's owner there); a person cannot change their session user.
"""

from __future__ import annotations

from app.db.pg_security import OWNER, ROLE_ADMIN, ROLE_GROUPS, USERS, Execute

# SQLSTATEs the services translate into Dutch messages (class 'DL' is ours).
CONFLICT_STATE = "DL409"

_GROUP_CASE = "CASE p_role " + " ".join(f"WHEN '{r}' THEN '{g}'" for r, g in ROLE_GROUPS.items()) + " END"
_ALL_GROUPS = "ARRAY[" + ", ".join(f"'{g}'" for g in ROLE_GROUPS.values()) + "]"

_MAY_MANAGE = f"""
CREATE OR REPLACE FUNCTION dl_may_manage_users() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT pg_has_role(session_user, '{OWNER}', 'USAGE')
      OR EXISTS (SELECT 1 FROM users WHERE login = session_user::text AND active AND role = 'beheerder')
$$"""

_CHECKS = f"""
  IF NOT dl_may_manage_users() THEN
    RAISE EXCEPTION 'Alleen een beheerder kan gebruikers beheren.' USING ERRCODE = '42501';
  END IF;
  IF p_role IS NOT NULL AND ({_GROUP_CASE}) IS NULL THEN
    RAISE EXCEPTION 'Onbekende rol %.', p_role USING ERRCODE = '22023';
  END IF;
"""

# Who the login is a member of follows from users.role and users.active, nothing else.
_SYNC_MEMBERSHIP = f"""
CREATE OR REPLACE FUNCTION dl_sync_membership(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  u users%ROWTYPE;
  g text;
  p_role text;
BEGIN
  SELECT * INTO u FROM users WHERE login = p_login;
  FOREACH g IN ARRAY {_ALL_GROUPS} LOOP
    IF pg_has_role(p_login, g, 'MEMBER') THEN
      EXECUTE format('REVOKE %I FROM %I', g, p_login);
    END IF;
  END LOOP;
  p_role := u.role;
  IF u.active THEN
    EXECUTE format('GRANT %I TO %I', {_GROUP_CASE}, p_login);
    EXECUTE format('ALTER ROLE %I LOGIN', p_login);
  ELSE
    EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
    BEGIN  -- end the sessions already open; needs pg_signal_backend (the grants are gone anyway)
      PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE usename = p_login AND pid <> pg_backend_pid();
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END;
  END IF;
END $$"""

_CREATE_USER = f"""
CREATE OR REPLACE FUNCTION dl_create_user(
  p_login text, p_name text, p_email text, p_role text, p_gemeente_id integer, p_verifier text
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  new_id integer;
BEGIN
  {_CHECKS}
  IF p_login IS NULL OR p_login !~ '^[a-z0-9][a-z0-9._-]{{0,62}}$' THEN
    RAISE EXCEPTION 'Een inlognaam bestaat uit kleine letters, cijfers, punten en streepjes (ten hoogste 63 tekens).'
      USING ERRCODE = '22023';
  END IF;
  IF p_role <> 'beheerder' AND p_gemeente_id IS NULL THEN
    RAISE EXCEPTION 'Kies de gemeente van deze gebruiker.' USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM users WHERE login = p_login) THEN
    RAISE EXCEPTION 'Inlognaam ''%'' is al in gebruik.', p_login USING ERRCODE = '23505';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
    RAISE EXCEPTION 'Op deze databaseserver bestaat al een login ''%''; kies een andere inlognaam.', p_login
      USING ERRCODE = '23505';
  END IF;
  IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'Het wachtwoord moet als SCRAM-SHA-256 worden doorgegeven.' USING ERRCODE = '22023';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L',
                 p_login, p_verifier);
  INSERT INTO users (login, name, email, gemeente_id, role, active, version, created_at, updated_at)
  VALUES (p_login, p_name, coalesce(p_email, ''), p_gemeente_id, p_role, true, 1, now(), now())
  RETURNING id INTO new_id;
  PERFORM dl_sync_membership(p_login);
  RETURN new_id;
END $$"""

_UPDATE_USER = f"""
CREATE OR REPLACE FUNCTION dl_update_user(
  p_id integer, p_expected_version integer, p_name text, p_email text, p_role text,
  p_gemeente_id integer, p_active boolean
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  u users%ROWTYPE;
BEGIN
  {_CHECKS}
  SELECT * INTO u FROM users WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Deze gebruiker bestaat niet (meer).' USING ERRCODE = 'P0002';
  END IF;
  IF p_expected_version IS NOT NULL AND u.version <> p_expected_version THEN
    RAISE EXCEPTION 'conflict' USING ERRCODE = '{CONFLICT_STATE}';
  END IF;
  IF coalesce(p_role, u.role) <> 'beheerder' AND coalesce(p_gemeente_id, u.gemeente_id) IS NULL THEN
    RAISE EXCEPTION 'Kies de gemeente van deze gebruiker.' USING ERRCODE = '22023';
  END IF;
  UPDATE users SET
    name = coalesce(p_name, name), email = coalesce(p_email, email), role = coalesce(p_role, role),
    gemeente_id = coalesce(p_gemeente_id, gemeente_id), active = coalesce(p_active, active),
    version = version + 1, updated_at = now()
  WHERE id = p_id;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = u.login) THEN
    PERFORM dl_sync_membership(u.login);
  END IF;
  RETURN u.version + 1;
END $$"""

_SET_PASSWORD = """
CREATE OR REPLACE FUNCTION dl_set_password(p_login text, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT (dl_may_manage_users() OR p_login = session_user::text) THEN
    RAISE EXCEPTION 'Alleen een beheerder kan het wachtwoord van een ander instellen.' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE login = p_login) THEN
    RAISE EXCEPTION 'Gebruiker ''%'' bestaat niet.', p_login USING ERRCODE = 'P0002';
  END IF;
  IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'Het wachtwoord moet als SCRAM-SHA-256 worden doorgegeven.' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
    -- a user added without a password (the demo) gets their login now
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L',
                   p_login, p_verifier);
    PERFORM dl_sync_membership(p_login);
  ELSIF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login
                 AND (rolsuper OR rolcreaterole OR rolbypassrls OR rolcreatedb)) THEN
    RAISE EXCEPTION 'De login ''%'' heeft beheerrechten op de server; stel dat wachtwoord in PostgreSQL zelf in.',
      p_login USING ERRCODE = '42501';
  ELSE
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
  END IF;
END $$"""

# -- swaps --------------------------------------------------------------------------------------

_CALLER_IS_PARTY = f"""
  IF NOT (pg_has_role(session_user, '{OWNER}', 'USAGE')
          OR (dl_user_role(session_user::text) IN ('regio-coördinator', 'contactpersoon')
              AND dl_user_gemeente(session_user::text) IN (s.host_gemeente_id, s.owner_gemeente_id))) THEN
    RAISE EXCEPTION 'Alleen een van beide gemeenten van uitruil % kan die laten ingaan.', s.id
      USING ERRCODE = '42501';
  END IF;
"""

TAKE_EFFECT = f"""
CREATE OR REPLACE FUNCTION dl_swap_take_effect(
  p_swap_id integer, p_by_login text DEFAULT NULL, p_by_name text DEFAULT NULL
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  s swaps%ROWTYPE;
  d record;
  moved integer := NULL;
  who text;
  by_login text;
  txt text;
BEGIN
  SELECT * INTO s FROM swaps WHERE id = p_swap_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Uitruil % bestaat niet (meer).', p_swap_id USING ERRCODE = 'P0002';
  END IF;
  {_CALLER_IS_PARTY}
  IF s.status <> 'akkoord' OR s.host_agreed_at IS NULL OR s.owner_agreed_at IS NULL THEN
    RAISE EXCEPTION 'Uitruil % gaat pas in als beide gemeenten akkoord gaven.', s.id USING ERRCODE = '42501';
  END IF;
  -- A household swap is about a household of the owner that is still waiting (revision 0010).
  IF s.koppeling_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM koppelingen k WHERE k.id = s.koppeling_id AND k.gemeente_id = s.owner_gemeente_id
          AND ((k.status IN ('gekoppeld', 'woning_aangeboden') AND coalesce(k.housed_gemeente_id, k.gemeente_id) = k.gemeente_id)
               OR (k.status = 'uitgeruild' AND k.housed_gemeente_id = s.host_gemeente_id))) THEN
    RAISE EXCEPTION 'Het huishouden van uitruil % wacht niet meer bij de gemeente die het afstaat (al gehuisvest of uitgeruild).', s.id
      USING ERRCODE = '42501';
  END IF;
  -- The timeline names the person; only the owner (a demo, IT) may say on whose behalf it acts.
  by_login := session_user::text;
  SELECT coalesce((SELECT name FROM users WHERE login = session_user::text), session_user::text) INTO who;
  IF p_by_login IS NOT NULL AND pg_has_role(session_user, '{OWNER}', 'USAGE') THEN
    by_login := p_by_login;
    who := coalesce(p_by_name, p_by_login);
  END IF;
  IF s.koppeling_id IS NOT NULL THEN
    -- Every koppeling has its dossier; one made now moves along below, with its timeline entry.
    PERFORM dl_make_dossiers(ARRAY[s.koppeling_id], by_login, who);
    -- A dwelling the owner had reserved goes back: the host houses the household now.
    UPDATE dwellings SET status = 'beschikbaar', reserved_for_id = NULL, version = version + 1, updated_at = now()
     WHERE reserved_for_id = s.koppeling_id AND status = 'gereserveerd' AND gemeente_id <> s.host_gemeente_id;
    UPDATE koppelingen SET status = 'uitgeruild', housed_gemeente_id = s.host_gemeente_id, offered_on = NULL,
           version = version + 1, updated_at = now()
     WHERE id = s.koppeling_id AND status IN ('gekoppeld', 'woning_aangeboden');
    IF FOUND THEN
      FOR d IN SELECT x.id, src.name AS source, dst.name AS target FROM dossiers x
                 JOIN gemeenten src ON src.id = x.gemeente_id
                 JOIN gemeenten dst ON dst.id = s.host_gemeente_id
                WHERE x.koppeling_id = s.koppeling_id AND x.gemeente_id <> s.host_gemeente_id LOOP
        txt := format('Dossier overgedragen van %s naar %s (uitruil %s).', d.source, d.target, s.id);
        UPDATE dossiers SET gemeente_id = s.host_gemeente_id, version = version + 1, updated_at = now()
         WHERE id = d.id;
        INSERT INTO dossier_events (dossier_id, at, by_login, by_name, kind, text)
        VALUES (d.id, clock_timestamp(), left(by_login, 64), left(who, 120), 'verplaatst', txt);
        moved := d.id;
      END LOOP;
    END IF;
  END IF;
  IF s.dwelling_id IS NOT NULL THEN
    UPDATE dwellings SET status = 'gereserveerd', reserved_for_id = s.koppeling_id,
           version = version + 1, updated_at = now()
     WHERE id = s.dwelling_id AND status = 'beschikbaar' AND gemeente_id = s.host_gemeente_id
       AND (s.koppeling_id IS NULL OR NOT EXISTS (SELECT 1 FROM dwellings o WHERE o.reserved_for_id = s.koppeling_id));
  END IF;
  IF s.post_id IS NOT NULL THEN
    UPDATE board_posts SET status = 'afgehandeld', version = version + 1, updated_at = now()
     WHERE id = s.post_id AND status = 'open' AND gemeente_id IN (s.host_gemeente_id, s.owner_gemeente_id);
  END IF;
  RETURN moved;
END $$"""

_RELEASE = f"""
CREATE OR REPLACE FUNCTION dl_swap_release(p_swap_id integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  s swaps%ROWTYPE;
BEGIN
  SELECT * INTO s FROM swaps WHERE id = p_swap_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Uitruil % bestaat niet (meer).', p_swap_id USING ERRCODE = 'P0002';
  END IF;
  {_CALLER_IS_PARTY}
  IF s.status NOT IN ('ingetrokken', 'afgewezen') THEN
    RAISE EXCEPTION 'Uitruil % loopt nog; de woning blijft gereserveerd.', s.id USING ERRCODE = '42501';
  END IF;
  IF s.dwelling_id IS NOT NULL THEN
    UPDATE dwellings SET status = 'beschikbaar', reserved_for_id = NULL, version = version + 1, updated_at = now()
     WHERE id = s.dwelling_id AND status = 'gereserveerd'
       AND reserved_for_id IS NOT DISTINCT FROM s.koppeling_id;
  END IF;
END $$"""

# Each side speaks for itself: a row-level policy cannot compare old and new values, a trigger can.
# A regio-coördinator, too, speaks only for their own municipality here: what touches two
# municipalities needs both. The household must be the owner's, the dwelling the host's.
_SWAP_GUARD = f"""
CREATE OR REPLACE FUNCTION dl_swap_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  mine integer;
BEGIN
  IF pg_has_role(current_user, '{OWNER}', 'USAGE') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Een uitruil wordt niet verwijderd; trek een voorstel in of wijs het af.'
      USING ERRCODE = '42501';
  END IF;
  mine := dl_user_gemeente(current_user::text);
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'voorgesteld' OR NEW.closed_at IS NOT NULL
       OR (NEW.host_agreed_at IS NOT NULL AND mine IS DISTINCT FROM NEW.host_gemeente_id)
       OR (NEW.owner_agreed_at IS NOT NULL AND mine IS DISTINCT FROM NEW.owner_gemeente_id) THEN
      RAISE EXCEPTION 'Een nieuwe uitruil is een voorstel; de andere gemeente geeft zelf akkoord.'
        USING ERRCODE = '42501';
    END IF;
    IF NEW.koppeling_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM koppelingen k WHERE k.id = NEW.koppeling_id
            AND coalesce(k.housed_gemeente_id, k.gemeente_id) = NEW.owner_gemeente_id) THEN
      RAISE EXCEPTION 'Het huishouden van een uitruil hoort bij de gemeente die het afstaat.'
        USING ERRCODE = '42501';
    END IF;
    IF NEW.dwelling_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM dwellings w WHERE w.id = NEW.dwelling_id AND w.gemeente_id = NEW.host_gemeente_id) THEN
      RAISE EXCEPTION 'De woning van een uitruil hoort bij de gastgemeente.' USING ERRCODE = '42501';
    END IF;
    IF NEW.post_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM board_posts p WHERE p.id = NEW.post_id
            AND p.gemeente_id IN (NEW.host_gemeente_id, NEW.owner_gemeente_id)) THEN
      RAISE EXCEPTION 'Een uitruil beantwoordt alleen een bericht van een van beide gemeenten.'
        USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'voorgesteld' THEN
    RAISE EXCEPTION 'Uitruil % is al afgesloten (%); die verandert niet meer.', OLD.id, OLD.status
      USING ERRCODE = '42501';
  END IF;
  IF NEW.host_gemeente_id <> OLD.host_gemeente_id OR NEW.owner_gemeente_id <> OLD.owner_gemeente_id
     OR NEW.koppeling_id IS DISTINCT FROM OLD.koppeling_id OR NEW.dwelling_id IS DISTINCT FROM OLD.dwelling_id
     OR NEW.post_id IS DISTINCT FROM OLD.post_id OR NEW.settles_ids <> OLD.settles_ids
     OR NEW.persons <> OLD.persons OR NEW.period_id <> OLD.period_id
     OR NEW.proposed_by <> OLD.proposed_by OR NEW.proposed_at <> OLD.proposed_at THEN
    RAISE EXCEPTION 'De gemeenten, het huishouden en de woning van een uitruil liggen vast.'
      USING ERRCODE = '42501';
  END IF;
  IF (NEW.host_agreed_at IS DISTINCT FROM OLD.host_agreed_at OR NEW.host_agreed_by IS DISTINCT FROM OLD.host_agreed_by)
     AND mine IS DISTINCT FROM OLD.host_gemeente_id THEN
    RAISE EXCEPTION 'Alleen de gastgemeente geeft akkoord namens de gastgemeente.' USING ERRCODE = '42501';
  END IF;
  IF (NEW.owner_agreed_at IS DISTINCT FROM OLD.owner_agreed_at OR NEW.owner_agreed_by IS DISTINCT FROM OLD.owner_agreed_by)
     AND mine IS DISTINCT FROM OLD.owner_gemeente_id THEN
    RAISE EXCEPTION 'Alleen de gemeente van het huishouden geeft daarvoor akkoord.' USING ERRCODE = '42501';
  END IF;
  IF NEW.closed_side IS DISTINCT FROM OLD.closed_side
     AND NOT ((NEW.closed_side = 'host' AND mine = OLD.host_gemeente_id)
              OR (NEW.closed_side = 'owner' AND mine = OLD.owner_gemeente_id)) THEN
    RAISE EXCEPTION 'Een gemeente trekt alleen namens zichzelf in of wijst alleen namens zichzelf af.'
      USING ERRCODE = '42501';
  END IF;
  IF NEW.status = 'akkoord' AND (NEW.host_agreed_at IS NULL OR NEW.owner_agreed_at IS NULL) THEN
    RAISE EXCEPTION 'Een uitruil is pas akkoord als beide gemeenten akkoord gaven.' USING ERRCODE = '42501';
  END IF;
  IF NEW.status IN ('ingetrokken', 'afgewezen') AND NEW.closed_side IS NULL THEN
    RAISE EXCEPTION 'Wie een uitruil intrekt of afwijst, zegt namens welke gemeente.' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""

# Crossing a municipal boundary on the board goes through a swap: a household is housed in its
# own municipality unless a swap moved it, and a dwelling is reserved for a household of its own.
_KOPPELING_GUARD = f"""
CREATE OR REPLACE FUNCTION dl_koppeling_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF pg_has_role(current_user, '{OWNER}', 'USAGE') THEN
    RETURN NEW;
  END IF;
  IF NEW.housed_gemeente_id IS NOT NULL AND NEW.housed_gemeente_id <> NEW.gemeente_id
     AND (TG_OP = 'INSERT' OR NEW.housed_gemeente_id IS DISTINCT FROM OLD.housed_gemeente_id) THEN
    RAISE EXCEPTION 'Een huishouden gaat alleen via een uitruil naar een andere gemeente.' USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.gemeente_id <> OLD.gemeente_id AND OLD.housed_gemeente_id IS NOT NULL
     AND OLD.housed_gemeente_id <> OLD.gemeente_id THEN
    RAISE EXCEPTION 'Een uitgeruild huishouden verhuist niet naar een andere gemeente.' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""

_DWELLING_GUARD = f"""
CREATE OR REPLACE FUNCTION dl_dwelling_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF pg_has_role(current_user, '{OWNER}', 'USAGE') THEN
    RETURN NEW;
  END IF;
  IF NEW.reserved_for_id IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.reserved_for_id IS DISTINCT FROM OLD.reserved_for_id)
     AND NOT EXISTS (SELECT 1 FROM koppelingen k WHERE k.id = NEW.reserved_for_id
                       AND coalesce(k.housed_gemeente_id, k.gemeente_id) = NEW.gemeente_id) THEN
    RAISE EXCEPTION 'Een woning gaat alleen via een uitruil naar een huishouden van een andere gemeente.'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""

# The log's time is the database's, not the PC's clock, and its user id the login's own.
_LOG_STAMP = f"""
CREATE OR REPLACE FUNCTION dl_access_log_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT pg_has_role(current_user, '{OWNER}', 'USAGE') THEN
    NEW.at := clock_timestamp();
    NEW.actor_id := CASE WHEN NEW.actor_login = current_user::text
                         THEN (SELECT u.id FROM users u WHERE u.login = current_user::text) END;
  END IF;
  RETURN NEW;
END $$"""

# A BSN appears once per municipality. Region-wide uniqueness (the old unique key) would answer
# "is this BSN in a dossier of another municipality?" to anyone who tries it; this check runs with
# the user's own rights, so it sees only their municipality's dossiers (the owner sees all).
_MEMBER_BSN = """
CREATE OR REPLACE FUNCTION dl_member_bsn_unique() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.bsn IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('bsn:' || NEW.bsn));
    IF EXISTS (SELECT 1 FROM dossier_members m WHERE m.bsn = NEW.bsn AND m.id <> NEW.id) THEN
      RAISE EXCEPTION 'Dit BSN staat al bij een ander gezinslid.' USING ERRCODE = '23505';
    END IF;
  END IF;
  RETURN NEW;
END $$"""

_TRIGGERS = {
    "dossier_members_bsn": ("dossier_members", "BEFORE INSERT OR UPDATE OF bsn", "dl_member_bsn_unique()"),
    "swaps_guard": ("swaps", "BEFORE INSERT OR UPDATE OR DELETE", "dl_swap_guard()"),
    "koppelingen_guard": ("koppelingen", "BEFORE INSERT OR UPDATE", "dl_koppeling_guard()"),
    "dwellings_guard": ("dwellings", "BEFORE INSERT OR UPDATE", "dl_dwelling_guard()"),
    "access_log_stamp": ("access_log", "BEFORE INSERT", "dl_access_log_stamp()"),
}


def create_functions(execute: Execute) -> None:
    for sql in (_MAY_MANAGE, _SYNC_MEMBERSHIP, _CREATE_USER, _UPDATE_USER, _SET_PASSWORD):
        execute(sql)
    user_functions = {
        "dl_may_manage_users()": False,
        "dl_sync_membership(text)": True,
        "dl_create_user(text, text, text, text, integer, text)": False,
        "dl_update_user(integer, integer, text, text, text, integer, boolean)": False,
        "dl_set_password(text, text)": False,
    }
    # A function's new owner needs CREATE on the schema at the moment it takes over; only then.
    execute(f"GRANT CREATE ON SCHEMA public TO {ROLE_ADMIN}")
    for signature, internal in user_functions.items():
        execute(f"ALTER FUNCTION {signature} OWNER TO {ROLE_ADMIN}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        if not internal:
            execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}, {OWNER}")
    execute(f"REVOKE CREATE ON SCHEMA public FROM {ROLE_ADMIN}")
    execute(f"GRANT USAGE ON SCHEMA public TO {ROLE_ADMIN}")
    for sql in (
        TAKE_EFFECT,
        _RELEASE,
        _SWAP_GUARD,
        _KOPPELING_GUARD,
        _DWELLING_GUARD,
        _LOG_STAMP,
        _MEMBER_BSN,
    ):
        execute(sql)
    owned = ["dl_swap_take_effect(integer, text, text)", "dl_swap_release(integer)"]
    owned += [function for _table, _when, function in _TRIGGERS.values()]
    for signature in owned:
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}, {OWNER}")
    for name, (table, when, function) in _TRIGGERS.items():
        execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}")
