"""Spreadsheet exports without formulas: every CSV file the platform hands out is written here.

A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and some also one that starts with a tab or a carriage return. Names, organisations and other
text typed into public forms end up in exports that staff open in Excel or LibreOffice, so such
a cell could open links, leak other cells or run commands there (CSV injection). Following
OWASP's advice, a text cell starting with one of those characters gets a single quote in front,
which makes the program show it as the text it is.

The rule is deliberately blunt and applies to every text cell: a phone number ``+47 …`` comes
out as ``'+47 …`` and a typed ``-5`` as ``'-5``. That is accepted: the cell still reads right,
and telling a harmless ``+47`` from a crafted ``+cmd|…`` is what attacks rely on. Values that
are Python numbers (``int``, ``float``, ``Decimal``) come from the platform's own figures,
cannot carry a formula, and are written unchanged, so negative figures stay numbers.

Use ``csv_response`` for a download, or ``csv_writer`` around any file object; never
``csv.writer`` directly (a test keeps every other module from doing so).
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# OWASP's list: what makes a spreadsheet program read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """One cell as a spreadsheet will show it, never as a formula: text starting with a formula
    trigger gets a leading ``'``; numbers stay numbers; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """``csv.writer`` whose every cell passes through ``safe_cell``."""

    def __init__(self, file, **fmtparams):
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **fmtparams) -> SafeWriter:
    return SafeWriter(file, **fmtparams)


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: UTF-8 with a byte order mark (so spreadsheet programs read æøå right),
    the header and the rows, every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
