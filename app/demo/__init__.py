"""Synthetic, deterministic demo data (``python -m app demo``). ``fill`` holds the framework and the
foundation's part (region, periods, users); each module adds its own part in a module of its own."""
