"""Alembic migrations, shipped inside the package so an installed program can upgrade itself.

``HEAD`` lets start-up compare revisions without importing Alembic (which costs start-up time);
a test checks it against Alembic's own idea of the head.
"""

HEAD = "0023"
