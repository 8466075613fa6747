"""A slip's address: found by its postcode line when it is not under the name, stray marks passed over."""

from __future__ import annotations

from core.extract import extract

from .builder import document, slip, tail


def test_a_slip_address_above_the_company_line_is_found_by_its_postcode():
    lines = [("SANYO STATIONERY SHOP", 16.0)] + tail(
        "NO. 31G&33G, JALAN SETIA INDAH X ,U13/X", "|", "40170 SETIA ALAM", "Owned By :", "SANYU SUPPLY SDN BHD",
        "(1135772-K)", "CASH SALES", "1. 7002-0014 THERMAL ROLL 3.00", "Date: 09/01/2019", "TOTAL 31.00")
    ex = extract(slip(lines))
    assert ex.fields["vendor_name"].value == "SANYU SUPPLY SDN BHD"
    assert ex.fields["vendor_address"].value == "NO. 31G&33G, JALAN SETIA INDAH X ,U13/X 40170 SETIA ALAM"


def test_the_walk_up_from_the_postcode_stops_at_a_date_or_a_registration_number():
    lines = tail("= KEDAI MAJU SDN BHD |", ":", "16 May 2018 18:30", "(867388-U)", "12, Jalan Tampoi 7/4,Kawasan",
                  ".", "(81109-A) Tampoi 81200 Johor Bahru, Johor", "TAX INVOICE", "TOTAL 31.00")
    ex = extract(slip(lines))
    assert ex.fields["vendor_address"].value == "12, Jalan Tampoi 7/4,Kawasan Tampoi 81200 Johor Bahru, Johor"


def test_a_house_or_lot_number_is_no_postcode():
    from core.extract.letterhead import _POSTCODE

    assert [bool(_POSTCODE.search(t)) for t in ("no 10256 table 1", "lot 12345, jalan", "81100 johor bahru",
                                                "tampoi,81200 johor", "3.14159 x", "2555060603117 1")] \
        == [False, False, True, True, False, False]


def test_a_text_layer_page_keeps_the_lines_under_its_name():
    rows = [[(40, "KEDAI MAJU SDN BHD")], [(40, "Contract / Revision")], [(40, "PO Box 12")],
            [(40, "TAX INVOICE")], [(40, "Bill to: Pasar Besar")], [(40, "3050 K Street NW")], [(40, "Washington, DC 20007")],
            [(40, "CASH"), (250, "50.00")], [(40, "TOTAL"), (250, "31.00")], [(40, "CHANGE"), (250, "19.00")]]
    address = extract(document(rows, width=300, height=800)).fields["vendor_address"].value
    assert address is None or "20007" not in address  # the customer's postcode line is not the vendor's


def test_an_address_without_its_postcode_says_it_may_be_cut_short():
    lines = [("KEDAI MAJU", 12.0)] + tail("NO 5, JALAN BESAR,", "TAMAN MAJU", "Date: 09/01/2019", "TOTAL 31.00")
    f = extract(slip(lines)).fields["vendor_address"]
    assert f.value == "NO 5, JALAN BESAR, TAMAN MAJU"
    assert f.flagged and "no postcode and place at its end: it may be cut short" in f.reasons
    lines[2] = ("TAMAN MAJU 81100 JOHOR", 8.0)
    assert extract(slip(lines)).fields["vendor_address"].reasons == []


def test_an_address_ending_in_a_short_number_may_be_cut_short():
    lines = [("KEDAI MAJU", 12.0)] + tail("LOT P.T. 33198, BATU 4", "Date: 09/01/2019", "TOTAL 31.00")
    f = extract(slip(lines)).fields["vendor_address"]
    assert f.value == "LOT P.T. 33198, BATU 4"
    assert f.flagged and "ends in a short number, not a place: it may be cut short" in f.reasons
