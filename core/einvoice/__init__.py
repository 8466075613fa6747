"""E-invoices read exactly: CII (Factur-X, ZUGFeRD 1.0-2.x, XRechnung) and UBL (Peppol BIS) XML,
standalone or embedded in a PDF, into the same Extraction with source "xml" and full confidence."""

from __future__ import annotations

import hashlib
import logging

from ..errors import DocumentError, UnsupportedDocument
from ..models import Document, Extraction
from ..sniff import PDF, XML, sniff
from ..validate import Thresholds, check_arithmetic, check_currency, finish
from . import cii, ubl
from .attachments import embedded_xml
from .hybrid import merge
from .result import EInvoice
from .xmltree import parse

__all__ = ["EInvoice", "embedded_xml", "find_xml", "merge", "read_einvoice", "read_xml", "xml_document"]

log = logging.getLogger(__name__)


def find_xml(data: bytes) -> tuple[bytes, bool] | None:
    """(XML, embedded?) when the file is an e-invoice or a PDF carrying one; None otherwise.

    Never raises for a file that is not an e-invoice: intake then reads it as usual."""
    try:
        media_type = sniff(data)
    except DocumentError:
        return None
    if media_type == XML:
        return data, False
    if media_type == PDF:
        found = embedded_xml(data)
        if found is not None:
            log.debug("embedded e-invoice found", extra={"data": {"attachment": found[0]}})
            return found[1], True
    return None


def xml_document(data: bytes) -> Document:
    """The Document of a standalone XML e-invoice: no pages to read."""
    return Document(sha256=hashlib.sha256(data).hexdigest(), media_type=XML, pages=())


def read_einvoice(data: bytes) -> EInvoice:
    """Parse untrusted XML bytes; UnsupportedDocument when it is XML but not an e-invoice."""
    root = parse(data)
    if cii.is_cii(root):
        return cii.read(root)
    if ubl.is_ubl(root):
        return ubl.read(root)
    raise UnsupportedDocument("an XML file that is not an e-invoice")


def read_xml(data: bytes, thresholds: Thresholds | None = None) -> Extraction:
    """The Extraction of an e-invoice: every value as the XML states it, flagged only where it is
    missing or does not add up."""
    ex = read_einvoice(data).to_extraction()
    check_arithmetic(ex)
    check_currency(ex)
    finish(ex, thresholds or Thresholds())
    return ex
