"""Tell what a file is from its first bytes, never from its name."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from .errors import UnsupportedDocument

PDF = "application/pdf"
XML = "application/xml"  # only an e-invoice: CII (Factur-X, ZUGFeRD, XRechnung) or UBL
EINVOICE_ROOTS = frozenset({"CrossIndustryInvoice", "CrossIndustryDocument", "Invoice", "CreditNote"})
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_ROOT_TAG = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
IMAGE_TYPES = {
    "image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic", "image/gif",
}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}


def sniff(data: bytes) -> str:
    """Return the media type of a readable document or raise UnsupportedDocument."""
    head = data[:64]
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if xml_root(data) in EINVOICE_ROOTS:
        return XML
    raise UnsupportedDocument(describe(data))


def describe(data: bytes) -> str:
    """A plain-language name for a file we do not read."""
    head = data[:512]
    if head.startswith(b"PK\x03\x04"):
        return _describe_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an old Microsoft Office file (Word or Excel)"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return "a program (executable)"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh")):
        return "a compressed archive"
    if head[4:8] == b"ftyp":
        return "a video"
    if head.startswith((b"ID3", b"OggS", b"fLaC")) or head[:4] == b"RIFF":
        return "an audio or video file"
    if head.startswith(b"BM"):
        return "a BMP image in a format I do not read"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<rsm:", b"<invoice", b"<ubl:")):
        return "an XML file other than an e-invoice (CII, Factur-X, ZUGFeRD, XRechnung or UBL)"
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if text.startswith(b"{\\rtf"):
        return "a rich-text document"
    if _looks_textual(head):
        return "a plain text or CSV file" if head.count(b",") + head.count(b";") > 3 else "a plain text file"
    return "a file of a type I do not know"


def xml_root(data: bytes) -> str | None:
    """The local name of an XML file's document element, from its first 64 KB; None when not XML."""
    text = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    m = _ROOT_TAG.search(_COMMENT.sub(b"", text))
    return m.group(1).decode("ascii", "replace") if m else None


def _describe_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a damaged ZIP archive"
    if any(n.startswith("xl/") for n in names):
        return "a spreadsheet (Excel)"
    if any(n.startswith("word/") for n in names):
        return "a Word document"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names:
        return "an OpenDocument file (LibreOffice)"
    return "a ZIP archive"


def _looks_textual(head: bytes) -> bool:
    if not head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 9 for b in head)
