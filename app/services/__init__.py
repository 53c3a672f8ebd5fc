"""Use cases. Every function takes (session, actor, …), checks rights and writes the access log
through ``app.services.access.authorize`` and returns plain data. No Qt.

One package per module (``board``, ``cases``; the volunteer directory and the employer planner get
theirs when they arrive); beside them what every module shares: the access gate (``access``), the
access log (``audit``), Excel export (``exports``, ``export_lists``), users and region data."""
