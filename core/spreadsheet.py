"""Cells that a spreadsheet shows as text, never runs.

Excel and LibreOffice treat a cell that starts with = + - @ (or a tab or carriage return
before them) as a formula: a title like `=HYPERLINK("http://…")` in an export would run
when the leader opens it. OWASP's rule: such a cell gets a leading apostrophe.
"""

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
