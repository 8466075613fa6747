"""End to end through the console channel with the real pipeline: upload, correct, confirm, workbook."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from bot import bootstrap
from tests.fakes.docs import invoice_pdf

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
ZUGFERD, SROIE = DATASETS / "zugferd" / "docs", DATASETS / "sroie" / "docs"


async def chat(settings, lines: list[str], *, tenant: str = "console:local", language: str | None = None) -> str:
    settings = settings.model_copy(update={"workers": 1})  # one worker process: modest on shared machines
    out = io.StringIO()
    channel = bootstrap.console(settings, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, language=language)
    channel.tenant = tenant
    app = bootstrap.build(settings, [channel], language=language)
    await bootstrap.serve(app, channel)
    return out.getvalue()


def workbooks(out: str) -> list[Path]:
    return [Path(line.split(": ", 1)[1]) for line in out.splitlines() if line.startswith("workbook: ")]


async def test_upload_correct_confirm_and_workbook_cell_by_cell(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "rechnung.pdf")
    out = await chat(settings, [
        str(pdf),
        "total 1.234,56; vendor: =HYPERLINK(\"http://evil\")",
        "date: 03.05.2024; number RE-2024-17; currency EUR; line 1 description Widget; line 1 total 1.234,56",
        "Netto 1.037,44; MwSt 197,12",
        "bestätigen",
    ], language="de")
    assert "Erhalten: rechnung.pdf. Platz in der Warteschlange: 1." in out
    assert "Lese Seite 1/1" in out
    first_summary = out.split("Geändert")[0]
    assert "Korrekturen als Antwort" in first_summary  # the summary came before the first correction
    assert "Geändert: total, vendor_name." in out
    assert "Gesamt 1.234,56 EUR" in out
    assert "Rechnung #1 gespeichert." in out
    [book] = workbooks(out)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Invoices", "LineItems", "Corrections"]
    ws = wb["Invoices"]
    header = [c.value for c in ws[1]]
    row = {name: ws.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert row["New"].value == "NEW"
    assert row["Vendor"].value == "=HYPERLINK(\"http://evil\")" and row["Vendor"].data_type == "s"
    assert row["Vendor"].quotePrefix
    assert row["Invoice number"].value == "RE-2024-17"
    assert row["Invoice date"].value == dt.datetime(2024, 5, 3) and row["Invoice date"].number_format == "yyyy-mm-dd"
    assert row["Total"].value == 1234.56 and row["Total"].data_type == "n"
    assert row["Total"].number_format == '#,##0.00 "EUR";-#,##0.00 "EUR"'
    assert row["Net"].value == 1037.44 and row["Tax"].value == 197.12
    assert row["Currency"].value == "EUR" and row["Lines"].value == 1
    assert isinstance(row["Stored at"].value, dt.datetime)
    lines = wb["LineItems"]
    assert [c.value for c in lines[2]][:5] == [1, "RE-2024-17", "=HYPERLINK(\"http://evil\")", 1, "Widget"]
    assert lines.cell(row=2, column=8).value == 1234.56
    corr = wb["Corrections"]
    fields = [corr.cell(row=r, column=2).value for r in range(2, corr.max_row + 1)]
    assert fields[:2] == ["total", "vendor_name"] and "line 1 line_total" in fields
    assert corr.cell(row=2, column=4).value == "1234.56"
    assert corr.cell(row=2, column=6).value == "console"


async def test_store_keeps_exact_decimals_and_user_source(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    await chat(settings, [str(pdf), "total 0.10; net 0.07; tax 0.03; currency EUR", "confirm"])
    app = bootstrap.build(settings, [])
    [inv] = app.store.invoices("console:local")
    assert (inv.total, inv.subtotal, inv.tax_total) == (Decimal("0.10"), Decimal("0.07"), Decimal("0.03"))
    job = app.store.get_job(inv.job_id)
    view = app.conversation.view(job, None)
    assert view.fields["total"].source == "user" and not view.fields["total"].flagged


async def test_duplicate_warned_cancel_export_undo(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    out = await chat(settings, [
        str(pdf), "vendor ACME GmbH; number RE-1; total 119.00; date 2024-05-03", "confirm",
        str(pdf),  # the same file again
        "cancel",
        "/list", "/export 2024-05", "/export 2023", "/export nonsense", "/undo", "/status", "/frobnicate",
    ])
    assert "I have read this file before" in out
    assert "Already stored on " in out and "ACME GmbH RE-1" in out
    assert "Cancelled; nothing was stored." in out
    assert "#1 2024-05-03 ACME GmbH RE-1 119.00" in out
    assert "Workbook with 1 invoices" in out and "Workbook with 0 invoices" in out
    assert "I did not understand the period 'nonsense'" in out
    assert "Invoice #1 is back in review (removed from the ledger)." in out
    assert "1 invoice(s) waiting for review." in out
    assert "I don't know that command." in out
    books = workbooks(out)
    assert len(books) == 3  # confirm, /export 2024-05, /export 2023
    assert openpyxl.load_workbook(books[1])["Invoices"].max_row == 2
    assert openpyxl.load_workbook(books[2])["Invoices"].max_row == 1
    app = bootstrap.build(settings, [])
    assert app.store.invoices("console:local") == []  # undone: out of the ledger


async def test_bad_corrections_get_helpful_answers(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    out = await chat(settings, [str(pdf), "colour blue", "total abc", "date 45.99.2024", "line 7 total 3"])
    assert "I don't know the field 'colour'. Fields: vendor_name" in out
    assert "'abc' is not a valid amount for total. Example: 137.50." in out
    assert "'45.99.2024' is not a valid date for invoice_date" in out
    assert "There is no line 7; the invoice has 0 line items" in out


async def test_two_tenants_never_see_each_other(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    out_a = await chat(settings, [str(pdf), "vendor Alpha AG; number A-1", "confirm"], tenant="telegram:1")
    out_b = await chat(settings, [str(pdf), "/list", "/undo", "/export all", "vendor Beta SA", "confirm"],
                       tenant="telegram:2")
    assert "Stored invoice #1" in out_a
    assert "I have read this file before" not in out_b  # no cache across chats
    assert "Already stored" not in out_b  # no duplicate across chats
    assert "No invoices stored yet." in out_b and "There is no confirmed invoice to undo." in out_b
    assert "Workbook with 0 invoices" in out_b
    [export_b, confirm_b] = workbooks(out_b)
    vendors = [c.value for c in openpyxl.load_workbook(confirm_b)["Invoices"]["E"]][1:]
    assert vendors == ["Beta SA"]  # only tenant 2's own invoice
    app = bootstrap.build(settings, [])
    assert [i.vendor_name for i in app.store.invoices("telegram:1")] == ["Alpha AG"]
    assert app.store.get_job(app.store.invoices("telegram:1")[0].job_id, "telegram:2") is None


@pytest.mark.skipif(not ZUGFERD.is_dir() or not SROIE.is_dir(), reason="needs ../shared/datasets")
async def test_dataset_documents_and_unreadable_file(settings, tmp_path):
    doc = sorted(ZUGFERD.glob("*.pdf"))[0]
    photo = sorted(SROIE.glob("*.jpg"))[0]
    junk = tmp_path / "notes.pdf"
    junk.write_bytes(b"hello, this is not a pdf at all")
    out = await chat(settings, [str(doc), "cancel", str(photo), "total 12,30 RM", "cancel", str(junk),
                                str(tmp_path / "missing.pdf")])
    assert f"Got it: {doc.name}. Place in the queue: 1." in out
    assert f"Got it: {photo.name}. Place in the queue: 1." in out
    assert "Updated: total." in out and "Total 12.30" in out
    assert "line items" in out and "Cancelled" in out
    assert "Sorry, I could not read notes.pdf." in out and "Traceback" not in out
    assert "I cannot find the file" in out


async def test_confirmed_invoice_kept_when_the_workbook_cannot_be_written(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    blocker = Path(settings.data_dir) / "workbooks"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the workbook folder should be")
    out = await chat(settings, [str(pdf), "vendor Kept GmbH", "confirm", "/list"])
    assert "Stored invoice #1, but I could not write the workbook just now; /export will try again." in out
    assert "Traceback" not in out and "workbook: " not in out
    listed = out[out.index("Recent invoices:"):]
    assert any(line.startswith("#1 ") and "Kept GmbH" in line for line in listed.splitlines())  # /list shows it
    app = bootstrap.build(settings, [])
    assert [i.vendor_name for i in app.store.invoices("console:local")] == ["Kept GmbH"]
