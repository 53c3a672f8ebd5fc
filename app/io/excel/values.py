"""Tolerant cell parsers.

Every parser takes one raw cell value as a reader yields it (calamine: str, float, int, bool,
date, datetime, time, timedelta; CSV: str; empty: None or '') and returns the parsed value, or
None for an empty cell, or raises CellError with a Dutch message that names the offending value.
Whether an empty cell is allowed is the caller's business (FieldSpec.required).

The rules follow what Dutch Excel users produce: day-first dates, decimal comma, numbers stored as
text, identifiers whose leading zeros Excel dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


class CellError(ValueError):
    """A cell value that cannot be used; `message_nl` is shown to the user.

    ``labelled``: the message reads on from the field's label ("Gezinsgrootte" + " 25 is te groot");
    otherwise the label is put before it with a colon ("Gezinsgrootte: '3,5' is geen geheel getal").
    """

    def __init__(self, message_nl: str, *, labelled: bool = False) -> None:
        super().__init__(message_nl)
        self.message_nl = message_nl
        self.labelled = labelled


@dataclass(frozen=True, slots=True)
class Warned:
    """A parsed value that is usable but near the edge of what is plausible: the import accepts it
    and the preview shows `message_nl`, which reads on from the field's label like a labelled
    CellError ("Gezinsgrootte" + " 14 is ongewoon hoog …")."""

    value: Any
    message_nl: str


# --- formula cells without a usable value -----------------------------------------------------------

# Excel's error values; calamine reads a cell holding one as an empty string.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)  # fmt: skip
MSG_FORMULA_ERROR = (
    "de cel bevat een formule met de fout {error}; vul de waarde zelf in of herbereken en sla op in Excel."
)
MSG_FORMULA_UNCACHED = (
    "de cel bevat een formule zonder opgeslagen uitkomst; open het bestand in Excel en sla het opnieuw op."
)


class FormulaCell:
    """What the xlsx reader puts in place of a formula cell that has no usable value: `error` is
    Excel's error value ('#N/A', '#DIV/0!') or '' when the file kept no result at all (written by a
    program that cannot calculate). Shown as the error value, or '=…'."""

    __slots__ = ("error",)

    def __init__(self, error: str = "") -> None:
        self.error = error

    def __str__(self) -> str:
        return self.error or "=…"

    def __repr__(self) -> str:
        return f"FormulaCell({self.error!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormulaCell) and other.error == self.error

    def __hash__(self) -> int:
        return hash(("FormulaCell", self.error))


def formula_problem(value: Any) -> str | None:
    """The message for a formula cell without a usable value, else None. Also for an error value as
    text ('#N/A'), as Excel writes it into a CSV export."""
    if value.__class__ is FormulaCell:
        if value.error:
            return MSG_FORMULA_ERROR.format(error=value.error)
        return MSG_FORMULA_UNCACHED
    if value.__class__ is str and value[:1] == "#" and (code := value.strip().upper()) in EXCEL_ERRORS:
        return MSG_FORMULA_ERROR.format(error=code)
    return None


# --- text -----------------------------------------------------------------------------------------

# Zero-width characters and the soft hyphen arrive via copy-paste from web pages and e-mail.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u202f]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return clean_text(value) == ""
    return isinstance(value, float) and math.isnan(value)


def clean_text(value: str, *, keep_newlines: bool = False) -> str:
    """Remove invisible characters, turn every kind of space into one plain space, trim."""
    # Fast path for the common case (plain ASCII, already tidy): no regex, no copy.
    if value.isascii() and value.isprintable() and "  " not in value and value == value.strip():
        return value
    text = _CONTROL_RE.sub("", value.translate(_INVISIBLE))
    if keep_newlines:
        lines = (_SPACES_RE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
        return "\n".join(lines).strip()
    return _SPACES_RE.sub(" ", text).strip()


def show_cell(value: Any) -> str:
    """The value as the user would recognise it in a message."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    text = clean_text(str(value))
    return text if len(text) <= 40 else text[:37] + "…"


