"""Header normalisation, header-row detection and column mapping.

A "kind" of import is a list of FieldSpec. Matching works on normalised header text, so
'V-nummer', 'Vnummer', 'V nr.' and 'V-nr' all become 'vnummer'. A mapping is
{column_index: field_key}; a saved profile is a plain JSON-serialisable dict keyed on normalised
header text, so it survives columns moving around.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.io.excel.values import parse_text

DEFAULT_HEADER_SCAN_ROWS = 30
# Header detection looks at no more than this: the first rows × columns of a sheet, a number of
# text cells per sheet and per file (a cell counts once per way it is scored: as a row, stacked).
# Matching costs ~0.1 ms per cell, so a sheet gives up within ~0.3 s and a file within ~1 s.
HEADER_SCAN_COLUMNS = 256  # Excel 2003's limit; the header and the imported data stop there
SHEET_CELL_BUDGET = 3_000
FILE_CELL_BUDGET = 10_000
MAX_SCANNED_SHEETS = 50


@dataclass
class ScanBudget:
    """Text cells header detection may still score; `used` counts what it did (for the tests)."""

    cells: int
    used: int = 0
    exhausted: bool = False

    def take(self, n: int) -> bool:
        if self.used + n > self.cells:
            self.exhausted = True
            return False
        self.used += n
        return True

# Abbreviations people use in headers, per token, after accents and punctuation are gone.
_TOKEN_EXPANSIONS: dict[str, str] = {
    "nr": "nummer", "no": "nummer", "num": "nummer", "nmr": "nummer", "nummers": "nummer",
    "dat": "datum", "dd": "datum", "geb": "geboorte", "aant": "aantal", "pers": "personen",
    "gem": "gemeente", "gemeentenaam": "gemeente",
}  # fmt: skip
# Filler words that vary between sheets without changing the meaning of a header.
_STOPWORDS = frozenset({"de", "het", "een", "van", "der", "den", "d", "v/d", "the", "of"})
_TOKEN_RE = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _normalise_text(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("#", " nummer ")
    tokens = []
    for token in _TOKEN_RE.findall(s):
        token = _TOKEN_EXPANSIONS.get(token, token)
        if token in _STOPWORDS:
            continue
        if token.endswith("nr") and len(token) > 2:  # 'vnr', 'bsnnr'
            token = token[:-2] + "nummer"
        tokens.append(token)
    return "".join(tokens)


def normalise_header(text: Any) -> str:
    """Comparable key for a header cell: no case, accents, spaces, punctuation or filler words."""
    if text is None:
        return ""
    return _normalise_text(parse_text(text) or "")


@dataclass(frozen=True)
class FieldSpec:
    """One importable field of a kind. `parser` turns a raw cell into a value or raises CellError."""

    key: str
    label_nl: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    parser: Callable[[Any], Any] | None = None

    def keys(self) -> frozenset[str]:
        """All normalised names this field answers to (key, label and synonyms)."""
        return _field_keys(self.key, self.label_nl, self.synonyms)


@functools.lru_cache(maxsize=1024)
def _field_keys(key: str, label_nl: str, synonyms: tuple[str, ...]) -> frozenset[str]:
    # Header detection asks for every field's keys for every row it scores.
    return frozenset(k for k in map(normalise_header, (key, label_nl, *synonyms)) if k)


# Match quality, best first. Containment needs a key of some length to mean anything.
SCORE_EXACT = 1.0
SCORE_CONTAINS = 0.8
SCORE_FUZZY = 0.6
_MIN_CONTAINED_KEY = 4
_FUZZY_CUTOFF = 0.86


def match_score(header_key: str, field_keys: Iterable[str]) -> float:
    """How well one normalised header matches one field (0 = not at all)."""
    if isinstance(field_keys, frozenset):
        return _match_score_cached(header_key, field_keys)
    return _match_score(header_key, field_keys)


@functools.lru_cache(maxsize=16384)
def _match_score_cached(header_key: str, field_keys: frozenset[str]) -> float:
    # Header detection scores every cell of the first rows against every field; data cells repeat.
    return _match_score(header_key, field_keys)


def _match_score(header_key: str, field_keys: Iterable[str]) -> float:
    if not header_key:
        return 0.0
    best = 0.0
    for key in field_keys:
        if header_key == key:
            return SCORE_EXACT
        if len(key) >= _MIN_CONTAINED_KEY and key in header_key:
            # 'vnummerhoofdaanvrager' contains 'vnummer'; longer keys are more specific.
            best = max(best, SCORE_CONTAINS + min(len(key), 30) / 1000)
        elif len(header_key) >= _MIN_CONTAINED_KEY + 1 and header_key in key:
            best = max(best, SCORE_CONTAINS - 0.05)
        elif best < SCORE_FUZZY and _similar(header_key, key):
            best = SCORE_FUZZY
    return best


@functools.lru_cache(maxsize=1024)
def _char_counts(key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in key:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _similar(a: str, b: str) -> bool:
    """Typo tolerance ('Geboortedatun'). The length bound and the shared-characters bound (difflib's
    real_quick_ratio and quick_ratio, with the field key's character counts kept) skip difflib's
    full comparison for almost every pair; header detection compares many cells with every key."""
    la, lb = len(a), len(b)
    total = la + lb
    if 2 * min(la, lb) < _FUZZY_CUTOFF * total:
        return False
    counts = _char_counts(b)
    left: dict[str, int] = {}
    shared = 0
    for ch in a:
        n = left[ch] if ch in left else counts.get(ch, 0)
        left[ch] = n - 1
        if n > 0:
            shared += 1
    if 2 * shared < _FUZZY_CUTOFF * total:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= _FUZZY_CUTOFF


def propose_mapping(
    header_cells: Sequence[Any],
    fields: Sequence[FieldSpec],
    profile: Mapping[str, Any] | None = None,
) -> dict[int, str]:
    """{column_index: field_key}: profile entries first, then the best synonym matches.

    Greedy on match quality, so an exact 'Gemeente' wins over 'Gemeentecode' containing it; each
    field and each column is used at most once.
    """
    keys = [normalise_header(c) for c in header_cells]
    field_keys = {f.key: f.keys() for f in fields}
    mapping: dict[int, str] = {}
    if profile:
        known = set(field_keys)
        for col, field_key in apply_profile(header_cells, profile).items():
            if field_key in known:
                mapping[col] = field_key
    used = set(mapping.values())
    candidates: list[tuple[float, int, int, str]] = []
    for col, key in enumerate(keys):
        if col in mapping or not key:
            continue
        for order, f in enumerate(fields):
            if f.key in used:
                continue
            score = match_score(key, field_keys[f.key])
            if score > 0:
                # Ties: earlier column, then earlier field.
                candidates.append((-score, col, order, f.key))
    for _neg, col, _order, field_key in sorted(candidates):
        if col in mapping or field_key in used:
            continue
        mapping[col] = field_key
        used.add(field_key)
    return dict(sorted(mapping.items()))


def missing_required(mapping: Mapping[int, str], fields: Iterable[FieldSpec]) -> list[FieldSpec]:
    mapped = set(mapping.values())
    return [f for f in fields if f.required and f.key not in mapped]


# --- header rows ----------------------------------------------------------------------------------


@dataclass
class HeaderDetection:
    """Where the header is: data starts at `data_start` (0-based row index)."""

    header_row: int
    header_rows: int  # 1, or 2 when two stacked header rows were combined
    header_cells: list[str | None]
    mapping: dict[int, str]
    score: float
    data_start: int = field(init=False)

    def __post_init__(self) -> None:
        self.data_start = self.header_row + 1


def _row_score(cells: Sequence[Any], fields: Sequence[FieldSpec]) -> tuple[float, dict[int, str]]:
    mapping = propose_mapping(cells, fields)
    keys = [normalise_header(c) for c in cells]
    fkeys = {f.key: f.keys() for f in fields}
    return sum(match_score(keys[c], fkeys[k]) for c, k in mapping.items()), mapping


def fill_merged(
    row: Sequence[Any], row_index: int, merged: Iterable[tuple[int, int, int, int]]
) -> list[Any]:
    """Copy a merged cell's text into the cells it spans on this row (Excel leaves them empty)."""
    out = list(row)
    for r0, c0, r1, c1 in merged:
        if not (r0 <= row_index <= r1):
            continue
        top = out[c0] if c0 < len(out) else None
        if top is None and r0 < row_index:
            continue  # vertical merge: the text is on the top row, handled there
        if len(out) <= c1:
            out.extend([None] * (c1 + 1 - len(out)))
        for c in range(c0 + 1, c1 + 1):
            if out[c] is None:
                out[c] = top
    return out


def _stack(
    parent: Sequence[Any], child: Sequence[Any], parent_filled: bool, fields: Sequence[FieldSpec]
) -> list[str | None]:
    """Combine two header rows per column, keeping whichever text matches a field best:
    'Datum' over 'koppeling' → 'Datum koppeling', but 'Hoofdaanvrager' over 'V-nummer' → 'V-nummer'.
    """
    fkeys = [f.keys() for f in fields]

    def quality(text: str | None) -> float:
        key = normalise_header(text)
        return max((match_score(key, k) for k in fkeys), default=0.0)

    width = max(len(parent), len(child))
    out: list[str | None] = []
    last_parent: Any = None
    for c in range(width):
        p = parent[c] if c < len(parent) else None
        ch = child[c] if c < len(child) else None
        if p is not None:
            last_parent = p
        elif not parent_filled and ch is not None:
            p = last_parent  # without merge information, a group label spans until the next one
        variants = [t for t in (ch, p) if t is not None]
        if p is not None and ch is not None and p != ch:
            variants.insert(0, f"{p} {ch}")
        out.append(max(variants, key=quality) if variants else None)
    return out


def detect_header(
    rows: Sequence[Sequence[Any]],
    fields: Sequence[FieldSpec],
    *,
    merged: Iterable[tuple[int, int, int, int]] = (),
    max_scan: int = DEFAULT_HEADER_SCAN_ROWS,
    max_columns: int = HEADER_SCAN_COLUMNS,
    budget: ScanBudget | None = None,
) -> HeaderDetection | None:
    """Find the header row among the first `max_scan` rows (title and logo rows may precede it).

    Each row is scored by how well its cells match the fields; a pair of stacked rows is tried too
    and wins only if it scores strictly better than either row alone. None when nothing matches.
    Only the first `max_columns` columns count, and the search stops (with the best row so far)
    when `budget` (default: SHEET_CELL_BUDGET text cells) runs out; `budget.exhausted` says so.
    """
    merged = list(merged)
    scan = [fill_merged(r[:max_columns], i, merged)[:max_columns] for i, r in enumerate(rows[:max_scan])]
    if budget is None:
        budget = ScanBudget(SHEET_CELL_BUDGET)
    best: HeaderDetection | None = None
    for i, row in enumerate(scan):
        texts = [parse_text(c) if isinstance(c, str) else None for c in row]
        filled = sum(t is not None for t in texts)
        if filled == 0:
            continue
        if not budget.take(filled):
            break
        score, mapping = _row_score(texts, fields)
        if score > 0 and (best is None or score > best.score):
            best = HeaderDetection(i, 1, texts, mapping, score)
        if i > 0 and any(c is not None for c in scan[i - 1]):
            parent = [parse_text(c) if isinstance(c, str) else None for c in scan[i - 1]]
            if not budget.take(filled + sum(t is not None for t in parent)):
                break
            stacked = _stack(parent, texts, bool(merged), fields)
            s_score, s_mapping = _row_score(stacked, fields)
            if s_score > 0 and (best is None or s_score > best.score + 1e-9):
                best = HeaderDetection(i, 2, stacked, s_mapping, s_score)
    return best


# --- profiles -------------------------------------------------------------------------------------


def make_profile(
    name: str, kind: str, header_cells: Sequence[Any], mapping: Mapping[int, str]
) -> dict[str, Any]:
    """A JSON-serialisable mapping profile, keyed on normalised header text (not on position)."""
    columns: dict[str, str] = {}
    for col, field_key in mapping.items():
        key = normalise_header(header_cells[col]) if col < len(header_cells) else ""
        if key:
            columns[key] = field_key
    positions = {str(col): field_key for col, field_key in mapping.items()}
    return {"version": 1, "name": name, "kind": kind, "columns": columns, "positions": positions}


def apply_profile(header_cells: Sequence[Any], profile: Mapping[str, Any]) -> dict[int, str]:
    """Mapping from a profile: by header text; by position only for columns without a header."""
    columns: Mapping[str, str] = profile.get("columns", {})
    positions: Mapping[str, str] = profile.get("positions", {})
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for col, cell in enumerate(header_cells):
        field_key = columns.get(normalise_header(cell))
        if field_key and field_key not in used:
            mapping[col] = field_key
            used.add(field_key)
    for col_text, field_key in positions.items():
        col = int(col_text)
        blank = col >= len(header_cells) or not normalise_header(header_cells[col])
        if blank and col not in mapping and field_key not in used:
            mapping[col] = field_key
            used.add(field_key)
    return mapping
