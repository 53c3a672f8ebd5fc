"""Reading a CSV file as the one-sheet workbook the importer expects: its encoding (UTF-8 with or
without BOM, UTF-16, cp1252; a UTF-8 file with a few foreign bytes is refused with the lines named),
its delimiter, quoting mistakes that swallow lines, NUL bytes, and the row limit."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from app.io.excel.reader import DEFAULT_MAX_EMPTY_ROWS, Workbook, trim_empty_runs
from app.io.excel.safety import ImportFileError, SafetyLimits
from app.io.excel.sheet_limits import dotted

MSG_CSV_BROKEN = "Het CSV-bestand kan niet worden gelezen (regel {line}): {reason}"

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (";", ",", "\t", "|")
_SCAN_BLOCK = 1024 * 1024
_LISTED_LINES = 5  # lines named in a message; the rest are counted

MSG_CSV_MIXED = (
    "{lines}: tekens die geen UTF-8 zijn ({bytes}), terwijl de rest van het bestand UTF-8 is; "
    "sla het bestand op als 'CSV UTF-8' en lees het opnieuw in."
)
MSG_CSV_NUL = (
    "{lines}: een NUL-teken (byte 0x00), dat in een tekstbestand niet hoort; het bestand is "
    "beschadigd of geen CSV. Sla het in Excel opnieuw op als 'CSV UTF-8' en lees het opnieuw in."
)
MSG_CSV_QUOTE = (
    'Regel {line}: een aanhalingsteken (") wordt niet gesloten; regels {line}–{last} zouden daardoor '
    "als één rij gelezen worden. Regel {line} is overgeslagen, de regels erna zijn elk als eigen rij "
    "gelezen. Controleer regel {line}."
)


def _lines_text(lines: list[int], more: int) -> str:
    """'Regel 17', 'Regels 17 en 40', 'Regels 17, 40, 52 en nog 3 andere'."""
    if len(lines) == 1 and not more:
        return f"Regel {lines[0]}"
    words = [str(n) for n in lines]
    if more:
        return f"Regels {', '.join(words)} en nog {more} andere"
    return f"Regels {', '.join(words[:-1])} en {words[-1]}"


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is NUL (Excel's 'Unicode text'
    saved by a program that left out the byte-order mark), else None."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    for name, offset in (("utf-16-le", 1), ("utf-16-be", 0)):
        zeros = sample[offset::2].count(0)
        if zeros >= 0.9 * (len(sample) // 2) and sample[1 - offset :: 2].count(0) == 0:
            return name
    return None


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16, else Windows-1252 (Dutch Excel's 'CSV').

    The whole file is checked, block by block of whole lines, because a single 'é' on row 90,000
    decides between UTF-8 and cp1252 (~20 ms per 10 MB; nothing is kept). A file that is UTF-8
    except for a few lines (one pasted from a cp1252 program) is neither: decoding it either way
    misreads part of it, so it is refused with the lines named. So is a file with NUL bytes.
    """
    return _scan_encoding(path)[0]


