"""Headless sub-commands. Each module here has ``register(subparsers)``; handlers import their
services lazily so ``--help`` stays fast."""

COMMAND_MODULES = [
    "app.commands.db",
    "app.commands.setup",
    "app.commands.demo",
    "app.commands.users",
    "app.commands.board",
    "app.commands.forecast",
    "app.commands.swap_plan",
    "app.commands.imports",
    "app.commands.export",
    "app.commands.cases",
    "app.commands.initiatives",
    "app.commands.challenges",
    "app.commands.sample",
    "app.commands.backup",
    "app.commands.audit",
    "app.commands.retention",
]
