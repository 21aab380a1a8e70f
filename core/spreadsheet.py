"""Cells that a spreadsheet shows as text, never runs.

Excel and LibreOffice treat a cell that starts with = + - @ (or a tab or carriage return
before them) as a formula: a title like `=HYPERLINK("http://…")` in an export would run
when the leader opens it. OWASP's rule: such a cell gets a leading apostrophe.
"""

import codecs
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_number(value: Decimal | int | float) -> str:
    """A number as a Dutch spreadsheet reads it from a semicolon CSV: a decimal comma, no
    thousands separator, no trailing zeros and no unit ("35", "12,5"; never "35.00%")."""
    number = Decimal(str(value))
    text = format(
        number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize(), "f"
    )
    return text.replace(".", ",")


def safe_cell(value: object) -> str:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return spreadsheet_number(value)  # a number, also a negative one, stays a number
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_rows(rows):
    """Every cell of `rows` made safe, for csv.writer."""
    return ([safe_cell(cell) for cell in row] for row in rows)


def decode_spreadsheet_text(raw: bytes) -> str:
    """The text of a CSV as Excel, Numbers or Google Sheets save it: UTF-8 (with or without
    a byte-order mark), UTF-16 ("Unicode text"), or the Windows code page of older Excel."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")  # a stray byte at the end is no 500
    if raw[1:200:2].count(0) > 20:  # UTF-16 without its mark: every other byte is zero
        return raw.decode("utf-16-le", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 reads anything, so nothing is lost.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
