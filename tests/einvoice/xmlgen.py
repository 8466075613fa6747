"""E-invoices made on the fly: CII (D16B and ZUGFeRD 1.0), UBL Invoice/CreditNote, and hybrid PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape as esc

from tests import docgen


@dataclass
class Sample:
    number: str = "INV-2024-017"
    issued: str = "20240503"  # format 102
    due: str | None = "20240602"
    type_code: str = "380"
    currency: str = "EUR"
    seller: str = "Müller Bürobedarf GmbH"
    seller_vat: str = "DE136695976"
    buyer: str = "Kunde & Söhne AG"
    iban: str | None = "DE02 1203 0000 0000 2020 51"
    lines: list[tuple[str, str, str, str]] = field(default_factory=lambda: [
        ("Widget", "2", "50.00", "100.00"), ("Gadget Überprüfung", "1", "19.50", "19.50")])
    subtotal: str = "119.50"
    tax: str = "22.71"
    total: str = "142.21"
    due_amount: str = "142.21"
    terms: str = "Zahlbar innerhalb 30 Tagen netto"

    def iso(self, d: str) -> str:
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"


_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"


def cii(s: Sample) -> bytes:
    """EN 16931 CII (Factur-X / ZUGFeRD 2.x / XRechnung CII)."""
    lines = "".join(f"""
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{i}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>{esc(d)}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{u}</ram:ChargeAmount>
      </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">{q}</ram:BilledQuantity>
      </ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>
        <ram:LineTotalAmount>{t}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>""" for i, (d, q, u, t) in enumerate(s.lines, 1))
    iban = (f"<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>"
            f"<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{s.iban}</ram:IBANID>"
            f"</ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>") if s.iban else ""
    due = (f"<ram:DueDateDateTime><udt:DateTimeString format=\"102\">{s.due}</udt:DateTimeString>"
           f"</ram:DueDateDateTime>") if s.due else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="{_RSM}" xmlns:ram="{_RAM}" xmlns:udt="{_UDT}">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
    <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{s.number}</ram:ID><ram:TypeCode>{s.type_code}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{s.issued}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>{lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>{esc(s.seller)}</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Hauptstraße 5</ram:LineOne>
          <ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{s.seller_vat}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>{esc(s.buyer)}</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>{s.currency}</ram:InvoiceCurrencyCode>{iban}
      <ram:ApplicableTradeTax><ram:CalculatedAmount>{s.tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>{s.subtotal}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:Description>{esc(s.terms)}</ram:Description>{due}
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{s.subtotal}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{s.subtotal}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="{s.currency}">{s.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{s.total}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{s.due_amount}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>""".encode()


def zugferd1(s: Sample) -> bytes:
    """ZUGFeRD 1.0: CrossIndustryDocument with its own element names and no DuePayableAmount."""
    lines = "".join(f"""
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">{q}</ram:BilledQuantity>
      </ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement><ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:LineTotalAmount currencyID="EUR">{t}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>{esc(d)}</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>""" for d, q, _, t in s.lines)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a long licence comment stands here in the official samples -->
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument><ram:ID>{s.number}</ram:ID><ram:TypeCode>{s.type_code}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{s.issued}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>{esc(s.seller)}</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{s.seller_vat}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>{esc(s.buyer)}</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>{s.currency}</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount currencyID="EUR">{s.tax}</ram:CalculatedAmount>
        <ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount currencyID="EUR">{s.subtotal}</ram:BasisAmount>
        <ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:LineTotalAmount currencyID="EUR">{s.subtotal}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount currencyID="EUR">{s.subtotal}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{s.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">{s.total}</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>{lines}
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>""".encode()


def ubl(s: Sample, credit: bool = False) -> bytes:
    """UBL 2.1 as Peppol BIS Billing 3.0 writes it: Invoice, or CreditNote with CreditNoteLine."""
    root, line, qty = ("CreditNote", "CreditNoteLine", "CreditedQuantity") if credit else \
        ("Invoice", "InvoiceLine", "InvoicedQuantity")
    lines = "".join(f"""
  <cac:{line}><cbc:ID>{i}</cbc:ID><cbc:{qty} unitCode="C62">{q}</cbc:{qty}>
    <cbc:LineExtensionAmount currencyID="{s.currency}">{t}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>{esc(d)}</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="{s.currency}">{u}</cbc:PriceAmount></cac:Price>
  </cac:{line}>""" for i, (d, q, u, t) in enumerate(s.lines, 1))
    type_el = f"<cbc:CreditNoteTypeCode>{s.type_code}</cbc:CreditNoteTypeCode>" if credit else \
        f"<cbc:InvoiceTypeCode>{s.type_code}</cbc:InvoiceTypeCode>"
    due = f"<cbc:DueDate>{s.iso(s.due)}</cbc:DueDate>" if s.due and not credit else ""
    pay_due = f"<cbc:PaymentDueDate>{s.iso(s.due)}</cbc:PaymentDueDate>" if s.due and credit else ""
    iban = (f"<cac:PayeeFinancialAccount><cbc:ID>{s.iban}</cbc:ID></cac:PayeeFinancialAccount>") if s.iban else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ID>{s.number}</cbc:ID>
  <cbc:IssueDate>{s.iso(s.issued)}</cbc:IssueDate>{due}
  {type_el}
  <cbc:DocumentCurrencyCode>{s.currency}</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:StreetName>Hauptstraße 5</cbc:StreetName><cbc:CityName>Berlin</cbc:CityName>
      <cbc:PostalZone>10115</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode>
      </cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>{s.seller_vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID>
    </cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>{esc(s.seller)}</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>{esc(s.buyer)}</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>{pay_due}{iban}</cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>{esc(s.terms)}</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal><cbc:TaxAmount currencyID="{s.currency}">{s.tax}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="{s.currency}">{s.subtotal}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="{s.currency}">{s.tax}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID>
      </cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{s.currency}">{s.subtotal}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{s.currency}">{s.subtotal}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{s.currency}">{s.total}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="{s.currency}">{s.due_amount}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>{lines}
</{root}>""".encode()


def _de(amount: str) -> str:
    return amount.replace(".", ",")


def hybrid_pdf(page: Sample, xml: bytes | None, name: str = "factur-x.xml") -> bytes:
    """A German invoice page showing `page`'s values (laid out as docgen's), with `xml` attached."""
    pdf = docgen._pdf()
    pdf.add_page()
    pdf.set_font_size(20)
    pdf.text(20, 25, "RECHNUNG")
    pdf.set_font_size(11)
    pdf.text(20, 40, page.seller)
    pdf.text(20, 46, "Hauptstraße 5, 10115 Berlin")
    pdf.text(120, 40, f"Rechnungsnummer: {page.number}")
    d = page.issued
    pdf.text(120, 46, f"Datum: {d[6:]}.{d[4:6]}.{d[:4]}")
    y = 70
    for x, head in ((20, "Beschreibung"), (110, "Menge"), (135, "Preis"), (165, "Betrag")):
        pdf.text(x, y, head)
    for desc, q, u, t in page.lines:
        y += 8
        for x, v in ((20, desc), (110, q), (135, _de(u)), (165, _de(t))):
            pdf.text(x, y, v)
    y += 14
    for label, value in (("Zwischensumme", page.subtotal), ("MwSt. 19 %", page.tax), ("Gesamtbetrag", page.total)):
        pdf.text(120, y, label)
        pdf.text(165, y, f"{_de(value)} €")
        y += 7
    if xml is not None:
        pdf.embed_file(bytes=xml, basename=name, desc="Factur-X invoice")
    return bytes(pdf.output())
