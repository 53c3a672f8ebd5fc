"""Spreadsheet import into the database: one framework, many kinds.

A *kind* (``app.imports.kinds.ImportKind``) says which fields a sheet may have, how a parsed row
becomes database column values, and what its natural key is. The engine (``engine.run_import``)
does the rest for every kind alike: sheet and header detection, mapping, classification into
new / changed / unchanged / error, the atomic upsert, the batch kept for undo, and the report.

Later modules add a kind by writing a subclass with ``@register`` and listing its module in
``kinds.KIND_MODULES``; nothing else changes. A kind whose rows must go through its own service
(the directory's: a change history per field) sets ``writes_through_service`` and writes and
undoes row by row (``write_new``, ``write_changed``, ``undo_row``); the batch and undo stay the same.
"""