def _scan_encoding(path: Path) -> tuple[str, int | None]:
    """detect_encoding, and the number of lines that are not blank, counted in the same pass
    (None for UTF-16, whose lines are counted as text)."""
    text_lines = 0
    with path.open("rb") as fh:
        head = fh.read(4)
        bom = head.startswith(codecs.BOM_UTF8)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", None
        fh.seek(0)
        first = fh.read(_SCAN_BLOCK)
        utf16 = _utf16_without_bom(first)
        if utf16 is not None:
            return utf16, None
        line_no = 0  # lines before the current block
        bad: list[tuple[int, int]] = []  # (line, first undecodable byte)
        bad_count = 0
        nul: list[int] = []
        nul_count = 0
        multibyte = False  # a line that is valid UTF-8 and not plain ASCII
        rest = b""
        block = first
        while True:
            data = rest + block
            if block:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    rest = data
                    block = fh.read(_SCAN_BLOCK)
                    continue
                data, rest = data[:cut], data[cut:]
            if not data:
                break
            text_lines += sum(1 for line in data.split(b"\n") if line.strip())
            clean_nul = b"\0" not in data
            try:
                data.decode("utf-8")
                multibyte = multibyte or not data.isascii()
                ok = True
            except UnicodeDecodeError:
                ok = False
            if not ok or not clean_nul:
                for index, line in enumerate(data.split(b"\n"), start=line_no + 1):
                    if b"\0" in line:
                        nul_count += 1
                        if len(nul) < _LISTED_LINES:
                            nul.append(index)
                    if ok:
                        continue
                    try:
                        line.decode("utf-8")
                        multibyte = multibyte or not line.isascii()
                    except UnicodeDecodeError as exc:
                        bad_count += 1
                        if len(bad) < _LISTED_LINES:
                            bad.append((index, line[exc.start]))
            line_no += data.count(b"\n")
            if not block:
                break
            block = fh.read(_SCAN_BLOCK)
    if nul:
        raise ImportFileError(MSG_CSV_NUL.format(lines=_lines_text(nul, nul_count - len(nul))))
    if not bad:
        return ("utf-8-sig" if bom else "utf-8"), text_lines
    if not multibyte:  # (a BOM is a valid multi-byte sequence: that file is UTF-8 for sure)
        return "cp1252", text_lines
    if len(bad) == 1:
        shown = f"byte 0x{bad[0][1]:02X}"
    else:
        shown = ", ".join(f"byte 0x{b:02X} op regel {n}" for n, b in bad)
    raise ImportFileError(
        MSG_CSV_MIXED.format(lines=_lines_text([n for n, _b in bad], bad_count - len(bad)), bytes=shown)
    )


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most, and most consistent, columns."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if lines and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:
        return lines[0].strip()[4]
    best, best_score = ";", -1.0
    for delim in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        modal = max(set(counts), key=counts.count)
        # Consistency counts more than width: a decimal comma adds columns only on some lines.
        score = counts.count(modal) / len(counts) * 100 + modal
        if score > best_score:
            best, best_score = delim, score
    return best


class CsvRowProblem(list):  # type: ignore[type-arg]
    """A CSV row that cannot be read as it stands; parse_rows makes `problem_nl` its row error."""

    problem_nl: str = ""


class CsvWorkbook(Workbook):
    """Rows are numbered by the lines of the file, as a text editor shows them: a 'sep=' line and
    the extra lines of a cell that spans lines are yielded as empty rows (parse_rows skips them)."""

    def __init__(
        self, path: Path, *, max_empty_rows: int = DEFAULT_MAX_EMPTY_ROWS, limits: SafetyLimits | None = None
    ) -> None:
        self.path = path
        self.max_empty_rows = max_empty_rows
        self.sheet_names = [path.stem]
        self.encoding, text_lines = _scan_encoding(path)
        _check_csv_rows(path, self.encoding, (limits or SafetyLimits()).max_rows, text_lines)
        with path.open(encoding=self.encoding, errors="replace", newline="") as fh:
            sample = fh.read(_SNIFF_BYTES)
        self.delimiter = detect_delimiter(sample)
        first = sample.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
        self._skip_sep_line = first.startswith("sep=") and len(first) == 5

    def rows(self, sheet: str | int = 0, start: int = 0) -> Iterator[list[Any]]:
        self._sheet_name(sheet)
        return trim_empty_runs(self._raw_rows(start), self.max_empty_rows)

    def _raw_rows(self, start: int) -> Iterator[list[Any]]:
        with self.path.open(encoding=self.encoding, errors="replace", newline="") as fh:
            index = 0
            if self._skip_sep_line:
                fh.readline()
                index = 1
                if start == 0:
                    yield []
            records = _csv_records(fh, self.delimiter, index + 1, [0])
            try:
                for row in records:
                    if index >= start:
                        if row.__class__ is list:
                            yield [None if v == "" or v.isspace() else v for v in row]
                        else:
                            yield row
                    index += 1
            except csv.Error as exc:
                raise ImportFileError(MSG_CSV_BROKEN.format(line=index + 1, reason=_csv_reason(exc))) from exc


