"""Batch printing into a folder, with progress and cancel; file names; reportlab loaded lazily."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from app.io.pdf.packs import pack_filename, render_pack, render_packs
from app.io.pdf.samples import KINDS, sample_pack

ROOT = Path(__file__).resolve().parents[2]


def test_render_pack_to_a_path_writes_a_readable_pdf(tmp_path: Path) -> None:
    target = tmp_path / "pakket.pdf"
    pages = render_pack(sample_pack("vwn_mb"), target)
    assert len(PdfReader(target).pages) == pages >= 3


def test_batch_writes_one_pdf_per_pack_with_progress(tmp_path: Path) -> None:
    packs = [sample_pack(kind) for kind in KINDS]
    calls: list[tuple[int, int]] = []
    paths = render_packs(packs, tmp_path / "batch", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert [p.parent for p in paths] == [tmp_path / "batch"] * 4
    assert sorted(p.name for p in (tmp_path / "batch").iterdir()) == sorted(p.name for p in paths)
    for path, pack in zip(paths, packs, strict=True):
        reader = PdfReader(path)
        assert reader.metadata is not None and reader.metadata.title == pack.title
        assert pack.kind.replace("_", "-") in path.name


def test_file_names_are_safe_and_never_overwrite(tmp_path: Path) -> None:
    tricky = sample_pack("gca_huisarts", reference='Dossier 12/Ç:*?"<> overdracht 3')
    name = pack_filename(tricky)
    assert name == "overdracht-dossier-12-c-overdracht-3-gca-huisarts.pdf"
    assert re.fullmatch(r"[a-z0-9-]+\.pdf", name)
    (tmp_path / name).write_bytes(b"iemand heeft dit open")
    paths = render_packs([tricky, tricky], tmp_path)
    assert [p.name for p in paths] == [
        "overdracht-dossier-12-c-overdracht-3-gca-huisarts-2.pdf",
        "overdracht-dossier-12-c-overdracht-3-gca-huisarts-3.pdf",
    ]
    assert (tmp_path / name).read_bytes() == b"iemand heeft dit open"


def test_cancel_stops_before_the_next_pack_and_keeps_what_was_written(tmp_path: Path) -> None:
    packs = [sample_pack("jgz", reference=f"Dossier {n}") for n in range(5)]
    calls: list[tuple[int, int]] = []
    paths = render_packs(
        packs,
        tmp_path,
        progress=lambda done, total: calls.append((done, total)),
        cancelled=lambda: len(calls) > 2,  # after the second pack
    )
    assert len(paths) == 2
    assert calls[-1] == (2, 5)
    assert sorted(tmp_path.iterdir()) == sorted(paths)


def test_importing_the_renderer_does_not_load_reportlab() -> None:
    code = (
        "import sys, app.io.pdf.packs, app.io.pdf.pack_model;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'bidi', 'arabic_reshaper')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
