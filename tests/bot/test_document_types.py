"""Document types in chat: no invoice is answered as such (nothing stored); an XML e-invoice is reviewed and stored."""

from __future__ import annotations

import io

from bot import bootstrap
from tests.fakes.docs import invoice_pdf


async def chat(settings, lines: list[str]) -> str:
    settings = settings.model_copy(update={"workers": 1})
    out = io.StringIO()
    channel = bootstrap.console(settings, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    app = bootstrap.build(settings, [channel])
    await bootstrap.serve(app, channel)
    return out.getvalue()


async def test_a_letter_is_not_taken_for_an_invoice(settings, tmp_path):
    letter = invoice_pdf(tmp_path / "letter.pdf", lines=[
        "Dear Ms Example,", "thank you for your visit last week.", "We look forward to meeting you again in May.",
        "Kind regards, Jane"])
    out = await chat(settings, [str(letter), "confirm"])
    assert "letter.pdf does not look like an invoice, a receipt or a credit note" in out
    assert "There is no invoice waiting for review." in out  # 'confirm' finds nothing to store
    app = bootstrap.build(settings, [])
    assert app.store.invoices("console:local") == []
    assert [j.state for j in app.store.jobs("console:local", ("cancelled",))] == ["cancelled"]


async def test_an_invoice_still_goes_to_review(settings, tmp_path):
    out = await chat(settings, [str(invoice_pdf(tmp_path / "a.pdf"))])
    assert "does not look like an invoice" not in out
    assert "Invoice RE-2024-17" in out


async def test_an_xml_einvoice_is_reviewed_and_stored_like_any_invoice(settings, tmp_path):
    from tests.einvoice import xmlgen

    path = tmp_path / "rechnung.xml"
    path.write_bytes(xmlgen.ubl(xmlgen.Sample()))
    out = await chat(settings, [str(path), "confirm"])
    assert "Invoice INV-2024-017 from Müller Bürobedarf GmbH" in out
    assert "Total 142.21 EUR" in out and "Please check:" not in out
    app = bootstrap.build(settings, [])
    [inv] = app.store.invoices("console:local")
    assert (inv.vendor_vat_id, inv.iban, str(inv.total)) == ("DE136695976", "DE02120300000000202051", "142.21")
