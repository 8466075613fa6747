"""The workbook: typed cells and formats, formula-like text kept as text, and a second reader (LibreOffice)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from storage.tables import CorrectionRow, InvoiceHeader, InvoiceLine
from storage.workbook import write_workbook

EVIL = ["=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\",\"y\")", "- Rabatt", "\uff1dcmd"]


def header(**kw) -> InvoiceHeader:
    base = dict(id=1, tenant="t", job_id="j1", document_sha256="0" * 64, vendor_name="ACME GmbH",
                invoice_number="RE-1", invoice_date=dt.date(2024, 5, 3), due_date=dt.date(2024, 6, 2),
                currency="EUR", subtotal=Decimal("1000.00"), tax_total=Decimal("190.00"),
                total=Decimal("1190.00"), amount_due=Decimal("1190.00"),
                confirmed_at=dt.datetime(2024, 5, 4, 10, 30, tzinfo=dt.UTC))
    return InvoiceHeader(**{**base, **kw})


def _formula_cells(path) -> list[str]:
    """The coordinates of every cell the xlsx itself stores as a formula (an <f> element)."""
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    return [m for xml in sheets for m in re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*<f[ >]', xml)]


def test_formula_like_text_is_kept_as_typed_text(tmp_path):
    invoices = [header(id=i + 1, vendor_name=v, invoice_number=v, iban=v, vendor_address=v, customer_address=v)
                for i, v in enumerate(EVIL)]
    lines = [InvoiceLine(id=1, invoice_id=1, tenant="t", line_no=1, description="=cmd|' /C calc'!A0")]
    corr = [CorrectionRow(tenant="t", job_id="j1", field="vendor_name", old_value="@x", new_value="=y", who="-me")]
    path = write_workbook(tmp_path / "evil.xlsx", invoices, lines, corr)
    assert _formula_cells(path) == []
    wb = openpyxl.load_workbook(path)
    ws = wb["Invoices"]
    cols = {c.value: c.column for c in ws[1]}
    for r, text in enumerate(EVIL, 2):
        for name in ("Vendor", "Invoice number", "IBAN", "Vendor address", "Customer address"):
            cell = ws.cell(row=r, column=cols[name])
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), (name, text)
    desc = wb["LineItems"].cell(row=2, column=5)
    assert (desc.value, desc.data_type, desc.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    corr_row = [c for c in wb["Corrections"][2]]
    assert [(c.value, c.quotePrefix) for c in corr_row[2:5]] == [("@x", True), ("=y", True), ("-me", True)]


def test_plain_text_is_written_as_is(tmp_path):
    path = write_workbook(tmp_path / "plain.xlsx", [header(vendor_name="ACME - Berlin", customer_address="Hauptstr. 1")],
                          [], [])
    ws = openpyxl.load_workbook(path)["Invoices"]
    cols = {c.value: c.column for c in ws[1]}
    vendor, address = ws.cell(row=2, column=cols["Vendor"]), ws.cell(row=2, column=cols["Customer address"])
    assert (vendor.value, vendor.quotePrefix) == ("ACME - Berlin", False)
    assert (address.value, address.data_type) == ("Hauptstr. 1", "s")


def test_cells_are_typed_and_formatted(tmp_path):
    inv = header(currency="USD")
    lines = [InvoiceLine(id=1, invoice_id=1, tenant="t", line_no=1, description="Widget", quantity=Decimal("2.5"),
                         unit_price=Decimal("400.00"), line_total=Decimal("1000.00"))]
    path = write_workbook(tmp_path / "book.xlsx", [inv], lines, [], marked={1})
    wb = openpyxl.load_workbook(path)
    ws = wb["Invoices"]
    cols = {c.value: c.column for c in ws[1]}
    cell = lambda name: ws.cell(row=2, column=cols[name])  # noqa: E731
    assert cell("Invoice date").is_date and cell("Invoice date").value == dt.datetime(2024, 5, 3)
    assert cell("Due date").number_format == "yyyy-mm-dd"
    assert cell("Stored at").value == dt.datetime(2024, 5, 4, 10, 30)
    assert cell("Stored at").number_format == "yyyy-mm-dd hh:mm"
    for name, value in (("Net", 1000), ("Tax", 190), ("Total", 1190), ("Amount due", 1190)):
        assert cell(name).data_type == "n" and cell(name).value == value
        assert cell(name).number_format == '#,##0.00 "USD";-#,##0.00 "USD"'
    assert cell("New").value == "NEW" and cell("New").fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:U2"
    assert ws.column_dimensions["E"].width == 28
    li = wb["LineItems"]
    assert [li.cell(row=2, column=c).value for c in range(1, 10)] == [1, "RE-1", "ACME GmbH", 1, "Widget", 2.5, 400,
                                                                      1000, "USD"]
    assert li.cell(row=2, column=6).number_format == "#,##0.###"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs libreoffice-calc-nogui (make test installs it)")
def test_second_reader_libreoffice_sees_numbers_dates_and_no_formulas(tmp_path):
    inv = header(vendor_name="=1+1", total=Decimal("1234.56"))
    path = write_workbook(tmp_path / "book.xlsx", [inv], [], [])
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice keeps a profile in HOME
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv", "--outdir", str(tmp_path / "csv"), str(path)],
                   check=True, capture_output=True, timeout=180, env=env)
    rows = list(csv.reader((tmp_path / "csv" / "book.csv").open(encoding="utf-8")))
    head, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert head[:5] == ["New", "ID", "Stored at", "Type", "Vendor"]
    assert row["Vendor"] == "=1+1"  # text as typed, not the formula's result 2
    assert row["Invoice date"] == "2024-05-03"
    assert row["Total"] == "1234.56"  # a number (text would keep the currency suffix)
    assert row["ID"] == "1"
