"""Fail CI when the PostgreSQL variants of the database tests were skipped or did not run."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    ran = skipped = 0
    for case in ET.parse(path).iter("testcase"):
        name = case.get("name", "") + " " + case.get("classname", "")
        # tests/security runs only on PostgreSQL (plain SQL with persons' own logins).
        if "postgresql" not in name and "connection_loss" not in name and "tests.security" not in name:
            continue
        if case.find("skipped") is not None:
            skipped += 1
            print(f"OVERGESLAGEN: {case.get('classname')}::{case.get('name')}", file=sys.stderr)
        else:
            ran += 1
    print(f"PostgreSQL-tests: {ran} uitgevoerd, {skipped} overgeslagen")
    if skipped or ran == 0:
        print("CI faalt: de PostgreSQL-tests moeten draaien.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
