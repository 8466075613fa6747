"""UN/CEFACT Cross Industry Invoice: Factur-X, ZUGFeRD 2.x, XRechnung CII (all profiles), and
ZUGFeRD 1.0's CrossIndustryDocument, whose element names differ but whose shape is the same."""

from __future__ import annotations

from decimal import Decimal
from xml.etree.ElementTree import Element

from ..models import LineItem, VatLine
from .result import EInvoice, document_type, language
from .xmltree import amount, child, children, date, descendants, first, local, path, text

ROOTS = ("CrossIndustryInvoice", "CrossIndustryDocument")

# ZUGFeRD 1.0 name first, CII D16B name second
_DOCUMENT = ("HeaderExchangedDocument", "ExchangedDocument")
_TRANSACTION = ("SpecifiedSupplyChainTradeTransaction", "SupplyChainTradeTransaction")
_AGREEMENT = ("ApplicableSupplyChainTradeAgreement", "ApplicableHeaderTradeAgreement")
_SETTLEMENT = ("ApplicableSupplyChainTradeSettlement", "ApplicableHeaderTradeSettlement")
_SUMMATION = ("SpecifiedTradeSettlementMonetarySummation", "SpecifiedTradeSettlementHeaderMonetarySummation")
_CONTEXT = ("SpecifiedExchangedDocumentContext", "ExchangedDocumentContext")


def read(root: Element) -> EInvoice:
    doc = child(root, *_DOCUMENT)
    tx = child(root, *_TRANSACTION)
    agreement = child(tx, *_AGREEMENT)
    settlement = child(tx, *_SETTLEMENT)
    seller = child(agreement, "SellerTradeParty")
    buyer = child(agreement, "BuyerTradeParty")
    currency = text(child(settlement, "InvoiceCurrencyCode"))
    summation = child(settlement, *_SUMMATION)

    inv = EInvoice(syntax="CII")
    inv.profile = text(path(root, _CONTEXT, "GuidelineSpecifiedDocumentContextParameter", "ID"))
    inv.document_type = document_type(text(child(doc, "TypeCode")))
    inv.language = language(text(path(seller, "PostalTradeAddress", "CountryID")))
    v = inv.values
    v["invoice_number"] = text(child(doc, "ID"))
    v["invoice_date"] = date(first(child(doc, "IssueDateTime"), "DateTimeString"))
    v["currency"] = currency
    v["vendor_name"] = text(child(seller, "Name"))
    v["vendor_address"] = address(child(seller, "PostalTradeAddress"))
    v["vendor_vat_id"] = vat_id(seller)
    v["customer_name"] = text(child(buyer, "Name"))
    v["customer_address"] = address(child(buyer, "PostalTradeAddress"))

    v["subtotal"] = _money(summation, "TaxBasisTotalAmount", currency)
    if v["subtotal"] is None:
        v["subtotal"] = _money(summation, "LineTotalAmount", currency)
    v["tax_total"] = _money(summation, "TaxTotalAmount", currency)
    v["total"] = _money(summation, "GrandTotalAmount", currency)
    v["amount_due"] = _money(summation, "DuePayableAmount", currency)
    if v["amount_due"] is None and v["total"] is not None:
        prepaid = _money(summation, "TotalPrepaidAmount", currency) or Decimal(0)
        v["amount_due"] = v["total"] - prepaid
        inv.notes["amount_due"] = "the e-invoice gives no amount due; computed from its total"

    v["iban"] = iban(settlement)
    terms = children(settlement, "SpecifiedTradePaymentTerms")
    v["due_date"] = next((d for t in terms if (d := date(first(child(t, "DueDateDateTime"), "DateTimeString")))),
                         None)
    inv.payment_terms = "; ".join(s for t in terms if (s := text(child(t, "Description")))) or None

    inv.vat_breakdown = [
        VatLine(amount(child(t, "RateApplicablePercent", "ApplicablePercent")), amount(child(t, "BasisAmount")),
                amount(child(t, "CalculatedAmount")), text(child(t, "CategoryCode")))
        for t in children(settlement, "ApplicableTradeTax")
    ]
    inv.line_items = top_lines(children(tx, "IncludedSupplyChainTradeLineItem"))
    return inv


def _money(summation: Element | None, name: str, currency: str | None) -> Decimal | None:
    """An amount of the invoice currency; CII repeats TaxTotalAmount in the tax currency when they differ."""
    found = children(summation, name)
    for el in found:
        if el.get("currencyID") in (None, currency):
            return amount(el)
    return amount(found[0]) if found else None


def address(addr: Element | None) -> str | None:
    if addr is None:
        return None
    street = [text(child(addr, n)) for n in ("LineOne", "LineTwo", "LineThree")]
    city = " ".join(s for s in (text(child(addr, "PostcodeCode")), text(child(addr, "CityName"))) if s)
    parts = [s for s in (*street, city, text(child(addr, "CountryID"))) if s]
    return ", ".join(parts) or None


def vat_id(party: Element | None) -> str | None:
    """The party's VAT registration (scheme VA); a tax office number (FC) is not a VAT ID."""
    for reg in children(party, "SpecifiedTaxRegistration"):
        el = child(reg, "ID")
        if el is not None and el.get("schemeID") == "VA":
            return text(el)
    return None


def iban(settlement: Element | None) -> str | None:
    """The payee's account; a direct-debit mandate names the payer's account, which is not it."""
    for means in children(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        acct = child(means, "PayeePartyCreditorFinancialAccount")
        found = text(child(acct, "IBANID"))
        if found:
            return found.replace(" ", "").upper()
    return None


def top_lines(lines: list[Element]) -> list[LineItem]:
    """The invoice's lines; EXTENDED sub-lines (a ParentLineID naming another line) are already in their parent."""
    ids = {text(path(li, "AssociatedDocumentLineDocument", "LineID")) for li in lines}
    return [_line(li) for li in lines
            if text(path(li, "AssociatedDocumentLineDocument", "ParentLineID")) not in ids - {None}]


def _line(li: Element) -> LineItem:
    product = child(li, "SpecifiedTradeProduct")
    price = next(descendants(li, "NetPriceProductTradePrice"), None)
    totals = [el for el in descendants(li, "LineTotalAmount")]
    return LineItem(
        description=text(child(product, "Name")) or text(child(product, "Description")),
        quantity=amount(next(descendants(li, "BilledQuantity"), None)),
        unit_price=amount(child(price, "ChargeAmount")),
        line_total=amount(totals[0]) if totals else None,
    )


def is_cii(root: Element) -> bool:
    return local(root) in ROOTS
