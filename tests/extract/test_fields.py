"""Fields found by layout: labels right of or above values, tables with wrapped descriptions, parties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.extract import extract
from core.extract.labels import detect_language
from core.layout import group_lines
from core.models import Box, Document, Page, Word

from .builder import document


def test_a_table_header_run_together_and_a_first_row_with_a_wrapped_description():
    # 'Menge Produkt' read as one cell; the line under the first item must not count as a header line
    rows = [
        [(40, "Bei Spiel GmbH")],
        [(40, "Menge Produkt"), (240, "USt. Preis"), (400, "Gesamtbetrag")],
        [(40, "1,00"), (80, "Künstlerische Gestaltung"), (240, "7%"), (300, "160,00 €"), (400, "160,00 €")],
        [(80, "(Stunde)")],
        [(40, "400,00"), (80, "Luftballon"), (240, "19%"), (300, "0,79 €"), (400, "316,00 €")],
        [(40, "Nettobetrag: 476,00 €")],
    ]
    items = extract(document(rows)).line_items
    assert [(i.description, i.quantity, i.unit_price, i.line_total) for i in items] == [
        ("Künstlerische Gestaltung (Stunde)", Decimal(1), Decimal("160.00"), Decimal("160.00")),
        ("Luftballon", Decimal(400), Decimal("0.79"), Decimal("316.00")),
    ]


def test_slip_items_read_with_their_quantity_run_into_the_name_or_their_numbers_run_together():
    rows = [[(26, "QTY ITEM"), (300, "TOTAL")], [(30, "1 L McChicken"), (300, "11.10")], [(45, "1 L Coke")],
            [(30, "2 Nuggets"), (305, "7.50")], [(30, "Total (incl GST)"), (300, "18.60")]]
    items = extract(document(rows, source="ocr", conf=0.9, width=300, height=800)).line_items
    assert [i.line_total for i in items] == [Decimal("11.10"), Decimal("7.50")]
    assert items[0].description.startswith("L McChicken") and items[1].description == "Nuggets"
    rows = [[(40, "Description"), (150, "Qty"), (200, "Price"), (260, "Amount")],
            [(40, "Plastic"), (215, "2 15.50 31.00")], [(150, "Total Amount:"), (260, "31.00")]]
    items = extract(document(rows, source="ocr", conf=0.9, width=300, height=800)).line_items
    assert [(i.description, i.line_total) for i in items] == [("Plastic", Decimal("31.00"))]


def test_label_above_value():
    rows = [[(40, "Dupont SARL")], [(300, "Facture N°"), (420, "Date")], [(300, "F-77"), (420, "16/11/2017")],
            [(300, "Total TTC"), (450, "120,00 €")]]
    ex = extract(document(rows))
    assert ex.fields["invoice_number"].value == "F-77"
    assert ex.fields["invoice_date"].value == dt.date(2017, 11, 16)
    assert ex.fields["total"].value == Decimal("120.00")
    assert ex.fields["currency"].value == "EUR"


def test_table_with_wrapped_description():
    rows = [
        [(40, "ACME Ltd")],
        [(40, "Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")],
        [(40, "Widget, blue"), (300, "2"), (380, "50.00"), (480, "100.00")],
        [(40, "with extra long cable")],
        [(40, "Service"), (300, "1"), (380, "19.00"), (480, "19.00")],
        [(380, "Subtotal"), (480, "119.00")],
        [(380, "Total"), (480, "119.00")],
    ]
    items = extract(document(rows)).line_items
    assert [(i.description, i.quantity, i.unit_price, i.line_total) for i in items] == [
        ("Widget, blue with extra long cable", Decimal(2), Decimal("50.00"), Decimal("100.00")),
        ("Service", Decimal(1), Decimal("19.00"), Decimal("19.00")),
    ]


def test_vendor_vat_id_not_the_customers():
    rows = [[(40, "Seller GmbH")], [(40, "USt-IdNr.: DE136695976")], [(40, "Kunde:")], [(40, "Buyer AG")],
            [(40, "Ihre USt-IdNr.: DE129273398")]]
    ex = extract(document(rows))
    assert ex.fields["vendor_vat_id"].value == "DE136695976"
    assert ex.fields["customer_name"].value == "Buyer AG"


def test_a_vat_id_under_its_heading_in_a_footer_is_read_and_checked():
    rows = [[(40, "Rechnung 2014-03")], [(300, "Summe"), (450, "1.005,55 €")], [],
            [(40, "Kraxi GmbH"), (160, "Sitz der Gesellschaft"), (300, "USt-IdNr"), (420, "Postbank")],
            [(40, "GF Paul Kraxi"), (160, "München HRB 999999"), (300, "DE123456789"), (420, "BLZ 700 100 80")]]
    f = extract(document(rows)).fields["vendor_vat_id"]
    assert f.value == "DE123456789" and f.flagged and "VAT ID fails its check digits" in f.reasons
    rows[3][2] = (300, "Bankleitzahl")  # a number under another heading is no VAT ID of this form
    assert extract(document(rows)).fields["vendor_vat_id"].value is None


@pytest.mark.parametrize(("printed", "value"), [
    ("MWST-Nr.: CHE-116.281.710 MWST", "CHE116281710MWST"), ("UID CHE-116.281.710", "CHE116281710"),
    ("Org.nr. NO 974 760 673 MVA", "NO974760673MVA"), ("VAT Reg. No. GB 980 7806 84", "GB980780684"),
])
def test_vat_ids_outside_the_eu_are_read(printed, value):
    rows = [[(40, "Seller Ltd")], [(40, printed)], [(40, "Invoice 17")]]
    f = extract(document(rows)).fields["vendor_vat_id"]
    assert (f.value, f.flagged) == (value, False)


def test_a_vat_id_outside_the_eu_with_a_wrong_check_digit_is_flagged():
    rows = [[(40, "Seller AS")], [(40, "Org.nr. NO 974 760 674 MVA")]]
    f = extract(document(rows)).fields["vendor_vat_id"]
    assert f.value == "NO974760674MVA" and f.flagged and "VAT ID fails its check digits" in f.reasons


def test_an_unlabelled_number_after_a_country_code_outside_the_eu_is_no_vat_id():
    rows = [[(40, "Seller AS")], [(40, "Invoice NO 974760673")], [(40, "Order NO 974760674")]]
    assert extract(document(rows)).fields["vendor_vat_id"].value is None


def test_iban_with_bad_check_digits_is_flagged():
    rows = [[(40, "IBAN DE00 3704 0044 0532 0130 00")]]
    f = extract(document(rows)).fields["iban"]
    assert f.value == "DE00370400440532013000"
    assert f.flagged
    assert any("check digits" in r for r in f.reasons)


def test_unlabelled_number_with_bad_check_digits_is_no_iban():
    rows = [[(40, "Ref DE00 3704 0044 0532 0130 00")]]
    assert extract(document(rows)).fields["iban"].value is None


def test_credit_note_amounts_are_positive():
    rows = [[(40, "Au bon moulin SARL")], [(40, "Avoir AV-2017-0005")], [(300, "Total TTC"), (450, "-233,47 €")]]
    ex = extract(document(rows))
    assert ex.document_type == "credit_note"
    assert ex.fields["invoice_number"].value == "AV-2017-0005"
    assert ex.fields["total"].value == Decimal("233.47")


def test_receipt_total_checked_by_cash_and_change():
    rows = [[(60, "KEDAI MAJU SDN BHD")], [(40, "NO 5, JALAN BESAR, 81100 JOHOR BAHRU")], [(40, "Date: 09/01/2019")],
            [(40, "TOTAL"), (300, "31.00")], [(40, "CASH"), (300, "50.00")], [(40, "CHANGE"), (300, "19.00")]]
    ex = extract(document(rows, width=300, height=800))
    assert ex.document_type == "receipt"
    assert ex.fields["total"].value == Decimal("31.00")
    assert ex.fields["vendor_name"].value == "KEDAI MAJU SDN BHD"
    assert ex.fields["invoice_date"].value == dt.date(2019, 1, 9)


def test_unlabelled_receipt_date_is_the_one_printed_with_a_time():
    rows = [[(60, "PASAR MINI MAJU")], [(40, "TAXINV:002-1550040"), (200, "19/03/16")],
            [(40, "TOTAL"), (300, "28.60")], [(40, "18/03/18 09:03 #002-15500408")]]
    ex = extract(document(rows, width=300, height=800))
    assert ex.fields["invoice_date"].value == dt.date(2018, 3, 18)


def test_unlabelled_date_without_a_time_is_the_first():
    rows = [[(60, "PASAR MINI MAJU")], [(40, "19/03/16")], [(40, "TOTAL"), (300, "28.60")], [(40, "18/03/18")]]
    ex = extract(document(rows, width=300, height=800))
    assert ex.fields["invoice_date"].value == dt.date(2016, 3, 19)


def _ocr_document(rows: list[list[tuple[float, str, float]]]) -> Document:
    """rows of (x, word, OCR confidence), one word per cell position."""
    words = [Word(t, Box(x, 40 + 14 * i, x + 5 * len(t), 48 + 14 * i), conf, "ocr")
             for i, cells in enumerate(rows) for x, t, conf in cells]
    return Document("0" * 64, "image/jpeg", (Page(1, 300, 800, group_lines(words), "ocr"),))


def test_a_date_is_as_sure_as_its_own_reading_not_its_neighbours():
    rows = [[(60, "KEDAI", 0.95), (90, "MAJU", 0.95)], [(40, "Date:", 0.9), (70, "09/01/2019", 0.93), (122, "#%~", 0.1)],
            [(40, "TOTAL", 0.95), (250, "31.00", 0.95)]]
    f = extract(_ocr_document(rows)).fields["invoice_date"]
    assert f.value == dt.date(2019, 1, 9)
    assert not f.flagged and f.confidence > 0.7


def test_a_poorly_read_date_is_flagged():
    rows = [[(60, "KEDAI", 0.95), (90, "MAJU", 0.95)], [(40, "Date:", 0.9), (70, "09/01/2019", 0.2)],
            [(40, "TOTAL", 0.95), (250, "31.00", 0.95)]]
    f = extract(_ocr_document(rows)).fields["invoice_date"]
    assert f.value == dt.date(2019, 1, 9)
    assert f.flagged


def test_receipt_total_with_one_misread_digit_is_repaired_from_cash_and_change():
    rows = [[(60, "KEDAI MAJU SDN BHD")], [(40, "NO 5, JALAN BESAR, 81100 JOHOR BAHRU")], [(40, "Date: 09/01/2019")],
            [(40, "TOTAL"), (300, "55.20")], [(40, "CASH"), (300, "100.20")], [(40, "CHANGE"), (300, "47.00")]]
    ex = extract(document(rows, source="ocr", conf=0.9, width=300, height=800))
    assert ex.fields["total"].value == Decimal("53.20")
    assert "the total reads 55.20" in " ".join(ex.fields["total"].reasons)


def test_receipt_total_above_the_cash_given_is_a_misread_unless_printed_twice():
    head = [[(60, "KEDAI MAJU SDN BHD")], [(40, "Date: 09/01/2019")]]
    once = head + [[(40, "TOTAL"), (300, "58.20")], [(40, "CASH"), (300, "10.00")], [(40, "CHANGE"), (300, "1.80")]]
    twice = head + [[(40, "TOTAL"), (300, "26.60")], [(40, "TOTAL ROUNDED"), (300, "26.60")],
                    [(40, "CASH"), (300, "20.00")], [(40, "CHANGE"), (300, "13.40")]]
    assert extract(document(once, source="ocr", conf=0.9, width=300, height=800)).fields["total"].value \
        == Decimal("8.20")
    assert extract(document(twice, source="ocr", conf=0.9, width=300, height=800)).fields["total"].value \
        == Decimal("26.60")


def test_receipt_total_borne_out_by_its_included_tax_is_kept():
    rows = [[(60, "KEDAI MAJU SDN BHD")], [(40, "TOTAL"), (300, "53.20")], [(40, "GST 6% included"), (300, "3.01")],
            [(40, "CASH"), (300, "100.20")], [(40, "CHANGE"), (300, "41.00")]]
    ex = extract(document(rows, source="ocr", conf=0.9, width=300, height=800))
    assert ex.fields["total"].value == Decimal("53.20")


def test_receipt_total_repaired_from_subtotal_tax_and_rounding():
    rows = [[(60, "KEDAI MAJU SDN BHD")], [(40, "SUB-TOTAL (EX)"), (300, "26.00")], [(40, "TOTAL TAX"), (300, "1.56")],
            [(40, "ROUNDING"), (300, "-0.01")], [(40, "TOTAL"), (300, "21.55")]]
    ex = extract(document(rows, source="ocr", conf=0.9, width=300, height=800))
    assert ex.fields["total"].value == Decimal("27.55")


def test_a_label_read_as_a_party_name_is_flagged():
    rows = [[(40, "ACME Ltd")], [(40, "Bill to:"), (120, "Agency Contact Jones")], [(350, "Invoice #"), (450, "77")],
            [(300, "Total"), (450, "€1,250.00")]]
    ex = extract(document(rows))
    assert ex.fields["customer_name"].value == "Agency Contact Jones"
    assert ex.fields["customer_name"].flagged


def test_a_heading_read_as_the_shop_name_is_flagged():
    rows = [[(60, "TAX INVOICE")], [(40, "NO 5, JALAN BESAR, 81100 JOHOR BAHRU")], [(40, "TOTAL"), (300, "31.00")]]
    ex = extract(document(rows, source="ocr", conf=0.95, width=300, height=800))
    assert ex.fields["vendor_name"].flagged


@pytest.mark.parametrize(("text", "lang"), [
    ("Rechnung Datum Betrag zahlbar innerhalb 14 Tagen netto", "de"),
    ("Facture date montant total TTC merci pour votre paiement", "fr"),
    ("Factura fecha importe total con IVA gracias por su pago", "es"),
    ("Fattura data importo totale IVA grazie per il pagamento", "it"),
    ("Factuur datum bedrag totaal btw bedankt voor uw betaling", "nl"),
    ("Fatura data valor total IVA obrigado pelo pagamento", "pt"),
    ("Invoice date amount due total tax thank you for your payment", "en"),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_us_dollar_invoice_dates_are_month_first():
    rows = [[(40, "ACME Inc")], [(350, "Invoice #"), (450, "77")], [(350, "Invoice Date"), (450, "03/05/2024")],
            [(300, "Subtotal"), (450, "$1,250.00")], [(300, "Total"), (450, "$1,250.00")]]
    ex = extract(document(rows))
    assert ex.fields["invoice_date"].value == dt.date(2024, 3, 5)
    assert ex.fields["total"].value == Decimal("1250.00")


def test_euro_invoice_dates_are_day_first():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice #"), (450, "77")], [(350, "Invoice Date"), (450, "03/05/2024")],
            [(300, "Total"), (450, "€1,250.00")]]
    assert extract(document(rows)).fields["invoice_date"].value == dt.date(2024, 5, 3)


def test_a_run_of_parts_ending_in_their_sum_gives_the_sum():
    rows = [[(40, "WXYZ-TV")], [(40, "Total"), (120, "$650.00 $400.00 $200.00 $1,250.00")]]
    assert extract(document(rows)).fields["total"].value == Decimal("1250.00")


def test_column_of_rates_closed_by_its_sum():
    rows = [[(40, "Muster GmbH")], [(40, "Rechnung Nr. 5")],
            [(60, "Nettobetrag"), (200, "MwSt-Betrag"), (340, "Endbetrag")],
            [(60, "-4,85"), (200, "-0,92"), (340, "-5,77")],
            [(60, "-2,82"), (200, "-0,20"), (340, "-3,02")],
            [(60, "-7,67"), (200, "-1,12"), (340, "-8,79")]]
    ex = extract(document(rows))
    assert ex.fields["total"].value == Decimal("-8.79")
    assert ex.fields["subtotal"].value == Decimal("-7.67")
    assert ex.fields["tax_total"].value == Decimal("-1.12")


def test_a_party_name_wrapped_in_its_column_is_joined_up_to_a_separator():
    rows = [[(40, "Agency: STRATEGIC MEDIA"), (200, "Advertiser: Beth Parlato for"), (420, "Total $: $3,560.00")],
            [(40, "PLACEMENT"), (255, "Congress - NY CD-27")], [(40, "7669 Stagers Loop"), (200, "Product: TV")]]
    assert extract(document(rows)).fields["customer_name"].value == "Beth Parlato for Congress"
    rows[0][1] = (200, "Advertiser: Beth Parlato")
    assert extract(document(rows)).fields["customer_name"].value == "Beth Parlato"  # a whole name stays as it is


@pytest.mark.parametrize("heading", ["Adresse du Client", "Kundenadresse", "Customer address", "Klantadres"])
def test_a_customer_address_heading_names_the_customer_below_it(heading):
    rows = [[(40, "FACTURE N° : F20200027")], [(40, "LE FOURNISSEUR"), (300, heading)],
            [(40, "35 rue d'ici"), (300, "Boulangerie Martin")], [(40, "75018 PARIS"), (300, "58 rue de la mer")],
            [(300, "06000 NICE")], [(300, "Total TTC"), (450, "120,00 €")]]
    ex = extract(document(rows))
    assert ex.fields["customer_name"].value == "Boulangerie Martin"
    assert ex.fields["customer_address"].value.startswith("58 rue de la mer")


@pytest.mark.parametrize(("title", "kind"), [
    ("CONTRACT", "other"), ("Angebot", "other"), ("Devis", "other"), ("Order confirmation", "other"),
    ("INVOICE", "invoice"), ("Invoice for purchase order 4711", "invoice"),
])
def test_an_order_contract_or_quote_is_no_invoice_or_receipt(title, kind):
    rows = [[(40, title)], [(40, "ACME Ltd")], [(40, "Billing type: Cash"), (300, "Cash/Trade")],
            [(300, "Total"), (450, "$1,250.00")]]
    assert extract(document(rows)).document_type == kind


def test_the_letterhead_name_is_no_line_of_its_address():
    lines = [("WBTV", 40, 8), ("CONTRACT", 400, 8), ("One Julian Price Place", 40, 8), ("Charlotte, NC 28208", 40, 12),
             ("Building 5 Suite 200", 40, 12), ("Total $1,250.00", 300, 8)]
    words, y = [], 40.0
    for text, x, h in lines:
        y = y if x == 400 else y + 2 * h
        for token in text.split():
            words.append(Word(token, Box(x, y, x + 0.6 * h * len(token), y + h)))
            x += 0.6 * h * (len(token) + 1)
    doc = Document("0" * 64, "application/pdf", (Page(1, 595, 842, group_lines(words), "text"),))
    assert extract(doc).fields["vendor_name"].value == "WBTV"


def test_the_value_level_with_a_tall_label_comes_before_one_a_line_lower():
    # a label in a larger font reaches into the next line, where another label starts a hair further left
    words = [Word("Advertiser", Box(300, 100, 340, 116)),
             Word("POL/Amy", Box(380.5, 101, 410, 108)), Word("Klobuchar/President", Box(412, 101, 480, 108)),
             Word("Candidate", Box(380, 110, 415, 117)), Word("Invoice", Box(40, 40, 80, 48)),
             Word("Total", Box(300, 200, 330, 208)), Word("$1,250.00", Box(400, 200, 440, 208))]
    doc = Document("0" * 64, "application/pdf", (Page(1, 595, 842, group_lines(words), "text"),))
    assert extract(doc).fields["customer_name"].value == "POL/Amy Klobuchar/President"


def test_the_name_under_a_heading_is_the_cell_under_it_not_one_reaching_in_from_the_left():
    rows = [[(40, "WBTV"), (250, "Contract / Revision")], [(40, "Charlotte, NC 28208"), (250, "Advertiser")],
            [(40, "Sales T & C: www.gray.tv/advertising"), (250, "Senate Majority PAC")],
            [(40, "(704) 374-3500"), (250, "Contract Dates")], [(300, "Total"), (450, "$1,250.00")]]
    assert extract(document(rows)).fields["customer_name"].value == "Senate Majority PAC"


def test_a_label_after_other_words_in_its_cell_still_names_the_customer_unflagged():
    rows = [[(40, "News Channel 8 Advertiser"), (190, "Amy for America (135176)"), (400, "Entered By Alexa")],
            [(300, "Total"), (450, "$1,250.00")]]
    f = extract(document(rows)).fields["customer_name"]
    assert f.value == "Amy for America"
    assert not f.flagged and f.confidence < 0.85  # weaker than a label heading its cell, not doubtful


def test_an_invoice_title_on_a_till_roll_is_an_uncertain_type():
    rows = [[(40, "KEDAI MAJU")], [(40, "TAX INVOICE")], [(40, "2174 A&W SARSA")], [(40, "TOTAL"), (250, "72.75")]]
    slip = extract(document(rows, width=300, height=800))
    assert slip.document_type == "invoice" and slip.fields["document_type"].flagged
    page = extract(document(rows))  # the same words on an A4 page
    assert page.document_type == "invoice" and not page.fields["document_type"].flagged


def test_a_value_run_into_its_label_is_told_apart_by_the_form_columns():
    rows = [[(228, "Advertiser/T-Code Our Future Matters (34209)/SWBK")], [(228, "Agency"), (316, "Max Media (2668)")],
            [(228, "Buyer"), (316, "Graziano,John")], [(300, "Gross Total"), (450, "$2,350.00")]]
    f = extract(document(rows)).fields["customer_name"]
    assert f.value == "Our Future Matters (34209)/SWBK" and not f.flagged
    rows[1][1], rows[2][1] = (330, "Max Media (2668)"), (330, "Graziano,John")  # no value column where it starts
    assert extract(document(rows)).fields["customer_name"].value == "Graziano,John"


def test_a_name_overprinted_by_a_label_keeps_the_rest_of_its_line():
    def line(y, *cells):
        out = []
        for x, text in cells:
            for token in text.split():
                out.append(Word(token, Box(x, y, x + 4.5 * len(token), y + 8)))
                x += 4.5 * len(token) + 2.5
        return out
    words = [*line(284, (18, "Advertiser"), (88, "Name:"), (172, "POL/Beth Calhoun/Horry County Auditor/SC/Rep")),
             *line(283, (332, "Order Brand:")), *line(300, (300, "Total"), (450, "$3,500.00"))]
    doc = Document("0" * 64, "application/pdf", (Page(1, 612, 792, group_lines(words), "text"),))
    assert extract(doc).fields["customer_name"].value == "POL/Beth Calhoun/Horry County Auditor/SC/Rep"


@pytest.mark.parametrize("heading", ["Ship to", "Lieferadresse", "Adresse de livraison", "Dirección de entrega",
                                     "Indirizzo di consegna", "Afleveradres", "Morada de entrega"])
def test_the_delivery_address_names_the_customer_only_when_no_billing_party_is_named(heading):
    rows = [[(40, "ACME Ltd")], [(40, heading)], [(40, "Boulangerie Martin")], [(40, "58 rue de la mer")],
            [(40, "06000 NICE")], [(300, "Total"), (450, "120,00 €")]]
    f = extract(document(rows)).fields["customer_name"]
    assert f.value == "Boulangerie Martin" and f.flagged
    assert "taken from the delivery address: no billing party is named" in f.reasons
    rows[1].append((300, "Bill to"))
    rows[2].append((300, "Martin SARL"))
    f = extract(document(rows)).fields["customer_name"]
    assert f.value == "Martin SARL" and not any("delivery" in r for r in f.reasons)


def test_a_placeholder_line_under_a_party_heading_is_passed_over():
    rows = [[(40, "LE FOURNISSEUR"), (300, "CLIENT :")], [(40, "35 rue d'ici"), (300, "Buyer contact name")],
            [(40, "75018 PARIS"), (300, "Boulangerie Martin")], [(300, "58 rue de la mer")], [(300, "06000 NICE")],
            [(300, "Total TTC"), (450, "120,00 €")]]
    f = extract(document(rows)).fields["customer_name"]
    assert f.value == "Boulangerie Martin" and not f.flagged


@pytest.mark.parametrize("bullets", [("e", "+"), ("e", None)])
def test_a_scanned_return_address_line_with_its_bullets_misread_still_heads_the_recipient(bullets):
    first, second = bullets
    line = [(60, "Bei Spiel GmbH"), (150, first), (170, "Ecke 12"), *([(220, second)] if second else []),
            (240, "12345 Stadthausen")]
    rows = [[(400, "Bei Spiel GmbH")], line, [(60, "Theodor Est")], [(60, "Bahnstr. 42")], [(60, "88802 Spielkreis")],
            [], [(60, "Rechnung RE-504 vom 08.10.2015")], [(300, "Gesamtbetrag:"), (450, "571,04 €")]]
    ex = extract(document(rows, source="ocr", conf=0.9))
    assert ex.fields["customer_name"].value == "Theodor Est"
    assert ex.fields["customer_address"].value == "Bahnstr. 42 88802 Spielkreis"
    assert ex.fields["vendor_name"].value == "Bei Spiel GmbH"


def test_a_scanned_party_block_skips_a_split_label_and_keeps_a_split_off_legal_form():
    rows = [[(40, "Rechnungskorrektur Nr. RK21012345 vom 16.09.2018")], [(40, "Verkäufer:")],
            [(40, "Nummer"), (110, ": 549910")], [(40, "Globale"), (85, "Nummer:"), (150, "4333741 000005")],
            [(40, "MUSTERLIEFERANT"), (125, "GMBH")], [(40, "BAHNHOFSTRASSE 99")], [(40, "DE 99199 MUSTERHAUSEN")],
            [(300, "Gesamtbetrag:"), (450, "-8,79")]]
    ex = extract(document(rows, source="ocr", conf=0.9))
    assert ex.fields["vendor_name"].value == "MUSTERLIEFERANT GMBH"
    assert ex.fields["vendor_address"].value.startswith("BAHNHOFSTRASSE 99")


def test_a_field_line_level_with_name_label_is_passed_over_for_the_name_under_it():
    rows = [[(40, "Rechnungskorrektur Nr. RK21012345 vom 16.09.2019")], [(40, "Verkäufer")],
            [(200, "GLN 4333741000005")], [(40, "Name:"), (200, "Lief-Nr: 549910")], [(200, "MUSTERLIEFERANT GMBH")],
            [(40, "Anschrift:"), (200, "BAHNHOFSTRASSE 99")], [(300, "Gesamtbetrag:"), (450, "-8,79")]]
    assert extract(document(rows, source="ocr", conf=0.9)).fields["vendor_name"].value == "MUSTERLIEFERANT GMBH"


def test_a_scanned_iban_with_o_read_for_zero_is_repaired_when_its_check_digits_agree():
    rows = [[(40, "Kontonr.: 1234 567890"), (250, "IBAN-Nr: DEO8 7009 0100 1234 5678 90")]]
    assert extract(document(rows, source="ocr", conf=0.9)).fields["iban"].value == "DE08700901001234567890"
    rows = [[(40, "IBAN-Nr: DEO8 7009 0100 1234 5678 91")]]  # repaired, the check digits still fail: flagged
    f = extract(document(rows, source="ocr", conf=0.9)).fields["iban"]
    assert f.flagged and "IBAN fails its check digits" in f.reasons


def test_a_scanned_client_heading_whose_colon_ocr_lost_still_names_the_customer():
    rows = [[(40, "FACTURE N° F20200027")], [(40, "LE FOURNISSEUR"), (300, "CLIENT")],
            [(40, "35 rue d'ici"), (300, "Boulangerie Martin")], [(40, "75018 PARIS"), (300, "58 rue de la mer")],
            [(300, "06000 NICE")], [(300, "Total TTC"), (450, "120,00 €")]]
    assert extract(document(rows, source="ocr", conf=0.9)).fields["customer_name"].value == "Boulangerie Martin"


def test_a_scanned_party_block_whose_name_label_was_not_read_takes_the_lone_value_in_its_value_column():
    rows = [[(40, "Rechnung 471102 vom 05.03.2018")], [(40, "Käufer/Leistungsempfänger")],
            [(40, "Nummer:"), (300, "GE2020211")], [(300, "Kunden AG Mitte")], [(300, "Kundenstraße 15")],
            [(300, "DE 69876 Frankfurt")], [], [(40, "Bemerkungen")], [(300, "Gesamtbetrag:"), (450, "529,87")]]
    f = extract(document(rows, source="ocr", conf=0.9)).fields
    assert f["customer_name"].value == "Kunden AG Mitte"
    assert f["customer_address"].value == "Kundenstraße 15 DE 69876 Frankfurt"


def test_a_blurred_return_address_line_read_as_one_cell_still_gives_sender_and_recipient():
    rows = [[(400, "Bei Spiel GmbH")], [(60, "Bei Spiel GmbH e Ecke 12 e 12345 Stadthausen")], [(60, "Theodor Est")],
            [(60, "Bahnstr. 42")], [(60, "88802 Spielkreis")], [], [(60, "Rechnung RE-504 vom 08.10.2015")],
            [(300, "Gesamtbetrag:"), (450, "571,04 €")]]
    ex = extract(document(rows, source="ocr", conf=0.9))
    assert (ex.fields["vendor_name"].value, ex.fields["customer_name"].value) == ("Bei Spiel GmbH", "Theodor Est")
    rows[1] = [(60, "ID : 123 - GLN : 587451236587")]  # colons and dashes are no bullets
    assert extract(document(rows, source="ocr", conf=0.9)).fields["customer_name"].value != "Theodor Est"
