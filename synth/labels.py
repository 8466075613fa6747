"""The words printed on documents per language; a tuple holds the alternatives a layout may pick from."""

from __future__ import annotations

import random

LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "invoice": ("Rechnung", "RECHNUNG"), "receipt": ("Kassenbon", "Quittung", "Beleg"),
        "credit_note": ("Gutschrift", "Rechnungskorrektur"), "number": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr."),
        "receipt_no": ("Bon-Nr.", "Beleg-Nr."), "credit_no": ("Gutschrift-Nr.", "Gutschriftsnummer"),
        "date": ("Rechnungsdatum", "Datum"), "due": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum"),
        "customer_no": ("Kundennummer", "Kunden-Nr."), "vat_id": ("USt-IdNr.", "USt-ID", "UID-Nr."),
        "tax_no": ("Steuernummer",), "bill_to": ("Rechnungsempfänger", "Rechnungsadresse"), "ship_to": ("Lieferadresse",),
        "pos": ("Pos.",), "article": ("Art.-Nr.",), "description": ("Beschreibung", "Bezeichnung", "Leistung"),
        "qty": ("Menge", "Anz."), "unit": ("Einh.", "ME"), "unit_price": ("Einzelpreis", "E-Preis", "Preis"),
        "discount": ("Rabatt",), "vat_rate": ("MwSt.", "USt."), "amount": ("Betrag", "Gesamt", "Summe"),
        "subtotal": ("Nettobetrag", "Zwischensumme", "Summe netto"), "lines_sum": ("Summe Positionen", "Warenwert"),
        "vat": ("MwSt.", "USt.", "Umsatzsteuer"), "total": ("Gesamtbetrag", "Rechnungsbetrag", "Bruttobetrag"),
        "receipt_total": ("SUMME", "Gesamt", "Zu zahlen"), "prepaid": ("Anzahlung", "abzgl. Vorauszahlung"),
        "amount_due": ("Zahlbetrag", "Offener Betrag", "Noch zu zahlen"), "refund": ("Erstattungsbetrag",),
        "carried": ("Übertrag",), "page": ("Seite",), "bank": ("Bankverbindung",), "terms": ("Zahlbar innerhalb von {n} Tagen ohne Abzug.",),
        "due_text": ("Bitte überweisen Sie den Betrag bis zum {date}.",), "thanks": ("Vielen Dank für Ihren Einkauf!", "Vielen Dank für Ihren Auftrag."),
        "cash": ("Bar", "BAR"), "change": ("Rückgeld",), "card": ("EC-Karte",), "phone": ("Tel.",), "email": ("E-Mail",),
        "breakdown": ("MwSt-Satz", "Steuersatz"), "base": ("Netto",), "tax": ("Steuer",), "gross": ("Brutto",),
        "included": ("enthaltene MwSt.", "darin MwSt."), "doc_discount": ("Rabatt",), "director": ("Geschäftsführer",),
        "register": ("Amtsgericht", "Handelsregister"), "ref": ("zur Rechnung {n}",), "currency": ("Währung",),
        "dear": ("Sehr geehrte Damen und Herren,",), "intro": ("wir erlauben uns, folgende Leistungen in Rechnung zu stellen:",),
    },
    "fr": {
        "invoice": ("Facture", "FACTURE"), "receipt": ("Ticket de caisse", "Reçu"), "credit_note": ("Avoir", "Facture d'avoir"),
        "number": ("Facture n°", "N° de facture", "Numéro"), "receipt_no": ("Ticket n°",), "credit_no": ("Avoir n°",),
        "date": ("Date de facture", "Date"), "due": ("Échéance", "Date d'échéance", "À régler avant le"),
        "customer_no": ("Code client", "N° client"), "vat_id": ("N° TVA intracom.", "TVA intracommunautaire", "N° TVA"),
        "tax_no": ("SIRET",), "bill_to": ("Facturé à", "Adresse de facturation"), "ship_to": ("Livré à", "Adresse de livraison"),
        "pos": ("N°",), "article": ("Réf.",), "description": ("Désignation", "Description"), "qty": ("Qté", "Quantité"),
        "unit": ("Unité",), "unit_price": ("Prix unitaire HT", "P.U. HT"), "discount": ("Remise",), "vat_rate": ("TVA",),
        "amount": ("Montant HT", "Total HT"), "subtotal": ("Total HT", "Montant HT"), "lines_sum": ("Total brut HT",),
        "vat": ("TVA", "Montant TVA"), "total": ("Total TTC", "Net à payer TTC", "Montant TTC"), "receipt_total": ("TOTAL", "Total TTC"),
        "prepaid": ("Acompte versé", "Acompte"), "amount_due": ("Reste à payer", "Net à payer"), "refund": ("Montant à rembourser",),
        "carried": ("Report", "À reporter"), "page": ("Page",), "bank": ("Coordonnées bancaires",),
        "terms": ("Paiement à {n} jours.",), "due_text": ("Merci de régler avant le {date}.",),
        "thanks": ("Merci de votre visite !", "Merci pour votre confiance."), "cash": ("Espèces",), "change": ("Rendu",),
        "card": ("Carte bancaire",), "phone": ("Tél.",), "email": ("E-mail",), "breakdown": ("Taux TVA", "Taux"),
        "base": ("Base HT",), "tax": ("TVA",), "gross": ("TTC",), "included": ("dont TVA",), "doc_discount": ("Remise",),
        "director": ("Gérant",), "register": ("RCS",), "ref": ("sur facture {n}",), "currency": ("Devise",),
        "dear": ("Madame, Monsieur,",), "intro": ("veuillez trouver ci-dessous le détail de nos prestations :",),
    },
    "es": {
        "invoice": ("Factura", "FACTURA"), "receipt": ("Ticket", "Factura simplificada"), "credit_note": ("Factura rectificativa", "Abono"),
        "number": ("Nº de factura", "Factura nº", "Número"), "receipt_no": ("Ticket nº",), "credit_no": ("Rectificativa nº",),
        "date": ("Fecha de factura", "Fecha"), "due": ("Vencimiento", "Fecha de vencimiento"), "customer_no": ("Nº cliente",),
        "vat_id": ("NIF", "CIF", "NIF-IVA"), "tax_no": ("NIF",), "bill_to": ("Facturar a", "Cliente"), "ship_to": ("Enviar a", "Dirección de entrega"),
        "pos": ("Nº",), "article": ("Ref.",), "description": ("Descripción", "Concepto"), "qty": ("Cant.", "Cantidad"),
        "unit": ("Ud.",), "unit_price": ("Precio unit.", "Precio"), "discount": ("Dto.",), "vat_rate": ("IVA",),
        "amount": ("Importe",), "subtotal": ("Base imponible", "Subtotal"), "lines_sum": ("Suma",), "vat": ("IVA", "Cuota IVA"),
        "total": ("Total factura", "Total", "TOTAL"), "receipt_total": ("TOTAL", "Total a pagar"), "prepaid": ("Anticipo", "Pagado a cuenta"),
        "amount_due": ("Importe pendiente", "Total a pagar"), "refund": ("Importe a devolver",), "carried": ("Suma y sigue",),
        "page": ("Página",), "bank": ("Datos bancarios",), "terms": ("Pago a {n} días.",), "due_text": ("Fecha límite de pago: {date}.",),
        "thanks": ("Gracias por su visita", "Gracias por su confianza."), "cash": ("Efectivo",), "change": ("Cambio",),
        "card": ("Tarjeta",), "phone": ("Tel.",), "email": ("Email",), "breakdown": ("Tipo IVA", "Tipo"), "base": ("Base",),
        "tax": ("Cuota",), "gross": ("Total",), "included": ("IVA incluido",), "doc_discount": ("Descuento",),
        "director": ("Administrador",), "register": ("Registro Mercantil",), "ref": ("que rectifica la factura {n}",),
        "currency": ("Moneda",), "dear": ("Estimado cliente:",), "intro": ("le facturamos los siguientes conceptos:",),
    },
    "it": {
        "invoice": ("Fattura", "FATTURA"), "receipt": ("Scontrino", "Documento commerciale"), "credit_note": ("Nota di credito",),
        "number": ("Fattura n.", "Numero fattura", "N. documento"), "receipt_no": ("Documento n.",), "credit_no": ("Nota di credito n.",),
        "date": ("Data fattura", "Data"), "due": ("Scadenza", "Data scadenza"), "customer_no": ("Cod. cliente",),
        "vat_id": ("P.IVA", "Partita IVA"), "tax_no": ("Cod. fiscale",), "bill_to": ("Intestatario", "Spett.le"),
        "ship_to": ("Destinazione merce", "Luogo di consegna"), "pos": ("Pos.",), "article": ("Cod. art.",),
        "description": ("Descrizione",), "qty": ("Q.tà", "Quantità"), "unit": ("U.M.",), "unit_price": ("Prezzo unit.", "Prezzo"),
        "discount": ("Sconto",), "vat_rate": ("IVA",), "amount": ("Importo",), "subtotal": ("Imponibile", "Totale imponibile"),
        "lines_sum": ("Totale merce",), "vat": ("IVA", "Totale IVA"), "total": ("Totale fattura", "Totale documento", "TOTALE"),
        "receipt_total": ("TOTALE COMPLESSIVO", "TOTALE"), "prepaid": ("Acconto",), "amount_due": ("Netto a pagare", "Totale da pagare"),
        "refund": ("Importo da rimborsare",), "carried": ("Riporto", "A riportare"), "page": ("Pagina",), "bank": ("Coordinate bancarie",),
        "terms": ("Pagamento a {n} giorni d.f.",), "due_text": ("Pagamento entro il {date}.",), "thanks": ("Grazie e arrivederci", "Grazie per la fiducia."),
        "cash": ("Contanti",), "change": ("Resto",), "card": ("Bancomat",), "phone": ("Tel.",), "email": ("Email",),
        "breakdown": ("Aliquota",), "base": ("Imponibile",), "tax": ("Imposta",), "gross": ("Totale",), "included": ("di cui IVA",),
        "doc_discount": ("Sconto",), "director": ("Amministratore",), "register": ("REA",), "ref": ("rif. fattura {n}",),
        "currency": ("Valuta",), "dear": ("Spettabile cliente,",), "intro": ("Vi addebitiamo quanto segue:",),
    },
    "nl": {
        "invoice": ("Factuur", "FACTUUR"), "receipt": ("Kassabon", "Bon"), "credit_note": ("Creditnota", "Creditfactuur"),
        "number": ("Factuurnummer", "Factuurnr.", "Nummer"), "receipt_no": ("Bonnr.",), "credit_no": ("Creditnotanr.",),
        "date": ("Factuurdatum", "Datum"), "due": ("Vervaldatum", "Te betalen vóór"), "customer_no": ("Klantnummer", "Debiteurnr."),
        "vat_id": ("BTW-nummer", "Btw-nr.", "BTW-nr."), "tax_no": ("KvK",), "bill_to": ("Factuuradres", "Aan"), "ship_to": ("Afleveradres",),
        "pos": ("Nr.",), "article": ("Art.nr.",), "description": ("Omschrijving",), "qty": ("Aantal",), "unit": ("Eenh.",),
        "unit_price": ("Prijs", "Stukprijs"), "discount": ("Korting",), "vat_rate": ("BTW", "Btw"), "amount": ("Bedrag", "Totaal"),
        "subtotal": ("Subtotaal", "Totaal excl. BTW"), "lines_sum": ("Totaal regels",), "vat": ("BTW", "Btw"),
        "total": ("Totaal incl. BTW", "Totaalbedrag", "Te betalen"), "receipt_total": ("TOTAAL", "Te betalen"),
        "prepaid": ("Reeds betaald", "Aanbetaling"), "amount_due": ("Openstaand bedrag", "Nog te betalen"), "refund": ("Terug te betalen",),
        "carried": ("Transport",), "page": ("Pagina",), "bank": ("Bankgegevens",), "terms": ("Betaling binnen {n} dagen.",),
        "due_text": ("Graag voldoen vóór {date}.",), "thanks": ("Bedankt en tot ziens!", "Bedankt voor uw opdracht."),
        "cash": ("Contant",), "change": ("Wisselgeld",), "card": ("PIN",), "phone": ("Tel.",), "email": ("E-mail",),
        "breakdown": ("BTW-tarief", "Tarief"), "base": ("Grondslag",), "tax": ("BTW",), "gross": ("Totaal",), "included": ("waarvan BTW",),
        "doc_discount": ("Korting",), "director": ("Directeur",), "register": ("KvK",), "ref": ("betreft factuur {n}",),
        "currency": ("Valuta",), "dear": ("Geachte heer/mevrouw,",), "intro": ("hierbij brengen wij het volgende in rekening:",),
    },
    "pt": {
        "invoice": ("Fatura", "FATURA"), "receipt": ("Talão", "Fatura simplificada"), "credit_note": ("Nota de crédito",),
        "number": ("Fatura n.º", "N.º da fatura", "Número"), "receipt_no": ("Talão n.º",), "credit_no": ("Nota de crédito n.º",),
        "date": ("Data da fatura", "Data"), "due": ("Vencimento", "Data de vencimento"), "customer_no": ("N.º cliente",),
        "vat_id": ("NIF", "Contribuinte n.º", "NIPC"), "tax_no": ("NIF",), "bill_to": ("Cliente", "Faturar a"),
        "ship_to": ("Local de entrega", "Morada de entrega"), "pos": ("N.º",), "article": ("Ref.",), "description": ("Descrição", "Designação"),
        "qty": ("Qtd.", "Quantidade"), "unit": ("Un.",), "unit_price": ("Preço unit.", "Preço"), "discount": ("Desc.",),
        "vat_rate": ("IVA",), "amount": ("Valor", "Total"), "subtotal": ("Total ilíquido", "Subtotal", "Incidência"),
        "lines_sum": ("Soma",), "vat": ("IVA", "Total IVA"), "total": ("Total", "Total a pagar", "TOTAL"),
        "receipt_total": ("TOTAL",), "prepaid": ("Adiantamento",), "amount_due": ("Valor em dívida", "A pagar"),
        "refund": ("Valor a devolver",), "carried": ("A transportar", "Transporte"), "page": ("Página",),
        "bank": ("Dados bancários",), "terms": ("Pagamento a {n} dias.",), "due_text": ("Pagamento até {date}.",),
        "thanks": ("Obrigado pela preferência", "Obrigado pela sua confiança."), "cash": ("Numerário",), "change": ("Troco",),
        "card": ("Multibanco",), "phone": ("Tel.",), "email": ("Email",), "breakdown": ("Taxa IVA", "Taxa"), "base": ("Incidência",),
        "tax": ("IVA",), "gross": ("Total",), "included": ("IVA incluído",), "doc_discount": ("Desconto",), "director": ("Gerente",),
        "register": ("Conservatória",), "ref": ("referente à fatura {n}",), "currency": ("Moeda",),
        "dear": ("Exmos. Senhores,",), "intro": ("vimos por este meio faturar o seguinte:",),
    },
    "en": {
        "invoice": ("Invoice", "INVOICE", "Tax Invoice"), "receipt": ("Receipt", "Sales Receipt"), "credit_note": ("Credit Note", "CREDIT NOTE"),
        "number": ("Invoice No.", "Invoice Number", "Invoice #"), "receipt_no": ("Receipt No.", "Trans #"), "credit_no": ("Credit Note No.",),
        "date": ("Invoice Date", "Date"), "due": ("Due Date", "Payment Due", "Due"), "customer_no": ("Account No.", "Customer ID"),
        "vat_id": ("VAT Reg. No.", "VAT No.", "VAT Number"), "tax_no": ("Company No.",), "bill_to": ("Bill To", "Invoice To", "Billed To"),
        "ship_to": ("Ship To", "Deliver To"), "pos": ("#",), "article": ("SKU", "Item Code"), "description": ("Description", "Item"),
        "qty": ("Qty", "Quantity"), "unit": ("Unit",), "unit_price": ("Unit Price", "Rate", "Price"), "discount": ("Disc.",),
        "vat_rate": ("VAT", "Tax"), "amount": ("Amount", "Total", "Line Total"), "subtotal": ("Subtotal", "Net Total", "Sub-total"),
        "lines_sum": ("Items total",), "vat": ("VAT", "Tax"), "total": ("Total", "Invoice Total", "TOTAL", "Grand Total"),
        "receipt_total": ("TOTAL", "Total"), "prepaid": ("Deposit paid", "Less payment received", "Paid"),
        "amount_due": ("Amount Due", "Balance Due", "Total Due"), "refund": ("Amount credited", "Credit total"),
        "carried": ("Carried forward", "Brought forward"), "page": ("Page",), "bank": ("Bank details", "Payment details"),
        "terms": ("Payment terms: {n} days net.", "Terms: Net {n}"), "due_text": ("Please pay by {date}.",),
        "thanks": ("Thank you for shopping with us!", "Thank you for your business."), "cash": ("Cash", "CASH"),
        "change": ("Change",), "card": ("Card",), "phone": ("Tel", "Phone"), "email": ("Email",), "breakdown": ("VAT rate", "Rate"),
        "base": ("Net",), "tax": ("VAT",), "gross": ("Gross",), "included": ("incl. VAT",), "doc_discount": ("Discount",),
        "director": ("Director",), "register": ("Registered in",), "ref": ("against invoice {n}",), "currency": ("Currency",),
        "dear": ("Dear Sir or Madam,",), "intro": ("please find below the details of our services:",),
    },
}


def pick(rng: random.Random, lang: str, key: str) -> str:
    return rng.choice(LABELS[lang][key])


class Words:
    """The labels one document uses: each key is decided once, so a label reads the same on every page."""

    def __init__(self, rng: random.Random, lang: str, us: bool = False) -> None:
        self._chosen = {k: rng.choice(v) for k, v in LABELS[lang].items()}
        if us:
            self._chosen.update(vat="Sales Tax", vat_rate="Tax", vat_id="Tax ID", tax="Tax", breakdown="Tax rate")

    def __getitem__(self, key: str) -> str:
        return self._chosen[key]
