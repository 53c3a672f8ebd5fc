"""The README tells the truth about the code: every folder and file its layout names exists, every
command it shows is a command of the program, and it needs nothing outside this repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _layout_block() -> str:
    section = README.split("## Layout", 1)[1]
    return section.split("```text", 1)[1].split("```", 1)[0]


def test_every_path_in_the_layout_exists() -> None:
    top = r"(?:app|tests|bench|resources|scripts|installers|\.ci)"
    paths = re.findall(rf"(?<![\w.])({top}/[\w/]*)", _layout_block())
    assert len(paths) > 10
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []
    named_files = re.findall(r"\b([\w]+\.(?:py|sh|csv))\b", _layout_block())
    for name in named_files:
        assert list(ROOT.glob(f"**/{name}")), name


def test_every_top_level_package_is_in_the_layout() -> None:
    layout = _layout_block()
    packages = [p.name for p in (ROOT / "app").iterdir() if (p / "__init__.py").exists()]
    assert [p for p in packages if f"app/{p}/" not in layout] == []
    service_packages = [p.name for p in (ROOT / "app/services").iterdir() if (p / "__init__.py").exists()]
    assert [p for p in service_packages if f"app/services/{p}/" not in layout] == []


def test_every_command_shown_exists() -> None:
    from app.cli import build_parser

    parser = build_parser()
    shown = set(re.findall(r"python -m app (?:--as [\w-]+ |--wide )?([a-z][\w-]*)", README))
    sub = next(a for a in parser._actions if a.dest == "command")
    assert shown and shown <= set(sub.choices), shown - set(sub.choices)  # type: ignore[attr-defined]


def test_nothing_outside_the_repository_is_needed() -> None:
    outside = ("../" + "shared", '"shared" / ' + '"samples"')  # spelled apart: this file is checked too
    for path in [ROOT / "README.md", *ROOT.glob("app/**/*.py"), *ROOT.glob("tests/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not any(o in text for o in outside), path
