"""Reply texts in English, German, French and Spanish, and field-name aliases in seven languages."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ack": "Got it: {name}. Place in the queue: {pos}.",
        "ack_cached": "Got it: {name}. I have read this file before; here is the result again.",
        "progress": "Reading page {k}/{n}…",
        "extracting": "Extracting the fields…",
        "retrying": "A hiccup while reading; trying again ({k}/{n})…",
        "failed": "Sorry, I could not read {name}. {error}",
        "header": "Invoice {number} from {vendor}",
        "header_receipt": "Receipt {number} from {vendor}",
        "header_credit_note": "Credit note {number} from {vendor}",
        "dates": "Date {date} · due {due}",
        "amounts": "Net {net} · Tax {tax} · Total {total}",
        "lines": "{n} line items",
        "check": "Please check:",
        "duplicate": "Already stored on {date}: {vendor} {number}. Send 'confirm' to store it again or 'cancel'.",
        "prompt": "Reply with corrections (e.g. 'total 137.50'), 'confirm' or 'cancel'.",
        "confirmed": "Stored invoice #{id}. Your workbook: {path}",
        "confirmed_no_book": "Stored invoice #{id}, but I could not write the workbook just now; /export will try again.",
        "cancelled": "Cancelled; nothing was stored.",
        "internal": "Something went wrong on my side; nothing was lost. Please try again in a moment.",
        "next": "Next invoice waiting for review:",
        "busy": "I am still reading {n} file(s); the result follows as soon as it is ready.",
        "no_review": "There is no invoice waiting for review. Send me a PDF or a photo of an invoice.",
        "unknown_field": "I don't know the field '{field}'. Fields: {fields}. Line items: 'line 2 total 40.00' "
                         "(description, quantity, unit_price, total).",
        "bad_value": "'{value}' is not a valid {kind} for {field}. Example: {example}.",
        "bad_line": "There is no line {n}; the invoice has {count} line items (use line {next} to add one).",
        "updated": "Updated: {fields}.",
        "undo": "Invoice #{id} is back in review (removed from the ledger).",
        "undo_none": "There is no confirmed invoice to undo.",
        "list_empty": "No invoices stored yet.",
        "list_head": "Recent invoices:",
        "export": "Workbook with {n} invoices: {path}",
        "bad_period": "I did not understand the period '{period}'. Examples: /export 2024-05, "
                      "/export 2024-01..2024-03, /export 2024, /export all.",
        "status_none": "No files in progress.",
        "status_job": "{name}: {state}",
        "status_review": "{n} invoice(s) waiting for review.",
        "unknown_command": "I don't know that command. /help lists what I can do.",
        "help": "Send a PDF or a photo of an invoice. I read it and show what I found.\n"
                "Corrections: one 'field value' per line, e.g. 'total 137.50', 'date: 03.05.2024', "
                "'vendor ACME GmbH', 'line 2 total 40.00'.\n"
                "'confirm' stores it and sends the workbook; 'cancel' drops it.\n"
                "/list recent invoices · /export [2024-05 | 2024-01..2024-03 | all] · /undo the last "
                "confirmation · /status files in progress · /forget vendor [NAME] drop what I learned about a vendor",
        "state_queued": "waiting", "state_running": "being read", "state_awaiting_review": "waiting for review",
        "kind_amount": "amount", "kind_date": "date", "kind_currency": "currency code",
        "kind_iban": "IBAN",
        "kind_vat": "VAT ID (with its country code)", "kind_text": "text", "kind_type": "document type", "kind_number": "number",
        "missing": "missing", "sum_mismatch": "net {net} + tax {tax} = {sum}, not {total}",
        "due_before": "due date is before the invoice date",
        "lines_mismatch": "line items add up to {sum}, not {net}",
        "not_iso": "not an ISO currency code",
        "btn_confirm": "✅ Confirm", "btn_cancel": "✖ Cancel", "btn_fields": "All fields",
        "which_review": "{n} invoices are waiting for review. Reply to the summary you mean (or use its buttons).",
        "review_closed": "That invoice is no longer waiting for review.",
        "fields_head": "All fields:", "fields_lines": "Line items:",
    },
    "de": {
        "ack": "Erhalten: {name}. Platz in der Warteschlange: {pos}.",
        "ack_cached": "Erhalten: {name}. Diese Datei kenne ich schon; hier ist das Ergebnis noch einmal.",
        "progress": "Lese Seite {k}/{n}…",
        "extracting": "Lese die Felder aus…",
        "retrying": "Kurzer Fehler beim Lesen; neuer Versuch ({k}/{n})…",
        "failed": "Leider konnte ich {name} nicht lesen. {error}",
        "header": "Rechnung {number} von {vendor}",
        "header_receipt": "Beleg {number} von {vendor}",
        "header_credit_note": "Gutschrift {number} von {vendor}",
        "dates": "Datum {date} · fällig {due}",
        "amounts": "Netto {net} · MwSt {tax} · Gesamt {total}",
        "lines": "{n} Positionen",
        "check": "Bitte prüfen:",
        "duplicate": "Bereits am {date} gespeichert: {vendor} {number}. 'bestätigen' speichert sie erneut, "
                     "'abbrechen' verwirft sie.",
        "prompt": "Korrekturen als Antwort (z. B. 'Betrag 137,50'), 'bestätigen' oder 'abbrechen'.",
        "confirmed": "Rechnung #{id} gespeichert. Ihre Arbeitsmappe: {path}",
        "confirmed_no_book": "Rechnung #{id} gespeichert, aber die Arbeitsmappe ließ sich gerade nicht schreiben; /export versucht es erneut.",
        "cancelled": "Abgebrochen; nichts wurde gespeichert.",
        "internal": "Bei mir ist etwas schiefgegangen; nichts ging verloren. Bitte gleich noch einmal versuchen.",
        "next": "Nächste Rechnung zur Prüfung:",
        "busy": "Ich lese noch {n} Datei(en); das Ergebnis folgt, sobald es fertig ist.",
        "no_review": "Keine Rechnung wartet auf Prüfung. Senden Sie mir ein PDF oder Foto einer Rechnung.",
        "unknown_field": "Das Feld '{field}' kenne ich nicht. Felder: {fields}. Positionen: 'Zeile 2 Betrag 40,00'.",
        "bad_value": "'{value}' ist kein gültiger Wert ({kind}) für {field}. Beispiel: {example}.",
        "bad_line": "Es gibt keine Zeile {n}; die Rechnung hat {count} Positionen (Zeile {next} fügt eine hinzu).",
        "updated": "Geändert: {fields}.",
        "undo": "Rechnung #{id} ist wieder in Prüfung (aus dem Journal entfernt).",
        "undo_none": "Es gibt keine bestätigte Rechnung zum Zurücknehmen.",
        "list_empty": "Noch keine Rechnungen gespeichert.",
        "list_head": "Letzte Rechnungen:",
        "export": "Arbeitsmappe mit {n} Rechnungen: {path}",
        "bad_period": "Den Zeitraum '{period}' verstehe ich nicht. Beispiele: /export 2024-05, "
                      "/export 2024-01..2024-03, /export 2024, /export all.",
        "status_none": "Keine Dateien in Arbeit.",
        "status_job": "{name}: {state}",
        "status_review": "{n} Rechnung(en) warten auf Prüfung.",
        "unknown_command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        "help": "Senden Sie ein PDF oder Foto einer Rechnung. Ich lese sie und zeige das Ergebnis.\n"
                "Korrekturen: ein 'Feld Wert' pro Zeile, z. B. 'Betrag 137,50', 'Datum: 03.05.2024', "
                "'Lieferant ACME GmbH', 'Zeile 2 Betrag 40,00'.\n"
                "'bestätigen' speichert und schickt die Arbeitsmappe; 'abbrechen' verwirft.\n"
                "/list letzte Rechnungen · /export [2024-05 | 2024-01..2024-03 | all] · /undo letzte "
                "Bestätigung zurücknehmen · /status Dateien in Arbeit · /forget vendor [NAME] Gelerntes über einen "
                "Lieferanten vergessen",
        "state_queued": "wartet", "state_running": "wird gelesen", "state_awaiting_review": "wartet auf Prüfung",
        "kind_amount": "Betrag", "kind_date": "Datum", "kind_currency": "Währungscode",
        "kind_iban": "IBAN",
        "kind_vat": "USt-IdNr. (mit Ländercode)", "kind_text": "Text", "kind_type": "Belegart", "kind_number": "Zahl",
        "missing": "fehlt", "sum_mismatch": "Netto {net} + MwSt {tax} = {sum}, nicht {total}",
        "due_before": "Fälligkeit liegt vor dem Rechnungsdatum",
        "lines_mismatch": "Positionen ergeben {sum}, nicht {net}",
        "not_iso": "kein ISO-Währungscode",
        "btn_confirm": "✅ Bestätigen", "btn_cancel": "✖ Abbrechen", "btn_fields": "Alle Felder",
        "which_review": "{n} Rechnungen warten auf Prüfung. Antworten Sie auf die gemeinte Zusammenfassung "
                        "(oder nutzen Sie ihre Knöpfe).",
        "review_closed": "Diese Rechnung wartet nicht mehr auf Prüfung.",
        "fields_head": "Alle Felder:", "fields_lines": "Positionen:",
    },
    "fr": {
        "ack": "Reçu : {name}. Place dans la file : {pos}.",
        "ack_cached": "Reçu : {name}. J'ai déjà lu ce fichier ; voici de nouveau le résultat.",
        "progress": "Lecture de la page {k}/{n}…",
        "extracting": "Extraction des champs…",
        "retrying": "Petit incident de lecture ; nouvel essai ({k}/{n})…",
        "failed": "Désolé, je n'ai pas pu lire {name}. {error}",
        "header": "Facture {number} de {vendor}",
        "header_receipt": "Reçu {number} de {vendor}",
        "header_credit_note": "Avoir {number} de {vendor}",
        "dates": "Date {date} · échéance {due}",
        "amounts": "HT {net} · TVA {tax} · TTC {total}",
        "lines": "{n} lignes",
        "check": "À vérifier :",
        "duplicate": "Déjà enregistrée le {date} : {vendor} {number}. 'confirmer' l'enregistre à nouveau, "
                     "'annuler' l'abandonne.",
        "prompt": "Répondez avec des corrections (ex. 'total 137,50'), 'confirmer' ou 'annuler'.",
        "confirmed": "Facture #{id} enregistrée. Votre classeur : {path}",
        "confirmed_no_book": "Facture #{id} enregistrée, mais je n'ai pas pu écrire le classeur ; /export réessaiera.",
        "cancelled": "Annulé ; rien n'a été enregistré.",
        "internal": "Un problème est survenu de mon côté ; rien n'est perdu. Réessayez dans un instant.",
        "next": "Facture suivante à vérifier :",
        "busy": "Je lis encore {n} fichier(s) ; le résultat suit dès qu'il est prêt.",
        "no_review": "Aucune facture en attente. Envoyez-moi un PDF ou une photo de facture.",
        "unknown_field": "Je ne connais pas le champ '{field}'. Champs : {fields}. Lignes : 'ligne 2 total 40,00'.",
        "bad_value": "'{value}' n'est pas une valeur valide ({kind}) pour {field}. Exemple : {example}.",
        "bad_line": "Il n'y a pas de ligne {n} ; la facture a {count} lignes (ligne {next} en ajoute une).",
        "updated": "Modifié : {fields}.",
        "undo": "La facture #{id} est de nouveau à vérifier (retirée du registre).",
        "undo_none": "Aucune facture confirmée à annuler.",
        "list_empty": "Aucune facture enregistrée.",
        "list_head": "Factures récentes :",
        "export": "Classeur avec {n} factures : {path}",
        "bad_period": "Je ne comprends pas la période '{period}'. Exemples : /export 2024-05, "
                      "/export 2024-01..2024-03, /export 2024, /export all.",
        "status_none": "Aucun fichier en cours.",
        "status_job": "{name} : {state}",
        "status_review": "{n} facture(s) à vérifier.",
        "unknown_command": "Je ne connais pas cette commande. /help liste ce que je sais faire.",
        "help": "Envoyez un PDF ou une photo de facture. Je la lis et vous montre le résultat.\n"
                "Corrections : un 'champ valeur' par ligne, ex. 'total 137,50', 'date: 03.05.2024', "
                "'fournisseur ACME SARL', 'ligne 2 total 40,00'.\n"
                "'confirmer' enregistre et envoie le classeur ; 'annuler' abandonne.\n"
                "/list factures récentes · /export [2024-05 | 2024-01..2024-03 | all] · /undo annuler la "
                "dernière confirmation · /status fichiers en cours · /forget vendor [NOM] oublier un fournisseur",
        "state_queued": "en attente", "state_running": "en lecture", "state_awaiting_review": "à vérifier",
        "kind_amount": "montant", "kind_date": "date", "kind_currency": "code devise",
        "kind_iban": "IBAN",
        "kind_vat": "n° de TVA (avec le code pays)", "kind_text": "texte", "kind_type": "type de document", "kind_number": "nombre",
        "missing": "manquant", "sum_mismatch": "HT {net} + TVA {tax} = {sum}, pas {total}",
        "due_before": "l'échéance précède la date de facture",
        "lines_mismatch": "les lignes totalisent {sum}, pas {net}",
        "not_iso": "pas un code devise ISO",
        "btn_confirm": "✅ Confirmer", "btn_cancel": "✖ Annuler", "btn_fields": "Tous les champs",
        "which_review": "{n} factures attendent une vérification. Répondez au résumé concerné "
                        "(ou utilisez ses boutons).",
        "review_closed": "Cette facture n'attend plus de vérification.",
        "fields_head": "Tous les champs :", "fields_lines": "Lignes :",
    },
    "es": {
        "ack": "Recibido: {name}. Puesto en la cola: {pos}.",
        "ack_cached": "Recibido: {name}. Ya leí este archivo; aquí está el resultado de nuevo.",
        "progress": "Leyendo la página {k}/{n}…",
        "extracting": "Extrayendo los campos…",
        "retrying": "Un fallo al leer; lo intento de nuevo ({k}/{n})…",
        "failed": "Lo siento, no pude leer {name}. {error}",
        "header": "Factura {number} de {vendor}",
        "header_receipt": "Recibo {number} de {vendor}",
        "header_credit_note": "Nota de crédito {number} de {vendor}",
        "dates": "Fecha {date} · vence {due}",
        "amounts": "Base {net} · IVA {tax} · Total {total}",
        "lines": "{n} líneas",
        "check": "Por favor, revise:",
        "duplicate": "Ya guardada el {date}: {vendor} {number}. 'confirmar' la guarda otra vez, 'cancelar' la descarta.",
        "prompt": "Responda con correcciones (p. ej. 'total 137,50'), 'confirmar' o 'cancelar'.",
        "confirmed": "Factura #{id} guardada. Su libro: {path}",
        "confirmed_no_book": "Factura #{id} guardada, pero no pude escribir el libro ahora; /export lo intentará de nuevo.",
        "cancelled": "Cancelado; no se guardó nada.",
        "internal": "Algo falló por mi parte; no se perdió nada. Inténtelo de nuevo en un momento.",
        "next": "Siguiente factura por revisar:",
        "busy": "Todavía estoy leyendo {n} archivo(s); el resultado llegará en cuanto esté listo.",
        "no_review": "No hay ninguna factura por revisar. Envíeme un PDF o una foto de una factura.",
        "unknown_field": "No conozco el campo '{field}'. Campos: {fields}. Líneas: 'línea 2 total 40,00'.",
        "bad_value": "'{value}' no es un valor válido ({kind}) para {field}. Ejemplo: {example}.",
        "bad_line": "No hay línea {n}; la factura tiene {count} líneas (línea {next} añade una).",
        "updated": "Actualizado: {fields}.",
        "undo": "La factura #{id} vuelve a revisión (retirada del registro).",
        "undo_none": "No hay ninguna factura confirmada que deshacer.",
        "list_empty": "Aún no hay facturas guardadas.",
        "list_head": "Facturas recientes:",
        "export": "Libro con {n} facturas: {path}",
        "bad_period": "No entiendo el periodo '{period}'. Ejemplos: /export 2024-05, "
                      "/export 2024-01..2024-03, /export 2024, /export all.",
        "status_none": "No hay archivos en curso.",
        "status_job": "{name}: {state}",
        "status_review": "{n} factura(s) por revisar.",
        "unknown_command": "No conozco ese comando. /help muestra lo que puedo hacer.",
        "help": "Envíe un PDF o una foto de una factura. La leo y le muestro el resultado.\n"
                "Correcciones: un 'campo valor' por línea, p. ej. 'total 137,50', 'fecha: 03.05.2024', "
                "'proveedor ACME SL', 'línea 2 total 40,00'.\n"
                "'confirmar' la guarda y envía el libro; 'cancelar' la descarta.\n"
                "/list facturas recientes · /export [2024-05 | 2024-01..2024-03 | all] · /undo deshacer la "
                "última confirmación · /status archivos en curso · /forget vendor [NOMBRE] olvidar un proveedor",
        "state_queued": "en espera", "state_running": "leyendo", "state_awaiting_review": "por revisar",
        "kind_amount": "importe", "kind_date": "fecha", "kind_currency": "código de moneda",
        "kind_iban": "IBAN",
        "kind_vat": "NIF-IVA (con el código de país)", "kind_text": "texto", "kind_type": "tipo de documento", "kind_number": "número",
        "missing": "falta", "sum_mismatch": "base {net} + IVA {tax} = {sum}, no {total}",
        "due_before": "el vencimiento es anterior a la fecha de la factura",
        "lines_mismatch": "las líneas suman {sum}, no {net}",
        "not_iso": "no es un código de moneda ISO",
        "btn_confirm": "✅ Confirmar", "btn_cancel": "✖ Cancelar", "btn_fields": "Todos los campos",
        "which_review": "{n} facturas esperan revisión. Responda al resumen que quiere decir (o use sus botones).",
        "review_closed": "Esa factura ya no espera revisión.",
        "fields_head": "Todos los campos:", "fields_lines": "Líneas:",
    },
}

CONFIRM_WORDS = {"confirm", "ok", "yes", "bestätigen", "bestaetigen", "ja", "confirmer", "oui", "confirmar",
                 "sí", "si", "conferma", "bevestigen", "/confirm"}
CANCEL_WORDS = {"cancel", "abbrechen", "nein", "annuler", "cancelar", "annulla", "annuleren", "/cancel"}

# field -> aliases (lower case); the canonical name and its spaced form always match too
ALIASES: dict[str, tuple[str, ...]] = {
    "vendor_name": ("vendor", "supplier", "seller", "from", "lieferant", "verkäufer", "anbieter", "firma",
                    "fournisseur", "vendeur", "proveedor", "vendedor", "fornitore", "leverancier", "fornecedor"),
    "vendor_address": ("address", "vendor address", "adresse", "anschrift", "dirección", "direccion", "indirizzo",
                       "adres", "endereço", "endereco"),
    "vendor_vat_id": ("vat", "vat id", "vat number", "ust-id", "ust-idnr", "ustid", "ust id", "tva",
                      "n° tva", "numéro de tva", "nif", "cif", "partita iva", "p.iva", "btw", "btw-nummer"),
    "customer_name": ("customer", "client", "buyer", "bill to", "kunde", "empfänger", "cliente", "klant",
                      "acheteur", "comprador"),
    "customer_address": ("customer address", "kundenadresse", "adresse client", "dirección del cliente"),
    "invoice_number": ("number", "invoice number", "invoice no", "no", "nr", "rechnungsnummer", "rechnung nr",
                       "nummer", "numéro", "numero", "numéro de facture", "número", "número de factura",
                       "factuurnummer", "número da fatura"),
    "invoice_date": ("date", "invoice date", "datum", "rechnungsdatum", "date de facture", "fecha",
                     "fecha de factura", "data", "factuurdatum", "data da fatura"),
    "due_date": ("due", "due date", "payable by", "fällig", "fälligkeit", "fällig am", "zahlbar bis",
                 "échéance", "date d'échéance", "vencimiento", "fecha de vencimiento", "scadenza",
                 "vervaldatum", "vencimento"),
    "currency": ("cur", "währung", "devise", "monnaie", "moneda", "valuta", "moeda"),
    "subtotal": ("net", "net total", "netto", "nettobetrag", "zwischensumme", "ht", "total ht", "montant ht",
                 "base", "base imponible", "subtotal", "imponibile", "netto bedrag", "subtotaal"),
    "tax_total": ("tax", "vat amount", "mwst", "ust", "steuer", "mehrwertsteuer", "tva montant", "montant tva",
                  "iva", "impuesto", "imposta", "btw bedrag", "imposto"),
    "total": ("total", "gross", "grand total", "amount", "brutto", "gesamt", "gesamtbetrag", "betrag", "summe",
              "ttc", "total ttc", "montant", "importe", "totale", "totaal", "bedrag"),
    "amount_due": ("due amount", "amount due", "balance", "zahlbetrag", "offener betrag", "à payer",
                   "net à payer", "a pagar", "importe a pagar", "da pagare", "te betalen", "a pagar total"),
    "iban": ("iban", "bank account", "konto", "compte", "cuenta", "conto", "rekening", "conta"),
    "document_type": ("type", "document type", "doc type", "belegart", "typ", "tipo"),
}

LINE_WORDS = ("line", "item", "pos", "position", "zeile", "ligne", "línea", "linea", "riga", "regel", "linha")
LINE_ALIASES: dict[str, tuple[str, ...]] = {
    "description": ("description", "desc", "text", "beschreibung", "bezeichnung", "libellé", "libelle",
                    "descripción", "descripcion", "descrizione", "omschrijving", "descrição"),
    "quantity": ("quantity", "qty", "menge", "anzahl", "quantité", "qte", "cantidad", "quantità", "aantal",
                 "quantidade"),
    "unit_price": ("unit price", "price", "preis", "einzelpreis", "prix", "prix unitaire", "precio", "prezzo",
                   "prijs", "preço"),
    "line_total": ("total", "line total", "amount", "betrag", "summe", "gesamt", "montant", "importe", "totale",
                   "totaal", "bedrag"),
}

DOC_TYPES = {
    "invoice": ("invoice", "rechnung", "facture", "factura", "fattura", "factuur", "fatura"),
    "receipt": ("receipt", "quittung", "beleg", "kassenbon", "reçu", "recu", "ticket", "recibo", "ricevuta", "bon"),
    "credit_note": ("credit note", "credit", "gutschrift", "avoir", "nota de crédito", "nota di credito",
                    "creditnota", "nota de credito"),
    "other": ("other", "sonstiges", "autre", "otro", "altro", "overig", "outro"),
}


def lang(language: str | None) -> str:
    """The reply language: the two-letter code when we have texts for it, else English."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return code if code in TEXTS else "en"


def t(language: str | None, key: str, **kw: object) -> str:
    text = TEXTS[lang(language)].get(key) or TEXTS["en"][key]
    return text.format(**kw) if kw else text
