# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""A new dossier's first timeline entry and its milestone "gekoppeld" as part of the dossier row
(revision 0022, PostgreSQL; the SQLite statements are in app.services.cases.auto_dossiers).

Up to 0021 ``dl_make_dossiers`` wrote three rows per koppeling: the dossier, the entry "Dossier
automatisch aangemaakt vanuit koppeling …" and the milestone "gekoppeld" (done on the linking
date, by COA). An import of 100,000 koppelingen spent most of its time there: two more rows, four
more index entries and two more foreign-key checks per koppeling. Now the dossier row keeps the
entry's text and writer's name (``first_entry``, ``first_entry_by``) and ``gekoppeld_pending``;
the readers (app.services.cases.views) show them as the oldest timeline entry and as the
milestone, and the milestone becomes a row of its own the moment someone changes or clears it.
"""

from __future__ import annotations

LAZY_MAKE = """
CREATE OR REPLACE FUNCTION dl_make_dossiers(p_ids integer[], p_login text, p_name text,
                                            p_heads text[] DEFAULT NULL, p_search text[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  made integer;
BEGIN
  INSERT INTO dossiers (koppeling_id, gemeente_id, v_nummer, status, linked_on, moving_date,
                        expected_followers, head_name, member_count, search_text, created_by,
                        address_after_move, version, created_at, updated_at,
                        first_entry, first_entry_by, gekoppeld_pending)
  SELECT k.id, coalesce(k.housed_gemeente_id, k.gemeente_id), k.v_nummer, 'open', k.linked_on,
         CASE WHEN k.status = 'gehuisvest' THEN k.housed_on END, k.expected_followers,
         coalesce(left(u.head, 120), ''), 0,
         left(CASE WHEN u.search IS NULL OR u.search = '' THEN lower(k.v_nummer)
                   ELSE u.search || ' ' || lower(k.v_nummer) END, 2000),
         left(p_login, 64), '', 1, now(), now(),
         'Dossier automatisch aangemaakt vanuit koppeling ' || k.v_nummer || ': ' || k.persons
         || CASE WHEN k.persons = 1 THEN ' persoon' ELSE ' personen' END
         || CASE WHEN k.languages = '' THEN '' ELSE ', taal ' || k.languages END || '.',
         left(p_name, 120), true
    FROM koppelingen k
    JOIN unnest(p_ids, coalesce(p_heads, '{}'::text[]), coalesce(p_search, '{}'::text[])) AS u(id, head, search)
      ON u.id = k.id
   WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.koppeling_id = k.id)
  ON CONFLICT (koppeling_id) DO NOTHING;
  GET DIAGNOSTICS made = ROW_COUNT;
  RETURN made;
END $$"""

# Downgrade: what the dossier rows held becomes rows again (before the columns go).
MATERIALIZE = [
    """INSERT INTO dossier_events (dossier_id, at, by_login, by_name, kind, text)
       SELECT id, created_at, created_by, coalesce(first_entry_by, created_by), 'dossier', first_entry
         FROM dossiers WHERE first_entry IS NOT NULL ORDER BY id""",
    """INSERT INTO dossier_milestones (dossier_id, kind, done_on, done_by, recorded_by, version, created_at, updated_at)
       SELECT d.id, 'gekoppeld', d.linked_on, 'COA', d.created_by, 1, d.created_at, d.created_at
         FROM dossiers d WHERE d.gekoppeld_pending AND d.linked_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM dossier_milestones m WHERE m.dossier_id = d.id AND m.kind = 'gekoppeld')""",
]

# The kept entry is part of the insert-only timeline (migration 0006): nobody may change it, and a
# milestone that became a row of its own cannot be made "pending" again. Not even the owner.
KEEP_FIRST_ENTRY = [
    """CREATE OR REPLACE FUNCTION dl_keep_first_entry() RETURNS trigger
       LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       BEGIN
         IF NEW.first_entry IS DISTINCT FROM OLD.first_entry
            OR NEW.first_entry_by IS DISTINCT FROM OLD.first_entry_by THEN
           RAISE EXCEPTION 'dossiers.first_entry is insert-only (part of the timeline)' USING ERRCODE = '42501';
         END IF;
         IF NEW.gekoppeld_pending AND NOT OLD.gekoppeld_pending THEN
           RAISE EXCEPTION 'dossiers.gekoppeld_pending is insert-only (the milestone is a row now)' USING ERRCODE = '42501';
         END IF;
         RETURN NEW;
       END $$""",
    "DROP TRIGGER IF EXISTS dossiers_keep_first_entry ON dossiers",
    """CREATE TRIGGER dossiers_keep_first_entry
       BEFORE UPDATE OF first_entry, first_entry_by, gekoppeld_pending ON dossiers
       FOR EACH ROW EXECUTE FUNCTION dl_keep_first_entry()""",
]
DROP_KEEP_FIRST_ENTRY = [
    "DROP TRIGGER IF EXISTS dossiers_keep_first_entry ON dossiers",
    "DROP FUNCTION IF EXISTS dl_keep_first_entry()",
]
SQLITE_KEEP_FIRST_ENTRY = [
    """CREATE TRIGGER IF NOT EXISTS dossiers_first_entry_insert_only
       BEFORE UPDATE OF first_entry, first_entry_by ON dossiers
       WHEN NEW.first_entry IS NOT OLD.first_entry OR NEW.first_entry_by IS NOT OLD.first_entry_by
       BEGIN SELECT RAISE(ABORT, 'dossiers.first_entry is insert-only (part of the timeline)'); END""",
    """CREATE TRIGGER IF NOT EXISTS dossiers_pending_insert_only
       BEFORE UPDATE OF gekoppeld_pending ON dossiers
       WHEN NEW.gekoppeld_pending AND NOT OLD.gekoppeld_pending
       BEGIN SELECT RAISE(ABORT, 'dossiers.gekoppeld_pending is insert-only (the milestone is a row now)'); END""",
]
SQLITE_DROP_KEEP_FIRST_ENTRY = [
    "DROP TRIGGER IF EXISTS dossiers_first_entry_insert_only",
    "DROP TRIGGER IF EXISTS dossiers_pending_insert_only",
]

# Revision 0023: without the NOT EXISTS look-up per koppeling. ON CONFLICT (koppeling_id) DO
# NOTHING already skips a koppeling that has its dossier, and the look-up cost ~8% of the insert.
_LOOKUP = "\n   WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.koppeling_id = k.id)"
assert _LOOKUP in LAZY_MAKE
LEAN_MAKE = LAZY_MAKE.replace(_LOOKUP, "")
