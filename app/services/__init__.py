"""Use cases. Every function takes (session, actor, …), checks rights and writes the access log
through ``app.services.access.authorize`` and returns plain data. No Qt."""
