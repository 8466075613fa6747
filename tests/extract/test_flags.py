"""Flags that come from evidence against a value: a close rival, a second reading, a competing name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.extract import extract

from .builder import document, slip, tail


def test_a_date_a_closer_reading_disputes_is_flagged_with_the_other_reading():
    lines = tail("KEDAI MAJU SDN BHD", "NO 5, JALAN BESAR, 81100 JOHOR", "Date: 14/09/2018", "TOTAL 31.00")
    f = extract(slip(lines, alt={"14/09/2018": "2018-03-14"})).fields["invoice_date"]
    assert f.value == dt.date(2018, 9, 14)  # the first reading stands: the closer one is not surer
    assert f.flagged
    assert "read again closer, another reading gives 2018-03-14" in f.reasons

    undisputed = extract(slip(lines)).fields["invoice_date"]
    assert undisputed.value == dt.date(2018, 9, 14) and not undisputed.flagged


def test_a_shop_sign_as_prominent_as_the_company_line_is_named_as_the_other_candidate():
    lines = [("SANYO STATIONERY SHOP", 16.0)] + tail("SANYU SUPPLY SDN BHD", "NO 5, JALAN BESAR, 81100 JOHOR",
                                                     "Date: 09/01/2019", "TOTAL 31.00", "CASH 50.00", "CHANGE 19.00")
    f = extract(slip(lines)).fields["vendor_name"]
    assert f.value == "SANYU SUPPLY SDN BHD"
    assert f.flagged
    assert "another line could be the name: SANYO STATIONERY SHOP" in f.reasons


def test_a_small_line_beside_the_company_is_no_rival():
    lines = tail("SANYU SUPPLY SDN BHD", "Stationery shop", "NO 5, JALAN BESAR, 81100 JOHOR", "Date: 09/01/2019",
                  "TOTAL 31.00", "CASH 50.00", "CHANGE 19.00")
    f = extract(slip(lines)).fields["vendor_name"]
    assert f.value == "SANYU SUPPLY SDN BHD"
    assert not f.flagged and not f.reasons


def test_a_street_or_a_smudge_is_no_rival_name():
    lines = [("KEDAI MAJU", 10.0), ("22 LRG PERUSAHAAN 4", 10.0)] + tail("Date: 09/01/2019", "TOTAL 31.00")
    f = extract(slip(lines)).fields["vendor_name"]
    assert f.value == "KEDAI MAJU"
    assert not any(r.startswith("another line") for r in f.reasons)


def test_a_name_under_the_title_or_inside_the_address_is_no_rival():
    customer = [("KEDAI MAJU SDN BHD", 10.0)] + tail("NO 5, JALAN BESAR, 81100 JOHOR", "TAX INVOICE") + [
        ("PASAR BESAR SDN BHD", 10.0)] + tail("Date: 09/01/2019", "TOTAL 31.00", "CASH 50.00", "CHANGE 19.00")
    f = extract(slip(customer)).fields["vendor_name"]
    assert f.value == "KEDAI MAJU SDN BHD"
    assert not any(r.startswith("another line") for r in f.reasons)

    town = [("KEDAI MAJU", 10.0), ("NO 47, JALAN MERANTI,", 8.0), ("BANDAR BARU UTAMA", 10.0),
            ("44300 BATANG KALI", 8.0)] + tail("Date: 09/01/2019", "TOTAL 31.00")
    ex = extract(slip(town))
    assert ex.fields["vendor_name"].value == "KEDAI MAJU"
    assert "BANDAR BARU UTAMA" in ex.fields["vendor_address"].value
    assert not any(r.startswith("another line") for r in ex.fields["vendor_name"].reasons)


def test_a_name_line_that_goes_on_after_the_legal_form_is_flagged():
    lines = tail("EIGHT OUNCE COFFEE CO. THE GARDENS MALL", "Date: 09/01/2019", "TOTAL 31.00", "CASH 50.00",
                  "CHANGE 19.00")
    f = extract(slip(lines)).fields["vendor_name"]
    assert f.value == "EIGHT OUNCE COFFEE CO."
    assert f.flagged
    assert "the line goes on after the legal form ('THE GARDENS MALL'), left out" in f.reasons


def test_an_address_holding_a_registration_number_is_flagged():
    rest = ("81100 JOHOR BAHRU", "Date: 09/01/2019", "TOTAL 31.00", "CASH 50.00", "CHANGE 19.00")
    f = extract(slip(tail("KEDAI MAJU SDN BHD", "Rey 0401492992004 No 8, Jalan Besar,", *rest))).fields["vendor_address"]
    assert "0401492992004" in f.value
    assert f.flagged
    assert "holds a long number (a registration or phone number?), not only an address" in f.reasons

    clean = extract(slip(tail("KEDAI MAJU SDN BHD", "No 8, Jalan Besar,", *rest))).fields["vendor_address"]
    assert clean.value == "No 8, Jalan Besar, 81100 JOHOR BAHRU"
    assert not clean.flagged


def test_two_totals_as_likely_as_each_other_are_flagged_and_named():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice #"), (450, "77")], [(350, "Date"), (450, "01/02/2024")],
            [(40, "Total by card"), (300, "$4,838.00")], [(40, "Total by check"), (300, "$4,720.00")]]
    f = extract(document(rows)).fields["total"]
    assert f.value in (Decimal("4838.00"), Decimal("4720.00"))
    assert f.flagged
    assert any(r.startswith("other candidates: ") for r in f.reasons)


def test_a_zero_beside_the_total_is_no_rival():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice #"), (450, "77")], [(350, "Date"), (450, "01/02/2024")],
            [(40, "Total"), (300, "$650.00")], [(40, "Total"), (300, "$0.00")]]
    f = extract(document(rows)).fields["total"]
    assert f.value == Decimal("650.00")
    assert not any(r.startswith("other candidates") for r in f.reasons)


def test_the_cash_figure_read_under_an_amount_heading_confirms_no_total():
    # '$' read as '3' before the cash: the figure under 'Amount' is the cash itself, not a total
    rows = [[(60, "KEDAI MAJU SDN BHD")], [(40, "Date: 09/01/2019")], [(40, "Total Amount:"), (250, "$8.20")],
            [(40, "Nett Total:"), (250, "$8.20")], [(40, "Payment Mode"), (250, "Amount")],
            [(40, "CASH"), (250, "38.20")], [(40, "Change"), (250, "$0.00")]]
    ex = extract(document(rows, source="ocr", conf=0.9, width=300, height=800))
    assert ex.fields["total"].value == Decimal("8.20")
    assert not any(r.startswith("matches cash") for r in ex.fields["total"].reasons)


def test_a_name_of_nothing_but_a_legal_form_and_generic_words_is_flagged():
    rows = [[(40, "International GmbH")], [(40, "Musterstraße 5, 12345 Berlin")], [(350, "Rechnung Nr."), (450, "77")],
            [(350, "Datum"), (450, "01.02.2024")], [(300, "Gesamtbetrag"), (450, "119,00 EUR")]]
    f = extract(document(rows)).fields["vendor_name"]
    assert f.value == "International GmbH"
    assert f.flagged
    assert "nothing but a legal form and generic words: the name's own word may be missing" in f.reasons
    rows[0] = [(40, "Kraxi International GmbH")]
    assert not extract(document(rows)).fields["vendor_name"].flagged


def test_a_large_smudge_read_poorly_is_not_the_shop_name():
    lines = [("Rosie", 20.0, 0.05)] + tail("PASAR MINI JIN SENG", "379, JALAN PERMAS SATU,", "81750 JOHOR",
                                           "Date: 09/01/2019", "TOTAL 31.00")
    assert extract(slip(lines)).fields["vendor_name"].value == "PASAR MINI JIN SENG"
    lines[0] = ("Rosie", 20.0, 0.95)  # read clearly, the large line is the shop's sign
    assert extract(slip(lines)).fields["vendor_name"].value == "Rosie"


def test_a_company_under_the_title_is_the_customer_not_the_shop():
    lines = tail("KEDAI MAJU", "NO 5, JALAN BESAR, 81100 JOHOR", "TAX INVOICE", "PASAR BESAR SDN BHD",
                 "Date: 09/01/2019", "TOTAL 31.00")
    assert extract(slip(lines)).fields["vendor_name"].value == "KEDAI MAJU"


def test_a_date_printed_above_the_letterhead_does_not_cut_it_short():
    lines = tail("18/03/2018 18:30", "JUSCO MALL", "KEDAI MAJU SDN BHD", "NO 5, JALAN BESAR, 81100 JOHOR", "TOTAL 31.00")
    assert extract(slip(lines)).fields["vendor_name"].value == "KEDAI MAJU SDN BHD"


def test_a_zero_total_line_loses_to_a_real_one():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice #"), (450, "77")], [(200, "Market: Johnson City Total $: $1,530.00")],
            [(300, "Total Spots: 32")], [(300, "Total CPP: $0.00")]]
    assert extract(document(rows)).fields["total"].value == Decimal("1530.00")


def test_a_total_a_rounding_apart_from_another_is_no_close_call():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice #"), (450, "77")], [(40, "Total"), (300, "48.93")],
            [(40, "Total"), (300, "48.95")]]
    f = extract(document(rows)).fields["total"]
    assert f.value in (Decimal("48.93"), Decimal("48.95"))
    assert not any(r.startswith("other candidates") for r in f.reasons)


def test_a_poorly_read_total_read_again_on_another_line_is_not_doubted():
    head = tail("KEDAI MAJU SDN BHD", "NO 5, JALAN BESAR, 81100 JOHOR", "Date: 09/01/2019")
    once = slip(head + [("TOTAL 28.50", 8.0, 0.6), ("THANK YOU", 8.0)])
    twice = slip(head + [("TOTAL 28.50", 8.0, 0.6), ("NETT 28.50", 8.0, 0.6)])
    assert "poorly read (OCR confidence 0.60)" in extract(once).fields["total"].reasons
    assert not any(r.startswith("poorly read") for r in extract(twice).fields["total"].reasons)
