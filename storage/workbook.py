"""The Excel ledger: sheets Invoices, LineItems and Corrections with real dates, numbers and formats.

Text from users or documents never becomes a formula: it is kept as read, stored as a string
cell, and one that Excel could take for a formula (= + - @ ...) gets the quotePrefix style.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import CorrectionRow, InvoiceHeader, InvoiceLine

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
QTY_FORMAT = "#,##0.###"
NEW_FILL = PatternFill("solid", fgColor="FFF2CC")

INVOICE_COLUMNS = [
    ("New", 6), ("ID", 6), ("Stored at", 17), ("Type", 11), ("Vendor", 28), ("Vendor VAT ID", 16),
    ("Vendor address", 30), ("Customer", 24), ("Customer address", 30),
    ("Invoice number", 18), ("Invoice date", 12), ("Due date", 12),
    ("Currency", 9), ("Net", 14), ("Tax", 14), ("Total", 14), ("Amount due", 14), ("IBAN", 28), ("Lines", 7),
    ("Still flagged", 20), ("File", 24),
]
LINE_COLUMNS = [("Invoice ID", 10), ("Invoice number", 18), ("Vendor", 28), ("Line", 6), ("Description", 40),
                ("Quantity", 10), ("Unit price", 14), ("Line total", 14), ("Currency", 9)]
MONEY_COLUMNS = {i for i, (name, _) in enumerate(INVOICE_COLUMNS, 1) if name in ("Net", "Tax", "Total", "Amount due")}
CORRECTION_COLUMNS = [("Invoice ID", 10), ("Field", 22), ("Old value", 24), ("New value", 24), ("Who", 16),
                      ("Channel", 10), ("When", 17)]


# what makes a spreadsheet read a typed cell as a formula (also in full-width forms)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_text(value: str) -> str:
    """The text without control and invisible characters (which XML or a reader may refuse)."""
    return "".join(ch for ch in value if ch.isprintable() or ch in "\n")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def money_format(currency: str | None) -> str:
    code = currency if currency and re.fullmatch(r"[A-Z]{3}", currency) else ""
    return f'#,##0.00 "{code}";-#,##0.00 "{code}"' if code else "#,##0.00;-#,##0.00"


def _put(ws, row: int, col: int, value, fmt: str | None = None) -> Cell:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # the setter takes "=..." for a formula; this is text
        if looks_like_formula(text):
            cell.quotePrefix = True  # Excel and LibreOffice show it as typed text and never evaluate it
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = fmt or DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = fmt or DATE_FORMAT
    else:
        cell.value = value
        if fmt and isinstance(value, Decimal | int | float):
            cell.number_format = fmt
    return cell


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, int]], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    for i, (name, width) in enumerate(columns, 1):
        ws.cell(row=1, column=i, value=name).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    return ws


def _finish(ws, columns: list) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"


def write_workbook(path: Path, invoices: Iterable[InvoiceHeader], lines: Iterable[InvoiceLine],
                   corrections: Iterable[CorrectionRow], marked: set[int] = frozenset()) -> Path:
    invoices = list(invoices)
    by_id = {inv.id: inv for inv in invoices}
    by_job = {inv.job_id: inv for inv in invoices}
    line_counts: dict[int, int] = {}
    lines = list(lines)
    for li in lines:
        line_counts[li.invoice_id] = line_counts.get(li.invoice_id, 0) + 1
    wb = Workbook()
    ws = _sheet(wb, "Invoices", INVOICE_COLUMNS, first=True)
    for r, inv in enumerate(invoices, 2):
        fmt = money_format(inv.currency)
        values = ["NEW" if inv.id in marked else "", inv.id, inv.confirmed_at, inv.document_type, inv.vendor_name,
                  inv.vendor_vat_id, inv.vendor_address, inv.customer_name, inv.customer_address, inv.invoice_number, inv.invoice_date,
                  inv.due_date, inv.currency, inv.subtotal, inv.tax_total, inv.total, inv.amount_due, inv.iban,
                  line_counts.get(inv.id, 0), inv.flagged, inv.filename]
        for c, value in enumerate(values, 1):
            cell = _put(ws, r, c, value, fmt if c in MONEY_COLUMNS else None)
            if inv.id in marked:
                cell.fill = NEW_FILL
    _finish(ws, INVOICE_COLUMNS)
    ws = _sheet(wb, "LineItems", LINE_COLUMNS)
    for r, li in enumerate(lines, 2):
        inv = by_id.get(li.invoice_id)
        cur = inv.currency if inv else None
        values = [li.invoice_id, inv.invoice_number if inv else None, inv.vendor_name if inv else None, li.line_no,
                  li.description, li.quantity, li.unit_price, li.line_total, cur]
        fmts = {6: QTY_FORMAT, 7: money_format(cur), 8: money_format(cur)}
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value, fmts.get(c))
    _finish(ws, LINE_COLUMNS)
    ws = _sheet(wb, "Corrections", CORRECTION_COLUMNS)
    for r, co in enumerate(corrections, 2):
        inv = by_job.get(co.job_id)
        values = [inv.id if inv else None, co.field, co.old_value, co.new_value, co.who, co.channel, co.at]
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value)
    _finish(ws, CORRECTION_COLUMNS)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


def export_ledger(store, tenant: str, path: Path, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, marked: set[int] = frozenset()) -> tuple[Path, int]:
    """One tenant's confirmed invoices (optionally by invoice date) as a workbook; (path, count)."""
    invoices = store.invoices(tenant, date_from, date_to)
    ids = [inv.id for inv in invoices]
    lines = store.lines(tenant, ids)
    corrections = store.corrections(tenant, [inv.job_id for inv in invoices])
    return write_workbook(path, invoices, lines, corrections, set(marked)), len(invoices)
