"""The one error tree of invoicebot; every error a user can meet says what to do.

InvoiceBotError
├─ ConfigError                  at start-up only
├─ ChannelError ─ ChannelUnavailable (retryable)
├─ DocumentError ─ UnsupportedDocument, DocumentTooLarge, EncryptedDocument,
│                  UnreadableDocument, TooManyPages, BlankDocument, PageTooLarge
├─ ExtractionError ─ LlmUnavailable (retryable)
├─ StorageError
└─ LimitReached                 a tenant's daily number of documents
"""

from __future__ import annotations


class InvoiceBotError(Exception):
    """Base of every error the product raises on purpose."""

    retryable = False
    code = "error"

    def user_message(self) -> str:
        return str(self)


class ConfigError(InvoiceBotError):
    code = "config"


class ChannelError(InvoiceBotError):
    code = "channel"


class ChannelUnavailable(ChannelError):
    retryable = True
    code = "channel_unavailable"


class StorageError(InvoiceBotError):
    code = "storage"


class ExtractionError(InvoiceBotError):
    code = "extraction"


class LlmUnavailable(ExtractionError):
    retryable = True
    code = "llm_unavailable"


class DocumentError(InvoiceBotError):
    """A file we cannot turn into a document; the message is meant for the sender."""

    code = "document"


class UnsupportedDocument(DocumentError):
    code = "unsupported"

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(
            f"This file looks like {kind}, not an invoice I can read. "
            "Please send a PDF or a photo (JPEG, PNG, TIFF, WEBP, HEIC, GIF) of the invoice."
        )


def figure(x: float) -> str:
    """A size as people say it: 900, 60.2, 25, 0.4 (three significant digits at most, whole from 100 up)."""
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}" if x >= 0.01 else f"{x:.2g}"


class DocumentTooLarge(DocumentError):
    code = "too_large"

    def __init__(self, what: str, size: float, limit: float, unit: str) -> None:
        self.what, self.size, self.limit, self.unit = what, size, limit, unit
        shown, limit_shown = figure(size), figure(limit)
        if shown == limit_shown:  # just over the limit, or only known to be over it
            shown = f"more than {limit_shown}"
        super().__init__(
            f"The {what} is too large ({shown} {unit}; the limit is {limit_shown} {unit}). "
            "Please send a smaller file, for example a PDF or a photo at normal resolution."
        )


class PageTooLarge(DocumentError):
    """A page without a text layer too large to render within the pixel limit at a readable resolution."""

    code = "page_too_large"

    def __init__(self, number: int, width_in: float, height_in: float) -> None:
        self.number, self.width_in, self.height_in = number, width_in, height_in
        cm = f"{figure(width_in * 2.54)} x {figure(height_in * 2.54)} cm"
        super().__init__(
            f"Page {number} is too large to read ({figure(width_in)} x {figure(height_in)} inches, {cm}). "
            "Please send the invoice at a normal page size, for example A4 or Letter."
        )


class TooManyPages(DocumentError):
    code = "too_many_pages"

    def __init__(self, pages: int, limit: int) -> None:
        self.pages, self.limit = pages, limit
        super().__init__(
            f"The document has {pages} pages; I read at most {limit}. "
            "Please send the invoice pages only."
        )


class EncryptedDocument(DocumentError):
    code = "encrypted"

    def __init__(self) -> None:
        super().__init__(
            "The PDF is password-protected, so I cannot read it. "
            "Please send a copy without a password."
        )


class UnreadableDocument(DocumentError):
    code = "unreadable"

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(f"I could not read this file: {why}. Please send the file again, or a photo of the invoice.")


def unexpected(exc: BaseException) -> UnreadableDocument:
    """The plain answer for a failure that is no DocumentError (a bug, or too little memory): it never names
    the exception, which means nothing to the sender."""
    if isinstance(exc, MemoryError):
        return UnreadableDocument("it needs more memory to read than I have; a smaller file or a lower resolution "
                                  "would help")
    return UnreadableDocument("something went wrong on my side while reading it")


class BlankDocument(DocumentError):
    code = "blank"

    def __init__(self) -> None:
        super().__init__(
            "I found no text in this file: the page looks blank. "
            "If it is a photo, please take it again in good light with the whole invoice in view."
        )


class LimitReached(InvoiceBotError):
    """A tenant sent as many documents today as its daily limit allows; the file was not stored."""

    code = "daily_limit"

    def __init__(self, sent: int, limit: int) -> None:
        self.sent, self.limit = sent, limit
        super().__init__(
            f"You have sent {sent} documents today; the daily limit is {limit}. "
            "Please send more tomorrow (after 00:00 UTC)."
        )
