"""Signing in: who is acting (identity), PostgreSQL logins and passwords (pg_users, signin).
No Qt here; the GUI's dialogs call these."""
