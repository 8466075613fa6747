"""OASIS UBL 2.x Invoice and CreditNote (Peppol BIS Billing 3.0, XRechnung UBL)."""

from __future__ import annotations

from decimal import Decimal
from xml.etree.ElementTree import Element

from ..models import LineItem, VatLine
from .result import EInvoice, document_type, language
from .xmltree import amount, child, children, date, local, path, text

ROOTS = ("Invoice", "CreditNote")


def read(root: Element) -> EInvoice:
    credit = local(root) == "CreditNote"
    seller = path(root, "AccountingSupplierParty", "Party")
    buyer = path(root, "AccountingCustomerParty", "Party")
    currency = text(child(root, "DocumentCurrencyCode"))
    totals = child(root, "LegalMonetaryTotal")

    inv = EInvoice(syntax="UBL")
    inv.profile = text(child(root, "CustomizationID"))
    code = text(child(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode"))
    inv.document_type = "credit_note" if credit else document_type(code)  # a CreditNote is one whatever its code
    inv.language = language(text(path(seller, "PostalAddress", "Country", "IdentificationCode")))
    v = inv.values
    v["invoice_number"] = text(child(root, "ID"))
    v["invoice_date"] = date(child(root, "IssueDate"))
    means = children(root, "PaymentMeans")
    v["due_date"] = date(child(root, "DueDate")) or next(
        (d for m in means if (d := date(child(m, "PaymentDueDate")))), None)
    v["currency"] = currency
    v["vendor_name"] = party_name(seller)
    v["vendor_address"] = address(child(seller, "PostalAddress"))
    v["vendor_vat_id"] = vat_id(seller)
    v["customer_name"] = party_name(buyer)
    v["customer_address"] = address(child(buyer, "PostalAddress"))

    v["subtotal"] = amount(child(totals, "TaxExclusiveAmount")) or amount(child(totals, "LineExtensionAmount"))
    v["total"] = amount(child(totals, "TaxInclusiveAmount"))
    v["amount_due"] = amount(child(totals, "PayableAmount"))
    tax_totals = children(root, "TaxTotal")
    v["tax_total"] = _tax_amount(tax_totals, currency)
    v["iban"] = next((i for m in means if (i := text(path(m, "PayeeFinancialAccount", "ID")))), None)
    if v["iban"]:
        v["iban"] = v["iban"].replace(" ", "").upper()
    inv.payment_terms = "; ".join(s for t in children(root, "PaymentTerms") if (s := text(child(t, "Note")))) or None

    for tt in tax_totals:
        if child(tt, "TaxAmount") is not None and child(tt, "TaxAmount").get("currencyID") not in (None, currency):
            continue
        for sub in children(tt, "TaxSubtotal"):
            cat = child(sub, "TaxCategory")
            inv.vat_breakdown.append(VatLine(amount(child(cat, "Percent")), amount(child(sub, "TaxableAmount")),
                                             amount(child(sub, "TaxAmount")), text(child(cat, "ID"))))
    inv.line_items = [_line(li) for li in children(root, "InvoiceLine", "CreditNoteLine")]
    return inv


def _tax_amount(tax_totals: list[Element], currency: str | None) -> Decimal | None:
    """UBL repeats TaxTotal in the tax currency when it differs; the one in the invoice currency counts."""
    for tt in tax_totals:
        el = child(tt, "TaxAmount")
        if el is not None and el.get("currencyID") in (None, currency):
            return amount(el)
    return amount(child(tax_totals[0], "TaxAmount")) if tax_totals else None


def party_name(party: Element | None) -> str | None:
    return text(path(party, "PartyName", "Name")) or text(path(party, "PartyLegalEntity", "RegistrationName"))


def address(addr: Element | None) -> str | None:
    if addr is None:
        return None
    street = [text(child(addr, n)) for n in ("StreetName", "AdditionalStreetName")]
    street.append(text(path(addr, "AddressLine", "Line")))
    city = " ".join(s for s in (text(child(addr, "PostalZone")), text(child(addr, "CityName"))) if s)
    parts = [s for s in (*street, city, text(path(addr, "Country", "IdentificationCode"))) if s]
    return ", ".join(parts) or None


def vat_id(party: Element | None) -> str | None:
    """The CompanyID of the party's VAT scheme (a tax number under another scheme is not a VAT ID)."""
    for scheme in children(party, "PartyTaxScheme"):
        if (text(path(scheme, "TaxScheme", "ID")) or "VAT").upper() == "VAT":
            found = text(child(scheme, "CompanyID"))
            if found:
                return found
    return None


def _line(li: Element) -> LineItem:
    item = child(li, "Item")
    qty = child(li, "InvoicedQuantity", "CreditedQuantity")
    return LineItem(
        description=text(child(item, "Name")) or text(child(item, "Description")),
        quantity=amount(qty),
        unit_price=amount(path(li, "Price", "PriceAmount")),
        line_total=amount(child(li, "LineExtensionAmount")),
    )


def is_ubl(root: Element) -> bool:
    """An Invoice or CreditNote root in an OASIS UBL namespace (other XML may be called Invoice too)."""
    tag = root.tag if isinstance(root.tag, str) else ""
    return local(root) in ROOTS and ":ubl:" in tag.lower()
