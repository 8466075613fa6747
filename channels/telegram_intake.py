"""What a Telegram message carries: the file to read (largest photo size, a document), checked before download.

Also the album rule: photos of one media group are the pages of one invoice (combined into a PDF),
documents of one group are separate invoices; a caption such as 'separate' splits photos too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

from telegram import Message

from core.errors import DocumentError, DocumentTooLarge, UnsupportedDocument

from .telegram_texts import SEPARATE_WORDS

BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # api.telegram.org serves files up to 20 MB to bots
READABLE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".heic", ".heif", ".gif", ".bmp",
                     ".xml")  # .xml: an e-invoice (CII, UBL); other XML is answered after reading
KINDS = {"application/zip": "a ZIP archive", "text/plain": "a text file", "application/msword": "a Word document",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "a spreadsheet",
         "application/vnd.ms-excel": "a spreadsheet", "text/csv": "a spreadsheet"}


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file in a message, not yet downloaded."""

    file_id: str
    name: str
    size: int | None
    is_photo: bool
    message_id: int


def file_of(msg: Message) -> FileRef | None:
    """The photo (largest size) or document of a message; None when it carries neither."""
    if msg.photo:
        best = max(msg.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return FileRef(best.file_id, f"photo-{msg.message_id}.jpg", best.file_size, True, msg.message_id)
    if msg.document:
        d = msg.document
        return FileRef(d.file_id, d.file_name or f"file-{msg.message_id}", d.file_size, False, msg.message_id)
    return None


def other_media(msg: Message) -> bool:
    """A message with media we never read (video, voice, sticker...)."""
    return any((msg.video, msg.voice, msg.audio, msg.sticker, msg.animation, msg.video_note, msg.contact,
                msg.location))


def check(msg: Message, ref: FileRef, max_bytes: int) -> None:
    """Raise a DocumentError with a plain answer when the file is too large or clearly not a document."""
    if ref.size is not None and ref.size > max_bytes:
        raise DocumentTooLarge("file", round(ref.size / 1024 / 1024, 1), round(max_bytes / 1024 / 1024, 1), "MB")
    if ref.is_photo or msg.document is None:
        return
    mime = (msg.document.mime_type or "").lower()
    suffix = PurePath(ref.name).suffix.lower()
    if mime in ("application/pdf", "application/xml", "text/xml") or mime.startswith("image/") \
            or suffix in READABLE_SUFFIXES:
        return
    kind = KINDS.get(mime) or (f"a {suffix[1:].upper()} file" if suffix else "a file of an unknown type")
    raise UnsupportedDocument(kind)


def album_is_one_invoice(messages: list[Message]) -> bool:
    """Photos of one album are pages of one invoice unless a caption says 'separate'; documents never are."""
    if not all(m.photo for m in messages):
        return False
    captions = " ".join((m.caption or "").lower() for m in messages)
    return not any(w in captions for w in SEPARATE_WORDS)


def pages_to_pdf(images: list[bytes]) -> bytes:
    """Photos as the pages of one PDF, in the order sent."""
    from PIL import Image, ImageOps

    try:
        pages = [ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB") for data in images]
    except Exception as exc:  # Pillow raises many types for broken images
        raise DocumentError("I could not open one of the photos. Please send it again.") from exc
    out = io.BytesIO()
    dpi = 150.0
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def caption_language(msg: Message) -> str | None:
    return msg.from_user.language_code if msg.from_user else None