def parse_text(value: Any) -> str | None:
    """Any cell as clean text. Whole floats lose their '.0' (calamine reads 12 as 12.0)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        return str(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M") if value.time() != dt.time() else value.strftime("%d-%m-%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    text = clean_text(str(value))
    return text or None


def parse_multiline_text(value: Any) -> str | None:
    if isinstance(value, str):
        return clean_text(value, keep_newlines=True) or None
    return parse_text(value)


# --- numbers --------------------------------------------------------------------------------------

_NUMBER_JUNK_RE = re.compile(r"[\s\u00a0\u202f'€]")
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _text_to_decimal(text: str) -> Decimal:
    """'1.234,56' / '1,234.56' / '3,5' / '3.5' / '1.234' (Dutch thousands) → Decimal."""
    raw = text
    s = _NUMBER_JUNK_RE.sub("", clean_text(text))
    if s.startswith("(") and s.endswith(")"):  # accounting negative
        s = "-" + s[1:-1]
    if s.endswith("-") and s[:-1].replace(",", "").replace(".", "").isdigit():
        s = "-" + s[:-1]
    has_comma, has_dot = "," in s, "." in s
    if has_comma and has_dot:
        # The last separator is the decimal one; the other groups thousands.
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif has_comma:
        s = s.replace(",", "") if s.count(",") > 1 else s.replace(",", ".")
    elif has_dot and s.count(".") > 1:
        s = s.replace(".", "")
    elif has_dot:
        whole, frac = s.split(".")
        # Dutch: '1.234' is one thousand two hundred thirty-four; '0.5' and '3.25' stay decimal.
        if len(frac) == 3 and whole.lstrip("+-") not in ("", "0"):
            s = whole + frac
    if not _NUMBER_RE.match(s):
        raise CellError(f"'{show_cell(raw)}' is geen getal.")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - regex already guards
        raise CellError(f"'{show_cell(raw)}' is geen getal.") from exc


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"'{show_cell(value)}' is geen getal.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CellError("Deze cel bevat geen geldig getal.")
        # str() gives the shortest repr, so 0.1 stays 0.1 instead of 0.1000000000000000055…
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise CellError(f"'{show_cell(value)}' is een datum of tijd, geen getal.")
    text = clean_text(str(value))
    if not text:
        return None
    return _text_to_decimal(text)


_AMBIGUOUS_THOUSANDS_RE = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")


def parse_int(value: Any) -> int | None:
    """Whole numbers, also '3,0' and 3.0; '3,5' is refused rather than rounded."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)  # the common case (Excel stores every number as a float), kept cheap
    if isinstance(value, str) and "," in value:
        text = _NUMBER_JUNK_RE.sub("", clean_text(value))
        if _AMBIGUOUS_THOUSANDS_RE.match(text):
            # '1,000': a thousands comma (English) or a decimal comma (Dutch)? Not a guess to make.
            whole, frac = text.split(",")
            meant = f"{whole} of {whole}{frac}" if frac == "000" else f"{whole}{frac}"
            raise CellError(f"'{text}' is geen geheel getal; bedoelt u {meant}?")
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"'{show_cell(value)}' is geen geheel getal.")
    return int(number)


def parse_non_negative_int(value: Any) -> int | None:
    number = parse_int(value)
    if number is not None and number < 0:
        raise CellError(f"'{show_cell(value)}' mag niet negatief zijn.")
    return number


_LONG_NUMBER = 40


def _show_number(value: Any, number: int | Decimal) -> str:
    """A number as it was in the cell, absurdly long ones cut short: '1E+30', '12345…(61 cijfers)'."""
    if isinstance(value, float):
        return f"{value:.6G}" if abs(value) >= 1e15 else show_cell(value)
    text = clean_text(value) if isinstance(value, str) else str(number)
    text = _NUMBER_JUNK_RE.sub("", text) or str(number)
    if len(text) <= _LONG_NUMBER:
        return text
    digits = sum(c.isdigit() for c in text)
    return f"{text[:20]}…({digits} cijfers)"


def _plain(limit: int | Decimal) -> str:
    """10000 → '10.000', Decimal('1500.00') → '1.500' (Dutch thousands, no needless decimals)."""
    if isinstance(limit, Decimal) and limit == limit.to_integral_value():
        limit = int(limit)
    if isinstance(limit, int):
        return f"{limit:,}".replace(",", ".")
    return str(limit).replace(".", ",")


