"""Vendor memory end to end: corrections on one invoice, confirmed, make the vendor's next invoice right;
another tenant learns nothing; /forget vendor drops it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from bot import bootstrap
from tests.memory.quirky import quirky_pdf

FIRST = ("Q-7731", "14.03.2024", "1.000,00", "190,00", "1.190,00")
SECOND = ("Q-7802", "02.04.2024", "250,00", "47,50", "297,50")
CORRECTIONS = "vendor Werkstatt Quirinus; number Q-7731; net 1.000,00; tax 190,00; total 1.190,00; currency EUR"


async def chat(settings, lines: list[str], tenant: str) -> str:
    settings = settings.model_copy(update={"workers": 1})
    out = io.StringIO()
    channel = bootstrap.console(settings, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, language="de")
    channel.tenant = tenant
    app = bootstrap.build(settings, [channel], language="de")
    await bootstrap.serve(app, channel)
    return out.getvalue()


def pending_view(settings, tenant: str):
    app = bootstrap.build(settings, [])
    [job] = app.store.jobs(tenant, ("awaiting_review",))
    return app.conversation.view(job, "de")


async def test_the_second_invoice_of_a_corrected_vendor_comes_out_right(settings, tmp_path):
    first = quirky_pdf(tmp_path / "q1.pdf", *FIRST)
    second = quirky_pdf(tmp_path / "q2.pdf", *SECOND)

    # before anything was learned, the rules get this layout wrong
    await chat(settings, [str(second)], tenant="telegram:2")
    before = pending_view(settings, "telegram:2")
    assert before.fields["invoice_number"].value != "Q-7802"
    assert before.fields["total"].value != Decimal("297.50")

    out = await chat(settings, [str(first), CORRECTIONS, "bestätigen"], tenant="telegram:1")
    assert "Rechnung #1 gespeichert." in out

    await chat(settings, [str(second)], tenant="telegram:1")
    ex = pending_view(settings, "telegram:1")
    f = ex.fields
    expected = {"vendor_name": "Werkstatt Quirinus", "invoice_number": "Q-7802", "subtotal": Decimal("250.00"),
                "tax_total": Decimal("47.50"), "total": Decimal("297.50"), "currency": "EUR",
                "invoice_date": dt.date(2024, 4, 2)}
    assert {n: f[n].value for n in expected} == expected
    learned = dt.date.today().isoformat()
    for name in ("vendor_name", "invoice_number", "subtotal", "tax_total", "total", "currency"):
        assert f[name].source == "memory", name
        assert not f[name].flagged, (name, f[name].reasons)
        assert any(learned in r for r in f[name].reasons), (name, f[name].reasons)

    # the other tenant's copy of the same vendor learned nothing
    other = pending_view(settings, "telegram:2")
    assert other.fields["invoice_number"].value == before.fields["invoice_number"].value
    assert all(fv.source != "memory" for fv in other.fields.values())

    out = await chat(settings, ["/forget vendor Werkstatt Quirinus"], tenant="telegram:1")
    assert "1 Lieferant(en) vergessen" in out
    after = pending_view(settings, "telegram:1")
    assert all(fv.source != "memory" for fv in after.fields.values())
    assert after.fields["invoice_number"].value != "Q-7802"


async def test_forget_without_a_vendor_asks_which(settings, tmp_path):
    out = await chat(settings, ["/forget vendor"], tenant="telegram:3")
    assert "Welcher Lieferant?" in out
