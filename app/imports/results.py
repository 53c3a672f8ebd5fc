"""What an import run hands back: per-row classification for the preview, counts, the batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RowStatus = Literal["new", "changed", "unchanged", "error"]
Mode = Literal["skip", "stop"]

STATUS_LABELS: dict[str, str] = {
    "new": "Nieuw",
    "changed": "Gewijzigd",
    "unchanged": "Ongewijzigd",
    "error": "Fout",
}
MODE_LABELS: dict[str, str] = {
    "skip": "Rijen met fouten overslaan",
    "stop": "Stoppen bij een fout",
}


@dataclass
class PreviewRow:
    """One data row of the sheet as the import sees it. `errors` and `changed_fields` are keyed
    by field key (or '_row'), so the preview can mark the exact cell."""

    row_number: int  # Excel row number
    status: RowStatus
    key_text: str
    values: dict[str, Any]  # field key -> parsed value (or the raw cell when it did not parse)
    errors: dict[str, str] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    changed_fields: set[str] = field(default_factory=set)
    # Implausible but accepted values, keyed like `errors`: the row is imported, the preview warns.
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def message(self) -> str:
        if self.errors:
            return "; ".join(self.errors.values())
        parts = [f"{label}: {old} → {new}" for label, old, new in self.changes]
        parts += [f"Let op: {text}" for text in self.warnings.values()]
        return "; ".join(parts)


@dataclass
class ImportRequest:
    path: Path
    kind: str
    sheet: str | None = None
    mapping: dict[int, str] | None = None  # the user's corrections win over profile and synonyms
    profile: str | None = None  # name of a saved profile
    mode: Mode = "skip"
    # (header text, field key or label) over the mapping, profile or proposal; None: not imported.
    # Headers match as the program matches them (case, spaces, punctuation do not count).
    columns: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class ImportResult:
    request: ImportRequest
    kind_title: str
    dry_run: bool
    sheet: str
    header_row: int  # Excel row number of the header
    header_cells: list[Any]
    mapping: dict[int, str]
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_LABELS, 0))
    rows: list[PreviewRow] = field(default_factory=list)
    rows_truncated: bool = False
    rejected: list[tuple[list[Any], str]] = field(default_factory=list)
    batch_id: int | None = None
    stopped_at: int | None = None  # 'stop' mode met an error on this row: nothing was imported
    seconds: float = 0.0
    sheet_notes: list[str] = field(default_factory=list)  # other sheets fit too, or this one is hidden
    warned: int = 0  # rows imported (or to be) with a warning
    skipped: list[tuple[int, str]] = field(default_factory=list)  # summary rows: (row, first text)
    # Rows of another municipality, which this user may not import: refused like errors (they are in
    # counts["error"] and in `rejected`) but reported apart, because nothing is wrong with them.
    not_yours: int = 0

    @property
    def faulty(self) -> int:
        """Rows refused because something in them is wrong (not those of another municipality)."""
        return self.counts["error"] - self.not_yours

    @property
    def refused(self) -> int:
        """Every row that was not imported: faulty ones and those of another municipality."""
        return self.counts["error"]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def committed(self) -> bool:
        return self.batch_id is not None

    def summary_lines(self) -> list[str]:
        """The report, in Dutch, as the CLI prints it and the dialog shows it."""
        c = self.counts
        name = self.request.path.name
        head = "Voorbeeld (er is niets opgeslagen)" if self.dry_run else "Import"
        lines = [
            f"{head}: {self.kind_title} uit '{name}', werkblad '{self.sheet}', "
            f"kopregel op regel {self.header_row}.",
            *(f"Let op: {note}" for note in self.sheet_notes),
            f"  Nieuw:        {c['new']:>7}",
            f"  Gewijzigd:    {c['changed']:>7}",
            f"  Ongewijzigd:  {c['unchanged']:>7}",
            f"  Met fouten:   {self.faulty:>7}",
        ]
        if self.not_yours:
            lines.append(f"  Niet voor uw gemeente: {self.not_yours} (overgeslagen; u mag alleen die van uw "
                         "eigen gemeente inlezen)")
        if self.warned:
            lines.append(f"  {_rows(self.warned)} met een waarschuwing (wel ingelezen; controleer ze).")
        if self.skipped:
            lines.append(f"  {self.skipped_text()}.")
        if self.stopped_at is not None:
            lines.append(
                f"Gestopt bij de fout op regel {self.stopped_at} (keuze 'stoppen bij een fout'): "
                "er is niets opgeslagen."
            )
        elif self.committed:
            lines.append(
                f"Opgeslagen als importbatch {self.batch_id}: {c['new']} nieuw, {c['changed']} gewijzigd"
                + (f", {_rows(self.faulty)} met fouten overgeslagen" if self.faulty else "")
                + (f", {_rows(self.not_yours)} van een andere gemeente overgeslagen"
                   if self.not_yours else "")
                + "."
            )
        return lines

    def skipped_text(self) -> str:
        """'1 totaalregel overgeslagen (regel 18: 'Totaal')'."""
        n = len(self.skipped)
        what = "1 totaalregel" if n == 1 else f"{n} totaalregels"
        where = ", ".join(f"regel {row}: '{text[:30]}'" for row, text in self.skipped[:3])
        more = ", …" if n > 3 else ""
        return f"{what} overgeslagen ({where}{more})"


def _rows(n: int) -> str:
    return "1 rij" if n == 1 else f"{n} rijen"