def _range_checked(
    value: Any, number: Any, minimum: Any, maximum: Any, warn_below: Any, warn_above: Any
) -> Any:
    if minimum <= number <= maximum and (warn_above is None or number <= warn_above) and (
        warn_below is None or number >= warn_below
    ):
        return number  # the common case: no message, so nothing to show
    shown = _show_number(value, number)
    if number > maximum:
        raise CellError(f"{shown} is te groot (hoogstens {_plain(maximum)}).", labelled=True)
    if number < minimum:
        if minimum == 0:
            raise CellError(f"'{shown}' mag niet negatief zijn.")
        raise CellError(f"{shown} is te klein (minstens {_plain(minimum)}).", labelled=True)
    if warn_above is not None and number > warn_above:
        return Warned(number, f"{shown} is ongewoon hoog (meer dan {_plain(warn_above)}); klopt dat?")
    if warn_below is not None and number < warn_below:
        return Warned(number, f"{shown} is ongewoon laag (minder dan {_plain(warn_below)}); klopt dat?")
    return number


def int_parser(
    minimum: int, maximum: int, *, warn_below: int | None = None, warn_above: int | None = None
) -> Callable[[Any], int | Warned | None]:
    """Whole numbers in [minimum, maximum] (a row error beyond, naming the value); a Warned value
    outside [warn_below, warn_above]. '1,000' is refused: in a Dutch sheet it may be 1 or 1000."""

    def parse(value: Any) -> int | Warned | None:
        number = parse_int(value)
        if number is None:
            return None
        return _range_checked(value, number, minimum, maximum, warn_below, warn_above)  # type: ignore[no-any-return]

    return parse


def decimal_parser(
    minimum: Decimal | int,
    maximum: Decimal | int,
    *,
    warn_below: Decimal | int | None = None,
    warn_above: Decimal | int | None = None,
) -> Callable[[Any], Decimal | Warned | None]:
    """Numbers in [minimum, maximum], like int_parser; a decimal comma stays decimal ('1,5' = 1.5)."""

    def parse(value: Any) -> Decimal | Warned | None:
        number = parse_decimal(value)
        if number is None:
            return None
        if not number.is_finite():
            raise CellError("Deze cel bevat geen geldig getal.")
        return _range_checked(value, number, minimum, maximum, warn_below, warn_above)  # type: ignore[no-any-return]

    return parse


# --- booleans -------------------------------------------------------------------------------------

_TRUE = frozenset({"ja", "j", "x", "1", "waar", "yes", "y", "true", "wel", "v", "✓", "✔", "ok"})
_FALSE = frozenset({"nee", "n", "0", "onwaar", "no", "false", "niet", "geen", "-"})


def parse_bool(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError(f"'{show_cell(value)}' is geen ja/nee.")
    text = clean_text(str(value)).lower().rstrip(".")
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"'{show_cell(value)}' is geen ja/nee (gebruik bijvoorbeeld ja, nee, x of leeg).")


# --- V-nummer -------------------------------------------------------------------------------------

VNUMMER_LENGTH = 10
# Fewer digits than this is more likely a wrong column than dropped leading zeros.
_VNUMMER_MIN_DIGITS = 6
_VNUMMER_SEPARATORS_RE = re.compile(r"[\s.\-/]")
_SCIENTIFIC_RE = re.compile(r"^\d+([.,]\d+)?e\+?\d+$", re.IGNORECASE)


def parse_vnummer(value: Any) -> str | None:
    """V-nummer as 10 digits; restores leading zeros Excel dropped when it stored it as a number."""
    if value.__class__ is str and len(value) == VNUMMER_LENGTH and value.isascii() and value.isdigit():
        return value  # the common case: ten digits stored as text, nothing to clean
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"'{show_cell(value)}' is geen V-nummer.")
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if not value.is_integer():
            raise CellError(f"'{show_cell(value)}' is geen V-nummer (een V-nummer heeft 10 cijfers).")
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise CellError(f"'{value}' is geen V-nummer.")
        digits = str(value)
    else:
        raw = clean_text(str(value))
        if not raw:
            return None
        if _SCIENTIFIC_RE.match(raw):
            raise CellError(
                f"'{raw}' is door Excel als getal afgerond; het echte V-nummer is verloren gegaan. "
                "Maak de kolom in Excel tekst en plak het V-nummer opnieuw."
            )
        if re.fullmatch(r"\d+[.,]0+", raw):  # a number that went through text: '123456789.0'
            raw = re.split(r"[.,]", raw)[0]
        digits = _VNUMMER_SEPARATORS_RE.sub("", raw)
        if digits.lower().startswith("v"):  # 'V 0123456789'
            digits = digits[1:]
        if not digits.isdigit() or not digits.isascii():
            raise CellError(f"'{show_cell(raw)}' is geen V-nummer: een V-nummer bestaat uit 10 cijfers.")
    if len(digits) > VNUMMER_LENGTH:
        raise CellError(f"'{digits}' is geen V-nummer: het heeft meer dan 10 cijfers.")
    if len(digits) < _VNUMMER_MIN_DIGITS:
        raise CellError(f"'{digits}' is geen V-nummer: het heeft te weinig cijfers (10 verwacht).")
    return digits.zfill(VNUMMER_LENGTH)


