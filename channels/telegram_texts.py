"""What the Telegram channel says on its own (refusals, limits, albums) in the languages the bot speaks."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "not_allowed": "Sorry, this bot only works in the chats it was set up for. Nothing you send here is stored.",
        "slow_down": "You are sending faster than I can read; please wait a minute and send the rest again.",
        "album_pages": "I read these {n} photos as the pages of one invoice. To send separate invoices, "
                       "send them one at a time or caption the album 'separate'.",
        "album_separate": "I read each of these {n} as a separate invoice.",
        "fetch_failed": "I could not fetch {name} from Telegram just now. Please send it again.",
        "unsupported_message": "Please send the invoice as a photo or as a file (PDF, JPEG, PNG, TIFF, WEBP, HEIC).",
        "cmd_start": "How to use this bot", "cmd_help": "Help", "cmd_list": "Recent invoices",
        "cmd_export": "Workbook of stored invoices", "cmd_undo": "Undo the last confirmation",
        "cmd_status": "Files in progress",
    },
    "de": {
        "not_allowed": "Dieser Bot arbeitet nur in den Chats, für die er eingerichtet ist. Hier wird nichts "
                       "gespeichert.",
        "slow_down": "Sie senden schneller, als ich lesen kann; bitte warten Sie eine Minute und senden Sie den "
                     "Rest erneut.",
        "album_pages": "Ich lese diese {n} Fotos als Seiten einer Rechnung. Für getrennte Rechnungen senden Sie "
                       "sie einzeln oder beschriften das Album mit 'einzeln'.",
        "album_separate": "Ich lese jede dieser {n} als eigene Rechnung.",
        "fetch_failed": "Ich konnte {name} gerade nicht von Telegram laden. Bitte senden Sie die Datei erneut.",
        "unsupported_message": "Bitte senden Sie die Rechnung als Foto oder Datei (PDF, JPEG, PNG, TIFF, WEBP, "
                               "HEIC).",
    },
    "fr": {
        "not_allowed": "Ce bot ne fonctionne que dans les discussions prévues. Rien de ce que vous envoyez ici "
                       "n'est enregistré.",
        "slow_down": "Vous envoyez plus vite que je ne lis ; attendez une minute et renvoyez le reste.",
        "album_pages": "Je lis ces {n} photos comme les pages d'une seule facture. Pour des factures séparées, "
                       "envoyez-les une par une ou légendez l'album « séparé ».",
        "album_separate": "Je lis chacun de ces {n} envois comme une facture séparée.",
        "fetch_failed": "Je n'ai pas pu récupérer {name} depuis Telegram. Merci de le renvoyer.",
        "unsupported_message": "Envoyez la facture en photo ou en fichier (PDF, JPEG, PNG, TIFF, WEBP, HEIC).",
    },
    "es": {
        "not_allowed": "Este bot solo funciona en los chats para los que fue configurado. Aquí no se guarda nada.",
        "slow_down": "Envía más rápido de lo que puedo leer; espere un minuto y vuelva a enviar el resto.",
        "album_pages": "Leo estas {n} fotos como las páginas de una sola factura. Para facturas separadas, "
                       "envíelas una a una o ponga 'separadas' como pie del álbum.",
        "album_separate": "Leo cada uno de estos {n} como una factura aparte.",
        "fetch_failed": "No pude descargar {name} de Telegram. Por favor, envíelo de nuevo.",
        "unsupported_message": "Envíe la factura como foto o archivo (PDF, JPEG, PNG, TIFF, WEBP, HEIC).",
    },
}

SEPARATE_WORDS = ("separate", "each", "einzeln", "getrennt", "séparé", "separe", "séparées", "separadas",
                  "separados", "separate invoices")


def say(language: str | None, key: str, **kw: object) -> str:
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    text = TEXTS.get(code, {}).get(key) or TEXTS["en"][key]
    return text.format(**kw) if kw else text