MSG_CSV_TOO_MANY_ROWS = (
    "Het bestand heeft {rows} rijen onder de kopregel; de grens is {limit}. Splits het bestand in "
    "delen van hoogstens {limit} rijen en lees ze na elkaar in."
)


def _check_csv_rows(path: Path, encoding: str, max_rows: int, text_lines: int | None = None) -> None:
    """Refuse a CSV with more rows than the limit before any row is parsed, from the lines that
    are not blank (`text_lines`, as the encoding scan counted them, or counted here); the first
    is the header."""
    if text_lines is None:
        text_lines = _count_text_lines(path, encoding)
    rows = text_lines - 1
    if rows > max_rows:
        raise ImportFileError(MSG_CSV_TOO_MANY_ROWS.format(rows=dotted(rows), limit=dotted(max_rows)))


def _count_text_lines(path: Path, encoding: str) -> int:
    """The lines that are not blank: one pass over the bytes (~20 ms per 20 MB), UTF-16 as text."""
    if encoding.lower().replace("-", "").startswith("utf16"):
        with path.open(encoding=encoding, errors="replace", newline="") as fh:
            return sum(1 for line in fh if line.strip())
    text_lines = 0
    with path.open("rb") as raw:
        tail = b""
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            block = tail + chunk
            cut = block.rfind(b"\n") + 1
            text_lines += sum(1 for line in block[:cut].split(b"\n") if line.strip())
            tail = block[cut:]
        text_lines += 1 if tail.strip() else 0
    return text_lines


def _csv_records(lines: Iterable[str], delimiter: str, line_no: int, width: list[int]) -> Iterator[list[Any]]:
    """Records of CSV `lines` (the first is line `line_no`), one per line: a record that spans k
    lines is followed by k - 1 empty ones. A record that swallowed lines because a quote was never
    closed (its later lines hold as many delimiters as a row) is split again: its first line as a
    CsvRowProblem, the lines after it read on their own. `width`: the widest record so far."""
    taken: list[str] = []

    def recorded() -> Iterator[str]:
        for line in lines:
            taken.append(line)
            yield line

    for row in csv.reader(recorded(), delimiter=delimiter):
        if len(taken) == 1:
            taken.clear()
            width[0] = max(width[0], len(row))
            yield row
            line_no += 1
            continue
        spanned = taken[:]
        taken.clear()
        if _swallowed(spanned, delimiter, width[0]):
            head = spanned[0].rstrip("\r\n") + '"'
            broken = CsvRowProblem(
                None if v == "" or v.isspace() else v for v in next(csv.reader([head], delimiter=delimiter))
            )
            last = line_no + len(spanned) - 1
            broken.problem_nl = MSG_CSV_QUOTE.format(line=line_no, last=last)
            yield broken
            yield from _csv_records(spanned[1:], delimiter, line_no + 1, width)
        else:
            width[0] = max(width[0], len(row))
            yield row
            for _ in spanned[1:]:
                yield []
        line_no += len(spanned)


def _swallowed(lines: list[str], delimiter: str, width: int) -> bool:
    """Lines read as one record because a quote on the first is never closed: the first has an
    odd number of quotes and a later line has (at least half) the delimiters of a row. A cell
    with a line break in it (Alt+Enter in Excel) has an even number, or text without delimiters."""
    if lines[0].count('"') % 2 == 0:
        return False
    need = max(1, (width - 1) // 2)
    return any(line.count(delimiter) >= need for line in lines[1:])


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return "een veld is onredelijk lang."
    if "NUL" in text:
        return "het bevat binaire tekens."
    return "de opmaak klopt niet."