# --- gemeente -------------------------------------------------------------------------------------

# A province, region or the country is not a municipality, even when it shares the name.
_NOT_A_GEMEENTE_RE = re.compile(r"\bprov(incie|\.)|\bregio\b|\bnederland\b")
_GEMEENTE_PARTS_RE = re.compile(r"[()\[\],;/&+|]|\s+-\s+|\s+en\s+")
_GEMEENTE_PREFIX_RE = re.compile(r"^(gemeente|gem\.?)\s+")
_GM_CODE_RE = re.compile(r"^(?:gm)?\s*0*(\d{1,4})$")


def gemeente_key(value: Any) -> str:
    """Normalised lookup key: 'GM0344', '344', 344.0 → 'gm0344'; 'Gemeente  Utrecht' → 'utrecht'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _GEMEENTE_PREFIX_RE.sub("", text)
    if m := _GM_CODE_RE.match(text.replace(" ", "")):
        return f"gm{int(m[1]):04d}"
    text = re.sub(r"[’'`]", "'", text)
    return re.sub(r"[\s\-]+", " ", text).strip()


def build_gemeente_lookup(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Lookup from (result, names-and-codes) pairs, e.g. ('GM1961', ['Vijfheerenlanden', 'Vianen',
    'GM0620']). The result is whatever the caller wants back (a code, an id)."""
    lookup: dict[str, str] = {}
    for result, keys in entries:
        lookup[gemeente_key(result)] = result
        for key in keys:
            lookup[gemeente_key(key)] = result
    return lookup


def parse_gemeente(value: Any, lookup: Mapping[str, str]) -> str | None:
    """Resolve a name or CBS code through `lookup` (keys made with gemeente_key)."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if isinstance(value, bool):
        raise CellError(f"'{show_cell(value)}' is geen gemeente.")
    key = gemeente_key(value)
    if key in lookup:
        return lookup[key]
    if _NOT_A_GEMEENTE_RE.search(key):
        raise CellError(f"'{show_cell(value)}' is geen gemeente.")
    # 'Utrecht (GM0344)' or 'GM0344 Utrecht': try the parts; parts naming different
    # municipalities ('Bunnik; Zeist', 'Utrecht/Zeist') are not a guess to make.
    found = {lookup[sub] for part in _GEMEENTE_PARTS_RE.split(key) if (sub := gemeente_key(part)) in lookup}
    match = re.match(r"^(gm\d{4})\s+(.+)$", key)
    if match and (match[1] in lookup or match[2] in lookup):
        found.add(lookup.get(match[1]) or lookup[match[2]])
    if len(found) > 1:
        raise CellError(f"'{show_cell(value)}' noemt meer dan één gemeente; geef per rij één gemeente.")
    if found:
        return found.pop()
    raise CellError(f"Gemeente '{show_cell(value)}' is onbekend (geef de naam of de CBS-code, zoals GM0344).")


_MEMO_LIMIT = 5000


def gemeente_parser(lookup: Mapping[str, str]) -> Callable[[Any], str | None]:
    # A sheet repeats the same sixteen names thousands of times: remember what each resolved to.
    memo: dict[tuple[type, Any], str | None] = {}

    def parse(value: Any) -> str | None:
        key = (type(value), value)
        try:
            return memo[key]
        except KeyError:
            pass
        except TypeError:  # unhashable: no memo
            return parse_gemeente(value, lookup)
        result = parse_gemeente(value, lookup)
        if len(memo) < _MEMO_LIMIT:
            memo[key] = result
        return result

    return parse


def choice_parser(choices: Mapping[str, str], what: str) -> Callable[[Any], str | None]:
    """Parser for a closed list ('M'/'man' → 'M'); keys are compared case- and accent-insensitively."""
    normalised = {gemeente_key(k): v for k, v in choices.items()}

    def parse(value: Any) -> str | None:
        text = parse_text(value)
        if text is None:
            return None
        found = normalised.get(gemeente_key(text))
        if found is None:
            raise CellError(f"'{show_cell(text)}' is geen geldige {what}.")
        return found

    return parse
