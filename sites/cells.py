"""Cells written into a CSV or XLSX file that someone opens in a spreadsheet program.

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some programs skip before reading one of those) is read as a formula: a school named
`=HYPERLINK("http://lua-dao.example";"Bấm vào đây")` becomes a live link, or worse, in
the office's report. Every cell the project writes from user text goes through
`neutralise`, which puts a `'` in front of such text (OWASP, "CSV Injection"); numbers,
dates and empty cells are left alone.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise(value) for value in values]
