"""Cells that a spreadsheet shows as text, never runs.

Excel and LibreOffice treat a cell that starts with = + - @ (or a tab or carriage return
before them) as a formula: a title like `=HYPERLINK("http://…")` in an export would run
when the leader opens it. OWASP's rule: such a cell gets a leading apostrophe.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_rows(rows):
    """Every cell of `rows` made safe, for csv.writer."""
    return ([safe_cell(cell) for cell in row] for row in rows)
