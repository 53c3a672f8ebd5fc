"""Pure rules: enums, value objects, validation, quota arithmetic, deadlines, matching.

Nothing in this package imports Qt or the database.
"""
